package recognize

func (r *recognizer) narrative(used []bool) {}
