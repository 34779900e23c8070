package recognize

import (
	"regexp"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/yusuan/yusuan"
	"github.com/yusuan/yusuan/layout"
)

var (
	partRe = regexp.MustCompile(`^第[一二三四五六七八九十]+部分`)
	tocRe  = regexp.MustCompile(`^目录$`)
)

// narrative splits the lines outside tables into sections of paragraphs
// and extracts the figures each paragraph states.
func (r *recognizer) narrative(used []bool) {
	doc := r.doc
	specs := map[string]*yusuan.SectionSpec{}
	for i := range r.p.Narrative {
		s := &r.p.Narrative[i]
		specs[sectionKey(s.Title)] = s
	}
	var cur *yusuan.Section
	part := 0
	var para strings.Builder
	var paraPos yusuan.Position
	flush := func() {
		if para.Len() > 0 && cur != nil {
			cur.Paragraphs = append(cur.Paragraphs, para.String())
		}
		para.Reset()
	}
	var sections []yusuan.Section
	startSection := func(title string, pos yusuan.Position, sp *yusuan.SectionSpec) {
		flush()
		if cur != nil {
			sections = append(sections, *cur)
		}
		p := pos
		cur = &yusuan.Section{Part: part, Title: title, Source: &p, Paragraphs: []string{}}
		if sp != nil {
			cur.Key = sp.Key
			if len(doc.Parts) == 0 {
				part = sp.Part
				cur.Part = sp.Part
			}
		}
	}
	skipUntil, tocFirst := "", 0
	first := true
	for i, l := range r.lines {
		if used[i] || l.Empty() {
			continue
		}
		text := strings.TrimSpace(l.Text())
		if first {
			first = false
			continue // the document title
		}
		if strings.Contains(text, "……") || strings.Contains(text, "…………") {
			continue // a table of contents line
		}
		n := Norm(text)
		if skipUntil != "" {
			// Skip a table of contents up to the second appearance of its
			// first heading, where the body starts.
			if i > tocFirst && l.Heading > 0 && n == skipUntil {
				skipUntil = ""
			} else {
				continue
			}
		}
		if tocRe.MatchString(n) {
			for j := i + 1; j < len(r.lines); j++ {
				if r.lines[j].Heading > 0 && !r.lines[j].Empty() {
					k := Norm(r.lines[j].Text())
					for m := j + 1; m < len(r.lines); m++ {
						if r.lines[m].Heading > 0 && Norm(r.lines[m].Text()) == k {
							skipUntil, tocFirst = k, j
							break
						}
					}
					break
				}
			}
			continue
		}
		if partRe.MatchString(n) && runeLen(n) <= 30 {
			flush()
			part = partNumber(n)
			title := strings.TrimSpace(text)
			if !contains(doc.Parts, title) {
				doc.Parts = append(doc.Parts, title)
			}
			// The part's own title opens a section (名词解释, 附表).
			rest := strings.TrimSpace(partRe.ReplaceAllString(n, ""))
			sp := specs[sectionKey(rest)]
			startSection(rest, l.Pos, sp)
			if sp == nil && rest == "附表" {
				cur.Key = "appendix"
			}
			continue
		}
		sp := specs[sectionKey(text)]
		isTitle := sp != nil && runeLen(n) <= 40 && !hasSentencePunct(text)
		// Other headings open sections too; a numbered line that is not
		// set as a heading ("一、项目概述" of a project's explanation) is a
		// paragraph.
		if !isTitle && l.Heading > 0 {
			isTitle = true
			sp = r.fuzzySection(text)
		}
		// "（二）…" set as a heading is a paragraph of the section it is in.
		if isTitle && sp == nil && strings.HasPrefix(n, "(") && cur != nil {
			isTitle = false
		}
		if isTitle {
			startSection(strings.TrimSpace(text), l.Pos, sp)
			continue
		}
		if cur == nil {
			startSection("", l.Pos, nil)
		}
		// A line that does not end a sentence continues on the next one
		// (a paragraph broken by the conversion or wrapped on the page).
		if para.Len() > 0 && endsParagraph(para.String()) || para.Len() > 0 && startsItem(n) {
			flush()
		}
		if para.Len() == 0 {
			paraPos = l.Pos
		}
		para.WriteString(text)
	}
	_ = paraPos
	flush()
	if cur != nil {
		sections = append(sections, *cur)
	}
	for _, s := range sections {
		if len(s.Paragraphs) == 0 && s.Key == "" {
			continue
		}
		r.figures(&s)
		doc.Narrative = append(doc.Narrative, s)
	}
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

var cnNum = map[rune]int{'一': 1, '二': 2, '三': 3, '四': 4, '五': 5, '六': 6, '七': 7, '八': 8, '九': 9, '十': 10}

func partNumber(n string) int {
	r, _ := utf8.DecodeRuneInString(strings.TrimPrefix(n, "第"))
	return cnNum[r]
}

// sectionKey is how a section title is compared: no numbering, year or
// department prefix matters.
func sectionKey(s string) string {
	return StripNumbering(StripYear(Norm(s)))
}

// fuzzySection finds the spec whose title the heading ends with
// ("上海市普陀区人民政府办公室主要职能" is 部门主要职能's section).
func (r *recognizer) fuzzySection(text string) *yusuan.SectionSpec {
	k := sectionKey(text)
	var best *yusuan.SectionSpec
	bestLen := 0
	for i := range r.p.Narrative {
		s := &r.p.Narrative[i]
		sk := sectionKey(s.Title)
		sk = strings.TrimPrefix(sk, "部门")
		if sk != "" && strings.HasSuffix(k, sk) && len(sk) > bestLen {
			best, bestLen = s, len(sk)
		}
	}
	return best
}

func endsParagraph(s string) bool {
	r, _ := utf8.DecodeLastRuneInString(strings.TrimSpace(s))
	switch r {
	case '。', '；', ';', '：', ':', '！', '？', '!', '?':
		return true
	}
	return false
}

var itemRe = regexp.MustCompile(`^([(][0-9一二三四五六七八九十]+[)]|[0-9]+[.、]|[一二三四五六七八九十]+、)`)

func startsItem(n string) bool { return itemRe.MatchString(n) }

// Figures.

// A quantity after 数量 is a count whatever its measure word (台, 套, 件 …:
// a procurement list prints the measure of each item).
var figureRe = regexp.MustCompile(`(\d[\d,，]*(?:\.\d+)?)\s*(万元|亿元|元|%|％|人|辆|项|个|台（套）|台\(套\)|家)|持平|数量[为：:]?\s*(\d+)\s*(\p{Han}(?:（套）|\(套\))?)`)

// phrase is a measure named in the narrative.
type phrase struct {
	text string
	ref  string
}

// phrases name measures (see yusuan.Measures), longest first at equal
// positions.
var phrases = []phrase{
	{"一般公共预算基本支出预算", "gp_basic"},
	{"一般公共预算支出预算", "general_public"},
	{"一般公共预算收支预算", "general_public"},
	{"政府性基金支出预算", "gov_fund"},
	{"政府性基金收支预算", "gov_fund"},
	{"基本支出预算", "basic"},
	{"项目支出预算", "project"},
	{"一般公共预算基本支出", "gp_basic"},
	{"一般公共预算", "general_public"},
	{"政府性基金", "gov_fund"},
	{"国有资本经营", "state_capital"},
	{"收入预算总计", "income"},
	{"收入预算", "income"},
	{"支出预算总计", "total"},
	{"支出预算", "total"},
	{"财政拨款支出", "fiscal"},
	{"财政拨款收入", "income:appropriation"},
	{"财政拨款", "income:appropriation"},
	{"基本支出", "basic"},
	{"项目支出", "project"},
	{"人员经费", "personnel"},
	{"公用经费", "public_funds"},
	{"工资福利支出", "wages"},
	{"商品和服务支出", "goods"},
	{"个人和家庭补助支出", "household"},
	{"对个人和家庭的补助", "household"},
	{"资本性支出", "capital"},
	{"\"三公\"经费", "three_public"},
	{"因公出国(境)费", "three_public.abroad"},
	{"公务用车购置及运行费", "three_public.vehicle"},
	{"公务用车购置费", "three_public.vehicle_purchase"},
	{"公务用车运行维护费", "three_public.vehicle_operation"},
	{"公务用车运行费", "three_public.vehicle_operation"},
	{"公务接待费", "three_public.reception"},
	{"机关运行经费", "operating_cost"},
	{"政府采购预算", "procurement"},
	{"政府采购货物", "procurement.goods"},
	{"政府采购服务", "procurement.services"},
	{"政府采购工程", "procurement.works"},
	{"专项收入", "income:special_revenue"},
	{"行政事业性收费收入", "income:admin_fees"},
	{"国有资产资源有偿使用收入", "income:state_resources"},
	{"事业单位经营收入", "income:operating"},
	{"事业收入", "income:business"},
	{"其他收入", "income:other"},
	{"转移支付收入", "income:transfer"},
	{"政府性基金收入", "income:gov_fund"},
}

// normPhrases are phrases with their text normalized.
var normPhrases = func() []phrase {
	out := make([]phrase, len(phrases))
	for i, p := range phrases {
		out[i] = phrase{Norm(p.text), p.ref}
	}
	return out
}()

var (
	increaseWords = []string{"增加", "增长", "上升", "提高"}
	decreaseWords = []string{"减少", "下降", "降低"}
)

// figures extracts the stated figures of each paragraph and ties each to
// the measure it is about where the wording tells.
func (r *recognizer) figures(s *yusuan.Section) {
	for pi, p := range s.Paragraphs {
		st := &figState{gp: strings.Contains(p, "一般公共预算基本支出")}
		for _, sent := range sentences(p) {
			r.sentenceFigures(s, pi, sent, st)
		}
	}
}

// figState carries what a paragraph has said so far: the whole its
// shares are of, and the measure of the last figure.
type figState struct {
	firstAmountRef, lastRef string
	gp                      bool
}

func sentences(p string) []string {
	var out []string
	start := 0
	for i, r := range p {
		if r == '。' || r == '；' || r == ';' {
			out = append(out, p[start:i+utf8.RuneLen(r)])
			start = i + utf8.RuneLen(r)
		}
	}
	if start < len(p) {
		out = append(out, p[start:])
	}
	return out
}

func (r *recognizer) sentenceFigures(s *yusuan.Section, pi int, sent string, st *figState) {
	ms := figureRe.FindAllStringSubmatchIndex(sent, -1)
	firstAmountRef, lastRef, gp := st.firstAmountRef, st.lastRef, st.gp
	defer func() { st.firstAmountRef, st.lastRef = firstAmountRef, lastRef }()
	for _, m := range ms {
		before := sent[:m[0]]
		clause := lastClause(before)
		if m[6] >= 0 { // 数量 N 台: the number and its measure, as the other groups
			m = []int{m[6], m[9], m[6], m[7], m[8], m[9]}
		}
		f := yusuan.Figure{Paragraph: pi, Text: strings.TrimSpace(sent[m[0]:m[1]])}
		if m[2] < 0 { // 持平
			f.Kind, f.Direction, f.Printed, f.Unit = yusuan.FigureChange, "flat", "0", "万元"
			f.Ref = r.refOf(clause)
			if f.Ref == "" {
				f.Ref = lastRef
			}
			s.Figures = append(s.Figures, f)
			continue
		}
		num := strings.ReplaceAll(sent[m[2]:m[3]], "，", ",")
		unit := sent[m[4]:m[5]]
		if unit == "％" {
			unit = "%"
		}
		f.Printed, f.Unit = num, unit
		if i := strings.IndexByte(num, '.'); i >= 0 {
			f.Decimals = len(num) - i - 1
		}
		near := tail(clause, 4)
		dir := ""
		for _, w := range increaseWords {
			if strings.Contains(near, w) {
				dir = "increase"
			}
		}
		for _, w := range decreaseWords {
			if strings.Contains(near, w) {
				dir = "decrease"
			}
		}
		ref := r.refOf(clause)
		if gp && (ref == "personnel" || ref == "public_funds") {
			ref = "gp_" + ref
		}
		switch unit {
		case "%":
			if dir != "" || (strings.Contains(clause, "比") && !strings.Contains(clause, "占")) {
				f.Kind, f.Direction = yusuan.FigureGrowth, dir
			} else {
				f.Kind = yusuan.FigureShare
				if firstAmountRef != "" && firstAmountRef != lastRef {
					f.Base = firstAmountRef
				}
			}
			if ref == "" {
				ref = lastRef
			}
		case "万元", "元", "亿元":
			if dir != "" {
				f.Kind, f.Direction = yusuan.FigureChange, dir
				if ref == "" {
					ref = lastRef
				}
			} else {
				f.Kind = yusuan.FigureAmount
				if firstAmountRef == "" {
					firstAmountRef = ref
				}
			}
		default:
			f.Kind = yusuan.FigureCount
			ref = ""
		}
		f.Ref = ref
		if ref != "" {
			lastRef = ref
		}
		s.Figures = append(s.Figures, f)
	}
}

// lastClause is the text since the last clause boundary.
func lastClause(s string) string {
	i := strings.LastIndexAny(s, "，,；;。：:、（(")
	// Keep a qualified function name "行政运行（政府办公厅（室）…" whole.
	if i >= 0 && (s[i] == '(' || strings.HasPrefix(s[i:], "（")) {
		j := strings.LastIndexAny(s[:i], "，,；;。：:、")
		i = j
	}
	if i < 0 {
		return s
	}
	_, w := utf8.DecodeRuneInString(s[i:])
	return s[i+w:]
}

func tail(s string, n int) string {
	rs := []rune(s)
	if len(rs) > n {
		rs = rs[len(rs)-n:]
	}
	return string(rs)
}

// refOf names the measure a clause talks about: a function of the
// classification ("function:2010301"), or the named measure closest to
// the figure.
func (r *recognizer) refOf(clause string) string {
	n := Norm(clause)
	if code := r.functionRef(n); code != "" {
		return "function:" + code
	}
	best, bestEnd, bestLen := "", -1, 0
	for _, p := range normPhrases {
		i := strings.LastIndex(n, p.text)
		if i < 0 {
			continue
		}
		end := i + len(p.text)
		if end > bestEnd || (end == bestEnd && len(p.text) > bestLen) {
			best, bestEnd, bestLen = p.ref, end, len(p.text)
		}
	}
	return best
}

var pathSepRe = regexp.MustCompile(`\((类|款|项)\)|-`)

// functionRef resolves a function named in a clause: a quoted path
// ("一般公共服务支出-政府办公厅（室）及相关机构事务-行政运行" or with （类）（款）
// （项） marks), or a 项 name qualified by its 款 ("行政运行（政府办公厅（室）
// 及相关机构事务支出").
func (r *recognizer) functionRef(n string) string {
	if r.cat == nil || r.cat.Functional == nil {
		return ""
	}
	if i := strings.IndexByte(n, '"'); i >= 0 {
		if j := strings.IndexByte(n[i+1:], '"'); j >= 0 {
			var names []string
			for _, p := range pathSepRe.Split(n[i+1:i+1+j], -1) {
				if p != "" {
					names = append(names, p)
				}
			}
			if code := r.resolvePath(names); code != "" {
				return code
			}
		}
	}
	n = strings.TrimSuffix(n, "支出")
	if i := strings.IndexByte(n, '('); i > 0 {
		item, parent := n[:i], strings.TrimSuffix(n[i+1:], ")")
		// The clause may start with words before the name (包括…).
		for k := 0; k < len(item); {
			if code := r.resolvePath([]string{parent, item[k:]}); code != "" {
				return code
			}
			_, w := utf8.DecodeRuneInString(item[k:])
			k += w
		}
	}
	if code, ok := r.funcNames[n]; ok && len(n) >= 6 {
		return code
	}
	if code, ok := r.funcNames[n+"支出"]; ok && len(n) >= 6 {
		return code
	}
	return ""
}

// resolvePath finds the code whose names, from the outermost level given,
// are names.
func (r *recognizer) resolvePath(names []string) string {
	if len(names) == 0 {
		return ""
	}
	last := names[len(names)-1]
	var found []string
	for _, code := range r.byName[last] {
		ok := true
		parent := code
		for k := len(names) - 2; k >= 0 && ok; k-- {
			switch len(parent) {
			case 7:
				parent = parent[:5]
			case 5:
				parent = parent[:3]
			default:
				ok = false
				continue
			}
			pn := r.nameOf[parent]
			ok = pn == names[k] || strings.TrimSuffix(pn, "支出") == strings.TrimSuffix(names[k], "支出")
		}
		if ok {
			found = append(found, code)
		}
	}
	if len(found) == 0 {
		return ""
	}
	sort.Slice(found, func(i, j int) bool { return len(found[i]) > len(found[j]) })
	return found[0]
}

var _ = layout.KindText
