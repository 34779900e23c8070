package recognize_test

import (
	"strings"
	"testing"

	"github.com/yusuan/yusuan"
)

// TestSampleForms checks performance forms of families that print one
// form per project: the project, its funds (in 元) and its indicator tree.
func TestSampleForms(t *testing.T) {
	needPDF(t)
	doc := importSamples(t, "central-2026-guojia-xinfangju-department-budget.pdf").Doc
	forms := doc.TablesOf(yusuan.KindPerformanceProject)
	if len(forms) != 3 {
		t.Fatalf("%d project forms, want 3", len(forms))
	}
	f := forms[0]
	if f.Project != "信息化运行维护" {
		t.Errorf("project %q", f.Project)
	}
	want := map[string]yusuan.Amount{"project_total": yusuan.Yuan(21348700), "appropriation": yusuan.Yuan(13848700), "carryover": yusuan.Yuan(7500000)}
	for _, r := range f.Rows {
		if a, ok := want[r.Key]; ok {
			if got := r.Amount("value"); got != a {
				t.Errorf("%s = %s, want %s", r.Key, got, a)
			}
			delete(want, r.Key)
		}
	}
	for k := range want {
		t.Errorf("no %s row", k)
	}
	var tree []string
	for _, r := range f.Rows {
		if r.Key == "indicator" {
			tree = append(tree, r.Cells["level1"].Text+"/"+r.Cells["level2"].Text+"/"+r.Name+"/"+r.Cells["target"].Text)
		}
	}
	wantTree := []string{
		"成本指标/经济成本指标/项目总成本/≤2134.87万元",
		"产出指标/数量指标/数据中心设备维护量/≥330台（套）",
		"产出指标/质量指标/设备完好率/≥96%",
		"产出指标/质量指标/前端运维问题响应时间/≤10分钟",
		"产出指标/质量指标/设备/系统故障恢复时间/≤4小时",
		"产出指标/质量指标/系统软件反应速度/≤4秒",
		"效益指标/社会效益指标/网络安全事件发生率/≤0.5%",
		"效益指标/生态效益指标/绿色节能产品购置率/≥95%",
		"满意度指标/服务对象满意度指标/使用部门满意率/≥85%",
	}
	if strings.Join(tree, "\n") != strings.Join(wantTree, "\n") {
		t.Errorf("indicators\n got %s\nwant %s", strings.Join(tree, "\n     "), strings.Join(wantTree, "\n     "))
	}

	// Fuzhou prints several forms where the table reader sees one table:
	// each becomes a table of its own, with its project's funds.
	doc = importSamples(t, "fuzhou-2026-yibaoju-department-budget.pdf").Doc
	total := yusuan.Amount(0)
	n := 0
	for _, f := range doc.TablesOf(yusuan.KindPerformanceProject) {
		for _, r := range f.Rows {
			if r.Key == "project_total" {
				total += r.Amount("value")
				n++
			}
		}
	}
	if n != 13 {
		t.Errorf("%d Fuzhou forms with 资金总额, want 13", n)
	}
}

// TestSampleProjectList checks a list of projects printed as one grid
// (Beijing's 预算12表): one form per project, a project continued on the
// next page under its repeated name counted once, every project with its
// amount and indicators.
func TestSampleProjectList(t *testing.T) {
	needPDF(t)
	doc := importSamples(t, "beijing-2026-sifaju-department-budget-tables.pdf").Doc
	forms := doc.TablesOf(yusuan.KindPerformanceProject)
	if len(forms) != 30 {
		t.Fatalf("%d project forms, want 30", len(forms))
	}
	seen := map[string]bool{}
	for _, f := range forms {
		if f.Project == "" || seen[f.Project] {
			t.Errorf("project %q empty or twice", f.Project)
		}
		seen[f.Project] = true
		var total *yusuan.Row
		inds := 0
		for i := range f.Rows {
			switch f.Rows[i].Key {
			case "project_total":
				total = &f.Rows[i]
			case "indicator":
				inds++
			}
		}
		if total == nil || total.Amount("value") <= 0 {
			t.Errorf("%s: no 项目总额", f.Project)
		}
		if inds == 0 {
			t.Errorf("%s: no indicator", f.Project)
		}
	}
	// The first project as printed: 560.000000 万元, three indicators.
	f := forms[0]
	if !strings.HasSuffix(f.Project, "44194-法律援助办案补贴") {
		t.Errorf("first project %q", f.Project)
	}
	for _, r := range f.Rows {
		if r.Key == "project_total" && r.Amount("value") != yusuan.Yuan(5600000) {
			t.Errorf("项目总额 %s, want 5600000", r.Amount("value"))
		}
	}
}
