package yusuan

import "testing"

func TestDiffDocuments(t *testing.T) {
	mk := func(total, basic Amount, extra bool) *Document {
		tb := Table{Kind: KindExpenditure, Number: 3, Title: "支出总表",
			Columns: []Column{{Key: "total", Label: "合计"}, {Key: "basic", Label: "小计", Group: "基本支出"}},
			Rows:    []Row{{Name: "合计", Level: LevelTotal, Cells: map[string]Value{"total": AmountValue(total), "basic": AmountValue(basic)}}}}
		if extra {
			tb.Rows = append(tb.Rows, Row{Code: "2010301", Name: "行政运行", Cells: map[string]Value{"total": AmountValue(5)}})
		}
		return &Document{Tables: []Table{tb}}
	}
	if d := DiffDocuments(mk(10, 5, false), mk(10, 5, false)); len(d) != 0 {
		t.Fatalf("same documents differ: %+v", d)
	}
	d := DiffDocuments(mk(10, 5, true), mk(12, 5, false))
	if len(d) != 2 {
		t.Fatalf("changes = %+v, want the total and the removed row", d)
	}
	if d[0].Row != "合计" || d[0].Column != "total" || d[0].Before.Num != 10 || d[0].After.Num != 12 || d[0].Label != "合计" {
		t.Errorf("first change = %+v", d[0])
	}
	if d[1].Row != "2010301 行政运行" || d[1].After != nil || d[1].Before.Num != 5 {
		t.Errorf("removed row change = %+v", d[1])
	}
	// A blank that becomes a figure is a change; basic is unchanged.
	a := mk(10, 5, false)
	delete(a.Tables[0].Rows[0].Cells, "basic")
	d = DiffDocuments(a, mk(10, 5, false))
	if len(d) != 1 || d[0].Before != nil || d[0].Label != "基本支出/小计" {
		t.Errorf("blank → 5: %+v", d)
	}
}

// Both ways of printing 三公 become the same facts.
func TestFactsThreePublic(t *testing.T) {
	rows := Table{Kind: KindThreePublic, Columns: []Column{{Key: "amount", Type: ColAmount}}, Rows: []Row{
		{Name: "合计", Key: "three_public", Cells: map[string]Value{"amount": AmountValue(30)}},
		{Name: "因公出国（境）费", Key: "abroad", Cells: map[string]Value{"amount": AmountValue(10)}},
		{Name: "公务用车费", Key: "vehicle", Cells: map[string]Value{"amount": AmountValue(20)}},
		{Name: "运行费", Key: "vehicle_operation", Cells: map[string]Value{"amount": AmountValue(20)}},
	}}
	cols := Table{Kind: KindThreePublic, Columns: []Column{{Key: "total"}, {Key: "abroad"}, {Key: "vehicle"}, {Key: "vehicle_operation"}}, Rows: []Row{
		{Name: "合计", Level: LevelTotal, Cells: map[string]Value{"total": AmountValue(30), "abroad": AmountValue(10), "vehicle": AmountValue(20), "vehicle_operation": AmountValue(20)}},
	}}
	items := func(tb Table) map[string]Amount {
		m := map[string]Amount{}
		for _, f := range Facts(&Document{Tables: []Table{tb}}) {
			if f.Scheme == FactKey && f.Column == "amount" {
				m[f.Code] += f.Amount
			}
		}
		return m
	}
	a, b := items(rows), items(cols)
	if len(a) != 2 || a["abroad"] != 10 || a["vehicle_operation"] != 20 || len(b) != 2 || b["abroad"] != 10 || b["vehicle_operation"] != 20 {
		t.Errorf("rows layout %v, columns layout %v; want abroad 10, vehicle_operation 20 in both", a, b)
	}
}
