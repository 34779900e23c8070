package check

import (
	"testing"

	"github.com/yusuan/yusuan"
)

// TestProcurementFunctionTable: when the 支出总表 lists units only
// (Xi'an's 表3: 合计, 114, 114001), a procurement item's function is
// looked up in the table that lists functions (表5); a code of no
// function's length (a 类款项 read together with the next column,
// 201030101) is no function to look up.
func TestProcurementFunctionTable(t *testing.T) {
	yuan := func(v int64) map[string]yusuan.Value {
		return map[string]yusuan.Value{"total": yusuan.AmountValue(yusuan.Amount(v * 100))}
	}
	for _, c := range []struct {
		code string
		want int
	}{
		{"205", 0}, // 表5 lists 201, 205, 208, 221
		{"201030101", 0},
		{"213", 1},
	} {
		d := centralFamily()
		d.Tables[1] = yusuan.Table{Kind: yusuan.KindExpenditure, Number: 3, Title: "部门综合预算支出总表", Unit: "元", Columns: amountCols("total"),
			Rows: []yusuan.Row{{Name: "合计", Level: yusuan.LevelTotal, Cells: yuan(6000)},
				{Code: "114", Name: "西安市人民政府办公厅", Level: yusuan.LevelUnit, Cells: yuan(6000)},
				{Code: "114001", Name: "西安市人民政府办公厅", Level: yusuan.LevelUnit, Cells: yuan(6000)}}}
		d.Tables = append(d.Tables, yusuan.Table{Kind: yusuan.KindProcurement, Number: 12, Title: "政府采购预算表", Unit: "元", Columns: amountCols("total"),
			Rows: []yusuan.Row{{Name: "合计", Level: yusuan.LevelTotal, Cells: yuan(6000)},
				{Code: c.code, Name: "日常公用经费", Level: yusuan.LevelItem, Cells: yuan(6000)}}})
		if fs := only(Check(d, Context{}), "PROC-008"); len(fs) != c.want {
			t.Errorf("%s: %d PROC-008, want %d", c.code, len(fs), c.want)
		}
	}
}
