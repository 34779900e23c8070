// Package pdf renders a document as an A4 PDF with an embedded, subset CJK
// font (WenQuanYi Micro Hei): the narrative parts, then every table as the
// profile prints it, paginated with its header repeated on each page and on
// landscape pages when it is wide; bookmarks for each part and table, and
// page numbers. No browser is needed.
package pdf

import (
	"bytes"
	_ "embed"
	"errors"
	"fmt"
	"strings"
	"unicode"

	"github.com/signintech/gopdf"

	"github.com/yusuan/yusuan"
	"github.com/yusuan/yusuan/layout"
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
	b, err := w.pdf.GetBytesPdfReturnErr()
	if err != nil || w.own == nil {
		return b, err
	}
	return withKeywords(b, w.own.Encode())
}

// withKeywords adds /Keywords to the document information dictionary,
// which gopdf writes inline in the trailer (after the cross-reference
// table, so no offset moves). The table map goes there: pdftotext
// reports it with the words.
func withKeywords(b []byte, kw string) ([]byte, error) {
	i := bytes.LastIndex(b, []byte("/Info <<\n"))
	if i < 0 || bytes.LastIndex(b, []byte("trailer")) > i {
		return nil, errors.New("pdf: no document information dictionary in the trailer")
	}
	i += len("/Info <<\n")
	out := make([]byte, 0, len(b)+len(kw)+16)
	out = append(out, b[:i]...)
	out = append(out, "/Keywords ("...)
	out = append(out, kw...)
	out = append(out, ")\n"...)
	return append(out, b[i:]...), nil
}

type writer struct {
	// own is the table map of a document no profile declares, filled in
	// with where its rows and paragraphs are drawn; ownTable is the
	// table being drawn.
	own      *layout.OwnMap
	ownTable int
	pdf      *gopdf.GoPdf
	page     gopdf.Rect
	y        float64
	pages    int
	size     float64
	widths   map[rune]float64 // by font size 1
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
		cw, ok := w.widths[r]
		if !ok {
			_ = w.pdf.SetFontSize(1)
			cw, _ = w.pdf.MeasureTextWidth(string(r))
			_ = w.pdf.SetFontSize(w.size)
			w.widths[r] = cw
		}
		sum += cw
	}
	return sum * w.size
}

// wrap breaks s into lines no wider than max at the current size, at line
// breaks and wherever a line is full (CJK text breaks between any runes).
func (w *writer) wrap(s string, max float64) []string {
	var lines []string
	for _, para := range strings.Split(clean(s), "\n") {
		var line []rune
		lw := 0.0
		for _, r := range para {
			cw := w.width(string(r))
			if lw+cw > max && len(line) > 0 {
				lines = append(lines, string(line))
				line, lw = line[:0], 0
			}
			line = append(line, r)
			lw += cw
		}
		lines = append(lines, string(line))
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

// paragraph writes wrapped text from x, breaking pages as needed, and
// returns where it was drawn, a box per page.
func (w *writer) paragraph(s string, x, width float64) []layout.OwnBox {
	var boxes []layout.OwnBox
	for _, line := range w.wrap(s, width) {
		if w.y+w.lineHeight() > w.bottom() {
			w.newPage(w.page)
		}
		boxes = w.extend(boxes, w.y, w.y+w.lineHeight())
		w.text(x, w.y+w.size, line)
		w.y += w.lineHeight()
	}
	return boxes
}

// extend adds the extent y0–y1 of the current page to boxes.
func (w *writer) extend(boxes []layout.OwnBox, y0, y1 float64) []layout.OwnBox {
	if n := len(boxes); n > 0 && boxes[n-1].Page == w.pages {
		boxes[n-1].Y1 = y1
		return boxes
	}
	return append(boxes, layout.OwnBox{Page: w.pages, Y0: y0, Y1: y1})
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

	ls := render.Layouts(doc, p)
	w.own = render.OwnMap(doc, p, ls)
	// Narrative parts, each from a new page; the tables follow the last.
	part := 0
	for si, s := range doc.Narrative {
		if s.Part != part {
			part = s.Part
			if part >= 1 && part <= len(doc.Parts) {
				w.newPage(portrait)
				w.setSize(15)
				w.outline(doc.Parts[part-1])
				boxes := w.paragraph(doc.Parts[part-1], margin, body)
				if w.own != nil {
					w.own.Sections[si].Head.Boxes = boxes
				}
				w.y += 6
			}
		}
		if s.Title != "" && !(part >= 1 && part <= len(doc.Parts) && strings.HasSuffix(doc.Parts[part-1], s.Title)) {
			w.setSize(12.5)
			if w.y+3*w.lineHeight() > w.bottom() {
				w.newPage(portrait)
			}
			w.y += 4
			boxes := w.paragraph(s.Title, margin, body)
			if w.own != nil {
				w.own.Sections[si].Head.Boxes = boxes
			}
		}
		w.setSize(10.5)
		for pi, para := range s.Paragraphs {
			boxes := w.paragraph("　　"+para, margin, body)
			if w.own != nil {
				w.own.Sections[si].Paras[pi].Boxes = boxes
			}
			w.y += 3
		}
	}
	if part < 4 && len(doc.Tables) > 0 {
		w.newPage(portrait)
		w.setSize(15)
		w.outline("附表")
		w.paragraph("附表", margin, body)
	}

	for i, l := range ls {
		w.ownTable = i
		w.table(l)
		if i == 0 && w.own != nil {
			w.own.FirstPage = w.pages
		}
	}
	return nil
}
