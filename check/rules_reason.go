package check

import (
	"fmt"
	"strings"

	"github.com/yusuan/yusuan"
	"github.com/yusuan/yusuan/internal/lazyre"
)

// moneyDirRe is the money of a reason clause moving one way: 经费增加,
// 支出减少, 资金下降.
var moneyDirRe = lazyre.New(`(?:经费|支出|资金|费用)(增加|增长|上升|提高|调增|减少|下降|降低|压减|缩减|调减)`)

// anyDirRe is any direction word of a clause.
var anyDirRe = lazyre.New(`增加|增长|上升|提高|调增|增多|减少|下降|降低|压减|缩减|调减|减少了|节约|核减`)

func dirOfWord(w string) string {
	switch w {
	case "增加", "增长", "上升", "提高", "调增", "增多":
		return "increase"
	}
	return "decrease"
}

// reasonSentence returns the reason a change figure is given (the text of
// the sentence after “原因”), "" when none is found nearby.
func (ix *index) reasonSentence(n *nfig) string {
	if n.pos < 0 {
		return ""
	}
	text := n.para[n.end:]
	for _, m := range ix.figs {
		if m.sec == n.sec && m.f.Paragraph == n.f.Paragraph && m.pos > n.pos && m.ref != n.ref &&
			(m.f.Kind == yusuan.FigureChange || m.f.Kind == yusuan.FigureGrowth) {
			text = n.para[n.end:m.pos]
			break
		}
	}
	i := strings.Index(text, "原因")
	if i < 0 {
		return ""
	}
	rest := strings.TrimLeft(text[i+len("原因"):], "是为：: ，,")
	if j := clauseEnds.index(rest); j >= 0 {
		rest = rest[:j]
	}
	return compact(rest)
}

var _ = register(
	&Rule{ID: "NAR-019", Title: "变动原因与变动方向一致", Severity: Warning, Category: CatNarrative,
		Doc: "说明给出的变动原因只讲经费（支出、资金）一个方向的变化，而这个方向与所说明的变动相反时报告（如减少 2.98%，原因写“……经费增加”）。原因中既有增加又有减少、或提到上年的，不报告；这是表述问题，报告为警告。",
		Run: func(p *Pass) {
			seen := map[string]bool{}
			for _, n := range p.ix.figs {
				if n.f.Kind != yusuan.FigureChange && n.f.Kind != yusuan.FigureGrowth || !n.ok || n.val.v.Sign() == 0 {
					continue
				}
				if n.dir != "increase" && n.dir != "decrease" || n.f.Direction != "" && n.f.Direction != n.dir {
					continue // NAR-004's
				}
				r := p.ix.reasonSentence(n)
				if r == "" || strings.Contains(r, "上年") || strings.Contains(r, "去年") {
					continue
				}
				dirs := map[string]bool{}
				for _, w := range anyDirRe.FindAllString(r, -1) {
					dirs[dirOfWord(w)] = true
				}
				m := moneyDirRe.FindStringSubmatch(r)
				if m == nil || len(dirs) != 1 || dirOfWord(m[1]) == n.dir {
					continue
				}
				key := fmt.Sprint(n.sec.Title, n.f.Paragraph, r)
				if seen[key] {
					continue
				}
				seen[key] = true
				p.Report(n.finding(Finding{
					Message:  fmt.Sprintf("变动原因“%s”与%s的方向相反", m[0], dirWord(n.dir, n.f.Kind)+n.f.Printed+unitText(n.f)),
					Expected: "与变动方向一致的原因",
					Actual:   r,
					Detail:   fmt.Sprintf("说明的变动为%s，所给原因只说经费%s", dirWord(n.dir, n.f.Kind), m[1]),
				}))
			}
		}},
)
