package recognize_test

import (
	"fmt"
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

// TestSampleProjectListRepeated checks a list of projects whose header,
// and each project's row, is printed again on every page it runs over
// (Changsha's 项目支出绩效目标表, p22–29): the four projects once each with
// their 资金总额 and indicators, the list's 合计 and the unit's subtotal
// kept as such (not as projects), the 指标值类型 (≥, 定性) read as the
// nature although printed nearer the 度量单位 heading.
func TestSampleProjectListRepeated(t *testing.T) {
	needPDF(t)
	doc := importSamples(t, "changsha-2026-xinfangju-department-budget.pdf").Doc
	forms := doc.TablesOf(yusuan.KindPerformanceProject)
	want := []struct {
		name       string
		amount     yusuan.Amount
		indicators int
	}{
		{"基层及其他信访业务工作经费专项", yusuan.Yuan(357800), 16},
		{"人民来访接待中心及特护期运行专项", yusuan.Yuan(102200), 16},
		{"人民来访接待中心业务专项", yusuan.Yuan(1028000), 23},
		{"信访业务工作专项", yusuan.Yuan(1381100), 21},
	}
	if len(forms) != len(want) {
		t.Fatalf("%d project forms, want %d", len(forms), len(want))
	}
	for i, f := range forms {
		if f.Project != want[i].name {
			t.Errorf("form %d: project %q, want %q", i, f.Project, want[i].name)
		}
		inds := 0
		for _, r := range f.Rows {
			switch r.Key {
			case "project_total":
				if r.Amount("value") != want[i].amount {
					t.Errorf("%s: 资金总额 %s, want %s", f.Project, r.Amount("value"), want[i].amount)
				}
			case "indicator":
				inds++
				if r.Cells["level1"].Text == "" || r.Cells["level2"].Text == "" {
					t.Errorf("%s: indicator %q without its levels", f.Project, r.Name)
				}
			}
		}
		if inds != want[i].indicators {
			t.Errorf("%s: %d indicators, want %d", f.Project, inds, want[i].indicators)
		}
	}
	var total, unit *yusuan.Row
	for i := range forms[0].Rows {
		switch r := &forms[0].Rows[i]; r.Key {
		case "list_total":
			total = r
		case "unit_total":
			unit = r
		}
	}
	if total == nil || total.Amount("value") != yusuan.Yuan(4174100) {
		t.Errorf("合计 %+v, want 417.41 万元", total)
	}
	if unit == nil || unit.Name != "长沙市信访局" || unit.Code != "126001" || unit.Amount("value") != yusuan.Yuan(4174100) {
		t.Errorf("unit row %+v, want 126001 长沙市信访局 417.41 万元", unit)
	}
	// The first cost indicator: ≤ 35.78 万元.
	for _, r := range forms[0].Rows {
		if r.Key == "indicator" && r.Name == "总成本" {
			if r.Cells["measure"].Text != "万元" || !strings.HasPrefix(r.Cells["target"].Text, "≤35.78") {
				t.Errorf("总成本: target %q measure %q", r.Cells["target"].Text, r.Cells["measure"].Text)
			}
		}
	}
}

// TestSampleContents: the entries of a printed table of contents are kept
// in order with their page numbers (国家信访局 2024 决算, p2).
func TestSampleContents(t *testing.T) {
	needPDF(t)
	doc := importSamples(t, "central-2024-guojia-xinfangju-department-final-accounts.pdf").Doc
	var got []string
	for _, e := range doc.Contents {
		if strings.HasSuffix(e.Title, "表") && !strings.HasPrefix(e.Title, "第") {
			got = append(got, fmt.Sprintf("%d %s", e.Page, e.Title))
		}
	}
	want := []string{
		"5 一、收入支出决算总表", "6 二、收入决算表", "7 三、支出决算表", "8 四、财政拨款收入支出决算总表",
		"9 五、一般公共预算财政拨款支出决算表", "10 六、一般公共预算财政拨款基本支出决算表",
		"11 七、一般公共预算财政拨款\"三公\"经费支出决算表", "12 八、政府性基金预算财政拨款收入支出决算表",
		"13 九、国有资本经营预算财政拨款支出决算表",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("contents\n got %s\nwant %s", strings.Join(got, "\n     "), strings.Join(want, "\n     "))
	}
	if len(doc.Contents) != 27 || doc.Contents[0].Source == nil || doc.Contents[0].Source.Page != 2 {
		t.Errorf("%d entries, first at %v; want 27, on page 2", len(doc.Contents), doc.Contents[0].Source)
	}
}

// TestSampleDepartmentList: a department's overall form printed as a list
// of its units (Changsha's 部门整体支出绩效目标表, p30–32, the unit's row
// printed again on every page) is one form with the 预算情况 rows read from
// the unit's budget columns and the indicators of all pages.
func TestSampleDepartmentList(t *testing.T) {
	needPDF(t)
	doc := importSamples(t, "changsha-2026-xinfangju-department-budget.pdf").Doc
	forms := doc.TablesOf(yusuan.KindPerformanceDepartment)
	if len(forms) != 1 {
		t.Fatalf("%d department forms, want 1", len(forms))
	}
	f := forms[0]
	want := map[string]yusuan.Amount{"budget_total": yusuan.Yuan(19353600), "budget_fiscal": yusuan.Yuan(19353600), "budget_other": 0,
		"budget_basic": yusuan.Yuan(15179500), "budget_project": yusuan.Yuan(4174100)}
	inds := 0
	for _, r := range f.Rows {
		if a, ok := want[r.Key]; ok {
			if got := r.Amount("value"); got != a {
				t.Errorf("%s = %s, want %s", r.Key, got, a)
			}
			delete(want, r.Key)
		}
		switch r.Key {
		case "indicator":
			inds++
		case "department":
			if r.Cells["value"].Text != "长沙市信访局" {
				t.Errorf("unit %q", r.Cells["value"].Text)
			}
		}
	}
	for k := range want {
		t.Errorf("no %s row", k)
	}
	if inds != 25 || f.Project != "" {
		t.Errorf("%d indicators, project %q; want 25 and none", inds, f.Project)
	}
}
