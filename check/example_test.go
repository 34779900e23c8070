package check

import "testing"

// The bundled example is right by construction: the checker must stay
// silent on it (no errors, no warnings).
func TestExampleIsClean(t *testing.T) {
	doc, ctx := example(t)
	fs := Check(doc, ctx)
	for _, f := range fs {
		if f.Severity != Info {
			t.Errorf("%s %s %s/%s/%s: %s (expected %s, actual %s; %s)", f.Rule, f.Severity, f.Table, f.Row, f.Column, f.Message, f.Expected, f.Actual, f.Detail)
		} else {
			t.Logf("info: %s %s", f.Rule, f.Message)
		}
	}
}
