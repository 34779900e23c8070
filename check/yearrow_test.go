package check

import (
	"testing"

	"github.com/yusuan/yusuan"
)

// A 三公 table printed by year (2025年, 2026年, 增减变化金额) gives the
// budget year's row, wherever the year is printed (the name or a 年度
// column), not the first row.
func TestThreePublicByYear(t *testing.T) {
	amt := func(y int64) yusuan.Value { return yusuan.AmountValue(yusuan.Yuan(y)) }
	for _, inName := range []bool{true, false} {
		row := func(year string, abroad int64) yusuan.Row {
			r := yusuan.Row{Cells: map[string]yusuan.Value{"abroad": amt(abroad)}}
			if inName {
				r.Name = "某某局" + year
			} else {
				r.Cells["c1"] = yusuan.TextValue(year)
			}
			return r
		}
		doc := &yusuan.Document{Schema: yusuan.DocumentSchema, Year: 2026, Tables: []yusuan.Table{{
			Kind: yusuan.KindThreePublic, Number: 9, Title: "财政拨款“三公”经费支出表", Unit: "元",
			Columns: []yusuan.Column{{Key: "c1", Label: "年度", Type: yusuan.ColText}, {Key: "abroad", Label: "一般公共预算", Group: "因公出国(境)费", Type: yusuan.ColAmount}},
			Rows:    []yusuan.Row{row("2025年", 500), row("2026年", 400), {Name: "增减变化金额", Cells: map[string]yusuan.Value{"abroad": amt(-100)}}},
		}}}
		ix := newIndex(doc, Context{})
		res, ok := ix.tpe("abroad")
		if !ok || res.r == nil || res.r != &doc.Tables[0].Rows[1] {
			t.Errorf("year in name %v: 因公出国(境)费 read from %+v, want the 2026年 row", inName, res.r)
		}
	}
}
