package check

import (
	"fmt"
	"math/big"
	"strings"

	"github.com/yusuan/yusuan/internal/lazyre"
)

// Physical quantities (areas, lengths, volumes) broken down with “其中”
// in the narrative: “建筑面积约为13459平方米，其中地上建筑面积为8013平方米
// （其中计容面积7998平方米，不计容面积105平方米），地下建筑面积为5356平方米”.

var _ = register(
	&Rule{ID: "FACT-006", Title: "面积等数量与其“其中”分项之和一致", Severity: Warning, Category: CatFacts,
		Doc: "说明中以“其中”分列的面积、长度、体积（平方米、亩、公顷、立方米、公里）：所列分项（括号内的“其中”是括号前那一项的分项）之和不能超过总数。超过的报告为警告；一个分项与它自己的分项不符、而按其分项之和总数恰好相符时，只报告这一个分项。分项之和小于总数时可能只列了部分分项，作为提示。",
		Run: func(p *Pass) {
			for _, tp := range p.texts() {
				if tp.para == 0 || !strings.Contains(tp.text, "其中") || !quantityRe.MatchString(tp.text) {
					continue
				}
				p.quantityBreakdowns(tp)
			}
		}},
)

// quantityRe is a figure with a unit of area, length or volume.
var quantityRe = lazyre.New(`(\d+(?:\.\d+)?)\s*(平方米|㎡|亩|公顷|立方米|公里|千米)`)

type qty struct {
	start, end int // byte offsets of the figure with its unit
	printed    string
	unit       string
	depth      int // parentheses open at the figure
	v, half    *big.Rat
}

// breakdown is a whole, its parts and their sum.
type breakdown struct {
	whole *qty
	parts []*qty
	sum   *big.Rat
	slack *big.Rat // the rounding of the printed figures
}

func (b *breakdown) over() bool {
	d := new(big.Rat).Sub(b.sum, b.whole.v)
	return d.Cmp(b.slack) > 0
}

func (b *breakdown) under() bool {
	d := new(big.Rat).Sub(b.whole.v, b.sum)
	return d.Cmp(b.slack) > 0
}

func (p *Pass) quantityBreakdowns(tp textPlace) {
	text := tp.text
	var qs []*qty
	depthAt := func(i int) int {
		d := 0
		for _, r := range text[:i] {
			switch r {
			case '（', '(':
				d++
			case '）', ')':
				if d > 0 {
					d--
				}
			}
		}
		return d
	}
	for _, m := range quantityRe.FindAllStringSubmatchIndex(text, -1) {
		v, ok := new(big.Rat).SetString(text[m[2]:m[3]])
		if !ok {
			continue
		}
		dec := 0
		if i := strings.IndexByte(text[m[2]:m[3]], '.'); i >= 0 {
			dec = m[3] - m[2] - i - 1
		}
		half := new(big.Rat).SetFrac(big.NewInt(1), new(big.Int).Mul(big.NewInt(2), new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(dec)), nil)))
		qs = append(qs, &qty{start: m[0], end: m[1], printed: text[m[2]:m[3]], unit: text[m[4]:m[5]], depth: depthAt(m[0]), v: v, half: half})
	}
	var bds []*breakdown
	byWhole := map[*qty]*breakdown{}
	for i, w := range qs {
		// “其中” between the whole and the next figure, in the same clause.
		next := len(text)
		if i+1 < len(qs) {
			next = qs[i+1].start
		}
		gap := text[w.end:next]
		k := strings.Index(gap, "其中")
		if k < 0 || strings.ContainsAny(gap[:k], "。；;") {
			continue
		}
		d := depthAt(w.end + k)
		if d < w.depth {
			continue
		}
		b := &breakdown{whole: w, sum: new(big.Rat), slack: new(big.Rat).Set(w.half)}
		for j := i + 1; j < len(qs); j++ {
			q := qs[j]
			if depthAt(q.start) < d || clauseEndAt(text[w.end:q.start], d) {
				break
			}
			if q.depth != d || q.unit != w.unit {
				continue
			}
			b.parts = append(b.parts, q)
			b.sum.Add(b.sum, q.v)
			b.slack.Add(b.slack, q.half)
		}
		if len(b.parts) >= 2 {
			bds = append(bds, b)
			byWhole[w] = b
		}
	}
	reported := map[*breakdown]bool{}
	// A part that disagrees with its own parts, while the whole agrees
	// with the sum once that part is read as its parts' sum: one wrong
	// figure, reported once.
	for _, b := range bds {
		for _, part := range b.parts {
			inner, ok := byWhole[part]
			if !ok || !inner.over() && !inner.under() {
				continue
			}
			fixed := new(big.Rat).Sub(b.sum, part.v)
			fixed.Add(fixed, inner.sum)
			d := new(big.Rat).Sub(fixed, b.whole.v)
			if d.Sign() < 0 {
				d.Neg(d)
			}
			if d.Cmp(new(big.Rat).Add(b.slack, inner.slack)) > 0 {
				continue
			}
			reported[b], reported[inner] = true, true
			p.reportText(tp, part.start, text[part.start:part.end], Finding{
				Message:  fmt.Sprintf("说明中的%s%s与其分项之和不一致，而按分项之和总数%s%s恰好相符", part.printed, part.unit, b.whole.printed, b.whole.unit),
				Expected: ratString(inner.sum) + part.unit, Actual: part.printed + part.unit,
				Detail: fmt.Sprintf("%s = %s%s ≠ %s%s；%s = %s%s", termsOf(inner), ratString(inner.sum), part.unit, part.printed, part.unit,
					strings.Replace(termsOf(b), part.printed, ratString(inner.sum), 1), ratString(fixed), part.unit),
			})
		}
	}
	for _, b := range bds {
		if reported[b] {
			continue
		}
		f := Finding{Expected: "不超过 " + b.whole.printed + b.whole.unit, Actual: ratString(b.sum) + b.whole.unit,
			Detail: fmt.Sprintf("%s = %s%s，总数 %s%s", termsOf(b), ratString(b.sum), b.whole.unit, b.whole.printed, b.whole.unit)}
		switch {
		case b.over():
			f.Message = fmt.Sprintf("说明中“其中”所列各项之和超过总数%s%s", b.whole.printed, b.whole.unit)
		case b.under():
			f.Severity = Info
			f.Message = fmt.Sprintf("说明中“其中”所列各项之和小于总数%s%s（如只列了部分分项，可不理会）", b.whole.printed, b.whole.unit)
			f.Expected = b.whole.printed + b.whole.unit
		default:
			continue
		}
		p.reportText(tp, b.whole.start, tp.text[b.whole.start:b.whole.end], f)
	}
}

// clauseEndAt reports whether s ends a clause (。；) at depth d or
// shallower, counting parentheses from depth d.
func clauseEndAt(s string, d int) bool {
	depth := d
	for _, r := range s {
		switch r {
		case '（', '(':
			depth++
		case '）', ')':
			depth--
		case '。', '；', ';':
			if depth <= d {
				return true
			}
		}
	}
	return false
}

func termsOf(b *breakdown) string {
	var ts []string
	for _, q := range b.parts {
		ts = append(ts, q.printed)
	}
	return strings.Join(ts, " + ")
}

func ratString(r *big.Rat) string {
	if r.IsInt() {
		return r.Num().String()
	}
	s := r.FloatString(4)
	s = strings.TrimRight(s, "0")
	return strings.TrimSuffix(s, ".")
}
