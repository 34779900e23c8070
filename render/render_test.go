package render_test

import (
	"math/rand"
	"strings"
	"testing"

	"github.com/yusuan/yusuan"
	"github.com/yusuan/yusuan/catalog"
	"github.com/yusuan/yusuan/compile"
	"github.com/yusuan/yusuan/internal/budgetgen"
	"github.com/yusuan/yusuan/profile"
	"github.com/yusuan/yusuan/render"
	"github.com/yusuan/yusuan/render/csv"
	"github.com/yusuan/yusuan/render/fdp"
	"github.com/yusuan/yusuan/render/html"
	"github.com/yusuan/yusuan/render/internal/testdoc"
	"github.com/yusuan/yusuan/render/markdown"
	"github.com/yusuan/yusuan/render/pdf"
	"github.com/yusuan/yusuan/render/xlsx"
)

func texts(hs []render.HeadCell) []string {
	var out []string
	for _, h := range hs {
		out = append(out, h.Text)
	}
	return out
}

// TestLayoutFollowsProfile checks the printed header of the expenditure
// table: split codes under 科目编码, the profile's name header, groups
// over the basic and project columns; and that without a profile the
// document's own columns give the same figures.
func TestLayoutFollowsProfile(t *testing.T) {
	doc, p := testdoc.Example(t)
	tb := doc.Table(yusuan.KindExpenditure)
	l := render.LayoutOf(tb, render.Spec(p, tb))
	b := l.Blocks[0]
	if len(b.Header) != 2 {
		t.Fatalf("%d header rows, want 2", len(b.Header))
	}
	top, bottom := texts(b.Header[0]), texts(b.Header[1])
	want := []string{"科目编码", "单位（科目名称）", "合计", "基本支出", "项目支出"}
	if len(top) != len(want) {
		t.Fatalf("top header %v, want %v", top, want)
	}
	for i := range want {
		if top[i] != want[i] {
			t.Errorf("top header %v, want %v", top, want)
		}
	}
	if bottom[0] != "类" || bottom[1] != "款" || bottom[2] != "项" || bottom[3] != "小计" {
		t.Errorf("second header row %v", bottom)
	}
	bare := render.LayoutOf(tb, nil)
	if got := texts(bare.Blocks[0].Header[0])[1]; got != "科目名称" {
		t.Errorf("without a profile the name header is %q, want 科目名称", got)
	}
	for i, r := range b.Rows {
		for j, c := range r.Cells {
			if c != bare.Blocks[0].Rows[i].Cells[j] {
				t.Fatalf("row %d cell %d differs without the profile: %+v vs %+v", i, j, c, bare.Blocks[0].Rows[i].Cells[j])
			}
		}
	}
	if !l.Wide() {
		t.Error("the 16-column expenditure table should print landscape")
	}
	if s := doc.Table(yusuan.KindThreePublic); render.LayoutOf(s, render.Spec(p, s)).Wide() {
		t.Error("the 三公 table should print portrait")
	}
}

// BenchmarkAllFormats renders the compiled example in every format; the
// target is under 300 ms per iteration on one core (go test -bench
// AllFormats -cpu 1 ./render).
func BenchmarkAllFormats(b *testing.B) {
	doc, p := testdoc.Example(b)
	var pdfSize int
	for b.Loop() {
		markdown.Render(doc, p)
		if _, err := html.Render(doc, p); err != nil {
			b.Fatal(err)
		}
		out, err := pdf.Render(doc, p)
		if err != nil {
			b.Fatal(err)
		}
		pdfSize = len(out)
		if _, err := xlsx.Render(doc, p); err != nil {
			b.Fatal(err)
		}
		csv.Render(doc, p, "csv")
		if _, err := fdp.Render(doc, p, "fdp"); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(pdfSize), "pdf-bytes")
}

func BenchmarkFormat(b *testing.B) {
	doc, p := testdoc.Example(b)
	for name, r := range map[string]func() error{
		"md":   func() error { markdown.Render(doc, p); return nil },
		"html": func() error { _, err := html.Render(doc, p); return err },
		"pdf":  func() error { _, err := pdf.Render(doc, p); return err },
		"xlsx": func() error { _, err := xlsx.Render(doc, p); return err },
		"csv":  func() error { csv.Render(doc, p, "csv"); return nil },
		"fdp":  func() error { _, err := fdp.Render(doc, p, "fdp"); return err },
	} {
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				if err := r(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// TestWanColumnsPrintOneFormat: every amount of a 万元 column has the same
// decimals (867.50 over 12.34, never 867.5), blanks stay blank.
func TestWanColumnsPrintOneFormat(t *testing.T) {
	tb := &yusuan.Table{Kind: yusuan.KindThreePublic, Number: 7, Title: "“三公”经费", Unit: "万元",
		Columns: []yusuan.Column{{Key: "amount", Label: "预算数", Type: yusuan.ColAmount}, {Key: "count", Label: "数量", Type: yusuan.ColNumber}}}
	add := func(name string, cells map[string]yusuan.Value) {
		tb.Rows = append(tb.Rows, yusuan.Row{Name: name, Cells: cells})
	}
	add("合计", map[string]yusuan.Value{"amount": {Num: yusuan.Yuan(8798400)}, "count": {Num: 300}})
	add("公务接待费", map[string]yusuan.Value{"amount": {Num: yusuan.Yuan(8675000)}})
	add("因公出国（境）费", map[string]yusuan.Value{"amount": {Num: yusuan.Yuan(123400)}})
	add("公务用车购置费", map[string]yusuan.Value{})
	l := render.LayoutOf(tb, nil)
	var got []string
	for _, r := range l.Blocks[0].Rows {
		got = append(got, r.Cells[1].Text+"|"+r.Cells[2].Text)
	}
	want := []string{"879.84|3", "867.50|", "12.34|", "|"}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("printed %q, want %q", got, want)
	}
}

// BenchmarkLargeBudget renders a 10,000-line budget (20 units, 200
// projects) in every format, each format a sub-benchmark and "all" the
// whole set; -benchmem gives the memory each allocates.
//
//	go test ./render -run '^$' -bench LargeBudget -benchmem -benchtime 1x -count 3
func BenchmarkLargeBudget(b *testing.B) {
	doc, p := largeDoc(b)
	formats := []struct {
		name string
		run  func() error
	}{
		{"md", func() error { markdown.Render(doc, p); return nil }},
		{"html", func() error { _, err := html.Render(doc, p); return err }},
		{"pdf", func() error { _, err := pdf.Render(doc, p); return err }},
		{"xlsx", func() error { _, err := xlsx.Render(doc, p); return err }},
		{"csv", func() error { csv.Render(doc, p, "csv"); return nil }},
		{"fdp", func() error { _, err := fdp.Render(doc, p, "fdp"); return err }},
	}
	for _, f := range formats {
		b.Run(f.name, func(b *testing.B) {
			for b.Loop() {
				if err := f.run(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
	b.Run("all", func(b *testing.B) {
		for b.Loop() {
			for _, f := range formats {
				if err := f.run(); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
}

func largeDoc(b *testing.B) (*yusuan.Document, *yusuan.Profile) {
	b.Helper()
	cat, err := catalog.Load(2021)
	if err != nil {
		b.Fatal(err)
	}
	p, err := profile.Load("zhengzhou-2021")
	if err != nil {
		b.Fatal(err)
	}
	doc, err := compile.Compile(budgetgen.Large(rand.New(rand.NewSource(1)), cat, 20, 10_000), p, cat)
	if err != nil {
		b.Fatal(err)
	}
	rows := 0
	for _, t := range doc.Tables {
		rows += len(t.Rows)
	}
	b.Logf("%d tables, %d rows", len(doc.Tables), rows)
	return doc, p
}
