package check

import (
	"fmt"
	"strings"

	"github.com/yusuan/yusuan"
)

// Table arithmetic works in whole 分 (int64): a 元 table must add up
// exactly; a 万元 table adds up when the sum of the printed parts and the
// printed total are within the sum of their half-units (all in 分, so the
// test is exact).

// tol2 is twice the half-unit a printed cell stands for, in 分: 0 in a 元
// table.
func (ix *index) tol2(t *yusuan.Table, v yusuan.Amount) int64 {
	u := unitYuan(t.Unit)
	if u == 1 {
		return 0
	}
	d := ix.decimals(t)
	if d < 0 {
		d = impliedDecimals(v, u)
	}
	g := u * 100
	for i := 0; i < d && g > 1; i++ {
		g /= 10
	}
	return g
}

// cellRef is a cell of the table under check.
type cref struct {
	r   *yusuan.Row
	col string
}

// checkSum reports when target ≠ Σ parts. what says what is being summed,
// for the message.
func (p *Pass) checkSum(t *yusuan.Table, target cref, parts []cref, what string) bool {
	if _, ok := target.r.Cells[target.col]; !ok {
		return true
	}
	tv := target.r.Amount(target.col)
	var s yusuan.Amount
	tol := p.ix.tol2(t, tv)
	for _, c := range parts {
		v := c.r.Amount(c.col)
		s += v
		tol += p.ix.tol2(t, v)
	}
	diff := int64(tv - s)
	if diff < 0 {
		diff = -diff
	}
	if 2*diff <= tol {
		if diff != 0 {
			p.rounding(t, target, parts, s, tv, what, fmt.Sprintf("本表以%s印出，每个数代表其末位 ±½ 的区间；%d 个数（合计与 %d 个组成项）的舍入误差之和最多为 %s", t.Unit, len(parts)+1, len(parts), fmtAmount(t, yusuan.Amount(tol/2))))
		}
		return true
	}
	if tol == 0 && p.ix.roundedYuan(t) && 2*diff <= int64(len(parts)+1)*100 {
		p.rounding(t, target, parts, s, tv, what, fmt.Sprintf("本表金额全部印为整元，而本文档%s，说明这些整元数是由角分四舍五入得到的；每个数代表 ±0.5 元的区间，%d 个数（合计与 %d 个组成项）的舍入误差之和最多为 %s元", p.ix.fenEvidence, len(parts)+1, len(parts), fmtQ(qQuo(qInt(int64(len(parts)+1)), qInt(2)), 1)))
		return true
	}
	f := Finding{
		Message:  fmt.Sprintf("%s「%s」行「%s」列不等于%s", shortTable(t), rowLabel(target.r), colLabel(t, target.col), what),
		Expected: fmtAmount(t, s),
		Actual:   fmtAmount(t, tv),
		Detail:   sumDetail(t, parts, s) + fmt.Sprintf("；差额 %s", fmtAmount(t, tv-s)),
	}
	if tol > 0 {
		f.Detail += fmt.Sprintf("（已按%s表印出位数允许的舍入区间比较）", t.Unit)
	}
	f = cellFinding(t, target.r, target.col, f)
	f.cells = append([]cref(nil), parts...)
	p.Report(f)
	return false
}

// rounding reports, as an info, a sum that is off only by what rounding
// the printed figures explains; once per table and rule, with the number
// of other such sums added at the end of the check (noteRoundings).
func (p *Pass) rounding(t *yusuan.Table, target cref, parts []cref, s, tv yusuan.Amount, what, why string) {
	k := roundKey{p.rule.ID, t}
	if n, ok := p.ix.roundings[k]; ok {
		n.more++
		return
	}
	f := cellFinding(t, target.r, target.col, Finding{
		Severity: Info,
		Message:  fmt.Sprintf("%s「%s」行「%s」列与%s相差 %s，属舍入误差", shortTable(t), rowLabel(target.r), colLabel(t, target.col), what, fmtAmount(t, abs(tv-s))),
		Expected: fmtAmount(t, s),
		Actual:   fmtAmount(t, tv),
		Detail:   sumDetail(t, parts, s) + fmt.Sprintf("；差额 %s。%s，差额在此之内，不是错误", fmtAmount(t, tv-s), why),
	})
	p.Report(f)
	if p.ix.roundings == nil {
		p.ix.roundings = map[roundKey]*roundNote{}
	}
	p.ix.roundings[k] = &roundNote{at: len(*p.out) - 1}
}

type roundKey struct {
	rule string
	t    *yusuan.Table
}

type roundNote struct{ at, more int }

// noteRoundings adds to each rounding info how many more sums of its
// table the same rule found off by rounding.
func (ix *index) noteRoundings(out []Finding) {
	for _, n := range ix.roundings {
		if n.more > 0 && n.at < len(out) {
			out[n.at].Detail += fmt.Sprintf("（本表另有 %d 处同类舍入差）", n.more)
		}
	}
}

// roundedYuan reports whether table t, printed in 元, shows whole 元 that
// were rounded from 分: all its amounts are whole 元 while the document
// prints 分 elsewhere or says its figures are rounded.
func (ix *index) roundedYuan(t *yusuan.Table) bool {
	if unitYuan(t.Unit) != 1 {
		return false
	}
	if !ix.fenDone {
		ix.fenDone = true
		ix.fenEvidence = fenEvidence(ix.doc)
	}
	if ix.fenEvidence == "" {
		return false
	}
	for i := range t.Rows {
		for _, v := range t.Rows[i].Cells {
			if !v.IsText && v.Num%100 != 0 {
				return false
			}
		}
	}
	return true
}

// fenEvidence says why the document's whole-元 figures may be rounded:
// another table prints 角分, or the document says its figures are rounded.
func fenEvidence(doc *yusuan.Document) string {
	for ti := range doc.Tables {
		t := &doc.Tables[ti]
		if unitYuan(t.Unit) != 1 {
			continue
		}
		for i := range t.Rows {
			for _, v := range t.Rows[i].Cells {
				if !v.IsText && v.Num%100 != 0 {
					return fmt.Sprintf("的%s印有角分（%s）", shortTable(t), fmtAmount(t, v.Num))
				}
			}
		}
	}
	words := []string{"四舍五入", "尾差", "尾数差"}
	for ti := range doc.Tables {
		if containsAny(doc.Tables[ti].Note, words) {
			return fmt.Sprintf("%s的注说明数字经四舍五入", shortTable(&doc.Tables[ti]))
		}
	}
	for _, s := range doc.Narrative {
		for _, para := range s.Paragraphs {
			if containsAny(para, words) {
				return "的说明写明数字经四舍五入"
			}
		}
	}
	return ""
}

func sumDetail(t *yusuan.Table, parts []cref, s yusuan.Amount) string {
	var terms []string
	for i, c := range parts {
		if i == 6 && len(parts) > 7 {
			terms = append(terms, fmt.Sprintf("…（共 %d 项）", len(parts)))
			break
		}
		label := rowLabel(c.r)
		if len(parts) > 1 && allSameRow(parts) {
			label = colLabel(t, c.col)
		}
		terms = append(terms, fmt.Sprintf("%s %s", label, fmtAmount(t, c.r.Amount(c.col))))
	}
	if len(parts) == 0 {
		return "无组成项，应为 0"
	}
	return strings.Join(terms, " + ") + " = " + fmtAmount(t, s)
}

func allSameRow(parts []cref) bool {
	for _, c := range parts[1:] {
		if c.r != parts[0].r {
			return false
		}
	}
	return true
}

// ---- the row tree of a coded table ----

type block struct {
	unit   *yusuan.Row   // nil for a table without unit rows
	rows   []int         // coded rows of the block
	parent map[int]int   // row → its parent row (−1 for top level)
	kids   map[int][]int // row → its children in order (−1: the top level)
}

// blocksOf returns blocks(t), computed once per document.
func (ix *index) blocksOf(t *yusuan.Table) []block {
	if bs, ok := ix.blocks[t]; ok {
		return bs
	}
	if ix.blocks == nil {
		ix.blocks = map[*yusuan.Table][]block{}
	}
	bs := blocks(t)
	ix.blocks[t] = bs
	return bs
}

// blocks splits a coded table into unit blocks and finds each row's
// parent: the row of the same block with the longest code that is a
// proper prefix of its code.
func blocks(t *yusuan.Table) []block {
	var out []block
	cur := block{parent: map[int]int{}}
	flush := func() {
		if cur.unit != nil || len(cur.rows) > 0 {
			out = append(out, cur)
		}
	}
	for i := range t.Rows {
		r := &t.Rows[i]
		switch lv := level(r); {
		case lv == yusuan.LevelUnit:
			flush()
			cur = block{unit: r, parent: map[int]int{}}
		case lv == yusuan.LevelTotal:
		case yusuan.IsDigits(r.Code):
			cur.rows = append(cur.rows, i)
		}
	}
	flush()
	for bi := range out {
		b := &out[bi]
		byCode := map[string][]int{}
		for _, i := range b.rows {
			byCode[t.Rows[i].Code] = append(byCode[t.Rows[i].Code], i)
		}
		b.kids = map[int][]int{}
		for _, i := range b.rows {
			code := t.Rows[i].Code
			b.parent[i] = -1
			for l := len(code) - 1; l >= 1; l-- {
				if ps, ok := byCode[code[:l]]; ok {
					b.parent[i] = nearestBefore(ps, i)
					break
				}
			}
			b.kids[b.parent[i]] = append(b.kids[b.parent[i]], i)
		}
	}
	return out
}

func nearestBefore(cands []int, i int) int {
	best := cands[0]
	for _, c := range cands {
		if c < i {
			best = c
		}
	}
	return best
}

// children returns the rows whose parent is row i (−1: the top level),
// in order. The slice is shared: callers must not change it.
func (b *block) children(i int) []int { return b.kids[i] }

func (b *block) top() []int { return b.children(-1) }

func isCodedKind(k yusuan.TableKind) bool {
	switch k {
	case yusuan.KindIncome, yusuan.KindExpenditure, yusuan.KindGeneralPublicFunctional, yusuan.KindGovFund,
		yusuan.KindStateCapital, yusuan.KindGeneralPublicEconomic, yusuan.KindGeneralPublicBasic:
		return true
	}
	return false
}

// codedTables returns the tables whose rows are classification codes.
func (p *Pass) codedTables() []*yusuan.Table {
	var out []*yusuan.Table
	for i := range p.Doc.Tables {
		t := &p.Doc.Tables[i]
		if isCodedKind(t.Kind) && len(t.Rows) > 0 {
			out = append(out, t)
		}
	}
	return out
}

func crefs(t *yusuan.Table, idx []int, col string) []cref {
	out := make([]cref, len(idx))
	for k, i := range idx {
		out[k] = cref{&t.Rows[i], col}
	}
	return out
}
