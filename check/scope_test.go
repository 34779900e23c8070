package check

import (
	"strings"
	"testing"

	"github.com/yusuan/yusuan"
)

// The central MoF 9-table family (国家信访局 2026), read by the general
// reader: 部门支出总表 (all funds), 财政拨款收支总表 (this year's money
// with its carry-over, two-sided, totals keyed grand_total) and
// 一般公共预算支出表 (this year's general public budget only) print the
// same 类 with different figures, and the narrative explains each table in
// its own section without saying which in front of each figure.

// wanAmt is an amount printed in 万元 with two decimals, given in hundredths
// of 万元 (15291.30 万元 = 1529130).
func wanAmt(hundredths int64) yusuan.Amount { return yusuan.Amount(hundredths * 10000) }

func classRows(col string, vals map[string]int64, total int64) []yusuan.Row {
	names := map[string]string{"201": "一般公共服务支出", "205": "教育支出", "208": "社会保障和就业支出", "221": "住房保障支出"}
	var rows []yusuan.Row
	for _, c := range []string{"201", "205", "208", "221"} {
		rows = append(rows, yusuan.Row{Code: c, Name: names[c], Level: yusuan.LevelClass, Cells: map[string]yusuan.Value{col: yusuan.AmountValue(wanAmt(vals[c]))}})
	}
	if total >= 0 {
		rows = append(rows, yusuan.Row{Name: "合计", Level: yusuan.LevelTotal, Cells: map[string]yusuan.Value{col: yusuan.AmountValue(wanAmt(total))}})
	}
	return rows
}

func amountCols(keys ...string) []yusuan.Column {
	var cs []yusuan.Column
	for _, k := range keys {
		cs = append(cs, yusuan.Column{Key: k, Label: k, Type: yusuan.ColAmount})
	}
	return cs
}

// centralFamily builds the tables of the family with the sample's
// figures, and no narrative.
func centralFamily() *yusuan.Document {
	d := &yusuan.Document{Schema: "yusuan.document/v1", Profile: "general", Kind: yusuan.DocBudget, Level: "department",
		Year: 2026, Origin: "central.pdf"}
	in := func(key, name string, v int64) yusuan.Row {
		return yusuan.Row{Key: key, Name: name, Cells: map[string]yusuan.Value{"income": yusuan.AmountValue(wanAmt(v))}}
	}
	out := func(key, name string, v int64) yusuan.Row {
		return yusuan.Row{Key: key, Name: name, Cells: map[string]yusuan.Value{"expenditure": yusuan.AmountValue(wanAmt(v))}}
	}
	sum := yusuan.Table{Kind: yusuan.KindSummary, Number: 1, Title: "部门收支总表", Unit: "万元", Columns: amountCols("income", "expenditure")}
	sum.Rows = append(sum.Rows, in("general_public", "一、一般公共预算拨款收入", 1647482), in("other_income", "五、其他收入", 3188800),
		in("income_total", "本年收入合计", 4836282), in("carry_over", "上年结转", 225412), in("grand_total", "收入总计", 5061694))
	sum.Rows = append(sum.Rows, classRows("expenditure", map[string]int64{"201": 4717930, "205": 11801, "208": 220819, "221": 111144}, -1)...)
	sum.Rows = append(sum.Rows, out("expenditure_total", "本年支出合计", 5061694), out("grand_total", "支出总计", 5061694))

	exp := yusuan.Table{Kind: yusuan.KindExpenditure, Number: 3, Title: "部门支出总表", Unit: "万元", Columns: amountCols("total"),
		Rows: classRows("total", map[string]int64{"201": 4717930, "205": 11801, "208": 220819, "221": 111144}, 5061694)}

	fis := yusuan.Table{Kind: yusuan.KindFiscalSummary, Number: 4, Title: "财政拨款收支总表", Unit: "万元", Columns: amountCols("income", "expenditure")}
	fis.Rows = append(fis.Rows, in("general_public", "（一）一般公共预算拨款", 1647482), in("carry_over", "二、上年结转", 225412),
		in("grand_total", "收入总计", 1872894))
	fis.Rows = append(fis.Rows, classRows("expenditure", map[string]int64{"201": 1529130, "205": 11801, "208": 220819, "221": 111144}, -1)...)
	fis.Rows = append(fis.Rows, out("grand_total", "支出总计", 1872894))

	gpf := yusuan.Table{Kind: yusuan.KindGeneralPublicFunctional, Number: 5, Title: "一般公共预算支出表", Unit: "万元", Columns: amountCols("total"),
		Rows: classRows("total", map[string]int64{"201": 1314437, "205": 11801, "208": 215686, "221": 105558}, 1647482)}
	d.Tables = []yusuan.Table{sum, exp, fis, gpf}
	return d
}

// narrate adds a section with one paragraph and its figures, located in
// the paragraph by their printed text in order.
func narrate(d *yusuan.Document, title, para string, figs ...yusuan.Figure) {
	s := yusuan.Section{Title: title, Paragraphs: []string{para}}
	for _, f := range figs {
		f.Paragraph = 0
		if f.Unit == "" {
			f.Unit = "万元"
		}
		if f.Kind == yusuan.FigureShare || f.Kind == yusuan.FigureGrowth {
			f.Unit = "%"
		}
		s.Figures = append(s.Figures, f)
	}
	d.Narrative = append(d.Narrative, s)
}

func amt(ref, printed string) yusuan.Figure {
	return yusuan.Figure{Kind: yusuan.FigureAmount, Ref: ref, Printed: printed}
}

func shr(ref, base, printed string) yusuan.Figure {
	return yusuan.Figure{Kind: yusuan.FigureShare, Ref: ref, Base: base, Printed: printed}
}

// fiscalSection is 四、关于财政拨款收支总表的说明, with the references the
// general reader gives its figures. total is the printed 总预算.
func fiscalSection(d *yusuan.Document, total, share201 string) {
	narrate(d, "四、关于财政拨款收支总表的说明",
		"2026年国家信访局财政拨款收支总预算"+total+"万元。收入全部为一般公共预算拨款（无政府性基金及国有资本经营预算拨款），包括：一般公共预算当年拨款收入16,474.82万元、上年结转2,254.12万元；支出包括：一般公共服务支出15,291.3万元，占"+share201+"%；教育支出118.01万元，占0.63%；社会保障和就业支出2,208.19万元，占11.79%；住房保障支出1,111.44万元，占5.93%。",
		amt("fiscal", total), amt("general_public", "16,474.82"), amt("income:carryover", "2,254.12"),
		amt("function:201", "15,291.3"), shr("function:201", "fiscal", share201),
		amt("function:205", "118.01"), shr("function:205", "fiscal", "0.63"),
		amt("function:208", "2,208.19"), shr("function:208", "fiscal", "11.79"),
		amt("function:221", "1,111.44"), shr("function:221", "fiscal", "5.93"))
}

// gpSection is （二）一般公共预算当年拨款结构情况: the reader takes the
// first class for the whole of the shares after it.
func gpSection(d *yusuan.Document, share208 string) {
	narrate(d, "（二）一般公共预算当年拨款结构情况",
		"按照支出功能分类，2026年，一般公共服务（类）支出13,144.37万元，占79.78%；教育（类）支出118.01万元，占0.72%；社会保障和就业（类）支出2,156.86万元，占"+share208+"%；住房保障（类）支出1,055.58万元，占6.41%。",
		amt("function:201", "13,144.37"), shr("function:201", "", "79.78"),
		amt("function:205", "118.01"), shr("function:205", "function:201", "0.72"),
		amt("function:208", "2,156.86"), shr("function:208", "function:201", share208),
		amt("function:221", "1,055.58"), shr("function:221", "function:201", "6.41"))
}

func errorsOf(fs []Finding, ids ...string) []Finding {
	var out []Finding
	for _, f := range fs {
		if f.Severity == Error && contains(ids, f.Rule) {
			out = append(out, f)
		}
	}
	return out
}

func describe(fs []Finding) string {
	var b strings.Builder
	for _, f := range fs {
		b.WriteString("\n  " + string(f.Severity) + " " + f.Rule + " " + f.Message + " 应为 " + f.Expected + "：" + f.Detail)
	}
	return b.String()
}

// TestFunctionalScopes: a narrative figure of a functional class is read
// in the table its section explains; shares of a list of classes are of
// that table's whole, not of the first class.
func TestFunctionalScopes(t *testing.T) {
	narRules := []string{"NAR-001", "NAR-002", "NAR-009"}
	t.Run("财政拨款收支总表 section", func(t *testing.T) {
		d := centralFamily()
		fiscalSection(d, "18,728.94", "81.65")
		if fs := errorsOf(Check(d, Context{}), narRules...); len(fs) != 0 {
			t.Fatalf("the section agrees with 表4 (15,291.30 ÷ 18,728.94 = 81.645 %%): %s", describe(fs))
		}
		// The total misprinted (18,728.91, the sample's real error) is
		// found against 表4's 收入总计 / 支出总计.
		d = centralFamily()
		fiscalSection(d, "18,728.91", "81.65")
		fs := errorsOf(Check(d, Context{}), narRules...)
		if len(fs) != 1 || fs[0].Rule != "NAR-001" || fs[0].Expected != "18728.94万元" {
			t.Fatalf("18,728.91 for 18,728.94: want one NAR-001 expecting 18728.94万元, got %s", describe(fs))
		}
		// A wrong share is still an error.
		d = centralFamily()
		fiscalSection(d, "18,728.94", "81.75")
		if fs := errorsOf(Check(d, Context{}), "NAR-002"); len(fs) != 1 {
			t.Fatalf("81.75 %% for 81.65 %%: want one NAR-002, got %s", describe(fs))
		}
	})
	t.Run("一般公共预算 structure section", func(t *testing.T) {
		d := centralFamily()
		gpSection(d, "13.09")
		if fs := errorsOf(Check(d, Context{}), narRules...); len(fs) != 0 {
			t.Fatalf("2,156.86 ÷ 16,474.82 = 13.092 %%: %s", describe(fs))
		}
		d = centralFamily()
		gpSection(d, "13.19")
		fs := errorsOf(Check(d, Context{}), "NAR-002")
		if len(fs) != 1 || !strings.Contains(fs[0].Message, "一般公共预算") {
			t.Fatalf("13.19 %% for 13.09 %%: want one NAR-002 against 一般公共预算, got %s", describe(fs))
		}
	})
	t.Run("both sections, no inconsistency between them", func(t *testing.T) {
		d := centralFamily()
		fiscalSection(d, "18,728.94", "81.65")
		gpSection(d, "13.09")
		for _, f := range Check(d, Context{}) {
			if f.Rule == "NAR-007" || f.Severity == Error {
				t.Errorf("%s %s %s: %s", f.Severity, f.Rule, f.Message, f.Detail)
			}
		}
	})
}

// TestProjectFunds: one project's money named by a fund word (“该项目一般
// 公共预算 2,134.87 万元（含上年结转 750.00 万元）”) is not the department's
// fund total, nor its carry-over.
func TestProjectFunds(t *testing.T) {
	project := func(d *yusuan.Document, word string) {
		narrate(d, "（六）预算绩效情况", "（6）年度预算安排2026年拟安排"+word+"一般公共预算2,134.87万元（含上年结转750.00万元）。",
			amt("general_public", "2,134.87"), amt("income:carryover", "750.00"))
	}
	d := centralFamily()
	narrate(d, "二、关于部门收入总表的说明", "2026年国家信访局收入预算总计50,616.94万元，其中，上年结转2,254.12万元，占4.45%。",
		amt("income", "50,616.94"), amt("income:carryover", "2,254.12"), shr("income:carryover", "income", "4.45"))
	project(d, "该项目")
	for _, f := range Check(d, Context{}) {
		if strings.HasPrefix(f.Rule, "NAR-") && f.Severity != Info {
			t.Errorf("%s %s %s: %s", f.Severity, f.Rule, f.Message, f.Detail)
		}
	}
	// Without the project, the words name the department's fund.
	d = centralFamily()
	project(d, "")
	if fs := errorsOf(Check(d, Context{}), "NAR-001"); len(fs) != 1 {
		t.Fatalf("一般公共预算 2,134.87 of the department: want one NAR-001, got %s", describe(fs))
	}
}

// TestAdjustedComparison: one sentence compares with last year's figure
// and with it adjusted (扣除中央基建后): two comparisons, not one stated
// twice differently.
func TestAdjustedComparison(t *testing.T) {
	sentence := func(adjusted string) *yusuan.Document {
		d := centralFamily()
		narrate(d, "（一）一般公共预算当年拨款规模变化情况",
			"国家信访局2026年一般公共预算当年财政拨款16,474.82万元,比2025年执行数减少20,766.6万元，减幅55.76%，"+adjusted+"比2025年执行数增加2,775.6万元，增幅20.26%。",
			amt("general_public", "16,474.82"),
			yusuan.Figure{Kind: yusuan.FigureChange, Ref: "general_public", Printed: "20,766.6", Direction: "decrease"},
			yusuan.Figure{Kind: yusuan.FigureGrowth, Ref: "general_public", Printed: "55.76", Direction: "decrease"},
			yusuan.Figure{Kind: yusuan.FigureChange, Ref: "general_public", Printed: "2,775.6", Direction: "increase"},
			yusuan.Figure{Kind: yusuan.FigureGrowth, Ref: "general_public", Printed: "20.26", Direction: "increase"})
		return d
	}
	if fs := only(Check(sentence("扣除中央基建后"), Context{}), "NAR-007"); len(fs) != 0 {
		t.Fatalf("two bases in one sentence: %s", describe(fs))
	}
	if fs := only(Check(sentence("同时"), Context{}), "NAR-007"); len(fs) == 0 {
		t.Fatal("the same comparison stated twice with other figures: want NAR-007")
	}
}

// TestOperatingCostDerived: the Fuzhou family prints no 公用经费 column;
// 302 + 309 + 310 is the checker's convention, and the document's own
// 公用经费 (577.91, with 46.20 of other items) decides.
func TestOperatingCostDerived(t *testing.T) {
	build := func(printed bool, stated string, cost string) *yusuan.Document {
		d := &yusuan.Document{Schema: "yusuan.document/v1", Profile: "general", Kind: yusuan.DocBudget, Year: 2026, Origin: "fuzhou.pdf"}
		gpb := yusuan.Table{Kind: yusuan.KindGeneralPublicBasic, Number: 9, Title: "一般公共预算基本支出经济分类情况表", Unit: "万元", Columns: amountCols("total")}
		if printed {
			gpb.Columns = amountCols("total", "personnel", "public_funds")
		}
		for _, r := range []struct {
			code  string
			v     int64
			pers  bool
			level string
		}{{"301", 707034, true, yusuan.LevelClass}, {"302", 53171, false, yusuan.LevelClass}, {"303", 23921, true, yusuan.LevelClass}, {"310", 101, false, yusuan.LevelClass}} {
			row := yusuan.Row{Code: r.code, Level: r.level, Cells: map[string]yusuan.Value{"total": yusuan.AmountValue(wanAmt(r.v))}}
			gpb.Rows = append(gpb.Rows, row)
		}
		tot := yusuan.Row{Name: "合计", Level: yusuan.LevelTotal, Cells: map[string]yusuan.Value{"total": yusuan.AmountValue(wanAmt(784226))}}
		if printed {
			tot.Cells["personnel"] = yusuan.AmountValue(wanAmt(730955))
			tot.Cells["public_funds"] = yusuan.AmountValue(wanAmt(53272))
		}
		gpb.Rows = append(gpb.Rows, tot)
		d.Tables = []yusuan.Table{gpb}
		if stated != "" {
			narrate(d, "五、一般公共预算拨款基本支出情况", "人员经费7263.35万元，公用经费"+stated+"万元。",
				amt("personnel", "7263.35"), amt("public_funds", stated))
		}
		narrate(d, "（一）机关运行经费", "2026年，福州市医疗保障局一般公共预算拨款安排的机关运行经费支出"+cost+"万元。",
			amt("operating_cost", cost))
		return d
	}
	sevs := func(d *yusuan.Document) []Finding { return only(Check(d, Context{}), "NAR-012") }
	if fs := sevs(build(false, "577.91", "577.91")); len(fs) != 0 {
		t.Fatalf("机关运行经费 = the stated 公用经费: %s", describe(fs))
	}
	if fs := sevs(build(false, "577.91", "578.00")); len(fs) != 1 || fs[0].Severity != Warning {
		t.Fatalf("above the stated 公用经费, no printed column: want one warning, got %s", describe(fs))
	}
	if fs := sevs(build(false, "", "577.91")); len(fs) != 1 || fs[0].Severity != Warning || !strings.Contains(fs[0].Detail, "303") {
		t.Fatalf("no 公用经费 printed or stated: want one warning naming the other reading, got %s", describe(fs))
	}
	if fs := sevs(build(true, "577.91", "577.91")); len(fs) != 1 || fs[0].Severity != Error {
		t.Fatalf("above a printed 公用经费 column: want one error, got %s", describe(fs))
	}
}

// TestOneSentenceOneError: a wrong change in a sentence that also states
// both totals and the rate (Beijing: 29956.27 − 28479.84 = 1476.43, printed
// 1476.73) breaks the change (NAR-006), the sentence's arithmetic (NAR-013)
// and the rate (NAR-003): one error, the others related, though the
// sentence rules quote it without its closing mark.
func TestOneSentenceOneError(t *testing.T) {
	d := &yusuan.Document{Schema: "yusuan.document/v1", Profile: "general", Kind: yusuan.DocBudget, Year: 2026, Origin: "narrative.pdf"}
	narrate(d, "三、支出预算情况说明", "2026年支出预算29956.27万元，比2025年年初预算数28479.84万元增加1476.73万元，增长5.18%。",
		amt("total", "29956.27"), amt("last_year:total", "28479.84"),
		yusuan.Figure{Kind: yusuan.FigureChange, Ref: "total", Printed: "1476.73", Direction: "increase"},
		yusuan.Figure{Kind: yusuan.FigureGrowth, Ref: "total", Printed: "5.18", Direction: "increase"})
	var errs []Finding
	rules := map[string]bool{}
	for _, f := range Check(d, Context{}) {
		if f.Severity == Error {
			errs = append(errs, f)
			rules[f.Rule] = true
			for _, r := range f.Related {
				rules[r.Rule] = true
			}
		}
	}
	if len(errs) != 1 || !rules["NAR-013"] || !rules["NAR-006"] {
		t.Fatalf("want one error with NAR-006 and NAR-013 among it and its related, got %d: %s", len(errs), describe(errs))
	}
}

// TestContentsHeadings: the contents page of a narrative printed on its
// own (Beijing) is read as headings with nothing under them; a heading
// printed again later with its text is a contents line, not an empty part.
func TestContentsHeadings(t *testing.T) {
	build := func(body bool) *yusuan.Document {
		d := &yusuan.Document{Schema: "yusuan.document/v1", Profile: "general", Kind: yusuan.DocBudget, Year: 2026, Origin: "narrative.pdf"}
		at := func(page, line int) *yusuan.Position {
			return &yusuan.Position{File: "narrative.pdf", Page: page, Line: line}
		}
		d.Narrative = []yusuan.Section{
			{Title: "二、收入预算情况说明", Source: at(1, 6)},
			{Title: "三、支出预算情况说明", Source: at(1, 7)},
		}
		if body {
			d.Narrative = append(d.Narrative,
				yusuan.Section{Title: "二、收入预算情况说明", Paragraphs: []string{"2026年收入预算29956.27万元。"}, Source: at(5, 21)},
				yusuan.Section{Title: "三、支出预算情况说明", Paragraphs: []string{"2026年支出预算29956.27万元。"}, Source: at(7, 2)})
		}
		return d
	}
	if fs := only(Check(build(true), Context{}), "NAR-020"); len(fs) != 0 {
		t.Fatalf("contents lines taken for empty headings: %s", describe(fs))
	}
	if fs := only(Check(build(false), Context{}), "NAR-020"); len(fs) != 1 {
		t.Fatalf("a heading with nothing under it before its sibling: want one NAR-020, got %s", describe(fs))
	}
}

func init() {
	// The example's 财政拨款 total is 9662 万元 or so: 1000 万元 may all be
	// 一般公共预算拨款, 99999 万元 may not.
	ruleCases["NAR-022"] = ruleCase{
		pass: withParagraph("duties", "对项目支出全面实施绩效目标管理，涉及预算拨款1000.00万元，均为一般公共预算拨款。"),
		fail: withParagraph("duties", "对项目支出全面实施绩效目标管理，涉及预算拨款99,999.00万元，均为一般公共预算拨款。"),
	}
}
