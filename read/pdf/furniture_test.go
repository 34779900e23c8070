package pdf

import (
	"fmt"
	"testing"
)

// page makes an A4 page: a title, n body lines of one word each in 12 pt
// type, and the given footer words at the foot.
func page(n int, footer ...string) Page {
	p := Page{Width: 595, Height: 842}
	p.Words = append(p.Words, Word{X0: 36, Y0: 36, X1: 300, Y1: 54, Text: "一、部门主要职责"})
	for i := range n {
		y := 70 + float64(i)*15
		p.Words = append(p.Words, Word{X0: 36, Y0: y, X1: 550, Y1: y + 12.3, Text: fmt.Sprintf("正文第%d行，负责有关工作。", i)})
	}
	x := 280.0
	for _, w := range footer {
		p.Words = append(p.Words, Word{X0: x, Y0: 800, X1: x + 10, Y1: 810, Text: w})
		x += 12
	}
	return p
}

// TestPageNumbersAreDropped: issue 12 case 5. yusuan's own PDF footer
// "第 N 页" was read as a table row (a 10 in 基本支出) and as performance
// indicators named "第20页"; published footers "- 3 -" and "3" likewise.
func TestPageNumbersAreDropped(t *testing.T) {
	for _, footer := range [][]string{{"第", "10", "页"}, {"-", "3", "-"}, {"—", "3", "—"}, {"3"}, {"第3页", "共40页"}, {"3/40"}} {
		l := Layout("x.pdf", []Page{page(5, footer...)})
		lines := l.Pages[0].Lines
		if last := lines[len(lines)-1].Text(); last != "正文第4行，负责有关工作。" {
			t.Errorf("footer %q kept as %q", footer, last)
		}
	}
	// Text that is not a page number, or a number above the foot, stays.
	for _, footer := range [][]string{{"合计", "10"}, {"第10条"}} {
		l := Layout("x.pdf", []Page{page(5, footer...)})
		if n := len(l.Pages[0].Lines); n != 7 {
			t.Errorf("footer %q dropped (%d lines)", footer, n)
		}
	}
	p := page(5)
	p.Words = append(p.Words, Word{X0: 280, Y0: 400, X1: 290, Y1: 410, Text: "10"})
	if n := len(Layout("x.pdf", []Page{p}).Pages[0].Lines); n != 7 {
		t.Errorf("a number mid-page was dropped (%d lines)", n)
	}
}

// TestBodyTextIsNotAHeading: issue 12 case 5. In yusuan's own PDF the
// tables (many pages, 8 pt) outnumber the narrative (12 pt), so every
// narrative line was taken for a heading and split the narrative into
// one section per wrapped line. A page of text is measured against its
// own body text.
func TestBodyTextIsNotAHeading(t *testing.T) {
	pages := []Page{page(30, "第", "1", "页")}
	for range 5 { // table pages: many small words
		tp := Page{Width: 595, Height: 842}
		for i := range 40 {
			y := 40 + float64(i)*18
			for c := range 6 {
				tp.Words = append(tp.Words, Word{X0: 40 + float64(c)*90, Y0: y, X1: 100 + float64(c)*90, Y1: y + 9.4, Text: "1,000"})
			}
		}
		pages = append(pages, tp)
	}
	l := Layout("x.pdf", pages)
	lines := l.Pages[0].Lines
	if lines[0].Heading == 0 {
		t.Errorf("the section title is not a heading")
	}
	for _, ln := range lines[1:] {
		if ln.Heading != 0 {
			t.Errorf("body line %q taken for a heading", ln.Text())
		}
	}
}

// TestStaggeredHeaderIsNotAHeading: the wrapped labels of a table header
// are set a little higher or lower than one another (其中：财|政拨款 beside
// 财政专户|管理的非|税收入); gathered into one line, its extent was taller
// than 1.25 body lines and it was taken for a heading, which cut the
// table off from its header (表2, 表5 and 表6 of yusuan's own PDF read empty).
func TestStaggeredHeaderIsNotAHeading(t *testing.T) {
	p := Page{Width: 842, Height: 595}
	p.Words = append(p.Words,
		Word{X0: 581, Y0: 104.1, X1: 605, Y1: 113.5, Text: "政拨款"},
		Word{X0: 699, Y0: 101.1, X1: 723, Y1: 110.5, Text: "税收入"})
	for i := range 20 {
		y := 120 + float64(i)*17.6
		for c := range 6 {
			p.Words = append(p.Words, Word{X0: 480 + float64(c)*50, Y0: y, X1: 520 + float64(c)*50, Y1: y + 9.4, Text: "1,000"})
		}
	}
	l := Layout("x.pdf", []Page{p})
	if ln := l.Pages[0].Lines[0]; ln.Text() != "政拨款税收入" || ln.Heading != 0 {
		t.Errorf("header line %q heading %d", ln.Text(), ln.Heading)
	}
}
