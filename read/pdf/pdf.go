// Package pdf reads a PDF with a text layer into a layout, from the words
// and their boxes that poppler's pdftotext reports (-bbox). Words are
// grouped into lines by their vertical position; each word is a cell with
// its horizontal extent, so the recognizer can put right-aligned numbers
// under their headers, rebuild tables that span pages and join wrapped
// names. See docs/reading.md for why poppler and not a pure-Go extractor.
package pdf

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"html"
	"io"
	"os/exec"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/yusuan/yusuan"
	"github.com/yusuan/yusuan/internal/lazyre"
	"github.com/yusuan/yusuan/internal/limits"
	"github.com/yusuan/yusuan/layout"
)

// Command is the extractor program; tests may point it elsewhere.
var Command = "pdftotext"

// Timeout bounds one extraction.
var Timeout = 2 * time.Minute

var (
	// ErrNoExtractor reports that pdftotext is not installed.
	ErrNoExtractor = errors.New("读取 PDF 需要 poppler 的 pdftotext 程序，但没有找到它；请安装 poppler-utils（Debian/Ubuntu：apt-get install poppler-utils；macOS：brew install poppler）")
	// ErrEncrypted reports a PDF that needs a password.
	ErrEncrypted = errors.New("PDF 已加密，需要密码才能读取；请先用密码解除加密（例如 qpdf --decrypt --password=密码 in.pdf out.pdf）")
	// ErrTruncated reports a PDF whose end is missing.
	ErrTruncated = errors.New("PDF 文件不完整（可能下载时被截断）：找不到文件结尾标记 %EOF")
	// ErrNoText reports a PDF without a text layer.
	ErrNoText = errors.New("PDF 没有文字层（可能是扫描件）：yusuan 不做文字识别，请先用 OCR 软件（例如 ocrmypdf -l chi_sim）加上文字层")
)

// Word is one word with its box, in points from the page's top left.
type Word struct {
	X0, Y0, X1, Y1 float64
	Text           string
}

// Page is the words of one page.
type Page struct {
	Width, Height float64
	Words         []Word
}

// Check reports a damaged PDF before it is handed to the extractor.
func Check(b []byte) error {
	if !bytes.Contains(b[:min(len(b), 1024)], []byte("%PDF-")) {
		return errors.New("不是 PDF 文件")
	}
	tail := b[max(0, len(b)-4096):]
	if !bytes.Contains(tail, []byte("%%EOF")) {
		return ErrTruncated
	}
	return nil
}

// Extract runs pdftotext -bbox on the PDF data and returns its output.
func Extract(ctx context.Context, b []byte) ([]byte, error) {
	var out []byte
	err := extract(ctx, b, func(r io.Reader) error {
		var err error
		out, err = io.ReadAll(r)
		return err
	})
	return out, err
}

// extract runs pdftotext -bbox on the PDF data, handing its output to
// consume as it comes. A failure of pdftotext is reported before any
// error of consume.
func extract(ctx context.Context, b []byte, consume func(io.Reader) error) error {
	if err := Check(b); err != nil {
		return err
	}
	path, err := exec.LookPath(Command)
	if err != nil {
		return ErrNoExtractor
	}
	ctx, cancel := context.WithTimeout(ctx, Timeout)
	defer cancel()
	// Extract one page past the limit: enough to tell it is passed
	// without laying out thousands of pages.
	last := strconv.Itoa(limits.Current().Pages + 1)
	cmd := exec.CommandContext(ctx, path, "-bbox", "-enc", "UTF-8", "-l", last, "-", "-")
	cmd.Stdin = bytes.NewReader(b)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return err
	}
	err = cmd.Start()
	var cerr error
	if err == nil {
		cerr = consume(stdout)
		// Whatever consume left unread is drained, so that pdftotext ends
		// as it would have and its own failure is the one reported.
		_, _ = io.Copy(io.Discard, stdout)
		err = cmd.Wait()
	}
	if err != nil {
		if ctx.Err() != nil {
			return fmt.Errorf("pdftotext 超时（%v）：PDF 过大或结构异常", Timeout)
		}
		code := -1
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			code = ee.ExitCode()
		}
		return failure(b, stderr.String(), code, err)
	}
	return cerr
}

// popplerMessages say in Chinese what poppler's messages mean, most
// specific first. pdftotext prints them in English; the raw line is kept
// as a detail.
var popplerMessages = []struct {
	re  *lazyre.Regexp
	err error
}{
	{lazyre.New(`(?i)password`), ErrEncrypted},
	{lazyre.New(`(?i)permission|not allowed`), ErrPermission},
	{lazyre.New(`(?i)may not be a PDF|not a PDF|PDF file was damaged|file header`), ErrNotPDF},
	{lazyre.New(`(?i)xref|trailer|startxref|cross.?reference`), ErrXref},
	{lazyre.New(`(?i)syntax error|illegal character|unexpected end|bad object|stream`), ErrSyntax},
}

var (
	// ErrPermission reports a PDF whose permissions forbid extracting text.
	ErrPermission = errors.New("PDF 设置了权限限制，不允许提取其中的文字；请先解除限制（例如 qpdf --decrypt in.pdf out.pdf）后再读")
	// ErrNotPDF reports a file that starts like a PDF but holds none.
	ErrNotPDF = errors.New("不是有效的 PDF 文件：开头有 %PDF 标记，但其后没有 PDF 的内容（可能是改了扩展名的其他文件，或下载时出错得到的网页）")
	// ErrXref reports a PDF whose cross-reference table or trailer is
	// damaged beyond what poppler can rebuild.
	ErrXref = errors.New("PDF 文件已损坏：交叉引用表（xref）或文件尾（trailer）无法读取，可能下载不完整或被改动过；请重新下载原文件，或用 qpdf in.pdf out.pdf 修复后再读")
	// ErrSyntax reports a PDF whose content poppler cannot parse.
	ErrSyntax = errors.New("PDF 文件已损坏：内容有无法解析的语法错误；请重新下载原文件，或用 qpdf in.pdf out.pdf 修复后再读")
	// ErrUnreadable reports any other failure of the extractor.
	ErrUnreadable = errors.New("PDF 无法读取（文件可能已损坏）")
)

// ExtractError is a failure of pdftotext: what it means, and the raw
// message as a detail.
type ExtractError struct {
	Err    error  // ErrEncrypted, ErrPermission, ErrNotPDF, ErrXref, ErrSyntax or ErrUnreadable
	Detail string // pdftotext's own message (English), one line
}

func (e *ExtractError) Error() string {
	if e.Detail == "" {
		return e.Err.Error()
	}
	return fmt.Sprintf("%v（详情：pdftotext 报告“%s”）", e.Err, e.Detail)
}

func (e *ExtractError) Unwrap() error { return e.Err }

// failure tells what pdftotext's failure means from its messages, its
// exit status (3: a permission error) and the file itself.
func failure(b []byte, stderr string, code int, runErr error) error {
	var lines []string
	for _, l := range strings.Split(stderr, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			lines = append(lines, l)
		}
	}
	for _, m := range popplerMessages {
		for _, l := range lines {
			if m.re.MatchString(l) {
				err := m.err
				if err == ErrXref && !hasObjects(b) {
					err = ErrNotPDF // nothing to cross-reference
				}
				return &ExtractError{Err: err, Detail: firstRunes(l, 160)}
			}
		}
	}
	detail := ""
	if len(lines) > 0 {
		detail = firstRunes(lines[0], 160)
	}
	switch {
	case isEncrypted(b):
		return &ExtractError{Err: ErrEncrypted, Detail: detail}
	case code == 3:
		return &ExtractError{Err: ErrPermission, Detail: detail}
	case !hasObjects(b):
		return &ExtractError{Err: ErrNotPDF, Detail: detail}
	}
	if detail == "" && runErr != nil {
		detail = runErr.Error()
	}
	return &ExtractError{Err: ErrUnreadable, Detail: detail}
}

func isEncrypted(b []byte) bool { return bytes.Contains(b, []byte("/Encrypt")) }

// hasObjects reports whether the file holds any PDF object ("1 0 obj").
func hasObjects(b []byte) bool { return objRe.Match(b) }

var objRe = lazyre.New(`\d+\s+\d+\s+obj\b`)

func firstRunes(s string, n int) string {
	r := []rune(s)
	if len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}

// Parse reads pdftotext -bbox output into pages of words.
func Parse(out []byte) ([]Page, error) {
	var p parser
	p.run(out, true)
	return p.pages, p.err
}

// parseStream reads pdftotext -bbox output from r, parsing each element
// as soon as it is complete, while pdftotext still writes the rest. It
// returns the pages and the whole output.
func parseStream(r io.Reader) ([]Page, []byte, error) {
	var p parser
	buf := make([]byte, 0, 64<<10)
	for {
		if len(buf) == cap(buf) {
			// Doubling keeps the rescans of an element that spans many
			// reads linear in its length.
			buf = append(buf, make([]byte, cap(buf))...)[:len(buf)]
		}
		n, err := r.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, nil, err
		}
		if n > 0 {
			p.run(buf, false)
		}
	}
	p.run(buf, true)
	return p.pages, buf, p.err
}

var (
	pageTag = []byte("<page ")
	wordTag = []byte("<word ")
	wordEnd = []byte("</word>")
)

// parser reads pdftotext -bbox output: the pages, each with its words. It
// is fed a buffer that grows (run), and parses each element once it is
// whole. Given the whole output at once it finds what a plain scan from
// the start finds: each step takes whichever of the next <page and the
// next <word comes first, and stops at the first element left open.
type parser struct {
	pages   []Page
	err     error
	stopped bool
	pos     int // buf[:pos] is parsed
	// next holds where the next tag of each kind starts, at or after pos;
	// -1 when there is none in buf[pos:scan[k]] (a tag may still begin
	// in the bytes after scan, not all of it read yet).
	next, scan [2]int
	init       bool
}

func (p *parser) find(buf []byte, k int, tag []byte) int {
	if p.next[k] >= p.pos {
		return p.next[k]
	}
	from := max(p.pos, p.scan[k])
	if i := bytes.Index(buf[from:], tag); i >= 0 {
		p.next[k] = from + i
		return p.next[k]
	}
	p.next[k] = -1
	p.scan[k] = max(p.pos, len(buf)-len(tag)+1)
	return -1
}

// run parses buf[pos:] as far as its elements are whole; final says buf
// is the whole output.
func (p *parser) run(buf []byte, final bool) {
	if !p.init {
		p.next, p.init = [2]int{-1, -1}, true
	}
	for !p.stopped {
		i := p.find(buf, 0, pageTag)
		j := p.find(buf, 1, wordTag)
		if i < 0 && j < 0 {
			p.stopped = final
			return
		}
		if i >= 0 && (j < 0 || i < j) {
			end := bytes.IndexByte(buf[i:], '>')
			if end < 0 {
				p.stopped = final
				return
			}
			tag := buf[i : i+end]
			p.pages = append(p.pages, Page{Width: attr(tag, attrWidth), Height: attr(tag, attrHeight)})
			p.pos = i + end + 1
			continue
		}
		end := bytes.IndexByte(buf[j:], '>')
		if end < 0 {
			p.stopped = final
			return
		}
		tag := buf[j : j+end]
		rest := buf[j+end+1:]
		k := bytes.Index(rest, wordEnd)
		if k < 0 {
			p.stopped = final
			return
		}
		text := string(rest[:k])
		if strings.IndexByte(text, '&') >= 0 {
			text = html.UnescapeString(text)
		}
		if len(p.pages) == 0 {
			p.pages, p.err, p.stopped = nil, errors.New("pdftotext 输出格式无法识别"), true
			return
		}
		pg := &p.pages[len(p.pages)-1]
		pg.Words = append(pg.Words, Word{X0: attr(tag, attrXMin), Y0: attr(tag, attrYMin), X1: attr(tag, attrXMax), Y1: attr(tag, attrYMax), Text: text})
		p.pos = j + end + 1 + k + len(wordEnd)
	}
}

var (
	attrWidth  = []byte(`width="`)
	attrHeight = []byte(`height="`)
	attrXMin   = []byte(`xMin="`)
	attrYMin   = []byte(`yMin="`)
	attrXMax   = []byte(`xMax="`)
	attrYMax   = []byte(`yMax="`)
)

func attr(tag []byte, key []byte) float64 {
	i := bytes.Index(tag, key)
	if i < 0 {
		return 0
	}
	v := tag[i+len(key):]
	j := bytes.IndexByte(v, '"')
	if j < 0 {
		return 0
	}
	return parseFloat(v[:j])
}

// pow10 are the powers of ten a float64 holds exactly.
var pow10 = [...]float64{1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22}

// parseFloat is strconv.ParseFloat (0 on error) with a fast path for
// the plain decimals pdftotext prints (595.276000): digits that fit in
// 2^53 divided by an exact power of ten give the correctly rounded value,
// which is what ParseFloat returns.
func parseFloat(b []byte) float64 {
	var m uint64
	digits, frac, dot := 0, 0, false
	neg := len(b) > 0 && b[0] == '-'
	s := b
	if neg {
		s = b[1:]
	}
	for _, c := range s {
		switch {
		case c >= '0' && c <= '9':
			m = m*10 + uint64(c-'0')
			digits++
			if dot {
				frac++
			}
		case c == '.' && !dot:
			dot = true
		default:
			digits = 99
		}
		if digits > 15 {
			break
		}
	}
	if digits == 0 || digits > 15 || frac >= len(pow10) {
		f, _ := strconv.ParseFloat(string(b), 64)
		return f
	}
	f := float64(m) / pow10[frac]
	if neg {
		f = -f
	}
	return f
}

// Read extracts and lays out a PDF, parsing pdftotext's output while it
// runs.
func Read(name string, b []byte) (*layout.Layout, error) {
	var pages []Page
	var out []byte
	err := extract(context.Background(), b, func(r io.Reader) error {
		var err error
		pages, out, err = parseStream(r)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if max := limits.Current().Pages; len(pages) > max {
		return nil, limits.Count(name, "PDF 页数", 0, max, "--max-pages")
	}
	words := 0
	for _, p := range pages {
		words += len(p.Words)
	}
	if words == 0 {
		return nil, fmt.Errorf("%s: %w", name, ErrNoText)
	}
	l := Layout(name, pages)
	l.Own = keywords(out)
	return l, nil
}

// keywords returns the table map yusuan writes to a PDF's Keywords
// (layout.OwnMap), which pdftotext -bbox prints in the page head.
func keywords(out []byte) string {
	head := out
	if i := bytes.Index(out, []byte("<body")); i >= 0 {
		head = out[:i]
	}
	const tag = `<meta name="Keywords" content="`
	i := bytes.Index(head, []byte(tag))
	if i < 0 {
		return ""
	}
	v := head[i+len(tag):]
	j := bytes.IndexByte(v, '"')
	if j < 0 || !bytes.HasPrefix(v, []byte(layout.OwnMapPrefix)) {
		return ""
	}
	return html.UnescapeString(string(v[:j]))
}

// Layout groups each page's words into lines, top to bottom, and marks
// as headings the lines set in a larger font than the body text.
func Layout(name string, pages []Page) *layout.Layout {
	l := &layout.Layout{File: name, Kind: layout.KindPDF}
	var heights []float64
	// pageHeights are each line's tallest word, page by page: a line's own
	// extent grows when it gathers words set a little higher or lower (the
	// wrapped labels of a table header), and is no measure of type size.
	var pageHeights [][]float64
	for pi, p := range pages {
		lp := layout.Page{Number: pi + 1, Width: p.Width}
		ws := append([]Word(nil), p.Words...)
		sort.SliceStable(ws, func(i, j int) bool { return mid(ws[i]) < mid(ws[j]) })
		var cur []Word
		var hs []float64 // the tallest word of each line
		flush := func() {
			if len(cur) == 0 {
				return
			}
			sort.SliceStable(cur, func(i, j int) bool { return cur[i].X0 < cur[j].X0 })
			line := layout.Line{Y0: cur[0].Y0, Y1: cur[0].Y1}
			line.Pos = yusuan.Position{File: name, Page: pi + 1, Line: len(lp.Lines) + 1}
			h := 0.0
			for _, w := range cur {
				line.Y0, line.Y1 = min(line.Y0, w.Y0), max(line.Y1, w.Y1)
				h = max(h, w.Y1-w.Y0)
				line.Cells = append(line.Cells, layout.Cell{Text: w.Text, X0: w.X0, X1: w.X1, Pos: line.Pos})
			}
			heights = append(heights, h)
			lp.Lines = append(lp.Lines, line)
			hs = append(hs, h)
			cur = cur[:0]
		}
		for _, w := range ws {
			if len(cur) > 0 {
				c := cur[0]
				tol := 0.4 * min(c.Y1-c.Y0, w.Y1-w.Y0)
				if abs(mid(w)-mid(c)) > tol {
					flush()
				}
			}
			cur = append(cur, w)
		}
		flush()
		hs = dropPageNumbers(&lp, p.Height, hs)
		l.Pages = append(l.Pages, lp)
		pageHeights = append(pageHeights, hs)
	}
	docBody := median(heights)
	for pi := range l.Pages {
		// A page of running text is compared with its own body text: in a
		// document of many table pages set in smaller type, the document's
		// median is the tables' size and every line of text would look
		// like a heading. A page of few lines (a cover) uses the document's.
		body := docBody
		hs := pageHeights[pi]
		if len(hs) >= 12 {
			body = max(body, median(hs))
		}
		for li := range l.Pages[pi].Lines {
			ln := &l.Pages[pi].Lines[li]
			if body > 0 && hs[li] >= 1.25*body && len(ln.Cells) <= 3 {
				ln.Heading = 1
			}
		}
	}
	return l
}

// pageNumberRe is a page number as printed in a header or footer, spaces
// removed: 第 3 页, 第3页 共40页, - 3 -, — 3 —, 3, 3/40.
var pageNumberRe = lazyre.New(`^(?:第\d+页(?:[/，,]?共\d+页)?|共\d+页第\d+页|[-—–－]*\d+[-—–－]*|\d+/\d+)$`)

// dropPageNumbers removes page furniture: the first or last line of a
// page, in the outer sixth of its height, that is only a page number.
// Read as data it became a table row or a performance indicator. hs,
// the lines' heights, loses the same lines.
func dropPageNumbers(p *layout.Page, height float64, hs []float64) []float64 {
	if height <= 0 {
		return hs
	}
	furniture := func(ln *layout.Line, top bool) bool {
		if top && ln.Y1 > height/6 || !top && ln.Y0 < height*5/6 {
			return false
		}
		return pageNumberRe.MatchString(strings.Join(strings.Fields(ln.Text()), ""))
	}
	if n := len(p.Lines); n > 0 && furniture(&p.Lines[n-1], false) {
		p.Lines, hs = p.Lines[:n-1], hs[:n-1]
	}
	if len(p.Lines) > 0 && furniture(&p.Lines[0], true) {
		p.Lines, hs = p.Lines[1:], hs[1:]
	}
	return hs
}

func mid(w Word) float64 { return (w.Y0 + w.Y1) / 2 }

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}

func median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := append([]float64(nil), xs...)
	sort.Float64s(s)
	return s[len(s)/2]
}
