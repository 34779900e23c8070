package check

import (
	"testing"

	"github.com/yusuan/yusuan"
)

// A two-sided 收支总表 read side by side into rows of its own (the general
// reader's shape for Beijing, Chongqing, Changsha…) has one grand total
// per side; the expenditure total is the 支出总计 row, not 收入总计.
func TestSummarySidesReadAsRows(t *testing.T) {
	amt := func(y int64) yusuan.Value { return yusuan.AmountValue(yusuan.Yuan(y)) }
	doc := func(expTotal int64) *yusuan.Document {
		return &yusuan.Document{Schema: yusuan.DocumentSchema, Year: 2026, Tables: []yusuan.Table{
			{Kind: yusuan.KindSummary, Number: 1, Title: "收支总表", Unit: "元",
				Columns: []yusuan.Column{{Key: "income", Label: "收入·预算数", Type: yusuan.ColAmount}, {Key: "expenditure", Label: "支出·预算数", Type: yusuan.ColAmount}},
				Rows: []yusuan.Row{
					{Name: "一、一般公共预算拨款收入", Key: "general_public", Cells: map[string]yusuan.Value{"income": amt(1000)}},
					{Name: "收入总计", Key: "grand_total", Level: yusuan.LevelTotal, Cells: map[string]yusuan.Value{"income": amt(1000)}},
					{Code: "201", Name: "一、一般公共服务支出", Level: yusuan.LevelClass, Cells: map[string]yusuan.Value{"expenditure": amt(1000)}},
					{Name: "支出总计", Key: "grand_total", Level: yusuan.LevelTotal, Cells: map[string]yusuan.Value{"expenditure": amt(1000)}},
				}},
			{Kind: yusuan.KindExpenditure, Number: 3, Title: "支出总表", Unit: "元",
				Columns: []yusuan.Column{{Key: "total", Label: "合计", Type: yusuan.ColAmount}, {Key: "basic", Label: "基本支出", Type: yusuan.ColAmount}},
				Rows: []yusuan.Row{
					{Name: "合计", Level: yusuan.LevelTotal, Cells: map[string]yusuan.Value{"total": amt(expTotal), "basic": amt(expTotal)}},
					{Code: "201", Name: "一般公共服务支出", Level: yusuan.LevelClass, Cells: map[string]yusuan.Value{"total": amt(expTotal), "basic": amt(expTotal)}},
				}},
		}}
	}
	if fs := only(Check(doc(1000), Context{}), "TIE-001"); len(fs) != 0 {
		t.Fatalf("totals agree, got %v", fs)
	}
	fs := only(Check(doc(900), Context{}), "TIE-001")
	if len(fs) == 0 {
		t.Fatal("a disagreeing 支出总表 total was not found")
	}
	for _, f := range fs {
		if f.Expected == "0元" || f.Actual == "0元" {
			t.Errorf("compared with a blank side: %+v", f)
		}
	}
}
