// Package xlsx renders a document as an Excel workbook the way finance
// offices keep one: a 说明 sheet with the narrative, then one sheet per
// table laid out as the profile prints it. The layout is regular so the
// workbook reads back (docs/rendering.md):
//
//	row 1        the table's title (merged across the table)
//	row 2        单位：元 (or 万元), merged, right-aligned
//	rows 3…      header rows, merged like the printed table
//	then         body rows: codes as text, names as text, amounts as
//	             numbers in the table's unit with a #,##0 format
//
// A performance table has a second grid (its indicators) after one empty
// row, with its own header row. The panes are frozen under the first
// grid's header.
package xlsx

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/width"

	"github.com/yusuan/yusuan"
	"github.com/yusuan/yusuan/layout"
	"github.com/yusuan/yusuan/render"
)

// NarrativeSheet is the name of the narrative sheet.
const NarrativeSheet = "说明"

// Render returns the workbook.
func Render(doc *yusuan.Document, p *yusuan.Profile) ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	st, err := newStyles(f)
	if err != nil {
		return nil, err
	}
	if err := f.SetSheetName("Sheet1", NarrativeSheet); err != nil {
		return nil, err
	}
	ls := render.Layouts(doc, p)
	m := render.OwnMap(doc, p, ls)
	if err := narrative(f, st, doc, m); err != nil {
		return nil, err
	}
	used := map[string]bool{NarrativeSheet: true, MapSheet: true}
	for i, l := range ls {
		name := SheetName(l, render.Spec(p, l.Table), used)
		if _, err := f.NewSheet(name); err != nil {
			return nil, err
		}
		if err := table(f, st, name, l); err != nil {
			return nil, fmt.Errorf("sheet %s: %w", name, err)
		}
		if m != nil {
			m.Tables[i].Sheet = name
		}
	}
	if m != nil {
		if err := ownMap(f, m); err != nil {
			return nil, err
		}
	}
	f.SetActiveSheet(0)
	f.SetDocProps(&excelize.DocProperties{Title: doc.Title, Subject: doc.Department.Name, Creator: "yusuan"})
	buf, err := f.WriteToBuffer()
	if err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// SheetName names a table's sheet: its number and short name (表1 部门收支总体情况表),
// cut to Excel's 31 characters without the characters Excel forbids, and
// made unique with a counter.
func SheetName(l *render.Layout, spec *yusuan.TableSpec, used map[string]bool) string {
	name := fmt.Sprintf("表%d", l.Table.Number)
	if spec != nil && spec.Name != "" {
		name += " " + spec.Name
	}
	name = strings.Map(func(r rune) rune {
		if strings.ContainsRune(`[]:*?/\'`, r) || r < ' ' {
			return '_'
		}
		return r
	}, name)
	base := truncate(name, 27)
	name = base
	for i := 2; used[name]; i++ {
		name = fmt.Sprintf("%s(%d)", base, i)
	}
	used[name] = true
	return name
}

func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n])
}

type styles struct {
	title, unit, head, text, wrap, code, total, totalText, part, section, para int
	amount                                                                     map[string]int
	amountTotal                                                                map[string]int
	f                                                                          *excelize.File
}

var border = []excelize.Border{
	{Type: "left", Color: "999999", Style: 1}, {Type: "right", Color: "999999", Style: 1},
	{Type: "top", Color: "999999", Style: 1}, {Type: "bottom", Color: "999999", Style: 1},
}

func newStyles(f *excelize.File) (*styles, error) {
	st := &styles{amount: map[string]int{}, amountTotal: map[string]int{}, f: f}
	font := func(size float64, bold bool) *excelize.Font {
		return &excelize.Font{Family: "宋体", Size: size, Bold: bold}
	}
	totalFill := excelize.Fill{Type: "pattern", Color: []string{"FBF3E4"}, Pattern: 1}
	defs := []struct {
		id *int
		s  *excelize.Style
	}{
		{&st.title, &excelize.Style{Font: font(14, true), Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}}},
		{&st.unit, &excelize.Style{Font: font(10, false), Alignment: &excelize.Alignment{Horizontal: "right"}}},
		{&st.head, &excelize.Style{Font: font(10, true), Border: border, Fill: excelize.Fill{Type: "pattern", Color: []string{"E9EEF4"}, Pattern: 1},
			Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}}},
		{&st.text, &excelize.Style{Font: font(10, false), Border: border, Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}}},
		{&st.wrap, &excelize.Style{Font: font(10, false), Border: border, Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}}},
		{&st.code, &excelize.Style{Font: font(10, false), Border: border, NumFmt: 49, Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "top"}}},
		{&st.total, &excelize.Style{Font: font(10, true), Border: border, NumFmt: 49, Fill: totalFill, Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "top"}}},
		{&st.totalText, &excelize.Style{Font: font(10, true), Border: border, Fill: totalFill, Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}}},
		{&st.part, &excelize.Style{Font: font(13, true)}},
		{&st.section, &excelize.Style{Font: font(11, true)}},
		{&st.para, &excelize.Style{Font: font(10.5, false), Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}}},
	}
	for _, d := range defs {
		id, err := f.NewStyle(d.s)
		if err != nil {
			return nil, err
		}
		*d.id = id
	}
	return st, nil
}

// amountStyle returns the style of amounts printed with the number format.
func (st *styles) amountStyle(numFmt string, total bool) (int, error) {
	m := st.amount
	if total {
		m = st.amountTotal
	}
	if id, ok := m[numFmt]; ok {
		return id, nil
	}
	s := &excelize.Style{Font: &excelize.Font{Family: "宋体", Size: 10, Bold: total}, Border: border, CustomNumFmt: &numFmt,
		Alignment: &excelize.Alignment{Horizontal: "right", Vertical: "top"}}
	if total {
		s.Fill = excelize.Fill{Type: "pattern", Color: []string{"FBF3E4"}, Pattern: 1}
	}
	id, err := st.f.NewStyle(s)
	m[numFmt] = id
	return id, err
}

// numberFormat is #,##0 with as many decimals as the table prints.
func numberFormat(decimals int) string {
	if decimals <= 0 {
		return "#,##0"
	}
	return "#,##0." + strings.Repeat("0", decimals)
}

// value is an amount cell as stored: in the table's unit, a number.
func value(l *render.Layout, c render.Printed, kind render.ColKind) (float64, int) {
	if kind == render.KindNumber {
		dec := 0
		if _, frac, ok := strings.Cut(c.Text, "."); ok {
			dec = len(frac)
		}
		return float64(c.Num) / 100, dec
	}
	if l.Unit == "万元" {
		dec := 0
		if _, frac, ok := strings.Cut(c.Text, "."); ok {
			dec = len(frac)
		}
		return float64(c.Num) / 1e6, dec
	}
	dec := l.Decimals
	if _, frac, ok := strings.Cut(c.Text, "."); ok {
		dec = max(dec, len(frac))
	}
	return float64(c.Num) / 100, dec
}

// DisplayWidth is the width of s in Excel's character units, CJK counting 2.
func DisplayWidth(s string) float64 {
	n := 0.0
	for _, r := range s {
		switch width.LookupRune(r).Kind() {
		case width.EastAsianWide, width.EastAsianFullwidth:
			n += 2
		default:
			n++
		}
	}
	return n
}

func table(f *excelize.File, st *styles, sheet string, l *render.Layout) error {
	ncols := 1
	for _, b := range l.Blocks {
		ncols = max(ncols, len(b.Cols))
	}
	last, _ := excelize.ColumnNumberToName(ncols)
	// Title and unit.
	if err := f.SetCellStr(sheet, "A1", l.Title); err != nil {
		return err
	}
	if ncols > 1 {
		if err := f.MergeCell(sheet, "A1", last+"1"); err != nil {
			return err
		}
		if err := f.MergeCell(sheet, "A2", last+"2"); err != nil {
			return err
		}
	}
	_ = f.SetCellStyle(sheet, "A1", last+"1", st.title)
	_ = f.SetRowHeight(sheet, 1, 28)
	if err := f.SetCellStr(sheet, "A2", l.UnitLine()); err != nil {
		return err
	}
	_ = f.SetCellStyle(sheet, "A2", last+"2", st.unit)
	widths := make([]float64, ncols)
	row := 3
	if len(l.Blocks) == 0 {
		if err := f.SetCellStr(sheet, "A3", l.Empty); err != nil {
			return err
		}
		_ = f.SetCellStyle(sheet, "A3", last+"3", st.text)
		widths[0] = max(widths[0], min(DisplayWidth(l.Empty), 80))
		row = 4
	}
	for bi := range l.Blocks {
		b := &l.Blocks[bi]
		if bi > 0 {
			row++ // one empty row between grids
		}
		for _, hr := range b.Header {
			for _, h := range hr {
				from, _ := excelize.CoordinatesToCellName(h.Col+1, row)
				to, _ := excelize.CoordinatesToCellName(h.Col+h.Span, row+h.RowSpan-1)
				if err := f.SetCellStr(sheet, from, h.Text); err != nil {
					return err
				}
				if from != to {
					if err := f.MergeCell(sheet, from, to); err != nil {
						return err
					}
				}
				_ = f.SetCellStyle(sheet, from, to, st.head)
				if h.Span == 1 {
					widths[h.Col] = max(widths[h.Col], min(DisplayWidth(h.Text), 12))
				}
			}
			row++
		}
		if bi == 0 {
			top, _ := excelize.CoordinatesToCellName(1, row)
			x := 0
			if nc := b.NameCol(); nc >= 0 && len(b.Cols) > 6 {
				x = nc + 1
				top, _ = excelize.CoordinatesToCellName(x+1, row)
			}
			if err := f.SetPanes(sheet, &excelize.Panes{Freeze: true, XSplit: x, YSplit: row - 1, TopLeftCell: top, ActivePane: "bottomRight"}); err != nil {
				return err
			}
		}
		for _, r := range b.Rows {
			total := r.Level == yusuan.LevelTotal
			for ci, c := range r.Cells {
				cell, _ := excelize.CoordinatesToCellName(ci+1, row)
				kind := b.Cols[ci].Kind
				switch {
				case c.IsNum:
					v, dec := value(l, c, kind)
					if err := f.SetCellFloat(sheet, cell, v, dec, 64); err != nil {
						return err
					}
					id, err := st.amountStyle(numberFormat(dec), total)
					if err != nil {
						return err
					}
					_ = f.SetCellStyle(sheet, cell, cell, id)
					widths[ci] = max(widths[ci], DisplayWidth(c.Text)+1)
				default:
					// Text is stored as a shared string, never a formula.
					if err := f.SetCellStr(sheet, cell, c.Text); err != nil {
						return err
					}
					s := st.text
					switch {
					case kind == render.KindCode && total:
						s = st.total
					case kind == render.KindCode:
						s = st.code
					case total:
						s = st.totalText
					}
					_ = f.SetCellStyle(sheet, cell, cell, s)
					widths[ci] = max(widths[ci], min(DisplayWidth(c.Text), 60))
				}
			}
			row++
		}
	}
	for i, w := range widths {
		col, _ := excelize.ColumnNumberToName(i + 1)
		if err := f.SetColWidth(sheet, col, col, max(w+2, 6)); err != nil {
			return err
		}
	}
	if l.Note != "" {
		row++
		cell, _ := excelize.CoordinatesToCellName(1, row)
		end, _ := excelize.CoordinatesToCellName(ncols, row)
		if err := f.SetCellStr(sheet, cell, l.Note); err != nil {
			return err
		}
		if cell != end {
			_ = f.MergeCell(sheet, cell, end)
		}
		_ = f.SetCellStyle(sheet, cell, end, st.para)
		_ = f.SetRowHeight(sheet, row, max(15, 15*DisplayWidth(l.Note)/sum(widths)))
	}
	orient := "portrait"
	if l.Wide() {
		orient = "landscape"
	}
	fit := true
	_ = f.SetPageLayout(sheet, &excelize.PageLayoutOptions{Size: intp(9), Orientation: &orient, FitToWidth: intp(1), FitToHeight: intp(0)})
	_ = f.SetSheetProps(sheet, &excelize.SheetPropsOptions{FitToPage: &fit})
	return nil
}

func sum(xs []float64) float64 {
	s := 0.0
	for _, x := range xs {
		s += x
	}
	return max(s, 1)
}

func intp(i int) *int { return &i }

// MapSheet is the hidden worksheet that holds the table map
// (layout.OwnMap) of a document no profile declares, in column A.
const MapSheet = "yusuan"

// ownMap writes the table map to its hidden sheet, in pieces a cell
// holds.
func ownMap(f *excelize.File, m *layout.OwnMap) error {
	if _, err := f.NewSheet(MapSheet); err != nil {
		return err
	}
	for i, c := range chunks(m.Encode(), 32000) {
		if err := f.SetCellStr(MapSheet, fmt.Sprintf("A%d", i+1), c); err != nil {
			return err
		}
	}
	return f.SetSheetVisible(MapSheet, false)
}

func narrative(f *excelize.File, st *styles, doc *yusuan.Document, m *layout.OwnMap) error {
	const sheet = NarrativeSheet
	if m != nil {
		m.Sheet = sheet
	}
	_ = f.SetColWidth(sheet, "A", "A", 110)
	row := 1
	put := func(text string, style int) error {
		cell := fmt.Sprintf("A%d", row)
		if err := f.SetCellStr(sheet, cell, text); err != nil {
			return err
		}
		_ = f.SetCellStyle(sheet, cell, cell, style)
		if style == st.para {
			lines := 0.0
			for _, l := range strings.Split(text, "\n") {
				lines += float64(int(DisplayWidth(l)/108) + 1)
			}
			_ = f.SetRowHeight(sheet, row, min(409, 15*lines))
		}
		row++
		return nil
	}
	if err := put(doc.Title, st.title); err != nil {
		return err
	}
	part := 0
	for si, s := range doc.Narrative {
		if s.Part != part {
			part = s.Part
			if part >= 1 && part <= len(doc.Parts) {
				row++
				if m != nil {
					m.Sections[si].Head.Rows = []int{row}
				}
				if err := put(doc.Parts[part-1], st.part); err != nil {
					return err
				}
			}
		}
		if s.Title != "" && !(part >= 1 && part <= len(doc.Parts) && strings.HasSuffix(doc.Parts[part-1], s.Title)) {
			if m != nil {
				m.Sections[si].Head.Rows = []int{row}
			}
			if err := put(s.Title, st.section); err != nil {
				return err
			}
		}
		for pi, para := range s.Paragraphs {
			for _, chunk := range chunks(para, cellLimit) {
				if m != nil {
					m.Sections[si].Paras[pi].Rows = append(m.Sections[si].Paras[pi].Rows, row)
				}
				if err := put(chunk, st.para); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// cellLimit is the most text an Excel cell holds, in UTF-16 code units.
const cellLimit = 32767

// chunks splits text into pieces an Excel cell can hold, so a very long
// paragraph continues in the rows below instead of being cut.
func chunks(s string, limit int) []string {
	var out []string
	n, start := 0, 0
	for i, r := range s {
		w := 1
		if r > 0xFFFF {
			w = 2
		}
		if n+w > limit {
			out = append(out, s[start:i])
			start, n = i, 0
		}
		n += w
	}
	return append(out, s[start:])
}
