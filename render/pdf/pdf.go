// Package pdf renders a document as an A4 PDF with an embedded, subset CJK
// font (WenQuanYi Micro Hei): the narrative parts, then every table as the
// profile prints it, paginated with its header repeated on each page and on
// landscape pages when it is wide; bookmarks for each part and table, and
// page numbers. No browser is needed.
package pdf

import (
	_ "embed"
	"fmt"
	"strings"
	"unicode"

	"github.com/signintech/gopdf"

	"github.com/yusuan/yusuan"
	"github.com/yusuan/yusuan/render"
)

//go:embed fonts/wqy-microhei-subset.ttf
var fontTTF []byte

const (
	family = "wqy"
	margin = 36.0 // pt, half an inch
	footer = 22.0 // space kept for the page number
	pad    = 3.0  // cell padding
)

var (
	portrait  = gopdf.Rect{W: 595.28, H: 841.89}
	landscape = gopdf.Rect{W: 841.89, H: 595.28}
)

// Render returns the PDF.
func Render(doc *yusuan.Document, p *yusuan.Profile) ([]byte, error) {
	w := &writer{pdf: &gopdf.GoPdf{}, widths: map[rune]float64{}}
	w.pdf.Start(gopdf.Config{PageSize: portrait, Unit: gopdf.UnitPT})
	w.pdf.SetCompressLevel(6)
	w.pdf.SetInfo(gopdf.PdfInfo{Title: clean(doc.Title), Subject: clean(doc.Department.Name), Creator: "yusuan"})
	err := w.pdf.AddTTFFontDataWithOption(family, fontTTF, gopdf.TtfOption{
		OnGlyphNotFoundSubstitute: func(r rune) rune { return '□' },
	})
	if err != nil {
		return nil, fmt.Errorf("pdf font: %w", err)
	}
	if err := w.document(doc, p); err != nil {
		return nil, err
	}
	return w.pdf.GetBytesPdfReturnErr()
}

type writer struct {
	pdf    *gopdf.GoPdf
	page   gopdf.Rect
	y      float64
	pages  int
	size   float64
	widths map[rune]float64 // by font size 1
}

func (w *writer) setSize(s float64) {
	w.size = s
	_ = w.pdf.SetFont(family, "", s) // the only font, added in Render
}

func (w *writer) newPage(r gopdf.Rect) {
	w.pdf.AddPageWithOption(gopdf.PageOption{PageSize: &r})
	w.page = r
	w.pages++
	size := w.size
	w.setSize(8)
	w.pdf.SetTextColor(90, 90, 90)
	num := fmt.Sprintf("第 %d 页", w.pages)
	w.text(r.W/2-w.width(num)/2, r.H-margin+8, num)
	w.pdf.SetTextColor(0, 0, 0)
	w.pdf.SetLineWidth(0.5)
	w.pdf.SetStrokeColor(120, 120, 120)
	w.setSize(size)
	w.y = margin
}

func (w *writer) bottom() float64 { return w.page.H - margin - footer }

func (w *writer) text(x, y float64, s string) {
	w.pdf.SetXY(x, y)
	_ = w.pdf.Text(s) // only fails without a font, which Render sets first
}

// width measures s at the current size from cached glyph widths.
func (w *writer) width(s string) float64 {
	var sum float64
	for _, r := range s {
		sum += w.unitWidth(r)
	}
	return sum * w.size
}

// runeWidth is the width of r at the current size.
func (w *writer) runeWidth(r rune) float64 { return w.unitWidth(r) * w.size }

// unitWidth is the width of r at size 1, cached.
func (w *writer) unitWidth(r rune) float64 {
	cw, ok := w.widths[r]
	if !ok {
		_ = w.pdf.SetFontSize(1)
		cw, _ = w.pdf.MeasureTextWidth(string(r))
		_ = w.pdf.SetFontSize(w.size)
		w.widths[r] = cw
	}
	return cw
}

// wrap breaks s into lines no wider than max at the current size, at line
// breaks and where a line is full, by the rules of Chinese line breaking
// (linebreak.go).
func (w *writer) wrap(s string, max float64) []string {
	var lines []string
	for _, para := range strings.Split(clean(s), "\n") {
		lines = append(lines, wrapLine(para, max, func(r rune) float64 { return w.runeWidth(r) })...)
	}
	return lines
}

// clean keeps line breaks and turns other control characters into spaces.
func clean(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.Map(func(r rune) rune {
		if r == '\n' {
			return r
		}
		if unicode.IsControl(r) || r == '\u2028' || r == '\u2029' {
			return ' '
		}
		return r
	}, s)
}

func (w *writer) lineHeight() float64 { return w.size * 1.45 }

// paragraph writes wrapped text from x, breaking pages as needed.
func (w *writer) paragraph(s string, x, width float64) {
	for _, line := range w.wrap(s, width) {
		if w.y+w.lineHeight() > w.bottom() {
			w.newPage(w.page)
		}
		w.text(x, w.y+w.size, line)
		w.y += w.lineHeight()
	}
}

func (w *writer) outline(title string) {
	w.pdf.SetY(w.y)
	w.pdf.AddOutlineWithPosition(clean(title))
}

func (w *writer) document(doc *yusuan.Document, p *yusuan.Profile) error {
	w.setSize(10.5)
	w.newPage(portrait)
	body := portrait.W - 2*margin
	// Title block.
	w.y = margin + 60
	w.setSize(18)
	w.outline(doc.Title)
	for _, line := range w.wrap(doc.Title, body) {
		w.text(portrait.W/2-w.width(line)/2, w.y+w.size, line)
		w.y += w.lineHeight()
	}
	w.setSize(11)
	w.y += 10
	meta := fmt.Sprintf("%s · %d 年", doc.Department.Name, doc.Year)
	for _, line := range w.wrap(meta, body) {
		w.text(portrait.W/2-w.width(line)/2, w.y+w.size, line)
		w.y += w.lineHeight()
	}

	// Narrative parts, each from a new page; the tables follow the last.
	part := 0
	for _, s := range doc.Narrative {
		if s.Part != part {
			part = s.Part
			if part >= 1 && part <= len(doc.Parts) {
				w.newPage(portrait)
				w.setSize(15)
				w.outline(doc.Parts[part-1])
				w.paragraph(doc.Parts[part-1], margin, body)
				w.y += 6
			}
		}
		if s.Title != "" && !(part >= 1 && part <= len(doc.Parts) && strings.HasSuffix(doc.Parts[part-1], s.Title)) {
			w.setSize(12.5)
			if w.y+3*w.lineHeight() > w.bottom() {
				w.newPage(portrait)
			}
			w.y += 4
			w.paragraph(s.Title, margin, body)
		}
		w.setSize(10.5)
		for _, para := range s.Paragraphs {
			w.paragraph("　　"+para, margin, body)
			w.y += 3
		}
	}
	if part < 4 && len(doc.Tables) > 0 {
		w.newPage(portrait)
		w.setSize(15)
		w.outline("附表")
		w.paragraph("附表", margin, body)
	}

	for _, l := range render.Layouts(doc, p) {
		w.table(l)
	}
	return nil
}
