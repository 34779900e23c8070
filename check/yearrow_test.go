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

// SUM-009 adds a group's 小计 or its parts, never both (Beijing's 收入总表:
// 合计 | 本年收入: 小计 | 一般公共预算资金 | 其他收入 | 上年结转结余: 小计 | …).
func TestIncomeSubtotalsNotCountedTwice(t *testing.T) {
	amt := func(y int64) yusuan.Value { return yusuan.AmountValue(yusuan.Yuan(y)) }
	col := func(key, group, label string) yusuan.Column {
		return yusuan.Column{Key: key, Group: group, Label: label, Type: yusuan.ColAmount}
	}
	doc := func(total int64) *yusuan.Document {
		return &yusuan.Document{Schema: yusuan.DocumentSchema, Year: 2026, Tables: []yusuan.Table{{
			Kind: yusuan.KindIncome, Number: 2, Title: "收入总表", Unit: "元",
			Columns: []yusuan.Column{col("total", "", "合计"), col("c2", "本年收入", "小计"), col("general_public", "本年收入", "一般公共预算资金"),
				col("other_income", "本年收入", "其他收入"), col("c5", "", "小计"), col("c6", "", "一般公共预算资金"), col("c7", "", "单位资金")},
			Rows: []yusuan.Row{{Name: "合计", Level: yusuan.LevelTotal, Cells: map[string]yusuan.Value{
				"total": amt(total), "c2": amt(1000), "general_public": amt(900), "other_income": amt(100), "c5": amt(50), "c6": amt(30), "c7": amt(20)}}},
		}}}
	}
	if fs := only(Check(doc(1050), Context{}), "SUM-009"); len(fs) != 0 {
		t.Fatalf("1050 = 900 + 100 + 30 + 20: %v", fs)
	}
	if fs := only(Check(doc(1060), Context{}), "SUM-009"); len(fs) == 0 {
		t.Fatal("a 合计 that is not the sum of the sources was not found")
	}
}

// SUM-001 adds the units beside each other, not a unit and its own part
// (Xi'an: 合计 = 114 西安市人民政府办公厅 = 114001 西安市人民政府办公厅).
func TestNestedUnitsNotCountedTwice(t *testing.T) {
	amt := func(y int64) yusuan.Value { return yusuan.AmountValue(yusuan.Yuan(y)) }
	row := func(code, name, level string, v int64) yusuan.Row {
		return yusuan.Row{Code: code, Name: name, Level: level, Cells: map[string]yusuan.Value{"total": amt(v)}}
	}
	doc := func(total int64) *yusuan.Document {
		return &yusuan.Document{Schema: yusuan.DocumentSchema, Year: 2026, Tables: []yusuan.Table{{
			Kind: yusuan.KindIncome, Number: 2, Title: "收入总表", Unit: "元",
			Columns: []yusuan.Column{{Key: "total", Label: "合计", Type: yusuan.ColAmount}},
			Rows: []yusuan.Row{row("", "合计", yusuan.LevelTotal, total), row("114", "某某市某某厅", yusuan.LevelUnit, 1000),
				row("114001", "某某市某某厅", yusuan.LevelUnit, 1000), row("201", "一般公共服务支出", yusuan.LevelClass, 1000)},
		}}}
	}
	if fs := only(Check(doc(1000), Context{}), "SUM-001"); len(fs) != 0 {
		t.Fatalf("合计 1000 = unit 114 (= its part 114001): %v", fs)
	}
	if fs := only(Check(doc(1100), Context{}), "SUM-001"); len(fs) == 0 {
		t.Fatal("a 合计 that is not its units' sum was not found")
	}
}
