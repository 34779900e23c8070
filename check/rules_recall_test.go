package check

import (
	"testing"

	"github.com/yusuan/yusuan"
)

// withListTotal prints the project forms as one list with a 合计 row
// (Changsha's 项目支出绩效目标表): the sum of the projects' amounts (the
// list's amount column is read into project_total) plus
// off.
func withListTotal(off yusuan.Amount) func(t testing.TB, d *yusuan.Document) {
	return func(t testing.TB, d *yusuan.Document) {
		forms := d.TablesOf(kPerfP)
		if len(forms) < 2 {
			t.Fatalf("%d project forms", len(forms))
		}
		var s yusuan.Amount
		for _, f := range forms {
			s += row(t, f, "project_total").Amount("value")
		}
		forms[0].Rows = append(forms[0].Rows, yusuan.Row{Key: "list_total", Name: "合计", Level: yusuan.LevelTotal,
			Cells: map[string]yusuan.Value{"value": yusuan.AmountValue(s + off)}})
	}
}

func init() {
	// A 合计 that counts a project whose form is not printed.
	ruleCases["PERF-012"] = ruleCase{pass: withListTotal(0), fail: withListTotal(yusuan.Yuan(1_305_000))}
}
