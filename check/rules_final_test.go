package check

import (
	"encoding/json"
	"math/rand"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"

	"github.com/yusuan/yusuan"
	"github.com/yusuan/yusuan/budgetfile"
	"github.com/yusuan/yusuan/catalog"
	"github.com/yusuan/yusuan/compile"
	"github.com/yusuan/yusuan/profile"
)

// The final-accounts rules are tested on the bundled 决算 example (国家信访局
// 2024, rebuilt from its publication): it passes every FIN rule, and each
// rule's failing document changes one figure or word of it.

const finalExamplePath = "../examples/central-2024-xinfangju-final/budget.yaml"

var (
	finalOnce sync.Once
	finalJSON []byte
	finalErr  error
)

func finalDoc(t testing.TB) *yusuan.Document {
	t.Helper()
	finalOnce.Do(func() {
		b, err := budgetfile.Load(finalExamplePath, catalog.Load)
		if err != nil {
			finalErr = err
			return
		}
		cat, err := catalog.Load(b.Year)
		if err != nil {
			finalErr = err
			return
		}
		p, err := profile.Load("mof-final")
		if err != nil {
			finalErr = err
			return
		}
		doc, err := compile.Compile(b, p, cat)
		if err != nil {
			finalErr = err
			return
		}
		finalJSON, finalErr = json.Marshal(doc)
	})
	if finalErr != nil {
		t.Fatalf("compiling the final example: %v", finalErr)
	}
	var d yusuan.Document
	if err := json.Unmarshal(finalJSON, &d); err != nil {
		t.Fatal(err)
	}
	return &d
}

// asFinal replaces the document under test by the final example.
func asFinal(t testing.TB, d *yusuan.Document) { *d = *finalDoc(t) }

// finalWith is the final example changed by edit.
func finalWith(edit func(t testing.TB, d *yusuan.Document)) func(t testing.TB, d *yusuan.Document) {
	return func(t testing.TB, d *yusuan.Document) {
		asFinal(t, d)
		edit(t, d)
	}
}

// keyedRow returns the row with the key, failing the test without one.
func keyedRow(t testing.TB, d *yusuan.Document, k yusuan.TableKind, key string) *yusuan.Row {
	t.Helper()
	x := d.Table(k)
	if x == nil {
		t.Fatalf("no %s table", k)
	}
	if r := rowByKey(x, key); r != nil {
		return r
	}
	t.Fatalf("%s: no row %q", k, key)
	return nil
}

func finBump(r *yusuan.Row, col string, by yusuan.Amount) {
	r.Cells[col] = yusuan.AmountValue(r.Amount(col) + by)
}

// replaceText replaces old in the narrative once, failing without it.
func finText(old, new string) func(t testing.TB, d *yusuan.Document) {
	return func(t testing.TB, d *yusuan.Document) {
		t.Helper()
		for i := range d.Narrative {
			for j, p := range d.Narrative[i].Paragraphs {
				if strings.Contains(p, old) {
					d.Narrative[i].Paragraphs[j] = strings.Replace(p, old, new, 1)
					return
				}
			}
		}
		t.Fatalf("the narrative has no %q", old)
	}
}

// A million 元 is beyond any rounding of a 万元 table with 2 decimals.
var million = yusuan.Yuan(1_000_000)

func init() {
	cases := map[string]ruleCase{
		"FIN-001": {pass: asFinal, fail: finalWith(func(t testing.TB, d *yusuan.Document) {
			finBump(keyedRow(t, d, kSum, "grand_total"), "income", million)
		})},
		"FIN-002": {pass: asFinal, fail: finalWith(func(t testing.TB, d *yusuan.Document) {
			finBump(keyedRow(t, d, kFis, "carry_out"), "general_public", million)
		})},
		"FIN-003": {pass: asFinal, fail: finalWith(func(t testing.TB, d *yusuan.Document) {
			finBump(totalRow(tbl(t, d, kInc)), "total", million)
		})},
		"FIN-004": {pass: asFinal, fail: finalWith(func(t testing.TB, d *yusuan.Document) {
			finBump(totalRow(tbl(t, d, kExp)), "remit", million)
		})},
		"FIN-005": {pass: asFinal, fail: finalWith(finText("完成年初预算的100.71%", "完成年初预算的110.71%"))},
		"FIN-006": {pass: asFinal, fail: finalWith(finText("决算数大于预算数的主要原因是2024年度预算执行中追加了预算", "决算数小于预算数的主要原因是2024年度预算执行中追加了预算"))},
		"FIN-007": {pass: asFinal, fail: finalWith(finText("决算数小于预算数的主要原因是年中按规定将部门机动经费调剂用于其他科目。", ""))},
		"FIN-008": {pass: asFinal, fail: finalWith(finText("支出决算为5757.63万元", "支出决算为5857.63万元"))},
		"FIN-009": {pass: asFinal, fail: finalWith(finText("支出预算为76.43万元", "支出预算为86.43万元"))},
		"FIN-010": {pass: asFinal, fail: finalWith(finText("完成预算的15.63%", "完成预算的25.63%"))},
		"FIN-011": {pass: asFinal, fail: finalWith(func(t testing.TB, d *yusuan.Document) {
			for i := range d.Narrative {
				s := &d.Narrative[i]
				if !strings.Contains(s.Title, "三公") {
					continue
				}
				for j, p := range s.Paragraphs {
					if k := strings.Index(p, "“三公”经费支出决算数小于预算数的主要原因"); k >= 0 {
						s.Paragraphs[j] = p[:k]
						return
					}
				}
			}
			t.Fatal("no 三公 reason in the narrative")
		})},
		"FIN-012": {pass: asFinal, fail: finalWith(finText("10批次、152人次", "10批次、9人次"))},
		"FIN-013": {pass: asFinal, fail: finalWith(finText("年末实际保有量为15辆", "年末实际保有量为25辆"))},
	}
	for id, c := range cases {
		ruleCases[id] = c
	}
}

func finalRules() []*Rule {
	var rs []*Rule
	for _, r := range Rules() {
		if strings.HasPrefix(r.ID, "FIN-") {
			rs = append(rs, r)
		}
	}
	return rs
}

// A final-accounts rule has nothing to say about a budget, nor about a
// document that calls itself a budget whatever its tables.
func TestFinalRulesAreSilentWithoutTheirPremise(t *testing.T) {
	if n := len(finalRules()); n != 13 {
		t.Fatalf("%d FIN rules, want 13", n)
	}
	doc, ctx := example(t)
	if fs := Run(doc, ctx, finalRules()); len(fs) > 0 {
		t.Errorf("budget example: %d findings, first %s %s", len(fs), fs[0].Rule, fs[0].Message)
	}
	d := finalDoc(t)
	d.Kind = yusuan.DocBudget
	for i := range d.Tables {
		for j := range d.Tables[i].Rows {
			for k := range d.Tables[i].Rows[j].Cells {
				finBump(&d.Tables[i].Rows[j], k, million)
			}
		}
	}
	if fs := Run(d, Context{}, finalRules()); len(fs) > 0 {
		t.Errorf("final tables in a budget: %d findings, first %s %s", len(fs), fs[0].Rule, fs[0].Message)
	}
}

// The published 决算 itself, as pdftotext reads it (its narrative in one
// section, with the PDF's line breaks inside sentences): its execution
// narrative, 三公 figures and counts are consistent, so no narrative FIN
// rule fires; with a rate and a comparison word changed, they do.
func TestFinalRulesOnThePublishedText(t *testing.T) {
	const pdf = "../testdata/disclosures/central-2024-guojia-xinfangju-department-final-accounts.pdf"
	if _, err := exec.LookPath("pdftotext"); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("pdftotext is required under CI")
		}
		t.Skip("pdftotext not installed")
	}
	out, err := exec.Command("pdftotext", "-layout", pdf, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	// Drop the page numbers pdftotext leaves between lines (a reader
	// does), which would otherwise split sentences.
	var lines []string
	for _, l := range strings.Split(string(out), "\n") {
		if strings.Trim(l, " 0123456789\f") != "" {
			lines = append(lines, l)
		}
	}
	text := strings.Join(lines, "\n")
	doc := func(text string) *yusuan.Document {
		return &yusuan.Document{Schema: yusuan.DocumentSchema, Kind: yusuan.DocFinal, Year: 2024,
			Narrative: []yusuan.Section{{Key: "all", Part: 2, Title: "决算情况说明", Paragraphs: strings.Split(text, "\n")}}}
	}
	if fs := Run(doc(text), Context{}, finalRules()); len(fs) > 0 {
		for _, f := range fs {
			t.Errorf("published text: %s %s (expected %s, actual %s) %v", f.Rule, f.Message, f.Expected, f.Actual, f.Source)
		}
	}
	for _, c := range []struct{ old, new, rule string }{
		{"完成年初预算的 101.11%", "完成年初预算的 110.11%", "FIN-005"},
		{"决算数小于预算数的主要原因是住房公积金发放减少", "决算数大于预算数的主要原因是住房公积金发放减少", "FIN-006"},
		{"平均每辆 2.71 万", "平均每辆 3.71 万", "FIN-012"},
	} {
		if !strings.Contains(text, c.old) {
			t.Fatalf("the published text has no %q", c.old)
		}
		fs := only(Run(doc(strings.Replace(text, c.old, c.new, 1)), Context{}, finalRules()), c.rule)
		if len(fs) != 1 {
			t.Errorf("%q → %q: %d %s findings, want 1", c.old, c.new, len(fs), c.rule)
		}
	}
}

// Final accounts compiled from random variations of the example — every
// line's 决算数 and 年初预算数 scaled at random, the carry-overs rebalanced —
// are consistent by construction, so no FIN rule may fire on them.
func TestFinalRulesFindNothingInCompiledVariations(t *testing.T) {
	cat, err := catalog.Load(2024)
	if err != nil {
		t.Fatal(err)
	}
	base, err := budgetfile.Load(finalExamplePath, catalog.Load)
	if err != nil {
		t.Fatal(err)
	}
	p, err := profile.Load("mof-final")
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := json.Marshal(base)
	ctx := Context{Catalog: cat, Profile: p}
	n := 40
	if testing.Short() {
		n = 8
	}
	r := rand.New(rand.NewSource(2024))
	scaled := func(a yusuan.Amount) yusuan.Amount {
		return yusuan.Amount(int64(a) * (50 + r.Int63n(101)) / 100) // 50%–150%
	}
	for i := 0; i < n; i++ {
		var b yusuan.Budget
		if err := json.Unmarshal(raw, &b); err != nil {
			t.Fatal(err)
		}
		for j := range b.Expenditure {
			l := &b.Expenditure[j]
			l.Amount = scaled(l.Amount)
			if l.BudgetInitial != nil {
				v := scaled(*l.BudgetInitial)
				if r.Intn(10) == 0 {
					v = l.Amount // some 项 spend exactly their budget
				}
				l.BudgetInitial, l.BudgetFull = &v, nil
				if r.Intn(3) == 0 {
					f := scaled(v)
					l.BudgetFull = &f
				}
			}
		}
		// Rebalance every fund: 年末 = 年初 + 收入 − 支出, raising 年初 when short.
		for j := range b.Final.Carry {
			c := &b.Final.Carry[j]
			in := b.Carry(yusuan.Filter{Source: []yusuan.Source{c.Source}}, false) - *c.In
			var inc, exp yusuan.Amount
			for _, l := range b.Income {
				if l.Source == c.Source {
					inc += l.Amount
				}
			}
			for _, l := range b.Expenditure {
				if l.Source == c.Source {
					exp += l.Amount
				}
			}
			out := *c.In + in + inc - exp
			if out < 0 {
				v := *c.In - out
				c.In, out = &v, 0
			}
			c.Out = &out
		}
		for _, l := range b.Expenditure {
			b.Final.Reasons["function:"+l.Function] = "执行中调整了预算"
		}
		doc, err := compile.Compile(&b, p, cat)
		if err != nil {
			t.Fatalf("variation %d: %v", i, err)
		}
		for _, f := range Run(doc, ctx, finalRules()) {
			t.Errorf("variation %d: %s %s (expected %s, actual %s; %s) %v", i, f.Rule, f.Message, f.Expected, f.Actual, f.Detail, f.Source)
		}
	}
}

// The budget rules whose premises final accounts do not share (income
// equals spending, 总计 is the year's total, the 三公 table's first column
// is its total) stay silent on the compiled final example.
func TestBudgetTiesSilentOnFinalAccounts(t *testing.T) {
	d := finalDoc(t)
	var rs []*Rule
	for _, r := range Rules() {
		if strings.HasPrefix(r.ID, "TIE-") || r.ID == "TPE-001" || r.ID == "TPE-002" {
			rs = append(rs, r)
		}
	}
	for _, f := range Run(d, Context{}, rs) {
		t.Errorf("%s %s (expected %s, actual %s)", f.Rule, f.Message, f.Expected, f.Actual)
	}
	// TPE-001 still checks the 决算数 columns of a final 三公 table.
	finBump(keyedRow(t, d, kTPE, "three_public"), "total", million)
	if fs := only(Run(d, Context{}, rs), "TPE-001"); len(fs) != 1 {
		t.Errorf("TPE-001 on a wrong 决算数 合计: %d findings", len(fs))
	}
}
