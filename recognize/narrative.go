package recognize

import (
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/yusuan/yusuan"
	"github.com/yusuan/yusuan/internal/lazyre"
	"github.com/yusuan/yusuan/layout"
)

// The narrative reader works on the lines the table reader left (used
// marks table lines). It drops what is not prose — page furniture, the
// table of contents, table lines the table reader did not claim, parts
// that are table sets — then splits the rest into sections at headings
// and joins lines into paragraphs. Headings are recognised by how every
// family numbers them (第X部分, 一、, （一）, 文字部分/表格部分, 附件1), by
// the profile's section titles, and by a larger font where the source has
// one.

var (
	// partRe is a part heading: 第一部分, 第二部分：…, 一、文字部分, 附件1 ….
	partRe        = lazyre.New(`^(第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+、(文字|表格)部分|附件\d*)`)
	level1Re      = lazyre.New(`^[一二三四五六七八九十]+、`)
	level2Re      = lazyre.New(`^[(][一二三四五六七八九十]+[)]`)
	tocRe         = lazyre.New(`^目录$`)
	leaderRe      = lazyre.New(`(\.{4,}|…{2,}|·{4,}|-{6,}|_{6,})`)
	tocTailRe     = lazyre.New(`(\.{2,}|…+|·{2,}|-{2,}|_{2,})*\d*$`)
	pageNumRe     = lazyre.New(`^(-\s*\d{1,4}\s*-|第\d{1,4}页(共\d{1,4}页)?|\d{1,4}(/\d{1,4})?|[(]?\d{1,4}[)]?|共\d{1,4}页第\d{1,4}页)$`)
	dashNumRe     = lazyre.New(`^[-~]\d{1,4}[-~]$`)
	captionRe     = lazyre.New(`^图\d+`)
	titleEndRe    = lazyre.New(`(说明|情况|概况|解释|表|部分|职责|职能|设置|构成|目标|事项)$`)
	tableNoRe     = lazyre.New(`^((公开|预算|决算)?\d{1,2}表|表[一二三四五六七八九十\d]+(-\d+)?|附表\d*(-\d+)?)$`)
	digitsRe      = lazyre.New(`\d+`)
	tocNumberedRe = lazyre.New(`^\d+[.、]`)
	noteLineRe    = lazyre.New(`^(注|备注|说明)\d*[:：].*(本表|此表|空表)`)
)

// nline is a narrative line after filtering.
type nline struct {
	text    string // as printed, cells joined
	n       string // normalized (Norm)
	pos     yusuan.Position
	heading bool // set in a larger font
	indent  bool // starts right of the text margin: a paragraph's first line
	short   bool // ends left of the right margin: a paragraph's last line
	pdf     bool
}

// narrative splits the lines outside tables into sections of paragraphs
// and extracts the figures each paragraph states.
func (r *recognizer) narrative(used []bool) {
	doc := r.doc
	lines := r.narrativeLines(used)
	specs := map[string]*yusuan.SectionSpec{}
	for i := range r.p.Narrative {
		s := &r.p.Narrative[i]
		specs[sectionKey(s.Title)] = s
	}
	var cur *yusuan.Section
	part, partFromHeading := 0, false
	var para strings.Builder
	var prev *nline
	var sections []yusuan.Section
	flush := func() {
		if para.Len() > 0 && cur != nil {
			cur.Paragraphs = append(cur.Paragraphs, para.String())
		}
		para.Reset()
	}
	startSection := func(title string, pos yusuan.Position, sp *yusuan.SectionSpec) {
		flush()
		if cur != nil {
			sections = append(sections, *cur)
		}
		p := pos
		cur = &yusuan.Section{Part: part, Title: title, Source: &p, Paragraphs: []string{}}
		if sp != nil {
			cur.Key = sp.Key
			if !partFromHeading && sp.Part > 0 {
				part = sp.Part
				cur.Part = sp.Part
			}
		} else {
			cur.Key = topicKey(title)
		}
	}
	inTables := false // inside a part that is a table set
	tableBlock := 0   // the number of the heading that opened it (四、…预算表)
	for i := 0; i < len(lines); i++ {
		l := &lines[i]
		n := l.n
		if isPartHeading(n) {
			flush()
			title := l.text
			rest := strings.TrimSpace(strings.TrimLeft(partRe.ReplaceAllString(n, ""), ":："))
			// A part number alone: its title is on the next line(s).
			for k := 0; (rest == "" || !titleEndRe.MatchString(rest) && runeLen(rest) < 12) && k < 2 && i+1 < len(lines); k++ {
				nx := &lines[i+1]
				if !isTitleLike(nx.n) || isPartHeading(nx.n) || level1Re.MatchString(nx.n) || level2Re.MatchString(nx.n) {
					break
				}
				title += " " + nx.text
				rest = nx.n
				i++
				// A title wrapped over two lines: 国家信访局2024年度部门决 / 算情况说明.
				if i+1 < len(lines) && runeLen(lines[i+1].n) <= 8 && isTitleLike(lines[i+1].n) && !isPartHeading(lines[i+1].n) &&
					!level1Re.MatchString(lines[i+1].n) && !level2Re.MatchString(lines[i+1].n) && !titleEndRe.MatchString(nx.n) {
					title += lines[i+1].text
					rest += lines[i+1].n
					i++
				}
			}
			part, partFromHeading = partKind(n, rest), true
			title = strings.TrimSpace(title)
			if !contains(doc.Parts, title) {
				doc.Parts = append(doc.Parts, title)
			}
			inTables = part == 4
			// The part's own title opens a section (名词解释, 附表).
			sp := specs[sectionKey(rest)]
			startSection(rest, l.pos, sp)
			if sp == nil && inTables {
				cur.Key = "appendix"
			}
			prev = nil
			continue
		}
		if inTables {
			// A table set opened by a numbered heading (四、2026年部门预算表)
			// ends at the next heading of the narrative.
			if tableBlock > 0 && level1Re.MatchString(n) && isTitleLike(n) &&
				(cnNumber(n) > tableBlock || titleEndRe.MatchString(n) && !strings.HasSuffix(n, "表")) {
				inTables, tableBlock = false, 0
			} else {
				continue
			}
		}
		if level1Re.MatchString(n) && isTitleLike(n) && strings.HasSuffix(n, "表") && runeLen(n) <= 30 {
			// 四、2026年部门预算表: the table set, not prose.
			flush()
			inTables, tableBlock = true, cnNumber(n)
			startSection(l.text, l.pos, nil)
			cur.Key, cur.Part = "appendix", 4
			prev = nil
			continue
		}
		sp := specs[sectionKey(l.text)]
		isTitle := sp != nil && runeLen(n) <= 40 && !hasSentencePunct(l.text)
		if !isTitle && l.heading && strings.HasSuffix(n, "表") && isTitleLike(n) && !level1Re.MatchString(n) && !level2Re.MatchString(n) {
			continue // the title of a table the table reader left
		}
		// A line wrapped on to the next one is the start of a paragraph,
		// unless what follows is the rest of a title (…“三公”经 / 费预算情况说明).
		wrapped, titleRest := false, false
		if l.pdf && !l.short && i+1 < len(lines) {
			nx := &lines[i+1]
			// A line set larger than the next is a heading whatever its
			// length; the same size tells nothing (a page of prose among
			// small tables is all 'headings').
			if !nx.indent && !startsItem(nx.n) && !isPartHeading(nx.n) && nx.pos.Page == l.pos.Page && !(l.heading && !nx.heading) {
				wrapped = true
				titleRest = isTitleLike(nx.n) && runeLen(nx.n) <= 12 && titleEndRe.MatchString(nx.n)
			}
		}
		paraOpen := para.Len() > 0 && !endsParagraph(para.String())
		if !isTitle && isTitleLike(n) && (!wrapped || titleRest) &&
			(level1Re.MatchString(n) || level2Re.MatchString(n) && len(specs) == 0 || l.heading && !paraOpen && !level2Re.MatchString(n)) {
			isTitle = true
			sp = r.fuzzySection(l.text)
		}
		if isTitle {
			title := l.text
			if titleRest {
				title += lines[i+1].text
				i++
			}
			startSection(strings.TrimSpace(title), l.pos, sp)
			prev = nil
			continue
		}
		if cur == nil {
			startSection("", l.pos, nil)
		}
		if para.Len() > 0 && breaksBefore(prev, l, para.String()) {
			flush()
		}
		para.WriteString(l.text)
		prev = l
	}
	flush()
	if cur != nil {
		sections = append(sections, *cur)
	}
	for _, s := range sections {
		if len(s.Paragraphs) == 0 && s.Key == "" {
			continue
		}
		if s.Part == 0 && !partFromHeading {
			// No part headings: the part follows from what the section is.
			switch s.Key {
			case "duties", "units":
				s.Part = 1
			case "glossary":
				s.Part = 3
			case "appendix":
				s.Part = 4
			default:
				s.Part = 2
			}
		}
		r.figures(&s)
		doc.Narrative = append(doc.Narrative, s)
	}
}

// breaksBefore reports whether line l starts a new paragraph after prev
// (the last line of the paragraph so far, whose text is para). A numbered
// item always does. In a PDF a paragraph ends at a line ending a sentence
// that is short or followed by an indented line; elsewhere (text sources,
// where a line is a paragraph or a broken piece of one) at any line
// ending a sentence.
func breaksBefore(prev, l *nline, para string) bool {
	if startsItem(l.n) {
		return true
	}
	if !endsParagraph(para) {
		return false
	}
	if prev == nil || !l.pdf {
		return true
	}
	return l.indent || prev.short
}

// isPartHeading reports a part heading line (第一部分 …, 一、文字部分, 附件1 …).
func isPartHeading(n string) bool {
	if !partRe.MatchString(n) || runeLen(n) > 40 {
		return false
	}
	rest := partRe.ReplaceAllString(n, "")
	return !strings.ContainsAny(rest, "。，,；;")
}

// isTitleLike reports a line that can be a heading: short, without
// sentence punctuation or a stated amount.
func isTitleLike(n string) bool {
	if n == "" || runeLen(n) > 40 || hasSentencePunct(n) {
		return false
	}
	// A title does not end in the middle of a sentence (…预算数为 / 112.61万元).
	if last, _ := utf8.DecodeLastRuneInString(n); strings.ContainsRune(":：、为是的和及与或在对由从将比较", last) {
		return false
	}
	return !figureRe.MatchString(n)
}

// partKind is the part's place in the disclosure (1 部门基本情况, 2 公开情况
// 说明, 3 名词解释, 4 附表/报表), told by its title whatever its number.
func partKind(n, title string) int {
	t := n + title
	switch {
	case strings.Contains(t, "名词解释"):
		return 3
	case strings.Contains(t, "表格部分"):
		return 4
	case strings.Contains(t, "文字部分"):
		return 2
	case strings.Contains(title, "说明"):
		return 2
	case strings.HasPrefix(n, "附件"):
		return 4
	case strings.HasSuffix(title, "表") || strings.Contains(title, "报表") || strings.Contains(title, "附表") || strings.HasPrefix(n, "附件") && strings.Contains(title, "表"):
		return 4
	case strings.Contains(title, "概况") || strings.Contains(title, "基本情况") || strings.Contains(title, "职责") || strings.Contains(title, "职能"):
		return 1
	}
	return 2
}

// topicKey names a section the profile does not declare by what its
// title is about, with the keys the profiles use.
func topicKey(title string) string {
	t := Norm(title)
	switch {
	case strings.Contains(t, "三公"):
		return "three_public"
	case strings.Contains(t, "机关运行经费"):
		return "operating_cost"
	case strings.Contains(t, "政府采购"):
		return "procurement"
	case strings.Contains(t, "国有资产") || strings.Contains(t, "资产占"):
		return "assets"
	case strings.Contains(t, "绩效"):
		return "performance"
	case strings.Contains(t, "名词解释"):
		return "glossary"
	case strings.Contains(t, "空表"):
		return "empty_tables"
	case strings.Contains(t, "职责") || strings.Contains(t, "职能"):
		return "duties"
	case strings.Contains(t, "机构设置") || strings.Contains(t, "单位构成") || strings.Contains(t, "机构编制"):
		return "units"
	case strings.Contains(t, "收支") || strings.Contains(t, "总体情况"):
		return "overview"
	case strings.Contains(t, "收入"):
		return "income"
	case strings.Contains(t, "支出"):
		return "expenditure"
	}
	return ""
}

// narrativeLines returns the lines of prose: not in a table (used), not
// page furniture, not the table of contents, not a table line the table
// reader left, not the cover.
func (r *recognizer) narrativeLines(used []bool) []nline {
	drop := make([]bool, len(r.lines))
	for i, l := range r.lines {
		if i < len(used) && used[i] || l.Empty() {
			drop[i] = true
		}
	}
	r.dropFurniture(drop)
	r.dropContents(drop)
	pdf := r.l != nil && r.l.Kind == layout.KindPDF
	left, right := r.margins(drop)
	var out []nline
	started := false
	for i, l := range r.lines {
		if drop[i] {
			continue
		}
		text := strings.TrimSpace(l.Text())
		n := Norm(text)
		if n == "" || leaderRe.MatchString(n) || tableLine(l) || isTableFurniture(n) {
			continue
		}
		nl := nline{text: text, n: n, pos: l.Pos, heading: l.Heading > 0, pdf: pdf}
		if pdf && len(l.NonEmpty()) > 0 {
			cells := l.NonEmpty()
			h := l.Y1 - l.Y0
			if h <= 0 {
				h = 10
			}
			if lm, ok := left[l.Pos.Page]; ok {
				nl.indent = cells[0].X0 > lm+0.8*h
			}
			if rm, ok := right[l.Pos.Page]; ok {
				nl.short = cells[len(cells)-1].X1 < rm-1.5*h
			}
		}
		// The cover (title, date) comes before the first heading and has
		// no sentences.
		if !started {
			if !(isPartHeading(n) || level1Re.MatchString(n) && isTitleLike(n) || hasSentencePunct(n) ||
				l.Heading > 0 && i > 0 && !pdf || r.sectionTitle(n) || r.fuzzySection(text) != nil && isTitleLike(n)) {
				continue
			}
			started = true
		}
		out = append(out, nl)
	}
	return out
}

// sectionTitle reports whether n is one of the profile's section titles.
func (r *recognizer) sectionTitle(n string) bool {
	k := sectionKey(n)
	for i := range r.p.Narrative {
		if sectionKey(r.p.Narrative[i].Title) == k {
			return true
		}
	}
	return false
}

// tableLine reports a line that is a row of a table: grid cells, or
// words separated by wide gaps (columns), or amounts only.
func tableLine(l *layout.Line) bool {
	cells := l.NonEmpty()
	if l.Grid {
		return len(cells) >= 2
	}
	if len(cells) == 0 {
		return false
	}
	h := l.Y1 - l.Y0
	if h <= 0 {
		return false
	}
	gaps := 0
	for i := 1; i < len(cells); i++ {
		if cells[i].X0-cells[i-1].X1 > 2.5*h {
			gaps++
		}
	}
	// Prose is set with word spaces; a wide gap separates columns, except
	// after a part number (第一部分   部门概况) or a figure's number (图2  …).
	if gaps >= 2 {
		return true
	}
	if gaps == 1 {
		n := Norm(l.Text())
		return !partRe.MatchString(n) && !captionRe.MatchString(n) && !tocRe.MatchString(n)
	}
	allNum := true
	for _, c := range cells {
		if !IsAmount(strings.TrimSpace(c.Text)) {
			allNum = false
		}
	}
	return allNum && len(cells) >= 2
}

// isTableFurniture reports unit lines, table numbers, figure captions and
// table notes, which belong to tables, not to the prose.
func isTableFurniture(n string) bool {
	if unitOf(n) != "" && runeLen(n) <= 60 && !strings.Contains(n, "。") {
		return true
	}
	return tableNoRe.MatchString(n) || captionRe.MatchString(n) && !hasSentencePunct(n) || noteLineRe.MatchString(n)
}

// dropFurniture drops page numbers and running headers and footers: the
// first or last line of a page that is a page number, or whose text
// (digits aside) opens or closes at least three pages.
func (r *recognizer) dropFurniture(drop []bool) {
	type edge struct{ first, last int }
	pages := map[int]*edge{}
	var order []int
	for i, l := range r.lines {
		if drop[i] {
			continue
		}
		n := Norm(l.Text())
		if dashNumRe.MatchString(n) {
			drop[i] = true
			continue
		}
		p := l.Pos.Page
		e, ok := pages[p]
		if !ok {
			e = &edge{i, i}
			pages[p] = e
			order = append(order, p)
		}
		e.last = i
	}
	if len(order) < 2 {
		return
	}
	count := map[string]int{}
	key := func(i int) string { return digitsRe.ReplaceAllString(Norm(r.lines[i].Text()), "#") }
	for _, p := range order {
		e := pages[p]
		count[key(e.first)]++
		if e.last != e.first {
			count[key(e.last)]++
		}
	}
	for _, p := range order {
		e := pages[p]
		for _, i := range []int{e.first, e.last} {
			n := Norm(r.lines[i].Text())
			if pageNumRe.MatchString(n) || count[key(i)] >= 3 && len(order) >= 3 && !hasSentencePunct(n) {
				drop[i] = true
			}
		}
	}
}

// dropContents drops a table of contents: from its 目录 line to where its
// first entry appears again (the body starts), or, when it never does,
// the entries that follow it.
func (r *recognizer) dropContents(drop []bool) {
	for i, l := range r.lines {
		if drop[i] {
			continue
		}
		n := Norm(l.Text())
		if n == "目" && i+1 < len(r.lines) && Norm(r.lines[i+1].Text()) == "录" {
			drop[i] = true // 目 / 录 set on two lines
			continue
		}
		if !tocRe.MatchString(n) && !(n == "录" && i > 0 && drop[i-1] && Norm(r.lines[i-1].Text()) == "目") {
			continue
		}
		drop[i] = true
		first, firstKey := -1, ""
		for j := i + 1; j < len(r.lines); j++ {
			if !drop[j] {
				first, firstKey = j, tocKey(r.lines[j].Text())
				break
			}
		}
		if first < 0 || firstKey == "" {
			return
		}
		end := -1
		for j := first + 1; j < len(r.lines) && j < first+400; j++ {
			if drop[j] {
				continue
			}
			t := r.lines[j].Text()
			if leaderRe.MatchString(Norm(t)) {
				continue
			}
			k := tocKey(t)
			if k == firstKey || isPartHeading(k) && strings.HasPrefix(firstKey, k) && k != "" {
				end = j
				break
			}
		}
		if end < 0 {
			// No second appearance: drop the entries (dot leaders, page
			// numbers, headings) up to the first sentence.
			for j := first; j < len(r.lines); j++ {
				if drop[j] {
					continue
				}
				n := Norm(r.lines[j].Text())
				entry := leaderRe.MatchString(n) || (isPartHeading(n) || level1Re.MatchString(n) || level2Re.MatchString(n) ||
					tocNumberedRe.MatchString(n)) && isTitleLike(tocKey(n))
				if !entry {
					break
				}
				drop[j] = true
				r.contentsEntry(r.lines[j])
			}
			return
		}
		for j := first; j < end; j++ {
			if !drop[j] {
				r.contentsEntry(r.lines[j])
			}
			drop[j] = true
		}
		return
	}
}

// tocPageRe is a contents entry's page number after its dot leader (or
// after a space).
var tocPageRe = lazyre.New(`(?:\.{2,}|…+|·{2,}|-{2,}|_{2,}|\s)\s*(\d{1,4})\s*$`)

// contentsEntry keeps a line of a table of contents in the document.
func (r *recognizer) contentsEntry(l *layout.Line) {
	if r.doc == nil {
		return
	}
	text := strings.TrimSpace(l.Text())
	title := tocKey(text)
	if title == "" || title == "目录" || title == "录" {
		return
	}
	e := yusuan.ContentsEntry{Title: title}
	ascii := strings.Map(func(c rune) rune {
		if c >= '０' && c <= '９' {
			return c - '０' + '0'
		}
		return c
	}, text)
	if m := tocPageRe.FindStringSubmatch(ascii); m != nil {
		e.Page, _ = strconv.Atoi(m[1])
	}
	pos := l.Pos
	e.Source = &pos
	r.doc.Contents = append(r.doc.Contents, e)
}

// tocKey is a contents entry without its dot leader and page number.
func tocKey(s string) string {
	n := Norm(s)
	n = tocTailRe.ReplaceAllString(n, "")
	return strings.TrimRight(n, ".…·-_ ")
}

// margins returns each page's left text margin (the most common start of
// a prose line) and right margin (the furthest end of most lines).
func (r *recognizer) margins(drop []bool) (left, right map[int]float64) {
	left, right = map[int]float64{}, map[int]float64{}
	if r.l == nil || r.l.Kind != layout.KindPDF {
		return
	}
	starts := map[int][]float64{}
	ends := map[int][]float64{}
	for i, l := range r.lines {
		if drop[i] || tableLine(l) {
			continue
		}
		cells := l.NonEmpty()
		if len(cells) == 0 || runeLen(l.Text()) < 8 {
			continue
		}
		p := l.Pos.Page
		starts[p] = append(starts[p], cells[0].X0)
		ends[p] = append(ends[p], cells[len(cells)-1].X1)
	}
	// Pages with few lines take the document's margins.
	var all, allEnd []float64
	for p := range starts {
		all = append(all, starts[p]...)
		allEnd = append(allEnd, ends[p]...)
	}
	docLeft, docRight := mode(all), quantile(allEnd, 0.9)
	for p := range starts {
		switch {
		case len(starts[p]) >= 10:
			left[p], right[p] = mode(starts[p]), quantile(ends[p], 0.9)
		case len(starts[p]) >= 5:
			left[p], right[p] = mode(starts[p]), quantile(ends[p], 1)
		default:
			left[p], right[p] = docLeft, docRight
		}
	}
	return
}

// mode is the most common value, to the point, preferring the smaller.
func mode(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	c := map[int]int{}
	for _, x := range xs {
		c[int(x+0.5)]++
	}
	best, bc := 0, -1
	for k, v := range c {
		if v > bc || v == bc && k < best {
			best, bc = k, v
		}
	}
	// The first line of a paragraph is indented; the rest start at the
	// margin, which is the left-most common start.
	return float64(best)
}

func quantile(xs []float64, q float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := append([]float64(nil), xs...)
	sort.Float64s(s)
	return s[int(q*float64(len(s)-1))]
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

// cnNumber is the number of a 一、 heading (十二、 → 12).
func cnNumber(n string) int {
	v, cur := 0, 0
	for _, r := range n {
		d, ok := cnNum[r]
		if !ok {
			break
		}
		if d == 10 {
			if cur == 0 {
				cur = 1
			}
			v += cur * 10
			cur = 0
		} else {
			cur = d
		}
	}
	return v + cur
}

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

var itemRe = lazyre.New(`^([(][0-9一二三四五六七八九十]+[)]|[0-9]+[.、．](\D|$)|[一二三四五六七八九十]+、)`)

func startsItem(n string) bool { return itemRe.MatchString(n) }
