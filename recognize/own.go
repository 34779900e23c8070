package recognize

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/yusuan/yusuan"
	"github.com/yusuan/yusuan/layout"
)

// own reads the tables of a file yusuan wrote from a document no profile
// declares, by the table map it embeds (layout.OwnMap): the map gives each
// table's kind, columns and row keys, and every cell is read from the
// printed grid — Markdown pipe rows, worksheet rows, or the words a PDF
// drew inside each row's and column's box. It returns false, with a
// warning, when the file does not match its map (edited after yusuan
// wrote it); the general reader then reads it as any other disclosure.
func (r *recognizer) own() (*Result, bool) {
	if r.l == nil || r.l.Own == "" {
		return nil, false
	}
	m, err := layout.DecodeOwnMap(r.l.Own)
	if err != nil {
		r.warnf(yusuan.Position{File: r.l.File}, "%v，按一般格式读取", err)
		return nil, false
	}
	for _, ot := range m.Tables {
		if ot.Declared {
			return nil, false // a profile's document: RecognizeWith reads it
		}
	}
	used := make([]bool, len(r.lines))
	tables, err := r.ownTables(m, used)
	if err != nil {
		r.warnf(yusuan.Position{File: r.l.File}, "文件由 yusuan 生成，但与其中的表结构说明不一致（%v），可能生成后被改动过；按一般格式读取", err)
		return nil, false
	}
	doc := r.doc
	doc.Profile, doc.Kind, doc.Level = m.Profile, m.Kind, m.Level
	doc.Year, doc.Department, doc.Title = m.Year, m.Department, m.Title
	doc.Tables = tables
	if !r.ownDoc(m) {
		doc.Tables = []yusuan.Table{}
		return nil, false
	}
	return &Result{Doc: doc, Warnings: r.warn}, true
}

// ownDoc reads the narrative by the map and sets what the map says of the
// document; false, with a warning, if the print does not match.
func (r *recognizer) ownDoc(m *layout.OwnMap) bool {
	doc := r.doc
	doc.Profile, doc.Kind, doc.Level = m.Profile, m.Kind, m.Level
	doc.Year, doc.Department, doc.Title = m.Year, m.Department, m.Title
	doc.Parts = m.Parts
	sections, err := r.ownNarrative(m)
	if err != nil {
		r.warnf(yusuan.Position{File: r.l.File}, "文件由 yusuan 生成，但与其中的表结构说明不一致（%v），可能生成后被改动过；按一般格式读取", err)
		doc.Parts = nil
		return false
	}
	for i := range sections {
		r.figures(&sections[i])
	}
	doc.Narrative = sections
	return true
}

// ownProfile reads a rendering of a profile's document that has tables
// the profile does not declare: those by the map, the profile's by their
// titles and headers in the lines left, the narrative by the map. False,
// with a warning, when the print does not match the map.
func (r *recognizer) ownProfile() (*Result, bool) {
	if r.l == nil || r.l.Own == "" {
		return nil, false
	}
	m, err := layout.DecodeOwnMap(r.l.Own)
	if err != nil || m.Profile != r.p.ID {
		return nil, false
	}
	fail := func(err error) (*Result, bool) {
		r.warnf(yusuan.Position{File: r.l.File}, "文件由 yusuan 生成，但与其中的表结构说明不一致（%v），可能生成后被改动过；按格式 %s 读取", err, r.p.ID)
		r.doc.Tables, r.doc.Parts, r.doc.Narrative = []yusuan.Table{}, nil, []yusuan.Section{}
		return nil, false
	}
	used := make([]bool, len(r.lines))
	tables, err := r.ownTables(m, used)
	if err != nil {
		return fail(err)
	}
	var starts []tableStart
	for _, st := range r.findTables() {
		if !used[st.line] {
			starts = append(starts, st)
		}
	}
	k := 0
	for i := range m.Tables {
		ot := &m.Tables[i]
		if !ot.Declared {
			continue
		}
		if k >= len(starts) {
			return fail(fmt.Errorf("找不到表%d“%s”", ot.Number, ot.Title))
		}
		st := starts[k]
		end := len(r.lines)
		if k+1 < len(starts) {
			end = starts[k+1].line
		}
		for j := st.line + 1; j < end; j++ {
			if used[j] {
				end = j // the next table, read by the map
				break
			}
		}
		end = r.regionEnd(st.line, end)
		for j := st.line; j < end; j++ {
			used[j] = true
		}
		t := r.table(st, end)
		if t.Number != ot.Number || t.Kind != ot.Kind {
			return fail(fmt.Errorf("表%d 读作表%d（%s）", ot.Number, t.Number, t.Kind))
		}
		tables[i] = t
		k++
	}
	if k != len(starts) {
		return fail(fmt.Errorf("多出 %d 张表", len(starts)-k))
	}
	r.doc.Tables = tables
	r.unplaced(used)
	if !r.ownDoc(m) {
		r.doc.Tables = []yusuan.Table{}
		return nil, false
	}
	return &Result{Doc: r.doc, Warnings: r.warn}, true
}

// ownNarrative reads the narrative's paragraphs where the map says they
// were written; the sections' keys, parts and titles are the map's.
func (r *recognizer) ownNarrative(m *layout.OwnMap) ([]yusuan.Section, error) {
	out := make([]yusuan.Section, 0, len(m.Sections))
	// Markdown: the prose lines before the first table's heading, in
	// print order.
	var prose []*layout.Line
	if r.l.Kind == layout.KindText {
		first := ""
		if len(m.Tables) > 0 {
			first = fmt.Sprintf("%d. %s", m.Tables[0].Number, m.Tables[0].Title)
		}
		for _, l := range r.lines {
			if first != "" && l.Heading == 2 && strings.TrimSpace(l.Text()) == first {
				break
			}
			if !l.Empty() {
				prose = append(prose, l)
			}
		}
		if len(prose) > 0 && prose[0].Heading == 1 {
			prose = prose[1:] // the document's title
		}
	}
	next := func(heading int) (*layout.Line, error) {
		if len(prose) == 0 {
			return nil, errors.New("说明部分比表结构说明短")
		}
		l := prose[0]
		if l.Heading != heading {
			return nil, fmt.Errorf("%s：说明部分的结构与表结构说明不符", l.Pos)
		}
		prose = prose[1:]
		return l, nil
	}
	sheetRows := map[int]*layout.Line{}
	if r.l.Kind == layout.KindXLSX {
		for _, l := range r.lines {
			if l.Pos.Sheet == m.Sheet {
				sheetRows[sheetRow(l.Pos.Cell)] = l
			}
		}
	}
	part := 0
	for _, ms := range m.Sections {
		s := yusuan.Section{Key: ms.Key, Part: ms.Part, Title: ms.Title, Paragraphs: make([]string, 0, len(ms.Paras))}
		inPart := func() bool { return part >= 1 && part <= len(m.Parts) }
		switch r.l.Kind {
		case layout.KindXLSX:
			if len(ms.Head.Rows) > 0 {
				if l := sheetRows[ms.Head.Rows[0]]; l != nil {
					p := l.Pos
					s.Source = &p
				}
			}
		case layout.KindPDF:
			if _, pos := r.ownBoxes(ms.Head.Boxes); pos.Page > 0 {
				s.Source = &pos
			}
		}
		if r.l.Kind == layout.KindText {
			if ms.Part != part {
				part = ms.Part
				if inPart() {
					l, err := next(2)
					if err != nil {
						return nil, err
					}
					p := l.Pos
					s.Source = &p
				}
			}
			if ms.Title != "" && !(inPart() && strings.HasSuffix(m.Parts[part-1], ms.Title)) {
				l, err := next(3)
				if err != nil {
					return nil, err
				}
				p := l.Pos
				s.Source = &p
			}
		}
		for _, mp := range ms.Paras {
			var text string
			var pos yusuan.Position
			switch r.l.Kind {
			case layout.KindText:
				l, err := next(0)
				if err != nil {
					return nil, err
				}
				text, pos = l.Text(), l.Pos
			case layout.KindXLSX:
				var b strings.Builder
				for k, row := range mp.Rows {
					l := sheetRows[row]
					if l == nil {
						return nil, fmt.Errorf("工作表“%s”第 %d 行是空的，表结构说明中是说明段落", m.Sheet, row)
					}
					if k == 0 {
						pos = l.Pos
					}
					b.WriteString(l.Text())
				}
				text = b.String()
			case layout.KindPDF:
				text, pos = r.ownBoxes(mp.Boxes)
				text = strings.TrimLeft(text, "　 ")
			}
			if s.Source == nil && pos != (yusuan.Position{}) {
				p := pos
				s.Source = &p
			}
			s.Paragraphs = append(s.Paragraphs, text)
		}
		out = append(out, s)
	}
	return out, nil
}

// ownBoxes joins the text drawn inside the boxes: the words of a line
// with a space (each line was drawn as one string, split into words at
// its spaces), the lines of a wrapped text without one.
func (r *recognizer) ownBoxes(boxes []layout.OwnBox) (string, yusuan.Position) {
	var b strings.Builder
	var pos yusuan.Position
	for _, bx := range boxes {
		for _, l := range r.linesOf(bx.Page) {
			if mid := (l.Y0 + l.Y1) / 2; mid < bx.Y0 || mid > bx.Y1 {
				continue
			}
			if pos.Page == 0 {
				pos = l.Pos
			}
			b.WriteString(joinWords(l.Cells))
		}
	}
	return b.String(), pos
}

// linesOf returns the lines of a PDF page.
func (r *recognizer) linesOf(page int) []*layout.Line {
	if r.byPage == nil {
		r.byPage = map[int][]*layout.Line{}
		for _, l := range r.lines {
			r.byPage[l.Pos.Page] = append(r.byPage[l.Pos.Page], l)
		}
	}
	return r.byPage[page]
}

func joinWords(cells []layout.Cell) string {
	var b strings.Builder
	for i, c := range cells {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(c.Text)
	}
	return b.String()
}

// ownTables reads every table of the map, marking the lines it takes.
func (r *recognizer) ownTables(m *layout.OwnMap, used []bool) ([]yusuan.Table, error) {
	tables := make([]yusuan.Table, 0, len(m.Tables))
	next := 0 // text: the line to look for the next table from
	for ti := range m.Tables {
		ot := &m.Tables[ti]
		if ot.Declared {
			// The profile's table: found by its title and header.
			tables = append(tables, yusuan.Table{Number: ot.Number, Kind: ot.Kind, Title: ot.Title})
			continue
		}
		if ot.Codes < 0 || ot.Codes > 3 || ot.Header < 0 || ot.Header > 2 || len(ot.Columns) > 1000 {
			return nil, fmt.Errorf("表%d 的结构说明无效", ot.Number)
		}
		ncols := ot.Codes + 1 + len(ot.Columns)
		if ot.Gov {
			ncols += 3
		}
		t := yusuan.Table{Kind: ot.Kind, Number: ot.Number, Title: ot.Title, Unit: ot.Unit, Project: ot.Project,
			Note: ot.Note, Columns: ot.Columns, Rows: make([]yusuan.Row, 0, len(ot.Rows))}
		if !yusuan.ValidKind(t.Kind) {
			return nil, fmt.Errorf("表%d 的类别 %q 无效", ot.Number, ot.Kind)
		}
		if len(ot.Blocks) > 0 {
			rows, err := r.ownBlocks(ot, used)
			if err != nil {
				return nil, err
			}
			t.Rows = rows
			for _, b := range ot.Blocks {
				if len(b.Rows) > 0 && len(b.Rows[0].Boxes) > 0 {
					t.Source = &yusuan.Position{File: r.l.File, Page: b.Rows[0].Boxes[0].Page}
					break
				}
			}
			tables = append(tables, t)
			continue
		}
		var grid [][]layout.Cell
		var err error
		switch r.l.Kind {
		case layout.KindText:
			grid, next, err = r.ownText(ot, ncols, next, used)
		case layout.KindXLSX:
			grid, err = r.ownSheet(ot, ncols, used)
		case layout.KindPDF:
			grid, err = r.ownPDF(m, ot, ncols, used)
		default:
			err = fmt.Errorf("不支持的来源 %s", r.l.Kind)
		}
		if err != nil {
			return nil, err
		}
		if len(grid) > 0 && len(grid[0]) > 0 {
			p := grid[0][0].Pos
			t.Source = &p
		}
		for ri, cells := range grid {
			row, err := ownRow(ot, &ot.Rows[ri], cells)
			if err != nil {
				return nil, fmt.Errorf("表%d 第 %d 行：%v", ot.Number, ri+1, err)
			}
			t.Rows = append(t.Rows, row)
		}
		tables = append(tables, t)
	}
	return tables, nil
}

// ownRow makes a table row of its printed cells.
func ownRow(ot *layout.OwnTable, or *layout.OwnRow, cells []layout.Cell) (yusuan.Row, error) {
	row := yusuan.Row{Key: or.Key, Level: or.Level, Cells: map[string]yusuan.Value{}, Sources: map[string]yusuan.Position{}}
	text := func(i int) string { return strings.TrimSpace(cells[i].Text) }
	var code strings.Builder
	for i := 0; i < ot.Codes; i++ {
		code.WriteString(text(i))
	}
	row.Code = code.String()
	at := ot.Codes
	row.Name = text(at)
	at++
	if ot.Gov {
		row.GovCode, row.GovName = text(at)+text(at+1), text(at+2)
		at += 3
	}
	swap := map[string]bool{}
	for _, k := range or.Swap {
		swap[k] = true
	}
	unit := ot.Unit
	if unit == "" {
		unit = "元"
	}
	for ci, c := range ot.Columns {
		s := text(at + ci)
		pos := cells[at+ci].Pos
		if (c.Type == yusuan.ColText) != swap[c.Key] {
			if s != "" {
				row.Cells[c.Key] = yusuan.TextValue(s)
				row.Sources[c.Key] = pos
			}
			continue
		}
		if s == "" {
			continue
		}
		var a yusuan.Amount
		var err error
		if c.Type == yusuan.ColNumber && !swap[c.Key] {
			a, err = yusuan.ParseAmount(s)
		} else {
			a, _, err = ParseAmount(s, unit)
		}
		if err != nil {
			return row, fmt.Errorf("“%s”列的“%s”不是数", c.Label, s)
		}
		row.Cells[c.Key] = yusuan.AmountValue(a)
		row.Sources[c.Key] = pos
	}
	return row, nil
}

// ownText finds a table in yusuan's Markdown: its heading "N. title",
// then one header row and a pipe row per table row.
func (r *recognizer) ownText(ot *layout.OwnTable, ncols, from int, used []bool) ([][]layout.Cell, int, error) {
	want := fmt.Sprintf("%d. %s", ot.Number, ot.Title)
	i := from
	for ; i < len(r.lines); i++ {
		if l := r.lines[i]; l.Heading > 0 && strings.TrimSpace(l.Text()) == want {
			break
		}
	}
	if i == len(r.lines) {
		return nil, from, fmt.Errorf("找不到表%d 的标题“%s”", ot.Number, want)
	}
	// The table's lines: to the next table's heading.
	used[i] = true
	for j := i + 1; j < len(r.lines) && r.lines[j].Heading != 2; j++ {
		used[j] = true
	}
	i++
	if len(ot.Rows) == 0 {
		return nil, i, nil
	}
	var grid [][]layout.Cell
	header := true
	for ; i < len(r.lines) && len(grid) < len(ot.Rows); i++ {
		l := r.lines[i]
		switch {
		case l.Heading > 0:
			return nil, i, fmt.Errorf("表%d 只有 %d 行，表结构说明为 %d 行", ot.Number, len(grid), len(ot.Rows))
		case !l.Grid:
			continue
		case len(l.Cells) != ncols:
			return nil, i, fmt.Errorf("%s：表%d 这一行有 %d 列，应为 %d 列", l.Pos, ot.Number, len(l.Cells), ncols)
		case header:
			header = false
		default:
			grid = append(grid, l.Cells)
		}
	}
	if len(grid) < len(ot.Rows) {
		return nil, i, fmt.Errorf("表%d 只有 %d 行，表结构说明为 %d 行", ot.Number, len(grid), len(ot.Rows))
	}
	return grid, i, nil
}

// ownSheet reads a table from its worksheet: title, unit line, the header
// rows, then a row per table row.
func (r *recognizer) ownSheet(ot *layout.OwnTable, ncols int, used []bool) ([][]layout.Cell, error) {
	rows := map[int][]layout.Cell{}
	found := false
	for i, l := range r.lines {
		if l.Pos.Sheet != ot.Sheet {
			continue
		}
		found = true
		used[i] = true
		if n := sheetRow(l.Pos.Cell); n > 0 {
			rows[n] = l.Cells
		}
	}
	if !found {
		return nil, fmt.Errorf("找不到表%d 的工作表“%s”", ot.Number, ot.Sheet)
	}
	var grid [][]layout.Cell
	first := 3 + ot.Header
	for k := range ot.Rows {
		cells := rows[first+k]
		if len(cells) > ncols {
			return nil, fmt.Errorf("工作表“%s”第 %d 行有 %d 列，应为 %d 列", ot.Sheet, first+k, len(cells), ncols)
		}
		// A row's trailing blank cells may not be stored.
		for len(cells) < ncols {
			cn := fmt.Sprintf("%s%d", columnName(len(cells)+1), first+k)
			cells = append(cells, layout.Cell{Pos: yusuan.Position{File: r.l.File, Sheet: ot.Sheet, Cell: cn}})
		}
		grid = append(grid, cells)
	}
	return grid, nil
}

// sheetRow is the row number of a cell name (A12 → 12).
func sheetRow(cell string) int {
	i := strings.IndexAny(cell, "0123456789")
	if i < 0 {
		return 0
	}
	n, _ := strconv.Atoi(cell[i:])
	return n
}

func columnName(n int) string {
	s := ""
	for n > 0 {
		n--
		s = string(rune('A'+n%26)) + s
		n /= 26
	}
	return s
}

// ownPDF reads a table from a PDF: the words drawn inside each row's boxes
// (one per page the row is drawn on), by column edges.
func (r *recognizer) ownPDF(m *layout.OwnMap, ot *layout.OwnTable, ncols int, used []bool) ([][]layout.Cell, error) {
	if len(ot.Rows) > 0 && len(ot.Xs) != ncols+1 {
		return nil, fmt.Errorf("表%d 的列位置不全", ot.Number)
	}
	for i, l := range r.lines {
		if l.Pos.Page >= ot.Pages[0] && l.Pos.Page <= ot.Pages[1] {
			used[i] = true
		}
	}
	var grid [][]layout.Cell
	for ri := range ot.Rows {
		grid = append(grid, withSpaces(r.boxCells(ot.Rows[ri].Boxes, ot.Xs, ncols), ot.Rows[ri].Spaces))
	}
	return grid, nil
}

// boxCells returns the text drawn inside the boxes of a printed row, by
// column edges: the words of a line joined with a space, the lines of a
// wrapped cell without one.
func (r *recognizer) boxCells(boxes []layout.OwnBox, xs []float64, ncols int) []layout.Cell {
	cols := make([][]string, ncols)
	poss := make([]yusuan.Position, ncols)
	for _, b := range boxes {
		for _, l := range r.linesOf(b.Page) {
			if mid := (l.Y0 + l.Y1) / 2; mid < b.Y0 || mid > b.Y1 {
				continue
			}
			parts := make([][]layout.Cell, ncols)
			for _, c := range l.Cells {
				x := c.Center()
				for k := 0; k < ncols && k+1 < len(xs); k++ {
					if x >= xs[k] && x < xs[k+1] {
						parts[k] = append(parts[k], c)
						break
					}
				}
			}
			for k, p := range parts {
				if len(p) == 0 {
					continue
				}
				if poss[k].Page == 0 {
					poss[k] = p[0].Pos
				}
				cols[k] = append(cols[k], joinWords(p))
			}
		}
	}
	cells := make([]layout.Cell, ncols)
	for k := range cells {
		cells[k] = layout.Cell{Text: strings.Join(cols[k], ""), Pos: poss[k]}
		if poss[k].Page == 0 && len(boxes) > 0 {
			cells[k].Pos = yusuan.Position{File: r.l.File, Page: boxes[0].Page}
		}
	}
	return cells
}

// ownBlocks reads, from a PDF, a table printed grid by grid as its
// profile lays it out (a two-sided table, a form): each printed row's
// cells go to the table rows the map says it shows.
func (r *recognizer) ownBlocks(ot *layout.OwnTable, used []bool) ([]yusuan.Row, error) {
	if r.l.Kind != layout.KindPDF {
		return nil, fmt.Errorf("表%d 的分块说明只用于 PDF", ot.Number)
	}
	for i, l := range r.lines {
		if l.Pos.Page >= ot.Pages[0] && l.Pos.Page <= ot.Pages[1] {
			used[i] = true
		}
	}
	rows := make([]yusuan.Row, len(ot.Rows))
	swap := make([]map[string]bool, len(ot.Rows))
	codes := make([]string, len(ot.Rows))
	govs := make([]string, len(ot.Rows))
	for i, or := range ot.Rows {
		rows[i] = yusuan.Row{Key: or.Key, Level: or.Level, Cells: map[string]yusuan.Value{}, Sources: map[string]yusuan.Position{}}
		swap[i] = map[string]bool{}
		for _, k := range or.Swap {
			swap[i][k] = true
		}
	}
	unit := ot.Unit
	if unit == "" {
		unit = "元"
	}
	for _, b := range ot.Blocks {
		if len(b.Rows) > 0 && len(b.Xs) != len(b.Cols)+1 {
			return nil, fmt.Errorf("表%d 的列位置不全", ot.Number)
		}
		for _, pr := range b.Rows {
			cells := withSpaces(r.boxCells(pr.Boxes, b.Xs, len(b.Cols)), pr.Spaces)
			for ci, c := range b.Cols {
				if c.Seg < 0 || c.Seg >= len(pr.Docs) {
					continue
				}
				d := pr.Docs[c.Seg]
				if d < 0 {
					continue
				}
				if d >= len(rows) {
					return nil, fmt.Errorf("表%d 的分块说明指向第 %d 行，表只有 %d 行", ot.Number, d+1, len(rows))
				}
				text := strings.TrimSpace(cells[ci].Text)
				row := &rows[d]
				switch c.Role {
				case "code":
					codes[d] += text
					continue
				case "name":
					row.Name = text
					continue
				case "gov_code":
					govs[d] += text
					continue
				case "gov_name":
					row.GovName = text
					continue
				}
				if c.Key == "" || text == "" {
					continue
				}
				if (c.Type == yusuan.ColText) != swap[d][c.Key] {
					row.Cells[c.Key] = yusuan.TextValue(text)
				} else {
					var a yusuan.Amount
					var err error
					if c.Type == yusuan.ColNumber && !swap[d][c.Key] {
						a, err = yusuan.ParseAmount(text)
					} else {
						a, _, err = ParseAmount(text, unit)
					}
					if err != nil {
						return nil, fmt.Errorf("表%d 第 %d 行“%s”不是数", ot.Number, d+1, text)
					}
					row.Cells[c.Key] = yusuan.AmountValue(a)
				}
				row.Sources[c.Key] = cells[ci].Pos
			}
		}
	}
	for i := range rows {
		rows[i].Code, rows[i].GovCode = codes[i], govs[i]
		if n := ot.Rows[i].Name; n != nil {
			rows[i].Name = *n
		}
		if c := ot.Rows[i].Code; c != nil {
			rows[i].Code = *c
		}
		if c := ot.Rows[i].GovCode; c != nil {
			rows[i].GovCode = *c
		}
		if c := ot.Rows[i].GovName; c != nil {
			rows[i].GovName = *c
		}
	}
	return rows, nil
}

// withSpaces puts the white space the map gives back into the cells.
func withSpaces(cells []layout.Cell, spaces []layout.OwnSpaces) []layout.Cell {
	for i := range spaces {
		if c := spaces[i].Col; c >= 0 && c < len(cells) {
			cells[c].Text = spaces[i].WithSpaces(cells[c].Text)
		}
	}
	return cells
}
