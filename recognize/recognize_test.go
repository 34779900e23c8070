package recognize_test

import (
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/yusuan/yusuan"
	"github.com/yusuan/yusuan/catalog"
	"github.com/yusuan/yusuan/profile"
	"github.com/yusuan/yusuan/read"
	"github.com/yusuan/yusuan/recognize"
)

var update = flag.Bool("update", false, "rewrite the golden files")

const disclosures = "../testdata/disclosures"

// needPDF skips a test when pdftotext is missing, except in CI.
func needPDF(t testing.TB) {
	t.Helper()
	if _, err := exec.LookPath("pdftotext"); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("pdftotext is required in CI (apt-get install poppler-utils): %v", err)
		}
		t.Skip("pdftotext not installed (apt-get install poppler-utils)")
	}
}

func importFile(t testing.TB, name string) *recognize.Result {
	t.Helper()
	l, err := read.File(filepath.Join(disclosures, name))
	if err != nil {
		t.Fatal(err)
	}
	ps, err := profile.All()
	if err != nil {
		t.Fatal(err)
	}
	p, err := recognize.Detect(l, ps)
	if err != nil {
		t.Fatal(err)
	}
	cat, err := catalog.Load(recognize.Year(l))
	if err != nil {
		t.Fatal(err)
	}
	res, err := recognize.Recognize(l, p, cat)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// listing writes every recovered amount, one row per line, and the
// narrative's sections and figures: what a golden file compares.
func listing(doc *yusuan.Document) string {
	var b strings.Builder
	fmt.Fprintf(&b, "profile %s year %d department %s\n", doc.Profile, doc.Year, doc.Department.Name)
	for _, t := range doc.Tables {
		fmt.Fprintf(&b, "\ntable %d %s %q unit %s rows %d\n", t.Number, t.Kind, t.Title, t.Unit, len(t.Rows))
		for _, r := range t.Rows {
			fmt.Fprintf(&b, "  %s|%s|%s", r.Code, r.Name, r.Key)
			if r.GovCode != "" {
				fmt.Fprintf(&b, "|%s %s", r.GovCode, r.GovName)
			}
			for _, c := range t.Columns {
				v, ok := r.Cells[c.Key]
				if !ok {
					continue
				}
				if v.IsText {
					if c.Type == yusuan.ColText && len([]rune(v.Text)) <= 30 && t.Kind == yusuan.KindProcurement {
						fmt.Fprintf(&b, " %s=%s", c.Key, v.Text)
					}
					continue
				}
				fmt.Fprintf(&b, " %s=%s", c.Key, v.Num)
			}
			b.WriteByte('\n')
		}
	}
	b.WriteString("\nnarrative\n")
	for _, s := range doc.Narrative {
		fmt.Fprintf(&b, "  [%d] %s %q paragraphs %d\n", s.Part, s.Key, s.Title, len(s.Paragraphs))
		for _, f := range s.Figures {
			fmt.Fprintf(&b, "    p%d %s %s%s %s %s %s\n", f.Paragraph, f.Kind, f.Printed, f.Unit, f.Ref, f.Base, f.Direction)
		}
	}
	return b.String()
}

func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name+".golden")
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update)", err)
	}
	if string(want) != got {
		gl, wl := strings.Split(got, "\n"), strings.Split(string(want), "\n")
		for i := 0; i < len(gl) || i < len(wl); i++ {
			var g, w string
			if i < len(gl) {
				g = gl[i]
			}
			if i < len(wl) {
				w = wl[i]
			}
			if g != w {
				t.Fatalf("%s differs at line %d:\n got: %s\nwant: %s\n(run go test -update if the change is intended)", path, i+1, g, w)
			}
		}
	}
}

func tableNumbers(doc *yusuan.Document) map[int]bool {
	ns := map[int]bool{}
	for _, t := range doc.Tables {
		ns[t.Number] = true
	}
	return ns
}

func TestSeed(t *testing.T) {
	res := importFile(t, "zhengzhou-2021-gov-office.txt")
	doc := res.Doc
	if doc.Profile != "zhengzhou-2021" || doc.Year != 2021 || doc.Department.Name != "郑州市人民政府办公厅" {
		t.Errorf("profile %s, year %d, department %q", doc.Profile, doc.Year, doc.Department.Name)
	}
	if n := len(tableNumbers(doc)); n != 12 {
		t.Errorf("found %d of the 12 tables", n)
	}
	if n := len(doc.TablesOf(yusuan.KindPerformanceProject)); n != 7 {
		t.Errorf("found %d project tables, want 7", n)
	}
	golden(t, "zhengzhou-2021-gov-office", listing(doc))
}

// TestSeedDamagedRows checks rows the conversion damaged: after the page
// break in 表5 every row lost an empty cell, which must not shift the
// amounts into the wrong columns.
func TestSeedDamagedRows(t *testing.T) {
	doc := importFile(t, "zhengzhou-2021-gov-office.txt").Doc
	econ := doc.Table(yusuan.KindGeneralPublicEconomic)
	if econ == nil {
		t.Fatal("no general_public_economic table")
	}
	want := map[string]map[string]yusuan.Amount{
		"30207/50201": {"total": yusuan.Yuan(400000), "basic": yusuan.Yuan(400000), "goods": yusuan.Yuan(400000), "project": 0, "project_other": 0},
		"30213/50201": {"total": yusuan.Yuan(1414700), "basic": 0, "capital": 0, "project": yusuan.Yuan(1414700), "project_other": yusuan.Yuan(1414700)},
		"30227/50205": {"total": yusuan.Yuan(26770000), "basic": yusuan.Yuan(2100000), "goods": yusuan.Yuan(2100000), "project": yusuan.Yuan(24670000), "project_other": yusuan.Yuan(24670000), "project_construction": 0},
		"31099/50399": {"total": yusuan.Yuan(13120000), "basic": 0, "project": yusuan.Yuan(13120000), "project_other": yusuan.Yuan(13120000)},
	}
	for _, r := range econ.Rows {
		w, ok := want[r.Code+"/"+r.GovCode]
		if !ok {
			continue
		}
		delete(want, r.Code+"/"+r.GovCode)
		for k, a := range w {
			if got := r.Amount(k); got != a {
				t.Errorf("%s %s → %s: %s = %s, want %s", r.Code, r.Name, r.GovCode, k, got, a)
			}
		}
	}
	for k := range want {
		t.Errorf("row %s not found", k)
	}
	// The header split over lines (政府性基 金预算) still names its column.
	inc := doc.Table(yusuan.KindIncome)
	if inc == nil || inc.Total() == nil || inc.Total().Amount("general_public") != yusuan.Yuan(96619907) {
		t.Errorf("income table total not recovered")
	}
}

func TestShanghaiPDFs(t *testing.T) {
	needPDF(t)
	for _, name := range []string{"shanghai-putuo-2025-zhengfu-bangongshi", "shanghai-putuo-2024-wanli-jiedao"} {
		t.Run(name, func(t *testing.T) {
			res := importFile(t, name+".pdf")
			doc := res.Doc
			if doc.Profile != "shanghai-2025" {
				t.Errorf("profile %s", doc.Profile)
			}
			if n := len(tableNumbers(doc)); n != 9 {
				t.Errorf("found %d of the 9 tables", n)
			}
			for _, w := range res.Warnings {
				t.Errorf("warning: %s", w)
			}
			keys := map[string]bool{}
			for _, s := range doc.Narrative {
				keys[s.Key] = true
			}
			for _, k := range []string{"duties", "units", "glossary", "overview", "three_public", "operating_cost", "procurement", "performance", "assets"} {
				if !keys[k] {
					t.Errorf("narrative section %s not found", k)
				}
			}
			// Every table's total row adds up: sums over the 类 rows equal the total.
			for _, tb := range doc.Tables {
				tot := tb.Total()
				if tot == nil || tb.Kind == yusuan.KindSummary || tb.Kind == yusuan.KindFiscalSummary || tb.Kind == yusuan.KindThreePublic {
					continue
				}
				var sum yusuan.Amount
				for _, r := range tb.Rows {
					if len(r.Code) == 3 {
						sum += r.Amount("total")
					}
				}
				if sum != tot.Amount("total") {
					t.Errorf("table %d: classes add up to %s, total is %s", tb.Number, sum, tot.Amount("total"))
				}
			}
			golden(t, name, listing(doc))
		})
	}
}

// TestEveryPrintedAmount checks that every amount printed inside a table
// was recovered: on each line of a table, at least as many cells carry a
// source position as the line prints amounts (codes before the name are
// not amounts; neither are other bare digits such as 502 01).
func TestEveryPrintedAmount(t *testing.T) {
	files := []string{"zhengzhou-2021-gov-office.txt"}
	if _, err := exec.LookPath("pdftotext"); err == nil || os.Getenv("CI") == "true" {
		files = append(files, "shanghai-putuo-2025-zhengfu-bangongshi.pdf", "shanghai-putuo-2024-wanli-jiedao.pdf")
	}
	for _, name := range files {
		t.Run(name, func(t *testing.T) {
			l, err := read.File(filepath.Join(disclosures, name))
			if err != nil {
				t.Fatal(err)
			}
			doc := importFile(t, name).Doc
			type key struct{ page, line int }
			recovered := map[key]int{}
			starts := map[key]bool{}
			for _, tb := range doc.Tables {
				starts[key{tb.Source.Page, tb.Source.Line}] = true
				for _, r := range tb.Rows {
					for k, p := range r.Sources {
						if k != "code" && k != "name" {
							recovered[key{p.Page, p.Line}]++
						}
					}
				}
			}
			inTable, checked := false, 0
			for _, pg := range l.Pages {
				for _, ln := range pg.Lines {
					k := key{ln.Pos.Page, ln.Pos.Line}
					switch {
					case starts[k]:
						inTable = true
						continue
					case ln.Heading > 0:
						inTable = false
					}
					if !inTable {
						continue
					}
					n, leading := 0, true
					for _, c := range ln.NonEmpty() {
						txt := strings.TrimSpace(c.Text)
						if leading && strings.Trim(txt, "0123456789") == "" {
							continue
						}
						leading = false
						// Codes (502 01) are digits too: count what only an
						// amount looks like.
						if recognize.IsAmount(txt) && (strings.ContainsAny(txt, ",.") || txt == "0") {
							n++
						}
					}
					checked += n
					if n > recovered[k] {
						t.Errorf("%s: %d amounts printed, %d recovered: %s", ln.Pos, n, recovered[k], ln.Text())
					}
				}
			}
			if checked < 50 {
				t.Errorf("only %d amounts checked", checked)
			}
		})
	}
}
