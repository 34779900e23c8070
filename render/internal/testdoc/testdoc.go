// Package testdoc gives the renderers' tests their documents: the bundled
// example compiled the way `yusuan build` compiles it, and a hostile
// document whose text tries to break out of every format.
package testdoc

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"

	"github.com/yusuan/yusuan"
	"github.com/yusuan/yusuan/budgetfile"
	"github.com/yusuan/yusuan/catalog"
	"github.com/yusuan/yusuan/compile"
	"github.com/yusuan/yusuan/profile"
)

// ExamplePath is the bundled example budget file.
func ExamplePath() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..", "..", "examples", "zhengzhou-2021-gov-office", "budget.yaml")
}

var (
	once    sync.Once
	exDoc   *yusuan.Document
	exProf  *yusuan.Profile
	exError error
)

// Example compiles the bundled example in the zhengzhou-2021 profile.
// Callers must not modify the document (use Clone).
func Example(tb testing.TB) (*yusuan.Document, *yusuan.Profile) {
	tb.Helper()
	once.Do(func() {
		cats := func(year int) (*yusuan.Catalog, error) { return catalog.Load(year) }
		b, err := budgetfile.Load(ExamplePath(), cats)
		if err != nil {
			exError = err
			return
		}
		id := b.Profile
		if id == "" {
			id = "zhengzhou-2021"
		}
		p, err := profile.Load(id)
		if err != nil {
			exError = err
			return
		}
		cat, err := cats(b.Year)
		if err != nil {
			exError = err
			return
		}
		exDoc, exError = compile.Compile(b, p, cat)
		exProf = p
	})
	if exError != nil {
		tb.Fatalf("compiling the bundled example: %v", exError)
	}
	return exDoc, exProf
}

// LongName is the 10,000-character name of the hostile document.
var LongName = strings.Repeat("很长的名称", 2000)

// Hostile texts: markup, spreadsheet formulas and control characters.
const (
	Script  = `<script>alert("x")</script><img src=x onerror=alert(1)>`
	Formula = `=HYPERLINK("http://evil.example","点我")`
)

// Hostile returns a copy of the example whose names, notes and narrative
// carry hostile text: a script tag, formulas and a 10,000-character name.
func Hostile(tb testing.TB) (*yusuan.Document, *yusuan.Profile) {
	d, p := Example(tb)
	doc := Clone(d)
	doc.Title = Script + doc.Title
	doc.Department.Name = Formula
	for i := range doc.Tables {
		t := &doc.Tables[i]
		t.Title = Script + t.Title
		if t.Note != "" {
			t.Note = "+" + Formula + t.Note
		}
		for j := range t.Rows {
			r := &t.Rows[j]
			switch j % 4 {
			case 1:
				r.Name = Script + r.Name
			case 2:
				r.Name = "@SUM(A1:A9)" + r.Name
			case 3:
				r.Name = "-2+3" + r.Name
			}
			for k, v := range r.Cells {
				if v.IsText {
					r.Cells[k] = yusuan.TextValue(Formula + "\t\r" + v.Text)
				}
			}
		}
		if len(t.Rows) > 1 {
			t.Rows[len(t.Rows)-1].Name = LongName
		}
	}
	for i := range doc.Narrative {
		s := &doc.Narrative[i]
		s.Title = Script + s.Title
		for j := range s.Paragraphs {
			s.Paragraphs[j] = Script + Formula + "\u2028" + s.Paragraphs[j] + "</p></div></main>"
		}
	}
	if len(doc.Narrative) > 0 {
		doc.Narrative[0].Paragraphs = append(doc.Narrative[0].Paragraphs, LongName)
	}
	return doc, p
}

// Clone deep-copies a document so a test may change it.
func Clone(d *yusuan.Document) *yusuan.Document {
	c := *d
	c.Parts = append([]string(nil), d.Parts...)
	c.Tables = make([]yusuan.Table, len(d.Tables))
	for i, t := range d.Tables {
		t.Columns = append([]yusuan.Column(nil), t.Columns...)
		rows := make([]yusuan.Row, len(t.Rows))
		for j, r := range t.Rows {
			cells := make(map[string]yusuan.Value, len(r.Cells))
			for k, v := range r.Cells {
				cells[k] = v
			}
			r.Cells = cells
			rows[j] = r
		}
		t.Rows = rows
		c.Tables[i] = t
	}
	c.Narrative = make([]yusuan.Section, len(d.Narrative))
	for i, s := range d.Narrative {
		s.Paragraphs = append([]string(nil), s.Paragraphs...)
		s.Figures = append([]yusuan.Figure(nil), s.Figures...)
		c.Narrative[i] = s
	}
	return &c
}

// Update rewrites golden files instead of comparing with them.
var Update = flag.Bool("update", false, "rewrite golden files")

// Golden compares got with the golden file at path (relative to the test's
// package), or rewrites it under -update.
func Golden(tb testing.TB, path string, got []byte) {
	tb.Helper()
	if *Update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			tb.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			tb.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		tb.Fatalf("%v (run the test with -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		gl, wl := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
		for i := 0; i < len(gl) || i < len(wl); i++ {
			var g, w string
			if i < len(gl) {
				g = gl[i]
			}
			if i < len(wl) {
				w = wl[i]
			}
			if g != w {
				tb.Fatalf("%s differs from the golden file at line %d:\n got: %q\nwant: %q\n(run with -update if the change is intended)", path, i+1, g, w)
			}
		}
	}
}
