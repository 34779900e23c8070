package check

import (
	"strings"
	"testing"

	"github.com/yusuan/yusuan"
)

// Fixtures of regional families whose findings the sample audits
// (docs/findings/) marked as not real: each test fails on the reading the
// checker had and passes on the family's own.

// carriedFiscalSummary gives the example's 财政拨款收支总表 the Chongqing
// shape: 一、本年收入 with its funds, then 二、上年结转 with the carried-over
// part of each fund, while the 收支总表 counts the carry-over in the fund
// (“结转金额已纳入相应性质的资金收入中进行反映”). carried is the carry-over
// printed under 上年结转; the year's 一般公共预算 is the rest.
func carriedFiscalSummary(carried, part yusuan.Amount) func(t testing.TB, d *yusuan.Document) {
	return func(t testing.TB, d *yusuan.Document) {
		x := tbl(t, d, kFis)
		gp := row(t, x, "general_public")
		gp.Cells["income"] = yusuan.AmountValue(gp.Amount("income") - carried)
		// Chongqing prints no parts under 一般公共预算资金.
		keep := x.Rows[:0]
		for _, r := range x.Rows {
			switch r.Key {
			case "appropriation", "special_revenue", "admin_fees", "state_resources", "other_public":
				continue
			}
			keep = append(keep, r)
		}
		x.Rows = keep
		i := 0
		for i < len(x.Rows) && x.Rows[i].Key != "state_capital" {
			i++
		}
		rows := []yusuan.Row{
			{Name: "二、上年结转", Key: "carry_over", Cells: map[string]yusuan.Value{"income": yusuan.AmountValue(carried)}},
			{Name: "（一）一般公共预算拨款", Cells: map[string]yusuan.Value{"income": yusuan.AmountValue(part)}},
			{Name: "（二）政府性基金预算拨款", Cells: map[string]yusuan.Value{}},
		}
		x.Rows = append(x.Rows[:i+1], append(rows, x.Rows[i+1:]...)...)
	}
}

func TestCarryOverCountedInFund(t *testing.T) {
	const carried = yusuan.Amount(86506000) // 865,060.00 元
	d, ctx := example(t)
	carriedFiscalSummary(carried, carried)(t, d)
	if fs := findingsOf(d, ctx, "TIE-003"); len(fs) != 0 {
		t.Fatalf("本年收入 + 上年结转 of the fund = 收支总表's fund, got %s: %s", fs[0].Message, fs[0].Detail)
	}
	// A carry-over that does not make up the difference is still an error,
	// and the finding says the second reading was tried.
	d, ctx = example(t)
	carriedFiscalSummary(carried, carried/2)(t, d)
	fs := findingsOf(d, ctx, "TIE-003")
	if len(fs) != 1 || fs[0].Severity != Error {
		t.Fatalf("carry-over part off by half: %d findings, want one error", len(fs))
	}
	if !strings.Contains(fs[0].Detail, "连同上年结转") {
		t.Errorf("detail does not name the reading with the carry-over: %s", fs[0].Detail)
	}
}
