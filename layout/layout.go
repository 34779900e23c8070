// Package layout is what every reader produces and the recognizer reads:
// a document as pages of lines of cells, each cell with where it was found
// (page and line of a PDF or text file, or sheet!cell of a workbook).
//
// A cell also has a horizontal extent. In a PDF it is the word's box in
// points; in a grid source (tab-separated text, a Markdown pipe table, a
// spreadsheet row) it is the column index i as [i, i+1), so one geometric
// column assignment serves every source.
package layout

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/yusuan/yusuan"
)

// Source kinds.
const (
	KindText = "text"
	KindPDF  = "pdf"
	KindXLSX = "xlsx"
)

// Layout is a read document before recognition.
type Layout struct {
	File  string
	Kind  string // text, pdf or xlsx
	Pages []Page
	// Own is the table map (OwnMap, encoded) found in a file yusuan
	// wrote, or "".
	Own string
}

// Page is a PDF page, a worksheet, or the whole of a text file.
type Page struct {
	Number int    // 1-based
	Sheet  string // worksheet name
	Width  float64
	Lines  []Line
}

// Line is one visual line (PDF), source line (text) or row (sheet).
type Line struct {
	Pos   yusuan.Position
	Cells []Cell
	// Heading is 1–6 for a Markdown heading or a PDF line set in a larger
	// font than the body text, 0 otherwise.
	Heading int
	// Grid is true when the cells are grid columns (tab-separated text,
	// pipe tables, sheets): a missing column is an empty cell, not a gap.
	Grid bool
	// Y0 and Y1 are the vertical extent of a PDF line, in points from the
	// top of the page.
	Y0, Y1 float64
}

// Cell is one cell or word group.
type Cell struct {
	Text   string
	X0, X1 float64
	Pos    yusuan.Position
}

// Center is the middle of the cell's horizontal extent.
func (c Cell) Center() float64 { return (c.X0 + c.X1) / 2 }

// Text joins the line's non-empty cells. CJK text is joined without a
// space; a space is kept between two Latin letters or digits.
func (l *Line) Text() string {
	var b strings.Builder
	for _, c := range l.Cells {
		t := strings.TrimSpace(c.Text)
		if t == "" {
			continue
		}
		if b.Len() > 0 {
			last, _ := utf8.DecodeLastRuneInString(b.String())
			first, _ := utf8.DecodeRuneInString(t)
			if needsSpace(last, first) {
				b.WriteByte(' ')
			}
		}
		b.WriteString(t)
	}
	return b.String()
}

// Empty reports whether the line has no text.
func (l *Line) Empty() bool {
	for _, c := range l.Cells {
		if strings.TrimSpace(c.Text) != "" {
			return false
		}
	}
	return true
}

// NonEmpty returns the cells that have text.
func (l *Line) NonEmpty() []Cell {
	n := 0
	for i := range l.Cells {
		if strings.TrimSpace(l.Cells[i].Text) != "" {
			n++
		}
	}
	if n == 0 {
		return nil
	}
	// One allocation of the right size: the recognizers ask for these
	// cells many times over, and may reorder what they get.
	out := make([]Cell, 0, n)
	for _, c := range l.Cells {
		if strings.TrimSpace(c.Text) != "" {
			out = append(out, c)
		}
	}
	return out
}

func needsSpace(a, b rune) bool {
	latin := func(r rune) bool { return r < 0x2E80 && (unicode.IsLetter(r) || unicode.IsDigit(r)) }
	return latin(a) && latin(b)
}

// Join joins cell texts the way Line.Text does.
func Join(cells []Cell) string {
	l := Line{Cells: cells}
	return l.Text()
}
