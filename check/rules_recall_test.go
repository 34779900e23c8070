package check

import (
	"strings"
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

// withPrintedCode gives the first 款 row of the basic expenditure table
// a code printed so, as the reader keeps it.
func withPrintedCode(printed func(code string) string) func(t testing.TB, d *yusuan.Document) {
	return func(t testing.TB, d *yusuan.Document) {
		x := tbl(t, d, kGPB)
		for i := range x.Rows {
			if r := &x.Rows[i]; len(r.Code) == 5 {
				r.PrintedCode = printed(r.Code)
				return
			}
		}
		t.Fatal("no 款 row")
	}
}

func init() {
	// A 款 printed with its leading zero lost (万里街道 2024, p29: “301 2”);
	// a code of a column the reader took for one (西安 2026 表12: “201 03
	// 01 1”, nine digits) is no classification code and not reported.
	ruleCases["CODE-011"] = ruleCase{
		pass: withPrintedCode(func(code string) string { return code[:3] + " " + code[3:] + " 1" }),
		fail: withPrintedCode(func(code string) string { return code[:3] + " " + strings.TrimPrefix(code[3:], "0") }),
	}
	// A 合计 that counts a project whose form is not printed.
	ruleCases["PERF-012"] = ruleCase{pass: withListTotal(0), fail: withListTotal(yusuan.Yuan(1_305_000))}
}
