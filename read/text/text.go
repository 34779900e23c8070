// Package text reads a disclosure in text form into a layout: the seed's
// conversion output (Markdown headings, tab-separated tables, inline HTML)
// and yusuan's own Markdown (pipe tables), in UTF-8 with or without a BOM,
// UTF-16 with a BOM, or GB18030/GBK.
package text

import (
	"bytes"
	"errors"
	"fmt"
	"html"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"

	"github.com/yusuan/yusuan"
	"github.com/yusuan/yusuan/internal/limits"
	"github.com/yusuan/yusuan/layout"
)

// ErrNotText reports input that does not decode as text in any supported
// encoding (binary data, or a format yusuan does not read).
var ErrNotText = errors.New("不是可识别的文本文件（支持 UTF-8、UTF-16 和 GB18030/GBK 编码）")

// Decode returns the text of b: UTF-8 (a BOM is dropped), UTF-16 with a
// BOM, or else GB18030 (a superset of GBK and GB2312). Binary data is
// ErrNotText.
func Decode(b []byte) (string, error) {
	switch {
	case bytes.HasPrefix(b, []byte{0xEF, 0xBB, 0xBF}):
		b = b[3:]
	case bytes.HasPrefix(b, []byte{0xFF, 0xFE}), bytes.HasPrefix(b, []byte{0xFE, 0xFF}):
		d := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewDecoder()
		out, err := d.Bytes(b)
		if err != nil {
			return "", ErrNotText
		}
		return checkText(string(out))
	}
	if utf8.Valid(b) {
		return checkText(string(b))
	}
	out, err := simplifiedchinese.GB18030.NewDecoder().Bytes(b)
	if err != nil {
		return "", ErrNotText
	}
	return checkText(string(out))
}

// checkText rejects control characters and undecodable bytes, which do not
// occur in a disclosure's text.
func checkText(s string) (string, error) {
	bad := 0
	for _, r := range s {
		if r == utf8.RuneError || (r < 0x20 && r != '\t' && r != '\n' && r != '\r' && r != '\f') || r == 0x7F {
			bad++
			if bad > 8 {
				return "", ErrNotText
			}
		}
	}
	return s, nil
}

// Read reads text data into a layout. name is used in positions.
func Read(name string, data []byte) (*layout.Layout, error) {
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, fmt.Errorf("%s: 文件为空", name)
	}
	// Each line costs a few hundred bytes once laid out: bound the lines
	// before any is (an 18 MB file of short lines took 5.7 GB).
	if max := limits.Current().Rows; bytes.Count(data, []byte("\n")) >= max {
		return nil, limits.Count(name, "文本行数", bytes.Count(data, []byte("\n"))+1, max, "--max-rows")
	}
	s, err := Decode(data)
	if err != nil {
		if line, what := firstBad(data); line > 0 {
			return nil, fmt.Errorf("%s:%d: %w：第 %d 行%s", name, line, err, line, what)
		}
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return Parse(name, s), nil
}

// Parse splits decoded text into lines and cells.
func Parse(name string, s string) *layout.Layout {
	page := layout.Page{Number: 1}
	n := 0
	page.Lines = make([]layout.Line, 0, strings.Count(s, "\n")+1)
	own := ""
	for len(s) > 0 {
		var line string
		if i := strings.IndexByte(s, '\n'); i >= 0 {
			line, s = s[:i], s[i+1:]
		} else {
			line, s = s, ""
		}
		n++
		if m, ok := ownMap(line); ok {
			// yusuan's table map (layout.OwnMap), not text of the document.
			own = m
			page.Lines = append(page.Lines, layout.Line{Pos: yusuan.Position{File: name, Line: n}})
			continue
		}
		page.Lines = append(page.Lines, parseLine(name, n, line))
	}
	return &layout.Layout{File: name, Kind: layout.KindText, Pages: []layout.Page{page}, Own: own}
}

// ownMap returns the table map of a line "<!-- yusuan-map/1:… -->".
func ownMap(line string) (string, bool) {
	t := strings.TrimSpace(line)
	if !strings.HasPrefix(t, "<!-- "+layout.OwnMapPrefix) || !strings.HasSuffix(t, "-->") {
		return "", false
	}
	return strings.TrimSpace(strings.TrimSuffix(strings.TrimPrefix(t, "<!--"), "-->")), true
}

func parseLine(name string, n int, line string) layout.Line {
	line = strings.TrimRight(line, "\r\f")
	pos := yusuan.Position{File: name, Line: n}
	l := layout.Line{Pos: pos}
	if strings.IndexByte(line, '<') >= 0 || strings.IndexByte(line, '&') >= 0 {
		line = stripHTML(line)
	}
	trimmed := strings.TrimSpace(line)
	if trimmed == "" {
		return l
	}
	// A Markdown heading.
	if trimmed[0] == '#' {
		lv := 0
		for lv < len(trimmed) && trimmed[lv] == '#' {
			lv++
		}
		if lv <= 6 && lv < len(trimmed) && trimmed[lv] == ' ' {
			l.Heading = lv
			trimmed = strings.TrimSpace(trimmed[lv:])
			l.Cells = []layout.Cell{{Text: unescape(clean(trimmed)), X0: 0, X1: 1, Pos: pos}}
			return l
		}
	}
	// A pipe table row (yusuan's Markdown).
	if trimmed[0] == '|' {
		cells := splitPipes(trimmed)
		if isSeparator(cells) {
			return l
		}
		l.Grid = true
		l.Cells = make([]layout.Cell, len(cells))
		for i, c := range cells {
			l.Cells[i] = layout.Cell{Text: unescape(strings.TrimSpace(c)), X0: float64(i), X1: float64(i + 1), Pos: pos}
		}
		return l
	}
	// A tab-separated row.
	if strings.IndexByte(line, '\t') >= 0 {
		parts := strings.Split(line, "\t")
		l.Grid = true
		l.Cells = make([]layout.Cell, len(parts))
		for i, c := range parts {
			l.Cells[i] = layout.Cell{Text: clean(strings.TrimSpace(c)), X0: float64(i), X1: float64(i + 1), Pos: pos}
		}
		return l
	}
	l.Cells = []layout.Cell{{Text: unescape(clean(trimmed)), X0: 0, X1: 1, Pos: pos}}
	return l
}

// clean drops Markdown emphasis markers.
func clean(s string) string {
	if strings.Contains(s, "**") {
		s = strings.ReplaceAll(s, "**", "")
	}
	return strings.TrimSpace(s)
}

// stripHTML removes tags (<p …>, <b>, <h3>) and decodes entities; <br>
// becomes a line break inside the cell.
func stripHTML(s string) string {
	if strings.IndexByte(s, '<') >= 0 {
		var b strings.Builder
		for {
			i := strings.IndexByte(s, '<')
			if i < 0 {
				b.WriteString(s)
				break
			}
			j := strings.IndexByte(s[i:], '>')
			if j < 0 || !isTag(s[i+1:i+j]) {
				b.WriteString(s[:i+1])
				s = s[i+1:]
				continue
			}
			b.WriteString(s[:i])
			tag := strings.ToLower(s[i+1 : i+j])
			if tag == "br" || tag == "br/" || tag == "br /" {
				b.WriteByte('\n')
			} else if strings.HasPrefix(tag, "/p") && i+j+1 < len(s) && s[i+j+1] == ' ' {
				// "</p> <p>" separates paragraphs of one cell.
				b.WriteByte('\n')
			}
			s = s[i+j+1:]
		}
		s = b.String()
	}
	if strings.IndexByte(s, '&') >= 0 {
		s = html.UnescapeString(s)
	}
	return s
}

func isTag(t string) bool {
	if t == "" || len(t) > 200 {
		return false
	}
	c := t[0]
	if c == '/' && len(t) > 1 {
		c = t[1]
	}
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
}

func splitPipes(s string) []string {
	var cells []string
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		switch {
		case s[i] == '\\' && i+1 < len(s):
			b.WriteByte(s[i])
			b.WriteByte(s[i+1])
			i++
		case s[i] == '|':
			cells = append(cells, b.String())
			b.Reset()
		default:
			b.WriteByte(s[i])
		}
	}
	cells = append(cells, b.String())
	// Drop the empty cells outside the first and last pipes.
	if len(cells) > 0 && strings.TrimSpace(cells[0]) == "" {
		cells = cells[1:]
	}
	if len(cells) > 0 && strings.TrimSpace(cells[len(cells)-1]) == "" {
		cells = cells[:len(cells)-1]
	}
	return cells
}

func isSeparator(cells []string) bool {
	if len(cells) == 0 {
		return false
	}
	for _, c := range cells {
		c = strings.Trim(strings.TrimSpace(c), ":")
		if len(c) < 3 || strings.Trim(c, "-") != "" {
			return false
		}
	}
	return true
}

// unescape removes Markdown backslash escapes.
func unescape(s string) string {
	if strings.IndexByte(s, '\\') < 0 {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) && strings.IndexByte("\\|*_`[]#<>", s[i+1]) >= 0 {
			i++
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// firstBad finds the line of the first byte that is not UTF-8 text (or a
// control character), to say where a file stops being text.
func firstBad(b []byte) (line int, what string) {
	line = 1
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		switch {
		case r == utf8.RuneError && size <= 1:
			return line, fmt.Sprintf("起有无法识别的字节 0x%02X（不是 UTF-8）", b[i])
		case r == 0 || (r < 0x20 && r != '\t' && r != '\n' && r != '\r' && r != '\f') || r == 0x7F:
			return line, fmt.Sprintf("有控制字符 0x%02X", r)
		case r == '\n':
			line++
		}
		i += size
	}
	return 0, ""
}
