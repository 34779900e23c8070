package pdf_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/yusuan/yusuan/render"
	"github.com/yusuan/yusuan/render/internal/testdoc"
	"github.com/yusuan/yusuan/render/pdf"
)

// pdftotext finds poppler's pdftotext; without it the test is skipped,
// except in CI (CI=true), where it must be installed.
func pdftotext(t *testing.T) string {
	p, err := exec.LookPath("pdftotext")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("pdftotext is not installed (apt-get install poppler-utils)")
		}
		t.Skip("pdftotext is not installed (apt-get install poppler-utils); skipping")
	}
	return p
}

func extract(t *testing.T, data []byte) string {
	t.Helper()
	exe := pdftotext(t)
	dir := t.TempDir()
	in := filepath.Join(dir, "doc.pdf")
	if err := os.WriteFile(in, data, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(exe, "-layout", "-enc", "UTF-8", in, "-").CombinedOutput()
	if err != nil {
		t.Fatalf("pdftotext: %v\n%s", err, out)
	}
	return string(out)
}

// TestAmounts checks that the PDF's text holds every printed figure of
// every table, every table title, and that the file stays small.
func TestAmounts(t *testing.T) {
	doc, p := testdoc.Example(t)
	data, err := pdf.Render(doc, p)
	if err != nil {
		t.Fatal(err)
	}
	if len(data) > 1<<20 {
		t.Errorf("PDF is %d bytes, want under 1 MB", len(data))
	}
	if !bytes.HasPrefix(data, []byte("%PDF-")) {
		t.Fatal("not a PDF")
	}
	text := extract(t, data)
	// Count how often each figure is printed in the tables, and require the
	// PDF's text to hold it at least that often.
	want := map[string]int{}
	for _, l := range render.Layouts(doc, p) {
		if !strings.Contains(text, strings.Fields(l.Title)[0]) {
			t.Errorf("table title %q missing", l.Title)
		}
		for _, b := range l.Blocks {
			for _, r := range b.Rows {
				for _, c := range r.Cells {
					if c.IsNum {
						want[c.Text]++
					}
				}
			}
		}
	}
	fields := map[string]int{}
	for _, f := range strings.Fields(text) {
		fields[f]++
	}
	for fig, n := range want {
		if fields[fig] < n {
			t.Errorf("figure %s printed %d times in the tables, found %d times in the PDF text", fig, n, fields[fig])
		}
	}
	flat := strings.Join(strings.Fields(text), "")
	for _, s := range []string{"第一部分", "第四部分", "第1页", "单位：元"} {
		if !strings.Contains(flat, s) {
			t.Errorf("PDF text lacks %q", s)
		}
	}
	// The economic table runs to a second page, which repeats its header.
	pages := 0
	for _, page := range strings.Split(text, "\f") {
		if strings.Contains(strings.Join(strings.Fields(page), ""), "政府预算经济分类") {
			pages++
		}
	}
	if pages < 2 {
		t.Errorf("the header of the economic table is on %d pages, want it repeated on each of its 2 pages", pages)
	}
	// Bookmarks: one per part and per table.
	if n, min := bytes.Count(data, []byte("/Title <FEFF")), len(doc.Tables)+len(doc.Parts); n < min {
		t.Errorf("%d bookmarks, want at least %d", n, min)
	}
	if err := os.MkdirAll("testdata/artifacts", 0o755); err == nil {
		_ = os.WriteFile("testdata/artifacts/example.pdf", data, 0o644)
		abs, _ := filepath.Abs("testdata/artifacts/example.pdf")
		t.Logf("PDF: %s (%d bytes)", abs, len(data))
	}
}

// TestHostile renders hostile text: the PDF must still be produced, hold
// the long name and lose no figure.
func TestHostile(t *testing.T) {
	doc, p := testdoc.Hostile(t)
	data, err := pdf.Render(doc, p)
	if err != nil {
		t.Fatal(err)
	}
	text := extract(t, data)
	flat := strings.Join(strings.Fields(text), "")
	if !strings.Contains(flat, strings.Repeat("很长的名称", 50)) {
		t.Error("the long name was lost")
	}
	if !strings.Contains(text, "96,619,907") {
		t.Error("figures lost")
	}
}
