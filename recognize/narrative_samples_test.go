package recognize_test

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/yusuan/yusuan"
	"github.com/yusuan/yusuan/recognize"
)

// narrativeListing lists a document's parts, sections and figures.
func narrativeListing(doc *yusuan.Document) string {
	var b strings.Builder
	fmt.Fprintf(&b, "kind %s level %s\n", doc.Kind, doc.Level)
	for _, p := range doc.Parts {
		fmt.Fprintf(&b, "part %s\n", p)
	}
	for _, s := range doc.Narrative {
		fmt.Fprintf(&b, "  [%d] %s %q paragraphs %d\n", s.Part, s.Key, s.Title, len(s.Paragraphs))
		for _, f := range s.Figures {
			fmt.Fprintf(&b, "    p%d %s %s%s %s %s %s", f.Paragraph, f.Kind, f.Printed, f.Unit, f.Ref, f.Base, f.Direction)
			if f.Quantity != "" {
				fmt.Fprintf(&b, " quantity=%s", f.Quantity)
			}
			if f.Unnamed {
				b.WriteString(" unnamed")
			}
			b.WriteByte('\n')
		}
	}
	return b.String()
}

// TestSampleNarratives imports every sample family as `yusuan import
// --profile auto` does (Beijing's narrative and tables files as one
// disclosure) and compares the narrative's sections and figures with a
// golden listing; every figure must be found in its paragraph.
func TestSampleNarratives(t *testing.T) {
	if _, err := exec.LookPath("pdftotext"); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("pdftotext is required in CI")
		}
		t.Skip("pdftotext not installed")
	}
	fs, _ := filepath.Glob(filepath.Join(disclosures, "*.pdf"))
	n := 0
	for _, f := range fs {
		base := strings.TrimSuffix(filepath.Base(f), ".pdf")
		if strings.HasPrefix(base, "shanghai-putuo") || strings.HasSuffix(base, "-tables") {
			continue // the Putuo family has its goldens in TestShanghaiPDFs; Beijing's tables go with its narrative
		}
		files := []string{filepath.Base(f)}
		if strings.HasSuffix(base, "-narrative") {
			files = append(files, strings.TrimSuffix(base, "-narrative")+"-tables.pdf")
		}
		n++
		t.Run(base, func(t *testing.T) {
			doc := importSamples(t, files...).Doc
			if len(doc.Narrative) < 5 {
				t.Errorf("only %d sections", len(doc.Narrative))
			}
			figs := 0
			for _, s := range doc.Narrative {
				figs += len(s.Figures)
				for _, f := range s.Figures {
					if f.Paragraph < 0 || f.Paragraph >= len(s.Paragraphs) ||
						!strings.Contains(recognize.Norm(s.Paragraphs[f.Paragraph]), recognize.Norm(f.Printed)) {
						t.Errorf("%s: figure %s is not in its paragraph", s.Title, f.Text)
					}
				}
			}
			if figs < 20 {
				t.Errorf("only %d figures", figs)
			}
			golden(t, filepath.Join("narrative", base), narrativeListing(doc))
		})
	}
	if n < 13 {
		t.Errorf("%d sample families", n)
	}
}
