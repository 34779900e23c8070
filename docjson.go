package yusuan

import (
	"strconv"
	"unicode/utf16"
	"unicode/utf8"
)

// DecodeDocumentFast decodes Document JSON without reflection: about four
// times faster than encoding/json, which is most of what `yusuan check DIR`
// spends on a folder of imported documents. It accepts only the plain form
// yusuan writes — known field names spelled exactly, each at most once, no
// null, amounts with at most two decimals — and gives exactly what
// encoding/json with DisallowUnknownFields gives for it. Anything else
// returns ok false, and the caller decodes with encoding/json, which
// accepts the rest of valid JSON or says precisely what is wrong.
func DecodeDocumentFast(b []byte) (doc *Document, ok bool) {
	d := &jdec{b: b}
	doc = &Document{}
	if !d.document(doc) {
		return nil, false
	}
	d.ws()
	if d.i != len(d.b) {
		return nil, false
	}
	return doc, true
}

type jdec struct {
	b []byte
	i int
	// keys interns the keys of cells and sources: a few column keys
	// repeated on every row.
	keys map[string]string
	// width is the number of columns of the table being read, a size hint
	// for its rows' cells.
	width int
}

// mapKey reads an object key of a cells or sources map, interned.
func (d *jdec) mapKey() (string, bool) {
	d.ws()
	save := d.i
	if k, ok := d.key(); ok {
		if s, ok := d.keys[string(k)]; ok {
			return s, true
		}
		s := string(k)
		if d.keys == nil {
			d.keys = map[string]string{}
		}
		d.keys[s] = s
		return s, true
	}
	d.i = save
	return d.str()
}

func (d *jdec) ws() {
	for d.i < len(d.b) {
		switch d.b[d.i] {
		case ' ', '\t', '\n', '\r':
			d.i++
		default:
			return
		}
	}
}

// peek skips white space and returns the next byte (0 at the end).
func (d *jdec) peek() byte {
	d.ws()
	if d.i < len(d.b) {
		return d.b[d.i]
	}
	return 0
}

// null consumes a JSON null if one comes next. encoding/json sets a
// slice, map or pointer to nil on null and leaves anything else as it is.
func (d *jdec) null() bool {
	if d.peek() == 'n' && len(d.b)-d.i >= 4 && string(d.b[d.i:d.i+4]) == "null" {
		d.i += 4
		return true
	}
	return false
}

func (d *jdec) expect(c byte) bool {
	if d.peek() != c {
		return false
	}
	d.i++
	return true
}

// object walks an object whose keys are among names, each at most once,
// calling field with the key's index; an unknown or repeated key fails.
// names has at most 64 entries.
func (d *jdec) object(names []string, field func(k int) bool) bool {
	if d.null() {
		return true
	}
	if !d.expect('{') {
		return false
	}
	if d.peek() == '}' {
		d.i++
		return true
	}
	var seen uint64
	for {
		k, ok := d.key()
		if !ok {
			return false
		}
		idx := -1
		for j, n := range names {
			if n == string(k) {
				idx = j
				break
			}
		}
		if idx < 0 || seen&(1<<idx) != 0 || !d.expect(':') {
			return false
		}
		seen |= 1 << idx
		if !field(idx) {
			return false
		}
		switch d.peek() {
		case ',':
			d.i++
		case '}':
			d.i++
			return true
		default:
			return false
		}
	}
}

// key reads an object key without escapes, as raw bytes.
func (d *jdec) key() ([]byte, bool) {
	if !d.expect('"') {
		return nil, false
	}
	start := d.i
	ascii := true
	for d.i < len(d.b) {
		c := d.b[d.i]
		switch {
		case c == '"':
			k := d.b[start:d.i]
			// Invalid UTF-8, which encoding/json replaces with U+FFFD,
			// is left to the caller's slower path, as str does.
			if !ascii && !utf8.Valid(k) {
				return nil, false
			}
			d.i++
			return k, true
		case c == '\\' || c < 0x20:
			return nil, false
		case c >= 0x80:
			ascii = false
		}
		d.i++
	}
	return nil, false
}

// array walks an array, calling elem before each element.
func (d *jdec) array(elem func() bool) bool {
	if !d.expect('[') {
		return false
	}
	if d.peek() == ']' {
		d.i++
		return true
	}
	for {
		if !elem() {
			return false
		}
		switch d.peek() {
		case ',':
			d.i++
		case ']':
			d.i++
			return true
		default:
			return false
		}
	}
}

// str reads a string. Invalid UTF-8 and lone surrogates, which
// encoding/json replaces with U+FFFD, fail instead.
func (d *jdec) str() (string, bool) {
	if !d.expect('"') {
		return "", false
	}
	start := d.i
	ascii := true
	for d.i < len(d.b) {
		c := d.b[d.i]
		switch {
		case c == '"':
			s := d.b[start:d.i]
			d.i++
			if !ascii && !utf8.Valid(s) {
				return "", false
			}
			return string(s), true
		case c == '\\':
			return d.escaped(start)
		case c < 0x20:
			return "", false
		case c >= 0x80:
			ascii = false
		}
		d.i++
	}
	return "", false
}

// escaped finishes a string that has escapes, from its start.
func (d *jdec) escaped(start int) (string, bool) {
	out := append([]byte(nil), d.b[start:d.i]...)
	for d.i < len(d.b) {
		c := d.b[d.i]
		switch {
		case c == '"':
			d.i++
			if !utf8.Valid(out) {
				return "", false
			}
			return string(out), true
		case c < 0x20:
			return "", false
		case c != '\\':
			out = append(out, c)
			d.i++
			continue
		}
		if d.i+1 >= len(d.b) {
			return "", false
		}
		e := d.b[d.i+1]
		d.i += 2
		switch e {
		case '"', '\\', '/':
			out = append(out, e)
		case 'b':
			out = append(out, '\b')
		case 'f':
			out = append(out, '\f')
		case 'n':
			out = append(out, '\n')
		case 'r':
			out = append(out, '\r')
		case 't':
			out = append(out, '\t')
		case 'u':
			r, ok := d.hex4()
			if !ok {
				return "", false
			}
			if utf16.IsSurrogate(r) {
				if d.i+1 >= len(d.b) || d.b[d.i] != '\\' || d.b[d.i+1] != 'u' {
					return "", false
				}
				d.i += 2
				r2, ok := d.hex4()
				if !ok {
					return "", false
				}
				r = utf16.DecodeRune(r, r2)
				if r == utf8.RuneError {
					return "", false
				}
			}
			out = utf8.AppendRune(out, r)
		default:
			return "", false
		}
	}
	return "", false
}

func (d *jdec) hex4() (rune, bool) {
	if d.i+4 > len(d.b) {
		return 0, false
	}
	var r rune
	for _, c := range d.b[d.i : d.i+4] {
		r <<= 4
		switch {
		case '0' <= c && c <= '9':
			r |= rune(c - '0')
		case 'a' <= c && c <= 'f':
			r |= rune(c - 'a' + 10)
		case 'A' <= c && c <= 'F':
			r |= rune(c - 'A' + 10)
		default:
			return 0, false
		}
	}
	d.i += 4
	return r, true
}

// number returns the span of a JSON number.
func (d *jdec) number() ([]byte, bool) {
	d.ws()
	start := d.i
	if d.i < len(d.b) && d.b[d.i] == '-' {
		d.i++
	}
	digits := func() int {
		n := 0
		for d.i < len(d.b) && '0' <= d.b[d.i] && d.b[d.i] <= '9' {
			d.i++
			n++
		}
		return n
	}
	n := digits()
	if n == 0 || (n > 1 && d.b[d.i-n] == '0') {
		return nil, false
	}
	if d.i < len(d.b) && d.b[d.i] == '.' {
		d.i++
		if digits() == 0 {
			return nil, false
		}
	}
	if d.i < len(d.b) && (d.b[d.i] == 'e' || d.b[d.i] == 'E') {
		return nil, false // no amount is written with an exponent
	}
	return d.b[start:d.i], true
}

// integer reads a JSON integer into an int, as encoding/json does.
func (d *jdec) integer(p *int) bool {
	if d.null() {
		return true
	}
	raw, ok := d.number()
	if !ok {
		return false
	}
	v, err := strconv.ParseInt(string(raw), 10, 0)
	if err != nil {
		return false
	}
	*p = int(v)
	return true
}

// boolean reads true or false.
func (d *jdec) boolean(p *bool) bool {
	d.ws()
	rest := d.b[d.i:]
	switch {
	case len(rest) >= 4 && string(rest[:4]) == "true":
		*p, d.i = true, d.i+4
	case len(rest) >= 5 && string(rest[:5]) == "false":
		*p, d.i = false, d.i+5
	default:
		return false
	}
	return true
}

// internedString reads a string that repeats many times (the file of
// every cell's source) as one string: a later copy without escapes is
// found by its bytes, so it costs no allocation.
func (d *jdec) internedString(p *string) bool {
	d.ws()
	save := d.i
	if k, ok := d.key(); ok {
		if s, ok := d.keys[string(k)]; ok {
			*p = s
			return true
		}
	}
	d.i = save
	if !d.string(p) {
		return false
	}
	if *p != "" {
		if d.keys == nil {
			d.keys = map[string]string{}
		}
		d.keys[*p] = *p
	}
	return true
}

func (d *jdec) string(p *string) bool {
	if d.null() {
		return true
	}
	s, ok := d.str()
	*p = s
	return ok
}

func (d *jdec) strings(p *[]string) bool {
	if d.null() {
		*p = nil
		return true
	}
	out := []string{}
	ok := d.array(func() bool {
		var s string
		ok := d.string(&s)
		out = append(out, s)
		return ok
	})
	*p = out
	return ok
}

// value reads a cell: a string is text, a number an amount in 元 with at
// most two decimals (what Value.UnmarshalJSON accepts).
func (d *jdec) value(v *Value) bool {
	if d.peek() == '"' {
		s, ok := d.str()
		*v = TextValue(s)
		return ok
	}
	raw, ok := d.number()
	if !ok {
		return false
	}
	neg := raw[0] == '-'
	if neg {
		raw = raw[1:]
	}
	var n int64
	intDigits, frac := 0, -1
	for _, c := range raw {
		if c == '.' {
			frac = 0
			continue
		}
		n = n*10 + int64(c-'0')
		if frac >= 0 {
			frac++
		} else {
			intDigits++
		}
	}
	if intDigits > 15 || frac > 2 || frac == 0 {
		return false
	}
	if frac <= 0 {
		n *= 100
	} else if frac == 1 {
		n *= 10
	}
	if neg {
		n = -n
	}
	*v = AmountValue(Amount(n))
	return true
}

func (d *jdec) cells(p *map[string]Value) bool {
	if d.null() {
		*p = nil
		return true
	}
	m := make(map[string]Value, d.width)
	*p = m
	if !d.expect('{') {
		return false
	}
	if d.peek() == '}' {
		d.i++
		return true
	}
	for {
		k, ok := d.mapKey()
		if !ok || !d.expect(':') {
			return false
		}
		var v Value
		if !d.value(&v) {
			return false
		}
		m[k] = v
		switch d.peek() {
		case ',':
			d.i++
		case '}':
			d.i++
			return true
		default:
			return false
		}
	}
}

var positionFields = []string{"file", "page", "line", "sheet", "cell"}

func (d *jdec) position(p *Position) bool {
	return d.object(positionFields, func(k int) bool {
		switch k {
		case 0:
			return d.internedString(&p.File)
		case 1:
			return d.integer(&p.Page)
		case 2:
			return d.integer(&p.Line)
		case 3:
			return d.string(&p.Sheet)
		default:
			return d.string(&p.Cell)
		}
	})
}

func (d *jdec) positionPtr(p **Position) bool {
	if d.null() {
		*p = nil
		return true
	}
	*p = &Position{}
	return d.position(*p)
}

func (d *jdec) sources(p *map[string]Position) bool {
	if d.null() {
		*p = nil
		return true
	}
	m := map[string]Position{}
	*p = m
	if !d.expect('{') {
		return false
	}
	if d.peek() == '}' {
		d.i++
		return true
	}
	for {
		k, ok := d.mapKey()
		if !ok || !d.expect(':') {
			return false
		}
		var pos Position
		if !d.position(&pos) {
			return false
		}
		m[k] = pos
		switch d.peek() {
		case ',':
			d.i++
		case '}':
			d.i++
			return true
		default:
			return false
		}
	}
}

var documentFields = []string{"schema", "profile", "kind", "level", "year", "department", "title", "parts", "tables", "narrative", "origin", "contents"}

func (d *jdec) document(doc *Document) bool {
	return d.object(documentFields, func(k int) bool {
		switch k {
		case 0:
			return d.string(&doc.Schema)
		case 1:
			return d.string(&doc.Profile)
		case 2:
			return d.string(&doc.Kind)
		case 3:
			return d.string(&doc.Level)
		case 4:
			return d.integer(&doc.Year)
		case 5:
			return d.object([]string{"code", "name"}, func(k int) bool {
				if k == 0 {
					return d.string(&doc.Department.Code)
				}
				return d.string(&doc.Department.Name)
			})
		case 6:
			return d.string(&doc.Title)
		case 7:
			return d.strings(&doc.Parts)
		case 8:
			if d.null() {
				doc.Tables = nil
				return true
			}
			doc.Tables = []Table{}
			return d.array(func() bool {
				doc.Tables = append(doc.Tables, Table{})
				return d.table(&doc.Tables[len(doc.Tables)-1])
			})
		case 9:
			if d.null() {
				doc.Narrative = nil
				return true
			}
			doc.Narrative = []Section{}
			return d.array(func() bool {
				doc.Narrative = append(doc.Narrative, Section{})
				return d.section(&doc.Narrative[len(doc.Narrative)-1])
			})
		case 10:
			return d.string(&doc.Origin)
		default:
			if d.null() {
				doc.Contents = nil
				return true
			}
			doc.Contents = []ContentsEntry{}
			return d.array(func() bool {
				doc.Contents = append(doc.Contents, ContentsEntry{})
				e := &doc.Contents[len(doc.Contents)-1]
				return d.object([]string{"title", "page", "source"}, func(k int) bool {
					switch k {
					case 0:
						return d.string(&e.Title)
					case 1:
						return d.integer(&e.Page)
					default:
						return d.positionPtr(&e.Source)
					}
				})
			})
		}
	})
}

var (
	tableFields  = []string{"kind", "number", "title", "unit", "columns", "rows", "project", "note", "source"}
	columnFields = []string{"key", "label", "group", "type"}
	rowFields    = []string{"code", "name", "key", "level", "gov_code", "gov_name", "cells", "sources", "printed_code"}
)

func (d *jdec) table(t *Table) bool {
	d.width = 0
	return d.object(tableFields, func(k int) bool {
		switch k {
		case 0:
			return d.string((*string)(&t.Kind))
		case 1:
			return d.integer(&t.Number)
		case 2:
			return d.string(&t.Title)
		case 3:
			return d.string(&t.Unit)
		case 4:
			if d.null() {
				t.Columns = nil
				return true
			}
			t.Columns = []Column{}
			defer func() { d.width = len(t.Columns) }()
			return d.array(func() bool {
				var c Column
				ok := d.object(columnFields, func(k int) bool {
					switch k {
					case 0:
						return d.string(&c.Key)
					case 1:
						return d.string(&c.Label)
					case 2:
						return d.string(&c.Group)
					default:
						return d.string(&c.Type)
					}
				})
				t.Columns = append(t.Columns, c)
				return ok
			})
		case 5:
			if d.null() {
				t.Rows = nil
				return true
			}
			t.Rows = []Row{}
			return d.array(func() bool {
				t.Rows = append(t.Rows, Row{})
				return d.row(&t.Rows[len(t.Rows)-1])
			})
		case 6:
			return d.string(&t.Project)
		case 7:
			return d.string(&t.Note)
		default:
			return d.positionPtr(&t.Source)
		}
	})
}

func (d *jdec) row(r *Row) bool {
	return d.object(rowFields, func(k int) bool {
		switch k {
		case 0:
			return d.string(&r.Code)
		case 1:
			return d.string(&r.Name)
		case 2:
			return d.string(&r.Key)
		case 3:
			return d.string(&r.Level)
		case 4:
			return d.string(&r.GovCode)
		case 5:
			return d.string(&r.GovName)
		case 6:
			return d.cells(&r.Cells)
		case 7:
			return d.sources(&r.Sources)
		default:
			return d.string(&r.PrintedCode)
		}
	})
}

var (
	sectionFields = []string{"key", "part", "title", "paragraphs", "figures", "source"}
	figureFields  = []string{"paragraph", "text", "kind", "ref", "base", "unit", "decimals", "direction", "printed", "quantity", "unnamed"}
)

func (d *jdec) section(s *Section) bool {
	return d.object(sectionFields, func(k int) bool {
		switch k {
		case 0:
			return d.string(&s.Key)
		case 1:
			return d.integer(&s.Part)
		case 2:
			return d.string(&s.Title)
		case 3:
			return d.strings(&s.Paragraphs)
		case 4:
			if d.null() {
				s.Figures = nil
				return true
			}
			s.Figures = []Figure{}
			return d.array(func() bool {
				s.Figures = append(s.Figures, Figure{})
				return d.figure(&s.Figures[len(s.Figures)-1])
			})
		default:
			return d.positionPtr(&s.Source)
		}
	})
}

func (d *jdec) figure(f *Figure) bool {
	return d.object(figureFields, func(k int) bool {
		switch k {
		case 0:
			return d.integer(&f.Paragraph)
		case 1:
			return d.string(&f.Text)
		case 2:
			return d.string(&f.Kind)
		case 3:
			return d.string(&f.Ref)
		case 4:
			return d.string(&f.Base)
		case 5:
			return d.string(&f.Unit)
		case 6:
			return d.integer(&f.Decimals)
		case 7:
			return d.string(&f.Direction)
		case 8:
			return d.string(&f.Printed)
		case 9:
			return d.string(&f.Quantity)
		default:
			return d.boolean(&f.Unnamed)
		}
	})
}
