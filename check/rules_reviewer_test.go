package check

import (
	"strings"
	"testing"

	"github.com/yusuan/yusuan"
)

// ownOperands adds a sentence that states its own this-year figure, its
// change and its growth rate (5000 万元, +1000 万元, rate): the table's
// total (9662 万元) is another base and must not be used.
func ownOperands(rate string) func(t testing.TB, d *yusuan.Document) {
	return func(t testing.TB, d *yusuan.Document) {
		s := section(t, d, "changes")
		s.Paragraphs = append(s.Paragraphs, "")
		p := len(s.Paragraphs) - 1
		text := "支出预算5000万元，比上年增加1000万元，增长" + rate + "%。"
		addFigure(t, d, "changes", p, text, yusuan.Figure{Kind: yusuan.FigureAmount, Ref: "total", Unit: "万元", Printed: "5000", Text: "5000万元"})
		addFigure(t, d, "changes", p, "", yusuan.Figure{Kind: yusuan.FigureChange, Ref: "total", Unit: "万元", Printed: "1000", Direction: "increase", Text: "增加1000万元"})
		addFigure(t, d, "changes", p, "", yusuan.Figure{Kind: yusuan.FigureGrowth, Ref: "total", Unit: "%", Printed: rate, Direction: "increase", Text: "增长" + rate + "%"})
	}
}

// reasonFor adds a decrease of an item with the given reason.
func reasonFor(reason string) func(t testing.TB, d *yusuan.Document) {
	return func(t testing.TB, d *yusuan.Document) {
		s := section(t, d, "changes")
		s.Paragraphs = append(s.Paragraphs, "")
		addFigure(t, d, "changes", len(s.Paragraphs)-1, "农业支出比上年减少2.98%。主要原因是："+reason+"。",
			yusuan.Figure{Kind: yusuan.FigureGrowth, Ref: "function:2130101", Unit: "%", Printed: "2.98", Direction: "decrease", Text: "减少2.98%"})
	}
}

// emptyHeading adds two sibling headings, the first with nothing under it
// in the text; withTable puts a table between them.
func emptyHeading(withTable bool) func(t testing.TB, d *yusuan.Document) {
	return func(t testing.TB, d *yusuan.Document) {
		d.Narrative = append(d.Narrative,
			yusuan.Section{Title: "（二）部门主管专项资金的绩效目标表", Source: &yusuan.Position{File: "x.pdf", Page: 30, Line: 4}},
			yusuan.Section{Title: "（三）部门预算项目绩效目标表", Paragraphs: []string{"见下表。"}, Source: &yusuan.Position{File: "x.pdf", Page: 31, Line: 1}})
		if withTable {
			tbl(t, d, kPerfD).Source = &yusuan.Position{File: "x.pdf", Page: 30, Line: 6}
		}
	}
}

func init() {
	ruleCases["NAR-020"] = ruleCase{pass: emptyHeading(true), fail: emptyHeading(false)}
	ruleCases["NAR-021"] = ruleCase{
		pass: withParagraph("duties", "两种分类方式的比重图如下："),
		fail: withParagraph("duties", "2026年本部门机关运行经费安排533.78万元，"),
	}
	ruleCases["NAR-019"] = ruleCase{
		pass: reasonFor("农业事务经费减少"),
		fail: reasonFor("农业事务经费增加"),
	}
}

// TestReviewerPrecision: findings the sample audits marked as not real.
func TestReviewerPrecision(t *testing.T) {
	t.Run("NAR-003 uses the sentence's own this-year figure", func(t *testing.T) {
		d, ctx := example(t)
		ownOperands("25")(t, d) // 1000 ÷ (5000 − 1000) = 25 %
		if fs := findingsOf(d, ctx, "NAR-003"); len(fs) != 0 {
			t.Fatalf("own operands agree, got %v", fs)
		}
		d, ctx = example(t)
		ownOperands("20")(t, d) // 1000 ÷ 5000: the wrong base
		// Reported, on its own or among the consequences of the same
		// sentence's other error (one root cause, one error).
		var all []Finding
		for _, f := range Check(d, ctx) {
			all = append(all, f)
			all = append(all, f.Related...)
		}
		if fs := only(all, "NAR-003"); len(fs) != 1 {
			t.Fatalf("20%% on own operands: got %d NAR-003, want 1", len(fs))
		}
	})
	t.Run("SUM-018 accepts negatives in a difference column or row", func(t *testing.T) {
		d, ctx := example(t)
		x := tbl(t, d, kExp)
		x.Columns = append(x.Columns, yusuan.Column{Key: "diff", Label: "增减额", Group: "2021年预算数比2020年", Type: yusuan.ColAmount})
		row(t, x, "2050802").Cells["diff"] = yusuan.AmountValue(-100)
		x.Rows = append(x.Rows, yusuan.Row{Name: "增减变化金额", Cells: map[string]yusuan.Value{"total": yusuan.AmountValue(-5)}})
		if fs := findingsOf(d, ctx, "SUM-018"); len(fs) != 0 {
			t.Fatalf("differences may be negative, got %v", fs)
		}
		setCell(t, d, kExp, "2050802", "capital", -100)
		if fs := findingsOf(d, ctx, "SUM-018"); len(fs) != 1 {
			t.Fatalf("a negative amount outside the differences: got %d, want 1", len(fs))
		}
	})
	t.Run("CODE-010 and CODE-002 accept a local 7-digit economic detail item", func(t *testing.T) {
		for _, withCatalog := range []bool{true, false} {
			d, ctx := example(t)
			if !withCatalog {
				ctx.Catalog = nil
			}
			x := tbl(t, d, kGPB)
			var r *yusuan.Row
			for i := range x.Rows {
				if c := x.Rows[i].Code; len(c) == 5 && c[:3] == "302" {
					r = &x.Rows[i]
					break
				}
			}
			if r == nil {
				t.Fatal("no 302 款 in the basic expenditure table")
			}
			good := r.Code + "01"
			r.Code = good
			for _, id := range []string{"CODE-010", "CODE-002"} {
				if fs := findingsOf(d, ctx, id); len(fs) != 0 {
					t.Fatalf("catalog %v: %s under an existing 款 reported by %s: %v", withCatalog, good, id, fs)
				}
			}
			r.Code = "3880001" // no such 款, no 款 of its 类 beside it
			if fs := findingsOf(d, ctx, "CODE-010"); len(fs) != 1 {
				t.Fatalf("catalog %v: 3880001: got %d CODE-010, want 1", withCatalog, len(fs))
			}
		}
	})
	t.Run("NAR-001 leaves a part of a smaller stated whole alone", func(t *testing.T) {
		add := func(whole string) (*yusuan.Document, Context) {
			d, ctx := example(t)
			s := section(t, d, "changes")
			s.Paragraphs = append(s.Paragraphs, "")
			addFigure(t, d, "changes", len(s.Paragraphs)-1, "涉及预算资金"+whole+"万元，其中支出预算400万元。",
				yusuan.Figure{Kind: yusuan.FigureAmount, Ref: "total", Unit: "万元", Printed: "400", Text: "400万元"})
			return d, ctx
		}
		has400 := func(fs []Finding) bool {
			for _, f := range fs {
				if f.Source != nil && strings.Contains(f.Source.Sentence, "其中支出预算400万元") {
					return true
				}
			}
			return false
		}
		if d, ctx := add("500"); has400(findingsOf(d, ctx, "NAR-001")) {
			t.Fatal("400 of 500 万元 of some projects compared with the department's 9662 万元")
		}
		if d, ctx := add("20000"); !has400(findingsOf(d, ctx, "NAR-001")) {
			t.Fatal("400 of a stated whole above the table's total is still a mismatch")
		}
	})
	t.Run("NAR-005 reads limits and a 收支 reason sentence", func(t *testing.T) {
		const ref = "function:2130101"
		add := func(text, printed, kind, reason string) []Finding {
			d, ctx := example(t)
			s := section(t, d, "changes")
			s.Paragraphs = append(s.Paragraphs, "")
			addFigure(t, d, "changes", len(s.Paragraphs)-1, text,
				yusuan.Figure{Kind: kind, Ref: ref, Unit: map[string]string{yusuan.FigureGrowth: "%"}[kind] + map[string]string{yusuan.FigureChange: "万元"}[kind], Printed: printed, Direction: "increase"})
			if reason != "" {
				s.Paragraphs = append(s.Paragraphs, reason)
			}
			var out []Finding
			for _, f := range findingsOf(d, ctx, "NAR-005") {
				if f.Source != nil && strings.Contains(f.Source.Sentence, text[:9]) {
					out = append(out, f)
				}
			}
			return out
		}
		if fs := add("缴存比例均不得低于7%。", "7", yusuan.FigureGrowth, ""); len(fs) != 0 {
			t.Fatalf("a limit is no change: %v", fs)
		}
		if fs := add("农业支出增长7%。", "7", yusuan.FigureGrowth, ""); len(fs) != 1 {
			t.Fatalf("a change without a reason: got %d, want 1", len(fs))
		}
		if fs := add("农业支出增加7万元，主要是人员增加。", "7", yusuan.FigureChange, ""); len(fs) != 0 {
			t.Fatalf("“主要是……” is a reason: %v", fs)
		}
		if fs := add("农业支出增加7万元。", "7", yusuan.FigureChange, "收支预算增长的主要原因，人员增加。"); len(fs) != 0 {
			t.Fatalf("the 收支 reason covers the change: %v", fs)
		}
	})
	t.Run("NAR-001 reads 事业收入 from its own summary row", func(t *testing.T) {
		run := func(printed string) []Finding {
			d, ctx := example(t)
			x := tbl(t, d, kSum)
			// 其他各项收入 holds 5428 万元; 事业收入 5000 万元 is printed apart.
			row(t, x, "五、其他各项收入").Cells["income"] = yusuan.AmountValue(yusuan.Yuan(54_280_000))
			x.Rows = append(x.Rows, yusuan.Row{Key: "business", Name: "七、事业收入", Cells: map[string]yusuan.Value{"income": yusuan.AmountValue(yusuan.Yuan(50_000_000))}})
			s := section(t, d, "changes")
			s.Paragraphs = append(s.Paragraphs, "")
			addFigure(t, d, "changes", len(s.Paragraphs)-1, "事业收入"+printed+"万元。",
				yusuan.Figure{Kind: yusuan.FigureAmount, Ref: "income:business", Unit: "万元", Printed: printed, Text: printed + "万元"})
			return findingsOf(d, ctx, "NAR-001")
		}
		if fs := run("5000"); len(fs) != 0 {
			t.Fatalf("事业收入 5000 agrees with its row: %v", fs)
		}
		if fs := run("5428"); len(fs) != 1 {
			t.Fatalf("事业收入 5428 against its row 5000: got %d NAR-001, want 1", len(fs))
		}
	})
}
