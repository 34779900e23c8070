package check

import (
	"fmt"
	"strings"
	"testing"

	"github.com/yusuan/yusuan"
)

// withListTotal prints the project forms as one list with a 合计 row
// (Changsha's 项目支出绩效目标表): the sum of the projects' amounts (the
// list's amount column is read into project_total) plus
// off.
func withListTotal(off yusuan.Amount) func(t testing.TB, d *yusuan.Document) {
	return func(t testing.TB, d *yusuan.Document) {
		forms := d.TablesOf(kPerfP)
		if len(forms) < 2 {
			t.Fatalf("%d project forms", len(forms))
		}
		var s yusuan.Amount
		for _, f := range forms {
			s += row(t, f, "project_total").Amount("value")
		}
		forms[0].Rows = append(forms[0].Rows, yusuan.Row{Key: "list_total", Name: "合计", Level: yusuan.LevelTotal,
			Cells: map[string]yusuan.Value{"value": yusuan.AmountValue(s + off)}})
	}
}

// withPrintedCode gives the first 款 row of the basic expenditure table
// a code printed so, as the reader keeps it.
func withPrintedCode(printed func(code string) string) func(t testing.TB, d *yusuan.Document) {
	return func(t testing.TB, d *yusuan.Document) {
		x := tbl(t, d, kGPB)
		for i := range x.Rows {
			if r := &x.Rows[i]; len(r.Code) == 5 {
				r.PrintedCode = printed(r.Code)
				return
			}
		}
		t.Fatal("no 款 row")
	}
}

// floorAreas is 万里街道 2024's project description (p33) with the 地上
// figure printed as given.
func floorAreas(above string) func(t testing.TB, d *yusuan.Document) {
	return withParagraph("assets", "本工程规划建筑面积约为13459平方米，其中地上建筑面积为"+above+"平方米（其中计容面积7998平方米，不计容面积105平方米），地下建筑面积为5356平方米，建筑高度为29.8米。")
}

// withContents gives the document a table of contents listing its
// tables in the order given (indexes into Tables), numbered 一、二、….
func withContents(order ...int) func(t testing.TB, d *yusuan.Document) {
	return func(t testing.TB, d *yusuan.Document) {
		num := []string{"一", "二", "三", "四", "五", "六", "七", "八", "九", "十"}
		d.Contents = []yusuan.ContentsEntry{{Title: "第二部分 2021年部门预算表"}}
		for i, k := range order {
			d.Contents = append(d.Contents, yusuan.ContentsEntry{Title: num[i] + "、" + d.Tables[k].Title})
		}
	}
}

// withSMEShares adds 国家信访局 2024 决算's procurement paragraph (p26),
// the two category shares printed as given.
func withSMEShares(goods, services string) func(t testing.TB, d *yusuan.Document) {
	return func(t testing.TB, d *yusuan.Document) {
		s := section(t, d, "procurement")
		s.Paragraphs = append(s.Paragraphs, "")
		i := len(s.Paragraphs) - 1
		amount := func(text, printed, ref string, dec int) {
			addFigure(t, d, "procurement", i, text, yusuan.Figure{Kind: yusuan.FigureAmount, Ref: ref, Unit: "万元", Decimals: dec, Printed: printed, Text: printed + "万元"})
		}
		amount("政府采购支出总额1967.42万元，其中：政府采购货物支出171.7万元", "171.7", "procurement.goods", 1)
		amount("、政府采购工程支出3万元", "3", "procurement.works", 0)
		amount("、政府采购服务支出1792.72万元。", "1792.72", "procurement.services", 2)
		amount("授予中小企业合同金额1820.69万元", "1820.69", "procurement.sme", 2)
		s.Paragraphs[i] += "；货物采购授予中小企业合同金额占货物支出金额的" + goods + "%，服务采购授予中小企业合同金额占服务支出金额的" + services + "%。"
	}
}

func init() {
	// The shares as they would be on the categories' spending: 171.7 ×
	// 100% + 3 + 1792.72 × 91.8% ≥ 1820.69; as printed (shares of the 中小企业
	// amount itself, 9.16% + 90.84% = 100%) they allow at most 1647.84.
	ruleCases["PROC-009"] = ruleCase{pass: withSMEShares("100", "91.8"), fail: withSMEShares("9.16", "90.84")}
	// 国家信访局 2024 决算 p2: the last three tables listed 三公, 基金, 国资
	// where the document prints 基金, 国资, 三公.
	ruleCases["COMP-011"] = ruleCase{pass: withContents(0, 1, 2, 3, 4, 5, 6, 7, 8), fail: withContents(0, 1, 2, 3, 4, 5, 8, 6, 7)}
	ruleCases["FACT-006"] = ruleCase{pass: floorAreas("8103"), fail: floorAreas("8013")}
	// A 款 printed with its leading zero lost (万里街道 2024, p29: “301 2”);
	// a code of a column the reader took for one (西安 2026 表12: “201 03
	// 01 1”, nine digits) is no classification code and not reported.
	ruleCases["CODE-011"] = ruleCase{
		pass: withPrintedCode(func(code string) string { return code[:3] + " " + code[3:] + " 1" }),
		fail: withPrintedCode(func(code string) string { return code[:3] + " " + strings.TrimPrefix(code[3:], "0") }),
	}
	// A 合计 that counts a project whose form is not printed.
	ruleCases["PERF-012"] = ruleCase{pass: withListTotal(0), fail: withListTotal(yusuan.Yuan(1_305_000))}
}

// withGrandTotals prints the 财政拨款收支总表 as the general reader reads a
// two-sided table (central departments' 表4): 收入总计 and 支出总计 as two
// rows keyed grand_total, each with its side's amount, and no total row.
func withGrandTotals(t testing.TB, d *yusuan.Document) {
	x := tbl(t, d, kFis)
	tot := row(t, x, "total")
	in, out := tot.Cells["income"], tot.Cells["expenditure"]
	var rows []yusuan.Row
	for _, r := range x.Rows {
		if r.Key != "total" {
			rows = append(rows, r)
		}
	}
	x.Rows = append(rows,
		yusuan.Row{Name: "收入总计", Key: "grand_total", Level: yusuan.LevelTotal, Cells: map[string]yusuan.Value{"income": in}},
		yusuan.Row{Name: "支出总计", Key: "grand_total", Level: yusuan.LevelTotal, Cells: map[string]yusuan.Value{"expenditure": out}})
}

// TestFiscalGrandTotal: the narrative's 财政拨款收支总预算 is read against
// the 收入总计 of a 财政拨款收支总表 read without a profile (central 2026
// p18: 18,728.91 printed for 18,728.94).
func TestFiscalGrandTotal(t *testing.T) {
	for _, tt := range []struct {
		printed string
		want    int
	}{
		{"9661.99", 0},
		{"9661.96", 1},
	} {
		doc, ctx := example(t)
		withGrandTotals(t, doc)
		s := section(t, doc, "overview")
		s.Paragraphs = append(s.Paragraphs, "")
		addFigure(t, doc, "overview", len(s.Paragraphs)-1, "2021年财政拨款收支总预算"+tt.printed+"万元。",
			yusuan.Figure{Kind: yusuan.FigureAmount, Ref: "fiscal", Unit: "万元", Decimals: 2, Printed: tt.printed, Text: tt.printed + "万元"})
		n := 0
		for _, f := range findingsOf(doc, ctx, "NAR-001") {
			if strings.HasPrefix(f.Actual, tt.printed) {
				n++
			}
		}
		if n != tt.want {
			t.Errorf("%s: %d NAR-001 findings, want %d", tt.printed, n, tt.want)
		}
	}
}

// TestQuantityBreakdowns: a sum over its whole is a warning, one wrong
// part is reported once, a sum under its whole is only a note (a list of
// some parts), and a breakdown of one part is not checked.
func TestQuantityBreakdowns(t *testing.T) {
	for _, tt := range []struct {
		text string
		want []Severity
	}{
		{"用地面积100亩，其中耕地60亩、林地50亩。", []Severity{Warning}},
		{"本工程规划建筑面积约为13459平方米，其中地上建筑面积为8013平方米（其中计容面积7998平方米，不计容面积105平方米），地下建筑面积为5356平方米。", []Severity{Warning}},
		{"房屋建筑面积5000平方米，其中办公用房3000平方米、业务用房1500平方米。", []Severity{Info}},
		{"房屋建筑面积5000平方米，其中办公用房3000平方米。", nil},
		{"道路长12.5公里，其中新建7.25公里、改建5.25公里；绿化面积3000平方米。", nil},
	} {
		doc, ctx := example(t)
		withParagraph("assets", tt.text)(t, doc)
		var got []Severity
		for _, f := range findingsOf(doc, ctx, "FACT-006") {
			got = append(got, f.Severity)
		}
		if fmt.Sprint(got) != fmt.Sprint(tt.want) {
			t.Errorf("%s: %v, want %v", tt.text, got, tt.want)
		}
	}
}

// TestContentsPages: an entry whose page number is off the offset the
// other entries share is reported; one offset for all is not.
func TestContentsPages(t *testing.T) {
	for _, tt := range []struct {
		pages []int
		want  int
	}{
		{[]int{3, 4, 5, 6, 7}, 0},
		{[]int{3, 4, 6, 6, 7}, 1},
	} {
		doc, ctx := example(t)
		doc.Contents = nil
		for i, pg := range tt.pages {
			doc.Tables[i].Source = &yusuan.Position{File: "x.pdf", Page: i + 5, Line: 1}
			doc.Contents = append(doc.Contents, yusuan.ContentsEntry{Title: doc.Tables[i].Title, Page: pg})
		}
		fs := findingsOf(doc, ctx, "COMP-011")
		if len(fs) != tt.want {
			t.Errorf("pages %v: %d findings, want %d", tt.pages, len(fs), tt.want)
		}
		for _, f := range fs {
			if !strings.Contains(f.Actual, "页码 6 与正文不符（该表印在第 5 页）") {
				t.Errorf("pages %v: %s", tt.pages, f.Actual)
			}
		}
	}
}

// FuzzQuantityBreakdowns feeds arbitrary paragraphs to FACT-006's reading
// of quantities and parentheses: whatever the text, it ends without a
// panic.
func FuzzQuantityBreakdowns(f *testing.F) {
	f.Add("本工程规划建筑面积约为13459平方米，其中地上建筑面积为8013平方米（其中计容面积7998平方米，不计容面积105平方米），地下建筑面积为5356平方米。")
	f.Add("用地100亩）（其中（耕地60亩；林地50亩")
	rule := RuleByID("FACT-006")
	f.Fuzz(func(t *testing.T, text string) {
		if len(text) > 1<<12 {
			return
		}
		d := &yusuan.Document{Narrative: []yusuan.Section{{Key: "assets", Title: "国有资产占用情况", Paragraphs: []string{text}}}}
		Run(d, Context{}, []*Rule{rule})
	})
}
