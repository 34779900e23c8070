package check

import (
	"testing"

	"github.com/yusuan/yusuan"
)

// TestSideConvention: a 302 item counted as 人员经费 (Xi'an's 30239 公务交
// 通补贴) in every table, with the table's 人员经费 total including it, is
// the document's convention: a 提示, not a warning. Put on the other side
// in another table, or left out of the total, it stays a warning.
func TestSideConvention(t *testing.T) {
	yuan := func(v int64) yusuan.Value { return yusuan.AmountValue(yusuan.Amount(v * 100)) }
	basic := func(kind yusuan.TableKind, n int, personnelTotal int64, transportSide string) yusuan.Table {
		row := func(code, name string, pers, pub int64) yusuan.Row {
			r := yusuan.Row{Code: code, Name: name, Cells: map[string]yusuan.Value{"total": yuan(pers + pub)}}
			if pers != 0 {
				r.Cells["personnel"] = yuan(pers)
			}
			if pub != 0 {
				r.Cells["public_funds"] = yuan(pub)
			}
			return r
		}
		pers, pub := int64(2258676), int64(0)
		if transportSide == "public_funds" {
			pers, pub = 0, 2258676
		}
		transport := row("30239", "其他交通费用", pers, pub)
		cls302 := row("302", "商品和服务支出", pers, 1000000+pub)
		return yusuan.Table{Kind: kind, Number: n, Title: "一般公共预算基本支出表", Unit: "元", Columns: amountCols("total", "personnel", "public_funds"),
			Rows: []yusuan.Row{
				{Name: "合计", Level: yusuan.LevelTotal, Cells: map[string]yusuan.Value{"total": yuan(50000000 + 1000000 + 2258676),
					"personnel": yuan(personnelTotal), "public_funds": yuan(50000000 + 1000000 + 2258676 - personnelTotal)}},
				row("301", "工资福利支出", 50000000, 0), row("30101", "基本工资", 50000000, 0),
				cls302, row("30201", "办公费", 0, 1000000), transport,
			}}
	}
	for _, c := range []struct {
		name          string
		other         string // side of 30239 in the second table
		total         int64  // 人员经费 total of the first table
		info, warning int
	}{
		{"consistent, in the total", "personnel", 52258676, 4, 0},
		{"the other table puts it in 公用经费", "public_funds", 52258676, 0, 2},
		{"left out of the 人员经费 total", "personnel", 50000000, 2, 2},
	} {
		d := centralFamily()
		d.Tables = append(d.Tables, basic(yusuan.KindGeneralPublicBasic, 8, c.total, "personnel"),
			basic(yusuan.KindGeneralPublicEconomic, 6, 52258676, c.other))
		info, warn := 0, 0
		for _, f := range only(Check(d, Context{}), "CODE-009") {
			switch f.Severity {
			case Info:
				info++
			case Warning:
				warn++
			default:
				t.Errorf("%s: %s %s", c.name, f.Severity, f.Message)
			}
		}
		if info != c.info || warn != c.warning {
			t.Errorf("%s: %d 提示, %d warnings; want %d, %d", c.name, info, warn, c.info, c.warning)
		}
	}
}
