package check

import (
	"strings"
	"testing"

	"github.com/yusuan/yusuan"
)

// Helpers that change a document the way a careless editor would.

func tbl(t testing.TB, d *yusuan.Document, k yusuan.TableKind) *yusuan.Table {
	t.Helper()
	x := d.Table(k)
	if x == nil {
		t.Fatalf("no table %s", k)
	}
	return x
}

// row finds a row by code, key or name.
func row(t testing.TB, x *yusuan.Table, sel string) *yusuan.Row {
	t.Helper()
	if sel == "合计" {
		if r := totalRow(x); r != nil {
			return r
		}
	}
	for i := range x.Rows {
		r := &x.Rows[i]
		if r.Code == sel || r.Key == sel && r.Key != "" || r.Name == sel {
			return r
		}
	}
	t.Fatalf("table %s: no row %q", x.Kind, sel)
	return nil
}

func bump(t testing.TB, d *yusuan.Document, k yusuan.TableKind, sel, col string, delta yusuan.Amount) {
	t.Helper()
	r := row(t, tbl(t, d, k), sel)
	v := r.Cells[col]
	v.Num += delta
	r.Cells[col] = v
}

func setCell(t testing.TB, d *yusuan.Document, k yusuan.TableKind, sel, col string, a yusuan.Amount) {
	t.Helper()
	r := row(t, tbl(t, d, k), sel)
	r.Cells[col] = yusuan.AmountValue(a)
}

func dropTables(d *yusuan.Document, ks ...yusuan.TableKind) {
	out := d.Tables[:0]
	for _, t := range d.Tables {
		keep := true
		for _, k := range ks {
			keep = keep && t.Kind != k
		}
		if keep {
			out = append(out, t)
		}
	}
	d.Tables = out
}

func section(t testing.TB, d *yusuan.Document, key string) *yusuan.Section {
	t.Helper()
	for i := range d.Narrative {
		if d.Narrative[i].Key == key {
			return &d.Narrative[i]
		}
	}
	t.Fatalf("no section %s", key)
	return nil
}

// setFigure changes the nth figure (of the kind and reference) to print
// newPrinted, in the figure and in the paragraph's text.
func setFigure(t testing.TB, d *yusuan.Document, kind, ref string, nth int, newPrinted string) {
	t.Helper()
	ix := newIndex(d, Context{})
	k := 0
	for _, n := range ix.figs {
		if n.f.Kind != kind || n.f.Ref != ref {
			continue
		}
		if k < nth {
			k++
			continue
		}
		if n.pos < 0 {
			t.Fatalf("figure %s %s not located", kind, ref)
		}
		para := &n.sec.Paragraphs[n.f.Paragraph]
		*para = (*para)[:n.pos] + newPrinted + (*para)[n.end:]
		n.sec.Figures[n.n].Printed = newPrinted
		return
	}
	t.Fatalf("no figure %s %s #%d", kind, ref, nth)
}

// replaceText replaces old by new in the section's paragraphs.
func replaceText(t testing.TB, d *yusuan.Document, key, old, new string) {
	t.Helper()
	s := section(t, d, key)
	for i, p := range s.Paragraphs {
		if strings.Contains(p, old) {
			s.Paragraphs[i] = strings.Replace(p, old, new, 1)
			return
		}
	}
	t.Fatalf("section %s: no %q", key, old)
}

// removeWords drops the sections titled with any of the words and every
// paragraph that mentions them.
func removeWords(d *yusuan.Document, words ...string) {
	var secs []yusuan.Section
	for _, s := range d.Narrative {
		if containsAny(compact(s.Title), words) {
			continue
		}
		var ps []string
		for _, p := range s.Paragraphs {
			if !containsAny(compact(p), words) {
				ps = append(ps, p)
			}
		}
		s.Paragraphs = ps
		s.Figures = nil
		secs = append(secs, s)
	}
	d.Narrative = secs
}

// addFigure appends text with a figure to a paragraph.
func addFigure(t testing.TB, d *yusuan.Document, key string, para int, text string, f yusuan.Figure) {
	t.Helper()
	s := section(t, d, key)
	s.Paragraphs[para] += text
	f.Paragraph = para
	s.Figures = append(s.Figures, f)
	sortFigures(s)
}

// sortFigures orders a section's figures by their position in the text.
func sortFigures(s *yusuan.Section) {
	type pf struct {
		f   yusuan.Figure
		pos int
	}
	var fs []pf
	cursor := map[int]int{}
	for _, f := range s.Figures {
		pos := findNumber(s.Paragraphs[f.Paragraph], f.Printed, cursor[f.Paragraph])
		if pos >= 0 {
			cursor[f.Paragraph] = pos + len(f.Printed)
		}
		fs = append(fs, pf{f, f.Paragraph*1_000_000 + pos})
	}
	for i := 1; i < len(fs); i++ {
		for j := i; j > 0 && fs[j].pos < fs[j-1].pos; j-- {
			fs[j], fs[j-1] = fs[j-1], fs[j]
		}
	}
	for i := range fs {
		s.Figures[i] = fs[i].f
	}
}

// insertClassRow puts a correct 类 row (the sum of its 款 rows) before
// the first row of the class, returning the new row's index.
func insertClassRow(x *yusuan.Table, class string) int {
	at := -1
	r := yusuan.Row{Code: class, Name: class, Level: yusuan.LevelClass, Cells: map[string]yusuan.Value{}}
	for i := range x.Rows {
		if len(x.Rows[i].Code) > 3 && strings.HasPrefix(x.Rows[i].Code, class) {
			if at < 0 {
				at = i
			}
			for k, v := range x.Rows[i].Cells {
				if !v.IsText {
					c := r.Cells[k]
					c.Num += v.Num
					r.Cells[k] = c
				}
			}
		}
	}
	x.Rows = append(x.Rows[:at], append([]yusuan.Row{r}, x.Rows[at:]...)...)
	return at
}
