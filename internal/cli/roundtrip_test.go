package cli

import (
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"testing"

	"github.com/yusuan/yusuan"
	"github.com/yusuan/yusuan/catalog"
	"github.com/yusuan/yusuan/check"
	"github.com/yusuan/yusuan/compile"
	"github.com/yusuan/yusuan/internal/budgetgen"
	"github.com/yusuan/yusuan/profile"
)

// The formats yusuan writes that it also reads. (There is no separate
// text writer: Markdown is yusuan's text form, and the seed-style text
// reader is exercised by the samples' own import.)
var readBack = []string{"md", "xlsx", "pdf"}

// findingsOf checks a document as `yusuan check` does and returns its
// findings as "SEVERITY RULE message" lines, sorted.
func findingsOf(doc *yusuan.Document) []string {
	ctx := check.Context{}
	ctx.Profile, _ = profile.Load(doc.Profile)
	if doc.Year > 0 {
		ctx.Catalog, _ = catalog.Load(doc.Year)
	}
	var out []string
	for _, f := range check.Check(doc, ctx) {
		out = append(out, fmt.Sprintf("%s %s %s", f.Severity, f.Rule, f.Message))
	}
	sort.Strings(out)
	return out
}

// diffLines returns the lines only in a and only in b, as multisets.
func diffLines(a, b []string) (onlyA, onlyB []string) {
	n := map[string]int{}
	for _, s := range a {
		n[s]++
	}
	for _, s := range b {
		n[s]--
	}
	for s, c := range n {
		for ; c > 0; c-- {
			onlyA = append(onlyA, s)
		}
		for ; c < 0; c++ {
			onlyB = append(onlyB, s)
		}
	}
	sort.Strings(onlyA)
	sort.Strings(onlyB)
	return onlyA, onlyB
}

// sameFigures requires each table of got to print the same figures as
// the table of want: the same kind, number and unit, and per column the
// same amounts and counts, as many times each.
func sameFigures(t *testing.T, want, got *yusuan.Document) {
	t.Helper()
	if len(want.Tables) != len(got.Tables) {
		t.Errorf("%d tables written, %d read back", len(want.Tables), len(got.Tables))
		return
	}
	figures := func(tb *yusuan.Table) []string {
		var out []string
		for _, r := range tb.Rows {
			for k, v := range r.Cells {
				if !v.IsText {
					out = append(out, k+"="+v.Num.String())
				}
			}
		}
		return out
	}
	for i := range want.Tables {
		w, g := &want.Tables[i], &got.Tables[i]
		name := fmt.Sprintf("table %d (%s)", w.Number, w.Kind)
		if w.Kind != g.Kind || w.Number != g.Number || w.Unit != g.Unit {
			t.Errorf("%s: read back as %d %s %s", name, g.Number, g.Kind, g.Unit)
			continue
		}
		lost, extra := diffLines(figures(w), figures(g))
		for _, f := range lost {
			t.Errorf("%s: figure %s not read back", name, f)
		}
		for _, f := range extra {
			t.Errorf("%s: figure %s read back but not written", name, f)
		}
	}
}

// roundTrip renders doc in each format that reads back, imports each
// rendering, and requires the same tables, cell for cell, and the same
// findings as the original.
func roundTrip(t *testing.T, name string, doc *yusuan.Document) {
	t.Helper()
	p, _ := profile.Load(doc.Profile)
	want := findingsOf(doc)
	dir := t.TempDir()
	if keep := os.Getenv("YUSUAN_ROUNDTRIP_KEEP"); keep != "" {
		// Keep the renderings and the original for a person to look at.
		dir = filepath.Join(keep, name)
		os.MkdirAll(dir, 0o755)
		b, _ := DocumentJSON(doc)
		os.WriteFile(filepath.Join(dir, "doc.json"), b, 0o644)
	}
	for _, fname := range readBack {
		t.Run(name+"/"+fname, func(t *testing.T) {
			if fname == "pdf" {
				needPDF(t)
			}
			fs, err := parseFormats(fname)
			if err != nil {
				t.Fatal(err)
			}
			files, err := fs[0].out(doc, p, "doc")
			if err != nil {
				t.Fatalf("render: %v", err)
			}
			path := filepath.Join(dir, files[0].Name)
			if err := os.WriteFile(path, files[0].Data, 0o644); err != nil {
				t.Fatal(err)
			}
			res, err := importFile(path, doc.Profile)
			if err != nil {
				t.Fatalf("import of yusuan's own %s: %v", fname, err)
			}
			got := res.Doc
			if got.Year != doc.Year || got.Department.Name != doc.Department.Name {
				t.Errorf("read back year %d department %q, wrote %d %q", got.Year, got.Department.Name, doc.Year, doc.Department.Name)
			}
			if fname == "pdf" {
				// A PDF is read by position: every figure comes back, but
				// text set in wrapped, merged or left-aligned cells (the
				// performance forms, the procurement table's text columns)
				// is not yet rebuilt cell for cell; see docs/outputs.md.
				sameFigures(t, doc, got)
			} else {
				sameTables(t, doc, got)
			}
			onlyOrig, onlyBack := diffLines(want, findingsOf(got))
			for _, f := range onlyOrig {
				t.Errorf("finding lost in the %s: %s", fname, f)
			}
			for _, f := range onlyBack {
				t.Errorf("finding only in the %s: %s", fname, f)
			}
		})
	}
}

// TestRoundTripExample: issue 12 case 5. The example's PDF gave 4 errors
// and 20 warnings (page footers read as data), its Markdown and XLSX 6
// false procurement errors (数量 20台 not read as a quantity).
func TestRoundTripExample(t *testing.T) {
	code, stdout, stderr := run(t, "build", example, "--format", "json", "-o", "-")
	if code != 0 {
		t.Fatal(stderr)
	}
	doc, err := ParseDocument("budget.json", []byte(stdout))
	if err != nil {
		t.Fatal(err)
	}
	roundTrip(t, "example", doc)
}

// TestRoundTripGenerated: random valid budgets (internal/budgetgen, the
// compiler's property-test generator) survive every format.
func TestRoundTripGenerated(t *testing.T) {
	cat, err := catalog.Load(2021)
	if err != nil {
		t.Fatal(err)
	}
	p, err := profile.Load("zhengzhou-2021")
	if err != nil {
		t.Fatal(err)
	}
	r := rand.New(rand.NewSource(12))
	n := 6
	if testing.Short() {
		n = 2
	}
	if s := os.Getenv("YUSUAN_ROUNDTRIP_N"); s != "" {
		n, _ = strconv.Atoi(s) // more budgets, for a longer search
	}
	for i := range n {
		b := budgetgen.Generate(r, cat)
		b.Profile = p.ID
		doc, err := compile.Compile(b, p, cat)
		if err != nil {
			t.Fatalf("budget %d: %v", i, err)
		}
		roundTrip(t, fmt.Sprintf("generated-%d", i), doc)
	}
}
