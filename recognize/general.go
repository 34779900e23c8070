package recognize

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/yusuan/yusuan"
	"github.com/yusuan/yusuan/internal/lazyre"
	"github.com/yusuan/yusuan/layout"
	"github.com/yusuan/yusuan/profile"
)

// RecognizeGeneral reads a disclosure of any region with the general
// reading profile: a table is found by its title and unit line, its kind
// by its title words (and header words), its columns from the printed
// header over the columns its amounts form, and its rows from codes and
// names. A table no rule names is kept as kind other with columns c1…;
// nothing printed in a table is dropped without a warning.
func RecognizeGeneral(l *layout.Layout, g *profile.Reading, cat *yusuan.Catalog) (*Result, error) {
	p := &yusuan.Profile{ID: profile.GeneralID}
	r := &recognizer{l: l, p: p, cat: cat}
	for pi := range l.Pages {
		for li := range l.Pages[pi].Lines {
			r.lines = append(r.lines, &l.Pages[pi].Lines[li])
		}
	}
	r.indexCatalog()
	doc := &yusuan.Document{
		Schema:    yusuan.DocumentSchema,
		Profile:   p.ID,
		Origin:    l.File,
		Tables:    []yusuan.Table{},
		Narrative: []yusuan.Section{},
	}
	r.doc = doc
	if res, ok := r.own(); ok {
		return res, nil
	}
	gr := &generalReader{r: r, g: g}
	gr.furniture()
	starts := gr.findTitles()
	if len(starts) == 0 {
		return nil, &NoTablesError{File: l.File, Profile: p.ID}
	}
	used := make([]bool, len(r.lines))
	for i := range used {
		used[i] = gr.furn[i]
	}
	var tstarts []tableStart
	for i := 0; i < len(starts); i++ {
		st := starts[i]
		// A table continued under its repeated title is read as one region.
		k := i + 1
		for k < len(starts) && starts[k].cont {
			k++
		}
		end := len(r.lines)
		if k < len(starts) {
			end = starts[k].first
		}
		end = gr.regionEnd(st, end)
		for j := st.first; j < end; j++ {
			used[j] = true
		}
		doc.Tables = append(doc.Tables, gr.table(st, end))
		doc.Tables = append(doc.Tables, gr.more...)
		gr.more = nil
		tstarts = append(tstarts, tableStart{line: st.line, title: st.title, spec: &yusuan.TableSpec{}})
		i = k - 1
	}
	r.unplaced(used)
	r.meta(tstarts)
	gr.cover()
	gr.docKind()
	r.narrative(used)
	return &Result{Doc: doc, Warnings: r.warn}, nil
}

type generalReader struct {
	r    *recognizer
	g    *profile.Reading
	furn []bool // page furniture (page numbers)
	// more are the forms after the first of a region that held several
	// (recognize/form_general.go), to be placed after the table just read.
	more []yusuan.Table
}

// gStart is a table title found by the general reader.
type gStart struct {
	first, line int // first title line (a wrapped title starts above), last title line
	title       string
	key         string // normalized title without numbering and year
	number      int
	kind        yusuan.TableKind
	cont        bool // continues the table before (same title, same header)
}

var (
	furnitureRe = lazyre.New(`^(?:[-—–－\s]*\d{1,4}[-—–－\s]*|第\s*\d+\s*页(?:[，,、\s]*共\s*\d+\s*页)?|-\s*\d+\s*-)$`)
	// Numbering printed before a title: 表1, 附表1, 预算01表, 公开01表,
	// 部门公开表1, 表一, (一), 一、, 1、, 1.
	titleNumRe = lazyre.New(`^(?:(?:部门公开表|公开表|附表|表)([0-9]{1,2}|[一二三四五六七八九十]{1,3})(?:-\d+)?[:：.、]?|(?:预算|公开|部门|单位|决算)?([0-9]{1,2})表|[(]([一二三四五六七八九十]{1,3})[)]|([一二三四五六七八九十]{1,3})、|([0-9]{1,2})[、.])`)
	// A qualifier after the title: 表（按功能分类科目）, 表(功能科目).
	titleQualifier = lazyre.New(`表[(][^()]{1,20}[)]$`)
	contRe         = lazyre.New(`[(]?续表?[)]?$`)
	dotLeader      = lazyre.New(`(\.{3,}|…|·{3,}|…+|-{4,}|_{4,})`)
	tocNumEnd      = lazyre.New(`(\.{2,}|…|·{2,})\s*\d+\s*$`)
	unitAnyRe      = lazyre.New(`单位\s*[:：]?\s*(万元|元)`)
)

// furniture marks page numbers printed at the top or bottom of a page.
func (gr *generalReader) furniture() {
	r := gr.r
	gr.furn = make([]bool, len(r.lines))
	i := 0
	for i < len(r.lines) {
		page := r.lines[i].Pos
		j := i
		for j < len(r.lines) && r.lines[j].Pos.Page == page.Page && r.lines[j].Pos.File == page.File {
			j++
		}
		// first and last non-empty lines of the page
		var ne []int
		for k := i; k < j; k++ {
			if !r.lines[k].Empty() {
				ne = append(ne, k)
			}
		}
		for n, k := range ne {
			if n > 1 && n < len(ne)-2 {
				continue
			}
			if furnitureRe.MatchString(strings.TrimSpace(r.lines[k].Text())) {
				gr.furn[k] = true
			}
		}
		i = j
	}
	// Running heads and feet: the same first or last line on three pages
	// or more.
	count := map[string]int{}
	var firsts []int
	for k := range r.lines {
		if r.lines[k].Empty() || gr.furn[k] {
			continue
		}
		if k == 0 || r.lines[k].Pos.Page != r.lines[gr.prevAny(k)].Pos.Page || gr.prevAny(k) == k {
			t := Norm(r.lines[k].Text())
			if !IsAmount(t) && runeLen(t) < 60 && !titleText(t) {
				count[t]++
				firsts = append(firsts, k)
			}
		}
	}
	for _, k := range firsts {
		if count[Norm(r.lines[k].Text())] >= 3 {
			gr.furn[k] = true
		}
	}
}

// prevAny is the non-empty line before k, or k itself when there is none.
func (gr *generalReader) prevAny(k int) int {
	for j := k - 1; j >= 0; j-- {
		if !gr.r.lines[j].Empty() {
			return j
		}
	}
	return k
}

func chineseNumber(s string) int {
	if n, err := strconv.Atoi(s); err == nil {
		return n
	}
	digits := map[rune]int{'一': 1, '二': 2, '三': 3, '四': 4, '五': 5, '六': 6, '七': 7, '八': 8, '九': 9}
	n, cur := 0, 0
	for _, c := range s {
		if c == '十' {
			if cur == 0 {
				cur = 1
			}
			n += cur * 10
			cur = 0
			continue
		}
		cur = digits[c]
	}
	return n + cur
}

// splitTitle takes a title's numbering and year off: "预算01表 收支总表"
// is number 1 and key 收支总表.
func splitTitle(text string) (key string, number int) {
	n := Norm(text)
	for k := 0; k < 2; k++ {
		n = StripYear(n)
		if m := titleNumRe.FindStringSubmatch(n); m != nil && len(m[0]) < len(n) {
			for _, g := range m[1:] {
				if g != "" {
					number = chineseNumber(g)
				}
			}
			n = n[len(m[0]):]
		}
	}
	return n, number
}

// numberOnly reports a line that is only a table number (部门公开表 1,
// 公开 01 表, 表二), printed above its title.
func numberOnly(text string) (int, bool) {
	n := StripYear(Norm(text))
	m := titleNumRe.FindStringSubmatch(n)
	if m == nil || len(m[0]) != len(n) {
		return 0, false
	}
	for _, g := range m[1:] {
		if g != "" {
			return chineseNumber(g), true
		}
	}
	return 0, false
}

// isTOCLine reports a line of a table of contents: dot leaders, or a
// title followed by a page number.
func isTOCLine(text string) bool {
	return dotLeader.MatchString(text) || tocNumEnd.MatchString(text)
}

// titleText reports whether text reads as a table title.
func titleText(text string) bool {
	if !strings.Contains(text, "表") {
		return false // most lines: no regular expression needed
	}
	if text == "" || runeLen(text) > 70 || hasSentencePunct(text) || isTOCLine(text) {
		return false
	}
	if _, only := numberOnly(text); only {
		return false
	}
	key, _ := splitTitle(text)
	key = contRe.ReplaceAllString(key, "")
	key = titleQualifier.ReplaceAllString(key, "表")
	if !strings.HasSuffix(key, "表") || runeLen(key) < 3 {
		return false
	}
	// a column header or a row, not a title
	for _, w := range []string{"单位:", "单位：", "金额单位"} {
		if strings.Contains(key, w) {
			return false
		}
	}
	return true
}

// unitLine returns the unit a short line states (单位：万元, 金额单位：元,
// 部门名称：X 单位：万元), or "".
func unitLine(l *layout.Line) string {
	if len(l.NonEmpty()) > 4 {
		return ""
	}
	t := Norm(l.Text())
	if runeLen(t) > 60 {
		return ""
	}
	// The unit printed bare at the end of the line that names the
	// department (341-湖州市财政局 … 万元).
	if cs := l.NonEmpty(); len(cs) == 2 {
		if u := Norm(cs[1].Text); (u == "万元" || u == "元") && !isValue(cs[0].Text) {
			return u
		}
	}
	return unitOf(t)
}

// findTitles finds every table title: a title-like line followed by a
// unit line or by header and data lines; a contents page, a list of
// tables or a sentence naming a table is not one.
func (gr *generalReader) findTitles() []gStart {
	r := gr.r
	var starts []gStart
	n := len(r.lines)
	next := func(i, k int) []int { // the next k non-empty, non-furniture lines after i
		var out []int
		for j := i + 1; j < n && len(out) < k; j++ {
			if !r.lines[j].Empty() && !gr.furn[j] {
				out = append(out, j)
			}
		}
		return out
	}
	for i := 0; i < n; i++ {
		l := r.lines[i]
		if l.Empty() || gr.furn[i] {
			continue
		}
		text := strings.TrimSpace(l.Text())
		if !titleText(text) {
			continue
		}
		// What follows: a unit line, or a header (several cells).
		ok := false
		for _, j := range next(i, 4) {
			lj := r.lines[j]
			if lj.Pos.Page != l.Pos.Page {
				break
			}
			tj := lj.Text()
			if unitLine(lj) != "" || strings.Contains(Norm(tj), "单位:") && unitAnyRe.MatchString(Norm(tj)) {
				ok = true
				break
			}
			if titleText(strings.TrimSpace(tj)) || isTOCLine(tj) {
				break
			}
			if _, num := numberOnly(tj); num {
				continue
			}
			if len(lj.NonEmpty()) >= 2 && !hasSentencePunct(tj) {
				ok = true
				break
			}
		}
		if !ok {
			continue
		}
		// An entry of a list of tables: the line above or below names a
		// table too, and no unit line follows.
		prevT := false
		if k := gr.prevLine(i); k >= 0 {
			prevT = hasTitleCell(r.lines[k])
		}
		nextT := false
		if nx := next(i, 1); len(nx) > 0 && r.lines[nx[0]].Pos.Page == l.Pos.Page {
			nextT = hasTitleCell(r.lines[nx[0]])
		}
		if prevT && nextT || (prevT || nextT) && startsListNumber(text) {
			unit := false
			for _, j := range next(i, 2) {
				unit = unit || unitLine(r.lines[j]) != ""
			}
			if !unit {
				continue
			}
		}
		key, number := splitTitle(text)
		if number == 0 {
			for _, j := range next(i, 2) {
				if num, only := numberOnly(r.lines[j].Text()); only {
					number = num
				}
			}
		}
		first := i
		// A number printed alone on the line above (部门公开表 1).
		for k := i - 1; k >= 0 && k >= i-3; k-- {
			if r.lines[k].Empty() || gr.furn[k] {
				continue
			}
			if num, only := numberOnly(r.lines[k].Text()); only {
				if number == 0 {
					number = num
				}
				first = k
			}
			break
		}
		// A title wrapped over two lines: the line above is a short
		// fragment set the same way, with no amounts and no sentence.
		if first == i && i > 0 {
			k := i - 1
			for k >= 0 && r.lines[k].Empty() {
				k--
			}
			if k >= 0 && !gr.furn[k] {
				prev := r.lines[k]
				pt := strings.TrimSpace(prev.Text())
				if prev.Pos.Page == l.Pos.Page && len(prev.NonEmpty()) <= 3 && !hasSentencePunct(pt) &&
					!gr.isDataLine(prev) && runeLen(pt) <= 40 && !strings.HasSuffix(Norm(pt), "表") &&
					prev.Heading == l.Heading && l.Heading > 0 && (l.Y0-prev.Y1) < 2*(l.Y1-l.Y0) && !partRe.MatchString(Norm(pt)) {
					key2, num2 := splitTitle(pt + text)
					key, first = key2, k
					text = pt + text
					if number == 0 {
						number = num2
					}
				}
			}
		}
		key = contRe.ReplaceAllString(key, "")
		starts = append(starts, gStart{first: first, line: i, title: cleanGeneralTitle(text), key: key, number: number})
	}
	// A heading naming a table right above its real title is not one.
	kept0 := starts[:0]
	for si, st := range starts {
		if si+1 < len(starts) {
			empty := true
			for j := st.line + 1; j < starts[si+1].first; j++ {
				if !r.lines[j].Empty() && !gr.furn[j] {
					empty = false
					break
				}
			}
			if empty {
				continue
			}
		}
		kept0 = append(kept0, st)
	}
	starts = kept0
	// A list of tables (报表目录, with 是否空表) under a heading is not a table.
	kept := starts[:0]
	for si, st := range starts {
		end := len(r.lines)
		if si+1 < len(starts) {
			end = starts[si+1].first
		}
		titles, lines := 0, 0
		for j := st.line + 1; j < end && lines < 30; j++ {
			if r.lines[j].Empty() || gr.furn[j] {
				continue
			}
			lines++
			if hasTitleCell(r.lines[j]) {
				titles++
			}
		}
		if titles >= 3 && 2*titles >= lines {
			continue
		}
		kept = append(kept, st)
	}
	starts = kept
	// Continuations: the same title again (a table printed over pages that
	// repeat its title), unless the header printed under it differs.
	for i := range starts {
		starts[i].kind = gr.kindOf(starts[i].key, gr.headerText(starts[i]))
		if i == 0 {
			continue
		}
		prev := &starts[i-1]
		if starts[i].key == prev.key && starts[i].number == prev.number {
			h0, h1 := gr.headerText(*prev), gr.headerText(starts[i])
			if h1 == "" || h0 == h1 || starts[i].kind == prev.kind {
				starts[i].cont = true
			}
		}
	}
	// Number the tables printed without one, in order.
	num := 0
	for i := range starts {
		switch {
		case starts[i].cont:
			starts[i].number = starts[i-1].number
		case starts[i].number > 0:
			num = starts[i].number
		default:
			num++
			starts[i].number = num
		}
	}
	return starts
}

// hasTitleCell reports a line with a cell that reads as a table title
// (an entry of a contents page or a list of tables).
func hasTitleCell(l *layout.Line) bool {
	if titleText(strings.TrimSpace(l.Text())) {
		return true
	}
	for _, c := range l.NonEmpty() {
		if titleText(strings.TrimSpace(c.Text)) {
			return true
		}
	}
	return false
}

// prevLine is the non-empty line before i on the same page, or -1.
func (gr *generalReader) prevLine(i int) int {
	r := gr.r
	for k := i - 1; k >= 0; k-- {
		if r.lines[k].Pos.Page != r.lines[i].Pos.Page || r.lines[k].Pos.File != r.lines[i].Pos.File {
			return -1
		}
		if !r.lines[k].Empty() && !gr.furn[k] {
			return k
		}
	}
	return -1
}

func cleanGeneralTitle(s string) string {
	s = strings.TrimSpace(s)
	n := Norm(s)
	if m := titleNumRe.FindString(StripYear(n)); m != "" && !strings.HasPrefix(n, "20") {
		// Keep the printed title, without its numbering.
		t := []rune(s)
		count := 0
		for i, c := range t {
			if c == ' ' || c == '\u3000' {
				continue
			}
			count++
			if count == len([]rune(m)) {
				return strings.TrimSpace(string(t[i+1:]))
			}
		}
	}
	return s
}

// headerText is the normalized text of the lines between a title and
// its first data line, without unit and meta lines.
func (gr *generalReader) headerText(st gStart) string {
	r := gr.r
	var b strings.Builder
	for j, seen := st.line+1, 0; j < len(r.lines) && seen < 10; j++ {
		l := r.lines[j]
		if l.Empty() || gr.furn[j] {
			continue
		}
		seen++
		if gr.isDataLine(l) || titleText(strings.TrimSpace(l.Text())) {
			break
		}
		if unitLine(l) != "" || isMetaLine(l.Text()) {
			continue
		}
		b.WriteString(StripYear(Norm(l.Text())))
	}
	return b.String()
}

// kindOf classifies a table by its title words and header words.
func (gr *generalReader) kindOf(key, header string) yusuan.TableKind {
	for _, k := range gr.g.Kinds {
		ok := true
		for _, w := range k.All {
			if !strings.Contains(key, Norm(w)) {
				ok = false
				break
			}
		}
		for _, w := range k.Header {
			if !strings.Contains(header, Norm(w)) {
				ok = false
				break
			}
		}
		for _, w := range k.Not {
			if strings.Contains(key, Norm(w)) {
				ok = false
			}
		}
		if ok {
			return k.Kind
		}
	}
	return yusuan.KindOther
}

// regionEnd ends a table at a part heading (第三部分 …) or a line of
// narrative prose set as a heading.
func (gr *generalReader) regionEnd(st gStart, end int) int {
	r := gr.r
	for j := st.line + 1; j < end; j++ {
		l := r.lines[j]
		if l.Empty() || gr.furn[j] {
			continue
		}
		t := Norm(l.Text())
		if partRe.MatchString(t) && (!gr.r.hasValues(l) || isPartHeading(t)) {
			return j
		}
		// A numbered heading of the narrative (十一、国有资产占有使用情况说明)
		// after a table printed inside the narrative.
		if level1Re.MatchString(t) && isTitleLike(t) && strings.HasSuffix(t, "说明") && !gr.r.hasValues(l) {
			return j
		}
		if l.Heading > 0 && len(l.NonEmpty()) <= 2 && !gr.r.hasValues(l) && !titleText(l.Text()) &&
			(strings.HasPrefix(t, "第") || strings.Contains(t, "说明") || strings.Contains(t, "名词解释")) {
			return j
		}
	}
	return end
}

// isDataLine reports a line with an amount that is not a column number
// row (栏次 1 2 3 …).
func (gr *generalReader) isDataLine(l *layout.Line) bool {
	n, seq := 0, true
	cells := l.NonEmpty()
	for i, c := range cells {
		t := strings.TrimSpace(c.Text)
		if !isValue(t) || yearWord(cells, i) {
			continue
		}
		n++
		if v, err := strconv.Atoi(foldNumber(t)); err != nil || v != n {
			seq = false
		}
	}
	if n == 0 {
		return false
	}
	return !(seq && n >= 3)
}

// isValue reports an amount or a percentage (完成预算%, 增减%).
func isValue(t string) bool {
	if strings.HasSuffix(t, "%") {
		return IsAmount(strings.TrimSuffix(t, "%"))
	}
	return IsAmount(t)
}

// yearWord reports a year printed as its own word in a header ("2026"
// "年预算数").
func yearWord(cells []layout.Cell, i int) bool {
	t := foldNumber(strings.TrimSpace(cells[i].Text))
	if len(t) != 4 || !(strings.HasPrefix(t, "19") || strings.HasPrefix(t, "20")) || !allDigits(t) {
		return false
	}
	if i+1 < len(cells) && strings.HasPrefix(strings.TrimSpace(cells[i+1].Text), "年") && cells[i+1].X0-cells[i].X1 < 6 {
		return true
	}
	return false
}

// closerHeader reports another header over no values, set apart from c
// (not a piece of c's own header stacked over it), between c and
// right-aligned numbers s whose zone both are in: that header is the
// numbers' (公务用车 购置费 | 公务用车 运行费 … 38.60 printed at the right of
// the 运行费 column, the 购置费 column blank).
func closerHeader(pending []layout.Cell, c layout.Cell, s *slot) bool {
	for _, d := range pending {
		if d.Center() > c.Center() && d.Center() <= s.x1+2 && overlap(c.X0, c.X1, d.X0, d.X1) <= 0 && d.X0 > c.X1 {
			return true
		}
	}
	return false
}

// yearEndRe is a header word ending in a year whose 年 was set apart
// ("其中：2026" "年政府采购项目").
var yearEndRe = lazyre.New(`\D(19|20)\d\d$`)

// yearEnding reports a header word that ends in a year (not a year alone,
// which yearWord reads) followed, within a space's width, by a word
// starting with 年.
func yearEnding(cells []layout.Cell, i int) bool {
	t := foldNumber(strings.TrimSpace(cells[i].Text))
	if !yearEndRe.MatchString(t) || i+1 >= len(cells) {
		return false
	}
	return strings.HasPrefix(strings.TrimSpace(cells[i+1].Text), "年") && cells[i+1].X0-cells[i].X1 < 6
}

func (gr *generalReader) twoSided(k yusuan.TableKind) bool {
	for _, t := range gr.g.TwoSided {
		if t == k {
			return true
		}
	}
	return false
}

// slot is one printed column: where its cells are and what its header says.
type slot struct {
	x0, x1   float64
	labels   []layout.Cell // header cells, bottom up
	shared   map[int]bool  // indexes in labels that span several slots (a group)
	amounts  int
	percents int
	texts    int
	fromData bool
	key      string
	label    string
	group    string
	side     int // two-sided tables: 0 income (left), 1 expenditure (right)
	// keyBy, when set, is the header that keys the column in place of its
	// group and label ("-": none does).
	keyBy string
}

func (s *slot) center() float64 { return (s.x0 + s.x1) / 2 }

// clusterSlots groups value cells into columns: cells whose extents
// overlap are one column.
func clusterSlots(cells []layout.Cell) []*slot {
	sort.SliceStable(cells, func(i, j int) bool { return cells[i].X0 < cells[j].X0 })
	var out []*slot
	for _, c := range cells {
		if n := len(out); n > 0 && c.X0 < out[n-1].x1-0.5 {
			s := out[n-1]
			s.x1 = math.Max(s.x1, c.X1)
			s.x0 = math.Min(s.x0, c.X0)
			continue
		}
		out = append(out, &slot{x0: c.X0, x1: c.X1, fromData: true, shared: map[int]bool{}})
	}
	return out
}

// tentative is a group header over one column, marked shared until
// balanceGroups tells whether it heads more.
type tentative struct {
	s  *slot
	li int
}

// gTable is one table being read.
type gTable struct {
	tentative []tentative
	ignore    map[string]bool // header words that head no column
	gr        *generalReader
	t         *yusuan.Table
	header    []*layout.Line
	data      []*layout.Line
	vocab     map[string]bool
	keyX      float64 // cells right of keyX are values
	slots     []*slot
	grid      bool
	bound     float64 // two-sided: the left edge of the expenditure side
	// nameHeader heads the name column where text columns follow it
	// (单位名称 | 项目名称 | 总计 …).
	nameHeader layout.Cell
}

// table reads the table whose title is at st and whose lines end before end.
func (gr *generalReader) table(st gStart, end int) yusuan.Table {
	r := gr.r
	pos := r.lines[st.line].Pos
	t := yusuan.Table{Kind: st.kind, Number: st.number, Title: st.title, Columns: []yusuan.Column{}, Rows: []yusuan.Row{}, Source: &pos}
	gt := &gTable{gr: gr, t: &t, vocab: map[string]bool{}}
	var notes []string
	inNote := false
	seenData := false
	for j := st.line + 1; j < end; j++ {
		l := r.lines[j]
		if l.Empty() || gr.furn[j] {
			continue
		}
		text := strings.TrimSpace(l.Text())
		if u := unitLine(l); u != "" {
			if t.Unit == "" {
				t.Unit = u
			}
			continue
		}
		if n := Norm(text); isMetaLine(text) || isColumnNumbers(l) || (strings.HasPrefix(n, "部门名称") || strings.HasPrefix(n, "单位名称")) && strings.Contains(n, ":") {
			continue
		}
		if _, only := numberOnly(text); only {
			continue
		}
		if k, _ := splitTitle(text); contRe.ReplaceAllString(k, "") == st.key && titleText(text) {
			continue // the title repeated on a continuation page
		}
		if isNoteStart(text) || (inNote && !r.hasValues(l)) || (seenData && isEmptyNote(text)) || (!seenData && isEmptyNote(text)) {
			inNote = true
			notes = append(notes, text)
			continue
		}
		if gr.isDataLine(l) {
			seenData = true
			gt.data = append(gt.data, l)
			continue
		}
		if !seenData {
			if u := unitAnyRe.FindStringSubmatch(Norm(text)); u != nil && t.Unit == "" {
				t.Unit = u[1]
			}
			gt.header = append(gt.header, l)
			continue
		}
		gt.data = append(gt.data, l)
	}
	if len(notes) > 0 {
		t.Note = strings.Join(notes, "\n")
	}
	if t.Unit == "" {
		t.Unit = "元"
		r.warnf(pos, "表%d“%s”：没有找到金额单位，按“元”读取", t.Number, t.Title)
	}
	for _, l := range gt.header {
		gt.grid = gt.grid || l.Grid
		for _, c := range l.NonEmpty() {
			gt.vocab[StripYear(Norm(c.Text))] = true
		}
		for _, c := range mergeHeaderCells(l.NonEmpty()) {
			gt.vocab[StripYear(Norm(c.Text))] = true
		}
	}
	for _, l := range gt.data {
		gt.grid = gt.grid || l.Grid
	}
	if gr.twoSided(t.Kind) {
		gt.readTwoSided()
	} else {
		gt.readGrid()
	}
	return t
}

func isEmptyNote(s string) bool {
	n := Norm(s)
	return strings.Contains(n, "空表") || strings.Contains(n, "无此项") || strings.Contains(n, "没有") && strings.Contains(n, "本表")
}

// lineSplit divides a data line into its key cells (codes and names, left
// of the values) and its value cells.
func (gt *gTable) lineSplit(l *layout.Line) (key, vals []layout.Cell) {
	cells := l.NonEmpty()
	i := 0
	for i < len(cells) {
		t := strings.TrimSpace(cells[i].Text)
		if cells[i].X0 >= gt.keyX-1 && !(isCode(t) && codeOfName(cells, i)) {
			break
		}
		if (isValue(t) || IsBlankMark(t)) && !(isCode(t) && (codeOfName(cells, i) || len(cells) == 1 || cells[i].X1 < gt.keyX)) {
			break
		}
		key = append(key, cells[i])
		i++
	}
	return key, cells[i:]
}

var codeNameRe = lazyre.New(`^(?:(\d{3,7})\s*[-－—–]|[\[【(（](\d{3,7})[\]】)）])\s*(\S.*)$`)

// splitCodeNames splits cells printed as "30101-基本工资" into a code cell
// and a name cell.
func splitCodeNames(cells []layout.Cell) []layout.Cell {
	var out []layout.Cell
	for _, c := range cells {
		m := codeNameRe.FindStringSubmatch(strings.TrimSpace(c.Text))
		// A name does not start with a digit: "2025-2026年度…" is a
		// period, not code 2025 and a name.
		if m == nil || m[3][0] >= '0' && m[3][0] <= '9' {
			out = append(out, c)
			continue
		}
		num := m[1] + m[2]
		code, name := c, c
		code.Text, name.Text = num, m[3]
		w := (c.X1 - c.X0) * float64(runeLen(c.Text)-runeLen(m[3])) / float64(runeLen(c.Text))
		code.X1, name.X0 = c.X0+w, c.X0+w
		out = append(out, code, name)
	}
	return out
}

// splitCodes: a department code and a government code printed with no
// name between them (the name wrapped onto the line above: 301 08 … 501
// 02 社会保障缴费) are told apart by the wide gap between them; an empty
// name cell is put in the gap so that keyCells reads two codes.
func splitCodes(cells []layout.Cell) []layout.Cell {
	n := 0
	for n < len(cells) && isCode(cells[n].Text) {
		n++
	}
	for i := 1; i < n; i++ {
		if cells[i].X0-cells[i-1].X1 > 60 {
			gap := layout.Cell{Text: "​", X0: cells[i-1].X1, X1: cells[i].X0, Pos: cells[i].Pos}
			out := append(append(append([]layout.Cell{}, cells[:i]...), gap), cells[i:]...)
			return out
		}
	}
	return cells
}

func dropGapMarks(cells []layout.Cell) []layout.Cell {
	out := cells[:0]
	for _, c := range cells {
		if c.Text != "\u200b" {
			out = append(out, c)
		}
	}
	return out
}

// codeOfName reports a code cell followed by more code cells and then a
// name: a classification code, not an amount.
func codeOfName(cells []layout.Cell, i int) bool {
	for j := i + 1; j < len(cells) && j <= i+3; j++ {
		t := strings.TrimSpace(cells[j].Text)
		if isCode(t) {
			continue
		}
		return !isValue(t) && !IsBlankMark(t)
	}
	return false
}

func allKeyCodes(cs []layout.Cell) bool {
	for _, c := range cs {
		if !isCode(c.Text) {
			return false
		}
	}
	return true
}

// buildSlots finds the value columns from the data and names them from
// the header printed over them.
func (gt *gTable) buildSlots(vals []layout.Cell, header []*layout.Line, minX, keyMax, maxX float64) []*slot {
	header = gt.joinWrappedHeaders(header)
	slots := clusterSlots(vals)
	for _, s := range slots {
		for _, c := range vals {
			if c.X0 >= s.x0-0.1 && c.X1 <= s.x1+0.1 {
				if strings.HasSuffix(strings.TrimSpace(c.Text), "%") {
					s.percents++
				}
				if isValue(c.Text) || IsBlankMark(c.Text) {
					s.amounts++
				} else {
					s.texts++
				}
			}
		}
	}
	// Header cells, bottom line first: a cell over one column labels it,
	// a cell over several is their group, a cell over none is a column
	// that has no values.
	var pending []layout.Cell // header cells over no column's values
	for hi := len(header) - 1; hi >= 0; hi-- {
		cells := mergeHeaderCells(header[hi].NonEmpty())
		for _, c := range cells {
			if gt.ignore[Norm(c.Text)] || c.X1 < minX && !isTotalName(c.Text) && itemKey(c.Text) != "小计" || c.X1 < keyMax && keyHeader(c.Text) || c.Center() > maxX || unitAnyRe.MatchString(Norm(c.Text)) || allDigits(foldNumber(c.Text)) || Norm(c.Text) == "栏次" || isColumnMark(c.Text) {
				continue
			}
			var over []*slot
			bestOv, best := 0.0, (*slot)(nil)
			for _, s := range slots {
				ov := overlap(c.X0, c.X1, s.x0, s.x1)
				if ov <= 0 {
					continue
				}
				if ov >= 0.5*(s.x1-s.x0) || ov >= 0.5*(c.X1-c.X0) {
					over = append(over, s)
				}
				if ov > bestOv {
					bestOv, best = ov, s
				}
			}
			if len(over) == 0 && best != nil {
				over = []*slot{best}
			}
			if len(over) == 0 {
				pending = append(pending, c)
				continue
			}
			if len(over) == 0 {
				ns := &slot{x0: c.X0, x1: c.X1, shared: map[int]bool{}}
				slots = append(slots, ns)
				sort.SliceStable(slots, func(i, j int) bool { return slots[i].x0 < slots[j].x0 })
				over = []*slot{ns}
			}
			for _, s := range over {
				s.labels = append(s.labels, c)
				if len(over) > 1 {
					s.shared[len(s.labels)-1] = true
				}
				if !s.fromData && len(over) == 1 {
					s.x0, s.x1 = math.Min(s.x0, c.X0), math.Max(s.x1, c.X1)
				}
			}
		}
	}
	// A header printed just beside a column that has none (right-aligned
	// numbers under a header set to their left) is its header; any other
	// is a column with no values.
	// Right-aligned numbers fill their column from its right edge: a
	// column's zone runs from the previous column's right edge to its own.
	zoneStart := map[*slot]float64{}
	prev := math.Inf(-1)
	for _, s := range slots {
		if s.fromData {
			zoneStart[s] = prev
			prev = s.x1
		}
	}
	pend := map[*slot][2]float64{} // header extents given in this pass
	for _, c := range pending {
		var near *slot
		gap := 0.0
		// a column whose header is stacked over lines: no values, or a
		// header set beside its numbers given here
		for _, s := range slots {
			x0, x1 := s.x0, s.x1
			if s.fromData {
				e, ok := pend[s]
				if !ok {
					continue
				}
				x0, x1 = e[0], e[1]
			}
			if overlap(c.X0, c.X1, x0, x1) > 0.3*math.Min(c.X1-c.X0, x1-x0) {
				near = s
				break
			}
		}
		if near == nil {
			for _, s := range slots {
				if s.fromData && (len(s.labels) == 0 || c.X1 <= s.x0+2 && (gt.groupAbove(s, c) || gt.wrappedAbove(s, c))) && c.Center() > zoneStart[s] && c.Center() <= s.x1+2 && c.X1 > zoneStart[s] && !closerHeader(pending, c, s) {
					near = s
					break
				}
			}
		}
		for _, s := range slots {
			if near != nil {
				break
			}
			if !s.fromData || len(s.labels) > 0 {
				continue
			}
			d := math.Max(s.x0-c.X1, c.X0-s.x1)
			if d >= 0 && d < math.Max(10, (s.x1-s.x0)/2) && (near == nil || d < gap) {
				near, gap = s, d
			}
		}
		if near == nil {
			near = &slot{x0: c.X0, x1: c.X1, shared: map[int]bool{}}
			slots = append(slots, near)
			sort.SliceStable(slots, func(i, j int) bool { return slots[i].x0 < slots[j].x0 })
		}
		if !near.fromData {
			near.x0, near.x1 = math.Min(near.x0, c.X0), math.Max(near.x1, c.X1)
		} else {
			e, ok := pend[near]
			if !ok {
				e = [2]float64{c.X0, c.X1}
			}
			pend[near] = [2]float64{math.Min(e[0], c.X0), math.Max(e[1], c.X1)}
		}
		near.labels = append(near.labels, c)
	}
	gt.extendGroups(slots)
	for _, s := range slots {
		var lab, grp []string
		// Top line first; cells placed in a later pass (a header wrapped
		// under one placed already) stand where they are printed.
		order := make([]int, len(s.labels))
		for i := range order {
			order[i] = len(s.labels) - 1 - i
		}
		sort.SliceStable(order, func(a, b int) bool { return s.labels[order[a]].Pos.Line < s.labels[order[b]].Pos.Line })
		for _, i := range order {
			t := strings.TrimSpace(s.labels[i].Text)
			if s.shared[i] {
				grp = append(grp, t)
			} else {
				lab = append(lab, t)
			}
		}
		s.label = strings.Join(lab, "")
		s.group = strings.Join(grp, "/")
	}
	repeatedGroups(slots)
	return slots
}

// repeatedGroups finds columns headed by one set of words repeated block
// after block (一般公共预算 | 政府性基金预算 | 国有资本经营预算, under 总计,
// under 因公出国(境)费, under 公务接待费 …, as Shenzhen prints its 三公
// table) where each block's own heading, printed narrow over the block's
// middle column, was read as the start of that column's label: the
// heading is the group of the whole block, the repeated word each
// column's label.
func repeatedGroups(slots []*slot) {
	type fit struct{ st, m, nb int }
	var best fit
	for m := 2; m <= 5; m++ {
		for st := 0; st+2*m <= len(slots); st++ {
			nb := 0
			for n := 2; st+n*m <= len(slots); n++ {
				if blockRepeats(slots, st, m, n) {
					nb = n
				}
			}
			if nb >= 2 && nb*m > best.nb*best.m {
				best = fit{st, m, nb}
			}
		}
	}
	if best.nb == 0 {
		return
	}
	leaf := leafWords(slots, best.st, best.m, best.nb)
	for b := 0; b < best.nb; b++ {
		head := ""
		for i := 0; i < best.m; i++ {
			s := slots[best.st+b*best.m+i]
			if p := strings.TrimSuffix(s.label, leaf[i]); p != "" {
				head = p
			}
		}
		for i := 0; i < best.m; i++ {
			s := slots[best.st+b*best.m+i]
			s.label = leaf[i]
			if s.group == "" {
				s.group = head
			} else {
				s.group += "/" + head
			}
			// The block's first column (一般公共预算) is the item's own
			// figure, keyed by the item (因公出国(境)费; 小计 under 公务用车
			// 购置及运行维护费 is that); the others are kept unkeyed.
			s.keyBy = "-"
			if i == 0 {
				levels := strings.Split(s.group, "/")
				k := levels[len(levels)-1]
				if lab := periodless(k); (lab == "小计" || lab == "合计") && len(levels) > 1 {
					k = levels[len(levels)-2]
				}
				s.keyBy = k
			}
		}
	}
}

// leafWords are the labels that end every block's columns, in order.
func leafWords(slots []*slot, st, m, nb int) []string {
	leaf := make([]string, m)
	for i := 0; i < m; i++ {
		w := slots[st+i].label
		for b := 1; b < nb; b++ {
			w = commonSuffix(w, slots[st+b*m+i].label)
		}
		leaf[i] = w
	}
	return leaf
}

// blockRepeats reports whether the n blocks of m columns from st end
// their columns with the same words, block after block, each block with
// exactly one column whose label has a heading before those words and all
// its columns under the same group.
func blockRepeats(slots []*slot, st, m, n int) bool {
	for i := 0; i < n*m; i++ {
		if !slots[st+i].fromData {
			return false
		}
	}
	leaf := leafWords(slots, st, m, n)
	for i, w := range leaf {
		// A whole word of at least two characters, distinct in a block.
		if runeLen(w) < 2 {
			return false
		}
		for j := i + 1; j < m; j++ {
			if leaf[j] == w {
				return false
			}
		}
	}
	for b := 0; b < n; b++ {
		heads := 0
		for i := 0; i < m; i++ {
			s := slots[st+b*m+i]
			if s.group != slots[st+b*m].group {
				return false
			}
			if s.label != leaf[i] {
				heads++
			}
		}
		if heads != 1 {
			return false
		}
	}
	return true
}

// yearNumberRe is a year printed apart from its 年 ("2025 年").
var yearNumberRe = lazyre.New(`^(19|20)\d\d$`)

// joinYearCells joins a year and the 年 printed after it ("2025" "年",
// Shenzhen's 年度 column) into one cell, which is a label, not a code and
// a stray character. Lines are copied where changed.
func joinYearCells(lines []*layout.Line) []*layout.Line {
	out := lines
	for li, l := range lines {
		for i := 0; i+1 < len(l.Cells); i++ {
			a, b := l.Cells[i], l.Cells[i+1]
			at, bt := strings.TrimSpace(a.Text), strings.TrimSpace(b.Text)
			if !yearNumberRe.MatchString(foldNumber(at)) || !strings.HasPrefix(bt, "年") || b.X0-a.X1 > 3*(a.X1-a.X0)/4 {
				continue
			}
			if &out[0] == &lines[0] {
				out = append([]*layout.Line{}, lines...)
			}
			nl := *out[li]
			nl.Cells = append(append(append([]layout.Cell{}, nl.Cells[:i]...), layout.Cell{Text: at + bt, X0: a.X0, X1: b.X1, Pos: a.Pos}), nl.Cells[i+2:]...)
			out[li] = &nl
			l = &nl
		}
	}
	return out
}

// isOrgName reports a unit's name, not a functional class's (which ends
// with 支出).
func isOrgName(name string) bool {
	n := strings.TrimSpace(name)
	return !strings.HasSuffix(n, "支出") && yusuan.HasOrgSuffix(n)
}

// thirdKey is the text column of a department economic classification
// printed after the government one.
const thirdKey = "dept_economic"

// thirdCode is the index in a government economic name's cells where a
// further code starts, or -1.
func thirdCode(gname []layout.Cell) int {
	for i, c := range gname {
		if i > 0 && isCode(c.Text) && len(foldNumber(c.Text)) >= 3 {
			return i
		}
	}
	return -1
}

// thirdLabel is the header printed over a third classification
// (部门支出经济分类科目), or that name.
func (gt *gTable) thirdLabel() string {
	for _, l := range gt.header {
		for _, c := range mergeHeaderCells(l.NonEmpty()) {
			if n := Norm(c.Text); strings.Contains(n, "部门") && strings.Contains(n, "经济分类") {
				return strings.TrimSpace(c.Text)
			}
		}
	}
	return "部门支出经济分类科目"
}

// longestRule is the key of the rule, not taken yet, with the longest
// word contained in h; "" when none.
func longestRule(h string, rules []profile.KeyRule, taken map[string]bool) string {
	key, n := "", 0
	for _, rule := range rules {
		if taken[rule.Key] {
			continue
		}
		for _, w := range rule.Any {
			if len(w) > n && strings.Contains(h, w) {
				key, n = rule.Key, len(w)
			}
		}
	}
	return key
}

// specificRule is the key of the first rule (in the profile's order) with
// a word h contains and no other column took, unless a rule no column
// took names more of the same header: one whose word h contains holds the
// first rule's word (公务用车购置及运行 holds 公务用车购置, so
// 公务用车购置及运行费 is vehicle, not vehicle_purchase), and the header
// names the first rule's word nowhere else. Rules whose words do not
// overlap keep the profile's order.
func specificRule(h string, rules []profile.KeyRule, taken map[string]bool) string {
	key, word := "", ""
	for _, rule := range rules {
		if taken[rule.Key] {
			continue
		}
		for _, w := range rule.Any {
			if w = Norm(w); strings.Contains(h, w) && len(w) > len(word) {
				key, word = rule.Key, w
			}
		}
		if key != "" {
			break
		}
	}
	if key == "" {
		return ""
	}
	best := word
	for _, rule := range rules {
		if taken[rule.Key] || rule.Key == key {
			continue
		}
		for _, w := range rule.Any {
			// Only where the header never names the first rule's word
			// apart from this one: a group heading run into its first
			// column's label (公务用车购置及运行费公务用车购置费) names
			// the column's own item last.
			if w = Norm(w); len(w) > len(best) && strings.Contains(w, word) && strings.Contains(h, w) &&
				strings.Count(h, word) == strings.Count(h, w)*strings.Count(w, word) {
				key, best = rule.Key, w
			}
		}
	}
	return key
}

// commonSuffix is the longest string both a and b end with, in whole runes.
func commonSuffix(a, b string) string {
	ra, rb := []rune(a), []rune(b)
	n := 0
	for n < len(ra) && n < len(rb) && ra[len(ra)-1-n] == rb[len(rb)-1-n] {
		n++
	}
	return string(ra[len(ra)-n:])
}

// groupAbove reports a column whose only header is a group word printed
// on a line above c and wider than the column: the group took it while the
// column's own header, set beside its numbers on c's line, was unplaced.
func (gt *gTable) groupAbove(s *slot, c layout.Cell) bool {
	for _, d := range s.labels {
		if d.Pos.Line >= c.Pos.Line || !gt.isGroupWord(d.Text) || d.X1-d.X0 < 2*(s.x1-s.x0) {
			return false
		}
	}
	return true
}

// wrappedAbove reports a column whose header cells all stand above c, the
// lowest of them right over c: c is the rest of that header, wrapped
// (事业单位经营 / 支出) and set beside the column's numbers like it.
//
// Headers centred in cells of different heights put lines of other
// columns between the two parts (财政专户管理 / 资金 with 一般公共预算 and
// 事业收入 between them): where the layout has positions, c may be more
// lines down if it starts within a line's height of the part above.
func (gt *gTable) wrappedAbove(s *slot, c layout.Cell) bool {
	if len(s.labels) == 0 {
		return false
	}
	low := s.labels[0]
	for _, d := range s.labels {
		if d.Pos.Line >= c.Pos.Line {
			return false
		}
		if d.Pos.Line > low.Pos.Line {
			low = d
		}
	}
	near := c.Pos.Line-low.Pos.Line <= 2
	if ly0, ly1 := gt.lineY(low.Pos.Line); !near && ly1 > 0 {
		cy0, _ := gt.lineY(c.Pos.Line)
		near = cy0 > ly0 && cy0-ly1 < (ly1-ly0)
	}
	return near && low.X0 <= c.Center() && c.Center() <= low.X1
}

// extendGroups lets a group header (基本支出) that stands over one column
// whose header has more lines under it (人员经费) head the neighbouring
// columns whose headers start lower too (公用经费): to the right, and to
// the left where the group is printed right of its column's middle.
func (gt *gTable) extendGroups(slots []*slot) {
	top := func(s *slot) int {
		t := math.MaxInt
		for _, c := range s.labels {
			t = min(t, c.Pos.Line)
		}
		return t
	}
	defer gt.balanceGroups(slots, top)
	subtotalParts(slots)
	for k, s := range slots {
		n := len(s.labels)
		for li := 0; li < n; li++ {
			c := s.labels[li]
			if s.shared[li] || !gt.isGroupWord(c.Text) {
				continue
			}
			// A child under it, not the rest of a wrapped word (2025年预算 /
			// 数).
			var child *layout.Cell
			for i := range s.labels {
				d := &s.labels[i]
				// "（不含教育收费）" under 事业收入 is the rest of its header.
				if dt := strings.TrimSpace(d.Text); strings.HasPrefix(dt, "（") || strings.HasPrefix(dt, "(") ||
					(strings.HasSuffix(dt, "）") && !strings.Contains(dt, "（")) || (strings.HasSuffix(dt, ")") && !strings.Contains(dt, "(")) {
					continue
				}
				if d.Pos.Line > c.Pos.Line && runeLen(Norm(d.Text)) > 1 && (child == nil || d.Pos.Line < child.Pos.Line) {
					child = d
				}
			}
			if child == nil {
				continue
			}
			// A group set over the middle of its columns is widened evenly
			// (balanceGroups); one set flush left with its first child heads
			// the columns to the right.
			if math.Abs(c.X0-child.X0) > 4 {
				s.shared[li] = true
				gt.tentative = append(gt.tentative, tentative{s, li})
				continue
			}
			extend := func(t *slot) bool {
				if len(t.labels) == 0 || top(t) <= c.Pos.Line {
					return false
				}
				if gt.sibling(t, c) {
					return false
				}
				t.labels = append(t.labels, c)
				t.shared[len(t.labels)-1] = true
				return true
			}
			ext := false
			for j := k + 1; j < len(slots) && extend(slots[j]); j++ {
				ext = true
			}
			if c.Center() > s.center()+(s.x1-s.x0)/4 {
				for j := k - 1; j >= 0 && extend(slots[j]); j-- {
					ext = true
				}
			}
			if ext {
				s.shared[li] = true
			}
		}
	}
}

// subtotalParts: a header printed over a 小计 column, with the columns
// right of it headed 其中：… (the parts of that 小计) starting lower than
// it, heads them too (一般公共预算拨款 over 小计 | 其中：专项资金列入部门
// 预算的项目): the parts belong to the group whose subtotal they split.
func subtotalParts(slots []*slot) {
	for k, s := range slots {
		var sub *layout.Cell
		for i := range s.labels {
			if !s.shared[i] && periodless(s.labels[i].Text) == "小计" {
				sub = &s.labels[i]
			}
		}
		if sub == nil {
			continue
		}
		for li := range s.labels {
			c := s.labels[li]
			if s.shared[li] || c.Pos.Line >= sub.Pos.Line {
				continue
			}
			var parts []*slot
			for j := k + 1; j < len(slots); j++ {
				t := slots[j]
				own, first := "", math.MaxInt
				for i, d := range t.labels {
					if !t.shared[i] && d.Pos.Line < first {
						own, first = Norm(d.Text), d.Pos.Line
					}
				}
				if !strings.HasPrefix(own, "其中") || first <= c.Pos.Line {
					break
				}
				parts = append(parts, t)
			}
			if len(parts) == 0 || c.Center() > parts[len(parts)-1].x1 {
				continue
			}
			s.shared[li] = true
			for _, t := range parts {
				t.labels = append(t.labels, c)
				t.shared[len(t.labels)-1] = true
			}
		}
	}
}

// balanceGroups widens a group printed over several columns to the
// columns beside them whose headers start lower, as far as keeps the
// group centred over its columns (a group over 合计 and 因公出国（境）费 set
// in one cell spanning two header lines).
func (gt *gTable) balanceGroups(slots []*slot, top func(*slot) int) {
	type span struct{ i, j int }
	seen := gt.partitionGroups(slots, top)
	// The groups partitionGroups placed head the columns under them: a
	// column's own header starts below them (上年 over 公务用车购置及运行维护
	// 费 over 小计 …).
	parents := map[[2]float64]bool{}
	for k := range seen {
		parents[k] = true
	}
	outer := top
	top = func(s *slot) int {
		t := math.MaxInt
		for i, c := range s.labels {
			if s.shared[i] && parents[[2]float64{c.X0, float64(c.Pos.Line)}] {
				continue
			}
			t = min(t, c.Pos.Line)
		}
		if t == math.MaxInt {
			return outer(s)
		}
		return t
	}
	for k := range slots {
		for li, c := range slots[k].labels {
			key := [2]float64{c.X0, float64(c.Pos.Line)}
			if !slots[k].shared[li] || seen[key] {
				continue
			}
			seen[key] = true
			// the columns it heads now
			sp := span{-1, -1}
			for q, s := range slots {
				for _, d := range s.labels {
					if d.X0 == c.X0 && d.Pos.Line == c.Pos.Line && d.Text == c.Text {
						if sp.i < 0 {
							sp.i = q
						}
						sp.j = q
					}
				}
			}
			ok := func(q int) bool {
				if q < 0 || q >= len(slots) || len(slots[q].labels) == 0 {
					return false
				}
				// A group with its own 小计 does not take the 合计 beside
				// it: that is the table's total (Yantai's 收入总表: 合计 |
				// 财政拨款收入: 小计 …).
				if ownLabel(slots[q]) == "合计" || ownLabel(slots[q]) == "总计" {
					for r := sp.i; r >= 0 && r <= sp.j; r++ {
						if ownLabel(slots[r]) == "小计" && !gt.underSubgroup(slots[r], c) {
							return false
						}
					}
				}
				if ancestorKey(slots[q], c.Pos.Line, parents) != ancestorKey(slots[k], c.Pos.Line, parents) ||
					len(parents) > 0 && gt.startsAbove(slots[q], c.Pos.Line) {
					return false
				}
				return top(slots[q]) > c.Pos.Line && !gt.sibling(slots[q], c) && gt.under(slots[q], c)
			}
			g := c.Center()
			// Where a column's own header is printed (numbers may stand
			// right of it), else where its numbers are.
			ext := func(q int) (float64, float64) {
				x0, x1 := math.Inf(1), math.Inf(-1)
				for i, d := range slots[q].labels {
					if !slots[q].shared[i] || gt.alone(slots, q, i) {
						x0, x1 = math.Min(x0, d.X0), math.Max(x1, d.X1)
					}
				}
				if math.IsInf(x0, 1) {
					return slots[q].x0, slots[q].x1
				}
				return x0, x1
			}
			off := func(s span) float64 {
				a, _ := ext(s.i)
				_, b := ext(s.j)
				return math.Abs((a+b)/2 - g)
			}
			const tol = 12
			grown := false
			defer func(s *slot, li int) {
				// A group word over one column that did not widen is the
				// first line of that column's own header.
				if !grown && sp.i == sp.j {
					for _, t := range gt.tentative {
						if t.s == s && t.li == li {
							s.shared[li] = false
						}
					}
				}
			}(slots[k], li)
			for {
				var best *span
				for _, cand := range []span{{sp.i - 1, sp.j + 1}, {sp.i - 1, sp.j}, {sp.i, sp.j + 1}} {
					if cand.i != sp.i && !ok(cand.i) || cand.j != sp.j && !ok(cand.j) {
						continue
					}
					if off(cand) <= tol {
						cc := cand
						best = &cc
						break
					}
				}
				if best == nil {
					break
				}
				grown = true
				for _, q := range []int{best.i, best.j} {
					if q < sp.i || q > sp.j {
						slots[q].labels = append(slots[q].labels, c)
						slots[q].shared[len(slots[q].labels)-1] = true
					}
				}
				sp = *best
			}
		}
	}
}

// joinWrappedHeaders joins a header set over several lines in one cell
// where the words say it goes on: a line ending in a word that needs
// its object (2026年预算数比 / 2025年执行数) or a qualifier in brackets
// under it (/（扣除中央基建投资）). The next part stands on the next line,
// centred alike, and is the only word there under the cell; it is joined
// to the cell's text, which spans both. Lines are copied where changed.
func (gt *gTable) joinWrappedHeaders(lines []*layout.Line) []*layout.Line {
	out := make([]*layout.Line, len(lines))
	for i, l := range lines {
		nl := *l
		nl.Cells = mergeHeaderCells(l.NonEmpty())
		out[i] = &nl
	}
	for i := range out {
		for ci := range out[i].Cells {
			g := &out[i].Cells[ci]
			at := i
			for {
				t := strings.TrimSpace(g.Text)
				if t == "" {
					break
				}
				r := []rune(t)
				needsMore := strings.ContainsRune("比与及和、的对", r[len(r)-1])
				found := -1
				var fi int
				for j := at + 1; j < len(out) && found < 0; j++ {
					if !gt.nextLine(out[at].Pos.Line, out[j].Pos.Line) {
						continue
					}
					n := 0
					for k, c := range out[j].Cells {
						if overlap(c.X0, c.X1, g.X0, g.X1) > 0 {
							n++
							fi = k
						}
					}
					if n == 1 {
						found = j
					}
				}
				if found < 0 {
					break
				}
				c := out[found].Cells[fi]
				ct := strings.TrimSpace(c.Text)
				bracket := (strings.HasPrefix(ct, "（") && strings.HasSuffix(ct, "）") || strings.HasPrefix(ct, "(") && strings.HasSuffix(ct, ")")) && at != i
				if !(needsMore || bracket) || math.Abs(c.Center()-g.Center()) >= 4 {
					break
				}
				g.Text = t + ct
				g.X0, g.X1 = math.Min(g.X0, c.X0), math.Max(g.X1, c.X1)
				out[found].Cells = append(append([]layout.Cell{}, out[found].Cells[:fi]...), out[found].Cells[fi+1:]...)
				at = found
			}
		}
	}
	return out
}

// nextLine reports header line b printed right under line a: within a
// line's height where the layout has positions, else the next line.
func (gt *gTable) nextLine(a, b int) bool {
	ay0, ay1 := gt.lineY(a)
	by0, _ := gt.lineY(b)
	if ay1 == 0 || by0 == 0 {
		return b == a+1
	}
	return by0 > ay0 && by0-ay1 < ay1-ay0
}

// lineY is the vertical extent of header line n (0, 0 where the layout
// has none: text and sheets).
func (gt *gTable) lineY(n int) (y0, y1 float64) {
	for _, l := range gt.header {
		if l.Pos.Line == n {
			return l.Y0, l.Y1
		}
	}
	return 0, 0
}

// under reports that the column's own header is printed wholly below
// group header c. A header set in a cell as tall as the whole header
// (收入总计, vertically centred) starts beside the group, not under it:
// it is not the group's child, though its line comes later.
func (gt *gTable) under(s *slot, c layout.Cell) bool {
	_, cy1 := gt.lineY(c.Pos.Line)
	if cy1 == 0 {
		return true
	}
	for i, d := range s.labels {
		if s.shared[i] {
			continue
		}
		if dy0, _ := gt.lineY(d.Pos.Line); dy0 > 0 && dy0 < cy1-2 {
			return false
		}
	}
	return true
}

// alone reports a label of slots[q] marked as a group only tentatively
// (extendGroups) and heading no other column: until it widens it is the
// first line of the column's own header (一般公共预算 over 拨款), and
// it tells where that header is printed.
func (gt *gTable) alone(slots []*slot, q, i int) bool {
	c := slots[q].labels[i]
	tent := false
	for _, t := range gt.tentative {
		if t.s == slots[q] && t.li == i {
			tent = true
		}
	}
	if !tent {
		return false
	}
	for r, s := range slots {
		if r == q {
			continue
		}
		for _, d := range s.labels {
			if d.X0 == c.X0 && d.Pos.Line == c.Pos.Line {
				return false
			}
		}
	}
	return true
}

// ownLabel is a column's own header (its cells not shared with other
// columns), normalised.
func ownLabel(s *slot) string {
	var b strings.Builder
	for i, d := range s.labels {
		if !s.shared[i] {
			b.WriteString(d.Text)
		}
	}
	return Norm(b.String())
}

// underSubgroup reports a column whose header has a line of header
// printed over it between group c and its own words: its 小计 is that
// subgroup's (公务用车购置及运行费), not c's.
func (gt *gTable) underSubgroup(s *slot, c layout.Cell) bool {
	own := math.MaxInt
	for i, d := range s.labels {
		if !s.shared[i] {
			own = min(own, d.Pos.Line)
		}
	}
	for _, l := range gt.header {
		if l.Pos.Line <= c.Pos.Line || l.Pos.Line >= own || l.Pos.Page != c.Pos.Page {
			continue
		}
		for _, d := range mergeHeaderCells(l.NonEmpty()) {
			if overlap(d.X0, d.X1, s.x0, s.x1) > 0 {
				return true
			}
		}
	}
	return false
}

// partitionGroups places the groups of a header line that prints several
// side by side (本年收入 | 上年结转结余 over a 收入总表 of 17 columns, 合计
// left of both): the columns are divided among them at once, each group
// over a run of columns centred on it, as many columns as can be placed.
// A run holds at most one 小计 (its own subtotal, or that of a group
// within it): two are two groups' subtotals. Narrow and wide columns make a run centred on its group
// only when it is whole, so widening one group a column at a time
// (balanceGroups) stops short. It returns the group cells placed, by
// position, for balanceGroups to leave alone.
func (gt *gTable) partitionGroups(slots []*slot, top func(*slot) int) map[[2]float64]bool {
	placed := map[[2]float64]bool{}
	// The group cells of each header line, wherever they were put: group
	// words, and the periods of a line that prints several side by side
	// (上年 | 当年 | 增减变化情况), each over its block of columns.
	byLine := map[int][]layout.Cell{}
	seenCell := map[[2]float64]bool{}
	for _, s := range slots {
		for _, c := range s.labels {
			key := [2]float64{c.X0, float64(c.Pos.Line)}
			if seenCell[key] || !gt.isGroupWord(c.Text) && !periodWord(c.Text) {
				continue
			}
			seenCell[key] = true
			byLine[c.Pos.Line] = append(byLine[c.Pos.Line], c)
		}
	}
	// Top line first: a group placed is the parent of the groups printed
	// under it, which divide its columns only.
	var lines []int
	for line := range byLine {
		lines = append(lines, line)
	}
	sort.Ints(lines)
	// ancestors are the groups this pass placed over a column, above line.
	ancestors := func(s *slot, line int) string { return ancestorKey(s, line, placed) }
	startsAbove := gt.startsAbove
	for _, line := range lines {
		gs := byLine[line]
		if len(gs) < 2 || !gt.onlyGroups(line) {
			continue
		}
		sort.Slice(gs, func(a, b int) bool { return gs[a].X0 < gs[b].X0 })
		// Take the group cells off the columns, then find the partition.
		type saved struct {
			labels []layout.Cell
			shared map[int]bool
		}
		before := make([]saved, len(slots))
		for q, s := range slots {
			before[q] = saved{s.labels, s.shared}
		}
		for _, s := range slots {
			var ls []layout.Cell
			sh := map[int]bool{}
			for i, c := range s.labels {
				if c.Pos.Line == line && (gt.isGroupWord(c.Text) || periodWord(c.Text)) {
					continue
				}
				if s.shared[i] {
					sh[len(ls)] = true
				}
				ls = append(ls, c)
			}
			s.labels, s.shared = ls, sh
		}
		ext := func(q int) (float64, float64) {
			x0, x1 := math.Inf(1), math.Inf(-1)
			for i, d := range slots[q].labels {
				if !slots[q].shared[i] {
					x0, x1 = math.Min(x0, d.X0), math.Max(x1, d.X1)
				}
			}
			if math.IsInf(x0, 1) {
				return slots[q].x0, slots[q].x1
			}
			return x0, x1
		}
		// The column's own header (s.label is set after the groups). A
		// 小计 under a group of its own below this line is that group's.
		subtotal := func(q int) bool {
			var own []layout.Cell
			for i, d := range slots[q].labels {
				if slots[q].shared[i] && d.Pos.Line > line {
					return false
				}
				if !slots[q].shared[i] {
					own = append(own, d)
				}
			}
			sort.SliceStable(own, func(a, b int) bool { return own[a].Pos.Line < own[b].Pos.Line })
			var b strings.Builder
			for _, d := range own {
				b.WriteString(strings.TrimSpace(d.Text))
			}
			return periodless(b.String()) == "小计"
		}
		type span struct {
			i, j int
			off  float64
		}
		const tol = 12
		// where a column's header starts: the groups placed over it above
		// this line are its parents, not its header
		ownTop := func(s *slot) int {
			t := math.MaxInt
			for i, c := range s.labels {
				if s.shared[i] && c.Pos.Line < line && placed[[2]float64{c.X0, float64(c.Pos.Line)}] {
					continue
				}
				t = min(t, c.Pos.Line)
			}
			return t
		}
		cands := make([][]span, len(gs))
		// the runs none of whose columns is the group's sibling by its
		// centred header (startsAbove); where some group has none, the
		// header is not set that way and every run is a candidate
		vert := make([][]span, len(gs))
		for g, c := range gs {
			for i := range slots {
				for j := i; j < len(slots); j++ {
					q := j
					if len(slots[q].labels) == 0 || ownTop(slots[q]) <= line || gt.sibling(slots[q], c) ||
						ancestors(slots[q], line) != ancestors(slots[i], line) {
						break
					}
					a, _ := ext(i)
					_, b := ext(j)
					off := math.Abs((a+b)/2 - c.Center())
					if off > tol || b < c.X0 || a > c.X1 {
						continue
					}
					n := 0
					for k := i; k <= j; k++ {
						if subtotal(k) {
							n++
						}
					}
					if n <= 1 {
						cands[g] = append(cands[g], span{i, j, off})
						sib := false
						for k := i; k <= j; k++ {
							sib = sib || startsAbove(slots[k], line)
						}
						if !sib {
							vert[g] = append(vert[g], span{i, j, off})
						}
					}
				}
			}
		}
		allVert := true
		for g := range gs {
			allVert = allVert && len(vert[g]) > 0
		}
		if allVert {
			cands = vert
		}
		var best []span
		bestN, bestOff := -1, math.Inf(1)
		cur := make([]span, 0, len(gs))
		var search func(g, from, n int, off float64)
		search = func(g, from, n int, off float64) {
			if g == len(gs) {
				if n > bestN || n == bestN && off < bestOff {
					best, bestN, bestOff = append([]span(nil), cur...), n, off
				}
				return
			}
			// A group with no span of its own here (the second line of a
			// group wrapped over lines, 2026年预算数比 / 2025年执行数) is left
			// where it was found; the others are still partitioned.
			if len(cands[g]) == 0 {
				cur = append(cur, span{-1, -1, 0})
				search(g+1, from, n, off)
				cur = cur[:len(cur)-1]
				return
			}
			for _, sp := range cands[g] {
				if sp.i < from {
					continue
				}
				cur = append(cur, sp)
				search(g+1, sp.j+1, n+sp.j-sp.i+1, off+sp.off)
				cur = cur[:len(cur)-1]
			}
		}
		search(0, 0, 0, 0)
		if best == nil {
			// No partition: the groups stay where they were found, for
			// balanceGroups to widen one at a time.
			for q, s := range slots {
				s.labels, s.shared = before[q].labels, before[q].shared
			}
			continue
		}
		if bestN <= 0 {
			best = nil
		}
		if best == nil {
			for q, s := range slots {
				s.labels, s.shared = before[q].labels, before[q].shared
			}
			continue
		}
		for g, sp := range best {
			c := gs[g]
			if sp.i < 0 {
				// back where it was found
				for q, s := range slots {
					for i, d := range before[q].labels {
						if d.X0 == c.X0 && d.Pos.Line == c.Pos.Line {
							s.labels = append(s.labels, d)
							if before[q].shared[i] {
								s.shared[len(s.labels)-1] = true
							}
						}
					}
				}
				continue
			}
			for q := sp.i; q <= sp.j; q++ {
				slots[q].labels = append(slots[q].labels, c)
				slots[q].shared[len(slots[q].labels)-1] = true
			}
			placed[[2]float64{c.X0, float64(line)}] = true
		}
	}
	return placed
}

// ancestorKey names the groups of placed set over column s above line:
// columns under one parent have the same.
func ancestorKey(s *slot, line int, placed map[[2]float64]bool) string {
	var b strings.Builder
	for i, c := range s.labels {
		if s.shared[i] && c.Pos.Line < line && placed[[2]float64{c.X0, float64(c.Pos.Line)}] {
			fmt.Fprintf(&b, "%.1f@%d;", c.X0, c.Pos.Line)
		}
	}
	return b.String()
}

// startsAbove reports a column whose own header, set in the middle of a
// cell that runs down to the header's bottom (a centred header, each cell
// merged over the lines its column has free), says the cell begins above
// the bottom of group line: the column is the group's sibling, not its
// child (合计 beside 一般公共预算拨款安排的“三公”经费预算 under 上年).
func (gt *gTable) startsAbove(s *slot, line int) bool {
	lineY := map[int][2]float64{}
	bottom := 0.0
	for _, l := range gt.header {
		lineY[l.Pos.Line] = [2]float64{l.Y0, l.Y1}
		bottom = math.Max(bottom, l.Y1)
	}
	g, ok := lineY[line]
	if !ok || bottom == 0 {
		return false
	}
	y0, y1 := math.Inf(1), math.Inf(-1)
	for i, c := range s.labels {
		if s.shared[i] {
			continue
		}
		ly, ok := lineY[c.Pos.Line]
		if !ok {
			return false
		}
		y0, y1 = math.Min(y0, ly[0]), math.Max(y1, ly[1])
	}
	if math.IsInf(y0, 1) {
		return false
	}
	return y0+y1-bottom < g[1]-1
}

// onlyGroups reports a header line that prints nothing but group words
// (本年收入 … 上年结转结余): the top of a header, not a line of labels whose
// second halves happen to end like a group (…收入, …预算).
func (gt *gTable) onlyGroups(line int) bool {
	for _, l := range gt.header {
		if l.Pos.Line != line {
			continue
		}
		for _, c := range mergeHeaderCells(l.NonEmpty()) {
			if !gt.isGroupWord(c.Text) && !periodWord(c.Text) {
				return false
			}
		}
		return true
	}
	return false
}

// sibling reports a column headed, below group header c, by a group word
// of its own (项目支出 beside 基本支出's columns): the group's sibling, not
// its child.
func (gt *gTable) sibling(t *slot, c layout.Cell) bool {
	for i, d := range t.labels {
		if !t.shared[i] && d.Pos.Line > c.Pos.Line && gt.isGroupWord(d.Text) && gt.peerGroups(d.Text, c.Text) {
			return true
		}
	}
	return false
}

// peerGroups reports two group words of one level, different kinds of
// spending or of income (基本支出 and 项目支出), neither of which can head
// the other.
func (gt *gTable) peerGroups(a, b string) bool {
	key := func(s string) string {
		h := StripYear(Norm(s))
		for _, rule := range gt.gr.g.Columns {
			if containsAny(h, rule.Any) {
				return rule.Key
			}
		}
		return ""
	}
	ka, kb := key(a), key(b)
	return ka != kb && peerKeys[ka] && peerKeys[kb]
}

// peerKeys are the column keys of one kind of spending or income.
var peerKeys = map[string]bool{"basic": true, "project": true, "business": true, "operating": true,
	"superior": true, "affiliated": true, "other_income": true, "special_account": true, "carry_over": true}

func (gt *gTable) isGroupWord(t string) bool {
	n := StripYear(Norm(t))
	for _, g := range gt.gr.g.Groups {
		if strings.HasSuffix(n, Norm(g)) {
			return true
		}
	}
	return false
}

// keyHeader reports the header of a code or name column.
func keyHeader(s string) bool {
	n := Norm(s)
	// 预算单位 / 部门（单位） heads the column of unit names (Shenzhen's
	// 政府性基金预算支出表).
	return containsAny(n, []string{"科目", "编码", "名称", "项目", "类别", "品目"}) || n == "类" || n == "款" || n == "项" || n == "单位" ||
		n == "预算单位" || n == "部门(单位)" || n == "单位(部门)"
}

// mergeHeaderCells joins a header line's letter-spaced words (合  计,
// 收   入) into one cell.
func mergeHeaderCells(cells []layout.Cell) []layout.Cell {
	var out []layout.Cell
	for i, c := range cells {
		if n := len(out); n > 0 {
			p := &out[n-1]
			// "2026" "年预算数" is one header.
			// "其中：2026" "年" too: a year ending a header word and
			// its 年 set apart.
			if i > 0 && (yearWord(cells, i-1) || yearEnding(cells, i-1)) && p.Text == cells[i-1].Text {
				p.Text += c.Text
				p.X1 = c.X1
				continue
			}
			h := math.Max(8, (p.X1-p.X0)/math.Max(1, float64(runeLen(p.Text))))
			if runeLen(strings.TrimSpace(c.Text)) == 1 && runeLen(strings.TrimSpace(lastRune(p.Text))) == 1 && c.X0-p.X1 < 3.5*h && !isValue(c.Text) {
				p.Text += c.Text
				p.X1 = c.X1
				continue
			}
		}
		out = append(out, c)
	}
	return out
}

func lastRune(s string) string {
	r := []rune(strings.TrimSpace(s))
	if len(r) == 0 {
		return ""
	}
	if len(r) == 1 {
		return string(r)
	}
	return "xx"
}

// keyColumns gives each slot its key: the first column rule its header
// matches and no other column took, else c<position>.
func (gt *gTable) keyColumns(slots []*slot, fixed map[int]string) {
	taken := map[string]bool{}
	for i, s := range slots {
		if k, ok := fixed[i]; ok {
			s.key = k
			taken[k] = true
		}
	}
	for i, s := range slots {
		if s.key != "" {
			continue
		}
		// A performance form the form reader could not read stays as
		// printed: its columns (预算支出总额 | 财政拨款·基本支出 … over
		// 活动 | 绩效指标 | 指标值 …) are no expenditure table's, so they get
		// positional keys as an unknown table's do.
		form := gt.t.Kind == yusuan.KindPerformanceDepartment || gt.t.Kind == yusuan.KindPerformanceProject
		if gt.t.Kind != yusuan.KindOther && !form && !gt.priorYear(s) {
			// A period over a block of columns (当年 beside 上年 and
			// 增减变化情况) keys nothing: notCurrent has set the other
			// periods' columns apart.
			group := withoutPeriods(s.group)
			h := StripYear(Norm(group + s.label))
			if lab := periodless(s.label); lab == "小计" || lab == "合计" && group != "" {
				h = ""
			}
			switch s.keyBy {
			case "":
			case "-":
				h = ""
			default:
				h = StripYear(Norm(s.keyBy))
			}
			if s.keyBy != "" && s.keyBy != "-" {
				// A heading of its own (公务用车购置及运行维护费) is keyed by
				// the rule that names most of it.
				s.key = longestRule(h, gt.gr.g.Columns, taken)
				h = ""
			}
			if h != "" {
				s.key = specificRule(h, gt.gr.g.Columns, taken)
			}
			// 小计 or 合计 printed under a group (基本支出) is the group's own
			// total; where the group was not placed over it, the group is
			// what the next column's header starts with.
			if lab := periodless(s.label); s.key == "" && s.keyBy == "" && (lab == "小计" || lab == "合计" && group != "") {
				grp := Norm(group)
				// The 小计 of a 三公 heading (一般公共预算拨款安排的“三公”经费
				// 预算) is the three items' sum, not the fund's it names.
				if lv := strings.Split(grp, "/"); strings.Contains(lv[len(lv)-1], "三公") {
					grp = "-"
				}
				if grp == "" && i+1 < len(slots) {
					grp = Norm(slots[i+1].group + slots[i+1].label)
					// A next column headed 其中：基本支出 (其中： on a line
					// of its own over the parts, or run into the label) is
					// a part of this 小计, which is then the table's total.
					if strings.HasPrefix(grp, "其中") {
						grp = ""
						if !taken["total"] {
							s.key = "total"
						}
					}
				}
				if grp != "" && grp != "-" {
					for _, rule := range gt.gr.g.Columns {
						if groupKeys[rule.Key] && !taken[rule.Key] && containsAny(grp, rule.Any) {
							s.key = rule.Key
							break
						}
					}
				}
			}
		}
		if s.key == "" || taken[s.key] {
			s.key = "c" + strconv.Itoa(i+1)
		}
		taken[s.key] = true
	}
}

// priorYear reports a column of an earlier year than the table's (a
// 2026 table's 2025年预算数 or 上年预算数 column, printed for comparison): it
// is none of the table's own amounts, so no column rule keys it.
func (gt *gTable) priorYear(s *slot) bool {
	h := Norm(s.group + s.label)
	if containsAny(h, []string{"上年预算", "上年执行", "上年决算", "上年数"}) {
		return true
	}
	if gt.notCurrent(s) {
		return true
	}
	m := docYearRe.FindStringSubmatch(h)
	if m == nil {
		return false
	}
	col, _ := strconv.Atoi(m[1])
	// The table's year: its title's, else the latest its header names (a
	// header printing 2025年预算数 and 2026年预算数 side by side), else the
	// document's.
	year := 0
	if t := docYearRe.FindStringSubmatch(Norm(gt.t.Title)); t != nil {
		year, _ = strconv.Atoi(t[1])
	} else {
		for _, l := range gt.header {
			for _, m := range docYearRe.FindAllStringSubmatch(Norm(l.Text()), -1) {
				y, _ := strconv.Atoi(m[1])
				year = max(year, y)
			}
		}
		if col == year {
			year = Year(gt.gr.r.l)
		}
	}
	return year > 0 && col < year
}

// withoutPeriods is a group path without its period levels (当年/…).
func withoutPeriods(group string) string {
	if group == "" {
		return ""
	}
	var out []string
	for _, g := range strings.Split(group, "/") {
		if !periodWord(g) {
			out = append(out, g)
		}
	}
	return strings.Join(out, "/")
}

// periodWord reports a header cell that names a period (上年, 当年, 本年,
// 增减变化情况, 比上年增减), printed over that period's block of columns.
func periodWord(t string) bool {
	n := Norm(t)
	switch n {
	case "上年", "当年", "本年", "上年数", "当年数", "本年数":
		return true
	}
	return strings.HasPrefix(n, "增减") || strings.HasPrefix(n, "比上年")
}

// periodless is a column label without its year or a period word set on
// the same spot as it (当年 over 小计).
func periodless(label string) string {
	n := StripYear(Norm(label))
	for _, p := range []string{"上年", "当年", "本年"} {
		if r := strings.TrimPrefix(n, p); r == "小计" || r == "合计" {
			return r
		}
	}
	return n
}

// notCurrent reports a column under a header cell that names a period
// other than the table's own, where one header line prints several
// periods side by side, each centred over its columns: 2025年预算数 beside
// 2026年预算数, or 上年 | 当年 | 增减变化情况. The line is cut halfway between
// the cells.
func (gt *gTable) notCurrent(s *slot) bool {
	const (
		current = iota + 1
		other
	)
	for _, l := range gt.header {
		type pc struct {
			x0, x1 float64
			year   int // a printed year, else 0
			kind   int // current or other, for a period word
		}
		var ps []pc
		latest := 0
		for _, c := range mergeHeaderCells(l.NonEmpty()) {
			n := Norm(c.Text)
			switch {
			case docYearRe.MatchString(n):
				y, _ := strconv.Atoi(docYearRe.FindStringSubmatch(n)[1])
				ps = append(ps, pc{c.X0, c.X1, y, 0})
				latest = max(latest, y)
			case n == "当年" || n == "本年" || n == "当年数" || n == "本年数":
				ps = append(ps, pc{c.X0, c.X1, 0, current})
			case n == "上年" || n == "上年数" || strings.HasPrefix(n, "增减") || strings.HasPrefix(n, "比上年"):
				ps = append(ps, pc{c.X0, c.X1, 0, other})
			}
		}
		// The line must name the table's own period beside another:
		// 增减额 | 增减(%) alone are column labels, not periods.
		own, others := false, false
		for _, c := range ps {
			own = own || c.kind == current || c.year > 0 && c.year == latest
			others = others || c.kind == other || c.year > 0 && c.year < latest
		}
		if !own || !others {
			continue
		}
		for i, c := range ps {
			lo, hi := math.Inf(-1), math.Inf(1)
			if i > 0 {
				lo = (ps[i-1].x1 + c.x0) / 2
			}
			if i+1 < len(ps) {
				hi = (c.x1 + ps[i+1].x0) / 2
			}
			if s.center() > lo && s.center() <= hi {
				if c.kind == other || c.year > 0 && c.year < latest {
					return true
				}
			}
		}
	}
	return false
}

// groupKeys are the column keys of headers printed over several columns.
var groupKeys = map[string]bool{"basic": true, "project": true, "general_public": true, "gov_fund": true,
	"state_capital": true, "appropriation": true, "business": true, "vehicle": true, "total": true, "carry_over": true}

func containsAny(h string, words []string) bool {
	for _, w := range words {
		if strings.Contains(h, Norm(w)) {
			return true
		}
	}
	return false
}

func (gt *gTable) columns(slots []*slot) {
	for _, s := range slots {
		typ := yusuan.ColAmount
		if s.texts > 0 && s.amounts == 0 {
			typ = yusuan.ColText
		} else if s.key == "rate" || 2*s.percents >= s.amounts && s.percents > 0 {
			typ = yusuan.ColNumber
		}
		label := s.label
		if label == "" {
			label = s.group
		}
		gt.t.Columns = append(gt.t.Columns, yusuan.Column{Key: s.key, Label: label, Group: groupOrEmpty(s), Type: typ})
	}
}

func groupOrEmpty(s *slot) string {
	if s.label == "" {
		return ""
	}
	return s.group
}

// slotOf returns the column a value cell lies under.
func slotOf(slots []*slot, c layout.Cell) *slot {
	var best *slot
	bestOv := 0.0
	for _, s := range slots {
		if ov := overlap(c.X0, c.X1, s.x0, s.x1); ov > bestOv {
			best, bestOv = s, ov
		}
	}
	if best != nil {
		return best
	}
	d := math.Inf(1)
	for _, s := range slots {
		if dd := math.Abs(s.center() - c.Center()); dd < d {
			best, d = s, dd
		}
	}
	return best
}

// cellValue parses a value cell of column s; ok is false for a printed
// blank (—, -) and for what cannot be read (with a warning).
func (gt *gTable) cellValue(s *slot, c layout.Cell) (yusuan.Value, bool) {
	t := strings.TrimSpace(c.Text)
	if IsBlankMark(t) {
		return yusuan.Value{}, false
	}
	if s.key == "rate" || strings.HasSuffix(t, "%") {
		if a, _, err := ParseAmount(strings.TrimSuffix(t, "%"), "元"); err == nil {
			return yusuan.AmountValue(a), true
		}
	}
	if isValue(t) {
		a, _, err := ParseAmount(t, gt.t.Unit)
		if err != nil {
			gt.gr.r.warnf(c.Pos, "表%d：%v", gt.t.Number, err)
			return yusuan.Value{}, false
		}
		return yusuan.AmountValue(a), true
	}
	return yusuan.TextValue(t), true
}

// keyBound is the left edge of the values: the leftmost amount of any
// data line that is not a leading code.
func (gt *gTable) keyBound() float64 {
	kx := math.Inf(1)
	for pass := 0; pass < 2; pass++ {
		for _, l := range gt.data {
			cells := l.NonEmpty()
			// A code printed alone before its amounts (its name wrapped onto
			// the line above) is not a value: lines starting with a code
			// count only where no line with a name says where values start.
			if len(cells) > 0 && isCode(cells[0].Text) && pass == 0 {
				continue
			}
			for i, c := range cells {
				t := strings.TrimSpace(c.Text)
				if !isValue(t) && !IsBlankMark(t) {
					continue
				}
				if isCode(t) && (codeOfName(cells, i) || pass == 1 && c.X1 < kx) {
					continue
				}
				if pass == 0 || math.IsInf(kx, 1) {
					kx = math.Min(kx, c.X0)
				}
				break
			}
		}
		if !math.IsInf(kx, 1) {
			break
		}
	}
	return kx
}

// keyRight is the right edge of the code and name cells: header cells
// left of it head the code and name columns, not values.
func (gt *gTable) keyRight() float64 {
	kr := 0.0
	for _, l := range gt.data {
		key, vals := gt.lineSplit(l)
		if len(vals) == 0 {
			continue
		}
		for _, c := range key {
			kr = math.Max(kr, c.X1)
		}
	}
	return kr
}

// keyTextColumns finds text columns printed left of the amounts after the
// name column: header cells there other than code and classification
// headers, the first of which heads the names. Each column runs from a
// little left of its header to the next. A header the value columns took
// already (预算数 set far left of its right-aligned numbers) heads no text
// column.
func (gt *gTable) keyTextColumns(valueSlots []*slot) []*slot {
	type at struct {
		x    float64
		line int
	}
	placed := map[at]bool{}
	for _, s := range valueSlots {
		for _, c := range s.labels {
			placed[at{c.X0, c.Pos.Line}] = true
		}
	}
	var hs []layout.Cell
	for _, l := range gt.header {
		for _, c := range mergeHeaderCells(l.NonEmpty()) {
			n := Norm(c.Text)
			if c.X1 >= gt.keyX-4 || containsAny(n, []string{"编码", "科目", "分类", "代码", "编号"}) || strings.Trim(n, "类款项") == "" || placed[at{c.X0, c.Pos.Line}] ||
				isColumnMark(c.Text) || allDigits(foldNumber(c.Text)) || n == "栏次" {
				continue
			}
			hs = append(hs, c)
		}
	}
	if len(hs) < 2 {
		return nil
	}
	sort.SliceStable(hs, func(i, j int) bool { return hs[i].X0 < hs[j].X0 })
	gt.nameHeader = hs[0]
	var out []*slot
	for i, h := range hs[1:] {
		if h.X0-hs[i].X1 < 20 {
			return nil // one header split in words, not two columns
		}
		x1 := gt.keyX - 4
		if i+2 < len(hs) {
			x1 = hs[i+2].X0 - 10
		}
		out = append(out, &slot{x0: h.X0 - 10, x1: x1, labels: []layout.Cell{h}, label: strings.TrimSpace(h.Text), shared: map[int]bool{}, texts: 1, fromData: true})
	}
	return out
}

// headerKeyBound is where the value columns of an empty table start:
// right of its code and name headers (科目编码, 科目名称, 项目).
func (gt *gTable) headerKeyBound() float64 {
	kx := 0.0
	for _, l := range gt.header {
		for _, c := range l.NonEmpty() {
			n := Norm(c.Text)
			if strings.Contains(n, "科目") || strings.Contains(n, "编码") || strings.Contains(n, "名称") || n == "项目" || n == "类" || n == "款" || n == "项" {
				kx = math.Max(kx, c.X1+1)
			}
		}
	}
	return kx
}

// readGrid reads a table of code and name columns and value columns.
func (gt *gTable) readGrid() {
	// A performance form is read as a form (recognize/form_general.go).
	if k := gt.t.Kind; k == yusuan.KindPerformanceProject || k == yusuan.KindPerformanceDepartment {
		if forms, ok := gt.gr.r.readForms(gt.t, append(append([]*layout.Line{}, gt.header...), gt.data...)); ok {
			*gt.t = forms[0]
			gt.gr.more = append(gt.gr.more, forms[1:]...)
			return
		}
	}
	gt.data = joinYearCells(gt.data)
	gt.data = joinWrappedAmounts(gt.data)
	gt.keyX = gt.keyBound()
	if math.IsInf(gt.keyX, 1) {
		// No amounts at all: an empty table of a known kind (its note
		// says why) keeps its printed columns and has no rows; a form or
		// an unknown table keeps every line as a row of text cells.
		if gt.t.Kind == yusuan.KindOther || gt.t.Kind == yusuan.KindPerformanceProject || gt.t.Kind == yusuan.KindPerformanceDepartment || len(gt.data) > 0 {
			gt.readText()
			return
		}
		gt.keyX = gt.headerKeyBound()
		var hdr []*layout.Line
		total := false
		for _, l := range gt.header {
			if isTotalName(l.Text()) {
				total = true // the 合计 row printed blank
				continue
			}
			hdr = append(hdr, l)
		}
		slots := gt.buildSlots(nil, hdr, gt.keyX, gt.keyX, math.Inf(1))
		gt.keyColumns(slots, nil)
		gt.columns(slots)
		if total {
			gt.t.Rows = append(gt.t.Rows, yusuan.Row{Name: "合计", Level: yusuan.LevelTotal, Cells: map[string]yusuan.Value{}})
		}
		return
	}
	var vals []layout.Cell
	for _, l := range gt.data {
		if gt.headerLike(l) {
			continue
		}
		_, v := gt.lineSplit(l)
		vals = append(vals, v...)
	}
	slots := gt.buildSlots(vals, gt.header, math.Min(gt.keyX-4, gt.keyRight()+1), gt.keyX-4, math.Inf(1))
	// Text columns printed between the name and the amounts (项目名称 |
	// 项目类别 | 合计 …) are columns of their own, not part of the name.
	textCols := gt.keyTextColumns(slots)
	slots = append(textCols, slots...)
	gt.keyColumns(slots, nil)
	gt.columns(slots)
	gt.slots = slots
	var rows []parsedRow
	var orphans []*layout.Line
	hasThird := false
	for _, l := range gt.data {
		if gt.headerLike(l) && !r0HasTotal(l) {
			continue
		}
		key, v := gt.lineSplit(l)
		if len(textCols) > 0 {
			// A cell from the text column's left edge on is its; so is a
			// cell after the line's name that starts right of the name
			// column's header (项目名称 centred over names set flush left,
			// under 单位名称's cells). A lone label (合计 centred over both
			// columns) stays the name.
			var k2 []layout.Cell
			named := false
			for _, c := range key {
				if !isCode(c.Text) && (c.X0 >= textCols[0].x0 || named && c.X0 > gt.nameHeader.X1) {
					v = append(v, c)
				} else {
					k2 = append(k2, c)
					named = named || !isCode(c.Text)
				}
			}
			key = k2
		}
		pr := parsedRow{line: l, values: map[string]yusuan.Value{}, sources: map[string]yusuan.Position{}}
		pr.codes, pr.name, pr.gov, pr.gname = keyCells(splitCodes(splitCodeNames(key)), true)
		pr.name = dropGapMarks(pr.name)
		// A third classification after the government one (Beijing's
		// 支出总表: 2040601-行政运行 | 50101-工资奖金津补贴 | 30101-基本工资):
		// the department economic code and name, kept as a text cell.
		if k := thirdCode(pr.gname); k >= 0 {
			third := pr.gname[k:]
			pr.gname = pr.gname[:k]
			var code, name []layout.Cell
			for _, c := range third {
				if isCode(c.Text) && len(name) == 0 {
					code = append(code, c)
				} else {
					name = append(name, c)
				}
			}
			pr.values[thirdKey] = yusuan.TextValue(strings.TrimSpace(joinCode(code) + " " + layout.Join(name)))
			pr.sources[thirdKey] = third[0].Pos
			hasThird = true
		}
		// 政府经济分类 (5xx) printed before 部门经济分类 (3xx): the row's code
		// is the department's, gov_code the government's.
		if c, g := joinCode(pr.codes), joinCode(pr.gov); len(pr.gov) > 0 && strings.HasPrefix(c, "5") && strings.HasPrefix(g, "3") {
			pr.codes, pr.gov = pr.gov, pr.codes
			pr.name, pr.gname = pr.gname, pr.name
		}
		for _, c := range v {
			s := slotOf(slots, c)
			if s == nil {
				gt.gr.r.warnf(c.Pos, "表%d：单元格“%s”不在任何列下，已忽略", gt.t.Number, c.Text)
				continue
			}
			val, ok := gt.cellValue(s, c)
			if !ok {
				continue
			}
			if old, dup := pr.values[s.key]; dup {
				if old.IsText && val.IsText {
					old.Text += val.Text
					pr.values[s.key] = old
					continue
				}
				gt.gr.r.warnf(c.Pos, "表%d：列“%s”有两个值“%s”，保留第一个", gt.t.Number, s.label, c.Text)
				continue
			}
			pr.values[s.key] = val
			pr.sources[s.key] = c.Pos
		}
		if len(pr.codes) == 0 && len(pr.values) == 0 {
			if len(pr.name) > 0 {
				orphans = append(orphans, l)
			}
			continue
		}
		rows = append(rows, pr)
	}
	if hasThird {
		gt.t.Columns = append([]yusuan.Column{{Key: thirdKey, Label: gt.thirdLabel(), Type: yusuan.ColText}}, gt.t.Columns...)
	}
	if len(textCols) > 0 {
		gt.spanningName(rows, textCols[0])
	}
	tp := &tableParse{r: gt.gr.r, t: gt.t, isGrid: gt.grid, textOnly: map[string]bool{}}
	for _, s := range slots {
		if s.amounts == 0 && s.texts > 0 && s.fromData {
			tp.textOnly[s.key] = true
		}
	}
	tp.attachOrphans(rows, orphans)
	rows = joinWrappedText(rows)
	functional := gt.t.Kind == yusuan.KindExpenditure || gt.t.Kind == yusuan.KindIncome ||
		gt.t.Kind == yusuan.KindGeneralPublicFunctional || gt.t.Kind == yusuan.KindGovFund || gt.t.Kind == yusuan.KindStateCapital
	hc := &hierCode{}
	for i := range rows {
		pr := &rows[i]
		row := yusuan.Row{Cells: pr.values, Sources: pr.sources}
		row.Code = hc.full(pr.codes)
		row.PrintedCode = printedCode(pr.codes)
		row.Name = layout.Join(pr.name)
		if len(pr.codes) > 0 {
			row.Sources["code"] = pr.codes[0].Pos
		}
		if len(pr.name) > 0 {
			row.Sources["name"] = pr.name[0].Pos
		}
		if len(pr.gov) > 0 {
			row.GovCode, row.GovName = joinCode(pr.gov), layout.Join(pr.gname)
		}
		switch {
		case row.Code == "" && isTotalName(row.Name):
			row.Name = "合计"
			row.Level = yusuan.LevelTotal
		case row.Code == "" && row.Name == "" && i == 0:
			// One line of amounts without a label (三公, a 收入总表 of
			// one row): the table's total.
			row.Name = "合计"
			row.Level = yusuan.LevelTotal
		default:
			row.Level = levelOf(row.Code, len(pr.codes))
			// A unit numbered with three digits (Xi'an: 114 西安市人民政府
			// 办公厅, 114001 …) is a unit, not a 类.
			if row.Level == yusuan.LevelClass && isOrgName(row.Name) {
				row.Level = yusuan.LevelUnit
			}
		}
		if row.Code == "" && row.Level != yusuan.LevelTotal && functional {
			if code, ok := gt.gr.r.funcNames[Norm(row.Name)]; ok && len(code) == 3 {
				row.Code, row.Level = code, yusuan.LevelClass
			}
		}
		if len(row.Sources) == 0 {
			row.Sources = nil
		}
		gt.t.Rows = append(gt.t.Rows, row)
	}
	if len(textCols) > 0 {
		gt.nameByTextColumn(textCols[0])
	}
}

// nameByTextColumn: where the name column repeats a label over several
// rows (单位名称: 湖州市财政局 on four projects) and the first text column
// after it names every such row once (项目名称), the rows are that
// column's items: each is named by it and the repeated label becomes the
// text column, headed by the name column's header.
func (gt *gTable) nameByTextColumn(tc *slot) {
	seen := map[string]int{}
	items := map[string]int{}
	rows := 0
	for _, r := range gt.t.Rows {
		if r.Level == yusuan.LevelTotal || r.Code != "" {
			continue
		}
		v, ok := r.Cells[tc.key]
		if !ok || !v.IsText || strings.TrimSpace(v.Text) == "" || r.Name == "" {
			return
		}
		rows++
		seen[Norm(r.Name)]++
		items[Norm(v.Text)]++
	}
	repeated := false
	for _, n := range seen {
		repeated = repeated || n > 1
	}
	if rows < 2 || !repeated || len(items) != rows {
		return
	}
	for i := range gt.t.Rows {
		r := &gt.t.Rows[i]
		if r.Level == yusuan.LevelTotal || r.Code != "" {
			continue
		}
		v := r.Cells[tc.key]
		name := r.Name
		r.Name = strings.TrimSpace(v.Text)
		r.Cells[tc.key] = yusuan.TextValue(name)
		if r.Sources != nil {
			np, hasName := r.Sources["name"]
			r.Sources["name"] = r.Sources[tc.key]
			if hasName {
				r.Sources[tc.key] = np
			}
		}
	}
	for i := range gt.t.Columns {
		if gt.t.Columns[i].Key == tc.key {
			gt.t.Columns[i].Label = strings.TrimSpace(gt.nameHeader.Text)
		}
	}
}

// spanningName: where the name column is printed on the first row only
// and the text column after it names that row and every later row
// (Shenzhen's 三公 table: 预算单位 深圳市财政局（本级） once, 年度 2025年 /
// 2026年 / 增减变化金额 row by row, the later rows' labels read as names
// since nothing stands before them), the name is one cell spanning the
// rows: the text column names each row, and the spanning label is the
// first row's cell of that column, headed by the name column's header.
func (gt *gTable) spanningName(rows []parsedRow, tc *slot) {
	if len(rows) < 2 || len(rows[0].codes) > 0 || len(rows[0].name) == 0 {
		return
	}
	v, ok := rows[0].values[tc.key]
	if !ok || !v.IsText {
		return
	}
	for _, pr := range rows[1:] {
		if _, has := pr.values[tc.key]; has || len(pr.codes) > 0 || len(pr.name) == 0 {
			return
		}
		// printed in the text column, right of the name column's header
		for _, c := range pr.name {
			if c.X0 <= gt.nameHeader.X1 || c.X1 < tc.x0 {
				return
			}
		}
	}
	first := rows[0].name
	rows[0].name = []layout.Cell{{Text: v.Text, X0: tc.x0, X1: tc.x1, Pos: rows[0].sources[tc.key]}}
	rows[0].values[tc.key] = yusuan.TextValue(layout.Join(first))
	rows[0].sources[tc.key] = first[0].Pos
	for i := range gt.t.Columns {
		if gt.t.Columns[i].Key == tc.key {
			gt.t.Columns[i].Label = strings.TrimSpace(gt.nameHeader.Text)
		}
	}
}

// joinWrappedText: a line with nothing but text in a text column (no
// code, no name, no amount) is part of a text cell wrapped over several
// lines and set in the middle of its row (a project's goal printed over
// the lines above and below its name and amount): it joins the nearest
// row that has a name or an amount, in printed order.
func joinWrappedText(rows []parsedRow) []parsedRow {
	frag := func(pr *parsedRow) bool {
		if len(pr.codes) > 0 || len(pr.name) > 0 || len(pr.gov) > 0 || len(pr.values) == 0 || pr.line == nil {
			return false
		}
		for _, v := range pr.values {
			if !v.IsText {
				return false
			}
		}
		return true
	}
	type piece struct {
		y    float64
		key  string
		text string
	}
	var anchors []int
	for i := range rows {
		if !frag(&rows[i]) {
			anchors = append(anchors, i)
		}
	}
	if len(anchors) == 0 || len(anchors) == len(rows) {
		return rows
	}
	pieces := map[int][]piece{}
	var out []parsedRow
	for i := range rows {
		pr := &rows[i]
		if !frag(pr) {
			continue
		}
		best, bestD := -1, math.Inf(1)
		for _, a := range anchors {
			al := rows[a].line
			if al == nil || al.Pos.Page != pr.line.Pos.Page {
				continue
			}
			if d := math.Abs((al.Y0+al.Y1)/2 - (pr.line.Y0+pr.line.Y1)/2); d < bestD {
				best, bestD = a, d
			}
		}
		if best < 0 {
			continue
		}
		for k, v := range pr.values {
			pieces[best] = append(pieces[best], piece{pr.line.Y0, k, v.Text})
		}
	}
	for i := range rows {
		ps := pieces[i]
		if frag(&rows[i]) || len(ps) == 0 {
			continue
		}
		for k, v := range rows[i].values {
			if v.IsText {
				ps = append(ps, piece{rows[i].line.Y0, k, v.Text})
			}
		}
		sort.SliceStable(ps, func(a, b int) bool { return ps[a].y < ps[b].y })
		texts := map[string]string{}
		for _, p := range ps {
			texts[p.key] += strings.TrimSpace(p.text)
		}
		for k, t := range texts {
			rows[i].values[k] = yusuan.TextValue(t)
		}
	}
	for i := range rows {
		// a fragment joined a row of its page; one on a page with none
		// stays a row of its own
		if frag(&rows[i]) && pageHasAnchor(rows, anchors, rows[i].line.Pos.Page) {
			continue
		}
		out = append(out, rows[i])
	}
	return out
}

func pageHasAnchor(rows []parsedRow, anchors []int, page int) bool {
	for _, a := range anchors {
		if rows[a].line != nil && rows[a].line.Pos.Page == page {
			return true
		}
	}
	return false
}

// readText keeps a table without amounts as rows of text cells.
func (gt *gTable) readText() {
	lines := append(append([]*layout.Line{}, gt.header...), gt.data...)
	if len(lines) == 0 {
		return
	}
	var cells []layout.Cell
	for _, l := range lines {
		cells = append(cells, l.NonEmpty()...)
	}
	slots := clusterSlots(cells)
	gt.keyColumns(slots, map[int]string{})
	for i, s := range slots {
		s.key = "c" + strconv.Itoa(i+1)
		s.texts = 1
	}
	gt.columns(slots)
	for _, l := range lines {
		row := yusuan.Row{Cells: map[string]yusuan.Value{}, Sources: map[string]yusuan.Position{}}
		for _, c := range l.NonEmpty() {
			s := slotOf(slots, c)
			if old, ok := row.Cells[s.key]; ok {
				old.Text += strings.TrimSpace(c.Text)
				row.Cells[s.key] = old
				continue
			}
			row.Cells[s.key] = yusuan.TextValue(strings.TrimSpace(c.Text))
			row.Sources[s.key] = c.Pos
		}
		gt.t.Rows = append(gt.t.Rows, row)
	}
}

// headerLike reports a repeated header line (a table continued on a new
// page): all its words are header words of the table.
func (gt *gTable) headerLike(l *layout.Line) bool {
	cells := l.NonEmpty()
	if len(cells) == 0 || gt.gr.isDataLine(l) {
		return false
	}
	for _, c := range cells {
		k := StripYear(Norm(c.Text))
		if !gt.vocab[k] && !headerWords[k] {
			return false
		}
	}
	return true
}

var headerWords = map[string]bool{"类": true, "款": true, "项": true, "项目": true, "科目编码": true, "科目名称": true, "收入": true, "支出": true, "预算数": true}

// sideEntry of a two-sided table: one side of one printed line.
type gSide struct {
	name    []layout.Cell
	values  map[string]yusuan.Value
	sources map[string]yusuan.Position
}

// readTwoSided reads a 收入 | 支出 table: each line holds an income item
// on the left and an expenditure item on the right, which the extractor
// may put on one line even where one side's amount is blank.
func (gt *gTable) readTwoSided() {
	gt.data = dropLineNumbers(gt.header, gt.data)
	// The expenditure side starts where a second label starts: right of
	// an income amount, or after a wide gap behind the first label.
	bound := math.Inf(1)
	for _, l := range gt.data {
		if gt.headerLike(l) || !gt.gr.isDataLine(l) {
			continue // a repeated header (收入 … 支出) spans both sides
		}
		cells := l.NonEmpty()
		seenAmount := false
		for i, c := range cells {
			t := strings.TrimSpace(c.Text)
			if isValue(t) || IsBlankMark(t) {
				seenAmount = true
				continue
			}
			if seenAmount || (i > 0 && !isValue(cells[i-1].Text) && c.X0-cells[i-1].X1 > 40) {
				bound = math.Min(bound, c.X0-1)
				break
			}
		}
	}
	if math.IsInf(bound, 1) {
		gt.readGrid()
		return
	}
	gt.bound = bound
	var left, right []layout.Cell
	for _, l := range gt.data {
		for _, c := range l.NonEmpty() {
			t := strings.TrimSpace(c.Text)
			if !(isValue(t) || IsBlankMark(t)) {
				continue
			}
			if c.X1 <= bound {
				left = append(left, c)
			} else {
				right = append(right, c)
			}
		}
	}
	// The sides' headings (收入, 支出) are groups, set below; they are not
	// part of any column's own header.
	gt.ignore = map[string]bool{}
	for side := 0; side < 2; side++ {
		if h := gt.sideHeading(side); h != "" {
			gt.ignore[h] = true
			// Letter-spaced far apart (支 … 出 over a side of three
			// columns), the heading's characters stand alone over
			// columns they do not name.
			for _, r := range h {
				gt.ignore[string(r)] = true
			}
		}
	}
	ls := gt.buildSlots(left, gt.header, 0, 0, bound)
	rs := gt.buildSlots(right, gt.header, bound+30, bound+30, math.Inf(1))
	// Drop header-only slots that are label columns (项目) of a side; a
	// side with one column of amounts is headed by its amount word
	// (预算数, 本年预算, 金额) wherever that is printed.
	ls, rs = amountSlots(ls, left), amountSlots(rs, right)
	// Xi'an prints the expenditure side three times, by function, by
	// department economic class and by government economic class: label,
	// amount, label, amount… The side's later classifications are sub-sides
	// of their own, each one column.
	subs := gt.subSides(rs, bound)
	if subs != nil {
		rs = subs
	} else {
		rs = gt.oneColumnSide(rs, 1)
	}
	ls = gt.oneColumnSide(ls, 0)
	for _, s := range rs {
		s.side = 1
	}
	slots := append(append([]*slot{}, ls...), rs...)
	fixed := map[int]string{}
	if len(ls) > 0 {
		fixed[0] = "income"
	}
	if len(rs) > 0 {
		fixed[len(ls)] = "expenditure"
	}
	gt.keyColumns(slots, fixed)
	// Each side's heading (收入, 支出) is the group of its columns.
	for side, ss := range [][]*slot{ls, rs} {
		if g := gt.sideHeading(side); g != "" {
			for _, s := range ss {
				if s.group == "" {
					s.group = g
				}
			}
		}
	}
	if subs != nil {
		gt.keySubSides(subs, bound)
	}
	gt.columns(slots)
	// sideOf is the side of a cell: 0 income, 1 expenditure, 2… the
	// expenditure side's further classifications.
	sideOf := func(c layout.Cell) int {
		if c.X0 <= bound {
			return 0
		}
		if subs == nil {
			return 1
		}
		t := strings.TrimSpace(c.Text)
		if isValue(t) || IsBlankMark(t) {
			s := slotOf(subs, c)
			for j := range subs {
				if subs[j] == s {
					return 1 + j
				}
			}
		}
		j := 0
		for j+1 < len(subs) && subs[j].x1 < c.X0 {
			j++
		}
		return 1 + j
	}
	nSides := 2
	if subs != nil {
		nSides = 1 + len(subs)
	}
	ents := make([][]*gSide, nSides)
	for _, l := range gt.data {
		if gt.headerLike(l) {
			continue
		}
		cur := make([]*gSide, nSides)
		for _, c := range l.NonEmpty() {
			side := sideOf(c)
			if cur[side] == nil {
				cur[side] = &gSide{values: map[string]yusuan.Value{}, sources: map[string]yusuan.Position{}}
			}
			e := cur[side]
			t := strings.TrimSpace(c.Text)
			if isValue(t) || IsBlankMark(t) {
				ss := ls
				switch {
				case side >= 1 && subs != nil:
					ss = subs[side-1 : side]
				case side == 1:
					ss = rs
				}
				s := slotOf(ss, c)
				if s == nil {
					gt.gr.r.warnf(c.Pos, "表%d：单元格“%s”不在任何列下，已忽略", gt.t.Number, t)
					continue
				}
				v, ok := gt.cellValue(s, c)
				if !ok {
					continue
				}
				if _, dup := e.values[s.key]; dup {
					gt.gr.r.warnf(c.Pos, "表%d：列“%s”有两个值“%s”，保留第一个", gt.t.Number, s.label, t)
					continue
				}
				e.values[s.key] = v
				e.sources[s.key] = c.Pos
				continue
			}
			e.name = append(e.name, c)
		}
		for side := range cur {
			e := cur[side]
			if e == nil {
				continue
			}
			if len(e.name) == 0 && len(ents[side]) > 0 && len(e.values) == 0 {
				continue
			}
			ents[side] = append(ents[side], e)
		}
	}
	for side := range ents {
		inCarry := false // under a carried-over row (上年结转结余), among its parts
		for _, e := range ents[side] {
			name := strings.TrimSpace(layout.Join(e.name))
			row := yusuan.Row{Name: name, Cells: e.values, Sources: e.sources}
			if len(e.name) > 0 {
				row.Sources["name"] = e.name[0].Pos
			}
			if side >= 2 {
				// A further classification of the expenditure: its rows
				// keep their printed labels, under their own column; the
				// two sides' keys and totals are the first two's.
				if row.Name == "" && len(row.Cells) == 0 {
					continue
				}
				gt.t.Rows = append(gt.t.Rows, row)
				continue
			}
			k := itemKey(name)
			// A row of money carried over (上年结余、结转 and its parts,
			// 一般公共预算拨款结余、结转) is none of the year's sources.
			carried := strings.Contains(k, "结转") || strings.Contains(k, "结余")
			for _, rule := range gt.gr.g.Rows {
				if carried && !carryKeys[rule.Key] {
					continue
				}
				if containsAny(k, rule.Any) {
					row.Key = rule.Key
					break
				}
			}
			// The numbered rows under 上年结转结余 (一、一般公共预算拨款 …)
			// are its parts, not the year's sources.
			switch {
			case row.Key == "carry_in" || row.Key == "carry_over":
				inCarry = true
			case row.Key == "" || carryKeys[row.Key] || row.Key == "grand_total" || row.Key == "income_total" || row.Key == "expenditure_total":
				if row.Key != "" {
					inCarry = false
				}
			case inCarry && startsNumbered(name):
				row.Key = ""
			default:
				inCarry = false
			}
			if side == 1 && row.Key == "" {
				if code, ok := gt.gr.r.funcNames[Norm(StripNumbering(Norm(name)))]; ok && len(code) == 3 {
					row.Code, row.Level = code, yusuan.LevelClass
				}
			}
			// 收入总计 and 支出总计 stay two rows, each with its side's
			// amount under its printed label.
			// So does a side's 合计 printed as its first or last line (重庆
			// 表一: 合计 over 一、一般公共预算资金 … and over 一、一般公共服务支出 …).
			if row.Key == "grand_total" || row.Key == "" && row.Code == "" && isTotalName(name) {
				row.Level = yusuan.LevelTotal
			}
			if row.Name == "" && len(row.Cells) == 0 {
				continue
			}
			if len(row.Sources) == 0 {
				row.Sources = nil
			}
			gt.t.Rows = append(gt.t.Rows, row)
		}
	}
}

// subSides splits the expenditure side of a two-sided table into the
// classifications printed beside each other (label, amount, label,
// amount…), each with its one column of amounts; nil when the side is
// one classification. The sign: on lines of data, labels printed right of
// the side's first column of amounts.
func (gt *gTable) subSides(rs []*slot, bound float64) []*slot {
	var data []*slot
	for _, s := range rs {
		if s.fromData && s.amounts > 0 {
			data = append(data, s)
		}
	}
	if len(data) < 2 {
		return nil
	}
	sort.Slice(data, func(i, j int) bool { return data[i].x0 < data[j].x0 })
	// Every later column of amounts must have labels on its left, right
	// of the column before it, on at least two lines.
	for j := 1; j < len(data); j++ {
		n := 0
		for _, l := range gt.data {
			if gt.headerLike(l) {
				continue
			}
			for _, c := range l.NonEmpty() {
				t := strings.TrimSpace(c.Text)
				if c.X0 > data[j-1].x1 && c.X1 < data[j].x0 && !isValue(t) && !IsBlankMark(t) {
					n++
					break
				}
			}
		}
		if n < 2 {
			return nil
		}
	}
	return data
}

// keySubSides names the columns of a side split by subSides: the first
// keeps its key (expenditure); each further one is keyed by what its
// label column's header says (部门预算支出经济分类, 政府预算支出经济分类)
// and grouped under that header.
func (gt *gTable) keySubSides(subs []*slot, bound float64) {
	used := map[string]bool{}
	heading := gt.sideHeading(1)
	for j := 1; j < len(subs); j++ {
		var head []string
		for _, l := range gt.header {
			for _, c := range mergeHeaderCells(l.NonEmpty()) {
				if heading != "" && Norm(c.Text) == heading {
					continue // 支出, over the whole side
				}
				if c.X0 > subs[j-1].x1 && c.X1 < subs[j].x0+1 && c.Center() < subs[j].x0 {
					head = append(head, strings.TrimSpace(c.Text))
				}
			}
		}
		h := strings.Join(head, "")
		n := Norm(h)
		key := "expenditure_" + strconv.Itoa(j+1)
		switch {
		case strings.Contains(n, "经济") && strings.Contains(n, "政府"):
			key = "expenditure_gov_economic"
		case strings.Contains(n, "经济") && strings.Contains(n, "部门"):
			key = "expenditure_dept_economic"
		case strings.Contains(n, "经济"):
			key = "expenditure_economic"
		}
		if used[key] {
			key += "_" + strconv.Itoa(j+1)
		}
		used[key] = true
		subs[j].key = key
		if h != "" {
			subs[j].group = h
		}
	}
}

// isColumnMark reports a 栏次 mark that heads no column: Changsha prints
// "**" under the code and name columns where the amounts' columns are
// numbered 1, 2, 3.
func isColumnMark(s string) bool {
	s = strings.TrimSpace(s)
	return s != "" && strings.Trim(s, "*＊") == ""
}

// carryKeys are the row keys of money carried between years.
var carryKeys = map[string]bool{"carry_in": true, "carry_out": true, "carry_over": true, "carry_forward": true, "surplus_use": true}

// oneColumnSide: where a side of a two-sided table has one column of
// amounts, that column is the side's only one, labelled by the amount
// word printed in the side's header.
func (gt *gTable) oneColumnSide(ss []*slot, side int) []*slot {
	var data []*slot
	for _, s := range ss {
		if s.fromData {
			data = append(data, s)
		}
	}
	if len(data) > 1 {
		// Pages of a continued table set a little differently: columns of
		// one side that never share a line are one column.
		for _, l := range gt.data {
			n := 0
			for _, c := range l.NonEmpty() {
				t := strings.TrimSpace(c.Text)
				if (isValue(t) || IsBlankMark(t)) && (c.X1 <= gt.bound) == (side == 0) {
					n++
				}
			}
			if n > 1 {
				return ss
			}
		}
		m := data[0]
		for _, d := range data[1:] {
			m.x0, m.x1 = math.Min(m.x0, d.x0), math.Max(m.x1, d.x1)
			m.amounts += d.amounts
		}
		data = data[:1]
	}
	if len(data) != 1 {
		return ss
	}
	s := data[0]
	for _, l := range gt.header {
		for _, c := range mergeHeaderCells(l.NonEmpty()) {
			if (c.Center() < gt.bound) != (side == 0) {
				continue
			}
			n := Norm(c.Text)
			if containsAny(n, []string{"预算", "决算", "金额", "数"}) && !strings.Contains(n, "项目") {
				s.label, s.group = c.Text, ""
			}
		}
	}
	return data
}

// sideHeading is the heading printed over one side of a two-sided table
// (收入 or 支出, letter-spaced or not): the first header line with a cell
// on each side of the boundary.
func (gt *gTable) sideHeading(side int) string {
	for _, l := range gt.header {
		cells := mergeHeaderCells(l.NonEmpty())
		var left, right []string
		for _, c := range cells {
			if c.Center() < gt.bound {
				left = append(left, c.Text)
			} else {
				right = append(right, c.Text)
			}
		}
		if len(left) > 0 && len(right) > 0 {
			h := strings.Join([][]string{left, right}[side], "")
			if n := Norm(h); runeLen(n) <= 8 && (strings.HasPrefix(n, "收") || strings.HasPrefix(n, "支")) {
				return n
			}
		}
	}
	return ""
}

var numberedRe = lazyre.New(`^([一二三四五六七八九十]+[、.]|[(（][一二三四五六七八九十0-9]+[)）]|\d+[、.])`)

var listNumberRe = lazyre.New(`^([一二三四五六七八九十]+[、.]|[(（][一二三四五六七八九十0-9]+[)）]|\d+[、.]|(附)?表\s*[0-9一二三四五六七八九十]+)`)

// startsListNumber reports a line numbered like an entry of a list.
func startsListNumber(s string) bool { return listNumberRe.MatchString(strings.TrimSpace(s)) }

func startsNumbered(s string) bool { return numberedRe.MatchString(strings.TrimSpace(s)) }

// amountSlots keeps the slots that hold amounts, or header-only slots
// whose header names an amount column (not a label column 项目).
func amountSlots(slots []*slot, cells []layout.Cell) []*slot {
	var out []*slot
	for _, s := range slots {
		if s.fromData {
			out = append(out, s)
			continue
		}
		l := Norm(s.label + s.group)
		if l == "" || strings.Contains(l, "项目") || !containsAny(l, []string{"数", "预算", "决算", "金额", "计"}) {
			continue
		}
		out = append(out, s)
	}
	return out
}

// docKind sets the document's kind (预算 or 决算) and level (部门 or 单位)
// from its title, cover and table titles.
func (gr *generalReader) docKind() {
	r := gr.r
	doc := r.doc
	var b strings.Builder
	n := 0
	for _, l := range r.lines {
		if l.Empty() {
			continue
		}
		b.WriteString(Norm(l.Text()))
		n++
		if n > 12 {
			break
		}
	}
	for _, t := range doc.Tables {
		b.WriteString(Norm(t.Title))
	}
	s := b.String()
	if strings.Count(s, "决算") > strings.Count(s, "预算") {
		doc.Kind = yusuan.DocFinal
	} else {
		doc.Kind = yusuan.DocBudget
	}
	unit := strings.Count(s, "单位预算") + strings.Count(s, "单位决算") + strings.Count(s, "预算单位")
	dept := strings.Count(s, "部门预算") + strings.Count(s, "部门决算") + strings.Count(s, "部门收支") + strings.Count(s, "部门收入") + strings.Count(s, "部门支出")
	if unit > dept {
		doc.Level = yusuan.LevelBudgetUnit
	} else {
		doc.Level = yusuan.LevelDepartment
	}
}

// hierCode rebuilds full codes printed hierarchically: 类 "201", then
// its 款 as "03" and 项 as "01" in columns further right (20103,
// 2010301), as many regions print them.
type hierCode struct {
	class, seg string
	segX       float64
	last       int // length of the last full code
}

func (h *hierCode) full(codes []layout.Cell) string {
	code := joinCode(codes)
	if len(codes) != 1 || len(code) != 2 {
		switch len(code) {
		case 3:
			h.class, h.seg = code, ""
		case 5:
			h.class, h.seg = code[:3], code
			h.segX = codes[0].X0
		case 7:
			h.class, h.seg = code[:3], code[:5]
		}
		if code != "" {
			h.last = len(code)
		}
		return code
	}
	x := codes[0].X0
	switch {
	case h.class == "":
		return code
	case h.seg == "" || h.last == 3 || x <= h.segX+3:
		h.seg, h.segX, h.last = h.class+code, x, 5
		return h.seg
	default:
		h.last = 7
		return h.seg + code
	}
}

// Auto recognizes a layout as `yusuan import --profile auto` does: with
// the regional profile that fits it (DetectStrict), else with the general
// reading profile. catalog returns the catalog of a year (nil if none).
func Auto(l *layout.Layout, ps []*yusuan.Profile, g *profile.Reading, catalog func(year int) *yusuan.Catalog) (*Result, error) {
	return AutoLoad(l, ps, nil, g, catalog)
}

// AutoLoad is Auto with the regional profiles given as what detection
// reads of them (profile.Summaries): load returns the whole profile of
// the one that fits, so only that one is decoded. A nil load takes ps as
// whole profiles.
func AutoLoad(l *layout.Layout, ps []*yusuan.Profile, load func(id string) (*yusuan.Profile, error), g *profile.Reading, catalog func(year int) *yusuan.Catalog) (*Result, error) {
	if l.Own != "" {
		// yusuan's own rendering: the profile it names.
		if m, err := layout.DecodeOwnMap(l.Own); err == nil {
			if m.Profile == profile.GeneralID {
				return RecognizeGeneral(l, g, catalog(m.Year))
			}
			for _, p := range ps {
				if p.ID == m.Profile {
					return RecognizeWith(l, p, g, catalog(m.Year))
				}
			}
		}
	}
	p := DetectStrict(l, ps)
	year := Year(l)
	if year == 0 && p != nil && len(p.Years) > 0 {
		year = p.Years[0]
	}
	if p != nil && load != nil {
		var err error
		if p, err = load(p.ID); err != nil {
			return nil, err
		}
	}
	cat := catalog(year)
	if p != nil {
		return RecognizeWith(l, p, g, cat)
	}
	return RecognizeGeneral(l, g, cat)
}

// otherTables reads, with the general reader, the printed tables that lie
// outside the regions of the profile's tables (at holds the title line of
// each table in doc.Tables) and puts them in print order.
func (r *recognizer) otherTables(g *profile.Reading, used []bool, at []int) []int {
	gr := &generalReader{r: r, g: g}
	gr.furniture()
	starts := gr.findTitles()
	type placed struct {
		line int
		t    yusuan.Table
	}
	var extra []placed
	for i := 0; i < len(starts); i++ {
		st := starts[i]
		k := i + 1
		for k < len(starts) && starts[k].cont {
			k++
		}
		if used[st.line] {
			i = k - 1
			continue
		}
		end := len(r.lines)
		if k < len(starts) {
			end = starts[k].first
		}
		for j := st.line + 1; j < end; j++ {
			if used[j] {
				end = j
				break
			}
		}
		end = gr.regionEnd(st, end)
		for j := st.first; j < end; j++ {
			used[j] = true
		}
		extra = append(extra, placed{st.line, gr.table(st, end)})
		for _, f := range gr.more {
			extra = append(extra, placed{st.line, f})
		}
		gr.more = nil
		i = k - 1
	}
	if len(extra) == 0 {
		return at
	}
	all := make([]placed, 0, len(at)+len(extra))
	for i, t := range r.doc.Tables {
		all = append(all, placed{at[i], t})
	}
	all = append(all, extra...)
	sort.SliceStable(all, func(i, j int) bool { return all[i].line < all[j].line })
	r.doc.Tables = r.doc.Tables[:0]
	at = at[:0]
	for _, p := range all {
		r.doc.Tables = append(r.doc.Tables, p.t)
		at = append(at, p.line)
	}
	return at
}

var (
	coverStop   = lazyre.New(`^(目录|目\s*录|第[一二三四五六七八九十]+部分)`)
	deptBefore  = lazyre.New(`^(.{3,40}?)(?:20\d{2})年`)
	deptBetween = lazyre.New(`^20\d{2}年度?(.{3,40}?)(?:部门|单位)(?:预算|决算)`)
	// coverDate is the date printed under a cover's title (二〇二六年三月).
	coverDate = lazyre.New(`^(?:[〇○零一二三四五六七八九]{4}|20\d{2})年(?:[一二三四五六七八九十]{1,2}|\d{1,2})月`)
)

// coverYear reports whether the only numbers of a line are years followed
// by 年 (“国家信访局 2026 年度部门预算”, “2026 年度”): a cover's large type
// sets 年 further from its year than a table header does.
func coverYear(l *layout.Line) bool {
	cells := l.NonEmpty()
	n := 0
	for i, c := range cells {
		t := strings.TrimSpace(c.Text)
		if !isValue(t) {
			continue
		}
		y := foldNumber(t)
		if len(y) != 4 || !(strings.HasPrefix(y, "19") || strings.HasPrefix(y, "20")) || !allDigits(y) ||
			i+1 >= len(cells) || !strings.HasPrefix(strings.TrimSpace(cells[i+1].Text), "年") {
			return false
		}
		n++
	}
	return n > 0
}

// cover reads the document's title, year and department from the first
// lines of each file's first page (北京市司法局 / 2026年度部门预算信息公开),
// where the lines before the first table do not say them.
func (gr *generalReader) cover() {
	r := gr.r
	doc := r.doc
	var titles []string
	for i := 0; i < len(r.lines); {
		file, page := r.lines[i].Pos.File, r.lines[i].Pos.Page
		var parts []string
		j := i
		for ; j < len(r.lines) && r.lines[j].Pos.File == file && r.lines[j].Pos.Page == page; j++ {
			l := r.lines[j]
			if l.Empty() || gr.furn[j] || len(parts) >= 3 {
				continue
			}
			t := strings.TrimSpace(l.Text())
			if coverStop.MatchString(Norm(t)) || coverDate.MatchString(Norm(t)) || hasSentencePunct(t) || titleText(t) ||
				gr.isDataLine(l) && !coverYear(l) {
				parts = append(parts, "\x00") // stop
				continue
			}
			if _, only := numberOnly(t); only || unitLine(l) != "" {
				parts = append(parts, "\x00")
				continue
			}
			parts = append(parts, t)
		}
		var b strings.Builder
		for _, p := range parts {
			if p == "\x00" {
				break
			}
			b.WriteString(p)
		}
		if b.Len() > 0 {
			titles = append(titles, b.String())
		}
		// next file
		for j < len(r.lines) && r.lines[j].Pos.File == file {
			j++
		}
		i = j
	}
	best := ""
	for _, t := range titles {
		if docYearRe.MatchString(t) && (strings.Contains(t, "预算") || strings.Contains(t, "决算")) {
			best = t
			break
		}
	}
	if best == "" {
		return
	}
	if doc.Title == "" || !docYearRe.MatchString(doc.Title) || titleText(doc.Title) ||
		!strings.Contains(doc.Title, "预算") && !strings.Contains(doc.Title, "决算") {
		doc.Title = best // not the year alone (“2026 年度” over the department's name)
	}
	if doc.Year == 0 {
		if m := docYearRe.FindStringSubmatch(best); m != nil {
			doc.Year, _ = strconv.Atoi(m[1])
		}
	}
	if doc.Department.Name == "" {
		// Matched normalized, kept as printed (无锡市交通运输局（本级）).
		raw := []rune(strings.Map(func(r rune) rune {
			switch r {
			case ' ', '\t', '\n', '\r', '\u3000', '\u00a0', '\f':
				return -1
			}
			return r
		}, best))
		n := Norm(string(raw))
		printed := func(m []int) string {
			if utf8.RuneCountInString(n) != len(raw) {
				return n[m[2]:m[3]]
			}
			from := utf8.RuneCountInString(n[:m[2]])
			return string(raw[from : from+utf8.RuneCountInString(n[m[2]:m[3]])])
		}
		if m := deptBefore.FindStringSubmatchIndex(n); m != nil && !strings.HasSuffix(n[m[2]:m[3]], "市") && !strings.HasSuffix(n[m[2]:m[3]], "省") {
			doc.Department.Name = printed(m)
		} else if m := deptBetween.FindStringSubmatchIndex(n); m != nil {
			doc.Department.Name = printed(m)
		}
	}
}
