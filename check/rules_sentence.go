package check

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/yusuan/yusuan"
	"github.com/yusuan/yusuan/internal/lazyre"
)

// Arithmetic inside one sentence: "X 万元，比上年增加 C 万元，增长 D%" and
// "由 A 万元增加到 B 万元，增加 C 万元，增长 D%" can be checked from the
// sentence alone, even when last year's figure (or the item) is in no
// table. The paragraph text is parsed here, not the reader's figures, so
// the rules hold whatever the reader recognized.

const (
	amtNumRe  = `(\d+(?:\.\d+)?)`
	amtUnitRe = `(亿元|万元|元)`
	amtUpRe   = `增加|增长|上升|提高|增`
	amtDownRe = `减少|下降|降低|压减|减`
	amtDirRe  = `(` + amtUpRe + `|` + amtDownRe + `)`
)

var (
	// X 万元，比上年（预算数）增加 C 万元，（同比）增长 D%
	compareRe = lazyre.New(amtNumRe + amtUnitRe + comparedRe +
		amtDirRe + amtNumRe + amtUnitRe + `[，,]?(?:同比|较上年)?` + amtDirRe + `了?` + amtNumRe + `%`)
	// 由 A 万元增加到 B 万元（，增加 C 万元）（，增长 D%）
	fromToRe = lazyre.New(`由` + amtNumRe + amtUnitRe + `(?:` + amtUpRe + `|` + amtDownRe + `|调整)?(?:到|至)` + amtNumRe + amtUnitRe +
		`(?:[，,]?` + amtDirRe + amtNumRe + amtUnitRe + `)?(?:[，,]?(?:同比)?` + amtDirRe + `了?` + amtNumRe + `%)?`)
)

func isUp(w string) bool {
	switch w {
	case "增加", "增长", "上升", "提高", "增":
		return true
	}
	return false
}

// normSentence removes what does not change a sentence's arithmetic:
// white space, thousands separators, full-width percent signs.
func normSentence(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for i, r := range s {
		switch r {
		case ' ', '\t', '\n', '\r', '\u3000':
			continue
		case '％':
			r = '%'
		case ',', '，':
			// a thousands separator: a digit before, three digits after
			if end := i + utf8.RuneLen(r); b.Len() > 0 && isDigit(b.String()[b.Len()-1]) && end+3 <= len(s) && isDigit(s[end]) && isDigit(s[end+1]) && isDigit(s[end+2]) && (end+3 == len(s) || !isDigit(s[end+3])) {
				continue
			}
		}
		b.WriteRune(r)
	}
	return b.String()
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// sentences splits a paragraph into sentences, keeping each one's offset.
func sentences(para string) (out []string, at []int) {
	start := 0
	for i, r := range para {
		switch r {
		case '。', '；', ';', '！', '？', '\n':
			if s := strings.TrimSpace(para[start:i]); s != "" {
				out, at = append(out, s), append(at, start)
			}
			start = i + len(string(r))
		}
	}
	if s := strings.TrimSpace(para[start:]); s != "" {
		out, at = append(out, s), append(at, start)
	}
	return
}

// amountSpan is a printed amount's interval in 元.
func amountSpan(num, unit string) (interval, printed, bool) {
	v, ok := parsePrinted(num)
	if !ok {
		return interval{}, v, false
	}
	return inYuan(v.span(), unit), v, true
}

// sentenceRec is one sentence of the narrative that states an amount in
// 元, normalized for the sentence rules.
type sentenceRec struct {
	sec        *yusuan.Section
	para, at   int
	text, norm string
}

// amountSentences lists the narrative's sentences that state an amount
// in 元, split and normalized once per document.
func (ix *index) amountSentences() []sentenceRec {
	if ix.sentencesDone {
		return ix.sentences
	}
	ix.sentencesDone = true
	for si := range ix.doc.Narrative {
		sec := &ix.doc.Narrative[si]
		for pi, para := range sec.Paragraphs {
			if !strings.Contains(para, "元") {
				continue
			}
			ss, ats := sentences(para)
			for i, s := range ss {
				if strings.Contains(s, "元") {
					ix.sentences = append(ix.sentences, sentenceRec{sec, pi, ats[i], s, normSentence(s)})
				}
			}
		}
	}
	return ix.sentences
}

// eachSentence calls f with every sentence of the narrative that states
// an amount in 元 and has one of the words (a cheap filter before the
// regular expressions).
func (p *Pass) eachSentence(words []string, f func(sec *yusuan.Section, para int, sentence, norm string, at int)) {
	for _, r := range p.ix.amountSentences() {
		if containsAny(r.norm, words) {
			f(r.sec, r.para, r.text, r.norm, r.at)
		}
	}
}

func sentenceFinding(sec *yusuan.Section, para int, sentence string, at int, f Finding) Finding {
	if r := []rune(sentence); len(r) > 160 {
		sentence = string(r[:160]) + "…"
	}
	f.Source = &Source{Section: sec.Title, Paragraph: para + 1, Sentence: sentence}
	f.at = at
	return f
}

// growthCheckedElsewhere reports whether NAR-003 checks the growth rate
// printed as d in the paragraph: the reader recognized it, with what it
// talks about and the change it goes with.
func (ix *index) growthCheckedElsewhere(sec *yusuan.Section, para int, d string) bool {
	for _, n := range ix.figs {
		if n.sec != sec || n.f.Paragraph != para || n.f.Kind != yusuan.FigureGrowth || n.f.Printed != d || n.ref == "" {
			continue
		}
		if _, _, ok := ix.operand(n.ref, n); ok && ix.changeFor(n) != nil {
			return true
		}
	}
	return false
}

func wan(x interval) string { return fmtSpan(scale2(x, 1, 10000), 2) }

// scale2 multiplies x by num/den.
func scale2(x interval, num, den int64) interval {
	q := qFrac(num, den)
	return interval{qMul(x.lo, q), qMul(x.hi, q)}
}

var _ = register(
	&Rule{ID: "NAR-013", Title: "一句话内的增减计算正确", Severity: Error, Category: CatNarrative,
		Doc: "一句话同时写出本年数、变动额和增长率（“X 万元，比上年增加 C 万元，增长 D%”），或上年数与本年数（“由 A 万元增加到 B 万元，增加 C 万元，增长 D%”“B 万元，比上年预算数 A 万元增加 C 万元”）时，不需要表格就能核对：上年数 = 本年数 ∓ 变动额，增长率 = 变动额 ÷ 上年数，变动额 = 本年数 − 上年数。各数按印出位数的区间计算，只有区间内任何取值都不能成立时才报告。由读取器识别、已由 NAR-003 核对的增长率不重复报告。",
		Run: func(p *Pass) {
			p.eachSentence([]string{"比", "较", "由"}, func(sec *yusuan.Section, para int, s, norm string, at int) {
				var compared [][]string
				if strings.Contains(norm, "%") {
					compared = compareRe.FindAllStringSubmatch(norm, -1)
				}
				for _, m := range compared {
					X, _, ok1 := amountSpan(m[1], m[2])
					C, cp, ok2 := amountSpan(m[4], m[5])
					D, ok3 := parsePrinted(m[7])
					if !ok1 || !ok2 || !ok3 || isUp(m[3]) != isUp(m[6]) || cp.v.Sign() == 0 {
						continue
					}
					base, op := add(X, C), "+"
					if isUp(m[3]) {
						base, op = sub(X, C), "−"
					}
					if base.lo.Sign() <= 0 {
						continue // NAR-014 when it cannot be positive
					}
					g, ok := div(C, base)
					if !ok {
						continue
					}
					g = scale(g, 100)
					if overlaps(g, D.span()) || p.ix.growthCheckedElsewhere(sec, para, m[7]) {
						continue
					}
					d := D.decimals
					detail := fmt.Sprintf("本年数 %s%s，变动额 %s%s；上年数 = 本年数 %s 变动额 = %s 万元；增长率 = 变动额 ÷ 上年数 = %s%%，按 %d 位小数应为 %s%%",
						m[1], m[2], m[4], m[5], op, wan(base), fmtSpan(g, d+2), d, fmtSpan(g, d))
					if wrong, ok := div(C, X); ok && overlaps(scale(wrong, 100), D.span()) {
						detail += fmt.Sprintf("；印出的 %s%% 等于变动额 ÷ 本年数，即以本年数为基数计算", m[7])
					}
					p.Report(sentenceFinding(sec, para, s, at, Finding{Message: "一句话内的增长率与本年数、变动额不符",
						Expected: fmtSpan(g, d) + "%", Actual: m[7] + "%", Detail: detail}))
				}
				var fromTo [][]string
				if strings.Contains(norm, "由") {
					fromTo = fromToRe.FindAllStringSubmatch(norm, -1)
				}
				for _, m := range priorRe.FindAllStringSubmatch(norm, -1) {
					// the same groups as fromToRe: prior, this year, change, rate
					fromTo = append(fromTo, []string{m[0], m[3], m[4], m[1], m[2], m[5], m[6], m[7], m[8], m[9]})
				}
				for _, m := range fromTo {
					A, _, ok1 := amountSpan(m[1], m[2])
					B, _, ok2 := amountSpan(m[3], m[4])
					if !ok1 || !ok2 {
						continue
					}
					diff := sub(B, A) // B − A
					if m[5] != "" {
						C, _, ok := amountSpan(m[6], m[7])
						if !ok {
							continue
						}
						want := C
						if !isUp(m[5]) {
							want = interval{qNeg(C.hi), qNeg(C.lo)}
						}
						if !overlaps(diff, want) {
							p.Report(sentenceFinding(sec, para, s, at, Finding{Message: "一句话内的变动额不等于本年数减上年数",
								Expected: wan(diff) + "万元", Actual: m[5] + m[6] + m[7],
								Detail: fmt.Sprintf("%s%s − %s%s = %s 万元", m[3], m[4], m[1], m[2], wan(diff))}))
							continue
						}
					}
					if m[8] != "" {
						D, ok := parsePrinted(m[9])
						if !ok || A.lo.Sign() <= 0 {
							continue
						}
						g, ok := div(diff, A)
						if !ok {
							continue
						}
						g = scale(g, 100)
						if !isUp(m[8]) {
							g = interval{qNeg(g.hi), qNeg(g.lo)}
						}
						if overlaps(g, D.span()) || p.ix.growthCheckedElsewhere(sec, para, m[9]) {
							continue
						}
						d := D.decimals
						p.Report(sentenceFinding(sec, para, s, at, Finding{Message: "一句话内的增长率与上年数、本年数不符",
							Expected: fmtSpan(g, d) + "%", Actual: m[9] + "%",
							Detail: fmt.Sprintf("（%s%s − %s%s）÷ %s%s = %s%%", m[3], m[4], m[1], m[2], m[1], m[2], fmtSpan(g, d+2))}))
					}
				}
			})
		}},
	&Rule{ID: "NAR-014", Title: "本年数不小于比上年的增加额", Severity: Error, Category: CatNarrative,
		Doc: "“X 万元，比上年增加 C 万元”意味着上年数为 X − C；C 大于 X（例如本年为 0 却写“比上年增加”）时上年数为负，不可能成立，多为增减写反或本年数漏填。按印出位数的区间判断。",
		Run: func(p *Pass) {
			p.eachSentence([]string{"比", "较"}, func(sec *yusuan.Section, para int, s, norm string, at int) {
				for _, m := range increaseRe.FindAllStringSubmatch(norm, -1) {
					X, xp, ok1 := amountSpan(m[1], m[2])
					C, _, ok2 := amountSpan(m[4], m[5])
					if !ok1 || !ok2 || !isUp(m[3]) {
						continue
					}
					base := sub(X, C)
					if base.hi.Sign() >= 0 {
						continue
					}
					msg := "本年数小于比上年的增加额，上年数将为负数"
					if xp.v.Sign() == 0 {
						msg = "本年为 0，却写比上年增加"
					}
					p.Report(sentenceFinding(sec, para, s, at, Finding{Message: msg,
						Expected: "比上年减少，或本年数不小于增加额", Actual: m[1] + m[2] + "，" + m[3] + m[4] + m[5],
						Detail: fmt.Sprintf("上年数 = %s%s − %s%s = %s 万元 < 0", m[1], m[2], m[4], m[5], wan(base))}))
				}
			})
		}},
)

// increaseRe is compareRe without the growth rate: X 万元 … 比上年增加 C 万元.
var increaseRe = lazyre.New(amtNumRe + amtUnitRe + comparedRe + amtDirRe + amtNumRe + amtUnitRe)

// comparedRe is the comparison right after an amount, which keeps the
// amount its subject: "，比上年（预算数）", "，较2025年", "，与上年相比".
const comparedRe = `[，,]?(?:比|较|与)(?:上年|上一年|去年|\d{4}年)度?(?:相比[，,]?)?[^，,。；;%\d]{0,8}?`

// priorRe names last year's amount in the comparison: "X 万元，比 2025 年
// 年初预算数 A 万元增加 C 万元，增长 D%".
var priorRe = lazyre.New(amtNumRe + amtUnitRe + `[，,]?(?:比|较)(?:上年|上一年|去年|\d{4}年)度?[^，,。；;%\d]{0,10}?` + amtNumRe + amtUnitRe +
	amtDirRe + amtNumRe + amtUnitRe + `(?:[，,]?(?:同比)?` + amtDirRe + `了?` + amtNumRe + `%)?`)

// subjectBefore is the words a sentence starts with, up to the amount at
// byte offset at: the item it talks about, without list numbers.
func subjectBefore(norm string, at int) string {
	s := stripOrdinal(norm[:at])
	if i := strings.LastIndexAny(s, "，,：:"); i >= 0 {
		_, n := utf8.DecodeRuneInString(s[i:])
		s = s[i+n:]
	}
	return strings.TrimSpace(s)
}

var _ = register(
	&Rule{ID: "NAR-018", Title: "相邻事项的数字不照抄", Severity: Warning, Category: CatNarrative,
		Doc: "同一节中相邻两句说明不同事项（如公务接待费与公务用车运行维护费），却印出完全相同的本年数、变动额和增长率，多是复制上一项后未改数字。三个数都相同且不全为 0 才报告。",
		Run: func(p *Pass) {
			type stated struct {
				subject, x, c, d string
				para             int
				sentence         string
				at               int
			}
			for si := range p.Doc.Narrative {
				sec := &p.Doc.Narrative[si]
				var prev *stated
				for pi, para := range sec.Paragraphs {
					if !strings.Contains(para, "元") || !strings.Contains(para, "%") && !strings.Contains(para, "％") {
						prev = nil
						continue
					}
					ss, ats := sentences(para)
					for i, s := range ss {
						norm := normSentence(s)
						loc := compareRe.FindStringSubmatchIndex(norm)
						if loc == nil {
							continue
						}
						g := func(k int) string { return norm[loc[2*k]:loc[2*k+1]] }
						cur := &stated{subject: subjectBefore(norm, loc[2]), x: g(1) + g(2), c: g(3) + g(4) + g(5), d: g(6) + g(7), para: pi, sentence: s, at: ats[i]}
						// 收入 and 支出 of a balanced budget are the same figures.
						balanced := prev != nil && (strings.Contains(cur.subject, "支出") && strings.Contains(prev.subject, "收入") ||
							strings.Contains(cur.subject, "收入") && strings.Contains(prev.subject, "支出"))
						if prev != nil && cur.subject != "" && prev.subject != "" && cur.subject != prev.subject && !balanced &&
							cur.x == prev.x && cur.c == prev.c && cur.d == prev.d && !strings.HasPrefix(g(1), "0") {
							p.Report(sentenceFinding(sec, pi, s, cur.at, Finding{
								Message:  fmt.Sprintf("“%s”与上一项“%s”的本年数、变动额和增长率完全相同", cur.subject, prev.subject),
								Expected: "本项自己的数字",
								Actual:   fmt.Sprintf("%s，%s，%s", cur.x, cur.c, cur.d),
								Detail:   "上一句：" + prev.sentence,
							}))
						}
						prev = cur
					}
				}
			}
		}},
)
