package recognize_test

import (
	"testing"

	"github.com/yusuan/yusuan/layout"
	"github.com/yusuan/yusuan/profile"
	"github.com/yusuan/yusuan/recognize"
)

// TestCoverTitle reads the department and the year from a cover set in
// large type, where 年 stands well apart from its year, in the layouts of
// the samples: the name before the year on one line (国家信访局 2026 年度
// 部门预算, 湖州), and the year above the name (2026 年度 / 福州市医疗
// 保障局 / 部门预算, 无锡), with a date line under the title.
func TestCoverTitle(t *testing.T) {
	g, err := profile.General()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name  string
		cover [][]string
		dept  string
		title string
	}{
		{"name and year on one line", [][]string{{"某某总局@150", "2026@280", "年度部门预算@360"}, {"二〇二六年三月@250"}},
			"某某总局", "某某总局2026年度部门预算"},
		{"year above the name", [][]string{{"2026@250", "年度@310"}, {"某某市医疗保障局@200"}, {"部门预算@250"}},
			"某某市医疗保障局", "2026年度某某市医疗保障局部门预算"},
		{"a unit with its bracket", [][]string{{"2026@250", "年度@310"}, {"某某市交通运输局（本级）@180"}, {"单位预算公开@250"}},
			"某某市交通运输局（本级）", "2026年度某某市交通运输局（本级）单位预算公开"},
	} {
		t.Run(c.name, func(t *testing.T) {
			cover := &pageBuilder{page: layout.Page{Number: 1, Width: 600}}
			for _, l := range c.cover {
				cover.line(l...)
			}
			t1 := &pageBuilder{page: layout.Page{Number: 2, Width: 800}}
			t1.line("部门收支总表@300")
			t1.line("单位：万元@680")
			t1.line("收入@200", "支出@560")
			t1.line("项目@120", "预算数@330", "项目@480", "预算数@690")
			t1.line("一、一般公共预算拨款收入@40", "1,200.50@320", "一、一般公共服务支出@400", "1,200.50@680")
			t1.line("本年收入合计@100", "1,200.50@320", "本年支出合计@440", "1,200.50@680")
			t1.line("收入总计@120", "1,200.50@320", "支出总计@480", "1,200.50@680")
			l := &layout.Layout{File: "family.pdf", Kind: layout.KindPDF, Pages: []layout.Page{cover.page, t1.page}}
			res, err := recognize.RecognizeGeneral(l, g, catalogOf(2026))
			if err != nil {
				t.Fatal(err)
			}
			d := res.Doc
			if d.Year != 2026 || d.Department.Name != c.dept || d.Title != c.title {
				t.Errorf("year %d, department %q, title %q; want 2026, %q, %q", d.Year, d.Department.Name, d.Title, c.dept, c.title)
			}
		})
	}
}
