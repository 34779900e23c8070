package check

import (
	"encoding/json"
	"fmt"
	"math/big"
	"math/rand"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/yusuan/yusuan"
	"github.com/yusuan/yusuan/compile"
)

// The mutation test: take correct documents, change one figure at a time
// — a table cell, a total, a narrative amount, a share, a growth rate —
// and count how many of the changes that make the document inconsistent
// the checker reports. Run with -v to see the rates (docs/checking.md).

// corpus returns correct documents: the compiled example, budgets
// generated from it with other amounts, and each of these as a reader
// would deliver it (figure references removed).
func corpus(t testing.TB) []namedDoc {
	doc, ctx := example(t)
	docs := []namedDoc{{"example", doc, ctx}}
	for seed := int64(1); seed <= 4; seed++ {
		docs = append(docs, namedDoc{fmt.Sprintf("generated-%d", seed), generated(t, seed), ctx})
	}
	n := len(docs)
	for _, d := range docs[:n] {
		docs = append(docs, namedDoc{d.name + "/read", readLike(d.doc), d.ctx})
	}
	return docs
}

type namedDoc struct {
	name string
	doc  *yusuan.Document
	ctx  Context
}

func cloneDoc(d *yusuan.Document) *yusuan.Document {
	b, _ := json.Marshal(d)
	var c yusuan.Document
	if err := json.Unmarshal(b, &c); err != nil {
		panic(err)
	}
	return &c
}

// readLike drops what only the compiler knows: figure references, bases
// and directions. The checker must find them again from the words.
func readLike(d *yusuan.Document) *yusuan.Document {
	c := cloneDoc(d)
	c.Origin = "test.txt"
	for i := range c.Narrative {
		for j := range c.Narrative[i].Figures {
			f := &c.Narrative[i].Figures[j]
			f.Ref, f.Base, f.Direction = "", "", ""
		}
	}
	return c
}

// generated compiles the example budget with every expenditure line scaled
// by a random factor (income follows, so the budget balances).
func generated(t testing.TB, seed int64) *yusuan.Document {
	exampleOnce.Do(loadExample)
	b, _ := json.Marshal(exampleB)
	var bud yusuan.Budget
	if err := json.Unmarshal(b, &bud); err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewSource(seed))
	// A stated reason names the direction of the published change
	// (“费用增加”); scaled amounts may move the other way (NAR-019).
	for k, r := range bud.Reasons {
		if anyDirRe.MatchString(r) {
			bud.Reasons[k] = "工作任务调整"
		}
	}
	for i := range bud.Expenditure {
		l := &bud.Expenditure[i]
		if l.Econ == "31002" {
			continue // the procurement items' line
		}
		f := 50 + rng.Int63n(100) // 50%–150%
		l.Amount = yusuan.Amount(int64(l.Amount) * f / 100 / 100 * 100)
		if rng.Intn(3) == 0 {
			l.Amount += yusuan.Amount(rng.Int63n(100)) // some 分
		}
	}
	for i := range bud.Projects {
		pr := &bud.Projects[i]
		if a := (yusuan.Filter{Project: pr.ID}).Sum(&bud); a > pr.Total {
			pr.Total = a // a project's total covers this year's amount
		}
	}
	inc := map[[2]string]yusuan.Amount{}
	for _, l := range bud.Expenditure {
		inc[[2]string{l.Unit, string(l.Source)}] += l.Amount
	}
	bud.Income = nil
	keys := make([][2]string, 0, len(inc))
	for k := range inc {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return keys[i][0]+keys[i][1] < keys[j][0]+keys[j][1] })
	for _, k := range keys {
		bud.Income = append(bud.Income, yusuan.IncomeLine{Unit: k[0], Source: yusuan.Source(k[1]), Amount: inc[k]})
	}
	doc, err := compile.Compile(&bud, exampleCtx.Profile, exampleCtx.Catalog)
	if err != nil {
		t.Fatal(err)
	}
	return cloneDoc(doc)
}

// mutation is one change of one figure.
type mutation struct {
	kind  string // cell, total, amount, share, growth, change, count
	where string
	apply func(d *yusuan.Document)
}

// unverifiable table rows: amounts nothing else in a document refers to.
var unverifiableRows = map[string]bool{"project_total": true, "last_year": true, "last_year_total": true}

func mutations(d *yusuan.Document) []mutation {
	var ms []mutation
	for ti := range d.Tables {
		t := &d.Tables[ti]
		for ri := range t.Rows {
			r := &t.Rows[ri]
			if t.Kind == yusuan.KindPerformanceProject && unverifiableRows[r.Key] {
				continue
			}
			keys := make([]string, 0, len(r.Cells))
			for k, v := range r.Cells {
				if !v.IsText {
					keys = append(keys, k)
				}
			}
			sort.Strings(keys)
			for _, k := range keys {
				kind := "cell"
				if level(r) == yusuan.LevelTotal || r.Key == "total" {
					kind = "total"
				}
				ti, ri, k := ti, ri, k
				for _, delta := range []string{"+1元", "+10%"} {
					delta := delta
					if delta == "+1元" && unitYuan(t.Unit) != 1 {
						continue // below the precision a 万元 table prints
					}
					ms = append(ms, mutation{kind, fmt.Sprintf("表%d %s %s %s %s", t.Number, t.Kind, rowLabel(r), k, delta), func(d *yusuan.Document) {
						c := d.Tables[ti].Rows[ri].Cells[k]
						switch {
						case k == "quantity":
							c.Num += 100
						case delta == "+1元":
							c.Num += 100
						default:
							c.Num += c.Num/10/100*100 + 10000
						}
						d.Tables[ti].Rows[ri].Cells[k] = c
					}})
				}
			}
		}
	}
	ix := newIndex(d, Context{})
	for _, n := range ix.figs {
		if n.pos < 0 || !n.ok || !checkable(d, ix, n) {
			continue
		}
		si, fi := sectionIndex(d, n.sec), n.n
		ms = append(ms, mutation{n.f.Kind, fmt.Sprintf("%s #%d %s %s", n.sec.Key, fi, n.f.Ref, n.f.Printed), func(d *yusuan.Document) {
			mutateFigure(d, si, fi)
		}})
	}
	return ms
}

func sectionIndex(d *yusuan.Document, s *yusuan.Section) int {
	for i := range d.Narrative {
		if &d.Narrative[i] == s {
			return i
		}
	}
	return -1
}

// checkable says whether a narrative figure takes part in any relation a
// document can show: an amount the tables show, a share, a growth rate with
// its change, a change with its growth rate, a count in a breakdown. A
// change with no base or growth rate stated (“比上年增加 10 万元”) is a fact
// about last year no document contains, so changing it is not an
// inconsistency.
func checkable(d *yusuan.Document, ix *index, n *nfig) bool {
	ref := n.f.Ref
	switch n.f.Kind {
	case yusuan.FigureAmount:
		if strings.HasPrefix(ref, "procurement_") || strings.HasPrefix(ref, "project:") || ref == "procurement" {
			return true
		}
		res, ok := ix.resolve(ref, n)
		return ok && !res.bound || ref == "operating_cost"
	case yusuan.FigureShare:
		return true
	case yusuan.FigureGrowth:
		return ix.changeFor(n) != nil
	case yusuan.FigureChange:
		for _, m := range ix.figs {
			if m.sec == n.sec && m.f.Paragraph == n.f.Paragraph && m.f.Kind == yusuan.FigureGrowth && m.f.Ref == ref {
				return true
			}
		}
		return false
	case yusuan.FigureCount:
		switch {
		case strings.HasPrefix(ref, "vehicles."), ref == "projects",
			ref == "staffing.authorized", ref == "staffing.administrative", ref == "staffing.workers", ref == "staffing.institution":
			return true
		}
	}
	return false
}

// mutateFigure adds one to the last printed digit of a figure, in the
// figure and in the text.
func mutateFigure(d *yusuan.Document, si, fi int) {
	ix := newIndex(d, Context{})
	for _, n := range ix.figs {
		if n.sec != &d.Narrative[si] || n.n != fi {
			continue
		}
		p := n.val
		step := half(p.decimals)
		step.Add(step, step)
		if n.f.Kind == yusuan.FigureChange {
			// A change is printed rounded and its growth rate too: one
			// digit may stay within both roundings, so change it by 10%.
			tenth := new(big.Rat).Quo(p.v.big(), ratInt(10))
			if tenth.Cmp(step) > 0 {
				step = tenth
			}
		}
		v := p.v.big()
		v.Add(v, step)
		s := fmtRat(v, p.decimals)
		if strings.Contains(n.f.Printed, ",") {
			ip, fp, ok := strings.Cut(s, ".")
			s = groupDigitsTest(ip)
			if ok {
				s += "." + fp
			}
		}
		para := &n.sec.Paragraphs[n.f.Paragraph]
		*para = (*para)[:n.pos] + s + (*para)[n.end:]
		n.sec.Figures[fi].Printed = s
		return
	}
}

func groupDigitsTest(d string) string {
	n, _ := strconv.ParseInt(d, 10, 64)
	return yusuan.Amount(n * 100).Format(0)
}

func findingKeys(fs []Finding) map[string]bool {
	m := map[string]bool{}
	for _, f := range fs {
		if f.Severity == Info {
			continue
		}
		src := ""
		if f.Source != nil {
			src = fmt.Sprint(*f.Source)
		}
		m[f.Rule+"|"+f.Message+"|"+f.Row+"|"+f.Column+"|"+f.Expected+"|"+f.Actual+"|"+src] = true
	}
	return m
}

func TestMutations(t *testing.T) {
	if testing.Short() {
		t.Skip("mutation test takes a while")
	}
	total, caught := 0, 0
	byKind := map[string][2]int{}
	var missed []string
	for _, nd := range corpus(t) {
		base := findingKeys(Check(nd.doc, nd.ctx))
		if len(base) > 0 {
			for k := range base {
				t.Errorf("%s: the correct document has a finding: %s", nd.name, k)
			}
			continue
		}
		for _, m := range mutations(nd.doc) {
			d := cloneDoc(nd.doc)
			m.apply(d)
			got := findingKeys(Check(d, nd.ctx))
			ok := false
			for k := range got {
				if !base[k] {
					ok = true
					break
				}
			}
			total++
			c := byKind[m.kind]
			c[0]++
			if ok {
				caught++
				c[1]++
			} else if len(missed) < 40 {
				missed = append(missed, nd.name+": "+m.where)
			}
			byKind[m.kind] = c
		}
	}
	kinds := make([]string, 0, len(byKind))
	for k := range byKind {
		kinds = append(kinds, k)
	}
	sort.Strings(kinds)
	for _, k := range kinds {
		c := byKind[k]
		t.Logf("%-7s %5d mutations, %5d caught (%.1f%%)", k, c[0], c[1], 100*float64(c[1])/float64(c[0]))
	}
	rate := 100 * float64(caught) / float64(total)
	t.Logf("total   %5d mutations, %5d caught (%.2f%%)", total, caught, rate)
	for _, m := range missed {
		t.Logf("missed: %s", m)
	}
	if rate < 95 {
		t.Errorf("caught %.2f%% of inconsistent changes, want at least 95%%", rate)
	}
}
