package check

import (
	"fmt"
	"strings"
	"testing"

	"github.com/yusuan/yusuan"
)

// Fixtures of regional families whose findings the sample audits
// (docs/findings/) marked as not real: each test fails on the reading the
// checker had and passes on the family's own.

// carriedFiscalSummary gives the example's 财政拨款收支总表 the Chongqing
// shape: 一、本年收入 with its funds, then 二、上年结转 with the carried-over
// part of each fund, while the 收支总表 counts the carry-over in the fund
// (“结转金额已纳入相应性质的资金收入中进行反映”). carried is the carry-over
// printed under 上年结转; the year's 一般公共预算 is the rest.
func carriedFiscalSummary(carried, part yusuan.Amount) func(t testing.TB, d *yusuan.Document) {
	return func(t testing.TB, d *yusuan.Document) {
		x := tbl(t, d, kFis)
		gp := row(t, x, "general_public")
		gp.Cells["income"] = yusuan.AmountValue(gp.Amount("income") - carried)
		// Chongqing prints no parts under 一般公共预算资金.
		keep := x.Rows[:0]
		for _, r := range x.Rows {
			switch r.Key {
			case "appropriation", "special_revenue", "admin_fees", "state_resources", "other_public":
				continue
			}
			keep = append(keep, r)
		}
		x.Rows = keep
		i := 0
		for i < len(x.Rows) && x.Rows[i].Key != "state_capital" {
			i++
		}
		rows := []yusuan.Row{
			{Name: "二、上年结转", Key: "carry_over", Cells: map[string]yusuan.Value{"income": yusuan.AmountValue(carried)}},
			{Name: "（一）一般公共预算拨款", Cells: map[string]yusuan.Value{"income": yusuan.AmountValue(part)}},
			{Name: "（二）政府性基金预算拨款", Cells: map[string]yusuan.Value{}},
		}
		x.Rows = append(x.Rows[:i+1], append(rows, x.Rows[i+1:]...)...)
	}
}

func TestCarryOverCountedInFund(t *testing.T) {
	const carried = yusuan.Amount(86506000) // 865,060.00 元
	d, ctx := example(t)
	carriedFiscalSummary(carried, carried)(t, d)
	if fs := findingsOf(d, ctx, "TIE-003"); len(fs) != 0 {
		t.Fatalf("本年收入 + 上年结转 of the fund = 收支总表's fund, got %s: %s", fs[0].Message, fs[0].Detail)
	}
	// A carry-over that does not make up the difference is still an error,
	// and the finding says the second reading was tried.
	d, ctx = example(t)
	carriedFiscalSummary(carried, carried/2)(t, d)
	fs := findingsOf(d, ctx, "TIE-003")
	if len(fs) != 1 || fs[0].Severity != Error {
		t.Fatalf("carry-over part off by half: %d findings, want one error", len(fs))
	}
	if !strings.Contains(fs[0].Detail, "连同上年结转") {
		t.Errorf("detail does not name the reading with the carry-over: %s", fs[0].Detail)
	}
}

// otherFundsProject makes the department's 项目支出 (支出总表) larger than its
// 一般公共预算 part (4229.47 万元 in the example) by money of other funds, as
// 事业收入 does in Chongqing, and marks the document read from a file.
func otherFundsProject(t testing.TB, d *yusuan.Document) {
	bump(t, d, kExp, "合计", "project", yusuan.Yuan(8124800))
	bump(t, d, kExp, "合计", "total", yusuan.Yuan(8124800))
	d.Origin = "pdf"
}

// readParagraph adds a paragraph read from a file: its figures carry the
// reader's references.
func readParagraph(t testing.TB, d *yusuan.Document, text string, figs ...yusuan.Figure) {
	t.Helper()
	s := section(t, d, "changes")
	s.Paragraphs = append(s.Paragraphs, "")
	p := len(s.Paragraphs) - 1
	s.Paragraphs[p] = text
	for _, f := range figs {
		f.Paragraph = p
		f.Text = f.Printed + f.Unit
		s.Figures = append(s.Figures, f)
	}
	sortFigures(s)
}

func TestNarrativeFundScope(t *testing.T) {
	amount := func(printed, ref string) yusuan.Figure {
		return yusuan.Figure{Kind: yusuan.FigureAmount, Ref: ref, Unit: "万元", Printed: printed}
	}
	cases := []struct {
		name, text string
		fig        yusuan.Figure
	}{
		{"项目支出 in a paragraph on 一般公共预算",
			"2026年一般公共预算财政拨款收入9661.99万元，其中项目支出4229.47万元，主要用于重点工作。",
			amount("4229.47", "project@general_public")},
		{"the project spending performance targets cover",
			"2026年项目支出均实行了绩效目标管理，涉及一般公共预算财政拨款4229.47万元。",
			amount("4229.47", "project@general_public")},
		{"运行经费 after its fund words",
			"2026年一般公共预算财政拨款运行经费1,589万元，比2025年增加21.99万元。",
			amount("1,589", "operating_cost")},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d, ctx := example(t)
			otherFundsProject(t, d)
			readParagraph(t, d, c.text, c.fig)
			for _, f := range findingsOf(d, ctx, "NAR-001") {
				if strings.Contains(f.Source.Sentence, c.fig.Printed) {
					t.Errorf("%s: %s (%s)", f.Message, f.Detail, f.Expected)
				}
			}
		})
	}
	// The 一般公共预算 part stated wrong is still an error.
	d, ctx := example(t)
	otherFundsProject(t, d)
	readParagraph(t, d, "2026年项目支出均实行了绩效目标管理，涉及一般公共预算财政拨款4300.00万元。", amount("4300.00", "project@general_public"))
	var fs []Finding
	for _, f := range findingsOf(d, ctx, "NAR-001") {
		if strings.Contains(f.Source.Sentence, "4300.00") {
			fs = append(fs, f)
		}
	}
	if len(fs) != 1 || !strings.Contains(fs[0].Detail, "表5「合计」行「项目支出") {
		t.Fatalf("4300.00 for 项目支出 4229.47 of 一般公共预算: %+v, want one error against 表5 项目支出", fs)
	}
}

// TestChangeExplainedByItsParts: “收入比上年增加 X，其中：A增加 Y，主要是…；B增加
// Z，主要是…” gives the reasons of X in its parts.
func TestChangeExplainedByItsParts(t *testing.T) {
	change := func(printed, ref string) yusuan.Figure {
		return yusuan.Figure{Kind: yusuan.FigureChange, Ref: ref, Unit: "万元", Printed: printed, Direction: "increase"}
	}
	run := func(text string) []Finding {
		d, ctx := example(t)
		d.Origin = "pdf"
		for i := range d.Narrative { // no other change to explain these
			s := &d.Narrative[i]
			keep := s.Figures[:0]
			for _, f := range s.Figures {
				if f.Kind != yusuan.FigureChange && f.Kind != yusuan.FigureGrowth {
					keep = append(keep, f)
				}
			}
			s.Figures = keep
		}
		readParagraph(t, d, text, change("2,784.38", "income"), change("2,781.90", "general_public"), change("2.48", "income:business"))
		var out []Finding
		for _, f := range findingsOf(d, ctx, "NAR-005") {
			if strings.Contains(f.Source.Sentence, "2,784.38") {
				out = append(out, f)
			}
		}
		return out
	}
	if fs := run("收入比2025年增加2,784.38万元，其中：一般公共预算财政拨款增加2,781.90万元，主要是增加了热线运营项目二期预算；事业收入增加2.48万元，主要是使用事业收入支出公务用车运行维护费。"); len(fs) != 0 {
		t.Fatalf("both parts give reasons: %s", fs[0].Message)
	}
	if fs := run("收入比2025年增加2,784.38万元，其中：一般公共预算财政拨款增加2,781.90万元，主要是增加了热线运营项目二期预算；事业收入增加2.48万元。"); len(fs) != 1 {
		t.Fatalf("a part without its reason: %d findings, want 1", len(fs))
	}
}

// withIncomeGroups gives the example's 收入总表 the columns of the Jiangsu,
// Zhejiang and Beijing 收入总表: 合计, 本年收入 (小计 and its sources),
// 上年结转结余 (小计 and its parts, here none).
func withIncomeGroups(t testing.TB, d *yusuan.Document) {
	x := tbl(t, d, kInc)
	cols := []yusuan.Column{x.Columns[0], {Key: "c2", Label: "小计", Group: "本年收入", Type: "amount"}}
	for _, c := range x.Columns[1:] {
		if c.Key == "appropriation" {
			continue // one level of groups, as those tables print
		}
		if c.Key == "general_public" {
			c.Label = "一般公共预算"
		}
		c.Group = "本年收入"
		cols = append(cols, c)
	}
	cols = append(cols, yusuan.Column{Key: "carry_over", Label: "小计", Group: "上年结转结余", Type: "amount"},
		yusuan.Column{Key: "c13", Label: "一般公共预算", Group: "上年结转结余", Type: "amount"})
	x.Columns = cols
	for i := range x.Rows {
		r := &x.Rows[i]
		delete(r.Cells, "appropriation")
		r.Cells["c2"] = r.Cells["total"]
		r.Cells["carry_over"], r.Cells["c13"] = yusuan.AmountValue(0), yusuan.AmountValue(0)
	}
}

func TestIncomeGroupSubtotals(t *testing.T) {
	d, ctx := example(t)
	withIncomeGroups(t, d)
	if fs := findingsOf(d, ctx, "SUM-009"); len(fs) != 0 {
		t.Fatalf("合计 = 本年收入小计 + 上年结转结余小计: %s %s", fs[0].Message, fs[0].Detail)
	}
	// A source that does not add up to its group's 小计 is reported.
	d, ctx = example(t)
	withIncomeGroups(t, d)
	bump(t, d, kInc, "2010301", "gov_fund", 100)
	fs := findingsOf(d, ctx, "SUM-009")
	if len(fs) != 1 || !strings.Contains(fs[0].Message, "本年收入") {
		for _, f := range fs {
			t.Log(f.Message)
		}
		t.Fatalf("%d findings, want one on 本年收入's 小计", len(fs))
	}
}

// TestEmptyFormWithNote: a project form printed empty with its note
// (“本单位主管无市级财力安排的重点专项资金，故此表无数据”) sets no targets and
// needs none.
func TestEmptyFormWithNote(t *testing.T) {
	d, ctx := example(t)
	x := tbl(t, d, kPerfP)
	keep := x.Rows[:0]
	for _, r := range x.Rows {
		if r.Key != "indicator" {
			keep = append(keep, r)
		}
	}
	x.Rows = keep
	if fs := findingsOf(d, ctx, "PERF-010"); len(fs) != 1 {
		t.Fatalf("a form without indicators and no note: %d findings, want 1", len(fs))
	}
	x.Note = "备注：本单位主管无市级财力安排的重点专项资金，故此表无数据"
	if fs := findingsOf(d, ctx, "PERF-010"); len(fs) != 0 {
		t.Fatalf("empty form with its note: %s", fs[0].Message)
	}
}

// TestReasonInNextSentence: the reason for a change may start the sentence
// after the figure's (“减少956.74万元，下降26.0%。主要是：…”), and a reason word
// that ends its paragraph has the reason in the next one (Shenzhen 机关运行经费).
func TestReasonInNextSentence(t *testing.T) {
	change := func(printed string) yusuan.Figure {
		return yusuan.Figure{Kind: yusuan.FigureChange, Ref: "operating_cost", Unit: "万元", Printed: printed, Direction: "decrease"}
	}
	run := func(paras ...string) []Finding {
		d, ctx := example(t)
		d.Origin = "pdf"
		for i := range d.Narrative { // no other reason in the document
			s := &d.Narrative[i]
			for j, p := range s.Paragraphs {
				s.Paragraphs[j] = strings.ReplaceAll(p, "原因", "")
			}
		}
		readParagraph(t, d, paras[0], change("956.74"))
		s := section(t, d, "changes")
		s.Paragraphs = append(s.Paragraphs, paras[1:]...)
		var out []Finding
		for _, f := range findingsOf(d, ctx, "NAR-005") {
			if strings.Contains(f.Source.Sentence, "956.74") {
				out = append(out, f)
			}
		}
		return out
	}
	explained := [][]string{
		{"2026年本单位机关运行经费财政拨款预算2,719.55万元，较2025年年初预算减少956.74万元，下降26.0%。主要是：",
			"2026年部分信息化建设项目即将完工，只需支付尾款，费用相应减少。"},
		{"机关运行经费较2025年减少956.74万元。主要是信息化建设项目即将完工。"},
		{"机关运行经费较2025年减少956.74万元，主要是：", "信息化建设项目即将完工。"},
	}
	for _, c := range explained {
		if fs := run(c...); len(fs) != 0 {
			t.Errorf("%q: %s", c, fs[0].Message)
		}
	}
	unexplained := [][]string{
		// The next sentence speaks of something else.
		{"机关运行经费较2025年减少956.74万元。本单位主要是行政单位。"},
		// “主要是：” with nothing after it, at the end of the document.
		{"机关运行经费较2025年减少956.74万元。主要是："},
	}
	for _, c := range unexplained {
		if fs := run(c...); len(fs) != 1 {
			t.Errorf("%q: %d findings, want 1", c, len(fs))
		}
	}
}

// TestPublishedEconMappings: pairs of the two economic classifications
// that published budgets of several regions print (30107 绩效工资 of an
// agency under 50199, 30309 奖励金 under 50901) are not reported by
// CODE-007; a pair outside the catalog still is.
func TestPublishedEconMappings(t *testing.T) {
	run := func(code, gov string) []Finding {
		d, ctx := example(t)
		x := tbl(t, d, kGPE)
		r := x.Rows[len(x.Rows)-1]
		r.Code, r.GovCode, r.Cells = code, gov, map[string]yusuan.Value{}
		x.Rows = append(x.Rows, r)
		return only(Run(d, ctx, []*Rule{RuleByID("CODE-007")}), "CODE-007")
	}
	for _, p := range [][2]string{{"30107", "50199"}, {"30309", "50901"}, {"30309", "50999"}} {
		if fs := run(p[0], p[1]); len(fs) != 0 {
			t.Errorf("%s → %s: %s", p[0], p[1], fs[0].Message)
		}
	}
	for _, p := range [][2]string{{"30107", "50201"}, {"30309", "50905"}} {
		if fs := run(p[0], p[1]); len(fs) != 1 {
			t.Errorf("%s → %s: %d findings, want 1", p[0], p[1], len(fs))
		}
	}
}

// TestBothYearsNone: an item of 0 said to be none in both years (上年及本年度，
// 本部门均无……预算; 两年均为0) has its change stated (TPE-005); saying so of
// this year only, or of an item that is not 0, does not.
func TestBothYearsNone(t *testing.T) {
	run := func(text, printed string) []Finding {
		d, ctx := example(t)
		s := section(t, d, "changes")
		s.Paragraphs[10] = text
		for i := range s.Figures {
			if f := &s.Figures[i]; f.Ref == "three_public.abroad" && f.Kind == yusuan.FigureAmount {
				f.Printed, f.Text = printed, printed+"万元"
			}
		}
		var out []Finding
		for _, f := range only(Run(d, ctx, []*Rule{RuleByID("TPE-005")}), "TPE-005") {
			if strings.Contains(f.Message, "因公出国") {
				out = append(out, f)
			}
		}
		return out
	}
	stated := []string{
		"1. 因公出国（境）经费0.00万元，上年及本年度，本部门均无因公出国（境）经费预算。",
		"1. 因公出国（境）费 0 万元，上年和本年均未安排因公出国（境）费。",
		"1. 因公出国（境）费 0 万元，2025年和2026年均为0万元。",
		"1. 因公出国（境）费 0 万元，两年均无因公出国（境）费支出。",
		"1. 因公出国（境）费 0 万元，上年度与本年度该项经费均为零。",
	}
	for _, text := range stated {
		printed := "0"
		if strings.Contains(text, "0.00万元") {
			printed = "0.00"
		}
		if fs := run(text, printed); len(fs) != 0 {
			t.Errorf("%q: %s", text, fs[0].Message)
		}
	}
	notStated := []struct{ text, printed string }{
		{"1. 因公出国（境）费 0 万元，本年度本部门无因公出国（境）经费预算。", "0"},
		{"1. 因公出国（境）费 0 万元，上年及本年度均有出访任务。", "0"},
		{"1. 因公出国（境）费 0 万元，两年均为0.5万元以下的小额支出。", "0"},
		// Not 0 this year: “均无” cannot be its change.
		{"1. 因公出国（境）费 5 万元，上年及本年度，本部门均无因公出国（境）经费预算。", "5"},
	}
	for _, c := range notStated {
		if fs := run(c.text, c.printed); len(fs) != 1 {
			t.Errorf("%q: %d findings, want 1", c.text, len(fs))
		}
	}
}

// TestUnreadFormIndicators: a department form the form reader could not
// take apart (Beijing 预算13表: no row keyed, indicators of three levels run
// together in one cell) prints indicators; PERF-010 does not call it a form
// without any. The same grid without an indicator is still reported.
func TestUnreadFormIndicators(t *testing.T) {
	grid := func(cells ...string) *yusuan.Document {
		d, _ := example(t)
		x := tbl(t, d, kPerfD)
		x.Columns = []yusuan.Column{{Key: "c1", Label: "绩效指标"}, {Key: "c2", Label: "指标性质"}, {Key: "c3", Label: "指标值"}}
		x.Rows = []yusuan.Row{{Name: "合计", Cells: map[string]yusuan.Value{"c3": yusuan.AmountValue(yusuan.Yuan(1070000))}}}
		for _, c := range cells {
			x.Rows = append(x.Rows, yusuan.Row{Name: "法制建设", Cells: map[string]yusuan.Value{"c1": yusuan.TextValue(c), "c2": yusuan.TextValue("≥"), "c3": yusuan.AmountValue(300)}})
		}
		return d
	}
	_, ctx := example(t)
	if fs := findingsOf(grid("产出指标数量指标北京市行政执法资格考试", "满意度指标服务对象满意度指标各类手册、"), ctx, "PERF-010"); len(fs) != 0 {
		t.Fatalf("an unread form printing indicators: %s", fs[0].Message)
	}
	if fs := findingsOf(grid("法制建设工作", "年鉴编印"), ctx, "PERF-010"); len(fs) != 1 {
		t.Fatalf("an unread grid without any indicator: %d findings, want 1", len(fs))
	}
	// The printed labels of the levels alone are no indicator.
	if fs := findingsOf(grid("产出指标", "产出指标数量指标", "满意度指标服务对象满意度指标"), ctx, "PERF-010"); len(fs) != 1 {
		t.Fatalf("an unread grid with the levels' labels only: %d findings, want 1", len(fs))
	}
}

// TestFiscalIncomeAsOneSource: a 收支总表 whose income side prints 财政拨款
// as one source (长沙 一、本级财政拨款收入; 广州 一、预算拨款) and not its
// funds counts that row in 收入合计 (SUM-011).
func TestFiscalIncomeAsOneSource(t *testing.T) {
	oneSource := func(off yusuan.Amount) (*yusuan.Document, Context) {
		d, ctx := example(t)
		x := tbl(t, d, kSum)
		var fiscal yusuan.Amount
		keep := x.Rows[:0]
		for _, r := range x.Rows {
			switch r.Key {
			case "general_public", "gov_fund", "state_capital":
				fiscal += r.Amount("income")
				continue
			case "appropriation", "special_revenue", "admin_fees", "state_resources", "other_public":
				continue
			}
			keep = append(keep, r)
		}
		x.Rows = append([]yusuan.Row{{Name: "一、本级财政拨款收入", Key: "fiscal", Cells: map[string]yusuan.Value{"income": yusuan.AmountValue(fiscal + off)}}}, keep...)
		// A fund's name on the expenditure side (广州 二十、国有资本经营预算支出)
		// is no income row.
		x.Rows = append(x.Rows, yusuan.Row{Name: "二十、国有资本经营预算支出", Key: "state_capital", Cells: map[string]yusuan.Value{"expenditure": yusuan.AmountValue(0)}})
		return d, ctx
	}
	if fs := incomeSumFindings(oneSource(0)); len(fs) != 0 {
		t.Fatalf("财政拨款 as one source: %s (expected %s, actual %s)", fs[0].Message, fs[0].Expected, fs[0].Actual)
	}
	if fs := incomeSumFindings(oneSource(-yusuan.Yuan(100))); len(fs) != 1 {
		t.Fatalf("财政拨款 100 元 short of 收入合计: %d findings, want 1", len(fs))
	}
}

// incomeSumFindings are the SUM-011 findings on d.
func incomeSumFindings(d *yusuan.Document, ctx Context) []Finding {
	return findingsOf(d, ctx, "SUM-011")
}

// TestSideBySideParts: “其中” columns printed side by side (长沙 表7: 公务用车
// 购置及运行费 | 其中：公务用车购置 | 其中：公务用车运行费) are parts of the
// column before them, not of each other (SUM-010).
func TestSideBySideParts(t *testing.T) {
	run := func(operation yusuan.Amount) []Finding {
		d, ctx := example(t)
		d.Tables = append(d.Tables, yusuan.Table{Kind: yusuan.KindOther, Number: 99, Title: "一般公共预算“三公”经费支出情况表", Unit: "万元",
			Columns: []yusuan.Column{{Key: "total", Label: "小计"}, {Key: "reception", Label: "公务接待费"}, {Key: "vehicle", Label: "公务用车购置及运行费"},
				{Key: "vehicle_purchase", Label: "其中：公务用车购置"}, {Key: "vehicle_operation", Label: "其中：公务用车运行费"}},
			Rows: []yusuan.Row{{Name: "合计", Cells: map[string]yusuan.Value{"total": yusuan.AmountValue(yusuan.Yuan(80000)), "reception": yusuan.AmountValue(yusuan.Yuan(30000)),
				"vehicle": yusuan.AmountValue(yusuan.Yuan(50000)), "vehicle_operation": yusuan.AmountValue(operation)}}}})
		var out []Finding
		for _, f := range findingsOf(d, ctx, "SUM-010") {
			if f.TableNumber == 99 {
				out = append(out, f)
			}
		}
		return out
	}
	if fs := run(yusuan.Yuan(50000)); len(fs) != 0 {
		t.Fatalf("运行费 5.00 of 购置及运行费 5.00, 购置 blank: %s", fs[0].Message)
	}
	fs := run(yusuan.Yuan(60000))
	if len(fs) != 1 || !strings.Contains(fs[0].Message, "公务用车购置及运行费") {
		t.Fatalf("运行费 6.00 > 购置及运行费 5.00: %+v, want one finding against 公务用车购置及运行费", fs)
	}
}

// TestClassInSpendingBreakdown: a class named in the breakdown of 项目支出
// (“项目支出预算417.41万元，……其中：一般公共服务支出417.41万元”, 长沙) is the
// class's part of 项目支出: it agrees with 支出总表's 项目支出 column, is not
// the class's total stated elsewhere (NAR-007), and is checked against
// that column (NAR-001).
func TestClassInSpendingBreakdown(t *testing.T) {
	var code string
	run := func(part string) (nar001, nar007 []Finding) {
		d, ctx := example(t)
		d.Origin = "pdf"
		amount := func(printed, ref string) yusuan.Figure {
			return yusuan.Figure{Kind: yusuan.FigureAmount, Ref: ref, Unit: "万元", Printed: printed}
		}
		// The class has basic spending too, and its total is stated.
		bump(t, d, kExp, code, "basic", yusuan.Yuan(1000000))
		bump(t, d, kExp, code, "total", yusuan.Yuan(1000000))
		bump(t, d, kGPF, code, "basic", yusuan.Yuan(1000000))
		bump(t, d, kGPF, code, "total", yusuan.Yuan(1000000))
		total := row(t, tbl(t, d, kExp), code).Amount("total")
		tp := fmt.Sprintf("%.2f", float64(total)/1e6)
		readParagraph(t, d, "2021年本单位支出预算9662万元，其中：该项支出"+tp+"万元。", amount(tp, "function:"+code))
		readParagraph(t, d, "2021年本单位项目支出预算4229万元，主要是单位为完成特定行政工作任务而发生的支出，其中：一般公共服务支出"+part+"万元，主要用于信访业务工作专项。",
			amount("4229", "project"), amount(part, "function:"+code))
		for _, f := range findingsOf(d, ctx, "NAR-001") {
			if strings.Contains(f.Source.Sentence, "其中：一般公共服务支出") {
				nar001 = append(nar001, f)
			}
		}
		for _, f := range findingsOf(d, ctx, "NAR-007") {
			if strings.Contains(f.Source.Sentence, "其中：一般公共服务支出") {
				nar007 = append(nar007, f)
			}
		}
		return
	}
	d, _ := example(t)
	var want yusuan.Amount
	for _, r := range tbl(t, d, kExp).Rows {
		if len(r.Code) == 7 && r.Amount("project") > 0 {
			code, want = r.Code, r.Amount("project")
			break
		}
	}
	if code == "" {
		t.Fatal("the example has no item with project spending")
	}
	printed := fmt.Sprintf("%.2f", float64(want)/1e6)
	if a, b := run(printed); len(a)+len(b) != 0 {
		t.Fatalf("the class's part of 项目支出 printed %s: %v %v", printed, a, b)
	}
	a, b := run("9999")
	if len(a) != 1 || len(b) != 0 {
		t.Fatalf("the class's part of 项目支出 printed 9999: %d NAR-001, %d NAR-007; want 1 and 0", len(a), len(b))
	}
}

// TestItemWithClassQualifier: an economic item printed with the qualifier
// of its class (福州: 31101 资本金注入（基本建设） under 311 对企业补助（基本
// 建设）) is the catalog's name (CODE-005); another qualifier is not.
func TestItemWithClassQualifier(t *testing.T) {
	run := func(name string) []Finding {
		d, ctx := example(t)
		x := tbl(t, d, kGPB)
		r := x.Rows[len(x.Rows)-1]
		r.Code, r.Name, r.Cells = "31101", name, map[string]yusuan.Value{}
		x.Rows = append(x.Rows, r)
		var out []Finding
		for _, f := range only(Run(d, ctx, []*Rule{RuleByID("CODE-005")}), "CODE-005") {
			if strings.Contains(f.Message, "31101") {
				out = append(out, f)
			}
		}
		return out
	}
	for _, name := range []string{"资本金注入", "资本金注入（基本建设）", "资本金注入(基本建设)"} {
		if fs := run(name); len(fs) != 0 {
			t.Errorf("%s: %s", name, fs[0].Message)
		}
	}
	if fs := run("资本金注入（国有企业）"); len(fs) != 1 {
		t.Errorf("资本金注入（国有企业）: %d findings, want 1", len(fs))
	}
}

// TestUnmappedEconCode: a department item the mapping has no pair for
// (31206, added from a published list) is not judged by CODE-007.
func TestUnmappedEconCode(t *testing.T) {
	d, ctx := example(t)
	x := tbl(t, d, kGPE)
	r := x.Rows[len(x.Rows)-1]
	r.Code, r.GovCode, r.Cells = "31206", "50799", map[string]yusuan.Value{}
	x.Rows = append(x.Rows, r)
	if fs := only(Run(d, ctx, []*Rule{RuleByID("CODE-007")}), "CODE-007"); len(fs) != 0 {
		t.Fatalf("31206 → 50799: %s", fs[0].Message)
	}
}

// TestPartsInParenthesis: “公务用车购置及运行维护费0万元（公务用车购置费0万元，比上
// 年减少70万元；公务用车运行维护费0万元，比上年减少318.88万元。）比上年减少388.88
// 万元，下降100%，主要原因是……”（广州）: the change after the parenthesis is
// the whole's, not the last part's (NAR-007), and the reason given for it
// explains the parts' changes (NAR-005).
func TestPartsInParenthesis(t *testing.T) {
	run := func(reason string) (nar005, nar007 []Finding) {
		d, ctx := example(t)
		d.Origin = "pdf"
		for i := range d.Narrative { // the example's own 三公 figures aside
			s := &d.Narrative[i]
			keep := s.Figures[:0]
			for _, f := range s.Figures {
				if !strings.HasPrefix(f.Ref, "three_public") {
					keep = append(keep, f)
				}
			}
			s.Figures = keep
		}
		fig := func(kind, printed, ref, dir string) yusuan.Figure {
			f := yusuan.Figure{Kind: kind, Ref: ref, Unit: "万元", Printed: printed, Direction: dir}
			if kind == yusuan.FigureGrowth {
				f.Unit = "%"
			}
			return f
		}
		readParagraph(t, d, "公务用车购置及运行维护费0万元（公务用车购置费0万元，比上年减少70万元；公务用车运行维护费0万元，比上年减少318.88万元。）比上年减少388.88万元，下降100%"+reason,
			fig(yusuan.FigureAmount, "0", "three_public.vehicle", ""),
			fig(yusuan.FigureAmount, "0", "three_public.vehicle_purchase", ""),
			fig(yusuan.FigureChange, "70", "three_public.vehicle_purchase", "decrease"),
			fig(yusuan.FigureAmount, "0", "three_public.vehicle_operation", ""),
			fig(yusuan.FigureChange, "318.88", "three_public.vehicle_operation", "decrease"),
			fig(yusuan.FigureChange, "388.88", "", "decrease"),
			fig(yusuan.FigureGrowth, "100", "", "decrease"))
		nar005 = findingsOf(d, ctx, "NAR-005")
		for _, f := range findingsOf(d, ctx, "NAR-007") {
			if strings.Contains(f.Actual, "388.88") || strings.Contains(f.Expected, "388.88") {
				nar007 = append(nar007, f)
			}
		}
		return
	}
	a, b := run("，主要原因是我厅原有公务用车已全部移交，且2026年无公务用车购置计划。")
	if len(a)+len(b) != 0 {
		t.Fatalf("the whole's change with its reason: NAR-005 %v, NAR-007 %v", a, b)
	}
	a, b = run("。")
	if len(a) == 0 || len(b) != 0 {
		t.Fatalf("no reason at all: %d NAR-005 (want some), %d NAR-007 (want 0)", len(a), len(b))
	}
}

// TestPartOfNoMeasure: “涉及预算资金3170万元，其中财政拨款3170万元” (烟台: the
// money of the projects evaluated) — the part of an amount that is no
// measure of the department is none either: not the department's 财政拨款
// (NAR-001, NAR-007). The part of a measure is still checked.
func TestPartOfNoMeasure(t *testing.T) {
	amount := func(printed, ref string) yusuan.Figure {
		return yusuan.Figure{Kind: yusuan.FigureAmount, Ref: ref, Unit: "万元", Printed: printed}
	}
	about := func(fs []Finding, s string) []Finding {
		var out []Finding
		for _, f := range fs {
			if strings.Contains(f.Source.Sentence, s) {
				out = append(out, f)
			}
		}
		return out
	}
	d, ctx := example(t)
	d.Origin = "pdf"
	readParagraph(t, d, "本部门项目支出全面实施绩效目标管理，涉及预算项目支出10个，预算资金5039.97万元，其中财政拨款4946.96万元。拟对政务热线整合经费等1个项目开展部门重点绩效评价，涉及预算资金3170万元，其中财政拨款3170万元。",
		amount("5039.97", ""), amount("4946.96", "income:appropriation"), amount("3170", ""), amount("3170", "income:appropriation"))
	if fs := append(about(findingsOf(d, ctx, "NAR-001"), "绩效"), about(findingsOf(d, ctx, "NAR-007"), "绩效")...); len(fs) != 0 {
		t.Fatalf("parts of the projects' money: %s (%s vs %s)", fs[0].Message, fs[0].Expected, fs[0].Actual)
	}
	d, ctx = example(t)
	d.Origin = "pdf"
	readParagraph(t, d, "2021年收入预算9661.99万元，其中财政拨款1万元。", amount("9661.99", "income"), amount("1", "income:appropriation"))
	if fs := about(findingsOf(d, ctx, "NAR-001"), "其中财政拨款1万元"); len(fs) != 1 {
		t.Fatalf("财政拨款 1 万元 of the department's income: %d NAR-001, want 1", len(fs))
	}
}
