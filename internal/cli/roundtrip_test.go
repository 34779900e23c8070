package cli

import (
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/yusuan/yusuan"
	"github.com/yusuan/yusuan/catalog"
	"github.com/yusuan/yusuan/check"
	"github.com/yusuan/yusuan/compile"
	"github.com/yusuan/yusuan/internal/budgetgen"
	"github.com/yusuan/yusuan/profile"
	"github.com/yusuan/yusuan/render"
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
		if printFormRules[f.Rule] {
			continue
		}
		out = append(out, fmt.Sprintf("%s %s %s", f.Severity, f.Rule, f.Message))
	}
	sort.Strings(out)
	return out
}

// printFormRules judge how the source file was typeset, which a rendering
// by yusuan sets anew by design, so their findings do not carry over:
// COMP-011 compares the source's printed 目录 with its tables (a rendering
// prints its own 目录 from the tables it has), CODE-011 a code printed
// with a space ("301 2"; a rendering prints the code whole). Every other
// finding must come back. docs/outputs.md says the same.
var printFormRules = map[string]bool{"COMP-011": true, "CODE-011": true}

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

// cellDiffs lists where got's tables differ from want's, cell by cell:
// codes, names, keys, levels and every value (an absent text cell equals
// an empty one).
func cellDiffs(want, got *yusuan.Document) []string {
	if len(want.Tables) != len(got.Tables) {
		return []string{fmt.Sprintf("%d tables written, %d read back", len(want.Tables), len(got.Tables))}
	}
	var d []string
	for i := range want.Tables {
		w, g := &want.Tables[i], &got.Tables[i]
		name := fmt.Sprintf("table %d (%s)", w.Number, w.Kind)
		if w.Kind != g.Kind || w.Number != g.Number || w.Title != g.Title || w.Unit != g.Unit {
			d = append(d, fmt.Sprintf("%s: read back as %d %s %q %s, written %q %s", name, g.Number, g.Kind, g.Title, g.Unit, w.Title, w.Unit))
			continue
		}
		if len(w.Rows) != len(g.Rows) {
			d = append(d, fmt.Sprintf("%s: %d rows written, %d read back", name, len(w.Rows), len(g.Rows)))
			continue
		}
		for j := range w.Rows {
			wr, gr := &w.Rows[j], &g.Rows[j]
			rn := fmt.Sprintf("%s row %d %s %s", name, j, wr.Code, wr.Name)
			if wr.Code != gr.Code || wr.Name != gr.Name || wr.Key != gr.Key || wr.Level != gr.Level || wr.GovCode != gr.GovCode || wr.GovName != gr.GovName {
				d = append(d, fmt.Sprintf("%s: read back as %q %q key %q level %q gov %q %q", rn, gr.Code, gr.Name, gr.Key, gr.Level, gr.GovCode, gr.GovName))
			}
			keys := map[string]bool{}
			for k := range wr.Cells {
				keys[k] = true
			}
			for k := range gr.Cells {
				keys[k] = true
			}
			for k := range keys {
				wv, gv := wr.Cells[k], gr.Cells[k]
				if wv.IsText || gv.IsText {
					if wv.Text != gv.Text || wv.Num != 0 || gv.Num != 0 {
						d = append(d, fmt.Sprintf("%s: %s = %q, written %q", rn, k, gv.Text, wv.Text))
					}
					continue
				}
				_, wok := wr.Cells[k]
				_, gok := gr.Cells[k]
				if wv.Num != gv.Num || wok != gok {
					d = append(d, fmt.Sprintf("%s: %s = %s (present %v), written %s (present %v)", rn, k, gv.Num, gok, wv.Num, wok))
				}
			}
		}
	}
	sort.Strings(d)
	return d
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
			var diffs []string
			if got.Year != doc.Year || got.Department.Name != doc.Department.Name {
				diffs = append(diffs, fmt.Sprintf("read back year %d department %q, wrote %d %q", got.Year, got.Department.Name, doc.Year, doc.Department.Name))
			}
			// Every format, the PDF too, is held to every cell: a PDF
			// yusuan writes carries where each row and column was drawn
			// (layout.OwnMap), and is read back by it.
			diffs = append(diffs, cellDiffs(doc, got)...)
			onlyOrig, onlyBack := diffLines(want, findingsOf(got))
			for _, f := range onlyOrig {
				diffs = append(diffs, fmt.Sprintf("finding lost in the %s: %s", fname, f))
			}
			for _, f := range onlyBack {
				diffs = append(diffs, fmt.Sprintf("finding only in the %s: %s", fname, f))
			}
			switch reason, known := knownGaps[name+"/"+fname]; {
			case known && len(diffs) == 0:
				// Not an error, so that a reader's improvement never blocks
				// its landing; the entry should go.
				t.Logf("%s/%s now round-trips: remove it from knownGaps", name, fname)
			case known && os.Getenv("YUSUAN_ROUNDTRIP_ALL") != "":
				t.Logf("known gap (%s), %d differences:\n%s", reason, len(diffs), strings.Join(diffs, "\n"))
			case known:
				t.Logf("known gap (%s), %d differences, first: %s", reason, len(diffs), diffs[0])
			default:
				for _, d := range diffs {
					t.Error(d)
				}
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

// TestRoundTripSamples: every published sample that imports today is
// written in each format and read back; it must give the same tables and
// findings unless the pair is one of knownGaps, whose differences are
// logged (go test -v). The samples that do not import yet (the reader is
// working on them) are named in the log.
func TestRoundTripSamples(t *testing.T) {
	if testing.Short() {
		t.Skip("samples round trip is slow")
	}
	samples, _ := filepath.Glob("../../testdata/disclosures/*.pdf")
	samples = append(samples, seed)
	var skipped []string
	parts := make([]part, len(samples))
	for i, s := range samples {
		name := strings.TrimSuffix(filepath.Base(s), filepath.Ext(s))
		if strings.HasSuffix(s, ".pdf") {
			needPDF(t)
		}
		res, err := importFile(s, "auto")
		if err != nil {
			if pt, ok := narrativePart(s); ok {
				parts[i] = pt // imported below with its tables
				continue
			}
			skipped = append(skipped, name+": "+firstRunes(err.Error(), 80))
			continue
		}
		parts[i] = tablesPart(res.Doc)
		roundTrip(t, name, res.Doc)
	}
	// A disclosure published as two files (Beijing: the narrative and the
	// tables) is paired as `yusuan check` pairs a folder, imported as one
	// document as `yusuan import TABLES NARRATIVE` does, and must survive
	// every format whole: the renderings hold both in one file.
	pairs := pairParts(parts)
	for _, pr := range pairs {
		tables, narrative := samples[pr.tables], samples[pr.narrative]
		res, err := importFiles([]string{tables, narrative}, "auto")
		if err != nil {
			t.Errorf("%s with %s: %v", filepath.Base(tables), filepath.Base(narrative), err)
			continue
		}
		if len(res.Doc.Tables) == 0 || len(res.Doc.Narrative) == 0 {
			t.Errorf("%s with %s: %d tables, %d narrative sections", filepath.Base(tables), filepath.Base(narrative), len(res.Doc.Tables), len(res.Doc.Narrative))
			continue
		}
		roundTrip(t, strings.TrimSuffix(filepath.Base(tables), filepath.Ext(tables))+"+narrative", res.Doc)
	}
	for i, pt := range parts {
		if pt.narrativeOnly && !paired(pairs, i) {
			skipped = append(skipped, filepath.Base(samples[i])+": 只有文字说明，没有配对的表格文件")
		}
	}
	if len(pairs) == 0 {
		t.Error("no sample published as two files was paired; the Beijing pair is among the samples")
	}
	t.Logf("%d of %d samples imported and written in every format (%d of them as %d pairs of two files); %d sample/format pairs are known gaps; not importable yet:\n  %s",
		len(samples)-len(skipped), len(samples), 2*len(pairs), len(pairs), len(knownGaps), strings.Join(skipped, "\n  "))
}

func paired(pairs []pairing, narrative int) bool {
	for _, pr := range pairs {
		if pr.narrative == narrative {
			return true
		}
	}
	return false
}

// knownGaps are the published samples whose imported document does not
// yet survive a format (sample/format → what differs). None today: a
// document read with the general profile, or a profile's document with
// tables the profile does not declare, round-trips by the table map its
// renderings carry (layout.OwnMap). The test logs the differences of a
// listed pair, and says when one round-trips so the entry can go.
var knownGaps = map[string]string{}

// TestOwnMapReadsThePrint: the table map of a rendering gives the
// structure only. A figure changed in the Markdown after yusuan wrote it
// is read as changed, and a file that no longer matches its map (a row
// deleted) is read by the general reader with a warning, not by the map.
func TestOwnMapReadsThePrint(t *testing.T) {
	code, stdout, stderr := run(t, "build", example, "--format", "json", "-o", "-")
	if code != 0 {
		t.Fatal(stderr)
	}
	doc, err := ParseDocument("budget.json", []byte(stdout))
	if err != nil {
		t.Fatal(err)
	}
	doc.Profile = profile.GeneralID // a document no profile declares
	fs, err := parseFormats("md")
	if err != nil {
		t.Fatal(err)
	}
	files, err := fs[0].out(doc, nil, "doc")
	if err != nil {
		t.Fatal(err)
	}
	md := string(files[0].Data)
	if !strings.Contains(md, "<!-- yusuan-map/1:") {
		t.Fatal("no table map in the Markdown of a general document")
	}
	// The example's total row of the income table prints its total; change
	// the printed figure of the first amount of the first total row.
	tb := &doc.Tables[1]
	total := tb.Rows[0]
	var key string
	for _, c := range tb.Columns {
		if v, ok := total.Cells[c.Key]; ok && !v.IsText && v.Num != 0 {
			key = c.Key
			break
		}
	}
	if key == "" {
		t.Fatal("no amount in the income table's first row")
	}
	l := render.LayoutOf(tb, nil)
	printed := ""
	for i, c := range l.Blocks[0].Cols {
		if c.Key == key {
			printed = l.Blocks[0].Rows[0].Cells[i].Text
		}
	}
	lines := strings.Split(md, "\n")
	head := fmt.Sprintf("## %d. %s", tb.Number, tb.Title)
	edited := false
	for i := range lines {
		if lines[i] == head {
			for j := i + 1; j < len(lines); j++ {
				if strings.HasPrefix(lines[j], "| ") && !strings.HasPrefix(lines[j], "| ---") && strings.Contains(lines[j], "| "+printed+" |") && j > i+4 {
					lines[j] = strings.Replace(lines[j], "| "+printed+" |", "| 1 |", 1)
					edited = true
					break
				}
			}
			break
		}
	}
	if !edited {
		t.Fatalf("could not find %q under %q", printed, head)
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "doc.md")
	os.WriteFile(path, []byte(strings.Join(lines, "\n")), 0o644)
	res, err := importFile(path, "auto")
	if err != nil {
		t.Fatal(err)
	}
	want := yusuan.Amount(10000 * 100)
	if tb.Unit == "元" {
		want = yusuan.Amount(100)
	}
	if got := res.Doc.Tables[1].Rows[0].Cells[key]; got.Num != want {
		t.Errorf("edited figure read as %v, want %v (the printed 1, not the map)", got.Num, want)
	}
	if res.Doc.Profile != profile.GeneralID || len(res.Warnings) != 0 {
		t.Errorf("profile %q, warnings %v", res.Doc.Profile, res.Warnings)
	}

	// Delete the last row of the first table: the map no longer fits.
	var cut []string
	for i := 0; i < len(lines); i++ {
		if lines[i] == fmt.Sprintf("## %d. %s", doc.Tables[0].Number, doc.Tables[0].Title) {
			j := i + 1
			for j < len(lines) && !strings.HasPrefix(lines[j], "|") {
				j++
			}
			for j < len(lines) && strings.HasPrefix(lines[j], "|") {
				j++
			}
			cut = append(append(cut, lines[:j-1]...), lines[j:]...)
			break
		}
	}
	os.WriteFile(path, []byte(strings.Join(cut, "\n")), 0o644)
	res, err = importFile(path, profile.GeneralID)
	if err != nil {
		t.Fatal(err)
	}
	warned := false
	for _, w := range res.Warnings {
		warned = warned || strings.Contains(w.Msg, "与其中的表结构说明不一致")
	}
	if !warned {
		t.Errorf("an edited rendering was read without saying it no longer matches its map: %v", res.Warnings)
	}
}
