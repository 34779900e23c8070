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
	"unicode/utf8"

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
//
// It lays the document out twice: a first pass draws nothing and records
// the page of every heading, so that the second can print the 目录 with
// page numbers after the cover.
func Render(doc *yusuan.Document, p *yusuan.Profile) ([]byte, error) {
	w, err := lay(doc, p)
	if err != nil {
		return nil, err
	}
	b, err := w.pdf.GetBytesPdfReturnErr()
	if err != nil || w.own == nil {
		return b, err
	}
	return withKeywords(b, w.own.Encode())
}

// sealPages is off only in a test that compares the output both ways.
var sealPages = true

func lay(doc *yusuan.Document, p *yusuan.Profile) (*writer, error) {
	pdf := &gopdf.GoPdf{}
	pdf.Start(gopdf.Config{PageSize: portrait, Unit: gopdf.UnitPT})
	pdf.SetCompressLevel(6)
	// Each page is compressed when the next begins and its drawing
	// operations dropped (patched gopdf): memory grows with the output,
	// not with every text and line of the document. Pages are drawn in
	// order and never revisited.
	pdf.SealFinishedPages(sealPages)
	pdf.SetInfo(gopdf.PdfInfo{Title: clean(doc.Title), Subject: clean(doc.Department.Name), Creator: "yusuan"})
	// The document language; gopdf writes no structure tree, so the PDF
	// is not tagged (docs/rendering.md).
	pdf.SetLanguage("zh-CN")
	err := pdf.AddTTFFontDataWithOption(family, fontTTF, gopdf.TtfOption{
		OnGlyphNotFoundSubstitute: func(r rune) rune { return '□' },
	})
	if err != nil {
		return nil, fmt.Errorf("pdf font: %w", err)
	}
	if err := pdf.SetFont(family, "", 10.5); err != nil {
		return nil, fmt.Errorf("pdf font: %w", err)
	}
	layouts := render.Layouts(doc, p)
	dry := &writer{pdf: pdf, widths: map[rune]float64{}, dry: true}
	dry.document(doc, p, layouts)
	toc := dry.marks[1:] // the document's title is on the cover
	w := &writer{pdf: pdf, widths: dry.widths, toc: toc, tocPages: dry.tocPagesFor(toc)}
	w.document(doc, p, layouts)
	return w, nil
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

// mark is a heading of the 目录 and the page it starts on.
type mark struct {
	title string
	level int // 0 a part, 1 a table
	page  int
}

type writer struct {
	// own is the table map of a document no profile declares, filled in
	// with where its rows and paragraphs are drawn; ownTable is the
	// table being drawn. Nil in the first pass.
	own      *layout.OwnMap
	ownTable int
	ownBlock int
	pdf      *gopdf.GoPdf
	page     gopdf.Rect
	y        float64
	pages    int
	size     float64
	widths   map[rune]float64 // by font size 1
	sizes    []float64        // the type size of each grid drawn, for tests
	// dry: lay out without drawing (the first pass).
	dry bool
	// marks are the headings met, with their pages.
	marks []mark
	// toc are the first pass's marks, printed as the 目录 on tocPages
	// pages after the cover.
	toc      []mark
	tocPages int
}

func (w *writer) setSize(s float64) {
	w.size = s
	// The only font is set in render; SetFont would search every object
	// of the document for it, each time.
	_ = w.pdf.SetFontSize(s)
}

func (w *writer) newPage(r gopdf.Rect) {
	w.page = r
	w.pages++
	w.y = margin
	if w.dry {
		return
	}
	w.pdf.AddPageWithOption(gopdf.PageOption{PageSize: &r})
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
	if w.dry {
		return
	}
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

// paragraph writes wrapped text from x, breaking pages as needed, and
// returns where it was drawn, a box per page.
//
// Lines are justified, as printed Chinese is: every line but a
// paragraph's last fills the measure, the slack spread between its
// characters (a reader of the PDF also tells a paragraph's end by it).
func (w *writer) paragraph(s string, x, width float64) []layout.OwnBox {
	var boxes []layout.OwnBox
	for _, para := range strings.Split(clean(s), "\n") {
		lines := wrapLine(para, width, w.runeWidth)
		for i, line := range lines {
			if w.y+w.lineHeight() > w.bottom() {
				w.newPage(w.page)
			}
			boxes = w.extend(boxes, w.y, w.y+w.lineHeight())
			spacing := 0.0
			if n := utf8.RuneCountInString(line); i < len(lines)-1 && n > 1 {
				spacing = (width - w.width(line)) / float64(n-1)
				if spacing < 0 || spacing > w.size/3 {
					spacing = 0 // a line broken early around a long figure stays ragged
				}
			}
			w.textSpaced(x, w.y+w.size, line, spacing)
			w.y += w.lineHeight()
		}
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

// textSpaced writes s with extra space between its characters.
func (w *writer) textSpaced(x, y float64, s string, spacing float64) {
	if w.dry {
		return
	}
	if spacing > 0 {
		_ = w.pdf.SetCharSpacing(spacing)
		defer func() { _ = w.pdf.SetCharSpacing(0) }()
	}
	w.text(x, y, s)
}

// outline marks a heading: a bookmark, and an entry of the 目录 at level
// (0 a part, 1 a table).
func (w *writer) outline(title string, level int) {
	w.marks = append(w.marks, mark{title: clean(title), level: level, page: w.pages})
	if w.dry {
		return
	}
	w.pdf.SetY(w.y)
	w.pdf.AddOutlineWithPosition(clean(title))
}

// fill sets the fill colour.
func (w *writer) fill(r, g, b uint8) {
	if !w.dry {
		w.pdf.SetFillColor(r, g, b)
	}
}

const tocSize = 11.0

// tocPagesFor is how many pages the 目录 of these entries takes.
func (w *writer) tocPagesFor(toc []mark) int {
	if len(toc) == 0 {
		return 0
	}
	per := int((portrait.H - 2*margin - footer - 40) / (tocSize * 1.8))
	return (len(toc) + per - 1) / per
}

// contents prints the 目录: each part and table with its page, joined by
// a dotted leader.
func (w *writer) contents() {
	if len(w.toc) == 0 {
		return
	}
	body := portrait.W - 2*margin
	w.newPage(portrait)
	w.setSize(16)
	title := "目　录"
	w.text(portrait.W/2-w.width(title)/2, w.y+w.size, title)
	w.y += 40 - margin + margin
	w.setSize(tocSize)
	lh := tocSize * 1.8
	for _, m := range w.toc {
		if w.y+lh > w.bottom() {
			w.newPage(portrait)
		}
		x := margin + float64(m.level)*2*tocSize
		num := fmt.Sprint(m.page + w.tocPages)
		numX := margin + body - w.width(num)
		lines := w.wrap(m.title, numX-x-3*tocSize)
		for i, line := range lines {
			if i > 0 {
				w.y += lh
			}
			w.text(x, w.y+w.size, line)
		}
		last := lines[len(lines)-1]
		if start, dot := x+w.width(last)+tocSize/2, w.width("·"); dot > 0 {
			if n := int((numX - tocSize/2 - start) / dot); n > 0 {
				w.text(start, w.y+w.size, strings.Repeat("·", n))
			}
		}
		w.text(numX, w.y+w.size, num)
		w.y += lh
	}
}

func (w *writer) document(doc *yusuan.Document, p *yusuan.Profile, layouts []*render.Layout) {
	w.setSize(10.5)
	w.newPage(portrait)
	body := portrait.W - 2*margin
	// The cover: the title a third down the page, the department and the
	// year under it.
	w.y = portrait.H / 3
	w.setSize(22)
	w.outline(doc.Title, 0)
	for _, line := range w.wrap(doc.Title, body-40) {
		w.text(portrait.W/2-w.width(line)/2, w.y+w.size, line)
		w.y += w.lineHeight()
	}
	w.setSize(14)
	w.y += 40
	for _, meta := range []string{"编制部门：" + doc.Department.Name, fmt.Sprintf("%d 年", doc.Year)} {
		for _, line := range w.wrap(meta, body) {
			w.text(portrait.W/2-w.width(line)/2, w.y+w.size, line)
			w.y += w.lineHeight() + 6
		}
	}
	w.contents()
	front := w.pages // the cover and the 目录

	if !w.dry {
		w.own = render.OwnMapPDF(doc, p, layouts)
	}
	// Narrative parts, each from a new page; the tables follow the last.
	part := 0
	for si, s := range doc.Narrative {
		if w.pages == front {
			w.newPage(portrait) // the narrative never shares the cover's or the 目录's page
		}
		if s.Part != part {
			part = s.Part
			if part >= 1 && part <= len(doc.Parts) {
				w.newPage(portrait)
				w.setSize(15)
				w.outline(doc.Parts[part-1], 0)
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
			if !(part >= 1 && part <= len(doc.Parts)) {
				w.outline(s.Title, 0) // a section of a part without a title heads the 目录 itself
			}
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
		w.outline("附表", 0)
		w.paragraph("附表", margin, body)
	}

	for i, l := range layouts {
		w.ownTable = i
		w.table(l)
		if i == 0 && w.own != nil {
			w.own.FirstPage = w.pages
		}
	}
}
