package check

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/yusuan/yusuan"
)

// index is what every rule needs to know about a document, computed once
// per document: tables by kind, the row tree of coded tables, the
// narrative's figures located in their sentences, and how each measure is
// read from the tables.
type index struct {
	doc  *yusuan.Document
	ctx  Context
	figs []*nfig // every narrative figure, in document order
	// scopes: whether the general public budget is all of the money, and
	// appropriations all of the general public budget (then figures of
	// different scopes must agree).
	gpIsAll, apIsGP, fiscalIsAll bool
	facts                        []fact   // lazily, see ties.go
	factSet                      *factSet // the facts grouped by key
	factsDone                    bool
	ties                         []tieProblem
	tiesDone                     bool
	resolved                     map[resKey]cachedRes
	projects                     []*yusuan.Table // project target tables, lazily
	projNames                    []string        // their names, compacted
	projectsDone                 bool
	blocks                       map[*yusuan.Table][]block // the row trees of coded tables, lazily
	cparas                       [][]string                // compacted paragraphs, by section
	roundings                    map[roundKey]*roundNote   // sums off by rounding, reported once per table and rule
	fenEvidence                  string                    // why whole-元 tables may be rounded (see roundedYuan)
	fenDone                      bool
	texts                        []textPlace // the document's texts, for the text rules
	prior                        *index      // last year's document, lazily (rules_prior.go)
	sentences                    []sentenceRec
	sentencesDone                bool
}

// compactParas returns the narrative's paragraphs compacted, computed once.
func (ix *index) compactParas() [][]string {
	if ix.cparas == nil {
		ix.cparas = make([][]string, len(ix.doc.Narrative))
		for i, s := range ix.doc.Narrative {
			ix.cparas[i] = make([]string, len(s.Paragraphs))
			for j, p := range s.Paragraphs {
				ix.cparas[i][j] = compact(p)
			}
		}
	}
	return ix.cparas
}

type cachedRes struct {
	r  resolution
	ok bool
}

// release gives back what the index borrowed (the fact set); the index
// may not be used afterwards.
func (ix *index) release() {
	if ix.prior != nil {
		ix.prior.release()
	}
	if ix.factSet != nil {
		ix.factSet.release()
		ix.factSet, ix.facts, ix.ties = nil, nil, nil
	}
}

func newIndex(doc *yusuan.Document, ctx Context) *index {
	ix := &index{doc: doc, ctx: ctx}
	ix.scopes()
	ix.locateFigures()
	ix.inferRefs()
	ix.scopeFunctions()
	return ix
}

// ---- tables ----

// decimals returns the decimals the profile prints table t with, or -1.
func (ix *index) decimals(t *yusuan.Table) int {
	if ix.ctx.Profile != nil {
		for _, s := range ix.ctx.Profile.Tables {
			if s.Kind == t.Kind && (s.Number == t.Number || t.Number == 0) {
				return s.Decimals
			}
		}
	}
	if unitYuan(t.Unit) == 1 {
		return 2
	}
	return -1
}

// totalRow returns the grand total row: code "" and 合计, or level total.
func totalRow(t *yusuan.Table) *yusuan.Row {
	if r := t.Total(); r != nil {
		return r
	}
	for i := range t.Rows {
		if t.Rows[i].Level == yusuan.LevelTotal && t.Rows[i].Code == "" {
			return &t.Rows[i]
		}
	}
	for i := range t.Rows {
		n := compact(t.Rows[i].Name)
		if t.Rows[i].Code == "" && (n == "合计" || n == "总计") {
			return &t.Rows[i]
		}
	}
	return nil
}

// rowByKey returns the row with the semantic key.
func rowByKey(t *yusuan.Table, key string) *yusuan.Row {
	for i := range t.Rows {
		if t.Rows[i].Key == key {
			return &t.Rows[i]
		}
	}
	return nil
}

func hasColumn(t *yusuan.Table, key string) bool {
	for _, c := range t.Columns {
		if c.Key == key {
			return true
		}
	}
	return false
}

func column(t *yusuan.Table, key string) *yusuan.Column {
	for i := range t.Columns {
		if t.Columns[i].Key == key {
			return &t.Columns[i]
		}
	}
	return nil
}

func amountColumns(t *yusuan.Table) []yusuan.Column {
	all := true
	for _, c := range t.Columns {
		all = all && (c.Type == "" || c.Type == yusuan.ColAmount)
	}
	if all {
		return t.Columns // most tables: no copy
	}
	var out []yusuan.Column
	for _, c := range t.Columns {
		if c.Type == "" || c.Type == yusuan.ColAmount {
			out = append(out, c)
		}
	}
	return out
}

// level returns a row's level, inferred from its code when not set.
func level(r *yusuan.Row) string {
	if r.Level != "" {
		return r.Level
	}
	if r.Code == "" {
		if compact(r.Name) == "合计" || compact(r.Name) == "总计" {
			return yusuan.LevelTotal
		}
		return ""
	}
	switch len(r.Code) {
	case 3:
		return yusuan.LevelClass
	case 5:
		return yusuan.LevelSegment
	case 7:
		return yusuan.LevelItem
	case 6:
		return yusuan.LevelUnit
	}
	return ""
}

// isEmpty reports whether a table has no figures: no rows, or only zero
// amounts.
func isEmpty(t *yusuan.Table) bool {
	for _, r := range t.Rows {
		for _, v := range r.Cells {
			if !v.IsText && v.Num != 0 {
				return false
			}
			if v.IsText && strings.TrimSpace(v.Text) != "" && t.Kind != yusuan.KindProcurement {
				return false
			}
		}
	}
	return true
}

// tableName is how a finding names a table: 表3《…》.
func tableLabel(t *yusuan.Table) string {
	name := t.Title
	if name == "" {
		name = string(t.Kind)
	}
	if t.Number > 0 {
		return fmt.Sprintf("表%d《%s》", t.Number, name)
	}
	return "《" + name + "》"
}

func shortTable(t *yusuan.Table) string {
	if t.Number > 0 {
		return fmt.Sprintf("表%d", t.Number)
	}
	return kindName(t.Kind)
}

var kindNames = map[yusuan.TableKind]string{
	yusuan.KindSummary:                 "收支总体情况表",
	yusuan.KindIncome:                  "收入总体情况表",
	yusuan.KindExpenditure:             "支出总体情况表",
	yusuan.KindFiscalSummary:           "财政拨款收支总体情况表",
	yusuan.KindGeneralPublicFunctional: "一般公共预算支出情况表（功能分类）",
	yusuan.KindGeneralPublicEconomic:   "一般公共预算支出情况表（经济分类）",
	yusuan.KindGeneralPublicBasic:      "一般公共预算基本支出情况表",
	yusuan.KindThreePublic:             "“三公”经费支出情况表",
	yusuan.KindGovFund:                 "政府性基金预算支出情况表",
	yusuan.KindStateCapital:            "国有资本经营预算支出情况表",
	yusuan.KindProcurement:             "政府采购预算表",
	yusuan.KindPerformanceDepartment:   "部门整体绩效目标表",
	yusuan.KindPerformanceProject:      "项目绩效目标表",
}

func kindName(k yusuan.TableKind) string {
	if n, ok := kindNames[k]; ok {
		return n
	}
	return string(k)
}

func rowLabel(r *yusuan.Row) string {
	n := strings.TrimSpace(r.Name)
	switch {
	case r.Code != "" && n != "":
		return r.Code + " " + n
	case r.Code != "":
		return r.Code
	}
	return n
}

func colLabel(t *yusuan.Table, key string) string {
	c := column(t, key)
	if c == nil {
		return key
	}
	l := c.Label
	if c.Group != "" && c.Group != l {
		l = c.Group + "·" + l
	}
	return l
}

// cellRef names a cell for a finding's explanation: 表3「合计」行「基本支出·小计」列.
func cellRef(t *yusuan.Table, r *yusuan.Row, col string) string {
	return fmt.Sprintf("%s「%s」行「%s」列", shortTable(t), rowLabel(r), colLabel(t, col))
}

// firstSource is the provenance of the row's first placed cell: in the
// table's column order, then (cells of no column) by key.
func firstSource(t *yusuan.Table, r *yusuan.Row) (yusuan.Position, bool) {
	if t != nil {
		for _, c := range t.Columns {
			if p, ok := r.Sources[c.Key]; ok {
				return p, true
			}
		}
	}
	keys := make([]string, 0, len(r.Sources))
	for k := range r.Sources {
		keys = append(keys, k)
	}
	if len(keys) == 0 {
		return yusuan.Position{}, false
	}
	sort.Strings(keys)
	return r.Sources[keys[0]], true
}

// cellSource is the provenance of a cell of a read document.
func cellSource(t *yusuan.Table, r *yusuan.Row, col string) *Source {
	if r != nil && r.Sources != nil {
		if p, ok := r.Sources[col]; ok {
			return &Source{File: p.File, Page: p.Page, Line: p.Line, Sheet: p.Sheet, Cell: p.Cell}
		}
		// Another cell of the row: the first in the table's column order
		// (then by key), not whichever a map yields first, so that a
		// finding names the same place every run.
		if p, ok := firstSource(t, r); ok {
			return &Source{File: p.File, Page: p.Page, Line: p.Line, Sheet: p.Sheet, Cell: p.Cell}
		}
	}
	if t != nil && t.Source != nil {
		p := t.Source
		return &Source{File: p.File, Page: p.Page, Line: p.Line, Sheet: p.Sheet, Cell: p.Cell}
	}
	return nil
}

// cellFinding fills a finding's location from a table cell.
func cellFinding(t *yusuan.Table, r *yusuan.Row, col string, f Finding) Finding {
	f.Table = string(t.Kind)
	f.TableNumber = t.Number
	f.TableTitle = t.Title
	if r != nil {
		f.Row = r.Code
		if f.Row == "" {
			f.Row = strings.TrimSpace(r.Name)
		}
	}
	f.Column = col
	f.Source = cellSource(t, r, col)
	if r != nil {
		f.target = cref{r, col}
	}
	f.tbl = t
	return f
}

// fmtAmount prints an amount the way table t prints it.
func fmtAmount(t *yusuan.Table, a yusuan.Amount) string {
	if t != nil && unitYuan(t.Unit) != 1 {
		return fmtWan(yuan(a)) + t.Unit
	}
	if a%100 == 0 {
		return a.Format(0) + "元"
	}
	return a.Format(2) + "元"
}

// ---- scopes ----

func (ix *index) scopes() {
	d := ix.doc
	var nonGP, nonAp, nonFiscal yusuan.Amount
	known := false
	if t := d.Table(yusuan.KindSummary); t != nil {
		for _, k := range []string{"gov_fund", "state_capital", "special_account", "other_income", "transfer", "carryover", "business", "operating", "other"} {
			if r := rowByKey(t, k); r != nil {
				nonGP += abs(r.Amount("income"))
				known = true
			}
		}
		for _, k := range []string{"special_account", "other_income", "transfer", "carryover", "business", "operating", "other"} {
			if r := rowByKey(t, k); r != nil {
				nonFiscal += abs(r.Amount("income"))
			}
		}
		for _, k := range []string{"special_revenue", "admin_fees", "state_resources", "other_public"} {
			if r := rowByKey(t, k); r != nil {
				nonAp += abs(r.Amount("income"))
			}
		}
	} else if t := d.Table(yusuan.KindIncome); t != nil {
		if tr := totalRow(t); tr != nil {
			for _, c := range amountColumns(t) {
				switch c.Key {
				case "total", "general_public", "appropriation":
				default:
					nonGP += abs(tr.Amount(c.Key))
					if c.Key != "gov_fund" && c.Key != "state_capital" {
						nonFiscal += abs(tr.Amount(c.Key))
					}
				}
			}
			known = true
			if hasColumn(t, "general_public") && hasColumn(t, "appropriation") {
				nonAp = abs(tr.Amount("general_public") - tr.Amount("appropriation"))
			}
		}
	}
	ix.gpIsAll = known && nonGP == 0
	ix.fiscalIsAll = known && nonFiscal == 0
	ix.apIsGP = known && nonAp == 0
}

func abs(a yusuan.Amount) yusuan.Amount {
	if a < 0 {
		return -a
	}
	return a
}

// ---- narrative ----

// nfig is a narrative figure located in its paragraph.
type nfig struct {
	sec    *yusuan.Section
	f      *yusuan.Figure
	n      int // index in the section's Figures
	para   string
	pos    int // byte offset of the number in para, -1 when not found
	end    int
	ref    string // effective reference (the figure's, or inferred)
	base   string
	dir    string // effective direction
	val    printed
	ok     bool // the number parses
	before string
	after  string
	span   *interval // figSpan, cached
}

// kind returns the figure kind.
func (n *nfig) kind() string { return n.f.Kind }

func (n *nfig) sentence() string {
	if n.pos < 0 {
		return strings.TrimSpace(n.para)
	}
	start := sentenceEnds.lastIndex(n.para[:n.pos])
	if start < 0 {
		start = 0
	} else {
		_, sz := utf8.DecodeRuneInString(n.para[start:])
		start += sz
	}
	end := sentenceEnds.index(n.para[n.end:])
	if end < 0 {
		end = len(n.para)
	} else {
		_, sz := utf8.DecodeRuneInString(n.para[n.end+end:])
		end = n.end + end + sz
	}
	s := strings.TrimSpace(n.para[start:end])
	if utf8.RuneCountInString(s) > 160 {
		rs := []rune(s)
		s = string(rs[:160]) + "…"
	}
	return s
}

func (n *nfig) source() *Source {
	s := &Source{Section: n.sec.Title, Paragraph: n.f.Paragraph + 1, Sentence: n.sentence()}
	if n.sec.Source != nil {
		s.File, s.Page, s.Line = n.sec.Source.File, n.sec.Source.Page, n.sec.Source.Line
	}
	return s
}

// finding fills a finding's location from a narrative figure.
func (n *nfig) finding(f Finding) Finding {
	f.Source = n.source()
	f.at = n.pos
	if f.Actual == "" {
		f.Actual = n.f.Printed + unitText(n.f)
	}
	return f
}

func unitText(f *yusuan.Figure) string {
	switch f.Kind {
	case yusuan.FigureShare, yusuan.FigureGrowth:
		return "%"
	case yusuan.FigureCount:
		return ""
	}
	return f.Unit
}

// locateFigures finds each figure's number in its paragraph (figures of
// a paragraph appear in order) and reads its direction and context.
func (ix *index) locateFigures() {
	total := 0
	for si := range ix.doc.Narrative {
		total += len(ix.doc.Narrative[si].Figures)
	}
	store := make([]nfig, total) // one allocation for all figures
	ix.figs = make([]*nfig, 0, total)
	for si := range ix.doc.Narrative {
		sec := &ix.doc.Narrative[si]
		cursor := map[int]int{}
		for fi := range sec.Figures {
			f := &sec.Figures[fi]
			n := &store[len(ix.figs)]
			*n = nfig{sec: sec, f: f, n: fi, pos: -1, ref: f.Ref, base: f.Base}
			if f.Paragraph >= 0 && f.Paragraph < len(sec.Paragraphs) {
				n.para = sec.Paragraphs[f.Paragraph]
			}
			num := f.Printed
			if num == "" {
				num = numberIn(f.Text)
				f2 := *f
				f2.Printed = num
				n.f = &f2
			}
			n.val, n.ok = parsePrinted(num)
			if n.para != "" && num != "" {
				at, ln := -1, len(num)
				if numberIn(f.Text) != "" || f.Text == "" {
					at = findNumber(n.para, num, cursor[f.Paragraph])
				}
				if at < 0 && f.Text != "" {
					// A figure printed as words (持平) is found by its text.
					if i := strings.Index(n.para[cursor[f.Paragraph]:], f.Text); i >= 0 {
						at, ln = cursor[f.Paragraph]+i, len(f.Text)
					}
				}
				if at >= 0 {
					n.pos, n.end = at, at+ln
					cursor[f.Paragraph] = n.end
				}
			}
			ix.figs = append(ix.figs, n)
		}
		// Context: the clause before each figure, back to the previous figure.
		prevEnd := map[int]int{}
		for _, n := range ix.figs {
			if n.sec != sec || n.pos < 0 {
				continue
			}
			from := prevEnd[n.f.Paragraph]
			n.before = n.para[from:n.pos]
			rest := n.para[n.end:]
			if i := clauseEnds.index(rest); i >= 0 {
				rest = rest[:i]
			}
			n.after = rest
			prevEnd[n.f.Paragraph] = n.end
			n.dir = textDirection(clause(n.before))
			if n.dir == "" {
				n.dir = n.f.Direction
			}
		}
	}
	for _, n := range ix.figs {
		if n.dir == "" {
			n.dir = n.f.Direction
		}
	}
}

// numberIn extracts the number of a figure's text ("9662万元" → "9662").
func numberIn(s string) string {
	s = normDigits(s)
	start := -1
	for i, r := range s {
		isNum := r >= '0' && r <= '9' || r == '.' || r == ','
		if isNum && start < 0 {
			start = i
		}
		if !isNum && start >= 0 {
			return strings.Trim(s[start:i], ",.")
		}
	}
	if start >= 0 {
		return strings.Trim(s[start:], ",.")
	}
	return ""
}

// findNumber finds num in s at or after from, not as part of a longer
// number.
func findNumber(s, num string, from int) int {
	for from <= len(s) {
		i := strings.Index(s[from:], num)
		if i < 0 {
			return -1
		}
		at := from + i
		end := at + len(num)
		if !digitNear(s, at, true) && !digitNear(s, end, false) {
			return at
		}
		from = at + 1
	}
	return -1
}

func digitNear(s string, at int, before bool) bool {
	if before {
		if at == 0 {
			return false
		}
		c := s[at-1]
		if c >= '0' && c <= '9' {
			return true
		}
		if (c == '.' || c == ',') && at >= 2 && s[at-2] >= '0' && s[at-2] <= '9' {
			return true
		}
		return false
	}
	if at >= len(s) {
		return false
	}
	c := s[at]
	if c >= '0' && c <= '9' {
		return true
	}
	if (c == '.' || c == ',') && at+1 < len(s) && s[at+1] >= '0' && s[at+1] <= '9' {
		return true
	}
	return false
}

// clause returns the last clause of s (after the last ，；。：、).
func clause(s string) string {
	if i := clauseStarts.lastIndex(s); i >= 0 {
		_, sz := utf8.DecodeRuneInString(s[i:])
		return s[i+sz:]
	}
	return s
}

var (
	upWords   = []string{"增加", "增长", "上升", "提高", "上涨", "多"}
	downWords = []string{"减少", "下降", "降低", "压减", "减"}
	flatWords = []string{"持平", "无变化", "不变", "没有变化", "无增减", "与上年一致", "与上年度一致", "与上年预算一致", "与上年度预算一致", "保持一致", "与上年相同", "与上年持平",
		"与上年预算数相同", "与上年预算相同", "与上年预算数一致", "与上年度预算数相同", "与上年度预算相同"}
)

// bothYearsNoneRe says that an item is none in both years, last year's
// and this (上年及本年度，本部门均无……预算; 上年和本年均未安排; 两年均为0):
// for an item of 0 this year, the change (none) is stated.
var bothYearsNoneRe = regexp.MustCompile(`(?:(?:上年度?|去年|上一年度?|\d{4}\s*年度?)\s*(?:和|及|与|以及|、)\s*(?:本年度?|今年|当年|\d{4}\s*年度?)|两个?年度?)[^。；;！？]{0,40}?均(?:无|没有|未安排|未列|为\s*(?:零|0(?:\.0+)?\s*(?:万元|元|[，,。；;]|$)))`)

// textDirection reads the direction word closest before a number: the
// word whose last occurrence in s ends last (on a tie, the first of
// upWords, downWords, flatWords). s is read once from its end: at each
// byte, only the words ending in that byte are tried.
func textDirection(s string) string {
	for p := len(s); p > 0; p-- {
		for _, k := range dirByLast[s[p-1]] {
			if strings.HasSuffix(s[:p], dirWords[k].word) {
				return dirWords[k].dir
			}
		}
	}
	return ""
}

// dirWords are upWords, downWords and flatWords in that order, with their
// direction; dirByLast lists them by their last byte, in that order.
var dirWords, dirByLast = func() (ws []struct{ word, dir string }, by [256][]int) {
	for _, g := range []struct {
		words []string
		dir   string
	}{{upWords, "increase"}, {downWords, "decrease"}, {flatWords, "flat"}} {
		for _, w := range g.words {
			by[w[len(w)-1]] = append(by[w[len(w)-1]], len(ws))
			ws = append(ws, struct{ word, dir string }{w, g.dir})
		}
	}
	return ws, by
}()

const compactChars = " \t\n\r\u3000“”\"‘’'《》():,"

// asciiCompact marks the ASCII characters of compactChars.
var asciiCompact = [utf8.RuneSelf]bool{' ': true, '\t': true, '\n': true, '\r': true, '"': true, '\'': true, '(': true, ')': true, ':': true, ',': true}

// compactsAt reports whether the character at s[i] is one of
// compactChars: the ASCII ones, or the three-byte “ ” ‘ ’ (E2 80 xx) and
// 　《 》 (E3 80 xx).
func compactsAt(s string, i int) bool {
	c := s[i]
	switch {
	case c < utf8.RuneSelf:
		return asciiCompact[c]
	case c == 0xE2 && i+2 < len(s) && s[i+1] == 0x80:
		switch s[i+2] {
		case 0x98, 0x99, 0x9C, 0x9D:
			return true
		}
	case c == 0xE3 && i+2 < len(s) && s[i+1] == 0x80:
		switch s[i+2] {
		case 0x80, 0x8A, 0x8B:
			return true
		}
	}
	return false
}

// compact removes spaces of every width and normalises brackets and
// quotes, so names compare the way a reader sees them.
func compact(s string) string {
	i := 0
	for i < len(s) && !compactsAt(s, i) {
		i++
	}
	if i == len(s) {
		return s // nothing to change: no copy
	}
	if !utf8.ValidString(s) {
		return compactRunes(s)
	}
	// Copy the runs between the characters to drop or replace.
	var b strings.Builder
	b.Grow(len(s) + 8)
	start := 0
	for i < len(s) {
		if !compactsAt(s, i) {
			i++
			continue
		}
		b.WriteString(s[start:i])
		switch c := s[i]; c {
		case '(':
			b.WriteString("（")
		case ')':
			b.WriteString("）")
		case ':':
			b.WriteString("：")
		case ',':
			b.WriteString("，")
		}
		if s[i] < utf8.RuneSelf {
			i++
		} else {
			i += 3 // “ ” ‘ ’ 　《 》
		}
		start = i
	}
	b.WriteString(s[start:])
	return b.String()
}

// compactRunes is compact one character at a time, for s that is not
// valid UTF-8 (each invalid byte becomes U+FFFD).
func compactRunes(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch r {
		case ' ', '\t', '\n', '\r', '\u3000', '“', '”', '"', '‘', '’', '\'', '《', '》':
			continue
		case '(':
			r = '（'
		case ')':
			r = '）'
		case ':':
			r = '：'
		case ',':
			r = '，'
		}
		b.WriteRune(r)
	}
	return b.String()
}

// runeSet is a set of characters to look for, such as the punctuation a
// sentence or clause ends at. strings.IndexAny with non-ASCII characters
// decodes every character of s and searches the set for it; a runeSet
// looks at each byte once: ASCII by table, the others by their first byte.
type runeSet struct {
	ascii [utf8.RuneSelf]bool
	lead  [256]bool // first bytes of the non-ASCII characters
	multi []string  // the non-ASCII characters, encoded
}

func newRuneSet(chars string) *runeSet {
	rs := &runeSet{}
	for _, r := range chars {
		if r < utf8.RuneSelf {
			rs.ascii[r] = true
			continue
		}
		e := string(r)
		rs.lead[e[0]] = true
		rs.multi = append(rs.multi, e)
	}
	return rs
}

// at reports whether one of the characters starts at s[i].
func (rs *runeSet) at(s string, i int) bool {
	c := s[i]
	if c < utf8.RuneSelf {
		return rs.ascii[c]
	}
	if !rs.lead[c] {
		return false
	}
	for _, m := range rs.multi {
		if strings.HasPrefix(s[i:], m) {
			return true
		}
	}
	return false
}

// index is strings.IndexAny(s, chars). Each character is looked for
// with strings.Index (vectorised), only before the earliest found so far.
func (rs *runeSet) index(s string) int {
	best := len(s)
	for _, m := range rs.multi {
		if i := strings.Index(s[:best], m); i >= 0 {
			best = i
		}
	}
	for i := 0; i < best; i++ {
		if s[i] < utf8.RuneSelf && rs.ascii[s[i]] {
			best = i
			break
		}
	}
	if best == len(s) {
		return -1
	}
	return best
}

// lastIndex is strings.LastIndexAny(s, chars).
func (rs *runeSet) lastIndex(s string) int {
	for i := len(s) - 1; i >= 0; i-- {
		if rs.at(s, i) {
			return i
		}
	}
	return -1
}

// The punctuation a figure's sentence and clause end (or start) at.
var (
	sentenceEnds = newRuneSet("。；;！？!?")
	clauseEnds   = newRuneSet("。；;")
	clauseStarts = newRuneSet("，,。；;：:、")
)

// figuresOf returns the figures whose effective reference is ref.
func (ix *index) figuresOf(kind, ref string) []*nfig {
	var out []*nfig
	for _, n := range ix.figs {
		if n.f.Kind == kind && n.ref == ref {
			out = append(out, n)
		}
	}
	return out
}
