package recognize

// FormFieldOf is the key of the performance-form field a label names
// (年度资金总额 → project_total), or "": the transcription test addresses
// a form's field by its printed label.
func FormFieldOf(label string) string {
	if f := formLabel(label); f != nil {
		return f.key
	}
	return ""
}

// IsTotalLabel reports a row label that names a table's total (合计, 总计).
func IsTotalLabel(s string) bool { return isTotalName(s) }

// DeptBudgetFieldOf is the key of the budget column of a department's
// overall form that a header names (一般公共预算 → budget_gp), or "".
func DeptBudgetFieldOf(label string) string {
	if f := deptBudgetColumn(label); f != nil {
		return f.key
	}
	return ""
}
