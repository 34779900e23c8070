package recognize_test

import (
	"strings"
	"testing"

	"github.com/yusuan/yusuan"
	"github.com/yusuan/yusuan/catalog"
	"github.com/yusuan/yusuan/layout"
	"github.com/yusuan/yusuan/profile"
	"github.com/yusuan/yusuan/recognize"
)

// pageBuilder lays out lines of word groups at given x positions, as
// pdftotext gives them: each word is "text@x0" and 10 points wide per rune.
type pageBuilder struct {
	page  layout.Page
	lines int
}

func (b *pageBuilder) line(words ...string) {
	b.lines++
	y := float64(b.lines) * 14
	l := layout.Line{Pos: yusuan.Position{File: "family.pdf", Page: b.page.Number, Line: b.lines}, Y0: y, Y1: y + 10}
	for _, w := range words {
		i := strings.LastIndex(w, "@")
		text := w[:i]
		var x float64
		for _, r := range w[i+1:] {
			x = x*10 + float64(r-'0')
		}
		n := float64(len([]rune(text)))
		l.Cells = append(l.Cells, layout.Cell{Text: text, X0: x, X1: x + 10*n, Pos: l.Pos})
	}
	b.page.Lines = append(b.page.Lines, l)
}

// TestMoFFinalFamily reads a made-up department's MoF 决算 set laid out
// unlike the sample (other positions, other amounts, two panels in the
// basic-expenditure table, 栏次 and 行次 printed), under profile mof-final.
func TestMoFFinalFamily(t *testing.T) {
	p, err := profile.Load("mof-final")
	if err != nil {
		t.Fatal(err)
	}
	cat, err := catalog.Load(2023)
	if err != nil {
		eds := catalog.Editions()
		cat, _ = catalog.Load(eds[len(eds)-1])
	}
	cover := &pageBuilder{page: layout.Page{Number: 1, Width: 600}}
	cover.line("某某总局@200")
	cover.line("2023@150", "年度部门决算@200")

	t1 := &pageBuilder{page: layout.Page{Number: 2, Width: 800}}
	t1.line("收入支出决算总表@300")
	t1.line("公开@700", "01@730", "表@750")
	t1.line("部门：某某总局@40", "金额单位：万元@680")
	t1.line("收入@200", "支出@560")
	t1.line("项目@120", "行次@260", "金额@330", "项目@480", "行次@600", "金额@690")
	t1.line("栏次@120", "1@335", "栏次@480", "2@695")
	t1.line("一、一般公共预算财政拨款收入@40", "1@280", "1,200.50@320", "一、一般公共服务支出@400", "30@620", "900.25@680")
	t1.line("二、政府性基金预算财政拨款收入@40", "2@280", "二、外交支出@400", "31@620")
	t1.line("五、事业收入@40", "3@280", "100.00@320", "五、教育支出@400", "32@620", "300.00@680")
	t1.line("本年收入合计@100", "4@280", "1,300.50@320", "本年支出合计@440", "33@620", "1,200.25@680")
	t1.line("使用非财政拨款结余@40", "5@280", "结余分配@400", "34@620")
	t1.line("年初结转和结余@40", "6@280", "50.00@320", "年末结转和结余@400", "35@620", "150.25@680")
	t1.line("总计@120", "7@280", "1,350.50@320", "总计@480", "36@620", "1,350.50@680")
	t1.line("注：本表反映部门本年度的总收支和年末结转结余情况。@40")

	t6 := &pageBuilder{page: layout.Page{Number: 3, Width: 800}}
	t6.line("一般公共预算财政拨款基本支出决算表@260")
	t6.line("公开@700", "06@730", "表@750")
	t6.line("部门：某某总局@40", "金额单位：万元@680")
	t6.line("人员经费@120", "公用经费@520")
	t6.line("科目代码@40", "科目名称@130", "决算数@280", "科目代码@400", "科目名称@500", "决算数@660")
	t6.line("301@40", "工资福利支出@110", "500.00@280", "302@400", "商品和服务支出@470", "200.00@660")
	t6.line("30101@40", "基本工资@110", "500.00@280", "30201@400", "办公费@470", "200.00@660")
	t6.line("30102@40", "津贴补贴@110", "30202@400", "印刷费@470")
	t6.line("人员经费合计@100", "500.00@280", "公用经费合计@460", "200.00@660")

	l := &layout.Layout{File: "family.pdf", Kind: layout.KindPDF, Pages: []layout.Page{cover.page, t1.page, t6.page}}
	res, err := recognize.Recognize(l, p, cat)
	if err != nil {
		t.Fatal(err)
	}
	doc := res.Doc
	if doc.Year != 2023 || doc.Department.Name != "某某总局" {
		t.Errorf("year %d, department %q; want 2023, 某某总局 (title %q)", doc.Year, doc.Department.Name, doc.Title)
	}
	for _, w := range res.Warnings {
		if strings.Contains(w.String(), "表1") || strings.Contains(w.String(), "表6") {
			t.Errorf("warning: %s", w)
		}
	}
	cell := func(tb *yusuan.Table, key, name, col string) string {
		for _, r := range tb.Rows {
			if r.Key == key && (name == "" || r.Name == name || r.Code == name) {
				v, ok := r.Cells[col]
				if !ok {
					return "blank"
				}
				return v.Num.String()
			}
		}
		return "no row"
	}
	var summary, basic *yusuan.Table
	for i := range doc.Tables {
		switch doc.Tables[i].Number {
		case 1:
			summary = &doc.Tables[i]
		case 6:
			basic = &doc.Tables[i]
		}
	}
	if summary == nil || basic == nil {
		t.Fatalf("tables 1 and 6 not found: %d tables", len(doc.Tables))
	}
	for _, c := range []struct{ key, name, col, want string }{
		{"general_public", "", "income", "12005000"},
		{"gov_fund", "", "income", "blank"},
		{"business", "", "income", "1000000"},
		{"function", "一般公共服务支出", "expenditure", "9002500"},
		{"function", "外交支出", "expenditure", "blank"},
		{"function", "教育支出", "expenditure", "3000000"},
		{"income_total", "", "income", "13005000"},
		{"expenditure_total", "", "expenditure", "12002500"},
		{"surplus_use", "", "income", "blank"},
		{"surplus_distribution", "", "expenditure", "blank"},
		{"carry_in", "", "income", "500000"},
		{"carry_out", "", "expenditure", "1502500"},
		{"grand_total", "", "income", "13505000"},
		{"grand_total", "", "expenditure", "13505000"},
	} {
		if got := cell(summary, c.key, c.name, c.col); got != c.want {
			t.Errorf("表1 %s %s %s = %s, want %s", c.key, c.name, c.col, got, c.want)
		}
	}
	for _, c := range []struct{ code, col, want string }{
		{"301", "total", "5000000"}, {"301", "personnel", "5000000"}, {"301", "public_funds", "blank"},
		{"30102", "total", "blank"},
		{"302", "total", "2000000"}, {"302", "public_funds", "2000000"}, {"302", "personnel", "blank"},
		{"30201", "total", "2000000"}, {"30202", "total", "blank"},
		{"人员经费合计", "personnel", "5000000"}, {"公用经费合计", "public_funds", "2000000"},
	} {
		if got := cell(basic, "", c.code, c.col); got != c.want {
			t.Errorf("表6 %s %s = %s, want %s", c.code, c.col, got, c.want)
		}
	}
}
