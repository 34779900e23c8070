package recognize_test

import (
	"strings"
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

// readOne reads one page of words with the general profile.
func readOne(t *testing.T, w []pdf.Word) *yusuan.Document {
	t.Helper()
	l := pdf.Layout("family.pdf", []pdf.Page{{Width: 842, Height: 595, Words: w}})
	g, err := profile.General()
	if err != nil {
		t.Fatal(err)
	}
	res, err := recognize.RecognizeGeneral(l, g, catalogOf(2026))
	if err != nil {
		t.Fatal(err)
	}
	return res.Doc
}

// TestColumnMarksAndRightAlignedAmounts: Changsha numbers the amount
// columns 1, 2, 3 in a 栏次 row and marks the code and name columns "**";
// its amounts are right-aligned, right of their centred headers. The "**"
// heads nothing: 总计 is the first amount column's header.
func TestColumnMarksAndRightAlignedAmounts(t *testing.T) {
	w := []pdf.Word{
		word(307, 540, 42, "2026年一般公共预算支出情况表"),
		word(35, 142, 75, "部门名称：某某市某某局"), word(765, 814, 75, "单位：万元"),
		word(90, 130, 92, "科目编码"),
		word(294, 333, 104, "功能科目"), word(491, 501, 104, "总"), word(511, 521, 104, "计"),
		word(617, 656, 104, "基本支出"), word(736, 775, 104, "项目支出"),
		word(54, 64, 115, "类"), word(105, 115, 115, "款"), word(156, 166, 115, "项"),
		word(54, 64, 134, "**"), word(105, 115, 134, "**"), word(156, 166, 134, "**"), word(306, 316, 134, "**"),
		word(504, 509, 134, "1"), word(634, 639, 134, "2"), word(753, 758, 134, "3"),
		word(188, 208, 154, "合计"), word(534, 575, 154, "2,000.00"), word(653, 695, 154, "1,500.00"), word(783, 814, 154, "500.00"),
		word(51, 66, 180, "201"), word(188, 266, 180, "一般公共服务支出"), word(534, 575, 180, "2,000.00"), word(653, 695, 180, "1,500.00"), word(783, 814, 180, "500.00"),
		word(56, 71, 207, "201"), word(110, 120, 207, "03"), word(156, 166, 207, "01"), word(198, 238, 207, "行政运行"), word(534, 575, 207, "1,500.00"), word(653, 695, 207, "1,500.00"),
		word(56, 71, 234, "201"), word(110, 120, 234, "03"), word(156, 166, 234, "99"), word(198, 300, 234, "其他政府办公厅"), word(534, 575, 234, "500.00"), word(783, 814, 234, "500.00"),
	}
	doc := readOne(t, w)
	tb := doc.Table(yusuan.KindGeneralPublicFunctional)
	if tb == nil {
		t.Fatalf("no general_public_functional table: %s", kinds(doc))
	}
	var keys []string
	for _, c := range tb.Columns {
		keys = append(keys, c.Key+":"+c.Label)
		if c.Label == "**" {
			t.Errorf("a 栏次 mark heads a column: %+v", tb.Columns)
		}
	}
	var total *yusuan.Row
	for i := range tb.Rows {
		if tb.Rows[i].Code == "2010301" {
			total = &tb.Rows[i]
		}
	}
	if total == nil {
		t.Fatalf("row 2010301 not read: %+v", tb.Rows)
	}
	if got := total.Cells["total"].Num; got != yusuan.Yuan(15_000_000) {
		t.Errorf("2010301 总计 = %v, want 1,500.00 万元; columns %v; cells %v", got, keys, total.Cells)
	}
	if _, ok := total.Cells["project"]; ok {
		t.Errorf("2010301 项目支出 should be blank: %v", total.Cells)
	}
}

// TestLetterSpacedSideHeadings: a 财政拨款收支总表 whose side headings are
// letter-spaced far apart (支 … 出 over three columns): "出" is not part of
// the 一般公共预算 column's header.
func TestLetterSpacedSideHeadings(t *testing.T) {
	w := []pdf.Word{
		word(307, 540, 42, "2026年财政拨款收支总体情况表"),
		word(35, 142, 75, "部门名称：某某市某某局"), word(765, 814, 75, "单位：万元"),
		word(112, 122, 93, "收"), word(216, 226, 93, "入"), word(503, 513, 93, "支"), word(607, 617, 93, "出"),
		word(114, 134, 119, "项目"), word(244, 254, 119, "金"), word(264, 274, 119, "额"),
		word(386, 406, 119, "项目"), word(522, 542, 119, "合计"), word(588, 646, 119, "一般公共预算"), word(680, 740, 119, "政府性基金预算"),
		word(35, 94, 142, "一、本年收入"), word(262, 303, 142, "2,000.00"), word(307, 365, 142, "一、本年支出"), word(534, 575, 142, "2,000.00"), word(613, 655, 142, "2,000.00"),
		word(35, 147, 161, "1、一般公共预算拨款收入"), word(262, 303, 161, "2,000.00"), word(307, 399, 161, "1、一般公共服务支出"), word(534, 575, 161, "2,000.00"), word(613, 655, 161, "2,000.00"),
		word(35, 157, 180, "2、政府性基金预算拨款收入"), word(307, 399, 180, "2、外交支出"),
		word(35, 94, 199, "收入总计"), word(262, 303, 199, "2,000.00"), word(307, 365, 199, "支出总计"), word(534, 575, 199, "2,000.00"), word(613, 655, 199, "2,000.00"),
	}
	doc := readOne(t, w)
	tb := doc.Table(yusuan.KindFiscalSummary)
	if tb == nil {
		t.Fatalf("no fiscal_summary table: %s", kinds(doc))
	}
	found := false
	for _, c := range tb.Columns {
		if c.Label == "一般公共预算" {
			found = true
		}
		if c.Label == "出一般公共预算" || c.Label == "支" || c.Label == "出" {
			t.Errorf("a heading's letter in a column header: %+v", tb.Columns)
		}
	}
	if !found {
		t.Errorf("no column 一般公共预算: %+v", tb.Columns)
	}
}

// TestRepeatedSubColumns lays out Shenzhen's 三公 table: every item
// (总计, 因公出国(境)费, 公务接待费, and 小计/购置费/运行维护费 under
// 公务用车购置及运行维护费) over three columns by source of funds, the
// item's name printed narrow over the middle one; rows by year. Each item
// heads its three columns; its first (一般公共预算) is keyed by the item.
func TestRepeatedSubColumns(t *testing.T) {
	items := []string{"总计", "因公出国(境)费", "公务接待费", "小计", "公务用车购置费", "公务用车运行维护费"}
	srcs := []string{"一般公共预算", "政府性基金预算", "国有资本经营预算"}
	w := []pdf.Word{
		word(300, 500, 40, "财政拨款“三公”经费支出表"),
		word(20, 200, 60, "部门名称：某某市某某局"), word(780, 820, 60, "单位：万元"),
		word(581, 701, 75, "公务用车购置及运行维护费"),
		word(20, 60, 90, "预算单位"), word(90, 114, 90, "年度"),
	}
	x := func(item, src int) float64 { return 130 + float64(item*3+src)*38 }
	for i, it := range items {
		// The item's name centred over its middle column.
		half := float64(len([]rune(it))) * 5 / 2
		w = append(w, word(x(i, 1)+17-half, x(i, 1)+17+half, 90, it))
		for j, s := range srcs {
			w = append(w, word(x(i, j), x(i, j)+34, 110, s))
		}
	}
	vals := map[string][]string{
		"2025": {"59.66", "0.00", "0.00", "41.60", "0.00", "0.00", "9.46", "0.00", "0.00", "8.60", "0.00", "0.00", "0.00", "0.00", "0.00", "8.60", "0.00", "0.00"},
		"2026": {"58.46", "0.00", "0.00", "41.60", "0.00", "0.00", "9.46", "0.00", "0.00", "7.40", "0.00", "0.00", "0.00", "0.00", "0.00", "7.40", "0.00", "0.00"},
	}
	y := 130.0
	for _, yr := range []string{"2025", "2026"} {
		if yr == "2025" {
			w = append(w, word(20, 80, y, "某某市某某局"))
		}
		w = append(w, word(90, 106, y, yr), word(108, 114, y, "年"))
		for k, v := range vals[yr] {
			w = append(w, word(x(k/3, k%3), x(k/3, k%3)+30, y, v))
		}
		y += 18
	}
	doc := readOne(t, w)
	tb := doc.Table(yusuan.KindThreePublic)
	if tb == nil {
		t.Fatalf("no three_public table: %s", kinds(doc))
	}
	want := map[string]string{"total": "总计", "abroad": "因公出国(境)费", "reception": "公务接待费",
		"vehicle": "公务用车购置及运行维护费/小计", "vehicle_purchase": "公务用车购置及运行维护费/公务用车购置费", "vehicle_operation": "公务用车购置及运行维护费/公务用车运行维护费"}
	for _, c := range tb.Columns {
		if g, ok := want[c.Key]; ok {
			if c.Group != g || c.Label != "一般公共预算" {
				t.Errorf("column %s: %q/%q, want %q/一般公共预算", c.Key, c.Group, c.Label, g)
			}
			delete(want, c.Key)
		}
		if c.Type == yusuan.ColAmount && !strings.HasSuffix(c.Label, "预算") {
			t.Errorf("column %s label %q runs an item into its source", c.Key, c.Label)
		}
	}
	if len(want) != 0 {
		t.Errorf("not keyed: %v (columns %+v)", want, tb.Columns)
	}
	var row2026 *yusuan.Row
	for i := range tb.Rows {
		for _, v := range tb.Rows[i].Cells {
			if v.IsText && v.Text == "2026年" {
				row2026 = &tb.Rows[i]
			}
		}
		if strings.HasSuffix(tb.Rows[i].Name, "2026年") {
			row2026 = &tb.Rows[i]
		}
		if tb.Rows[i].Code != "" || tb.Rows[i].GovCode != "" {
			t.Errorf("a year read as a code: %+v", tb.Rows[i])
		}
	}
	if row2026 == nil {
		t.Fatalf("no row 2026年: %+v", tb.Rows)
	}
	if got := row2026.Cells["vehicle"].Num; got != yusuan.Yuan(74_000) {
		t.Errorf("2026年 公务用车购置及运行维护费 = %v, want 7.40 万元", got)
	}
}

// TestThreeClassificationsInKeyZone: Beijing's 支出总表 prints each row
// by function, by government economic class and by department economic
// class (2040601-行政运行 | 50101-工资奖金津补贴 | 30101-基本工资). The
// government name stays the government name; the department class is a
// text cell of its own column, not run into the government name.
func TestThreeClassificationsInKeyZone(t *testing.T) {
	w := []pdf.Word{
		word(330, 420, 40, "预算03表 支出总表"),
		word(760, 820, 60, "金额单位：万元"),
		word(60, 160, 90, "支出功能分类科目"), word(190, 290, 90, "政府支出经济分类科目"), word(320, 420, 90, "部门支出经济分类科目"),
		word(470, 494, 90, "合计"), word(560, 608, 90, "基本支出"), word(660, 708, 90, "项目支出"),
		word(20, 110, 120, "2040601-行政运行"), word(170, 280, 120, "50101-工资奖金津补贴"), word(310, 390, 120, "30101-基本工资"),
		word(440, 500, 120, "2,164.528800"), word(550, 610, 120, "2,164.528800"),
		word(20, 110, 138, "2040601-行政运行"), word(170, 280, 138, "50201-办公经费"), word(310, 390, 138, "30201-办公费"),
		word(440, 500, 138, "101.000000"), word(550, 610, 138, "101.000000"),
		word(20, 110, 156, "2040604-基层司法业务"), word(170, 280, 156, "50201-办公经费"), word(310, 390, 156, "30201-办公费"),
		word(440, 500, 156, "20.000000"), word(650, 710, 156, "20.000000"),
	}
	doc := readOne(t, w)
	tb := doc.Table(yusuan.KindExpenditure)
	if tb == nil {
		t.Fatalf("no expenditure table: %s", kinds(doc))
	}
	if len(tb.Rows) != 3 {
		t.Fatalf("rows: %+v", tb.Rows)
	}
	want := []struct{ code, gov, govName, dept string }{
		{"2040601", "50101", "工资奖金津补贴", "30101 基本工资"},
		{"2040601", "50201", "办公经费", "30201 办公费"},
		{"2040604", "50201", "办公经费", "30201 办公费"},
	}
	for i, r := range tb.Rows {
		wt := want[i]
		if r.Code != wt.code || r.GovCode != wt.gov || r.GovName != wt.govName || r.Cells["dept_economic"].Text != wt.dept {
			t.Errorf("row %d: %s | %s %s | %q, want %+v", i, r.Code, r.GovCode, r.GovName, r.Cells["dept_economic"].Text, wt)
		}
	}
	if c := tb.Columns[0]; c.Key != "dept_economic" || c.Label != "部门支出经济分类科目" || c.Type != yusuan.ColText {
		t.Errorf("first column %+v", c)
	}
}

// TestGroupWithItsOwnSubtotal lays out Yantai's 收入总表 header: 合计 |
// 财政拨款收入 (小计 | 一般公共预算收入 | 政府性基金预算收入 | 国有资本经营预算收入)
// | 财政专户管理资金收入 | 事业收入（不含教育收费）, the group printed over
// the middle of its four columns. The group, having its own 小计, does not
// take the 合计 beside it (the table's total); "（不含教育收费）" under
// 事业收入 is the rest of that header, not a column under a group.
func TestGroupWithItsOwnSubtotal(t *testing.T) {
	w := []pdf.Word{
		word(300, 420, 40, "收入总体情况表"),
		word(20, 200, 60, "部门（单位）：某某市某某局"), word(783, 826, 60, "单位：万元"),
		word(29, 63, 118, "科目编码"), word(307, 358, 118, "财政拨款收入"),
		word(489, 523, 131, "事业收入"),
		word(435, 478, 135, "财政专户管"), word(485, 527, 139, "（不含教育"),
		word(114, 148, 139, "科目名称"), word(205, 227, 139, "合计"),
		word(287, 329, 144, "一般公共预"), word(336, 379, 144, "政府性基金"), word(386, 428, 144, "国有资本经"),
		word(435, 478, 143, "理资金收入"), word(493, 519, 148, "收费）"),
		word(21, 29, 148, "类"), word(42, 50, 148, "款"), word(63, 72, 148, "项"), word(250, 267, 148, "小计"),
		word(295, 321, 153, "算收入"), word(340, 374, 153, "预算收入"), word(386, 428, 153, "营预算收入"),
		word(80, 103, 181, "合计"), word(201, 232, 181, "9,325.57"), word(251, 281, 181, "9,232.56"), word(300, 331, 181, "9,232.56"),
		word(19, 31, 202, "201"), word(80, 140, 202, "一般公共服务支出"), word(201, 232, 202, "8,105.31"), word(251, 281, 202, "8,012.30"), word(300, 331, 202, "8,012.30"),
		word(19, 31, 223, "201"), word(42, 50, 223, "03"), word(63, 72, 223, "01"), word(80, 120, 223, "行政运行"), word(201, 232, 223, "8,105.31"), word(251, 281, 223, "8,012.30"), word(300, 331, 223, "8,012.30"),
	}
	doc := readOne(t, w)
	tb := doc.Table(yusuan.KindIncome)
	if tb == nil {
		t.Fatalf("no income table: %s", kinds(doc))
	}
	got := map[string]string{}
	for _, c := range tb.Columns {
		got[c.Label] = c.Group + "|" + c.Key
	}
	if g := got["合计"]; g != "|total" {
		t.Errorf("合计: %q, want no group, key total (columns %v)", g, got)
	}
	if g := got["小计"]; g != "财政拨款收入|appropriation" {
		t.Errorf("小计: %q, want under 财政拨款收入 (columns %v)", g, got)
	}
	if g, ok := got["事业收入（不含教育收费）"]; !ok || strings.HasPrefix(g, "事业收入") {
		t.Errorf("事业收入（不含教育收费）: %q (columns %v)", g, got)
	}
	if g := got["财政专户管理资金收入"]; strings.HasPrefix(g, "财政拨款收入") || strings.HasPrefix(g, "事业收入") {
		t.Errorf("财政专户管理资金收入 under a group: %q", g)
	}
}
