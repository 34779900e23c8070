package recognize_test

import (
	"testing"

	"github.com/yusuan/yusuan"
	"github.com/yusuan/yusuan/profile"
	"github.com/yusuan/yusuan/read/pdf"
	"github.com/yusuan/yusuan/recognize"
)

// TestSummaryWithSeveralExpenditureClassifications lays out a 收支总表
// whose expenditure side is printed three times beside itself — by
// function, by department economic class, by government economic class —
// as Xi'an prints it. Each classification is a side of its own: its labels
// are row names (not run together with the others'), its amounts in a
// column of its own named by its header.
func TestSummaryWithSeveralExpenditureClassifications(t *testing.T) {
	w := []pdf.Word{
		word(300, 520, 40, "部门综合预算收支总表"),
		word(760, 800, 60, "单位：元"),
		word(120, 144, 80, "收入"), word(560, 584, 80, "支出"),
		word(40, 64, 95, "项目"), word(150, 186, 95, "预算数"),
		word(230, 350, 95, "支出功能分类科目（按大类）"), word(370, 406, 95, "预算数"),
		word(430, 560, 95, "部门预算支出经济分类科目（按大类）"), word(580, 616, 95, "预算数"),
		word(640, 770, 95, "政府预算支出经济分类科目（按大类）"), word(790, 826, 95, "预算数"),
	}
	type line struct {
		in, inAmt, fn, fnAmt, de, deAmt, ge, geAmt string
	}
	rows := []line{
		{"一、部门预算", "5,000,000.00", "一、部门预算", "5,000,000.00", "一、部门预算", "5,000,000.00", "一、部门预算", "5,000,000.00"},
		{"1、财政拨款", "5,000,000.00", "1、一般公共服务支出", "4,000,000.00", "1、人员经费和公用经费支出", "3,000,000.00", "1、机关工资福利支出", "2,500,000.00"},
		{"2、事业收入", "", "2、外交支出", "", "(1)工资福利支出", "2,500,000.00", "2、机关商品和服务支出", "2,500,000.00"},
		{"3、其他收入", "", "3、社会保障和就业支出", "1,000,000.00", "2、专项业务经费支出", "2,000,000.00", "3、其他支出", ""},
		{"收入总计", "5,000,000.00", "支出总计", "5,000,000.00", "支出总计", "5,000,000.00", "支出总计", "5,000,000.00"},
	}
	y := 115.0
	for _, r := range rows {
		add := func(x0, x1 float64, s string) {
			if s != "" {
				w = append(w, word(x0, x1, y, s))
			}
		}
		add(40, 140, r.in)
		add(150, 210, r.inAmt)
		add(230, 340, r.fn)
		add(350, 410, r.fnAmt)
		add(430, 560, r.de)
		add(565, 625, r.deAmt)
		add(640, 770, r.ge)
		add(775, 835, r.geAmt)
		y += 18
	}
	l := pdf.Layout("xian-like.pdf", []pdf.Page{{Width: 842, Height: 595, Words: w}})
	g, err := profile.General()
	if err != nil {
		t.Fatal(err)
	}
	res, err := recognize.RecognizeGeneral(l, g, catalogOf(2026))
	if err != nil {
		t.Fatal(err)
	}
	tb := res.Doc.Table(yusuan.KindSummary)
	if tb == nil {
		t.Fatalf("no summary table: %s", kinds(res.Doc))
	}
	col := map[string]yusuan.Column{}
	for _, c := range tb.Columns {
		col[c.Key] = c
	}
	for _, k := range []string{"income", "expenditure", "expenditure_dept_economic", "expenditure_gov_economic"} {
		if _, ok := col[k]; !ok {
			t.Fatalf("no column %s: %+v", k, tb.Columns)
		}
	}
	if g := col["expenditure_dept_economic"].Group; g != "部门预算支出经济分类科目（按大类）" {
		t.Errorf("group of the department economic side: %q", g)
	}
	// Every printed label is one row with its side's amount; no label is
	// run together with another side's.
	want := map[string]map[string]yusuan.Amount{
		"1、财政拨款":        {"income": yusuan.Yuan(5_000_000)},
		"1、一般公共服务支出":    {"expenditure": yusuan.Yuan(4_000_000)},
		"3、社会保障和就业支出":   {"expenditure": yusuan.Yuan(1_000_000)},
		"(1)工资福利支出":     {"expenditure_dept_economic": yusuan.Yuan(2_500_000)},
		"2、专项业务经费支出":    {"expenditure_dept_economic": yusuan.Yuan(2_000_000)},
		"2、机关商品和服务支出":   {"expenditure_gov_economic": yusuan.Yuan(2_500_000)},
		"1、人员经费和公用经费支出": {"expenditure_dept_economic": yusuan.Yuan(3_000_000)},
	}
	seen := map[string]bool{}
	for _, r := range tb.Rows {
		if cells, ok := want[r.Name]; ok {
			seen[r.Name] = true
			if len(r.Cells) != len(cells) {
				t.Errorf("row %s: cells %v, want %v", r.Name, r.Cells, cells)
			}
			for k, a := range cells {
				if r.Cells[k].Num != a {
					t.Errorf("row %s column %s: %v, want %v", r.Name, k, r.Cells[k].Num, a)
				}
			}
		}
		if len([]rune(r.Name)) > 16 {
			t.Errorf("labels run together: %q", r.Name)
		}
	}
	for name := range want {
		if !seen[name] {
			t.Errorf("row %s not read", name)
		}
	}
	// The blank under 2、外交支出 stays blank, on its own side.
	for _, r := range tb.Rows {
		if r.Name == "2、外交支出" && len(r.Cells) != 0 {
			t.Errorf("2、外交支出: %v, want blank", r.Cells)
		}
	}
}
