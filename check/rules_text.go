package check

import (
	"fmt"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/yusuan/yusuan"
	"github.com/yusuan/yusuan/internal/lazyre"
)

// Rules on the text itself: placeholders and template leftovers, doubled
// punctuation and words, years in titles and as-of dates, empty-table
// notes, the department's name.

// textPlace is one piece of text of the document with where it is.
type textPlace struct {
	text    string
	t       *yusuan.Table
	section string // narrative section title
	para    int    // 1-based paragraph
	what    string // 文档标题, 表名, 表注, 说明标题, 说明
}

// texts lists the document's title, part titles, table titles and notes,
// section titles and paragraphs.
func (p *Pass) texts() []textPlace {
	if p.ix.texts == nil {
		p.ix.texts = docTexts(p.Doc)
	}
	return p.ix.texts
}

func docTexts(d *yusuan.Document) []textPlace {
	out := []textPlace{{text: d.Title, what: "文档标题"}}
	for _, s := range d.Parts {
		out = append(out, textPlace{text: s, what: "部分标题"})
	}
	for i := range d.Tables {
		t := &d.Tables[i]
		out = append(out, textPlace{text: t.Title, t: t, what: "表名"}, textPlace{text: t.Note, t: t, what: "表注"})
	}
	for si := range d.Narrative {
		sec := &d.Narrative[si]
		out = append(out, textPlace{text: sec.Title, section: sec.Title, what: "说明标题"})
		for pi, para := range sec.Paragraphs {
			out = append(out, textPlace{text: para, section: sec.Title, para: pi + 1, what: "说明"})
		}
	}
	return out
}

func (p *Pass) reportText(tp textPlace, at int, needle string, f Finding) {
	if tp.section != "" {
		f.Source = &Source{Section: tp.section, Paragraph: tp.para}
		if tp.para > 0 {
			f.Source.Sentence = sentenceAround(tp.text, needle)
		}
	}
	if tp.t != nil {
		f.Table, f.TableNumber, f.TableTitle = string(tp.t.Kind), tp.t.Number, tp.t.Title
		f.Source = cellSource(tp.t, nil, "")
	}
	if f.Actual == "" {
		f.Actual = needle
	}
	f.at = at
	p.Report(f)
}

var (
	// placeholderRe: XX局, ××, ＊＊, 待填, 待补充 and the like, left from a template.
	placeholderRe = lazyre.New(`[XＸ×✕]{2,}|[＊*]{3,}|待填写?|待补充|待定数|此处填写|（填写[^）]{0,10}）|【[^】]{0,10}填[^】]{0,10}】`)
	// templateChoiceRe: a template's alternative left in, “下降（增长）”.
	templateChoiceRe = lazyre.New(`(增加|减少|增长|下降|上升|降低)[（(](增加|减少|增长|下降|上升|降低)[）)]`)
	// strayLetterRe: a letter stuck in a date, “2026A 年”.
	strayLetterRe = lazyre.New(`\d{4}[A-Za-z]年`)
	// titleYearRe: a year in a title: “2026年”, “2026 年度”.
	titleYearRe = lazyre.New(`(\d{4})\s*年`)
	// asOfRe: “截至2025年12月31日”, “截止到 2025 年底”.
	asOfRe = lazyre.New(`截(?:至|止)(?:到)?\s*(\d{4})\s*年`)
)

// mayHavePlaceholder is a quick test for placeholderRe, true of every
// text the expression matches: each of its alternatives holds one of the
// fixed words looked for here, or a run of two marks of the X kind or
// three stars. Searching for the words is quicker than decoding every
// rune of every paragraph, as the test did before.
func mayHavePlaceholder(s string) bool {
	if strings.Contains(s, "待填") || strings.Contains(s, "待补充") || strings.Contains(s, "待定数") ||
		strings.Contains(s, "此处填写") || strings.Contains(s, "（填写") ||
		strings.Contains(s, "【") && strings.Contains(s, "填") {
		return true
	}
	if strings.IndexByte(s, 'X') < 0 && strings.IndexByte(s, '*') < 0 && !strings.Contains(s, "Ｘ") &&
		!strings.Contains(s, "×") && !strings.Contains(s, "✕") && !strings.Contains(s, "＊") {
		return false
	}
	xs, stars := 0, 0
	for _, r := range s {
		switch r {
		case 'X', 'Ｘ', '×', '✕':
			xs, stars = xs+1, 0
		case '*', '＊':
			xs, stars = 0, stars+1
		default:
			xs, stars = 0, 0
		}
		if xs >= 2 || stars >= 3 {
			return true
		}
	}
	return false
}

// mayHaveChoice is a quick test for templateChoiceRe: a closing bracket
// after a direction word's last character (“下降（增长）”).
func mayHaveChoice(s string) bool {
	var prev rune
	for _, r := range s {
		if r == '）' || r == ')' {
			switch prev {
			case '加', '少', '长', '降', '升', '低':
				return true
			}
		}
		prev = r
	}
	return false
}

func isSentencePunct(r rune) bool {
	switch r {
	case '，', '。', '；', '、', '：', '！', '？':
		return true
	}
	return false
}

// doubledPunct returns the offset of two sentence punctuation marks in a
// row (“。。”, “，。”), or −1.
func doubledPunct(s string) int {
	prev, prevAt := false, 0
	for i, r := range s {
		is := r >= 0x3000 && isSentencePunct(r)
		if is && prev {
			return prevAt
		}
		prev, prevAt = is, i
	}
	return -1
}

// hasLetterYear is a quick test for strayLetterRe: a digit followed by an
// ASCII letter.
func hasLetterYear(s string) bool {
	for i := 1; i < len(s); i++ {
		c := s[i] | 0x20
		if 'a' <= c && c <= 'z' && isDigit(s[i-1]) {
			return true
		}
	}
	return false
}

// doubledWord finds a run of at least min Han characters repeated right
// after itself (“烟台市人民政府办公室烟台市人民政府办公室”) and returns its
// byte offset and the run. Runs of up to 20 characters are tried by
// comparing code points of the text decoded once into a buffer.
func doubledWord(s string, min int) (int, string) {
	if len(s) < 6*min {
		return -1, ""
	}
	bp := runeBufs.Get().(*[]rune)
	defer runeBufs.Put(bp)
	rs := (*bp)[:0]
	for _, r := range s {
		rs = append(rs, r)
	}
	*bp = rs
	for i, r := range rs {
		if !isHan(r) {
			continue
		}
		for l := min; l <= 20 && i+2*l <= len(rs); l++ {
			if rs[i+l] != r {
				continue
			}
			k := 1
			for k < l && rs[i+k] == rs[i+l+k] && isHan(rs[i+k]) {
				k++
			}
			if k == l {
				start := len(string(rs[:i]))
				end := start + len(string(rs[i:i+l]))
				return start, s[start:end]
			}
		}
	}
	return -1, ""
}

var runeBufs = sync.Pool{New: func() any { return new([]rune) }}

// isHan reports whether r is a CJK ideograph (the unified block and its
// extension A, which hold every character of a budget text).
func isHan(r rune) bool { return r >= 0x3400 && r <= 0x9FFF }

// emptyNoteRe: a note saying the table is empty.
var emptyNoteRe = lazyre.New(`本表为空|为空表|空表|[本此该]表无数据`)

// fundWords are the funds an empty-table note may name, by table kind.
var fundWordKinds = []yusuan.TableKind{yusuan.KindGovFund, yusuan.KindStateCapital, yusuan.KindThreePublic}

var fundWords = map[yusuan.TableKind][]string{
	yusuan.KindGovFund:      {"政府性基金"},
	yusuan.KindStateCapital: {"国有资本经营"},
	yusuan.KindThreePublic:  {"三公"},
}

// hasFigures reports whether a table prints a non-zero amount.
func hasFigures(t *yusuan.Table) (*yusuan.Row, string, bool) {
	for i := range t.Rows {
		r := &t.Rows[i]
		if strings.Contains(r.Name, "*") || strings.Contains(r.Name, "栏次") {
			continue // the row of column numbers (栏次: 1, 2, 3 …), not amounts
		}
		for _, c := range t.Columns {
			if c.Type != yusuan.ColAmount {
				continue
			}
			if v, ok := r.Cells[c.Key]; ok && !v.IsText && v.Num != 0 {
				return r, c.Key, true
			}
		}
	}
	return nil, "", false
}

var _ = register(
	&Rule{ID: "NAR-015", Title: "没有未填的占位符和模板残留", Severity: Warning, Category: CatNarrative,
		Doc: "公开文本中不应留有模板占位符（XX局、××、＊＊＊、待填、待补充）、未删去的备选词（“下降（增长）”）或夹在日期里的字母（“2026A 年”）。这些多是套用模板后未改完，报告为警告。",
		Run: func(p *Pass) {
			for _, tp := range p.texts() {
				if tp.text == "" {
					continue
				}
				// Cheap tests first: most texts have none of these characters.
				if mayHavePlaceholder(tp.text) {
					if loc := placeholderRe.FindStringIndex(tp.text); loc != nil {
						m := tp.text[loc[0]:loc[1]]
						p.reportText(tp, loc[0], m, Finding{Message: fmt.Sprintf("%s中有未填写的占位符“%s”", tp.what, m), Expected: "实际内容"})
					}
				}
				if mayHaveChoice(tp.text) {
					if loc := templateChoiceRe.FindStringIndex(tp.text); loc != nil {
						m := tp.text[loc[0]:loc[1]]
						p.reportText(tp, loc[0], m, Finding{Message: fmt.Sprintf("%s中留有模板的备选词“%s”", tp.what, m), Expected: "只保留一个方向词",
							Detail: "“增加/减少”等方向词与括号内的相反词同时出现，句子同时表述两个方向"})
					}
				}
				if hasLetterYear(tp.text) {
					if loc := strayLetterRe.FindStringIndex(tp.text); loc != nil {
						m := tp.text[loc[0]:loc[1]]
						p.reportText(tp, loc[0], m, Finding{Message: fmt.Sprintf("%s的年份中夹有字母“%s”", tp.what, m), Expected: m[:4] + "年"})
					}
				}
			}
		}},
	&Rule{ID: "NAR-016", Title: "没有重复的标点和字词", Severity: Warning, Category: CatNarrative,
		Doc: "连续的句读标点（“。。”“，。”）和紧接着重复的词语（“烟台市人民政府办公室烟台市人民政府办公室”“支出支出”）多是编辑疏漏。重复三个字以上的词和重复标点报告为警告，重复两个字的词报告为提示（少数叠词是正常用法）。",
		Run: func(p *Pass) {
			for _, tp := range p.texts() {
				if tp.text == "" {
					continue
				}
				if at := doubledPunct(tp.text); at >= 0 {
					_, n1 := utf8.DecodeRuneInString(tp.text[at:])
					_, n2 := utf8.DecodeRuneInString(tp.text[at+n1:])
					m := tp.text[at : at+n1+n2]
					p.reportText(tp, at, m, Finding{Message: fmt.Sprintf("%s中有重复的标点“%s”", tp.what, m)})
				}
				if at, w := doubledWord(tp.text, 2); at >= 0 {
					f := Finding{Message: fmt.Sprintf("%s中“%s”重复出现", tp.what, w), Expected: w, Actual: w + w}
					if utf8.RuneCountInString(w) < 3 {
						f.Severity = Info
					}
					p.reportText(tp, at, w+w, f)
				}
			}
		}},
	&Rule{ID: "NAR-017", Title: "标题、表名和截止日期的年份正确", Severity: Warning, Category: CatNarrative,
		Doc: "文档标题、表名和说明各节标题中的年份应是本文档的年度（预算年度或决算年度）；“截至 YYYY 年”的时点，预算应为上年或本年，决算应为本年或次年。沿用往年模板时常见年份未改。跨年度的写法（“2025—2027 年”）和标题中同时出现多个年份的不报告。",
		Run: func(p *Pass) {
			y := p.Doc.Year
			if y <= 0 {
				return
			}
			for _, tp := range p.texts() {
				if tp.text == "" {
					continue
				}
				if tp.what != "说明" && tp.what != "表注" && !containsAny(tp.text, []string{"执行", "完成", "上年", "对比", "比较", "以前"}) {
					var ms [][]int
					if strings.Contains(tp.text, "年") {
						ms = titleYearRe.FindAllStringSubmatchIndex(tp.text, -1)
					}
					if len(ms) == 1 && !strings.ContainsAny(tp.text, "—–-~～至到") {
						v, _ := strconv.Atoi(tp.text[ms[0][2]:ms[0][3]])
						if v != y && v > 1990 {
							p.reportText(tp, ms[0][0], tp.text[ms[0][0]:ms[0][1]], Finding{Message: fmt.Sprintf("%s中的年份是 %d 年，本文档是 %d 年度", tp.what, v, y),
								Expected: fmt.Sprintf("%d年", y), Actual: tp.text})
						}
					}
				}
				if !strings.Contains(tp.text, "截") {
					continue
				}
				for _, m := range asOfRe.FindAllStringSubmatchIndex(tp.text, -1) {
					v, _ := strconv.Atoi(tp.text[m[2]:m[3]])
					lo, hi := y-1, y
					if p.Doc.IsFinal() {
						lo, hi = y, y+1
					}
					if v < lo || v > hi {
						p.reportText(tp, m[0], tp.text[m[0]:m[1]], Finding{Message: fmt.Sprintf("截止日期写成了 %d 年", v),
							Expected: fmt.Sprintf("%d 年或 %d 年", lo, hi),
							Detail:   fmt.Sprintf("本文档是 %d 年度%s，时点数应截至%d 年或 %d 年", y, map[bool]string{true: "决算", false: "预算"}[p.Doc.IsFinal()], lo, hi)})
					}
				}
			}
		}},
	&Rule{ID: "COMP-010", Title: "空表说明与表格相符", Severity: Warning, Category: CatCompleteness,
		Doc: "表下注明“本表为空表”（或“无……预算”）的表格不应印有非零金额，否则注与表矛盾（多为套用模板留下的注）；空表的注应说明本表所属的资金（政府性基金预算表注明无政府性基金预算，而不是另一种资金）。",
		Run: func(p *Pass) {
			for i := range p.Doc.Tables {
				t := &p.Doc.Tables[i]
				note := compact(t.Note)
				if note == "" || !emptyNoteRe.MatchString(note) {
					continue
				}
				if r, col, ok := hasFigures(t); ok {
					p.Report(cellFinding(t, r, col, Finding{Message: fmt.Sprintf("%s注明为空表，却印有金额", shortTable(t)),
						Expected: "空表（或删去空表说明）", Actual: fmtAmount(t, r.Amount(col)), Detail: "表注：" + strings.TrimSpace(t.Note)}))
					continue
				}
				own, ok := fundWords[t.Kind]
				if !ok || containsAny(note, own) {
					continue
				}
				// In a fixed order: a note naming two other funds is
				// reported under the same one every run.
				for _, k := range fundWordKinds {
					other := fundWords[k]
					if k != t.Kind && containsAny(note, other) {
						p.Report(cellFinding(t, nil, "", Finding{Message: fmt.Sprintf("%s的空表说明写的是%s", shortTable(t), other[0]),
							Expected: "说明无" + own[0] + "预算", Actual: strings.TrimSpace(t.Note)}))
						break
					}
				}
			}
		}},
	&Rule{ID: "FACT-005", Title: "部门名称前后一致", Severity: Warning, Category: CatFacts,
		Doc: "文档标题、表名和说明中出现的本部门（单位）名称应与文档的部门名称一致。只比较以机关名称后缀（局、厅、委员会、办公室……）结尾、并在“部门/单位预算（决算）”等字样之前的名称，不同名称互相包含（简称、全称）的不报告。",
		Run: func(p *Pass) {
			name := compact(p.Doc.Department.Name)
			if name == "" {
				return
			}
			for _, tp := range p.texts() {
				if tp.what == "说明" || tp.what == "表注" || tp.text == "" {
					continue
				}
				got := orgBefore(compact(tp.text))
				if got == "" || strings.Contains(got, name) || strings.Contains(name, got) {
					continue
				}
				p.reportText(tp, 0, got, Finding{Message: fmt.Sprintf("%s中的部门名称“%s”与本文档部门“%s”不一致", tp.what, got, p.Doc.Department.Name),
					Expected: p.Doc.Department.Name, Actual: got})
			}
		}},
)

// orgBefore returns the organization name a title starts with, before
// “部门/单位 … 预算/决算” or a year: “2026年XX局部门预算” → XX局.
func orgBefore(s string) string {
	if !strings.Contains(s, "部门") && !strings.Contains(s, "单位") {
		return ""
	}
	s = titleYearRe.ReplaceAllString(s, "")
	s = strings.TrimLeft(s, "0123456789年度")
	cut := -1
	for _, w := range []string{"部门预算", "单位预算", "部门决算", "单位决算", "部门收支", "部门收入", "部门支出", "部门财政", "部门一般", "部门政府", "部门国有", "部门“三公”", "部门项目", "部门整体"} {
		if i := strings.Index(s, w); i > 0 && (cut < 0 || i < cut) {
			cut = i
		}
	}
	if cut < 0 {
		return ""
	}
	org := s[:cut]
	for _, suf := range yusuan.OrgSuffixes {
		if strings.HasSuffix(org, suf) && utf8.RuneCountInString(org) > utf8.RuneCountInString(suf)+1 {
			return org
		}
	}
	return ""
}

// numericValue is the amount a form row states, if any.
func numericValue(r *yusuan.Row) (yusuan.Amount, string, bool) {
	if v, ok := r.Cells["value"]; ok && !v.IsText {
		return v.Num, "value", true
	}
	return 0, "", false
}

var _ = register(
	&Rule{ID: "PERF-011", Title: "绩效目标表中“其中”不超过总额", Severity: Error, Category: CatPerformance,
		Doc: "绩效目标表中“其中：当年财政拨款”“其中：其他资金”等分项金额（单独或合计）不能超过它们上面的总额（项目总金额、年度资金总额、预算总额）。",
		Run: func(p *Pass) {
			for _, k := range []yusuan.TableKind{yusuan.KindPerformanceProject, yusuan.KindPerformanceDepartment} {
				for _, t := range p.Doc.TablesOf(k) {
					var whole *yusuan.Row
					var parts []cref
					var sum yusuan.Amount
					flush := func() {
						if whole != nil && len(parts) > 0 && sum > whole.Amount("value") {
							f := cellFinding(t, parts[len(parts)-1].r, "value", Finding{
								Message:  fmt.Sprintf("%s中“其中”项之和超过「%s」", shortTable(t), strings.TrimSpace(whole.Name)),
								Expected: "不超过 " + fmtAmount(t, whole.Amount("value")),
								Actual:   fmtAmount(t, sum),
								Detail:   sumDetail(t, parts, sum) + "，大于「" + strings.TrimSpace(whole.Name) + "」" + fmtAmount(t, whole.Amount("value")),
							})
							f.cells = append(append([]cref(nil), parts...), cref{whole, "value"})
							p.Report(f)
						}
						parts, sum = nil, 0
					}
					for i := range t.Rows {
						r := &t.Rows[i]
						a, _, ok := numericValue(r)
						if !ok {
							continue
						}
						if strings.HasPrefix(compact(r.Name), "其中") {
							if whole != nil {
								parts = append(parts, cref{r, "value"})
								sum += a
							}
							continue
						}
						flush()
						whole = r
					}
					flush()
				}
			}
		}},
)
