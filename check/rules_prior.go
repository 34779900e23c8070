package check

import (
	"fmt"
	"strings"

	"github.com/yusuan/yusuan"
)

// Rules across years: with last year's published document of the same
// organization and kind (Context.Prior, from the store), the narrative's
// year-on-year changes, growth rates and stated last-year amounts are
// checked against what last year's document printed, not only against each
// other. A sentence whose base is not last year's published figure (上年执行
// 数, 决算数, 调整预算, 实际) is left alone: last year's budget document does
// not print that base.

// notPublishedBase are words that, before a figure in its sentence, make
// it compare with something other than last year's published budget.
var notPublishedBase = []string{"执行", "决算", "实际", "调整预算", "调整后", "追加", "快报"}

// priorIndex returns the index of last year's document, built once.
func (ix *index) priorIndex() *index {
	if ix.ctx.Prior == nil {
		return nil
	}
	if ix.prior == nil {
		ctx := Context{Catalog: ix.ctx.Catalog}
		if ix.ctx.Profile != nil && ix.ctx.Prior.Profile == ix.ctx.Profile.ID {
			ctx.Profile = ix.ctx.Profile
		}
		ix.prior = newIndex(ix.ctx.Prior, ctx)
	}
	return ix.prior
}

// priorValue is what last year's document says ref was, read from its
// tables, and how.
func (ix *index) priorValue(ref string) (interval, string, bool) {
	px := ix.priorIndex()
	if px == nil || ref == "" || strings.HasPrefix(ref, "project:") {
		return interval{}, "", false
	}
	res, ok := px.resolve(ref, nil)
	if !ok || res.bound || res.count {
		return interval{}, "", false
	}
	return res.iv, fmt.Sprintf("上年（%d 年）公开文件%s", ix.ctx.Prior.Year, res.how()), true
}

// comparesWithPublished reports whether the figure's sentence compares
// with last year's published budget (or says nothing about its base).
func comparesWithPublished(n *nfig) bool {
	// The text from the start of the sentence (a full stop: a “与上年预算执行
	// 数相比” governs every clause after it) up to the figure; the reason
	// after a figure (“因工作调整增加”) does not change the base.
	s := n.sentence()
	if n.pos >= 0 {
		s = n.para[:n.pos]
		if i := strings.LastIndexAny(s, "。！？\n"); i >= 0 {
			s = s[i:]
		}
	}
	for _, w := range notPublishedBase {
		if strings.Contains(s, w) {
			return false
		}
	}
	return true
}

// priorApplies: last year's document is of the year before and the same
// kind, and the figure can be read.
func (p *Pass) priorApplies(n *nfig) bool {
	pr := p.Ctx.Prior
	if pr == nil || pr.Year != p.Doc.Year-1 || docKind(pr) != docKind(p.Doc) || !n.ok || n.ref == "" {
		return false
	}
	return comparesWithPublished(n)
}

// yoy is a year-on-year figure set against last year's document: this
// year's value and how it was read, last year's and where it was printed,
// and the change in the figure's direction (a decrease counts positive).
type yoy struct {
	prior, diff interval
	th, ph      string
}

// yearOnYear reads the figure's measure this year and in last year's
// document, when the PRIOR rules apply to it.
func (p *Pass) yearOnYear(n *nfig) (yoy, bool) {
	if !p.priorApplies(n) {
		return yoy{}, false
	}
	T, th, ok := p.ix.operand(n.ref, n)
	if !ok {
		return yoy{}, false
	}
	P, ph, ok := p.ix.priorValue(n.ref)
	if !ok {
		return yoy{}, false
	}
	diff := sub(T, P)
	if n.dir == "decrease" {
		diff = interval{qNeg(diff.hi), qNeg(diff.lo)}
	}
	return yoy{prior: P, diff: diff, th: th.String(), ph: ph}, true
}

var _ = register(
	&Rule{ID: "PRIOR-001", Title: "变动额与上年公开数一致", Severity: Warning, Category: CatNarrative,
		Doc: "库中有本单位上一年度已公开的同类文件时，说明中“比上年增加（减少）X 万元”的 X 应等于本年数减去上年文件印出的数（都按印出位数的区间计算）。句中写明以执行数、决算数、调整预算等为基数的不检查。上年预算可能在年内调整，所以报告为警告，并列出上年文件中的数字及其出处。",
		Run: func(p *Pass) {
			for _, n := range p.ix.figs {
				if n.f.Kind != yusuan.FigureChange {
					continue
				}
				yy, ok := p.yearOnYear(n)
				if !ok {
					continue
				}
				diff, th, ph := yy.diff, yy.th, yy.ph
				if n.dir == "flat" || overlaps(diff, figSpan(n)) {
					continue
				}
				p.Report(n.finding(Finding{Message: fmt.Sprintf("%s的变动额与上年公开的数字不符", refName(n.ref)),
					Expected: fmtWan(midpoint(diff)) + "万元",
					Detail:   fmt.Sprintf("本年数 %s − %s = %s 元", th, ph, fmtSpan(diff, 0))}))
			}
		}},
	&Rule{ID: "PRIOR-002", Title: "增长率与上年公开数一致", Severity: Warning, Category: CatNarrative,
		Doc: "库中有本单位上一年度已公开的同类文件时，说明中的增长率应等于（本年数 − 上年文件印出的数）÷ 上年文件印出的数（按印出位数的区间计算）。基数不是上年公开数的句子不检查；报告为警告。",
		Run: func(p *Pass) {
			for _, n := range p.ix.figs {
				if n.f.Kind != yusuan.FigureGrowth {
					continue
				}
				yy, ok := p.yearOnYear(n)
				if !ok || yy.prior.lo.Sign() <= 0 {
					continue
				}
				diff, th, ph, P := yy.diff, yy.th, yy.ph, yy.prior
				g, ok := div(diff, P)
				if !ok {
					continue
				}
				g = scale(g, 100)
				if n.dir == "flat" || overlaps(g, figSpan(n)) {
					continue
				}
				d := n.val.decimals
				p.Report(n.finding(Finding{Message: fmt.Sprintf("%s的增长率与上年公开的数字不符", refName(n.ref)),
					Expected: fmtSpan(g, d) + "%",
					Detail:   fmt.Sprintf("（本年数 %s − %s）÷ 上年数 = %s%%", th, ph, fmtSpan(g, d+2))}))
			}
		}},
	&Rule{ID: "PRIOR-003", Title: "说明所述上年数与上年公开文件一致", Severity: Warning, Category: CatNarrative,
		Doc: "库中有本单位上一年度已公开的同类文件时，说明中写出的上年数（如“上年预算 X 万元”）应等于上年文件印出的数（按印出位数的区间比较）。报告为警告。",
		Run: func(p *Pass) {
			for _, n := range p.ix.figs {
				if n.f.Kind != yusuan.FigureAmount || !strings.HasPrefix(n.ref, "last_year:") || !p.priorApplies(n) {
					continue
				}
				P, ph, ok := p.ix.priorValue(strings.TrimPrefix(n.ref, "last_year:"))
				if !ok || overlaps(P, figSpan(n)) {
					continue
				}
				p.Report(n.finding(Finding{Message: fmt.Sprintf("说明所述%s与上年公开的数字不符", refName(n.ref)),
					Expected: fmtWan(midpoint(P)) + "万元",
					Detail:   ph}))
			}
		}},
)

// docKind is the document's kind, budget when not stated.
func docKind(d *yusuan.Document) string {
	if d.Kind == "" {
		return yusuan.DocBudget
	}
	return d.Kind
}
