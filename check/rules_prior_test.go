package check

import (
	"testing"

	"github.com/yusuan/yusuan"
)

// priorOf makes last year's document from the example: the same document
// a year earlier, whose expenditure total is what the narrative's change
// implies (this year's total − the stated 1021 万元 increase), shifted by
// off 元 for a failing case.
func priorOf(t testing.TB, d *yusuan.Document, off yusuan.Amount) *yusuan.Document {
	t.Helper()
	prior, _ := example(t)
	prior.Year = d.Year - 1
	x := tbl(t, prior, kExp)
	tr := totalRow(x)
	cur := tr.Amount("total")
	// 96,619,907 − 10,210,000 = 86,409,907: the narrative's “增加 1021 万元，
	// 增长 11.82%” holds (1021 ÷ 8641 = 11.82 %).
	tr.Cells["total"] = yusuan.AmountValue(cur - yusuan.Yuan(10_210_000) + off)
	return prior
}

func withPrior(off yusuan.Amount) func(t testing.TB, d *yusuan.Document, c *Context, failing bool) {
	return func(t testing.TB, d *yusuan.Document, c *Context, failing bool) {
		o := yusuan.Amount(0)
		if failing {
			o = off
		}
		c.Prior = priorOf(t, d, o)
	}
}

// onlyTotalChanges keeps the narrative's changes and growth rates of the
// total only: priorOf makes last year's total, not every other measure.
func onlyTotalChanges(t testing.TB, d *yusuan.Document) {
	for si := range d.Narrative {
		s := &d.Narrative[si]
		var keep []yusuan.Figure
		for _, f := range s.Figures {
			if (f.Kind == yusuan.FigureChange || f.Kind == yusuan.FigureGrowth) && f.Ref != "total" {
				continue
			}
			keep = append(keep, f)
		}
		s.Figures = keep
	}
}

func init() {
	// Last year's document printed 200 万元 more than the change implies.
	ruleCases["PRIOR-001"] = ruleCase{pass: onlyTotalChanges, fail: onlyTotalChanges, ctx: withPrior(yusuan.Yuan(2_000_000))}
	// 1021 ÷ 8741 = 11.68 %, not 11.82 %.
	ruleCases["PRIOR-002"] = ruleCase{pass: onlyTotalChanges, fail: onlyTotalChanges, ctx: withPrior(yusuan.Yuan(1_000_000))}
	// A stated last-year amount of 8641 万元 against last year's document.
	stateLastYear := func(t testing.TB, d *yusuan.Document) {
		for si := range d.Narrative {
			s := &d.Narrative[si]
			if s.Key != "overview" {
				continue
			}
			s.Paragraphs[0] = "上年预算8641万元。" + s.Paragraphs[0]
			s.Figures = append([]yusuan.Figure{{Paragraph: 0, Text: "8641万元", Kind: yusuan.FigureAmount, Ref: "last_year:total", Unit: "万元", Printed: "8641"}}, s.Figures...)
			return
		}
		t.Fatal("no overview section")
	}
	ruleCases["PRIOR-003"] = ruleCase{pass: stateLastYear, fail: stateLastYear, ctx: withPrior(yusuan.Yuan(500_000))}
}

// The PRIOR rules stay silent without last year's document, with a
// document of another year or kind, and for sentences whose base is an
// execution figure.
func TestPriorRulesApplyOnlyToLastYearsPublication(t *testing.T) {
	rules := []*Rule{RuleByID("PRIOR-001"), RuleByID("PRIOR-002")}
	d, ctx := example(t)
	onlyTotalChanges(t, d)
	if fs := Run(d, ctx, rules); len(fs) != 0 {
		t.Fatalf("without a prior document: %d findings", len(fs))
	}
	wrong := priorOf(t, d, yusuan.Yuan(3_000_000))
	for _, mut := range []func(p *yusuan.Document){
		func(p *yusuan.Document) { p.Year -= 1 },
		func(p *yusuan.Document) { p.Kind = yusuan.DocFinal },
	} {
		p := priorOf(t, d, yusuan.Yuan(3_000_000))
		mut(p)
		c := ctx
		c.Prior = p
		if fs := Run(d, c, rules); len(fs) != 0 {
			t.Errorf("prior of year %d kind %q: %d findings", p.Year, p.Kind, len(fs))
		}
	}
	c := ctx
	c.Prior = wrong
	if fs := Run(d, c, rules); len(fs) == 0 {
		t.Fatal("a wrong prior document gives no finding")
	}
	replaceText(t, d, "overview", "与 2020 年预算相比", "与 2020 年预算执行数相比")
	if fs := only(Run(d, c, rules), "PRIOR-001"); len(fs) != 0 {
		t.Errorf("a change against 上年执行数 was checked against last year's budget: %+v", fs[0])
	}
}

func TestZeroText(t *testing.T) {
	for s, want := range map[string]bool{"0万元": true, "0.00万元": true, "不大于 0万元": true, "[0, 0]%": true, "0元": true,
		"0.01万元": false, "10万元": false, "": false, "列入「人员经费」列": false, "[0, 0.5]%": false, "100.00%": false} {
		if zeroText(s) != want {
			t.Errorf("zeroText(%q) = %v", s, !want)
		}
	}
}

// In a document read by the general reader, an error one of whose sides
// is nothing becomes a warning; in a compiled document it stays an error.
func TestBlankSidesInReadDocuments(t *testing.T) {
	d, ctx := example(t)
	x := tbl(t, d, kExp)
	tr := totalRow(x)
	delete(tr.Cells, "total") // the total cell was not read
	compiled := Run(d, ctx, Rules())
	d.Origin = "published.pdf"
	d.Profile = "general"
	read := Run(d, ctx, Rules())
	e1, _ := Count(compiled)
	e2, _ := Count(read)
	if e1 == 0 {
		t.Fatal("a missing total cell gives no error in a compiled document")
	}
	if e2 >= e1 {
		t.Errorf("read document: %d errors, compiled %d; a blank side should be a warning when read", e2, e1)
	}
}
