package check

import (
	"testing"

	"github.com/yusuan/yusuan"
)

// TestPerformanceBlankForm: a performance form left blank (only its
// printed labels, Xi'an's 表16 专项资金总体绩效目标表 marked 不涉及) is not a
// form missing its indicators; a form naming a project, or listing
// projects with amounts (Huzhou's 表11), without indicators still is.
func TestPerformanceBlankForm(t *testing.T) {
	label := func(cells ...string) yusuan.Row {
		r := yusuan.Row{Cells: map[string]yusuan.Value{}}
		for i, c := range cells {
			if c != "" {
				r.Cells[[]string{"c1", "c2", "c3"}[i]] = yusuan.TextValue(c)
			}
		}
		return r
	}
	blank := []yusuan.Row{label("项目名称"), label("主管部门", "", "实施期限"), label("", "实施期资金总额"),
		label("一级指标", "二级指标", "三级指标"), label("", "（90分）"), label("产出指标", "质量指标"), label("满意度指", "服务对象满意度")}
	named := append([]yusuan.Row{{Name: "档案整理", Cells: map[string]yusuan.Value{"c3": yusuan.AmountValue(wanAmt(12000))}}}, blank...)
	for _, c := range []struct {
		name    string
		project string
		rows    []yusuan.Row
		want    int
	}{
		{"blank form", "", blank, 0},
		{"form of a named project", "档案整理", blank, 1},
		{"project with an amount", "", named, 1},
	} {
		d := centralFamily()
		d.Tables = append(d.Tables, yusuan.Table{Kind: yusuan.KindPerformanceProject, Number: 16, Title: "专项资金总体绩效目标表",
			Unit: "万元", Project: c.project, Columns: []yusuan.Column{{Key: "c1", Type: yusuan.ColText}, {Key: "c2", Type: yusuan.ColText},
				{Key: "c3", Type: yusuan.ColText}}, Rows: c.rows})
		if fs := only(Check(d, Context{}), "PERF-010"); len(fs) != c.want {
			t.Errorf("%s: %d PERF-010, want %d", c.name, len(fs), c.want)
		}
	}
}
