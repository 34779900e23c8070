package check

import (
	"fmt"

	"github.com/yusuan/yusuan"
	"github.com/yusuan/yusuan/internal/lazyre"
)

// “涉及预算拨款 39,560.87 万元，均为一般公共预算拨款”: an amount said to be
// all of one appropriated fund.
var allOfFundRe = lazyre.New(amtNumRe + amtUnitRe + `[，,]?(?:全部|均|都)(?:为|是|来自|由)(一般公共预算|政府性基金预算|国有资本经营预算|财政拨款)`)

var _ = register(
	&Rule{ID: "NAR-022", Title: "说明中全部来自财政拨款的金额不超过财政拨款总额", Severity: Error, Category: CatNarrative, Kinds: []string{yusuan.DocBudget},
		Doc: "说明称某金额“均为（全部为）一般公共预算拨款”（或政府性基金预算、国有资本经营预算、财政拨款）时，它不能超过财政拨款收支总表的收支总计（当年财政拨款加上年结转，各项财政拨款之和）：超过时，所称的资金来源与表格矛盾（常见于把含其他收入的项目支出总额写成全部为一般公共预算拨款）。",
		Run: func(p *Pass) {
			whole, ok := p.ix.resolve("fiscal", nil)
			if !ok || whole.bound || whole.iv.hi.Sign() <= 0 {
				return
			}
			p.eachSentence([]string{"均为", "全部为", "都是", "均来自", "全部来自", "均由", "全部由"}, func(sec *yusuan.Section, para int, s, norm string, at int) {
				for _, m := range allOfFundRe.FindAllStringSubmatch(norm, -1) {
					x, xp, ok := amountSpan(m[1], m[2])
					if !ok || x.lo.Cmp(whole.iv.hi) <= 0 {
						continue
					}
					p.Report(sentenceFinding(sec, para, s, at, Finding{
						Message:  fmt.Sprintf("说明称 %s%s 均为%s拨款，超过财政拨款总额", xp.text, m[2], m[3]),
						Expected: "不超过 " + fmtWan(midpoint(whole.iv)) + "万元",
						Actual:   xp.text + m[2],
						Detail: fmt.Sprintf("财政拨款总额（当年拨款加上年结转）= %s = %s万元；%s%s 比它多 %s万元，不可能全部来自%s拨款，其余应来自其他收入等非财政拨款资金",
							whole.how(), fmtWan(midpoint(whole.iv)), xp.text, m[2], fmtWan(midpoint(sub(x, whole.iv))), m[3]),
					}))
				}
			})
		}},
)
