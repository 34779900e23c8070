// Package recognize maps a layout (pages of lines of cells, from any
// reader) onto a profile's tables and narrative, producing the same
// yusuan.Document that the compiler builds. Tables are found by title,
// columns by header, amounts are parsed in each table's printed unit and
// stored in 元, and every recovered cell keeps its source position.
package recognize

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/yusuan/yusuan"
	"github.com/yusuan/yusuan/internal/lazyre"
	"github.com/yusuan/yusuan/layout"
	"github.com/yusuan/yusuan/profile"
)

// Warning is something the recognizer could not do cleanly; the document
// is still produced.
type Warning struct {
	Pos yusuan.Position
	Msg string
}

func (w Warning) String() string {
	if s := w.Pos.String(); s != "" {
		return s + ": " + w.Msg
	}
	return w.Msg
}

// Result is a recognized document and what went wrong on the way.
type Result struct {
	Doc      *yusuan.Document
	Warnings []Warning
}

// NoTablesError reports a layout in which no table of the profile was found.
type NoTablesError struct {
	File    string
	Profile string
}

func (e *NoTablesError) Error() string {
	if e.Profile == "general" {
		return fmt.Sprintf("%s: 无法判断文件的格式：找不到任何预算表（表名后应有“单位：元/万元”或表头）；请确认文件是部门预算公开文件，或用 --profile 指定格式", e.File)
	}
	return fmt.Sprintf("%s: 未识别出预算表（格式 %s）：找不到任何表的标题；请确认文件是部门预算公开文件，或用 --profile 指定格式", e.File, e.Profile)
}

type recognizer struct {
	l     *layout.Layout
	p     *yusuan.Profile
	cat   *yusuan.Catalog
	lines []*layout.Line
	warn  []Warning
	// functional names → codes, for rows printed without codes.
	funcNames map[string]string
	// byName lists the codes of each normalized functional name;
	// nameOf is each code's normalized name.
	byName map[string][]string
	nameOf map[string]string
	doc    *yusuan.Document
	// byPage holds the lines of each PDF page (recognize/own.go).
	byPage map[int][]*layout.Line
}

// Recognize reads the layout as a document of profile p. cat, if not nil,
// names the functional classes of rows printed without a code (the
// Shanghai summary tables) and resolves function names in the narrative.
func Recognize(l *layout.Layout, p *yusuan.Profile, cat *yusuan.Catalog) (*Result, error) {
	return RecognizeWith(l, p, nil, cat)
}

// RecognizeWith reads the layout as a document of profile p; the tables
// the profile does not declare (a 决算 set's performance self-evaluation
// forms, an extra table a department prints) are read with the general
// reading profile g, if not nil, so that nothing printed is dropped.
func RecognizeWith(l *layout.Layout, p *yusuan.Profile, g *profile.Reading, cat *yusuan.Catalog) (*Result, error) {
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
	if res, ok := r.ownProfile(); ok {
		return res, nil
	}
	starts := r.findTables()
	if len(starts) == 0 {
		return nil, &NoTablesError{File: l.File, Profile: p.ID}
	}
	used := make([]bool, len(r.lines))
	at := make([]int, 0, len(starts)) // the title line of each table
	for i, st := range starts {
		end := len(r.lines)
		if i+1 < len(starts) {
			end = starts[i+1].line
		}
		end = r.regionEnd(st.line, end)
		for j := st.line; j < end; j++ {
			used[j] = true
		}
		t := r.table(st, end)
		doc.Tables = append(doc.Tables, t)
		at = append(at, st.line)
	}
	if g != nil {
		at = r.otherTables(g, used, at)
	}
	r.unplaced(used)
	r.meta(starts)
	doc.Kind, doc.Level = p.Kind, p.Level
	if doc.Kind == "" {
		doc.Kind = yusuan.DocBudget
	}
	if doc.Level == "" {
		doc.Level = yusuan.LevelDepartment
	}
	r.narrative(used)
	return &Result{Doc: doc, Warnings: r.warn}, nil
}

func (r *recognizer) warnf(pos yusuan.Position, format string, args ...any) {
	r.warn = append(r.warn, Warning{Pos: pos, Msg: fmt.Sprintf(format, args...)})
}

func (r *recognizer) indexCatalog() {
	r.funcNames = map[string]string{}
	r.byName = map[string][]string{}
	r.nameOf = map[string]string{}
	if r.cat == nil || r.cat.Functional == nil {
		return
	}
	for _, code := range r.cat.Functional.Codes() {
		n, _ := r.cat.Functional.Name(code)
		k := Norm(n)
		r.byName[k] = append(r.byName[k], code)
		r.nameOf[code] = k
		// A 类 name wins over a 项 of the same name (其他公共安全支出).
		if old, ok := r.funcNames[k]; !ok || len(code) < len(old) {
			r.funcNames[k] = code
		}
	}
}

// tableStart is a recognized table title.
type tableStart struct {
	line  int
	spec  *yusuan.TableSpec
	title string
}

type specKey struct {
	spec *yusuan.TableSpec
	key  string
}

func (r *recognizer) specKeys() []specKey {
	var ks []specKey
	for i := range r.p.Tables {
		s := &r.p.Tables[i]
		seen := map[string]bool{}
		for _, k := range []string{templateKey(s.Title), StripYear(Norm(s.Name))} {
			k = StripYear(k)
			if k != "" && !seen[k] {
				seen[k] = true
				ks = append(ks, specKey{s, k})
			}
		}
	}
	return ks
}

var leadingNumber = lazyre.New(`^(\d+[.、]|[一二三四五六七八九十]+、)`)

// titleMatches returns the specs whose title the line is, longest key first.
func (r *recognizer) titleMatches(l *layout.Line, keys []specKey) []specKey {
	cells := l.NonEmpty()
	if len(cells) == 0 || len(cells) > 3 {
		return nil
	}
	raw := l.Text()
	if runeLen(raw) > 90 || hasSentencePunct(raw) {
		return nil
	}
	n := StripYear(Norm(raw))
	n = leadingNumber.ReplaceAllString(n, "")
	var out []specKey
	for _, k := range keys {
		if !strings.HasSuffix(n, k.key) {
			continue
		}
		prefix := strings.TrimSuffix(n, k.key)
		if runeLen(prefix) > 40 || strings.ContainsAny(prefix, ":：") {
			continue
		}
		out = append(out, k)
	}
	sort.SliceStable(out, func(i, j int) bool { return len(out[i].key) > len(out[j].key) })
	return out
}

// findTables finds the title line of every table, in order.
func (r *recognizer) findTables() []tableStart {
	keys := r.specKeys()
	type cand struct {
		line  int
		specs []specKey
	}
	var cands []cand
	for i, l := range r.lines {
		ms := r.titleMatches(l, keys)
		if len(ms) == 0 || !r.followedByTable(i) {
			continue
		}
		// A numbered line that is not a heading is an entry of a table list.
		if l.Heading == 0 && leadingNumber.MatchString(strings.TrimSpace(l.Text())) {
			continue
		}
		// Keep only the longest key's specs.
		best := []specKey{ms[0]}
		for _, m := range ms[1:] {
			if len(m.key) == len(ms[0].key) {
				best = append(best, m)
			}
		}
		cands = append(cands, cand{i, best})
	}
	used := map[*yusuan.TableSpec]bool{}
	var starts []tableStart
	for ci, c := range cands {
		end := len(r.lines)
		if ci+1 < len(cands) {
			end = cands[ci+1].line
		}
		var best *yusuan.TableSpec
		bestScore := -1 << 30
		for _, m := range c.specs {
			s := r.headerScore(m.spec, c.line+1, end)
			if used[m.spec] && m.spec.Rows.By != yusuan.RowsPerformanceProject {
				s -= 100
			}
			if s > bestScore {
				best, bestScore = m.spec, s
			}
		}
		used[best] = true
		starts = append(starts, tableStart{line: c.line, spec: best, title: cleanTitle(r.lines[c.line].Text())})
	}
	return starts
}

func cleanTitle(s string) string {
	s = strings.TrimSpace(s)
	s = leadingNumber.ReplaceAllString(s, "")
	return strings.TrimSpace(s)
}

// followedByTable reports whether a title candidate at line i is followed
// by a unit line or rows of cells, which a list of table names is not.
func (r *recognizer) followedByTable(i int) bool {
	seen := 0
	for j := i + 1; j < len(r.lines) && seen < 6; j++ {
		l := r.lines[j]
		if l.Empty() {
			continue
		}
		seen++
		if l.Heading > 0 {
			return false
		}
		t := l.Text()
		if unitOf(t) != "" {
			return true
		}
		if len(l.NonEmpty()) >= 2 && !strings.Contains(t, "…") {
			return true
		}
	}
	return false
}

var unitRe = lazyre.New(`单位\s*[:：]\s*(万元|元)`)

// unitOf returns the unit a unit line states ("单位：元"), or "".
func unitOf(s string) string {
	m := unitRe.FindStringSubmatch(s)
	if m == nil {
		return ""
	}
	return m[1]
}

// headerScore counts the spec's header words found in lines [from, to).
func (r *recognizer) headerScore(spec *yusuan.TableSpec, from, to int) int {
	if to > from+8 {
		to = from + 8
	}
	var b strings.Builder
	for j := from; j < to && j < len(r.lines); j++ {
		b.WriteString(Norm(r.lines[j].Text()))
		b.WriteByte('|')
	}
	text := b.String()
	score := 0
	var words []string
	words = append(words, strings.Split(spec.CodeHeader, "|")...)
	words = append(words, spec.NameHeader)
	for _, c := range spec.Columns {
		words = append(words, c.Label, c.Group)
	}
	for _, w := range words {
		w = Norm(w)
		if w != "" && strings.Contains(text, w) {
			score++
		}
	}
	return score
}

// regionEnd ends a table region at the first heading after its title
// (the narrative that follows a table set).
func (r *recognizer) regionEnd(start, end int) int {
	for j := start + 1; j < end; j++ {
		if r.lines[j].Heading > 0 {
			return j
		}
	}
	return end
}

var (
	docYearRe = lazyre.New(`(\d{4})\s*年`)
	unitTail  = lazyre.New(`(金额)?单位\s*[:：].*$`)
	deptRe    = lazyre.New(`(?:编制部门|预算主管部门|编制单位|部门名称|单位名称|^\s*部门)\s*[:：]\s*(\S+)`)
)

// meta fills the document's title, year and department from the text.
func (r *recognizer) meta(starts []tableStart) {
	doc := r.doc
	first := -1
	for i, l := range r.lines {
		if l.Empty() {
			continue
		}
		if doc.Title == "" {
			doc.Title = strings.TrimSpace(l.Text())
			first = i
		}
		break
	}
	// A cover prints the department on one line and the year under it
	// (国家信访局 / 2024 年度部门决算): the title is both.
	if first >= 0 && !docYearRe.MatchString(doc.Title) {
		for _, l := range r.lines[first+1 : min(first+4, len(r.lines))] {
			if l.Empty() {
				continue
			}
			t := strings.TrimSpace(l.Text())
			if docYearRe.MatchString(t) && !hasSentencePunct(t) && runeLen(t) <= 30 &&
				(strings.Contains(t, "预算") || strings.Contains(t, "决算")) {
				doc.Title += t
			}
			break
		}
	}
	if m := docYearRe.FindStringSubmatch(doc.Title); m != nil {
		doc.Year, _ = strconv.Atoi(m[1])
	}
	for i, l := range r.lines {
		if doc.Department.Name != "" || i > 400 {
			break
		}
		t := l.Text()
		if !strings.Contains(t, "部门") && !strings.Contains(t, "单位") {
			continue
		}
		if m := deptRe.FindStringSubmatch(t); m != nil {
			// "部门名称：X 单位：万元" is printed on one line.
			doc.Department.Name = strings.TrimSpace(unitTail.ReplaceAllString(m[1], ""))
		}
	}
	// A title printed as "<department><table name>" names the department.
	if doc.Department.Name == "" {
		for _, st := range starts {
			key := templateKey(st.spec.Title)
			if !strings.HasPrefix(st.spec.Title, "{{.Department}}") {
				continue
			}
			t := StripYear(Norm(st.title))
			if d := strings.TrimSuffix(t, key); d != t && d != "" {
				doc.Department.Name = d
				break
			}
		}
	}
	if doc.Year == 0 {
		for _, st := range starts {
			if m := docYearRe.FindStringSubmatch(st.title); m != nil {
				doc.Year, _ = strconv.Atoi(m[1])
				break
			}
		}
	}
}

// unplaced warns about each line outside every table that reads as a row
// of a table (two amounts or more, no sentence): amounts printed in a table
// the reader did not find are never lost silently.
func (r *recognizer) unplaced(used []bool) {
	for i, l := range r.lines {
		if used[i] || l.Empty() {
			continue
		}
		t := l.Text()
		if hasSentencePunct(t) || isTOCLine(t) {
			continue
		}
		cells := l.NonEmpty()
		n, prose := 0, false
		for k, c := range cells {
			ct := strings.TrimSpace(c.Text)
			switch {
			case isValue(ct) && !yearWord(cells, k):
				n++
			case n > 0 && !IsBlankMark(ct):
				prose = true // text between numbers: a sentence, not a row
			}
		}
		if n >= 2 && !prose {
			r.warnf(l.Pos, "这一行有 %d 个金额，但不在任何识别出的表中（表名或单位行未找到），未读入：“%s”", n, firstRunesOf(t, 40))
		}
	}
}

func firstRunesOf(s string, n int) string {
	r := []rune(s)
	if len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}
