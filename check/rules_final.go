package check

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/yusuan/yusuan"
	"github.com/yusuan/yusuan/internal/lazyre"
)

// Rules of final accounts (部门决算, documents of kind final): the
// carry-over identities of the two summary tables, ties between the 决算
// tables, the execution narrative (年初预算为 X 万元，支出决算为 Y 万元，完成
// 年初预算的 Z%。决算数大于（小于）预算数的主要原因…), the “三公” 预算数 against
// its 决算数, and the counts the narrative states. Every rule is silent on a
// budget, and on a final account that lacks the rows, columns or sentences
// it reads: a rule whose premise is absent has nothing to say.

// ---- tables ----

// finalRow finds a fixed row by its contract key or, in a read document
// without keys, by one of its printed names (spaces and brackets ignored).
func finalRow(t *yusuan.Table, key string, names ...string) *yusuan.Row {
	if t == nil {
		return nil
	}
	if r := rowByKey(t, key); r != nil {
		return r
	}
	for i := range t.Rows {
		n := compact(t.Rows[i].Name)
		for _, want := range names {
			if n == want {
				return &t.Rows[i]
			}
		}
	}
	return nil
}

// hasCell reports whether the row prints a number in the column.
func hasCell(r *yusuan.Row, col string) bool {
	if r == nil {
		return false
	}
	v, ok := r.Cells[col]
	return ok && !v.IsText
}

// cellSpan is the interval in 元 a printed cell stands for.
func (ix *index) cellSpan(t *yusuan.Table, v yusuan.Amount) interval {
	h := cellHalf(t, ix.decimals(t), v)
	return interval{qSub(yuan(v), h), qAdd(yuan(v), h)}
}

// tie reports when two cells, of one table or two, that must hold the same
// figure differ beyond the rounding of their print.
func (p *Pass) tie(t1 *yusuan.Table, r1 *yusuan.Row, c1 string, t2 *yusuan.Table, r2 *yusuan.Row, c2, what string) {
	if !hasCell(r1, c1) || !hasCell(r2, c2) {
		return
	}
	a, b := r1.Amount(c1), r2.Amount(c2)
	if overlaps(p.ix.cellSpan(t1, a), p.ix.cellSpan(t2, b)) {
		return
	}
	p.Report(cellFinding(t1, r1, c1, Finding{
		Message:  fmt.Sprintf("%s与%s不一致：%s", cellRef(t1, r1, c1), cellRef(t2, r2, c2), what),
		Expected: fmtAmount(t2, b), Actual: fmtAmount(t1, a),
		Detail: fmt.Sprintf("%s = %s，%s = %s；差额 %s（已按印出位数允许的舍入区间比较）",
			cellRef(t1, r1, c1), fmtAmount(t1, a), cellRef(t2, r2, c2), fmtAmount(t2, b), fmtAmount(t1, a-b)),
	}))
}

// sumOf checks target = Σ parts, where parts may be absent rows (blank, 0).
func (p *Pass) sumOf(t *yusuan.Table, target *yusuan.Row, col string, parts []*yusuan.Row, pcols []string, what string) {
	if !hasCell(target, col) {
		return
	}
	var cs []cref
	for i, r := range parts {
		if r != nil {
			cs = append(cs, cref{r, pcols[i]})
		}
	}
	p.checkSum(t, cref{target, col}, cs, what)
}

// Row names of the two summary tables, as the MoF set prints them.
var (
	namesIncomeTotal  = []string{"本年收入合计"}
	namesExpTotal     = []string{"本年支出合计"}
	namesCarryIn      = []string{"年初结转和结余", "年初财政拨款结转和结余"}
	namesCarryOut     = []string{"年末结转和结余", "年末财政拨款结转和结余"}
	namesSurplusUse   = []string{"使用非财政拨款结余", "使用非财政拨款结余（含专用结余）"}
	namesDistribution = []string{"结余分配"}
	namesGrandTotal   = []string{"总计"}
)

// ---- narrative ----

// finalText is one narrative section with its paragraphs joined, spaces
// removed and digits normalised, so a sentence broken across lines of a
// PDF reads as one.
type finalText struct {
	sec  *yusuan.Section
	text string
	ends []int // end offset of each paragraph in text
}

func (ix *index) finalTexts() []finalText {
	var out []finalText
	for i := range ix.doc.Narrative {
		s := &ix.doc.Narrative[i]
		ft := finalText{sec: s}
		var b strings.Builder
		for _, para := range s.Paragraphs {
			b.WriteString(squeeze(finalNorm(para)))
			ft.ends = append(ft.ends, b.Len())
		}
		ft.text = b.String()
		out = append(out, ft)
	}
	return out
}

// finalNorm turns full-width digits, points and percent signs into ASCII
// and keeps Chinese punctuation (normDigits would turn ，into ,), so the
// sentences quoted in findings read as printed.
func finalNorm(s string) string {
	if isASCII(s) {
		return s
	}
	return strings.Map(func(r rune) rune {
		switch {
		case r >= '０' && r <= '９':
			return '0' + (r - '０')
		case r == '．':
			return '.'
		case r == '％':
			return '%'
		}
		return r
	}, s)
}

// squeeze removes whitespace of every width.
func squeeze(s string) string {
	return strings.Map(func(r rune) rune {
		switch r {
		case ' ', '\t', '\n', '\r', '\f', '\v', '\u3000', '\u00a0':
			return -1
		}
		return r
	}, s)
}

// source locates an offset of the text: its section, paragraph and
// sentence.
func (ft finalText) source(at int) *Source {
	para := 0
	for para < len(ft.ends)-1 && at >= ft.ends[para] {
		para++
	}
	start := 0
	if para > 0 {
		start = ft.ends[para-1]
	}
	end := len(ft.text)
	if para < len(ft.ends) {
		end = ft.ends[para]
	}
	s := &Source{Section: ft.sec.Title, Paragraph: para + 1, Sentence: sentenceAt(ft.text[start:end], at-start)}
	if ft.sec.Source != nil {
		s.File, s.Page, s.Line = ft.sec.Source.File, ft.sec.Source.Page, ft.sec.Source.Line
	}
	return s
}

// sentenceAt is the sentence of s around offset at (ending at 。；).
func sentenceAt(s string, at int) string {
	if at > len(s) {
		at = len(s)
	}
	start := strings.LastIndexAny(s[:at], "。；")
	if start < 0 {
		start = 0
	} else {
		_, sz := utf8.DecodeRuneInString(s[start:])
		start += sz
	}
	end := strings.IndexAny(s[at:], "。；")
	if end < 0 {
		end = len(s)
	} else {
		_, sz := utf8.DecodeRuneInString(s[at+end:])
		end = at + end + sz
	}
	out := s[start:end]
	if utf8.RuneCountInString(out) > 160 {
		out = string([]rune(out)[:160]) + "…"
	}
	return out
}

const numRe = `([0-9][0-9,]*(?:\.[0-9]+)?)`

// execRe matches the national execution sentence: 年初预算为 X 万元，支出决算
// 为 Y 万元[，完成年初预算的 Z%].
var execRe = lazyre.New(`年初预算(?:数)?为` + numRe + `万元[，,]?(?:支出)?决算(?:数)?为` + numRe + `万元(?:[，,]?完成(?:年初)?预算的` + numRe + `[%％])?`)

// execItem is one execution statement: a whole (the 财政拨款 total) or a 项.
type execItem struct {
	ft             *finalText
	at, end        int    // the match
	tail           string // text after the match up to the next statement
	lead           string // text before the match since the previous statement
	budget, final  printed
	rate           printed
	hasRate, isSum bool
	path           string // 类（类）款（款）项（项） before the statement, if any
}

// execItems finds the execution statements of the narrative.
func (ix *index) execItems() []*execItem {
	var out []*execItem
	fts := ix.finalTexts()
	for i := range fts {
		ft := &fts[i]
		ms := execRe.FindAllStringSubmatchIndex(ft.text, -1)
		for j, m := range ms {
			it := &execItem{ft: ft, at: m[0], end: m[1]}
			var ok1, ok2 bool
			it.budget, ok1 = parsePrinted(ft.text[m[2]:m[3]])
			it.final, ok2 = parsePrinted(ft.text[m[4]:m[5]])
			if !ok1 || !ok2 {
				continue
			}
			if m[6] >= 0 {
				it.rate, it.hasRate = parsePrinted(ft.text[m[6]:m[7]])
			}
			next := len(ft.text)
			if j+1 < len(ms) {
				next = ms[j+1][0]
			}
			it.tail = ft.text[m[1]:next]
			prev := 0
			if j > 0 {
				prev = ms[j-1][1]
			}
			it.lead = ft.text[prev:m[0]]
			if k := strings.LastIndex(it.lead, "（项）"); k >= 0 {
				// The 项 is named just before its statement.
				it.path = itemPath(it.lead[:k+len("（项）")])
			} else if strings.Contains(it.lead, "财政拨款支出") || strings.Contains(it.lead, "财政拨款") {
				it.isSum = true
			}
			out = append(out, it)
		}
	}
	return out
}

// span of a printed 万元 figure, in 元.
func wanSpan(p printed) interval { return inYuan(p.span(), "万元") }

// rateSpan is the completion rate Y / X × 100 the printed figures allow;
// ok is false when X may be zero.
func rateSpan(budget, final interval) (interval, bool) {
	q, ok := div(final, budget)
	if !ok {
		return interval{}, false
	}
	return scale(q, 100), true
}

// firstSentence is the tail up to the end of its first sentence.
func firstSentence(s string) string {
	if i := strings.Index(s, "。"); i >= 0 {
		return s[:i]
	}
	return s
}

// comparisonWord is the word a statement compares its 决算数 with its
// 预算数 by: 大于, 小于 or 等于/持平, with its offset in tail.
var comparisonRe = lazyre.New(`决算数?(?:大于|小于|等于|持平|高于|低于|超过)`)

func comparison(tail string) (word string, at int) {
	m := comparisonRe.FindStringIndex(tail)
	if m == nil {
		return "", -1
	}
	w := tail[m[0]:m[1]]
	switch {
	case strings.HasSuffix(w, "大于"), strings.HasSuffix(w, "高于"), strings.HasSuffix(w, "超过"):
		return "大于", m[0]
	case strings.HasSuffix(w, "小于"), strings.HasSuffix(w, "低于"):
		return "小于", m[0]
	}
	return "等于", m[0]
}

// ---- 三公 ----

var threePublicFinalItems = []struct{ key, name string }{
	{"abroad", "因公出国（境）费"},
	{"vehicle", "公务用车购置及运行费"},
	{"reception", "公务接待费"},
}

// threePublicFinal returns the 三公 table of a final account that prints
// 预算数 and 决算数 side by side, and its row.
func threePublicFinal(d *yusuan.Document) (*yusuan.Table, *yusuan.Row) {
	t := d.Table(yusuan.KindThreePublic)
	if t == nil || len(t.Rows) == 0 || !hasColumn(t, "budget.total") || !hasColumn(t, "total") {
		return nil, nil
	}
	if r := finalRow(t, "three_public", "合计"); r != nil {
		return t, r
	}
	return t, &t.Rows[0]
}

// threePublicTexts are the narrative sections about 三公 of a final
// account: those whose title names 三公 (a reader may split 七、… into its
// （一）（二） subsections), else those stating “三公”经费 决算.
func (ix *index) threePublicTexts() []*finalText {
	fts := ix.finalTexts()
	var out []*finalText
	for i := range fts {
		if strings.Contains(fts[i].sec.Title, "三公") && fts[i].text != "" {
			out = append(out, &fts[i])
		}
	}
	if len(out) > 0 {
		return out
	}
	for i := range fts {
		if strings.Contains(fts[i].text, "“三公”经费") && strings.Contains(fts[i].text, "决算") {
			out = append(out, &fts[i])
		}
	}
	return out
}

// tpTotal finds the 三公 total statement in the texts.
func tpTotal(fts []*finalText) (*finalText, []int) {
	for _, ft := range fts {
		if m := tpTotalRe.FindStringSubmatchIndex(ft.text); m != nil {
			return ft, m
		}
	}
	return nil, nil
}

var (
	tpTotalRe = lazyre.New(`“?三公”?经费(?:财政拨款)?支出(?:全年)?预算(?:数)?为` + numRe + `万元[，,]?[^。；]*?支出决算(?:数)?为` + numRe + `万元(?:[，,]?完成(?:全年)?预算的` + numRe + `[%％])?`)
	tpItemRe  = lazyre.New(`(因公出国（境）费|公务用车购置及运行(?:维护)?费|公务接待费)(?:支出)?决算(?:数)?为` + numRe + `万元[，,]?完成(?:全年)?预算的` + numRe + `[%％]`)
)

func threePublicKey(name string) string {
	switch {
	case strings.HasPrefix(name, "因公出国"):
		return "abroad"
	case strings.HasPrefix(name, "公务用车"):
		return "vehicle"
	}
	return "reception"
}

// countRe reads a count the 三公 narrative states.
func countIn(text string, re *lazyre.Regexp) (int, int, bool) {
	m := re.FindStringSubmatchIndex(text)
	if m == nil {
		return 0, 0, false
	}
	n, err := strconv.Atoi(text[m[2]:m[3]])
	if err != nil {
		return 0, 0, false
	}
	return n, m[0], true
}

var (
	reGroups     = lazyre.New(`团组(?:数)?(?:共)?([0-9]+)个`)
	rePeople     = lazyre.New(`出国（境）(?:累计)?([0-9]+)人次`)
	reReceptions = lazyre.New(`接待(?:共)?([0-9]+)批次`)
	reGuests     = lazyre.New(`批次[、，,]?(?:共)?([0-9]+)人次`)
	reHeld       = lazyre.New(`保有量(?:为)?([0-9]+)辆`)
	reBought     = lazyre.New(`购置(?:公务用)?车辆([0-9]+)辆`)
	reNoneBought = lazyre.New(`(?:没有|未)购置(?:公务用?)?车辆`)
	reAverage    = lazyre.New(`运行维护费(?:支出)?` + numRe + `万元[，,]?平均每辆` + numRe + `万元`)
)

var _ = register(
	&Rule{ID: "FIN-001", Title: "决算收支总表：总计等于本年收支加结转结余", Severity: Error, Category: CatArithmetic,
		Doc: "部门决算的收入支出决算总表中，收入方“总计”必须等于本年收入合计 + 使用非财政拨款结余 + 年初结转和结余，支出方“总计”必须等于本年支出合计 + 结余分配 + 年末结转和结余，两方总计相等（万元表按印出位数的区间比较）。只检查部门决算。",
		Run: func(p *Pass) {
			if !p.Doc.IsFinal() {
				return
			}
			t := p.Doc.Table(yusuan.KindSummary)
			gt := finalRow(t, "grand_total", namesGrandTotal...)
			if gt == nil {
				return
			}
			p.sumOf(t, gt, "income", []*yusuan.Row{finalRow(t, "income_total", namesIncomeTotal...), finalRow(t, "surplus_use", namesSurplusUse...), finalRow(t, "carry_in", namesCarryIn...)},
				[]string{"income", "income", "income"}, "本年收入合计、使用非财政拨款结余与年初结转和结余之和")
			p.sumOf(t, gt, "expenditure", []*yusuan.Row{finalRow(t, "expenditure_total", namesExpTotal...), finalRow(t, "surplus_distribution", namesDistribution...), finalRow(t, "carry_out", namesCarryOut...)},
				[]string{"expenditure", "expenditure", "expenditure"}, "本年支出合计、结余分配与年末结转和结余之和")
			p.tie(t, gt, "income", t, gt, "expenditure", "收入总计应等于支出总计")
		}},
	&Rule{ID: "FIN-002", Title: "财政拨款决算总表：年初结转结余加本年收入等于本年支出加年末结转结余", Severity: Error, Category: CatArithmetic,
		Doc: "财政拨款收入支出决算总表中，年初财政拨款结转和结余 + 本年收入合计 = 本年支出合计 + 年末财政拨款结转和结余：收入方总计等于本年收入合计加年初结转和结余，支出方总计等于本年支出合计加年末结转和结余，两方相等；年初结转和结余等于各类财政拨款年初结转和结余之和；一般公共预算财政拨款单独也须平衡（年初结转和结余 + 本年收入 = 本年支出 + 年末结转和结余）。只检查部门决算。",
		Run: func(p *Pass) {
			if !p.Doc.IsFinal() {
				return
			}
			t := p.Doc.Table(yusuan.KindFiscalSummary)
			if t == nil {
				return
			}
			gt := finalRow(t, "grand_total", namesGrandTotal...)
			in, out := finalRow(t, "carry_in", namesCarryIn...), finalRow(t, "carry_out", namesCarryOut...)
			it, et := finalRow(t, "income_total", namesIncomeTotal...), finalRow(t, "expenditure_total", namesExpTotal...)
			if gt != nil {
				p.sumOf(t, gt, "income", []*yusuan.Row{it, in}, []string{"income", "income"}, "本年收入合计与年初财政拨款结转和结余之和")
				p.sumOf(t, gt, "expenditure", []*yusuan.Row{et, out}, []string{"expenditure", "expenditure"}, "本年支出合计与年末财政拨款结转和结余之和")
				p.tie(t, gt, "income", t, gt, "expenditure", "收入总计应等于支出总计")
			}
			if in != nil {
				var parts []*yusuan.Row
				for _, k := range []string{"general_public", "gov_fund", "state_capital"} {
					if r := rowByKey(t, "carry_in."+k); r != nil {
						parts = append(parts, r)
					}
				}
				// Only when every fund's row was read: a missing one is a
				// reading gap, not a zero.
				if len(parts) == 3 {
					p.sumOf(t, in, "income", parts, []string{"income", "income", "income"}, "各类财政拨款年初结转和结余之和")
				}
			}
			// The general public budget on its own.
			gIn, gInc := rowByKey(t, "carry_in.general_public"), rowByKey(t, "general_public")
			if gIn != nil && gInc != nil && hasCell(et, "general_public") && hasCell(out, "general_public") && hasCell(gIn, "income") && hasCell(gInc, "income") {
				left := gIn.Amount("income") + gInc.Amount("income")
				right := et.Amount("general_public") + out.Amount("general_public")
				tol := p.ix.tol2(t, gIn.Amount("income")) + p.ix.tol2(t, gInc.Amount("income")) + p.ix.tol2(t, et.Amount("general_public")) + p.ix.tol2(t, out.Amount("general_public"))
				if d := int64(left - right); 2*abs64(d) > tol {
					p.Report(cellFinding(t, out, "general_public", Finding{
						Message:  "一般公共预算财政拨款：年初结转和结余 + 本年收入 ≠ 本年支出 + 年末结转和结余",
						Expected: fmtAmount(t, left), Actual: fmtAmount(t, right),
						Detail: fmt.Sprintf("年初结转和结余 %s + 本年收入 %s = %s；本年支出 %s + 年末结转和结余 %s = %s",
							fmtAmount(t, gIn.Amount("income")), fmtAmount(t, gInc.Amount("income")), fmtAmount(t, left),
							fmtAmount(t, et.Amount("general_public")), fmtAmount(t, out.Amount("general_public")), fmtAmount(t, right)),
					}))
				}
			}
		}},
	&Rule{ID: "FIN-003", Title: "决算各表的同一数字一致", Severity: Error, Category: CatTies,
		Doc: "部门决算各表之间：收支总表的本年收入合计等于收入决算表合计，本年支出合计等于支出决算表合计；财政拨款收支总表的本年收入合计等于收入决算表的财政拨款收入，本年支出（一般公共预算财政拨款）等于一般公共预算财政拨款支出决算表合计；基本支出决算表合计等于一般公共预算财政拨款支出决算表的基本支出；收支总表的一般公共预算财政拨款收入等于财政拨款收支总表的同一行。万元表按印出位数的区间比较。",
		Run: func(p *Pass) {
			d := p.Doc
			if !d.IsFinal() {
				return
			}
			sum, fis := d.Table(yusuan.KindSummary), d.Table(yusuan.KindFiscalSummary)
			inc, exp := d.Table(yusuan.KindIncome), d.Table(yusuan.KindExpenditure)
			gpf, gpb := d.Table(yusuan.KindGeneralPublicFunctional), d.Table(yusuan.KindGeneralPublicBasic)
			total := func(t *yusuan.Table) *yusuan.Row {
				if t == nil {
					return nil
				}
				return totalRow(t)
			}
			if sum != nil {
				if inc != nil {
					p.tie(inc, total(inc), "total", sum, finalRow(sum, "income_total", namesIncomeTotal...), "income", "收入决算表合计应等于收支总表的本年收入合计")
				}
				if exp != nil {
					p.tie(exp, total(exp), "total", sum, finalRow(sum, "expenditure_total", namesExpTotal...), "expenditure", "支出决算表合计应等于收支总表的本年支出合计")
				}
				if fis != nil {
					p.tie(fis, rowByKey(fis, "general_public"), "income", sum, rowByKey(sum, "general_public"), "income", "一般公共预算财政拨款收入应在两张总表中相同")
				}
			}
			if fis != nil {
				if inc != nil && hasColumn(inc, "fiscal") {
					p.tie(fis, finalRow(fis, "income_total", namesIncomeTotal...), "income", inc, total(inc), "fiscal", "财政拨款收支总表的本年收入合计应等于收入决算表的财政拨款收入")
				}
				if gpf != nil {
					p.tie(gpf, total(gpf), "total", fis, finalRow(fis, "expenditure_total", namesExpTotal...), "general_public", "一般公共预算财政拨款支出决算表合计应等于财政拨款收支总表的一般公共预算财政拨款支出")
				}
			}
			if gpf != nil && gpb != nil && hasColumn(gpf, "basic") {
				p.tie(gpb, total(gpb), "total", gpf, total(gpf), "basic", "基本支出决算表合计应等于一般公共预算财政拨款支出决算表的基本支出")
			}
		}},
	&Rule{ID: "FIN-004", Title: "支出决算表：本年支出合计等于各类支出之和", Severity: Error, Category: CatArithmetic,
		Doc: "支出决算表打印上缴上级支出、经营支出或对附属单位补助支出列时，每一行的本年支出合计必须等于基本支出、项目支出、上缴上级支出、经营支出与对附属单位补助支出之和。只检查部门决算。",
		Run: func(p *Pass) {
			t := p.Doc.Table(yusuan.KindExpenditure)
			if !p.Doc.IsFinal() || t == nil || !(hasColumn(t, "remit") || hasColumn(t, "operating") || hasColumn(t, "subsidy")) {
				return
			}
			var cols []string
			for _, k := range []string{"basic", "project", "remit", "operating", "subsidy"} {
				if hasColumn(t, k) {
					cols = append(cols, k)
				}
			}
			for i := range t.Rows {
				r := &t.Rows[i]
				if !hasCell(r, "total") {
					continue
				}
				parts := make([]cref, len(cols))
				for j, c := range cols {
					parts[j] = cref{r, c}
				}
				p.checkSum(t, cref{r, "total"}, parts, "各类支出之和")
			}
		}},
	&Rule{ID: "FIN-005", Title: "完成年初预算的百分比等于决算数除以预算数", Severity: Error, Category: CatNarrative,
		Doc: "决算说明中“年初预算为 X 万元，支出决算为 Y 万元，完成年初预算的 Z%”：Z 必须等于 Y ÷ X × 100，按 X、Y、Z 各自印出位数的区间比较（X 为 0 时不检查）。",
		Run: func(p *Pass) {
			if !p.Doc.IsFinal() {
				return
			}
			for _, it := range p.ix.execItems() {
				if !it.hasRate {
					continue
				}
				want, ok := rateSpan(wanSpan(it.budget), wanSpan(it.final))
				if !ok || overlaps(want, it.rate.span()) {
					continue
				}
				p.Report(Finding{Message: "说明中的完成年初预算百分比与所述预算数、决算数不符",
					Expected: fmtSpan(want, 2) + "%", Actual: it.rate.text + "%",
					Detail: fmt.Sprintf("%s ÷ %s × 100 = %s%%（按印出位数的区间）", it.final.text, it.budget.text, fmtSpan(want, 2)),
					Source: it.ft.source(it.at), at: it.at})
			}
		}},
	&Rule{ID: "FIN-006", Title: "决算数与预算数的比较用词与数字相符", Severity: Error, Category: CatNarrative,
		Doc: "决算说明写“决算数大于（小于、等于）预算数”时，所述决算数与年初预算数必须确实如此：数字（按印出位数的区间）明确大于却写“小于”，或不相等却写“等于/持平”，都是错误。",
		Run: func(p *Pass) {
			if !p.Doc.IsFinal() {
				return
			}
			for _, it := range p.ix.execItems() {
				word, at := comparison(it.tail)
				if word == "" {
					continue
				}
				b, f := wanSpan(it.budget), wanSpan(it.final)
				var actual string
				switch {
				case f.lo.Cmp(b.hi) > 0:
					actual = "大于"
				case f.hi.Cmp(b.lo) < 0:
					actual = "小于"
				case it.budget.v.Cmp(it.final.v) == 0:
					actual = "等于"
				default:
					continue // within rounding: cannot tell
				}
				if actual == word {
					continue
				}
				p.Report(Finding{Message: fmt.Sprintf("说明称决算数%s预算数，但所述决算数 %s 万元%s年初预算数 %s 万元", word, it.final.text, actual, it.budget.text),
					Expected: "决算数" + actual + "预算数", Actual: "决算数" + word + "预算数",
					Source: it.ft.source(it.end + at), at: it.end + at})
			}
		}},
	&Rule{ID: "FIN-007", Title: "决算数与年初预算差异较大须说明原因", Severity: Warning, Category: CatNarrative,
		Doc: "决算说明逐项陈述年初预算与支出决算时，决算数与年初预算数相差 10% 及以上（或年初预算为 0 而有决算数）的，该项须说明主要原因（文中有“原因”）。差异不足 10% 或数字相等的不检查。",
		Run: func(p *Pass) {
			if !p.Doc.IsFinal() {
				return
			}
			for _, it := range p.ix.execItems() {
				if it.isSum || strings.Contains(it.tail, "原因") {
					continue
				}
				b, f := it.budget.v, it.final.v
				gap := qSub(f, b)
				if gap.Sign() < 0 {
					gap = qNeg(gap)
				}
				large := b.Sign() == 0 && f.Sign() > 0 || b.Sign() > 0 && qMul(gap, qInt(10)).Cmp(b) >= 0
				if !large {
					continue
				}
				what := it.path
				if what == "" {
					what = "该项"
				}
				p.Report(Finding{Message: fmt.Sprintf("%s决算数与年初预算数相差较大，未说明原因", what),
					Expected: "说明决算数大于（小于）预算数的主要原因", Actual: fmt.Sprintf("年初预算 %s 万元，决算 %s 万元，无原因", it.budget.text, it.final.text),
					Source: it.ft.source(it.at), at: it.at})
			}
		}},
	&Rule{ID: "FIN-008", Title: "说明中的财政拨款决算数与支出决算表一致", Severity: Error, Category: CatTies,
		Doc: "决算说明中财政拨款支出的总体“支出决算为 Y 万元”必须等于一般公共预算财政拨款支出决算表合计；逐项陈述的各项年初预算与决算之和必须等于所述总数（按印出位数的区间相加）；能按“类（类）款（款）项（项）”在表中唯一找到的项，其支出决算必须等于表中该项的数字。",
		Run: func(p *Pass) {
			if !p.Doc.IsFinal() {
				return
			}
			items := p.ix.execItems()
			t := p.Doc.Table(yusuan.KindGeneralPublicFunctional)
			var whole *execItem
			var parts []*execItem
			for _, it := range items {
				switch {
				case it.isSum && whole == nil:
					whole = it
				case it.path != "" && whole != nil && it.ft == whole.ft:
					parts = append(parts, it)
				}
			}
			if whole != nil && t != nil {
				if tr := totalRow(t); hasCell(tr, "total") && !overlaps(p.ix.cellSpan(t, tr.Amount("total")), wanSpan(whole.final)) {
					p.Report(Finding{Message: "说明中的财政拨款支出决算数与一般公共预算财政拨款支出决算表合计不一致",
						Expected: fmtAmount(t, tr.Amount("total")), Actual: whole.final.text + "万元",
						Source: whole.ft.source(whole.at), at: whole.at})
				}
			}
			if whole != nil && len(parts) > 1 {
				for _, q := range []struct {
					what string
					get  func(*execItem) printed
				}{{"年初预算", func(e *execItem) printed { return e.budget }}, {"支出决算", func(e *execItem) printed { return e.final }}} {
					s := exact(rat{})
					for _, it := range parts {
						s = add(s, wanSpan(q.get(it)))
					}
					if overlaps(s, wanSpan(q.get(whole))) {
						continue
					}
					p.Report(Finding{Message: fmt.Sprintf("说明中逐项所列的%s之和不等于所述财政拨款%s总数", q.what, q.what),
						Expected: fmtSpan(inUnit(s, "万元"), 2) + "万元", Actual: q.get(whole).text + "万元",
						Detail: fmt.Sprintf("%d 项之和（按各数印出位数的区间）", len(parts)),
						Source: whole.ft.source(whole.at), at: whole.at})
				}
			}
			if t == nil {
				return
			}
			for _, it := range parts {
				r := itemRow(t, it.path)
				if r == nil || !hasCell(r, "total") || overlaps(p.ix.cellSpan(t, r.Amount("total")), wanSpan(it.final)) {
					continue
				}
				p.Report(Finding{Message: fmt.Sprintf("说明中%s的支出决算与表中不一致", it.path),
					Expected: fmtAmount(t, r.Amount("total")), Actual: it.final.text + "万元",
					Detail: cellRef(t, r, "total") + " = " + fmtAmount(t, r.Amount("total")),
					Source: it.ft.source(it.at), at: it.at})
			}
		}},
	&Rule{ID: "FIN-009", Title: "说明中的“三公”经费预算数、决算数与表一致", Severity: Error, Category: CatThreePublic,
		Doc: "部门决算说明中“三公”经费财政拨款支出“预算为 X 万元……支出决算为 Y 万元”：X 必须等于“三公”经费支出决算表的预算数合计，Y 必须等于决算数合计（按印出位数的区间比较）。",
		Run: func(p *Pass) {
			if !p.Doc.IsFinal() {
				return
			}
			t, r := threePublicFinal(p.Doc)
			if t == nil {
				return
			}
			ft, m := tpTotal(p.ix.threePublicTexts())
			if ft == nil {
				return
			}
			for i, col := range []string{"budget.total", "total"} {
				pr, ok := parsePrinted(ft.text[m[2+2*i]:m[3+2*i]])
				if !ok || !hasCell(r, col) || overlaps(p.ix.cellSpan(t, r.Amount(col)), wanSpan(pr)) {
					continue
				}
				p.Report(Finding{Message: fmt.Sprintf("说明中的“三公”经费%s与表不一致", map[int]string{0: "预算数", 1: "决算数"}[i]),
					Expected: fmtAmount(t, r.Amount(col)), Actual: pr.text + "万元",
					Detail: cellRef(t, r, col) + " = " + fmtAmount(t, r.Amount(col)),
					Source: ft.source(m[0]), at: m[0]})
			}
		}},
	&Rule{ID: "FIN-010", Title: "“三公”经费完成预算百分比与表一致", Severity: Error, Category: CatThreePublic,
		Doc: "部门决算说明中“三公”经费及其各项“完成预算的 Z%”必须等于“三公”经费支出决算表中决算数 ÷ 预算数 × 100（按表与说明印出位数的区间比较；预算数为 0 时不检查）。",
		Run: func(p *Pass) {
			if !p.Doc.IsFinal() {
				return
			}
			t, r := threePublicFinal(p.Doc)
			if t == nil {
				return
			}
			check := func(ft *finalText, key, name, rateText string, at int) {
				z, ok := parsePrinted(rateText)
				if !ok || !hasCell(r, key) || !hasCell(r, "budget."+key) {
					return
				}
				want, ok := rateSpan(p.ix.cellSpan(t, r.Amount("budget."+key)), p.ix.cellSpan(t, r.Amount(key)))
				if !ok || overlaps(want, z.span()) {
					return
				}
				p.Report(Finding{Message: fmt.Sprintf("说明中%s的完成预算百分比与表不符", name),
					Expected: fmtSpan(want, 2) + "%", Actual: z.text + "%",
					Detail: fmt.Sprintf("%s ÷ %s × 100", cellRef(t, r, key), cellRef(t, r, "budget."+key)),
					Source: ft.source(at), at: at})
			}
			fts := p.ix.threePublicTexts()
			if ft, m := tpTotal(fts); ft != nil && m[6] >= 0 {
				check(ft, "total", "“三公”经费", ft.text[m[6]:m[7]], m[0])
			}
			for _, ft := range fts {
				for _, m := range tpItemRe.FindAllStringSubmatchIndex(ft.text, -1) {
					name := ft.text[m[2]:m[3]]
					check(ft, threePublicKey(name), name, ft.text[m[6]:m[7]], m[0])
				}
			}
		}},
	&Rule{ID: "FIN-011", Title: "“三公”经费决算数与预算数不同须说明原因", Severity: Warning, Category: CatThreePublic,
		Doc: "“三公”经费支出决算表中决算数合计与预算数合计不同（超出印出位数的舍入）时，决算说明的“三公”经费部分须说明决算数大于（小于）预算数的主要原因。",
		Run: func(p *Pass) {
			if !p.Doc.IsFinal() {
				return
			}
			t, r := threePublicFinal(p.Doc)
			fts := p.ix.threePublicTexts()
			if t == nil || len(fts) == 0 || !hasCell(r, "budget.total") || !hasCell(r, "total") {
				return
			}
			b, f := r.Amount("budget.total"), r.Amount("total")
			if overlaps(p.ix.cellSpan(t, b), p.ix.cellSpan(t, f)) {
				return
			}
			for _, ft := range fts {
				if strings.Contains(ft.text, "原因") {
					return
				}
			}
			src := fts[0].source(0)
			p.Report(Finding{Message: "“三公”经费决算数与预算数不同，说明未写主要原因",
				Expected: "说明决算数大于（小于）预算数的主要原因", Actual: fmt.Sprintf("预算数 %s，决算数 %s，无原因", fmtAmount(t, b), fmtAmount(t, f)),
				Table: string(t.Kind), TableNumber: t.Number, TableTitle: t.Title, Source: src})
		}},
	&Rule{ID: "FIN-012", Title: "“三公”经费的数量与金额相符", Severity: Error, Category: CatThreePublic,
		Doc: "部门决算说明所述数量须与金额和彼此相符：出国人次不少于团组数、接待人次不少于批次（错误）；“平均每辆”运行维护费等于运行维护费 ÷ 保有量（错误，按印出位数的区间）；说明没有购置车辆而表中公务用车购置费不为 0，或有团组而因公出国（境）费为 0、有出国费而团组数为 0（警告）。",
		Run: func(p *Pass) {
			if !p.Doc.IsFinal() {
				return
			}
			for _, ft := range p.ix.threePublicTexts() {
				p.threePublicCounts(ft)
			}
		}},
)

var reVehiclesTotal = lazyre.New(`共有(?:公务用?)?车辆([0-9]+)辆`)

var _ = register(&Rule{ID: "FIN-013", Title: "公务用车保有量不超过车辆总数", Severity: Warning, Category: CatThreePublic,
	Doc: "部门决算说明中“三公”经费部分所述公务用车年末保有量，不应超过国有资产占用情况中所述的车辆总数（共有车辆 N 辆）。",
	Run: func(p *Pass) {
		if !p.Doc.IsFinal() {
			return
		}
		total, found := -1, false
		for _, ft := range p.ix.finalTexts() {
			if n, _, ok := countIn(ft.text, reVehiclesTotal); ok {
				total, found = n, true
				break
			}
		}
		if !found {
			return
		}
		for _, ft := range p.ix.threePublicTexts() {
			if held, at, ok := countIn(ft.text, reHeld); ok && held > total {
				p.Report(Finding{Message: "公务用车保有量超过说明所述的车辆总数",
					Expected: fmt.Sprintf("不超过 %d 辆", total), Actual: fmt.Sprintf("%d 辆", held),
					Source: ft.source(at), at: at})
				return
			}
		}
	}})

// threePublicCounts checks the counts one 三公 text states (FIN-012).
func (p *Pass) threePublicCounts(ft *finalText) {
	text := ft.text
	report := func(sev Severity, at int, msg, exp, act string) {
		p.Report(Finding{Severity: sev, Message: msg, Expected: exp, Actual: act, Source: ft.source(at), at: at})
	}
	if g, at, ok := countIn(text, reGroups); ok {
		if n, _, ok := countIn(text, rePeople); ok && n < g {
			report(Error, at, "因公出国（境）人次少于团组数", fmt.Sprintf("不少于 %d 人次", g), fmt.Sprintf("%d 人次", n))
		}
	}
	if b, at, ok := countIn(text, reReceptions); ok {
		if n, _, ok := countIn(text, reGuests); ok && n < b {
			report(Error, at, "公务接待人次少于批次", fmt.Sprintf("不少于 %d 人次", b), fmt.Sprintf("%d 人次", n))
		}
	}
	if m := reAverage.FindStringSubmatchIndex(text); m != nil {
		cost, ok1 := parsePrinted(text[m[2]:m[3]])
		avg, ok2 := parsePrinted(text[m[4]:m[5]])
		held, _, ok3 := countIn(text, reHeld)
		if ok1 && ok2 && ok3 && held > 0 {
			want := interval{qQuo(cost.span().lo, qInt(int64(held))), qQuo(cost.span().hi, qInt(int64(held)))}
			if !overlaps(want, avg.span()) {
				report(Error, m[0], "平均每辆公务用车运行维护费不等于运行维护费除以保有量",
					fmtSpan(want, avg.decimals+1)+"万元", avg.text+"万元")
			}
		}
	}
	t, r := threePublicFinal(p.Doc)
	if t == nil {
		return
	}
	if m := reNoneBought.FindStringIndex(text); m != nil || func() bool { n, _, ok := countIn(text, reBought); return ok && n == 0 }() {
		at := 0
		if m != nil {
			at = m[0]
		}
		if hasCell(r, "vehicle_purchase") && r.Amount("vehicle_purchase") > 0 {
			report(Warning, at, "说明称没有购置车辆，但表中公务用车购置费不为 0", "购置费 0", fmtAmount(t, r.Amount("vehicle_purchase")))
		}
	}
	if g, at, ok := countIn(text, reGroups); ok && hasCell(r, "abroad") {
		switch a := r.Amount("abroad"); {
		case g > 0 && a == 0:
			report(Warning, at, "说明有因公出国（境）团组，但表中因公出国（境）费决算数为 0", "出国费大于 0", "0")
		case g == 0 && a > 0:
			report(Warning, at, "表中有因公出国（境）费，但说明的团组数为 0", "团组数大于 0", fmtAmount(t, a))
		}
	}
}

// itemPath is the 类（类）款（款）项（项） that ends lead, without the
// sentence before it or its list number (“1.”, “（一）”).
func itemPath(lead string) string {
	start := 0
	for _, sep := range []string{"。", "；", "：", ":"} {
		if i := strings.LastIndex(lead, sep); i >= 0 && i+len(sep) > start {
			start = i + len(sep)
		}
	}
	p := lead[start:]
	p = strings.TrimLeft(p, "0123456789.、．")
	if strings.HasPrefix(p, "（") {
		if i := strings.Index(p, "）"); i > 0 && !strings.Contains(p[:i], "类") {
			p = p[i+len("）"):]
		}
	}
	return p
}

// itemRow finds the row of a 项 named by its path 类（类）款（款）项（项): the
// 项 row whose name starts with the 项 name, under the 款 row so named;
// nil unless exactly one row fits.
func itemRow(t *yusuan.Table, path string) *yusuan.Row {
	seg, item := "", ""
	if i := strings.Index(path, "（款）"); i >= 0 {
		s := path[:i]
		if j := strings.LastIndex(s, "）"); j >= 0 {
			s = s[j+len("）"):]
		}
		seg = s
		item = strings.TrimSuffix(path[i+len("（款）"):], "（项）")
	}
	if seg == "" || item == "" {
		return nil
	}
	var segCode string
	for i := range t.Rows {
		if len(t.Rows[i].Code) == 5 && compact(t.Rows[i].Name) == seg {
			if segCode != "" {
				return nil
			}
			segCode = t.Rows[i].Code
		}
	}
	if segCode == "" {
		return nil
	}
	var found *yusuan.Row
	for i := range t.Rows {
		r := &t.Rows[i]
		if len(r.Code) == 7 && strings.HasPrefix(r.Code, segCode) && strings.HasPrefix(compact(r.Name), item) {
			if found != nil {
				return nil
			}
			found = r
		}
	}
	return found
}
