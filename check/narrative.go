package check

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/yusuan/yusuan"
	"github.com/yusuan/yusuan/internal/lazyre"
)

// figSpan is the interval a narrative figure stands for, in 元 for
// amounts (万元 figures scaled), in percent for shares and growth rates.
func figSpan(n *nfig) interval {
	if n.span == nil {
		iv := figSpanOf(n)
		n.span = &iv
	}
	return *n.span
}

func figSpanOf(n *nfig) interval {
	if n.f.Kind == yusuan.FigureCount {
		return exact(n.val.v)
	}
	iv := n.val.span()
	if iv.lo.Sign() < 0 && n.val.v.Sign() >= 0 {
		iv.lo = rat{}
	}
	switch n.f.Kind {
	case yusuan.FigureAmount, yusuan.FigureChange:
		return inYuan(iv, figUnit(n))
	}
	return iv
}

func figUnit(n *nfig) string {
	if n.f.Unit != "" {
		return n.f.Unit
	}
	rest := strings.TrimSpace(n.after)
	switch {
	case strings.HasPrefix(rest, "万元"):
		return "万元"
	case strings.HasPrefix(rest, "亿元"):
		return "亿元"
	}
	return "元"
}

// operand is the value of a measure for narrative arithmetic: from the
// tables when they show it, otherwise as stated (rounded) in the
// narrative.
func (ix *index) operand(ref string, near *nfig) (interval, operandHow, bool) {
	if ref == "" {
		return interval{}, operandHow{}, false
	}
	// A read table without the row is no evidence the measure is 0 (the
	// row may not have been read): then the narrative's own figure serves.
	if res, ok := ix.resolve(ref, near); ok && !res.bound && !res.count && !(res.none && ix.doc.Origin != "compiled") {
		return res.iv, operandHow{res: res}, true
	}
	// The narrative's own statement of the measure, nearest to the figure.
	var best *nfig
	for _, n := range ix.figs {
		if n.f.Kind == yusuan.FigureAmount && n.ref == ref && n.ok {
			if best == nil || near != nil && n.sec == near.sec {
				best = n
			}
		}
	}
	if best == nil {
		return interval{}, operandHow{}, false
	}
	return figSpan(best), operandHow{fig: best}, true
}

// operandHow says where an operand came from: a resolution, or a figure
// of the narrative.
type operandHow struct {
	res resolution
	fig *nfig
}

func (o operandHow) String() string {
	if o.fig != nil {
		return fmt.Sprintf("说明中的「%s%s」（%s）", o.fig.f.Printed, figUnit(o.fig), o.fig.sec.Title)
	}
	return o.res.how()
}

// amountExpected prints a table value the way the figure prints it.
func amountExpected(n *nfig, res resolution) string {
	u := figUnit(n)
	d := n.val.decimals
	v := qQuo(midpoint(res.iv), qInt(unitYuan(u)))
	return fmtQ(v, d) + u
}

func midpoint(iv interval) rat { return qQuo(qAdd(iv.lo, iv.hi), qInt(2)) }

// skipAmountRef lists references other rules check (or that tables cannot
// show).
func skipAmountRef(ref string) bool {
	return ref == "" || ref == "operating_cost" || strings.HasPrefix(ref, "last_year:") ||
		strings.HasPrefix(ref, "procurement_") || strings.HasPrefix(ref, "project:")
}

// otherUnitMatches reports whether the printed number matches the table
// value when read in the other unit (元 ↔ 万元).
func otherUnitMatches(n *nfig, res resolution) (string, bool) {
	if n.val.v.Sign() == 0 {
		return "", false
	}
	other := "元"
	if figUnit(n) == "元" {
		other = "万元"
	}
	return other, overlaps(inYuan(n.val.span(), other), res.iv)
}

// amountMismatches calls f for every narrative amount whose table figure
// lies outside the printed amount's rounding interval. NAR-001 and NAR-008
// split these between a wrong figure and a wrong unit.
func (p *Pass) amountMismatches(f func(n *nfig, res resolution)) {
	for _, n := range p.ix.figs {
		if n.f.Kind != yusuan.FigureAmount || !n.ok || skipAmountRef(n.ref) {
			continue
		}
		res, ok := p.ix.resolve(n.ref, n)
		if !ok || res.count || res.bound || overlaps(figSpan(n), res.iv) || p.ix.otherScopeMatches(n) {
			continue
		}
		if c := clause(n.before); strings.Contains(c, "结转") && !strings.Contains(n.ref, "carry") {
			continue // 上年结转: last year's money, not the measure the words after it name
		}
		if partOfSmallerWhole(n, res.iv) {
			continue
		}
		f(n, res)
	}
}

// otherScopeMatches reports whether a functional amount agrees with the
// same code in another table that prints it — all funds (支出总表), the
// general public budget (一般公共预算支出表), a fund's own table: a
// narrative that explains one table states that table's scope, and the
// words in front of the figure do not always say which.
func (ix *index) otherScopeMatches(n *nfig) bool {
	name, _, _ := strings.Cut(n.ref, "@")
	if !strings.HasPrefix(name, "function:") {
		return false
	}
	for _, g := range []string{"", "@general_public", "@gov_fund", "@state_capital"} {
		alt := name + g
		if alt == n.ref {
			continue
		}
		if res, ok := ix.resolve(alt, n); ok && !res.none && overlaps(figSpan(n), res.iv) {
			return true
		}
	}
	return false
}

var _ = register(
	&Rule{ID: "NAR-001", Title: "说明中的金额与表格一致", Severity: Error, Category: CatNarrative,
		Doc: "说明中的每个金额都要与它所指的表格数字一致。所指对象取自说明数字的引用（编译文档），或由数字前的文字与表格行名、口径词语匹配得出（读取的文档）。说明中 d 位小数的万元数代表区间 [v−½·10⁻ᵈ, v+½·10⁻ᵈ]，只有表格数字落在区间之外才报告。",
		Run: func(p *Pass) {
			p.amountMismatches(func(n *nfig, res resolution) {
				if _, ok := otherUnitMatches(n, res); ok {
					return // NAR-008
				}
				sev := Severity("")
				note := ""
				switch {
				case res.none:
					// The table prints no row of the code: the narrative may
					// name a 项 the table sums up, or the row was not read.
					sev = Warning
				case res.derived:
					// 人员经费 / 公用经费 added up from economic classes: the
					// department may draw the line elsewhere.
					sev = Warning
					note = "；表格未列示该数，上式按经济分类（人员经费 = 301 + 303，公用经费 = 302 + 309 + 310）计算，部门也可能按其他口径划分人员经费和公用经费（如离退休人员公用经费列在 303），请对照部门口径核对"
				}
				p.Report(n.finding(Finding{
					Severity: sev,
					Message:  fmt.Sprintf("说明中的%s与表格不一致", refName(n.ref)),
					Expected: amountExpected(n, res),
					Detail: fmt.Sprintf("%s = %s元，按说明的 %d 位小数应印为 %s；印出的 %s%s 代表区间 %s 元，不含表格数字%s",
						res.how(), fmtQ(midpoint(res.iv), 2), n.val.decimals, amountExpected(n, res), n.f.Printed, figUnit(n), fmtSpan(figSpan(n), 2), note),
				}))
			})
		}},
	&Rule{ID: "NAR-002", Title: "说明中的占比正确", Severity: Error, Category: CatNarrative,
		Doc: "说明中的每个占比（占 x%）都要等于所指部分除以所指整体。部分和整体取自表格；表格没有时取说明自己印出的（已舍入的）金额。部分、整体和印出的百分比都按各自的舍入区间参与计算，只有任何可能的取值都得不到印出的百分比时才报告。互补的两个占比（基本支出与项目支出等）印出之和恰为 100%、其中一个只差末位一个单位时，是为凑足 100% 而截尾或进位，报告为提示。",
		Run: func(p *Pass) {
			for _, n := range p.ix.figs {
				if n.f.Kind != yusuan.FigureShare || !n.ok || n.ref == "" || n.base == "" {
					continue
				}
				part, ph, ok1 := p.ix.operand(n.ref, n)
				whole, wh, ok2 := p.ix.operand(n.base, n)
				if !ok1 || !ok2 {
					continue
				}
				ratio, ok := div(part, whole)
				if !ok {
					continue
				}
				got := scale(ratio, 100)
				if overlaps(got, figSpan(n)) {
					continue
				}
				d := n.val.decimals
				if others := p.ix.partition(n); others != "" {
					// Shares printed to add up to exactly 100 %: one was
					// rounded the other way (or truncated) on purpose, so the
					// printed figure is one unit of its last digit from the
					// correctly rounded one.
					u := qHalf(d) // half a unit of the last digit
					wide := interval{qSub(qSub(figSpan(n).lo, u), u), qAdd(qAdd(figSpan(n).hi, u), u)}
					if overlaps(got, wide) {
						p.Report(n.finding(Finding{Severity: Info,
							Message:  fmt.Sprintf("说明中%s占%s的比例为凑足 100%% 调整了末位", refName(n.ref), refName(n.base)),
							Expected: fmtSpan(got, d) + "%",
							Detail: fmt.Sprintf("%s ÷ %s = %s%%，按 %d 位小数应印为 %s%%；印出的 %s%% 与%s之和恰为 100%%，末位只差一个单位，是为使各项之和为 100%% 而截尾或进位（尾差调整），不是错误",
								ph, wh, fmtSpan(got, d+2), d, fmtSpan(got, d), n.f.Printed, others),
						}))
						continue
					}
				}
				if n.f.Base == "" || read(p.Doc) {
					// The whole was inferred from the words around the
					// share (by the reader, for a document read from a
					// file), not printed with it: when another whole the
					// document states makes the share right, the text is
					// ambiguous, not wrong.
					if alt, ah := p.ix.otherWhole(n, part, got); alt != "" {
						p.Report(n.finding(Finding{Severity: Info,
							Message:  fmt.Sprintf("说明中%s的占比按%s计算相符", refName(n.ref), refName(alt)),
							Expected: fmtSpan(got, d) + "%",
							Detail: fmt.Sprintf("句中未写明整体；按%s计算（%s ÷ %s）与印出的 %s%% 相符，按%s计算则为 %s%%",
								refName(alt), ph, ah, n.f.Printed, refName(n.base), fmtSpan(got, d+2)),
						}))
						continue
					}
					if got.lo.Cmp(qInt(100)) > 0 {
						continue // a part larger than its whole: the whole was misread, not misprinted
					}
				}
				p.Report(n.finding(Finding{
					Message:  fmt.Sprintf("说明中%s占%s的比例不正确", refName(n.ref), refName(n.base)),
					Expected: fmtSpan(got, d) + "%",
					Detail:   fmt.Sprintf("%s ÷ %s = %s%%（保留 %d 位小数）；印出的 %s%% 代表区间 %s%%", ph, wh, fmtSpan(got, d+2), d, n.f.Printed, fmtSpan(figSpan(n), d+1)),
				}))
			}
		}},
	&Rule{ID: "NAR-003", Title: "增长率以上年数为基数", Severity: Error, Category: CatNarrative,
		Doc: "增长率 = 变动额 ÷ 上年数。上年数不在表格中，由本年数减去说明所述的变动额推出（上年数 = 本年数 − 变动额）；变动额和增长率都按印出位数的区间计算，只有区间内任何取值都得不到印出的增长率时才报告。常见错误是以本年数为基数（变动额 ÷ 本年数），发现时在说明中指出。",
		Run: func(p *Pass) {
			for _, n := range p.ix.figs {
				if n.f.Kind != yusuan.FigureGrowth || !n.ok || n.ref == "" {
					continue
				}
				ch := p.ix.changeFor(n)
				if ch == nil {
					continue
				}
				// A sentence that states its own this-year figure is checked
				// on its own operands: the table may hold another base (all
				// funds, or excluding capital construction).
				T, th, ok := interval{}, operandHow{}, false
				if own := p.ix.ownAmountFor(ch); own != nil {
					T, th, ok = figSpan(own), operandHow{fig: own}, true
				} else {
					T, th, ok = p.ix.operand(n.ref, n)
				}
				if !ok {
					continue
				}
				C := figSpan(ch)
				dir := ch.dir
				if dir == "" {
					dir = n.dir
				}
				var g interval
				var base interval
				switch dir {
				case "increase":
					base = sub(T, C)
				case "decrease":
					base = add(T, C)
				default:
					continue
				}
				g, ok = div(C, base)
				if !ok {
					continue
				}
				g = scale(g, 100)
				if overlaps(g, figSpan(n)) {
					continue
				}
				d := n.val.decimals
				detail := fmt.Sprintf("本年数 %s = %s元；变动额 %s%s（区间 %s 元）；上年数 = %s %s 变动额 = %s 元；增长率 = 变动额 ÷ 上年数 = %s%%",
					th, fmtSpan(T, 0), ch.f.Printed, figUnit(ch), fmtSpan(C, 0), "本年数", map[string]string{"increase": "−", "decrease": "+"}[dir], fmtSpan(base, 0), fmtSpan(g, d+1))
				if wrong, ok := div(C, T); ok && overlaps(scale(wrong, 100), figSpan(n)) {
					detail += fmt.Sprintf("；印出的 %s%% 等于变动额 ÷ 本年数（%s%%），即以本年数为基数计算", n.f.Printed, fmtSpan(scale(wrong, 100), d+1))
				}
				p.Report(n.finding(Finding{
					Message:  fmt.Sprintf("说明中%s的增长率与变动额不符", refName(n.ref)),
					Expected: fmtSpan(g, d) + "%",
					Detail:   detail,
				}))
			}
		}},
	&Rule{ID: "NAR-004", Title: "增减表述与变动方向一致", Severity: Error, Category: CatNarrative,
		Doc: "“增加/增长”只用于增加，“减少/下降”只用于减少，变动为零时写“持平”（“与上年一致”“与上年预算一致”“无变化”同持平）。报告：写持平却有非零变动；同一事项的变动额和增长率方向相反；说明同时给出上年数时，本年数减上年数的符号与表述相反。印出的变动为 0 却写增加或减少（“增加0万元”）只是表述问题，报告为警告。",
		Run: func(p *Pass) {
			for _, n := range p.ix.figs {
				if n.f.Kind != yusuan.FigureChange && n.f.Kind != yusuan.FigureGrowth || !n.ok {
					continue
				}
				zero := n.val.v.Sign() == 0
				word := dirWord(n.dir, n.f.Kind)
				switch {
				case zero && (n.dir == "increase" || n.dir == "decrease"):
					// “增加0万元” says nothing false (a change under half a
					// unit prints as 0): wording, not arithmetic.
					p.Report(n.finding(Finding{Severity: Warning, Message: fmt.Sprintf("变动为 0，却表述为“%s”", word), Expected: "持平", Actual: word + n.f.Printed + unitText(n.f),
						Detail: "印出的变动额为 0（可能是不足半个单位的变动舍入所得），应表述为“持平”或写出足够的小数位；这是表述问题，数字本身并不矛盾"}))
				case !zero && n.dir == "flat":
					p.Report(n.finding(Finding{Message: "表述为“持平”，却有非零变动", Expected: "增加或减少", Actual: "持平" + n.f.Printed + unitText(n.f)}))
				case n.f.Direction != "" && n.dir != "" && n.f.Direction != n.dir && !zero:
					p.Report(n.finding(Finding{Message: fmt.Sprintf("文字“%s”与变动方向（%s）相反", word, dirWord(n.f.Direction, n.f.Kind)), Expected: dirWord(n.f.Direction, n.f.Kind), Actual: word}))
				}
				if n.f.Kind == yusuan.FigureGrowth {
					if ch := p.ix.changeFor(n); ch != nil && ch.dir != "" && n.dir != "" && ch.dir != n.dir && !zero && ch.val.v.Sign() != 0 {
						p.Report(n.finding(Finding{Message: "同一事项的变动额与增长率方向相反", Expected: dirWord(ch.dir, n.f.Kind), Actual: word,
							Detail: fmt.Sprintf("变动额表述为“%s%s%s”", dirWord(ch.dir, yusuan.FigureChange), ch.f.Printed, figUnit(ch))}))
					}
				}
				if n.f.Kind == yusuan.FigureChange && !zero {
					if ly := p.ix.lastYearFor(n); ly != nil {
						if T, _, ok := p.ix.operand(n.ref, n); ok {
							diff := sub(T, figSpan(ly))
							sign := 0
							if diff.lo.Sign() > 0 {
								sign = 1
							} else if diff.hi.Sign() < 0 {
								sign = -1
							}
							if sign == 1 && n.dir == "decrease" || sign == -1 && n.dir == "increase" {
								p.Report(n.finding(Finding{Message: "增减表述与本年数、上年数不符", Expected: dirWord(map[int]string{1: "increase", -1: "decrease"}[sign], n.f.Kind), Actual: word,
									Detail: fmt.Sprintf("本年数 − 上年数 = %s 元", fmtSpan(diff, 0))}))
							}
						}
					}
				}
			}
		}},
	&Rule{ID: "NAR-005", Title: "每项变动都说明原因", Severity: Warning, Category: CatNarrative,
		Doc: "与上年相比有增减的每一项，说明都要写出变动原因（“主要原因……”，或在变动所在的一句或紧接的下一句开头写“主要是……”“主要系……”，如“下降26.0%。主要是：……”）。持平的不需要。合计数（如“三公”经费合计）的变动已由其各组成项逐项说明原因的，视为已说明；其后“收支预算增长的主要原因……”一句说明了收支及其组成的变动。整体金额后括号内列出的组成项变动（“公务用车购置及运行维护费0万元（购置费……减少70万元；……）比上年减少388.88万元，主要原因是……”），由括号后整体变动的原因一并说明。“缴存比例均不得低于5%”之类的限度（名词解释）不是变动。",
		Run: func(p *Pass) {
			seen := map[string]bool{}
			for _, n := range p.ix.figs {
				if n.f.Kind != yusuan.FigureChange && n.f.Kind != yusuan.FigureGrowth || !n.ok || n.ref == "" {
					continue
				}
				if n.val.v.Sign() == 0 || n.dir == "flat" || seen[n.ref] || isBound(n) {
					continue
				}
				if p.ix.explained(n.ref, map[string]bool{}) {
					continue
				}
				seen[n.ref] = true
				p.Report(n.finding(Finding{Message: fmt.Sprintf("%s与上年相比有变动，但未说明原因", refName(n.ref)), Expected: "说明变动原因", Actual: dirWord(n.dir, n.f.Kind) + n.f.Printed + unitText(n.f) + "，无原因"}))
			}
		}},
	&Rule{ID: "NAR-006", Title: "变动额等于本年数减上年数", Severity: Error, Category: CatNarrative,
		Doc: "说明同时给出上年数和变动额时，变动额必须等于本年数减上年数（都按印出位数的区间计算）。",
		Run: func(p *Pass) {
			for _, n := range p.ix.figs {
				if n.f.Kind != yusuan.FigureChange || !n.ok || n.ref == "" {
					continue
				}
				ly := p.ix.lastYearFor(n)
				if ly == nil {
					continue
				}
				T, th, ok := p.ix.operand(n.ref, n)
				if !ok {
					continue
				}
				diff := sub(T, figSpan(ly))
				if n.dir == "decrease" {
					diff = interval{qNeg(diff.hi), qNeg(diff.lo)}
				}
				if overlaps(diff, figSpan(n)) {
					continue
				}
				p.Report(n.finding(Finding{Message: fmt.Sprintf("%s的变动额不等于本年数减上年数", refName(n.ref)),
					Expected: fmtWan(midpoint(diff)) + "万元",
					Detail:   fmt.Sprintf("本年数 %s − 上年数 %s%s = %s 元", th, ly.f.Printed, figUnit(ly), fmtSpan(diff, 0))}))
			}
		}},
	&Rule{ID: "NAR-007", Title: "同一数字前后表述一致", Severity: Error, Category: CatNarrative,
		Doc: "说明在不同位置提到同一事项的同一数字（如收入预算总额、某项目金额、同一变动额）时，印出的数字必须相同（按各自印出位数的区间比较）。前后不一多见于沿用上年文字未改。",
		Run: func(p *Pass) {
			type key struct {
				kind, ref, base string
				adjusted        bool
			}
			first := make(map[key]*nfig, len(p.ix.figs))
			for _, n := range p.ix.figs {
				if !n.ok || n.ref == "" || n.f.Kind == yusuan.FigureCount || strings.HasPrefix(n.ref, "procurement_") {
					continue
				}
				k := key{n.f.Kind, n.ref, n.base, p.ix.adjustedBase(n)}
				f, ok := first[k]
				if !ok {
					first[k] = n
					continue
				}
				if overlaps(figSpan(f), figSpan(n)) {
					continue
				}
				sev := Severity("")
				if p.Doc.Origin != "compiled" {
					// What a read figure talks about is inferred from the
					// words in front of it: two figures may be two things.
					sev = Warning
				}
				p.Report(n.finding(Finding{Severity: sev, Message: fmt.Sprintf("说明中%s前后不一致", refName(n.ref)), Expected: f.f.Printed + unitText(f.f),
					Detail: fmt.Sprintf("「%s」一节已写作“%s”", f.sec.Title, f.sentence())}))
			}
		}},
	&Rule{ID: "NAR-008", Title: "金额单位正确", Severity: Warning, Category: CatNarrative,
		Doc: "说明中的金额只有按另一单位（元与万元）理解才与表格相符时，说明单位写错了。",
		Run: func(p *Pass) {
			p.amountMismatches(func(n *nfig, res resolution) {
				if other, ok := otherUnitMatches(n, res); ok {
					p.Report(n.finding(Finding{Message: fmt.Sprintf("说明中%s的单位应为%s", refName(n.ref), other), Expected: n.f.Printed + other, Actual: n.f.Printed + figUnit(n),
						Detail: fmt.Sprintf("%s = %s元", res.how(), fmtQ(midpoint(res.iv), 2))}))
				}
			})
		}},
	&Rule{ID: "NAR-009", Title: "说明中的分项之和等于总数", Severity: Error, Category: CatNarrative,
		Doc: "说明在同一节中给出总数和它的全部分项时（支出 = 基本支出 + 项目支出；基本支出 = 工资福利 + 商品和服务 + 对个人和家庭的补助 + 资本性支出；基本支出 = 人员经费 + 公用经费；一般公共预算支出 = 各功能科目之和），分项之和必须与总数相符。各数按印出位数的区间相加。",
		Run: func(p *Pass) {
			for _, id := range narrativeIdentities {
				p.ix.checkIdentity(p, id)
			}
		}},
	&Rule{ID: "NAR-010", Title: "互补占比之和为 100%", Severity: Error, Category: CatNarrative,
		Doc: "把一个整体分成几部分的占比（基本支出与项目支出、人员经费与公用经费），按印出位数的区间相加必须能得到 100%。",
		Run: func(p *Pass) {
			for _, pair := range complementaryShares {
				a := p.ix.shareOf(pair[0], pair[2])
				b := p.ix.shareOf(pair[1], pair[2])
				if a == nil || b == nil {
					continue
				}
				s := add(figSpan(a), figSpan(b))
				if s.contains(qInt(100)) {
					continue
				}
				p.Report(b.finding(Finding{Message: fmt.Sprintf("%s与%s占%s的比例之和不是 100%%", refName(pair[0]), refName(pair[1]), refName(pair[2])),
					Expected: "100%", Actual: fmt.Sprintf("%s%% + %s%% = %s%%", a.f.Printed, b.f.Printed, fmtQ(midpoint(s), a.val.decimals)),
					Detail: fmt.Sprintf("两数的舍入区间之和为 %s%%，不含 100%%", fmtSpan(s, a.val.decimals+1))}))
			}
		}},
	&Rule{ID: "NAR-011", Title: "年份正确", Severity: Warning, Category: CatNarrative,
		Doc: "说明中与上年比较的年份（“比 YYYY 年”“与 YYYY 年相比”）必须是预算年度的上一年；沿用往年文字时常见年份未改。",
		Run: func(p *Pass) {
			for si := range p.Doc.Narrative {
				sec := &p.Doc.Narrative[si]
				for pi, para := range sec.Paragraphs {
					for _, y := range comparedYears(para) {
						if y != p.Doc.Year-1 && p.Doc.Year > 0 {
							p.Report(Finding{Message: fmt.Sprintf("与上年比较写成了 %d 年", y), Expected: fmt.Sprintf("%d 年", p.Doc.Year-1), Actual: fmt.Sprintf("%d 年", y),
								Source: &Source{Section: sec.Title, Paragraph: pi + 1, Sentence: sentenceAround(para, fmt.Sprint(y))}})
						}
					}
				}
			}
		}},
	&Rule{ID: "NAR-012", Title: "机关运行经费与公用经费相符", Severity: Error, Category: CatNarrative,
		Doc: "机关运行经费是行政单位（含参公事业单位）一般公共预算基本支出中的公用经费。表格列示机关运行经费时（上海格式），说明须与之相符；否则它不能超过一般公共预算公用经费，且全部预算单位都是机关时两者相等。表格未列示公用经费、只能按经济分类（302 + 309 + 310）推算时，这只是一种口径：说明自己所列的公用经费不小于机关运行经费时不报告，否则报告为警告，并说明两种口径。",
		Run: func(p *Pass) {
			for _, n := range p.ix.figs {
				if n.f.Kind != yusuan.FigureAmount || !n.ok || n.ref != "operating_cost" {
					continue
				}
				res, ok := p.ix.resolve(n.ref, n)
				if !ok || overlaps(figSpan(n), res.iv) {
					continue
				}
				exp := amountExpected(n, res)
				if res.bound {
					exp = "不超过 " + fmtQ(qQuo(res.iv.hi, qInt(unitYuan(figUnit(n)))), n.val.decimals) + figUnit(n)
				}
				if res.derived {
					// The tables print no 公用经费: it was added up from the
					// economic classes 302, 309 and 310, and a department may
					// count other items as 公用经费 (离退休人员公用经费 under
					// 303). The document's own 公用经费, when it states one,
					// decides; otherwise two readings remain.
					own := p.ix.statedPublicFunds()
					if own != nil && figSpan(n).lo.Cmp(figSpan(own).hi) <= 0 {
						continue
					}
					detail := res.how() + "。表格未列示公用经费，上式按经济分类 302、309、310 计算；部门也可能把其他经济科目（如列在 303 的离退休人员公用经费）计入公用经费，按那种口径机关运行经费可以更高，请对照部门的公用经费口径核对"
					if own != nil {
						detail += fmt.Sprintf("；说明在「%s」中所列公用经费为 %s%s，也小于机关运行经费", own.sec.Title, own.f.Printed, figUnit(own))
					}
					p.Report(n.finding(Finding{Severity: Warning, Message: "说明中的机关运行经费超过按经济分类计算的公用经费", Expected: exp, Detail: detail}))
					continue
				}
				p.Report(n.finding(Finding{Message: "说明中的机关运行经费与表格不符", Expected: exp, Detail: res.how()}))
			}
		}},
)

// adjustedBase reports whether a change, or the growth rate of a change,
// compares with an adjusted figure (“扣除中央基建后比 2025 年执行数增加
// 2,775.6 万元”): another comparison than the plain one of the same
// measure, with other figures.
func (ix *index) adjustedBase(n *nfig) bool {
	c := n
	if n.f.Kind == yusuan.FigureGrowth {
		if ch := ix.changeFor(n); ch != nil && ch.pos < n.pos {
			c = ch
		}
	}
	if c.f.Kind != yusuan.FigureChange && c.f.Kind != yusuan.FigureGrowth {
		return false
	}
	b := compact(c.before)
	return strings.Contains(b, "扣除") || strings.Contains(b, "剔除") || strings.Contains(b, "不含") || strings.Contains(b, "同口径")
}

// statedPublicFunds returns the narrative's largest statement of 公用经费
// (of the department or of its general public budget), or nil.
func (ix *index) statedPublicFunds() *nfig {
	var best *nfig
	for _, n := range ix.figs {
		if n.f.Kind != yusuan.FigureAmount || !n.ok || n.ref != "public_funds" && n.ref != "gp_public_funds" {
			continue
		}
		if best == nil || figSpan(n).hi.Cmp(figSpan(best).hi) > 0 {
			best = n
		}
	}
	return best
}

// changeFor finds the change figure of the growth figure's measure in the
// same paragraph (the nearest before it, else after it).
func (ix *index) changeFor(g *nfig) *nfig {
	var before, after *nfig
	for _, n := range ix.figs {
		if n.sec != g.sec || n.f.Paragraph != g.f.Paragraph || n.f.Kind != yusuan.FigureChange || n.ref != g.ref || !n.ok {
			continue
		}
		if n.pos <= g.pos {
			before = n
		} else if after == nil {
			after = n
		}
	}
	if before != nil {
		return before
	}
	return after
}

// ownAmountFor finds the amount of the change figure's measure stated
// before it in the same sentence ("X 万元，比上年增加 C 万元").
func (ix *index) ownAmountFor(c *nfig) *nfig {
	if c.pos < 0 {
		return nil
	}
	start := sentenceEnds.lastIndex(c.para[:c.pos])
	var own *nfig
	for _, n := range ix.figs {
		if n.sec != c.sec || n.f.Paragraph != c.f.Paragraph || n.f.Kind != yusuan.FigureAmount || n.ref != c.ref || !n.ok {
			continue
		}
		if n.pos > start && n.pos < c.pos {
			own = n
		}
	}
	return own
}

// lastYearFor finds a stated last-year amount of the figure's measure in
// its section.
func (ix *index) lastYearFor(c *nfig) *nfig {
	for _, n := range ix.figs {
		if n.sec == c.sec && n.f.Kind == yusuan.FigureAmount && n.ref == "last_year:"+c.ref && n.ok {
			return n
		}
	}
	return nil
}

// components of measures whose change may be explained by their parts.
var components = map[string][]string{
	"three_public":         {"three_public.abroad", "three_public.reception", "three_public.vehicle"},
	"three_public.vehicle": {"three_public.vehicle_purchase", "three_public.vehicle_operation"},
}

// explained reports whether the change of ref is given a reason, directly
// or through its components.
func (ix *index) explained(ref string, seen map[string]bool) bool {
	if seen[ref] {
		return false
	}
	seen[ref] = true
	had := false
	for _, n := range ix.figs {
		if !sameMeasure(n.ref, ref) || n.f.Kind != yusuan.FigureChange && n.f.Kind != yusuan.FigureGrowth {
			continue
		}
		had = had || n.ref == ref
		if n.ok && n.val.v.Sign() == 0 || n.dir == "flat" {
			return true
		}
		if ix.hasReason(n) {
			return true
		}
	}
	parts, ok := components[ref]
	if !ok {
		return !had
	}
	any := false
	for _, c := range parts {
		stated := false
		for _, n := range ix.figs {
			if n.ref == c && (n.f.Kind == yusuan.FigureChange || n.f.Kind == yusuan.FigureGrowth) {
				stated = true
			}
		}
		if !stated && components[c] == nil {
			continue
		}
		if !ix.explained(c, seen) {
			return false
		}
		any = true
	}
	return any
}

// sameMeasure reports whether two references name one measure, one of
// them perhaps narrowed to a fund (项目支出 and 项目支出@general_public): the
// reason a paragraph on 一般公共预算 gives for its 项目支出 change is the
// reason for the department's.
func sameMeasure(a, b string) bool {
	if a == b {
		return true
	}
	an, ag, _ := strings.Cut(a, "@")
	bn, bg, _ := strings.Cut(b, "@")
	return an == bn && (ag == "" || bg == "")
}

// hasReason looks for “原因” with some content after a change figure, up to
// the next change of another measure or the end of the next paragraph. A
// change broken down right after it (收入增加 X，其中：A增加 Y，主要是…；B增加
// Z，主要是…) has its reasons in its parts.
func (ix *index) hasReason(n *nfig) bool {
	if n.pos < 0 {
		return true // cannot locate: stay silent
	}
	// A part's change printed in a parenthesis after its whole's amount
	// (“公务用车购置及运行维护费0万元（购置费0万元，比上年减少70万元；…）比上年
	// 减少388.88万元，……主要原因是……”) is explained by the reason given
	// for the whole's change after it.
	if closeAt := insideParen(n); closeAt >= 0 {
		for _, m := range ix.figs {
			if m.sec == n.sec && m.f.Paragraph == n.f.Paragraph && m.pos >= closeAt && m.f.Kind == yusuan.FigureChange {
				if m.ref != "" && m.ref != n.ref && ix.hasReason(m) {
					return true
				}
				break
			}
		}
	}
	text := n.para[n.end:]
	var parts []*nfig
	for _, m := range ix.figs {
		if m.sec == n.sec && m.f.Paragraph == n.f.Paragraph && m.pos > n.pos && m.ref != n.ref &&
			(m.f.Kind == yusuan.FigureChange || m.f.Kind == yusuan.FigureGrowth) {
			if parts == nil {
				text = n.para[n.end:m.pos]
				if !breakdownRe.MatchString(text) {
					break
				}
			}
			if strings.ContainsAny(n.para[n.end:m.pos], "。！？") {
				break // the breakdown ends with its sentence
			}
			parts = append(parts, m)
		}
	}
	if len(parts) == 0 && trailingBreakdownRe.MatchString(n.para[n.end:]) {
		// “…各增加 108,584.28 万元，增长 12.39%。其中：” and the parts in
		// the paragraphs after it, each with its reason.
		for _, m := range ix.figs {
			if m.sec == n.sec && m.f.Paragraph > n.f.Paragraph && m.f.Kind == yusuan.FigureChange {
				parts = append(parts, m)
			}
		}
	}
	if len(parts) > 0 {
		for _, m := range parts {
			if m.f.Kind == yusuan.FigureChange && m.ref != "" && !ix.hasReason(m) {
				return false
			}
		}
		return true
	}
	if !strings.Contains(text, "原因") && n.f.Paragraph+1 < len(n.sec.Paragraphs) && strings.TrimSpace(strings.Trim(text, "。；; ")) == "" {
		text = n.sec.Paragraphs[n.f.Paragraph+1]
	}
	i := strings.Index(text, "原因")
	if i < 0 {
		// “……增加271.14万元，增幅4.88%，主要是财政核定经费增加”: a reason
		// without the word 原因.
		// Only in the figure's own sentence, or at the start of the
		// sentence after it (“减少956.74万元，下降26.0%。主要是：…”); a
		// reason word that ends its paragraph (“主要是：”) has the reason
		// in the next paragraph.
		own, next, atEnd := text, "", true
		if k := sentenceEnds.index(own); k >= 0 {
			_, sz := utf8.DecodeRuneInString(own[k:])
			own, next = own[:k], own[k+sz:]
			atEnd = false
			if j := sentenceEnds.index(next); j >= 0 {
				next = next[:j]
			} else {
				atEnd = true
			}
		}
		following := ""
		if n.f.Paragraph+1 < len(n.sec.Paragraphs) {
			following = n.sec.Paragraphs[n.f.Paragraph+1]
		}
		if reasonGiven(own, false, atEnd && next == "", following) || next != "" && reasonGiven(next, true, atEnd, following) {
			return true
		}
		return ix.laterReason(n)
	}
	rest := strings.TrimLeft(text[i+len("原因"):], "是为：: ，,")
	if j := clauseEnds.index(rest); j >= 0 {
		rest = rest[:j]
	}
	rest = strings.TrimSpace(rest)
	if rest == "" && n.f.Paragraph+1 < len(n.sec.Paragraphs) {
		// “主要原因是：” at the end of a line whose reason a reader put in
		// the next paragraph.
		rest = strings.TrimSpace(n.sec.Paragraphs[n.f.Paragraph+1])
	}
	return rest != "" && rest != "无"
}

// reasonWords start a reason given without the word 原因.
var reasonWords = []string{"主要是", "主要系", "主要由于", "是由于", "主要因为", "是因为"}

// reasonGiven reports whether the sentence s gives a reason with one of
// reasonWords (at its start only, when atStart) followed by some content;
// when s ends its paragraph (last) and the word ends s (“主要是：”), the
// content is the following paragraph.
func reasonGiven(s string, atStart, last bool, following string) bool {
	for _, w := range reasonWords {
		j := strings.Index(s, w)
		if j < 0 || atStart && strings.TrimSpace(s[:j]) != "" {
			continue
		}
		r := strings.TrimSpace(strings.TrimLeft(s[j+len(w):], "：: ，,"))
		if r == "" && last {
			r = strings.TrimSpace(following)
		}
		if r != "" && r != "无" {
			return true
		}
	}
	return false
}

// trailingBreakdownRe ends a paragraph whose breakdown follows in the
// next paragraphs: “。其中：”.
var trailingBreakdownRe = lazyre.New(`[。；;]\s*其中\s*[：:]?\s*$`)

// breakdownRe starts the breakdown of a change into its parts: “，其中：”.
var breakdownRe = lazyre.New(`^\s*(万元|亿元|元|%|％)?\s*[，,；;]\s*其中`)

func dirWord(dir, kind string) string {
	rate := kind == yusuan.FigureGrowth
	switch dir {
	case "increase":
		if rate {
			return "增长"
		}
		return "增加"
	case "decrease":
		if rate {
			return "下降"
		}
		return "减少"
	case "flat":
		return "持平"
	}
	return dir
}

// refName is the Chinese name of a measure reference.
func refName(ref string) string {
	name, group, _ := strings.Cut(ref, "@")
	if k, arg, ok := strings.Cut(name, ":"); ok {
		var s string
		switch k {
		case "function":
			s = "功能科目 " + arg
		case "econ":
			s = "经济科目 " + arg
		case "project":
			s = "项目“" + arg + "”"
		case "income":
			s = "收入（" + measureNames[arg] + "）"
			if measureNames[arg] == "" {
				s = map[string]string{"business": "事业收入", "operating": "事业单位经营收入", "carryover": "上年结转", "other": "其他收入", "transfer": "上级转移支付"}[arg]
				if s == "" {
					s = "收入（" + arg + "）"
				}
			}
		case "last_year":
			s = "上年" + refName(arg)
		case "procurement_item":
			s = "采购明细第 " + arg + " 项金额"
		case "procurement_price":
			s = "采购明细第 " + arg + " 项单价"
		case "procurement_quantity":
			s = "采购明细第 " + arg + " 项数量"
		case "item":
			s = map[string]string{"meeting": "会议费", "training": "培训费", "entrusted": "委托业务费"}[arg]
			if s == "" {
				s = arg
			}
		default:
			s = name
		}
		if group != "" {
			s += "（" + measureNames[group] + "）"
		}
		return s
	}
	if m, ok := yusuan.Measure(name); ok {
		return m.Title
	}
	if n, ok := measureNames[name]; ok {
		return n
	}
	return name
}

// identity: whole = Σ parts, as stated in one section.
type identity struct {
	whole string
	parts []string
	// prefix, when set, takes as parts every figure whose reference has
	// this prefix in the whole's paragraph, of one of the scopes in groups
	// (the part of a reference after @): the classes of 财政拨款收支总表
	// add up to its total, not to this year's general public budget.
	prefix string
	groups []string
}

var narrativeIdentities = []identity{
	{whole: "total", parts: []string{"basic", "project"}},
	{whole: "basic", parts: []string{"wages", "goods", "household", "capital"}},
	{whole: "basic", parts: []string{"personnel", "public_funds"}},
	{whole: "gp_basic", parts: []string{"gp_personnel", "gp_public_funds"}},
	{whole: "general_public", prefix: "function:", groups: []string{"", "general_public"}},
	{whole: "fiscal", prefix: "function:", groups: []string{"fiscal"}},
}

// checkIdentity checks, in every section stating the whole, that the
// stated parts add up to it. The parts are the first figure of each part
// after the whole in the same section.
func (ix *index) checkIdentity(p *Pass, id identity) {
	for wi, w := range ix.figs {
		if w.f.Kind != yusuan.FigureAmount || w.ref != id.whole || !w.ok {
			continue
		}
		var parts []*nfig
		if id.prefix != "" {
			for _, n := range ix.figs[wi+1:] {
				if n.sec != w.sec || n.f.Paragraph != w.f.Paragraph {
					continue
				}
				if n.f.Kind == yusuan.FigureAmount && strings.HasPrefix(n.ref, id.prefix) && n.ok && contains(id.groups, refGroup(n.ref)) {
					parts = append(parts, n)
				}
			}
			if len(parts) < 2 {
				continue
			}
		} else {
			for _, pr := range id.parts {
				var found *nfig
				for _, n := range ix.figs[wi+1:] {
					if n.sec == w.sec && n.f.Kind == yusuan.FigureAmount && n.ref == pr && n.ok {
						found = n
						break
					}
				}
				if found == nil {
					parts = nil
					break
				}
				parts = append(parts, found)
			}
			if len(parts) == 0 {
				continue
			}
		}
		s := exact(rat{})
		var terms []string
		for _, n := range parts {
			s = add(s, figSpan(n))
			terms = append(terms, n.f.Printed)
		}
		if overlaps(s, figSpan(w)) {
			continue
		}
		u := figUnit(w)
		p.Report(w.finding(Finding{
			Message:  fmt.Sprintf("说明中的%s不等于其分项之和", refName(w.ref)),
			Expected: fmtSpan(inUnit(s, u), w.val.decimals) + u,
			Detail:   fmt.Sprintf("%s = %s %s（按各数印出位数的区间）", strings.Join(terms, " + "), fmtSpan(inUnit(s, u), w.val.decimals+1), u),
		}))
	}
}

func inUnit(x interval, unit string) interval {
	k := qInt(unitYuan(unit))
	return interval{qQuo(x.lo, k), qQuo(x.hi, k)}
}

// complementaryShares are the shares that split a whole in two.
var complementaryShares = [][3]string{{"basic", "project", "total"}, {"gp_personnel", "gp_public_funds", "gp_basic"}, {"personnel", "public_funds", "basic"}}

// complement returns the share that with n makes up its whole, if the
// narrative states it.
func (ix *index) complement(n *nfig) *nfig {
	for _, c := range complementaryShares {
		switch {
		case n.ref == c[0] && n.base == c[2]:
			return ix.shareOf(c[1], c[2])
		case n.ref == c[1] && n.base == c[2]:
			return ix.shareOf(c[0], c[2])
		}
	}
	return nil
}

// partition describes the other shares that with n are printed to add
// up to exactly 100 %: its complement (基本支出 and 项目支出), or the other
// shares of the same whole in its paragraph. It is "" when there are none.
func (ix *index) partition(n *nfig) string {
	if o := ix.complement(n); o != nil && o.val.decimals == n.val.decimals && qAdd(n.val.v, o.val.v).Cmp(qInt(100)) == 0 {
		return fmt.Sprintf("%s的 %s%%", refName(o.ref), o.f.Printed)
	}
	sum := n.val.v
	var names []string
	for _, o := range ix.figs {
		if o == n || o.sec != n.sec || o.f.Paragraph != n.f.Paragraph || o.f.Kind != yusuan.FigureShare || !o.ok || o.base != n.base || o.val.decimals != n.val.decimals {
			continue
		}
		sum = qAdd(sum, o.val.v)
		names = append(names, o.f.Printed+"%")
	}
	if len(names) > 0 && sum.Cmp(qInt(100)) == 0 {
		return "同段同一整体的其他占比 " + strings.Join(names, "、")
	}
	return ""
}

func (ix *index) shareOf(ref, base string) *nfig {
	for _, n := range ix.figs {
		if n.f.Kind == yusuan.FigureShare && n.ref == ref && n.base == base && n.ok {
			return n
		}
	}
	return nil
}

// comparedYears returns the years in “比 YYYY 年” / “与 YYYY 年…相比” / “较 YYYY 年”.
func comparedYears(s string) []int {
	var out []int
	for _, pre := range []string{"比", "与", "较"} {
		rest := s
		for {
			i := strings.Index(rest, pre)
			if i < 0 {
				break
			}
			rest = rest[i+len(pre):]
			t := strings.TrimLeft(rest, " \u3000")
			if len(t) >= 4 && yusuan.IsDigits(t[:4]) {
				after := strings.TrimLeft(t[4:], " \u3000")
				if strings.HasPrefix(after, "年") {
					y := 0
					fmt.Sscan(t[:4], &y)
					if pre != "与" || strings.Contains(after, "相比") || strings.Contains(after, "比较") || strings.Contains(after, "预算") {
						out = append(out, y)
					}
				}
			}
		}
	}
	return out
}

func sentenceAround(para, needle string) string {
	i := strings.Index(para, needle)
	if i < 0 {
		return ""
	}
	n := &nfig{para: para, pos: i, end: i + len(needle)}
	return n.sentence()
}

// laterReason looks in the rest of the section for a sentence that gives
// a reason (原因) and names the measure, as in “财政拨款收入支出减少的主要原因是项目调整”.
func (ix *index) laterReason(n *nfig) bool {
	words := refWords(n.ref)
	// A reason given for a measure that changed by the same amount (财政拨款
	// and 一般公共预算 when all money is general public) covers this one.
	for _, m := range ix.figs {
		if m.sec == n.sec && m.f.Kind == n.f.Kind && m.ref != n.ref && m.f.Printed == n.f.Printed {
			words = append(words, refWords(m.ref)...)
		}
	}
	for pi := n.f.Paragraph; pi < len(n.sec.Paragraphs); pi++ {
		para := n.sec.Paragraphs[pi]
		if pi == n.f.Paragraph {
			para = para[n.end:]
		}
		for _, sent := range strings.FieldsFunc(para, func(r rune) bool { return r == '。' || r == '；' || r == ';' }) {
			c := compact(sent)
			i := strings.Index(c, "原因")
			// “收支预算增长的主要原因……” gives one reason for the changes of
			// income and expenditure and of their parts.
			if i < 0 || !containsAny(c[:i], words) && !strings.Contains(c[:i], "收支") {
				continue
			}
			rest := strings.TrimLeft(c[i+len("原因"):], "是为：:，,")
			if rest != "" && rest != "无" {
				return true
			}
		}
	}
	return false
}

// refWords are the words that name a measure in a sentence.
func refWords(ref string) []string {
	var ws []string
	for _, p := range compactPhrases {
		if p.ref == ref {
			ws = append(ws, p.text)
		}
	}
	if m, ok := yusuan.Measure(ref); ok {
		ws = append(ws, compact(m.Title))
	}
	return ws
}

// wholes are the measures a share may be of when the text does not say.
var wholes = []string{"total", "income", "general_public", "appropriation", "fiscal", "basic", "project"}

// otherWhole finds a whole other than the share's inferred one that makes
// the printed share right, and how it was read.
func (ix *index) otherWhole(n *nfig, part, got interval) (string, string) {
	for _, w := range wholes {
		if w == n.base || w == n.ref {
			continue
		}
		whole, wh, ok := ix.operand(w, n)
		if !ok {
			continue
		}
		ratio, ok := div(part, whole)
		if !ok {
			continue
		}
		if overlaps(scale(ratio, 100), figSpan(n)) {
			return w, wh.String()
		}
	}
	return "", ""
}

// wholeRe is an amount stated in a sentence before its "其中".
var wholeRe = lazyre.New(amtNumRe + amtUnitRe)

// partOfSmallerWhole reports whether the figure is a "其中" part of an
// amount its sentence states before it (预算资金 5039.97 万元，其中财政拨款
// 4946.96 万元) that is smaller than the table's value of the figure's
// measure: the sentence speaks of a subset (some projects), not of the
// department's whole measure, and the table cannot check it.
func partOfSmallerWhole(n *nfig, table interval) bool {
	if n.pos < 0 {
		return false
	}
	head := n.para[:n.pos]
	if i := sentenceEnds.lastIndex(head); i >= 0 {
		head = head[i:]
	}
	i := strings.LastIndex(head, "其中")
	if i < 0 {
		return false
	}
	ms := wholeRe.FindAllStringSubmatch(normSentence(head[:i]), -1)
	if len(ms) == 0 {
		return false
	}
	m := ms[len(ms)-1]
	whole, _, ok := amountSpan(m[1], m[2])
	return ok && whole.hi.Cmp(table.lo) < 0
}

// isBound reports whether a rate or amount is a limit (不得低于 5%, 不超过
// 12%), as in a glossary, not a change.
func isBound(n *nfig) bool {
	b := compact(n.before)
	for _, w := range []string{"低于", "高于", "超过", "不少于", "不多于", "以内", "最高", "最低"} {
		if strings.HasSuffix(b, w) {
			return true
		}
	}
	return false
}
