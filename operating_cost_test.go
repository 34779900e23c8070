package yusuan

import "testing"

// 机关运行经费 becomes one fact wherever the document states it: a row of
// the 三公 table, a column of its total row (Shanghai), or else the
// narrative's figure, exact to the decimals printed.
func TestOperatingCostFact(t *testing.T) {
	narrative := func(printed, unit string, extra ...Figure) []Section {
		figs := append(extra, Figure{Kind: FigureAmount, Ref: "operating_cost", Unit: unit, Printed: printed})
		return []Section{{Key: "operating_cost", Figures: figs}}
	}
	row := Table{Kind: KindThreePublic, Columns: []Column{{Key: "amount", Type: ColAmount}}, Rows: []Row{
		{Name: "公务接待费", Key: "reception", Cells: map[string]Value{"amount": AmountValue(10)}},
		{Name: "机关运行经费", Key: "operating_cost", Cells: map[string]Value{"amount": AmountValue(4321)}},
	}}
	col := Table{Kind: KindThreePublic, Columns: []Column{{Key: "total"}, {Key: "operating_cost"}}, Rows: []Row{
		{Name: "合计", Level: LevelTotal, Cells: map[string]Value{"total": AmountValue(30), "operating_cost": AmountValue(987)}},
	}}
	for _, c := range []struct {
		name string
		doc  Document
		want Amount
		ok   bool
	}{
		{"row", Document{Tables: []Table{row}, Narrative: narrative("1.00", "万元")}, 4321, true},
		{"total-row column", Document{Tables: []Table{col}}, 987, true},
		{"narrative 万元", Document{Narrative: narrative("1,234.56", "万元")}, 123456 * 10000, true},
		{"narrative 万元 4 decimals", Document{Narrative: narrative("0.0123", "万元")}, 12300, true},
		{"narrative 元", Document{Narrative: narrative("867.50", "元")}, 86750, true},
		{"last year's and budget figures are not this year's", Document{Narrative: []Section{{Figures: []Figure{
			{Kind: FigureAmount, Ref: "last_year:operating_cost", Unit: "万元", Printed: "5"},
			{Kind: FigureAmount, Ref: "operating_cost", Quantity: "budget_initial", Unit: "万元", Printed: "6"},
			{Kind: FigureChange, Ref: "operating_cost", Unit: "万元", Printed: "7"},
		}}}}, 0, false},
		{"sub-分 amount", Document{Narrative: narrative("1.0000001", "万元")}, 0, false},
		{"not a number", Document{Narrative: narrative("一百", "万元")}, 0, false},
		{"none", Document{Tables: []Table{{Kind: KindThreePublic, Rows: []Row{{Key: "reception", Cells: map[string]Value{"amount": AmountValue(1)}}}}}}, 0, false},
	} {
		f, ok := OperatingCostFact(&c.doc)
		if ok != c.ok || (ok && f != (Fact{Table: KindThreePublic, Scheme: FactKey, Code: "operating_cost", Column: "amount", Amount: c.want})) {
			t.Errorf("%s: got %+v %v, want %d %v", c.name, f, ok, c.want, c.ok)
		}
		n := 0
		for _, f := range Facts(&c.doc) {
			if f.Scheme == FactKey && f.Code == "operating_cost" {
				n++
			}
		}
		if want := map[bool]int{true: 1, false: 0}[c.ok]; n != want {
			t.Errorf("%s: Facts has %d operating_cost lines, want %d", c.name, n, want)
		}
	}
}
