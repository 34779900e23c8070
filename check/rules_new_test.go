package check

import (
	"strings"
	"testing"

	"github.com/yusuan/yusuan"
	"github.com/yusuan/yusuan/catalog"
)

// withParagraph appends a paragraph to the section.
func withParagraph(key, text string) func(t testing.TB, d *yusuan.Document) {
	return func(t testing.TB, d *yusuan.Document) {
		s := section(t, d, key)
		s.Paragraphs = append(s.Paragraphs, text)
	}
}

func init() {
	for id, c := range map[string]ruleCase{
		"NAR-013": {
			pass: withParagraph("changes", "委托业务费 100 万元，比上年增加 20 万元，增长 25%。由 80 万元增加到 100 万元，增加 20 万元，增长 25%。"),
			fail: withParagraph("changes", "委托业务费 100 万元，比上年增加 20 万元，增长 30%。"),
		},
		"NAR-014": {
			pass: withParagraph("changes", "会议费 10 万元，比上年增加 5 万元。"),
			fail: withParagraph("changes", "会议费 0 万元，比上年增加 5 万元。"),
		},
		"NAR-015": {fail: withParagraph("duties", "XX局负责本部门的日常工作。")},
		"NAR-016": {
			pass: withParagraph("duties", "负责常常需要协调的事务。"),
			fail: withParagraph("duties", "负责本部门本部门的日常工作。。"),
		},
		"NAR-017": {
			pass: withParagraph("staffing", "截至 2020 年 12 月 31 日，本部门实有人员 10 人。"),
			fail: func(t testing.TB, d *yusuan.Document) {
				tbl(t, d, kExp).Title = "2020年郑州市人民政府办公厅部门支出总体情况表"
			},
		},
		"COMP-010": {
			pass: func(t testing.TB, d *yusuan.Document) {
				tbl(t, d, kFund).Note = "注：本部门无政府性基金预算，故本表为空表。"
			},
			fail: func(t testing.TB, d *yusuan.Document) {
				withFundRow(kFund)(t, d)
				tbl(t, d, kFund).Note = "注：本部门无政府性基金预算，故本表为空表。"
			},
		},
		"FACT-005": {fail: func(t testing.TB, d *yusuan.Document) { d.Title = "2021 年郑州市财政局部门预算说明" }},
		"PERF-011": {fail: func(t testing.TB, d *yusuan.Document) {
			x := d.TablesOf(kPerfP)[0]
			x.Rows = append(x.Rows, yusuan.Row{Name: "其中：当年财政拨款", Cells: map[string]yusuan.Value{"value": yusuan.AmountValue(row(t, x, "this_year").Amount("value") + 100)}})
		}},
	} {
		ruleCases[id] = c
	}
}

// findingsOf runs all rules on d and returns the findings of rule id.
func findingsOf(d *yusuan.Document, ctx Context, id string) []Finding {
	return only(Check(d, ctx), id)
}

// TestPrecision: what a careful reader sees as no error is not reported
// as one.
func TestPrecision(t *testing.T) {
	sev := func(fs []Finding) []Severity {
		var out []Severity
		for _, f := range fs {
			out = append(out, f.Severity)
		}
		return out
	}
	t.Run("zero change is a wording warning", func(t *testing.T) {
		d, ctx := example(t)
		addFigure(t, d, "changes", 11, "会议费 8 万元，比上年增加 0 万元。",
			yusuan.Figure{Kind: yusuan.FigureChange, Ref: "three_public.reception", Unit: "万元", Printed: "0", Direction: "increase"})
		fs := findingsOf(d, ctx, "NAR-004")
		if len(fs) != 1 || fs[0].Severity != Warning {
			t.Fatalf("增加0万元: %v, want one warning", sev(fs))
		}
	})
	t.Run("与上年预算一致 is 持平", func(t *testing.T) {
		if textDirection("与上年预算一致") != "flat" || textDirection("与上年一致，为") != "flat" {
			t.Fatal("与上年（预算）一致 not read as 持平")
		}
	})
	t.Run("其它 and 其他, typos", func(t *testing.T) {
		d, ctx := example(t)
		r := row(t, tbl(t, d, kGPB), "30299")
		r.Name = strings.ReplaceAll(r.Name, "其他", "其它")
		if fs := findingsOf(d, ctx, "CODE-005"); len(fs) != 0 {
			t.Fatalf("其它 for 其他: %v", fs[0].Message)
		}
		r.Name = "其他商品和服务支付"
		fs := findingsOf(d, ctx, "CODE-005")
		if len(fs) != 1 || fs[0].Severity != Info {
			t.Fatalf("one-character typo: %v, want one info", sev(fs))
		}
	})
	t.Run("shares printed to make 100%", func(t *testing.T) {
		// basic 56.23 %, project 43.77 % in the example; print basic one
		// unit up and project one unit down: still 100 %.
		d, ctx := example(t)
		setFigure(t, d, "share", "basic", 0, "56.24")
		setFigure(t, d, "share", "project", 0, "43.76")
		fs := findingsOf(d, ctx, "NAR-002")
		if len(fs) == 0 {
			t.Fatal("no finding")
		}
		for _, f := range fs {
			if f.Severity != Info {
				t.Fatalf("%s: %s, want info", f.Severity, f.Message)
			}
		}
		// Not adding up to 100 %: an error as before.
		d, ctx = example(t)
		setFigure(t, d, "share", "basic", 0, "56.24")
		if fs := findingsOf(d, ctx, "NAR-002"); len(fs) != 1 || fs[0].Severity != Error {
			t.Fatalf("one share off: %v, want one error", sev(fs))
		}
	})
	t.Run("whole-元 table rounded from 分", func(t *testing.T) {
		d, ctx := example(t)
		bump(t, d, kExp, "合计", "wages", 100) // 1 元 off in a whole-元 table
		if fs := findingsOf(d, ctx, "SUM-001"); len(fs) != 1 || fs[0].Severity != Error {
			t.Fatalf("no evidence of rounding: %v, want one error", sev(fs))
		}
		tbl(t, d, kTPE).Note = "注：本表数字经四舍五入。"
		fs := findingsOf(d, ctx, "SUM-001")
		if len(fs) != 1 || fs[0].Severity != Info || !strings.Contains(fs[0].Detail, "0.5 元") {
			t.Fatalf("rounded whole 元: %+v, want one info with the interval", fs)
		}
		bump(t, d, kExp, "合计", "wages", 10000) // 101 元: not rounding
		if fs := findingsOf(d, ctx, "SUM-001"); len(fs) != 1 || fs[0].Severity != Error {
			t.Fatalf("101 元 off: %v, want one error", sev(fs))
		}
	})
	t.Run("unknown code under a reconstructed catalog", func(t *testing.T) {
		d, ctx := example(t)
		row(t, tbl(t, d, kGPB), "30201").Code = "30288"
		fs := findingsOf(d, ctx, "CODE-002")
		if len(fs) != 1 || fs[0].Severity != Warning || !strings.Contains(fs[0].Message, "2021 年版") {
			t.Fatalf("%+v, want one warning naming the edition", fs)
		}
		cat, err := catalog.Load(2026)
		if err != nil {
			t.Fatal(err)
		}
		ctx.Catalog = cat
		d.Year = 2026
		fs = findingsOf(d, ctx, "CODE-002")
		if len(fs) != 1 || !strings.Contains(fs[0].Message, "2021 年版") || !strings.Contains(fs[0].Message, "用于 2026 年") {
			t.Fatalf("%+v, want the 2021 edition used for 2026 named", fs)
		}
	})
	t.Run("one root cause, one error", func(t *testing.T) {
		d, ctx := example(t)
		bump(t, d, kExp, "2010301", "wages", yusuan.Yuan(1000))
		var errs []Finding
		for _, f := range Check(d, ctx) {
			if f.Severity == Error {
				errs = append(errs, f)
			}
		}
		if len(errs) != 1 {
			for _, f := range errs {
				t.Logf("%s %s %s %s", f.Rule, f.Message, f.Row, f.Column)
			}
			t.Fatalf("%d errors for one wrong cell, want 1", len(errs))
		}
		if len(errs[0].Related) == 0 {
			t.Fatalf("%s has no related findings", errs[0].Rule)
		}
		for _, r := range errs[0].Related {
			t.Logf("related: %s %s", r.Rule, r.Message)
		}
	})
	t.Run("budget-only rules are silent on final accounts", func(t *testing.T) {
		d, ctx := example(t)
		dropTables(d, kPerfP)
		d.Kind = yusuan.DocFinal
		for _, f := range Check(d, ctx) {
			if r := RuleByID(f.Rule); r != nil && !r.appliesTo(yusuan.DocFinal) {
				t.Errorf("budget-only %s reported on a 决算: %s", f.Rule, f.Message)
			}
		}
	})
}

func init() {
	ruleCases["NAR-018"] = ruleCase{
		pass: withParagraph("changes", "公务接待费 8 万元，比上年减少 2 万元，下降 20%。公务用车运行维护费 12 万元，比上年增加 2 万元，增长 20%。"),
		fail: withParagraph("changes", "公务接待费 8 万元，比上年减少 2 万元，下降 20%。公务用车运行维护费 8 万元，比上年减少 2 万元，下降 20%。"),
	}
}
