package recognize

import (
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/yusuan/yusuan"
	"github.com/yusuan/yusuan/internal/lazyre"
	"github.com/yusuan/yusuan/layout"
)

// table recognizes the table whose title is at st.line and whose lines end
// before end.
func (r *recognizer) table(st tableStart, end int) yusuan.Table {
	spec := st.spec
	title := r.lines[st.line]
	pos := title.Pos
	t := yusuan.Table{
		Kind:    spec.Kind,
		Number:  spec.Number,
		Title:   st.title,
		Unit:    spec.Unit,
		Columns: spec.DocumentColumns(),
		Rows:    []yusuan.Row{},
		Source:  &pos,
	}
	var body []*layout.Line
	var notes []string
	inNote := false
	for _, l := range r.lines[st.line+1 : end] {
		if l.Empty() {
			continue
		}
		text := l.Text()
		if u := unitOf(text); u != "" {
			t.Unit = u
			continue
		}
		if isMetaLine(text) || isColumnNumbers(l) {
			continue
		}
		if isNoteStart(text) || (inNote && !r.hasValues(l)) {
			inNote = true
			notes = append(notes, strings.TrimSpace(text))
			continue
		}
		body = append(body, l)
	}
	if len(notes) > 0 {
		t.Note = strings.Join(notes, "\n")
	}
	tp := &tableParse{r: r, spec: spec, t: &t}
	switch {
	case spec.Rows.By == yusuan.RowsPerformanceDepartment || spec.Rows.By == yusuan.RowsPerformanceProject:
		tp.form(body)
	case spec.Layout == "two_sided":
		tp.twoSided(body)
	case spec.Rows.By == yusuan.RowsList:
		tp.list(body)
	default:
		tp.gridTable(body)
	}
	if spec.Rows.By == yusuan.RowsPerformanceProject {
		for _, row := range t.Rows {
			if row.Key == "project_name" {
				t.Project = row.Cells["value"].Text
			}
		}
	}
	return t
}

func isMetaLine(s string) bool {
	if len(s) > 120 {
		return false
	}
	n := Norm(s)
	if strings.HasPrefix(n, "编制部门") || strings.HasPrefix(n, "编制单位") {
		return true
	}
	// "(2021年)" under a project table's title.
	if y := StripYear(n); y == "" && n != "" {
		return true
	}
	// The form number the MoF sets print under a title: "公开01表",
	// "附表3".
	if tableLabelRe.MatchString(strings.ReplaceAll(n, " ", "")) {
		return true
	}
	return false
}

var tableLabelRe = lazyre.New(`^(?:(?:公开|附)表?\d{1,2}表?|表\d{1,2}|\d{1,2}表)$`)

// isColumnNumbers reports the line of column numbers (栏次) the MoF sets
// print under a header: "栏次 1 栏次 2" or "1 2 3 … 12", the numbers
// counting up from 1. They are not amounts. The code and name columns
// may be marked "**" on that line (Changsha, Huzhou: ** ** 1 2 3).
func isColumnNumbers(l *layout.Line) bool {
	next, labelled := 1, false
	for _, c := range l.NonEmpty() {
		for _, w := range strings.Fields(Norm(c.Text)) {
			if isColumnMark(w) && next == 1 {
				labelled = true
				continue
			}
			if rest, ok := strings.CutPrefix(w, "栏次"); ok {
				labelled = true
				if w = rest; w == "" {
					continue
				}
			}
			n, err := strconv.Atoi(w)
			if err != nil {
				return false
			}
			// 栏次 restarts on each side of a two-sided table.
			if n != next && !(labelled && n > next) {
				return false
			}
			next = n + 1
		}
	}
	return next > 4 || (labelled && next > 1)
}

func isNoteStart(s string) bool {
	// “（注：2026 年国家信访局部门预算中没有使用……）”: a note in brackets.
	n := strings.TrimPrefix(Norm(prefix(s, 8)), "(")
	for _, p := range []string{"注:", "备注:", "说明:", "注1", "注："} {
		if strings.HasPrefix(n, p) {
			return true
		}
	}
	return false
}

// prefix is the first n runes of s.
func prefix(s string, n int) string {
	for i := range s {
		if n == 0 {
			return s[:i]
		}
		n--
	}
	return s
}

// hasValues reports whether a line has an amount or a classification code.
func (r *recognizer) hasValues(l *layout.Line) bool {
	for _, c := range l.Cells {
		if IsAmount(c.Text) {
			return true
		}
	}
	return false
}

// tableParse holds the state of one table's recognition.
type tableParse struct {
	r    *recognizer
	spec *yusuan.TableSpec
	t    *yusuan.Table
	cols []hcol
	// vocab is every header word of the table, to skip repeated headers.
	vocab  map[string]bool
	isGrid bool
	// level1 holds the 一级指标 seen in a form's indicator rows.
	level1 map[string]bool
	// totals are the amounts of the table's total row, once read.
	totals map[string]yusuan.Amount
	// textOnly are the keys of columns that hold text and never an
	// amount (a project's 绩效目标): a line with nothing but their text is
	// a piece of a wrapped cell (textFragment).
	textOnly map[string]bool
}

// hcol is a spec column located in the printed header.
type hcol struct {
	spec   *yusuan.ColumnSpec
	center float64
	found  bool
	index  int // grid column index when grid
}

func (c *hcol) amount() bool {
	return c.spec.Type == "" || c.spec.Type == yusuan.ColAmount || c.spec.Type == yusuan.ColNumber
}

// isDataLine reports a line with an amount or a leading code.
func isDataLine(l *layout.Line) bool {
	for _, c := range l.Cells {
		if IsAmount(c.Text) {
			return true
		}
	}
	return false
}

// header locates the spec's columns in the lines before the first data
// line and returns the index of that line.
func (tp *tableParse) header(body []*layout.Line) int {
	n := 0
	for n < len(body) && !isDataLine(body[n]) {
		n++
	}
	// A table without data (故本表无数据) prints its header and a lone,
	// blank 合计 line: that line is a row, not the header.
	if n == len(body) {
		for j := n - 1; j > 0; j-- {
			if r0HasTotal(body[j]) {
				n = j
				break
			}
		}
	}
	hdr := body[:n]
	tp.vocab = map[string]bool{"类": true, "款": true, "项": true, "项目": true, "合计": true}
	for _, w := range strings.Split(tp.spec.CodeHeader, "|") {
		tp.vocab[Norm(w)] = true
	}
	tp.vocab[Norm(tp.spec.NameHeader)] = true
	for _, c := range tp.spec.Columns {
		tp.vocab[Norm(c.Label)] = true
		tp.vocab[Norm(c.Group)] = true
	}
	grid := false
	for _, l := range hdr {
		grid = grid || l.Grid
		for _, c := range l.NonEmpty() {
			tp.vocab[Norm(c.Text)] = true
		}
	}
	for _, l := range body {
		grid = grid || l.Grid
	}
	tp.isGrid = grid
	tp.cols = make([]hcol, len(tp.spec.Columns))
	for i := range tp.spec.Columns {
		tp.cols[i] = hcol{spec: &tp.spec.Columns[i]}
	}
	cands := stacks(hdr)
	tp.assign(cands)
	return n
}

// candidate is a header cell, or cells stacked over each other (a header
// split over lines), with its normalized text.
type candidate struct {
	text   string
	center float64
	x0, x1 float64
}

func overlap(a0, a1, b0, b1 float64) float64 {
	return math.Min(a1, b1) - math.Max(a0, b0)
}

func stacks(hdr []*layout.Line) []candidate {
	var out []candidate
	for i, l := range hdr {
		for _, c := range l.NonEmpty() {
			text := StripYear(Norm(c.Text))
			cur := candidate{text: text, center: c.Center(), x0: c.X0, x1: c.X1}
			out = append(out, cur)
			for j := i + 1; j < len(hdr) && j <= i+2; j++ {
				var best *layout.Cell
				bestOv := 0.0
				for k := range hdr[j].Cells {
					d := &hdr[j].Cells[k]
					if strings.TrimSpace(d.Text) == "" {
						continue
					}
					if ov := overlap(cur.x0, cur.x1, d.X0, d.X1); ov > bestOv {
						best, bestOv = d, ov
					}
				}
				if best == nil {
					break
				}
				cur = candidate{text: cur.text + StripYear(Norm(best.Text)), center: best.Center(),
					x0: math.Min(cur.x0, best.X0), x1: math.Max(cur.x1, best.X1)}
				out = append(out, cur)
			}
		}
	}
	return out
}

// matchScore says how well a header text names a column.
func matchScore(text string, c *yusuan.ColumnSpec) int {
	L, G := StripYear(Norm(c.Label)), StripYear(Norm(c.Group))
	if L == "" || text == "" {
		return 0
	}
	switch {
	case G != "" && (text == G+L || text == G+":"+L):
		return 5
	case text == L && G == "":
		return 4
	case text == L:
		return 3
	case G != "" && strings.HasPrefix(text, G) && strings.HasSuffix(text, L):
		return 4
	case runeLen(L) >= 2 && strings.HasSuffix(text, L):
		return 2
	case runeLen(text) >= 2 && strings.Contains(L, text):
		return 1
	}
	return 0
}

// assign matches columns to candidates left to right, maximizing the
// total match score (columns are printed in the spec's order).
func (tp *tableParse) assign(cands []candidate) {
	sort.SliceStable(cands, func(i, j int) bool { return cands[i].center < cands[j].center })
	m, k := len(tp.cols), len(cands)
	if m == 0 || k == 0 {
		return
	}
	const minGap = 0.5
	// best[i][j]: best score for columns i.. using candidates with index >= j.
	best := make([][]int, m+1)
	choice := make([][]int, m+1)
	for i := range best {
		best[i] = make([]int, k+1)
		choice[i] = make([]int, k+1)
	}
	for i := m - 1; i >= 0; i-- {
		for j := k - 1; j >= 0; j-- {
			// Skip candidate j, or leave column i unmatched.
			b, ch := best[i][j+1], -1
			if best[i+1][j] > b {
				b, ch = best[i+1][j], -2
			}
			if s := matchScore(cands[j].text, tp.cols[i].spec); s > 0 {
				nj := j + 1
				for nj < k && cands[nj].center < cands[j].center+minGap {
					nj++
				}
				if v := s + best[i+1][nj]; v > b {
					b, ch = v, j
				}
			}
			best[i][j], choice[i][j] = b, ch
		}
		best[i][k] = best[i+1][k]
		choice[i][k] = -2
	}
	i, j := 0, 0
	for i < m && j <= k {
		switch ch := choice[i][j]; ch {
		case -1:
			j++
		case -2:
			i++
		default:
			tp.cols[i].center = cands[ch].center
			tp.cols[i].found = true
			tp.cols[i].index = int(math.Floor(cands[ch].center))
			i++
			j = ch + 1
			for j < k && cands[j].center < cands[ch].center+minGap {
				j++
			}
		}
	}
}

// firstValue is the center of the leftmost found value column.
func (tp *tableParse) firstValue() float64 {
	f := math.Inf(1)
	for _, c := range tp.cols {
		if c.found && c.center < f {
			f = c.center
		}
	}
	return f
}

// column returns the column a value cell belongs to: for amounts the
// right-most column whose header center lies left of the cell's right edge
// (numbers are right-aligned or centered under their header); for text
// the nearest header.
func (tp *tableParse) column(c layout.Cell, amount bool, only func(*hcol) bool) *hcol {
	var best *hcol
	if amount {
		tol := 2.0
		if tp.isGrid {
			tol = 0
		}
		for i := range tp.cols {
			h := &tp.cols[i]
			if !h.found || !h.amount() || (only != nil && !only(h)) {
				continue
			}
			if h.center < c.X1+tol && (best == nil || h.center > best.center) {
				best = h
			}
		}
		return best
	}
	d := math.Inf(1)
	for i := range tp.cols {
		h := &tp.cols[i]
		if !h.found || h.amount() || (only != nil && !only(h)) {
			continue
		}
		if dd := math.Abs(h.center - c.Center()); dd < d {
			best, d = h, dd
		}
	}
	return best
}

// headerLike reports a repeated header line (tables continued on a new page).
func (tp *tableParse) headerLike(l *layout.Line) bool {
	cells := l.NonEmpty()
	if len(cells) == 0 {
		return false
	}
	for _, c := range cells {
		if !tp.vocab[StripYear(Norm(c.Text))] {
			return false
		}
	}
	return true
}

// split divides a line into the cells left of the value columns (codes
// and names) and the value cells.
func (tp *tableParse) split(l *layout.Line) (key, vals []layout.Cell) {
	f := tp.firstValue()
	// Text under a text column is left-aligned while its header is
	// centred (办公设备购置 under 采购项目): its center may lie left of the
	// header's, but it reaches past it, which a name never does.
	firstText := false
	for i := range tp.cols {
		if h := &tp.cols[i]; h.found && h.center == f {
			firstText = !h.amount()
		}
	}
	for _, c := range l.Cells {
		if tp.isGrid {
			if c.X1 <= f {
				key = append(key, c)
			} else {
				vals = append(vals, c)
			}
			continue
		}
		if strings.TrimSpace(c.Text) == "" {
			continue
		}
		if c.X1 <= f-2 || (!IsAmount(c.Text) && c.Center() < f-2 && !firstText) {
			key = append(key, c)
		} else {
			vals = append(vals, c)
		}
	}
	return key, vals
}

// parsedRow is a data line taken apart.
type parsedRow struct {
	codes, gov  []layout.Cell
	name, gname []layout.Cell
	values      map[string]yusuan.Value
	sources     map[string]yusuan.Position
	line        *layout.Line
}

func isCode(s string) bool {
	t := foldNumber(s)
	return len(t) >= 1 && len(t) <= 7 && allDigits(t)
}

// keyCells splits the key zone into codes, name, government codes and
// government name (department × government economic tables).
func keyCells(key []layout.Cell, gov bool) (codes, name, gcodes, gname []layout.Cell) {
	stage := 0
	for _, c := range key {
		t := strings.TrimSpace(c.Text)
		if t == "" {
			continue
		}
		switch {
		case stage == 0 && isCode(t):
			codes = append(codes, c)
		case stage <= 1 && !isCode(t):
			stage = 1
			name = append(name, c)
		case stage >= 1 && gov && isCode(t) && stage <= 2:
			stage = 2
			gcodes = append(gcodes, c)
		case stage >= 2 && gov:
			stage = 3
			gname = append(gname, c)
		default:
			name = append(name, c)
		}
	}
	return
}

// joinCode joins code parts printed in several cells (201 03 01), padding
// parts that lost a leading zero ("301 2" is 30102).
func joinCode(cells []layout.Cell) string {
	if len(cells) == 0 {
		return ""
	}
	if len(cells) == 1 {
		return foldNumber(cells[0].Text)
	}
	var b strings.Builder
	for i, c := range cells {
		t := foldNumber(c.Text)
		if i > 0 && len(t) == 1 {
			t = "0" + t
		}
		b.WriteString(t)
	}
	return b.String()
}

// printedCode is a code printed in several cells as printed ("301 2"),
// when joinCode completed a part that lost its leading zero; else "".
func printedCode(cells []layout.Cell) string {
	if len(cells) < 2 {
		return ""
	}
	padded := false
	parts := make([]string, len(cells))
	for i, c := range cells {
		parts[i] = foldNumber(c.Text)
		if i > 0 && len(parts[i]) == 1 {
			padded = true
		}
	}
	if !padded {
		return ""
	}
	return strings.Join(parts, " ")
}

func levelOf(code string, parts int) string {
	switch {
	case len(code) == 6 && parts == 1:
		return yusuan.LevelUnit
	case len(code) == 3:
		return yusuan.LevelClass
	case len(code) == 5:
		return yusuan.LevelSegment
	case len(code) == 7:
		return yusuan.LevelItem
	}
	return ""
}

func isTotalName(s string) bool {
	n := itemKey(s)
	return n == "合计" || n == "总计" || n == "本年合计"
}

// values assigns value cells to columns. Grid rows that lost cells are
// realigned so that the table's sums hold.
func (tp *tableParse) values(vals []layout.Cell, l *layout.Line, pr *parsedRow) {
	pr.values = map[string]yusuan.Value{}
	pr.sources = map[string]yusuan.Position{}
	// A workbook's cells are where they are: a row that ends early ends
	// in blank cells (a 财政拨款 only row of a Shanghai table), not in
	// cells lost by a conversion.
	if tp.isGrid && tp.r.l.Kind != layout.KindXLSX {
		vals = tp.realign(vals, l)
	}
	for _, c := range vals {
		t := strings.TrimSpace(c.Text)
		if t == "" {
			continue
		}
		amount := IsAmount(t) || IsBlankMark(t)
		h := tp.column(c, amount, nil)
		if h == nil && amount {
			h = tp.column(c, false, nil)
			amount = false
		}
		if h == nil {
			h = tp.column(c, true, nil)
			if h == nil {
				tp.r.warnf(c.Pos, "表%d：单元格“%s”不在任何列下，已忽略", tp.t.Number, t)
				continue
			}
		}
		key := h.spec.Key
		if _, dup := pr.values[key]; dup {
			tp.r.warnf(c.Pos, "表%d：列“%s”有两个值，保留第一个", tp.t.Number, h.spec.Label)
			continue
		}
		v, ok := tp.value(h, t, c.Pos)
		if !ok {
			continue
		}
		pr.values[key] = v
		pr.sources[key] = c.Pos
	}
}

// value parses a cell for column h.
func (tp *tableParse) value(h *hcol, t string, pos yusuan.Position) (yusuan.Value, bool) {
	switch h.spec.Type {
	case yusuan.ColText:
		return yusuan.TextValue(t), true
	case yusuan.ColNumber:
		a, _, err := ParseAmount(t, "元")
		if err != nil {
			tp.r.warnf(pos, "表%d：“%s”不是数字", tp.t.Number, t)
			return yusuan.Value{}, false
		}
		return yusuan.AmountValue(a), true
	}
	a, blank, err := ParseAmount(t, tp.t.Unit)
	if err != nil {
		tp.r.warnf(pos, "表%d：%v", tp.t.Number, err)
		return yusuan.Value{}, false
	}
	if blank {
		return yusuan.Value{}, false // a dash is printed for a blank
	}
	return yusuan.AmountValue(a), true
}

// realign puts a grid row's value cells back under their columns when the
// row lost cells in conversion: of all places the missing cells could
// have been, it takes the one where the most of the table's sums hold
// (subtotal = its parts, total = basic + project …), preferring trailing
// gaps when several do.
func (tp *tableParse) realign(vals []layout.Cell, l *layout.Line) []layout.Cell {
	if len(vals) == 0 {
		return vals
	}
	first := math.MaxInt
	last := -1
	var amountCols []int
	for _, c := range tp.cols {
		if c.found {
			first = min(first, c.index)
			last = max(last, c.index)
			if c.amount() {
				amountCols = append(amountCols, c.index)
			}
		}
	}
	if last < 0 {
		return vals
	}
	want := last - first + 1
	// Trim trailing empty cells beyond the header.
	for len(vals) > want && strings.TrimSpace(vals[len(vals)-1].Text) == "" {
		vals = vals[:len(vals)-1]
	}
	missing := want - len(vals)
	if missing <= 0 || missing > 3 || strings.TrimSpace(vals[len(vals)-1].Text) == "" {
		return vals
	}
	rules := tp.sumRules()
	if len(rules) == 0 {
		return vals
	}
	// Columns that are zero in the table's total row are where a blank
	// cell was most likely printed, and so lost.
	zero := map[int]bool{}
	if tp.totals != nil {
		for _, c := range tp.cols {
			if c.found && c.amount() && tp.totals[c.spec.Key] == 0 {
				zero[c.index-first] = true
			}
		}
	}
	var bestVals []layout.Cell
	bestScore, bestPref := -1, -1
	gaps := make([]int, missing)
	var try func(k, from int)
	try = func(k, from int) {
		if k == missing {
			out := make([]layout.Cell, 0, want)
			vi, gi := 0, 0
			pref := 0
			for slot := 0; slot < want; slot++ {
				if gi < missing && gaps[gi] == slot {
					out = append(out, layout.Cell{Pos: l.Pos})
					if zero[slot] {
						pref++
					}
					gi++
				} else {
					out = append(out, vals[vi])
					vi++
				}
			}
			for i := range out {
				x := float64(first + i)
				out[i].X0, out[i].X1 = x, x+1
			}
			s := tp.score(out, first, rules)
			if s > bestScore || (s == bestScore && pref > bestPref) {
				bestScore, bestPref, bestVals = s, pref, out
			}
			return
		}
		for g := from; g < want; g++ {
			gaps[k] = g
			try(k+1, g+1)
		}
	}
	try(0, 0)
	if bestVals == nil {
		return vals
	}
	tp.r.warnf(l.Pos, "表%d：该行少了 %d 个单元格，已按表内合计关系对齐", tp.t.Number, missing)
	return bestVals
}

type sumRule struct {
	whole string
	parts []string
}

// sumRules derives the table's additive structure from its columns: the
// first column of a group is the sum of the group's other columns (but
// not of "其中" columns), and the total column the sum of the groups and
// ungrouped columns.
func (tp *tableParse) sumRules() []sumRule {
	var rules []sumRule
	cols := tp.spec.Columns
	isAmt := func(c yusuan.ColumnSpec) bool { return c.Type == "" || c.Type == yusuan.ColAmount }
	of := func(c yusuan.ColumnSpec) bool { return strings.HasPrefix(Norm(c.Label), "其中") }
	groups := map[string][]yusuan.ColumnSpec{}
	var order []string
	for _, c := range cols {
		if !isAmt(c) || c.Group == "" {
			continue
		}
		if _, ok := groups[c.Group]; !ok {
			order = append(order, c.Group)
		}
		groups[c.Group] = append(groups[c.Group], c)
	}
	var top []string
	total := ""
	for _, c := range cols {
		if !isAmt(c) {
			continue
		}
		if c.Group == "" {
			if total == "" && (c.Key == "total" || Norm(c.Label) == "合计") {
				total = c.Key
				continue
			}
			if !of(c) {
				top = append(top, c.Key)
			}
		}
	}
	for _, g := range order {
		cs := groups[g]
		top = append(top, cs[0].Key)
		var parts []string
		for _, c := range cs[1:] {
			if !of(c) {
				parts = append(parts, c.Key)
			}
		}
		if len(parts) > 0 {
			rules = append(rules, sumRule{cs[0].Key, parts})
		}
	}
	if total != "" && len(top) > 0 {
		rules = append(rules, sumRule{total, top})
	}
	return rules
}

func (tp *tableParse) score(cells []layout.Cell, first int, rules []sumRule) int {
	vals := map[string]yusuan.Amount{}
	for _, h := range tp.cols {
		if !h.found || !h.amount() {
			continue
		}
		i := h.index - first
		if i >= 0 && i < len(cells) {
			a, _, err := ParseAmount(cells[i].Text, tp.t.Unit)
			if err != nil {
				return -1
			}
			vals[h.spec.Key] = a
		}
	}
	s := 0
	for _, ru := range rules {
		var sum yusuan.Amount
		for _, p := range ru.parts {
			sum += vals[p]
		}
		if sum == vals[ru.whole] {
			s++
		}
	}
	return s
}

// grid recognizes a table of code and name columns and value columns.
func (tp *tableParse) gridTable(body []*layout.Line) {
	n := tp.header(body)
	if ps := tp.panels(body[:n]); len(ps) > 1 {
		// Each panel repeats the first one's columns: read them there.
		var first []candidate
		for _, c := range stacks(body[:n]) {
			if c.center < ps[1].start {
				first = append(first, c)
			}
		}
		for i := range tp.cols {
			tp.cols[i] = hcol{spec: tp.cols[i].spec}
		}
		tp.assign(first)
		groups := tp.panelGroups(body[:n], ps)
		for j, lines := range splitPanels(body[n:], ps) {
			from := len(tp.t.Rows)
			tp.gridRows(lines)
			if groups[j] == nil {
				continue
			}
			// The panel's single value column is also its group's
			// (决算数 under 人员经费 is the row's 人员经费).
			for ri := range tp.t.Rows[from:] {
				row := &tp.t.Rows[from+ri]
				if len(row.Cells) != 1 {
					continue
				}
				for k, v := range row.Cells {
					row.Cells[groups[j].spec.Key] = v
					if pos, ok := row.Sources[k]; ok {
						row.Sources[groups[j].spec.Key] = pos
					}
				}
			}
		}
		return
	}
	tp.gridRows(body[n:])
}

// panel is one of the side-by-side copies of a table's columns (the MoF
// 基本支出决算表 prints 人员经费 | 公用经费 as three panels of 科目代码 ·
// 科目名称 · 决算数): it starts at x and its cells sit offset to the
// right of the first panel's.
type panel struct{ start, offset float64 }

// panels finds the panels of a header that prints the name header
// (科目名称) more than once on one line. Between two panels, the previous
// panel's value headers end and the next panel's code header (科目代码,
// perhaps split over lines) begins: the panel starts halfway.
func (tp *tableParse) panels(hdr []*layout.Line) []panel {
	if tp.isGrid || tp.spec.NameHeader == "" {
		return nil
	}
	nameHdr := Norm(tp.spec.NameHeader)
	var names []layout.Cell
	for _, l := range hdr {
		var on []layout.Cell
		for _, c := range l.NonEmpty() {
			if Norm(strings.ReplaceAll(c.Text, " ", "")) == nameHdr {
				on = append(on, c)
			}
		}
		if len(on) > len(names) {
			names = on
		}
	}
	if len(names) < 2 {
		return nil
	}
	codeHdr := Norm(strings.ReplaceAll(tp.spec.CodeHeader, "|", ""))
	ps := []panel{{start: math.Inf(-1)}}
	for j := 1; j < len(names); j++ {
		lo, hi := names[j-1].Center(), names[j].Center()
		codeX0, valX1 := math.Inf(1), math.Inf(-1)
		for _, l := range hdr {
			for _, c := range l.NonEmpty() {
				if c.Center() <= lo || c.Center() >= hi {
					continue
				}
				t := Norm(strings.ReplaceAll(c.Text, " ", ""))
				if codeHdr != "" && strings.Contains(codeHdr, t) {
					codeX0 = math.Min(codeX0, c.X0)
				}
			}
		}
		if math.IsInf(codeX0, 1) {
			return nil
		}
		for _, l := range hdr {
			for _, c := range l.NonEmpty() {
				if c.Center() > lo && c.X1 < codeX0 {
					valX1 = math.Max(valX1, c.X1)
				}
			}
		}
		if math.IsInf(valX1, -1) {
			return nil
		}
		ps = append(ps, panel{start: (valX1 + codeX0) / 2, offset: names[j].Center() - names[0].Center()})
	}
	return ps
}

// panelGroups names, for each panel, the column its group header names
// (人员经费 over the first panel, 公用经费 over the other two): of the
// columns not read in the first panel, the one whose printed header lies
// nearest the middle of the panel's header.
func (tp *tableParse) panelGroups(hdr []*layout.Line, ps []panel) []*hcol {
	lo := make([]float64, len(ps))
	hi := make([]float64, len(ps))
	for j := range ps {
		lo[j], hi[j] = math.Inf(1), math.Inf(-1)
	}
	panelOf := func(x float64) int {
		j := 0
		for k := range ps {
			if x >= ps[k].start {
				j = k
			}
		}
		return j
	}
	for _, l := range hdr {
		for _, c := range l.NonEmpty() {
			j := panelOf(c.Center())
			lo[j], hi[j] = math.Min(lo[j], c.X0), math.Max(hi[j], c.X1)
		}
	}
	cands := stacks(hdr)
	out := make([]*hcol, len(ps))
	for j := range ps {
		if math.IsInf(lo[j], 1) {
			continue
		}
		mid := (lo[j] + hi[j]) / 2
		best := math.Inf(1)
		for i := range tp.cols {
			h := &tp.cols[i]
			if h.found || !h.amount() {
				continue
			}
			for _, c := range cands {
				if matchScore(c.text, h.spec) < 3 {
					continue
				}
				if d := math.Abs(c.center - mid); d < best {
					best, out[j] = d, h
				}
			}
		}
	}
	return out
}

// splitPanels cuts each line into one line per panel, its cells moved
// under the first panel's header. A label printed across two panels
// (公用经费合计 over 公用经费's two panels) keeps the amount of the panel
// to its right.
func splitPanels(lines []*layout.Line, ps []panel) [][]*layout.Line {
	out := make([][]*layout.Line, len(ps))
	for _, l := range lines {
		segs := make([][]layout.Cell, len(ps))
		for _, c := range l.NonEmpty() {
			j := 0
			for k := range ps {
				if c.Center() >= ps[k].start {
					j = k
				}
			}
			c.X0 -= ps[j].offset
			c.X1 -= ps[j].offset
			segs[j] = append(segs[j], c)
		}
		allAmounts := func(cells []layout.Cell) bool {
			for _, c := range cells {
				if !IsAmount(strings.TrimSpace(c.Text)) {
					return false
				}
			}
			return len(cells) > 0
		}
		for j := len(segs) - 1; j > 0; j-- {
			if allAmounts(segs[j]) && len(segs[j-1]) > 0 && !anyAmount(segs[j-1]) {
				segs[j-1] = append(segs[j-1], segs[j]...)
				segs[j] = nil
			}
		}
		for j, cells := range segs {
			if len(cells) == 0 {
				continue
			}
			sub := *l
			sub.Cells = cells
			out[j] = append(out[j], &sub)
		}
	}
	return out
}

func anyAmount(cells []layout.Cell) bool {
	for _, c := range cells {
		if IsAmount(strings.TrimSpace(c.Text)) {
			return true
		}
	}
	return false
}

// gridRows reads the data lines of a grid table (or of one panel).
func (tp *tableParse) gridRows(lines []*layout.Line) {
	gov := tp.spec.Rows.By == yusuan.RowsEconGov
	var rows []parsedRow
	var orphans []*layout.Line
	for _, l := range lines {
		if tp.headerLike(l) && !r0HasTotal(l) {
			continue
		}
		key, vals := tp.split(l)
		pr := parsedRow{line: l}
		pr.codes, pr.name, pr.gov, pr.gname = keyCells(key, gov)
		tp.values(vals, l, &pr)
		if len(pr.codes) == 0 && len(pr.values) == 0 && !r0HasTotal(l) {
			if len(pr.name) > 0 {
				orphans = append(orphans, l)
			}
			continue
		}
		rows = append(rows, pr)
		if tp.totals == nil && len(pr.codes) == 0 && isTotalName(layout.Join(pr.name)) {
			tp.totals = map[string]yusuan.Amount{}
			for k, v := range pr.values {
				tp.totals[k] = v.Num
			}
		}
	}
	tp.attachOrphans(rows, orphans)
	for i := range rows {
		tp.t.Rows = append(tp.t.Rows, tp.gridRow(&rows[i]))
	}
}

// r0HasTotal reports a lone total label (the 合计 row of an empty table),
// which is a row even though 合计 is also a header word.
func r0HasTotal(l *layout.Line) bool {
	cells := l.NonEmpty()
	return len(cells) == 1 && isTotalName(cells[0].Text)
}

// attachOrphans joins a line holding only part of a name (a name wrapped
// in its cell) to the nearest row above or below it.
func (tp *tableParse) attachOrphans(rows []parsedRow, orphans []*layout.Line) {
	nameEnd := func(cells []layout.Cell) float64 {
		e := math.Inf(-1)
		for _, c := range cells {
			e = max(e, c.X1)
		}
		return e
	}
	var owned []ownedLine
	var pending []*layout.Line
	attach := func(o *layout.Line, best int) {
		end, gend := tp.attachOrphan(rows, o, best)
		owned = append(owned, ownedLine{o, best, end, gend})
	}
	// The right edges of the longest first lines of names.
	full, gfull := math.Inf(-1), math.Inf(-1)
	for i := range rows {
		owned = append(owned, ownedLine{rows[i].line, i, nameEnd(rows[i].name), nameEnd(rows[i].gname)})
		full, gfull = max(full, nameEnd(rows[i].name)), max(gfull, nameEnd(rows[i].gname))
	}
	for _, o := range orphans {
		if len(rows) == 0 {
			return
		}
		if tp.isGrid {
			tp.r.warnf(o.Pos, "表%d：无法归入任何行的文字“%s”，已忽略", tp.t.Number, o.Text())
			continue
		}
		mid := (o.Y0 + o.Y1) / 2
		best, d := -1, math.Inf(1)
		for i := range rows {
			if rows[i].line.Pos.Page != o.Pos.Page || tp.textFragment(&rows[i]) {
				continue
			}
			rm := (rows[i].line.Y0 + rows[i].line.Y1) / 2
			if dd := math.Abs(rm - mid); dd < d {
				best, d = i, dd
			}
		}
		h := o.Y1 - o.Y0
		// A line set right under a full line of a row's name (one wrapped
		// at the column's edge), with no more than the spacing of lines
		// within a cell, continues that row even when the next row is
		// nearer: a name wrapped over three lines, printed from the top.
		aboveY, above, wrapped := math.Inf(-1), -1, false
		for _, ln := range owned {
			if ln.line.Pos.Page == o.Pos.Page && ln.line.Y1 <= o.Y0+1 && ln.line.Y1 > aboveY {
				aboveY, above = ln.line.Y1, ln.row
				// Full to within a character: wrapping breaks between them.
				wrapped = ln.end >= full-h || ln.gend >= gfull-h
			}
		}
		// (Not when the nearest row has no name of its own: then the name
		// is set around that row's line, centred, as Excel prints it.)
		if above >= 0 && o.Y0-aboveY < 0.5*h && wrapped && (best < 0 || len(rows[best].name) > 0) {
			best, d = above, 0
		}
		if best < 0 || d > 2*h {
			pending = append(pending, o)
			continue
		}
		attach(o, best)
	}
	// A name wrapped over more lines than fit beside its row (广州地区公文
	// 交换站 / (广州市人民政府公报编辑 / [amounts] / 部)2025-2026年度信息化运 /
	// 维服务): a line far from every row but right above or below a line a
	// row owns, with no more than the spacing of lines within a cell,
	// continues that row. Lines are taken as they join, outwards.
	for len(pending) > 0 && len(tp.textOnly) > 0 {
		var rest []*layout.Line
		for _, o := range pending {
			h := o.Y1 - o.Y0
			row := -1
			for _, ln := range owned {
				if ln.line.Pos.Page != o.Pos.Page {
					continue
				}
				if gap := math.Max(o.Y0-ln.line.Y1, ln.line.Y0-o.Y1); gap > -1 && gap < 0.75*h {
					row = ln.row
					break
				}
			}
			if row < 0 {
				rest = append(rest, o)
				continue
			}
			attach(o, row)
		}
		if len(rest) == len(pending) {
			break
		}
		pending = rest
	}
	for _, o := range pending {
		if !tp.attached(o, owned) {
			tp.r.warnf(o.Pos, "表%d：无法归入任何行的文字“%s”，已忽略", tp.t.Number, o.Text())
		}
	}
}

// ownedLine is a line of a row's name: the row's own line or one
// attachOrphans gave it.
type ownedLine struct {
	line *layout.Line
	row  int
	end  float64 // the right edge of its name text
	gend float64 // and of its government name text
}

// attached reports a line some row owns.
func (tp *tableParse) attached(o *layout.Line, owned []ownedLine) bool {
	for _, ln := range owned {
		if ln.line == o {
			return true
		}
	}
	return false
}

// attachOrphan is attachOrphans' step for one line: its name cells join
// row best's name, before it when printed above the row's line.
func (tp *tableParse) attachOrphan(rows []parsedRow, o *layout.Line, best int) (end, gend float64) {
	nameEnd := func(cells []layout.Cell) float64 {
		e := math.Inf(-1)
		for _, c := range cells {
			e = max(e, c.X1)
		}
		return e
	}
	mid := (o.Y0 + o.Y1) / 2
	_, name, _, _ := keyCells(o.Cells, false)
	// In a department × government economic table, wrapped text under
	// the government name continues that name, not the department's
	// (社会保障缴费_行 | 政).
	var gname []layout.Cell
	if g := rows[best].gname; len(g) > 0 {
		var own []layout.Cell
		for _, c := range name {
			if c.X0 >= g[0].X0-2 {
				gname = append(gname, c)
			} else {
				own = append(own, c)
			}
		}
		name = own
	}
	end, gend = nameEnd(name), nameEnd(gname)
	rm := (rows[best].line.Y0 + rows[best].line.Y1) / 2
	if mid < rm {
		rows[best].name = append(name, rows[best].name...)
		rows[best].gname = append(gname, rows[best].gname...)
	} else {
		rows[best].name = append(rows[best].name, name...)
		rows[best].gname = append(rows[best].gname, gname...)
	}
	return end, gend
}

// textFragment reports a line of nothing but text of a text column (no
// code, name or amount): a piece of a text cell wrapped over lines, which
// joins a row later (joinWrappedText); a wrapped name belongs to a row,
// not to it (Guangzhou's projects: 广州市人民政府办公厅 / 2025-2026年度信息化
// 整体运 / 维服务项目 around the amounts, between lines of 绩效目标 text).
func (tp *tableParse) textFragment(pr *parsedRow) bool {
	if len(pr.codes) > 0 || len(pr.name) > 0 || len(pr.gov) > 0 || len(pr.values) == 0 {
		return false
	}
	for k, v := range pr.values {
		if !v.IsText || !tp.textOnly[k] {
			return false
		}
	}
	return true
}

func (tp *tableParse) gridRow(pr *parsedRow) yusuan.Row {
	row := yusuan.Row{Cells: pr.values, Sources: pr.sources}
	row.Code = joinCode(pr.codes)
	row.PrintedCode = printedCode(pr.codes)
	row.Name = layout.Join(pr.name)
	if len(pr.codes) > 0 {
		row.Sources["code"] = pr.codes[0].Pos
	}
	if len(pr.name) > 0 {
		row.Sources["name"] = pr.name[0].Pos
	}
	switch {
	case row.Code == "" && isTotalName(row.Name):
		row.Name = "合计"
		row.Level = yusuan.LevelTotal
	default:
		row.Level = levelOf(row.Code, len(pr.codes))
	}
	if tp.spec.Rows.By == yusuan.RowsProcurement && row.Code != "" {
		row.Level = yusuan.LevelItem
	}
	if len(pr.gov) > 0 || len(pr.gname) > 0 {
		row.GovCode = joinCode(pr.gov)
		row.GovName = layout.Join(pr.gname)
		if row.Level == "" {
			row.Level = yusuan.LevelSegment
		}
	}
	if row.Code == "" && row.Level != yusuan.LevelTotal && row.Name != "" && tp.r.funcNames != nil {
		if code, ok := tp.r.funcNames[Norm(row.Name)]; ok && tp.spec.Rows.By == yusuan.RowsFunctional {
			row.Code, row.Level = code, levelOf(code, 2)
		}
	}
	tp.fillBlanks(&row, nil)
	return row
}

// fillBlanks leaves the amount columns a row left blank without a cell: a
// blank stays blank (docs/document-json.md), and is zero for arithmetic.
// It only drops an empty sources map.
func (tp *tableParse) fillBlanks(row *yusuan.Row, _ map[string]bool) {
	if row.Cells == nil {
		row.Cells = map[string]yusuan.Value{}
	}
	if len(row.Sources) == 0 {
		row.Sources = nil
	}
}

// sideEntry is one label and its values on one side of a two-sided table.
type sideEntry struct {
	name    string
	values  map[string]yusuan.Value
	sources map[string]yusuan.Position
	used    bool
}

// twoSided recognizes 收入 | 支出 tables (收支总表).
func (tp *tableParse) twoSided(body []*layout.Line) {
	n := tp.header(body)
	isIncome := func(h *hcol) bool { return h.spec.Of == "income" }
	var incCenter float64 = math.Inf(1)
	for i := range tp.cols {
		if tp.cols[i].found && isIncome(&tp.cols[i]) {
			incCenter = tp.cols[i].center
		}
	}
	isLineNo := lineNumbers(body[:n])
	// A line labelled 合计 or 总计 is the table's total unless an item of
	// the table bears that label (本年收入合计, 总计 of final accounts).
	itemLabels := map[string]bool{}
	for _, it := range allItems(tp.spec) {
		if it.Total || it.Functions {
			continue
		}
		itemLabels[itemKey(it.Name)] = true
		if it.Label != "" {
			itemLabels[itemKey(it.Label)] = true
		}
	}
	var left, right []*sideEntry
	var totals []*sideEntry
	for _, l := range body[n:] {
		if tp.headerLike(l) {
			continue
		}
		var lname, rname []layout.Cell
		le := &sideEntry{values: map[string]yusuan.Value{}, sources: map[string]yusuan.Position{}}
		re := &sideEntry{values: map[string]yusuan.Value{}, sources: map[string]yusuan.Position{}}
		for _, c := range l.NonEmpty() {
			t := strings.TrimSpace(c.Text)
			if isLineNo(c, t) {
				continue
			}
			if IsAmount(t) || IsBlankMark(t) {
				h := tp.column(c, true, nil)
				if h == nil {
					continue
				}
				v, ok := tp.value(h, t, c.Pos)
				if !ok {
					continue
				}
				e := re
				if isIncome(h) {
					e = le
				}
				e.values[h.spec.Key] = v
				e.sources[h.spec.Key] = c.Pos
				continue
			}
			if c.X0 < incCenter {
				lname = append(lname, c)
			} else {
				rname = append(rname, c)
			}
		}
		le.name, re.name = layout.Join(lname), layout.Join(rname)
		if (isTotalLabel(le.name) || isTotalLabel(re.name)) && !itemLabels[itemKey(le.name)] && !itemLabels[itemKey(re.name)] {
			tot := &sideEntry{name: "合计", values: map[string]yusuan.Value{}, sources: map[string]yusuan.Position{}}
			for _, e := range []*sideEntry{le, re} {
				for k, v := range e.values {
					tot.values[k] = v
					tot.sources[k] = e.sources[k]
				}
			}
			totals = append(totals, tot)
			continue
		}
		if le.name != "" || len(le.values) > 0 {
			left = append(left, le)
		}
		if re.name != "" || len(re.values) > 0 {
			right = append(right, re)
		}
	}
	find := func(side []*sideEntry, name string) *sideEntry {
		k := itemKey(name)
		for _, e := range side {
			if !e.used && itemKey(e.name) == k {
				return e
			}
		}
		return nil
	}
	incomeKeys, expKeys := map[string]bool{}, map[string]bool{}
	for _, c := range tp.spec.Columns {
		if c.Of == "income" {
			incomeKeys[c.Key] = true
		} else {
			expKeys[c.Key] = true
		}
	}
	items := allItems(tp.spec)
	// Fixed items first, so that what is left on the expenditure side is
	// the rows by function.
	rows := make([][]yusuan.Row, len(items))
	for i, it := range items {
		if it.Functions || it.Total {
			continue
		}
		if len(it.Sums) > 0 {
			// A row of sums (总计) is printed on both sides: each side's
			// entry fills that side's columns.
			row := yusuan.Row{Name: it.Name, Key: it.Key, Cells: map[string]yusuan.Value{}, Sources: map[string]yusuan.Position{}}
			found := false
			for _, sk := range []struct {
				side []*sideEntry
				keys map[string]bool
			}{{left, incomeKeys}, {right, expKeys}} {
				e := find(sk.side, it.Name)
				if e == nil && it.Label != "" {
					e = find(sk.side, it.Label)
				}
				if e == nil {
					continue
				}
				e.used, found = true, true
				for k, v := range e.values {
					if sk.keys[k] {
						row.Cells[k] = v
						row.Sources[k] = e.sources[k]
					}
				}
			}
			if !found {
				continue
			}
			sums := map[string]bool{}
			for k := range it.Sums {
				sums[k] = true
			}
			tp.fillBlanks(&row, sums)
			rows[i] = []yusuan.Row{row}
			continue
		}
		side, keys := right, expKeys
		if it.Of == "income" || incomeKeys[it.Column] {
			side, keys = left, incomeKeys
		}
		e := find(side, it.Name)
		if e == nil && it.Label != "" {
			e = find(side, it.Label)
		}
		if e == nil {
			continue
		}
		e.used = true
		row := yusuan.Row{Name: it.Name, Key: it.Key, Cells: e.values, Sources: e.sources}
		tp.fillBlanks(&row, onlyKey(keys, it.Column))
		rows[i] = []yusuan.Row{row}
	}
	for i, it := range items {
		switch {
		case it.Total:
			if len(totals) == 0 {
				continue
			}
			row := yusuan.Row{Name: "合计", Key: it.Key, Level: yusuan.LevelTotal, Cells: totals[0].values, Sources: totals[0].sources}
			tp.fillBlanks(&row, nil)
			rows[i] = []yusuan.Row{row}
		case it.Functions:
			for _, e := range right {
				if e.used || e.name == "" {
					continue
				}
				e.used = true
				row := yusuan.Row{Name: StripNumbering(strings.TrimSpace(e.name)), Key: it.Key, Level: yusuan.LevelClass, Cells: e.values, Sources: e.sources}
				if code, ok := tp.r.funcNames[Norm(row.Name)]; ok {
					row.Code = code
				} else {
					tp.r.warnf(*tp.t.Source, "表%d：支出功能分类“%s”不在分类目录中，无法确定科目编码", tp.t.Number, row.Name)
				}
				keys := expKeys
				if it.Column != "" {
					keys = map[string]bool{it.Column: true}
				}
				tp.fillBlanks(&row, keys)
				rows[i] = append(rows[i], row)
			}
		}
	}
	for _, rs := range rows {
		tp.t.Rows = append(tp.t.Rows, rs...)
	}
	for _, side := range [][]*sideEntry{left, right} {
		for _, e := range side {
			if !e.used && e.name != "" {
				tp.r.warnf(*tp.t.Source, "表%d：行“%s”不是本表的项目，已忽略", tp.t.Number, e.name)
			}
		}
	}
}

// lineNumbers recognizes the numbers the MoF sets print on each line of
// a two-sided table (行次): they sit under a 行次 header, right-aligned up
// to the next header's middle, and are no amounts.
func lineNumbers(hdr []*layout.Line) func(c layout.Cell, t string) bool {
	var lineNos [][2]float64
	for _, l := range hdr {
		cells := l.NonEmpty()
		for k, c := range cells {
			if Norm(strings.ReplaceAll(c.Text, " ", "")) != "行次" {
				continue
			}
			end := math.Inf(1)
			if k+1 < len(cells) {
				end = cells[k+1].Center()
			}
			lineNos = append(lineNos, [2]float64{c.X0 - 3, end})
		}
	}
	return func(c layout.Cell, t string) bool {
		if len(lineNos) == 0 {
			return false
		}
		if _, err := strconv.Atoi(t); err != nil {
			return false
		}
		for _, r := range lineNos {
			if c.X0 >= r[0] && c.X1 <= r[1] {
				return true
			}
		}
		return false
	}
}

// dropLineNumbers returns the data lines without their 行次 numbers.
func dropLineNumbers(hdr, data []*layout.Line) []*layout.Line {
	isLineNo := lineNumbers(hdr)
	out := make([]*layout.Line, 0, len(data))
	for _, l := range data {
		var keep []layout.Cell
		dropped := false
		for _, c := range l.Cells {
			if isLineNo(c, strings.TrimSpace(c.Text)) {
				dropped = true
				continue
			}
			keep = append(keep, c)
		}
		if !dropped {
			out = append(out, l)
			continue
		}
		if len(layout.Join(keep)) == 0 {
			continue
		}
		nl := *l
		nl.Cells = keep
		out = append(out, &nl)
	}
	return out
}

func onlyKey(keys map[string]bool, col string) map[string]bool {
	if col == "" {
		return keys
	}
	return map[string]bool{col: true}
}

func isTotalLabel(s string) bool {
	n := itemKey(s)
	return strings.HasSuffix(n, "合计") || strings.HasSuffix(n, "总计")
}

func allItems(spec *yusuan.TableSpec) []yusuan.RowItem {
	var out []yusuan.RowItem
	for _, g := range spec.Rows.Items {
		out = append(out, g...)
	}
	return out
}

// list recognizes a table of fixed labelled rows (三公经费).
func (tp *tableParse) list(body []*layout.Line) {
	n := tp.header(body)
	items := allItems(tp.spec)
	used := make([]bool, len(items))
	for _, l := range body[n:] {
		if tp.headerLike(l) && !r0HasTotal(l) {
			continue
		}
		key, vals := tp.split(l)
		label := layout.Join(key)
		pr := parsedRow{line: l}
		tp.values(vals, l, &pr)
		if label == "" && len(pr.values) == 0 {
			continue
		}
		idx := -1
		k := itemKey(label)
		for i, it := range items {
			if used[i] {
				continue
			}
			if (k != "" && (itemKey(it.Name) == k || (it.Label != "" && itemKey(it.Label) == k))) ||
				(k == "" && len(items) == 1) {
				idx = i
				break
			}
		}
		if idx < 0 {
			if k == "" {
				for i, it := range items {
					if !used[i] && it.Total {
						idx = i
						break
					}
				}
			}
			if idx < 0 {
				tp.r.warnf(l.Pos, "表%d：行“%s”不是本表的项目，已忽略", tp.t.Number, label)
				continue
			}
		}
		used[idx] = true
		it := items[idx]
		row := yusuan.Row{Name: it.Name, Key: it.Key, Cells: pr.values, Sources: pr.sources}
		if it.Total {
			row.Level = yusuan.LevelTotal
			tp.fillBlanks(&row, nil)
		} else {
			col := it.Column
			if col == "" {
				for _, c := range tp.spec.Columns {
					if c.Type == "" || c.Type == yusuan.ColAmount {
						col = c.Key
						break
					}
				}
			}
			// A single value goes to the item's column wherever it was printed.
			if len(row.Cells) == 1 {
				for k, v := range row.Cells {
					if k != col {
						row.Cells = map[string]yusuan.Value{col: v}
						row.Sources = map[string]yusuan.Position{col: row.Sources[k]}
					}
				}
			}
			tp.fillBlanks(&row, map[string]bool{col: true})
		}
		tp.t.Rows = append(tp.t.Rows, row)
	}
}
