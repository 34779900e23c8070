package recognize

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/yusuan/yusuan"
	"github.com/yusuan/yusuan/catalog"
	"github.com/yusuan/yusuan/read"
)

// narrativeOnly reads the narrative of a sample by itself, without the
// table reader: every line is offered to the narrative reader, which must
// leave table lines, contents and page furniture out on its own.
func narrativeOnly(t testing.TB, name string) *yusuan.Document {
	t.Helper()
	l, err := read.File(filepath.Join("../testdata/disclosures", name))
	if err != nil {
		t.Fatal(err)
	}
	year := Year(l)
	cat, err := catalog.Load(year)
	if err != nil {
		cat = nil
	}
	r := &recognizer{l: l, p: &yusuan.Profile{}, cat: cat}
	for pi := range l.Pages {
		for li := range l.Pages[pi].Lines {
			r.lines = append(r.lines, &l.Pages[pi].Lines[li])
		}
	}
	r.indexCatalog()
	r.doc = &yusuan.Document{Narrative: []yusuan.Section{}}
	for _, ln := range r.lines {
		if !ln.Empty() {
			r.doc.Title = strings.TrimSpace(ln.Text())
			break
		}
	}
	r.narrative(make([]bool, len(r.lines)))
	return r.doc
}

func narrativeListing(doc *yusuan.Document, paras bool) string {
	var b strings.Builder
	for _, p := range doc.Parts {
		fmt.Fprintf(&b, "part %s\n", p)
	}
	for _, s := range doc.Narrative {
		fmt.Fprintf(&b, "  [%d] %s %q paragraphs %d\n", s.Part, s.Key, s.Title, len(s.Paragraphs))
		for i, p := range s.Paragraphs {
			if paras {
				fmt.Fprintf(&b, "   ¶%d %s\n", i, p)
			}
			for _, f := range s.Figures {
				if f.Paragraph == i {
					fmt.Fprintf(&b, "    p%d %s %s%s %s %s %s\n", f.Paragraph, f.Kind, f.Printed, f.Unit, f.Ref, f.Base, f.Direction)
				}
			}
		}
	}
	return b.String()
}

// TestFamilyNarratives reads the narrative of every sample family by
// itself (no table reader: it must leave tables, contents and page
// furniture out on its own): sections are found and every figure lies in
// its paragraph. TestSampleNarratives holds the golden listings.
func TestFamilyNarratives(t *testing.T) {
	if _, err := exec.LookPath("pdftotext"); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("pdftotext is required in CI")
		}
		t.Skip("pdftotext not installed")
	}
	fs, _ := filepath.Glob("../testdata/disclosures/*.pdf")
	n := 0
	for _, f := range fs {
		base := strings.TrimSuffix(filepath.Base(f), ".pdf")
		if strings.HasPrefix(base, "shanghai-putuo") || strings.HasSuffix(base, "-tables") {
			continue // read with their tables in TestShanghaiPDFs; Beijing's tables file has no prose
		}
		n++
		t.Run(base, func(t *testing.T) {
			doc := narrativeOnly(t, filepath.Base(f))
			if len(doc.Narrative) < 3 {
				t.Errorf("only %d sections", len(doc.Narrative))
			}
			figs := 0
			for _, s := range doc.Narrative {
				figs += len(s.Figures)
				for _, f := range s.Figures {
					if f.Paragraph < 0 || f.Paragraph >= len(s.Paragraphs) || !strings.Contains(Norm(s.Paragraphs[f.Paragraph]), Norm(f.Printed)) {
						t.Errorf("%s: figure %s not in its paragraph", s.Title, f.Text)
					}
				}
			}
			if figs < 20 {
				t.Errorf("only %d figures", figs)
			}
		})
	}
	if n < 13 {
		t.Errorf("%d sample families", n)
	}
}

func TestDumpNarratives(t *testing.T) {
	dir := os.Getenv("NARR_DUMP")
	if dir == "" {
		t.Skip("set NARR_DUMP")
	}
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip()
	}
	fs, _ := filepath.Glob("../testdata/disclosures/*.pdf")
	for _, f := range fs {
		doc := narrativeOnly(t, filepath.Base(f))
		os.WriteFile(filepath.Join(dir, strings.TrimSuffix(filepath.Base(f), ".pdf")+".narr"), []byte(narrativeListing(doc, true)), 0o644)
	}
}

func TestDumpLines(t *testing.T) {
	name := os.Getenv("NARR_LINES")
	if name == "" {
		t.Skip()
	}
	l, _ := read.File(filepath.Join("../testdata/disclosures", name))
	r := &recognizer{l: l, p: &yusuan.Profile{}}
	for pi := range l.Pages {
		for li := range l.Pages[pi].Lines {
			r.lines = append(r.lines, &l.Pages[pi].Lines[li])
		}
	}
	r.doc = &yusuan.Document{}
	for _, nl := range r.narrativeLines(make([]bool, len(r.lines)))[:40] {
		fmt.Printf("%v h=%v in=%v sh=%v %s\n", nl.pos, nl.heading, nl.indent, nl.short, nl.text)
	}
}
