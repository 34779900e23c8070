package check

import (
	"fmt"
	"math/big"
	"sort"
	"strings"
	"sync"

	"github.com/yusuan/yusuan"
)

// A fact is a figure a table shows, under a key that names it the same
// way in every table: scope|measure, e.g. "all|basic", "gp|econ:30101|basic",
// "all|function:2010301". Figures two tables both show must agree.
type fact struct {
	key    string
	t      *yusuan.Table
	parts  []cref
	lo, hi int64 // in half-分: 2·value ∓ the printed rounding
	// alt is a second reading of the same printed words, agreeing when
	// either reading does: a fund's 本年收入 in a table that prints its
	// 上年结转 apart is the fund with its carry-over in a table that
	// counts the carry-over in the fund (“结转金额已纳入相应性质的资金收入”).
	alt *altReading
}

// altReading is a fact's other reading: its parts plus extra cells.
type altReading struct {
	extra  []cref
	lo, hi int64
	what   string // the extra part in words: 上年结转
}

func (f *fact) col() string {
	if len(f.parts) > 0 {
		return f.parts[0].col
	}
	return ""
}

// how says how a fact was read: 表3「合计」行「基本支出」列 + ….
func (f *fact) how() string {
	var hs []string
	for _, c := range f.parts {
		hs = append(hs, cellRef(f.t, c.r, c.col))
	}
	if len(hs) > 4 {
		return fmt.Sprintf("%s + … + %s（共 %d 项）", hs[0], hs[len(hs)-1], len(hs))
	}
	return strings.Join(hs, " + ")
}

func (f *fact) amount() yusuan.Amount { return yusuan.Amount((f.lo + f.hi) / 4) }

func factsOverlap(a, b *fact) bool { return a.lo <= b.hi && b.lo <= a.hi }

// factsAgree reports whether two facts agree in any of their readings.
func factsAgree(a, b *fact) bool {
	if factsOverlap(a, b) {
		return true
	}
	if a.alt == nil && b.alt == nil {
		return false
	}
	type iv struct{ lo, hi int64 }
	as, bs := []iv{{a.lo, a.hi}}, []iv{{b.lo, b.hi}}
	if a.alt != nil {
		as = append(as, iv{a.alt.lo, a.alt.hi})
	}
	if b.alt != nil {
		bs = append(bs, iv{b.alt.lo, b.alt.hi})
	}
	for _, x := range as {
		for _, y := range bs {
			if x.lo <= y.hi && y.lo <= x.hi {
				return true
			}
		}
	}
	return false
}

// scope canonicalisation: when all money is general public budget money,
// a general public figure is the figure of the whole department, and so on.
func (ix *index) canon(scope string) string {
	for {
		switch {
		case scope == "ap" && ix.apIsGP:
			scope = "gp"
		case scope == "gp" && ix.gpIsAll:
			scope = "all"
		case scope == "fiscal" && ix.fiscalIsAll:
			scope = "all"
		default:
			return scope
		}
	}
}

var twoSidedIncomeKeys = []string{"general_public", "appropriation", "special_revenue", "admin_fees", "state_resources",
	"other_public", "gov_fund", "state_capital", "special_account", "transfer", "carryover", "other_income"}

var expenditureKeys = []string{"basic", "wages", "household", "goods", "capital", "project",
	"project_social", "project_debt", "project_construction", "project_other"}

// econClassOf maps a basic expenditure column to the economic class it is.
var econClassOf = map[string]string{"wages": "301", "household": "303", "goods": "302"}

// factSet builds the facts of a document. A key is assembled in one
// reusable buffer and allocated once, when it is first seen; the facts of
// a key form a group (a list in document order), so facts to add up are
// found in their group and tieProblems need not sort all facts.
type factSet struct {
	ix    *index
	buf   []byte
	group map[string]int32 // key → group
	ghead []int32          // group → its first fact
	gtail []int32          // group → its last fact
	next  []int32          // fact → the next fact of its group, or -1
	scope []string         // fact → its scope before canonicalisation
	arena []cref           // the facts' parts, each fact's slice capped
	facts []fact
}

// factSets are reused from one document to the next (per P, so the
// workers of a folder check do not share them): their slices and map
// keep their capacity, so a check does not allocate them again.
var factSets = sync.Pool{New: func() any { return &factSet{group: map[string]int32{}} }}

func newFactSet(ix *index) *factSet {
	n := 0 // about how many facts: one per amount cell of the tables facts come from
	for ti := range ix.doc.Tables {
		t := &ix.doc.Tables[ti]
		switch t.Kind {
		case yusuan.KindPerformanceDepartment, yusuan.KindPerformanceProject, yusuan.KindProcurement:
			continue
		}
		n += len(t.Rows) * len(t.Columns)
	}
	n += 16
	fs := factSets.Get().(*factSet)
	fs.ix = ix
	fs.buf = fs.buf[:0]
	fs.ghead = grow(fs.ghead, n)
	fs.gtail = grow(fs.gtail, n)
	fs.next = grow(fs.next, n)
	fs.scope = grow(fs.scope, n)
	fs.arena = grow(fs.arena, n+n/8)
	fs.facts = grow(fs.facts, n)
	return fs
}

// grow returns s emptied, with room for n elements.
func grow[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, 0, n)
	}
	return s[:0]
}

// release gives the fact set back for the next document, holding on to
// nothing of this one. Nothing may use the facts afterwards.
func (fs *factSet) release() {
	clear(fs.group)
	clear(fs.scope)
	clear(fs.arena)
	clear(fs.facts)
	fs.ix = nil
	factSets.Put(fs)
}

// put adds parts (of table t) to the fact canon(scope)|measure, measure
// being the concatenation of ms; a fact of the same key, scope and first
// column in the same table is added to.
func (fs *factSet) put(scope string, t *yusuan.Table, parts []cref, ms ...string) int32 {
	ix := fs.ix
	b := append(fs.buf[:0], ix.canon(scope)...)
	b = append(b, '|')
	for _, m := range ms {
		b = append(b, m...)
	}
	fs.buf = b
	var lo, hi int64
	for _, c := range parts {
		v := int64(c.r.Amount(c.col))
		tol := ix.tol2(t, yusuan.Amount(v))
		lo += 2*v - tol
		hi += 2*v + tol
	}
	g, ok := fs.group[string(b)]
	if ok {
		for i := fs.ghead[g]; i >= 0; i = fs.next[i] {
			if f := &fs.facts[i]; f.t == t && fs.scope[i] == scope && f.parts[0].col == parts[0].col {
				f.parts = append(f.parts, parts...)
				f.lo += lo
				f.hi += hi
				return i
			}
		}
	}
	i := int32(len(fs.facts))
	var key string
	if ok {
		key = fs.facts[fs.ghead[g]].key
		fs.next[fs.gtail[g]] = i
		fs.gtail[g] = i
	} else {
		key = string(b)
		g = int32(len(fs.ghead))
		fs.group[key] = g
		fs.ghead = append(fs.ghead, i)
		fs.gtail = append(fs.gtail, i)
	}
	fs.next = append(fs.next, -1)
	fs.scope = append(fs.scope, scope)
	n := len(fs.arena)
	fs.arena = append(fs.arena, parts...)
	fs.facts = append(fs.facts, fact{key: key, t: t, parts: fs.arena[n : n+len(parts) : n+len(parts)], lo: lo, hi: hi})
	return i
}

// withAlt gives fact i a second reading: itself plus the cells extra.
func (fs *factSet) withAlt(i int32, extra []cref, what string) {
	f := &fs.facts[i]
	lo, hi := f.lo, f.hi
	for _, c := range extra {
		v := int64(c.r.Amount(c.col))
		tol := fs.ix.tol2(f.t, yusuan.Amount(v))
		lo += 2*v - tol
		hi += 2*v + tol
	}
	f.alt = &altReading{extra: extra, lo: lo, hi: hi, what: what}
}

func (ix *index) allFacts() []fact {
	if ix.factsDone {
		return ix.facts
	}
	ix.factsDone = true
	fs := newFactSet(ix)
	defer func() { ix.facts, ix.factSet = fs.facts, fs }()
	one := func(r *yusuan.Row, col string) []cref { return []cref{{r, col}} }
	for ti := range ix.doc.Tables {
		t := &ix.doc.Tables[ti]
		if len(t.Rows) == 0 {
			continue
		}
		switch t.Kind {
		case yusuan.KindSummary, yusuan.KindFiscalSummary:
			scope := "all"
			if t.Kind == yusuan.KindFiscalSummary {
				scope = "fiscal"
			}
			tr := totalRow(t)
			hasIncome, hasExp := hasColumn(t, "income"), hasColumn(t, "expenditure")
			// A two-sided table read side by side into rows of its own
			// (收入总计 … 支出总计) has one total row per side: each side's
			// total is the total row that has a figure on that side.
			trIn, trExp := sideTotal(t, tr, "income"), sideTotal(t, tr, "expenditure")
			cols := amountColumns(t)
			carried := carryParts(t)
			for i := range t.Rows {
				r := &t.Rows[i]
				switch {
				case r.Key == "total" || r == tr || r == trIn || r == trExp:
					if hasIncome && (r.Key == "total" || r == trIn) {
						fs.put(scope, t, one(r, "income"), "income")
					}
					if hasExp && (r.Key == "total" || r == trExp) {
						fs.put(scope, t, one(r, "expenditure"), "total")
					}
				case contains(twoSidedIncomeKeys, r.Key):
					i := fs.put("src", t, one(r, "income"), r.Key)
					if c := carried[r.Key]; c != nil {
						fs.withAlt(i, one(c, "income"), "上年结转")
					}
				case contains(expenditureKeys, r.Key):
					fs.put(scope, t, one(r, "expenditure"), r.Key)
				case yusuan.IsDigits(r.Code):
					for _, c := range cols {
						if _, ok := r.Cells[c.Key]; !ok {
							continue
						}
						switch c.Key {
						case "expenditure", "total":
							fs.put(scope, t, one(r, c.Key), "function:", r.Code)
						case "general_public":
							fs.put("gp", t, one(r, c.Key), "function:", r.Code)
						}
					}
				}
			}
		case yusuan.KindIncome:
			multi := unitCount(t) > 1
			hasGP := hasColumn(t, "general_public")
			cols := amountColumns(t)
			unit := "" // code of the unit row above
			for i := range t.Rows {
				r := &t.Rows[i]
				switch lv := level(r); {
				case lv == yusuan.LevelTotal:
					for _, c := range cols {
						switch c.Key {
						case "total":
							fs.put("all", t, one(r, c.Key), "income")
						case "other":
							fs.put("src", t, one(r, c.Key), "other_income")
						default:
							fs.put("src", t, one(r, c.Key), c.Key)
						}
					}
				case lv == yusuan.LevelUnit:
					unit = r.Code
					fs.put("all", t, one(r, "total"), "unit:", r.Code)
				case yusuan.IsDigits(r.Code):
					pre, u, sep := "", "", ""
					if multi {
						pre, u, sep = "unit:", unit, ":"
					}
					fs.put("all", t, one(r, "total"), pre, u, sep, "function:", r.Code)
					if hasGP {
						fs.put("gp", t, one(r, "general_public"), pre, u, sep, "function:", r.Code)
					}
				}
			}
		case yusuan.KindExpenditure, yusuan.KindGeneralPublicFunctional, yusuan.KindGovFund, yusuan.KindStateCapital:
			var scope string
			switch t.Kind {
			case yusuan.KindExpenditure:
				scope = "all"
			case yusuan.KindGeneralPublicFunctional:
				scope = "gp"
			case yusuan.KindGovFund:
				scope = "gov_fund"
			case yusuan.KindStateCapital:
				scope = "state_capital"
			}
			multi := unitCount(t) > 1
			cols := amountColumns(t)
			hasTotal := hasColumn(t, "total")
			personnel := hasColumn(t, "wages") && hasColumn(t, "household")
			publicFunds := hasColumn(t, "goods") && hasColumn(t, "capital")
			unit := "" // code of the unit row above
			for i := range t.Rows {
				r := &t.Rows[i]
				// The measure prefix of the row, without its final "|":
				// "" (total row), unit:U, function:F or unit:U:function:F.
				var pre [5]string
				top := false
				switch lv := level(r); {
				case lv == yusuan.LevelTotal:
					top = true
				case lv == yusuan.LevelUnit:
					unit = r.Code
					pre[0], pre[1] = "unit:", r.Code
				case yusuan.IsDigits(r.Code):
					if multi {
						pre[0], pre[1], pre[2] = "unit:", unit, ":"
					}
					pre[3], pre[4] = "function:", r.Code
				default:
					continue
				}
				if top && scope != "all" && scope != "gp" && hasTotal {
					fs.put("src", t, one(r, "total"), scope)
				}
				for _, c := range cols {
					switch {
					case top:
						fs.put(scope, t, one(r, c.Key), c.Key)
					case c.Key == "total":
						fs.put(scope, t, one(r, c.Key), pre[0], pre[1], pre[2], pre[3], pre[4])
					default:
						fs.put(scope, t, one(r, c.Key), pre[0], pre[1], pre[2], pre[3], pre[4], "|", c.Key)
					}
					if cl, ok := econClassOf[c.Key]; ok && top {
						fs.put(scope, t, one(r, c.Key), "econclass:", cl, "|basic")
					}
				}
				if top && personnel {
					fs.put(scope, t, []cref{{r, "wages"}, {r, "household"}}, "personnel")
				}
				if top && publicFunds {
					fs.put(scope, t, []cref{{r, "goods"}, {r, "capital"}}, "public_funds")
				}
			}
		case yusuan.KindGeneralPublicEconomic, yusuan.KindGeneralPublicBasic:
			basicTable := t.Kind == yusuan.KindGeneralPublicBasic
			cols := amountColumns(t)
			for i := range t.Rows {
				r := &t.Rows[i]
				lv := level(r)
				digits := yusuan.IsDigits(r.Code)
				if lv != yusuan.LevelTotal && !digits {
					continue
				}
				leafSeg := digits && len(r.Code) == 5 && isLeaf(t, i)
				for _, c := range cols {
					scope, col := "gp", c.Key
					if basicTable {
						switch c.Key {
						case "total":
							col = "basic"
						case "appropriation":
							scope, col = "ap", "basic"
						}
					}
					switch {
					case lv == yusuan.LevelTotal:
						fs.put(scope, t, one(r, c.Key), col)
					default:
						fs.put(scope, t, one(r, c.Key), "econ:", r.Code, "|", col)
						if leafSeg {
							fs.put(scope, t, one(r, c.Key), "econclass:", r.Code[:3], "|", col)
						}
					}
				}
			}
		case yusuan.KindThreePublic:
			for _, m := range []struct{ key, econ string }{{"abroad", "30212"}, {"reception", "30217"}, {"vehicle_operation", "30231"}} {
				if res, ok := ix.tpe(m.key); ok && res.t == t && res.r != nil {
					fs.put("ap", t, one(res.r, res.col), "econ:", m.econ, "|total")
				}
			}
		}
	}
	return fs.facts
}

// carryParts finds, in a two-sided table that prints its 上年结转 apart
// from the year's income (一、本年收入 … 二、上年结转 （一）一般公共预算拨款 …),
// the carried-over part of each fund, by the fund's key.
func carryParts(t *yusuan.Table) map[string]*yusuan.Row {
	var out map[string]*yusuan.Row
	in := false
	for i := range t.Rows {
		r := &t.Rows[i]
		switch {
		case r.Key == "carry_over" || r.Key == "carry_in" || r.Key == "carryover":
			in = true
			continue
		case r.Key != "":
			in = false
			continue
		case !in:
			continue
		}
		if _, ok := r.Cells["income"]; !ok {
			continue
		}
		n := compact(r.Name)
		for _, f := range [][2]string{{"一般公共预算", "general_public"}, {"政府性基金", "gov_fund"}, {"国有资本经营", "state_capital"}} {
			if strings.Contains(n, f[0]) {
				if out == nil {
					out = map[string]*yusuan.Row{}
				}
				out[f[1]] = r
				break
			}
		}
	}
	return out
}

func contains(xs []string, s string) bool {
	for _, x := range xs {
		if x == s {
			return true
		}
	}
	return false
}

func unitCount(t *yusuan.Table) int {
	n := 0
	for i := range t.Rows {
		if level(&t.Rows[i]) == yusuan.LevelUnit {
			n++
		}
	}
	return n
}

// unitOf returns the code of the unit row above row i.
func unitOf(t *yusuan.Table, i int) string {
	for j := i; j >= 0; j-- {
		if level(&t.Rows[j]) == yusuan.LevelUnit {
			return t.Rows[j].Code
		}
	}
	return ""
}

// sideTotal is the total row of a two-sided table for one side (column
// col): the table's total row tr when it has a figure there, else the
// first other grand-total row that has one; tr when none has.
func sideTotal(t *yusuan.Table, tr *yusuan.Row, col string) *yusuan.Row {
	if tr == nil {
		return nil
	}
	if _, ok := tr.Cells[col]; ok {
		return tr
	}
	for i := range t.Rows {
		r := &t.Rows[i]
		if r == tr || r.Code != "" {
			continue
		}
		if r.Level != yusuan.LevelTotal && r.Key != "grand_total" {
			continue
		}
		if _, ok := r.Cells[col]; ok {
			return r
		}
	}
	return tr
}

// tieProblem is a fact that disagrees with what most tables show.
type tieProblem struct {
	bad, ref *fact
}

// tieProblems compares every key shown by two or more tables. The
// reference is the value most tables agree on (the earliest table on a
// tie); every table that disagrees with it is a problem.
func (ix *index) tieProblems() []tieProblem {
	if ix.tiesDone {
		return ix.ties
	}
	ix.tiesDone = true
	facts := ix.allFacts()
	set := ix.factSet
	// The keys shown by two or more facts, in key order; each group lists
	// its facts in document order.
	var multi []int32
	for g, h := range set.ghead {
		if set.next[h] >= 0 {
			multi = append(multi, int32(g))
		}
	}
	sort.Slice(multi, func(a, b int) bool { return facts[set.ghead[multi[a]]].key < facts[set.ghead[multi[b]]].key })
	var fs []int32
	for _, g := range multi {
		fs = fs[:0]
		for i := set.ghead[g]; i >= 0; i = set.next[i] {
			fs = append(fs, i)
		}
		best, bestN := int32(0), -1
		for _, i := range fs {
			n := 0
			for _, j := range fs {
				if factsAgree(&facts[i], &facts[j]) {
					n++
				}
			}
			if n > bestN {
				best, bestN = i, n
			}
		}
		for _, i := range fs {
			if factsAgree(&facts[i], &facts[best]) {
				continue
			}
			ref := best
			for _, j := range fs {
				if facts[j].t != facts[i].t && factsAgree(&facts[j], &facts[best]) {
					ref = j
					break
				}
			}
			ix.ties = append(ix.ties, tieProblem{bad: &facts[i], ref: &facts[ref]})
		}
	}
	return ix.ties
}

// tiePair is a named pair of table kinds whose shared figures must agree.
type tiePair struct {
	id   string
	a, b yusuan.TableKind
}

var tiePairs = []tiePair{
	{"TIE-001", yusuan.KindSummary, yusuan.KindExpenditure},
	{"TIE-002", yusuan.KindSummary, yusuan.KindIncome},
	{"TIE-003", yusuan.KindSummary, yusuan.KindFiscalSummary},
	{"TIE-004", yusuan.KindSummary, yusuan.KindGeneralPublicFunctional},
	{"TIE-005", yusuan.KindIncome, yusuan.KindExpenditure},
	{"TIE-006", yusuan.KindExpenditure, yusuan.KindGeneralPublicFunctional},
	{"TIE-007", yusuan.KindExpenditure, yusuan.KindFiscalSummary},
	{"TIE-008", yusuan.KindIncome, yusuan.KindFiscalSummary},
	{"TIE-009", yusuan.KindIncome, yusuan.KindGeneralPublicFunctional},
	{"TIE-010", yusuan.KindFiscalSummary, yusuan.KindGeneralPublicFunctional},
	{"TIE-011", yusuan.KindGeneralPublicFunctional, yusuan.KindGeneralPublicEconomic},
	{"TIE-012", yusuan.KindGeneralPublicFunctional, yusuan.KindGeneralPublicBasic},
	{"TIE-013", yusuan.KindGeneralPublicEconomic, yusuan.KindGeneralPublicBasic},
	{"TIE-014", yusuan.KindThreePublic, yusuan.KindGeneralPublicEconomic},
	{"TIE-019", yusuan.KindGovFund, yusuan.KindSummary},
	{"TIE-020", yusuan.KindGovFund, yusuan.KindFiscalSummary},
	{"TIE-021", yusuan.KindStateCapital, yusuan.KindSummary},
	{"TIE-022", yusuan.KindStateCapital, yusuan.KindFiscalSummary},
	{"TIE-023", yusuan.KindExpenditure, yusuan.KindGeneralPublicEconomic},
	{"TIE-024", yusuan.KindExpenditure, yusuan.KindGeneralPublicBasic},
	{"TIE-025", yusuan.KindSummary, yusuan.KindGeneralPublicBasic},
}

const tieOther = "TIE-099"

func pairRule(a, b yusuan.TableKind) string {
	for _, p := range tiePairs {
		if p.a == a && p.b == b || p.a == b && p.b == a {
			return p.id
		}
	}
	return tieOther
}

func tieRun(id string) func(p *Pass) {
	return func(p *Pass) {
		for _, tp := range p.ix.tieProblems() {
			if pairRule(tp.bad.t.Kind, tp.ref.t.Kind) != id {
				continue
			}
			if p.Doc.IsFinal() && (finalPremiseAbsent(tp.bad) || finalPremiseAbsent(tp.ref)) {
				continue // final accounts: FIN-003 ties these figures
			}
			b, r := tp.bad, tp.ref
			f := Finding{
				Message:  fmt.Sprintf("%s与%s的同一数字不一致（%s）", tieName(b.t, r.t), tieName(r.t, b.t), describeKey(b.key)),
				Expected: fmtAmount(r.t, r.amount()),
				Actual:   fmtAmount(b.t, b.amount()),
				Detail:   fmt.Sprintf("%s 应等于 %s（%s）", b.how(), r.how(), fmtAmount(r.t, r.amount())),
			}
			for _, x := range []*fact{b, r} {
				if a := x.alt; a != nil {
					var hs []string
					for _, c := range a.extra {
						hs = append(hs, cellRef(x.t, c.r, c.col))
					}
					f.Detail += fmt.Sprintf("；%s连同%s（%s）为 %s，也不相等", x.how(), a.what, strings.Join(hs, " + "), fmtAmount(x.t, yusuan.Amount((a.lo+a.hi)/4)))
				}
			}
			if len(b.parts) == 1 {
				f = cellFinding(b.t, b.parts[0].r, b.col(), f)
			} else {
				f = cellFinding(b.t, nil, b.col(), f)
				f.Row = describeKey(b.key)
			}
			f.cells = append(append([]cref(nil), b.parts...), r.parts...)
			p.Report(f)
		}
	}
}

func fmtIv(t *yusuan.Table, iv interval) string {
	if iv.isExact() {
		a := ratAmount(iv.lo)
		return fmtAmount(t, a)
	}
	return fmtWan(midpoint(iv)) + "万元"
}

func ratAmount(r rat) yusuan.Amount {
	x := qMul(r, qInt(100)).big()
	return yusuan.Amount(new(big.Int).Quo(x.Num(), x.Denom()).Int64())
}

var scopeNames = map[string]string{"all": "部门", "gp": "一般公共预算", "ap": "财政拨款（一般公共预算）", "fiscal": "财政拨款",
	"src": "收入来源", "gov_fund": "政府性基金预算", "state_capital": "国有资本经营预算"}

var measureNames = map[string]string{"total": "支出合计", "income": "收入合计", "basic": "基本支出", "project": "项目支出",
	"wages": "工资福利支出", "household": "对个人和家庭的补助", "goods": "商品和服务支出", "capital": "资本性支出",
	"personnel": "人员经费", "public_funds": "公用经费", "project_social": "社会事业和经济发展项目", "project_debt": "债务项目",
	"project_construction": "基本建设项目", "project_other": "其他项目", "general_public": "一般公共预算",
	"appropriation": "财政拨款", "gov_fund": "政府性基金预算", "state_capital": "国有资本经营预算",
	"special_account": "财政专户管理的非税收入", "transfer": "上级转移支付", "other_income": "其他收入",
	"special_revenue": "专项收入", "admin_fees": "行政事业性收费收入", "state_resources": "国有资源（资产）有偿使用收入",
	"other_public": "其他一般公共预算收入", "carryover": "上年结转", "fiscal": "财政拨款"}

// describeKey turns a fact key into Chinese: "all|function:2010301|basic" → 部门 功能科目2010301 基本支出.
func describeKey(key string) string {
	parts := strings.Split(key, "|")
	var out []string
	if n, ok := scopeNames[parts[0]]; ok {
		out = append(out, n)
	}
	for _, p := range parts[1:] {
		switch {
		case strings.HasPrefix(p, "function:"):
			out = append(out, "功能科目"+strings.TrimPrefix(p, "function:"))
		case strings.HasPrefix(p, "econclass:"):
			out = append(out, "经济分类"+strings.TrimPrefix(p, "econclass:")+"类")
		case strings.HasPrefix(p, "econ:"):
			out = append(out, "经济分类"+strings.TrimPrefix(p, "econ:"))
		case strings.HasPrefix(p, "unit:"):
			out = append(out, "单位"+strings.ReplaceAll(strings.TrimPrefix(p, "unit:"), ":function:", " 功能科目"))
		default:
			if n, ok := measureNames[p]; ok {
				out = append(out, n)
			} else {
				out = append(out, p)
			}
		}
	}
	return strings.Join(out, " ")
}

func init() {
	var rs []*Rule
	for _, tp := range tiePairs {
		rs = append(rs, &Rule{
			ID:       tp.id,
			Title:    kindName(tp.a) + "与" + kindName(tp.b) + "一致",
			Doc:      "两张表都列示的同一数字必须相等：" + kindName(tp.a) + "与" + kindName(tp.b) + "中同一口径的合计、基本支出、项目支出、按经济类别的支出、同一功能科目或经济科目的金额。口径相同的判断以收入来源为准：当全部收入都是一般公共预算（或财政拨款）时，部门口径与一般公共预算口径的数字也必须相等。以多数表格一致的数值为准，指出与之不符的那张表；万元表按印出位数的区间比较。",
			Severity: Error,
			Category: CatTies,
			Run:      tieRun(tp.id),
		})
	}
	rs = append(rs, &Rule{
		ID: tieOther, Title: "其他表间同一数字一致",
		Doc:      "上列表对之外的任意两张表，凡列示同一口径的同一数字，必须相等（以多数表格一致的数值为准）。",
		Severity: Error, Category: CatTies, Run: tieRun(tieOther),
	})
	register(rs...)
}

// tieName names a table against another: by number, or by kind when both
// share a number (表5 is two tables in Zhengzhou).
func tieName(t, other *yusuan.Table) string {
	if t.Number == other.Number {
		return shortTable(t) + "（" + kindName(t.Kind) + "）"
	}
	return shortTable(t)
}

// finalPremiseAbsent reports whether a fact of final accounts rests on a
// budget premise that final accounts do not share: income equals spending
// (a final account's income table differs from its spending by the
// carry-overs), and 总计 is the year's total (it adds the carry-overs).
// The ties of final accounts are FIN-003's (rules_final.go).
func finalPremiseAbsent(f *fact) bool {
	if f.t.Kind == yusuan.KindIncome {
		return true
	}
	for _, c := range f.parts {
		if c.r == nil {
			continue
		}
		switch c.r.Key {
		case "grand_total", "carry_in", "carry_out", "surplus_use", "surplus_distribution", "income_total":
			return true
		}
		if c.r.Key == "" && compact(c.r.Name) == "总计" {
			return true
		}
	}
	return false
}
