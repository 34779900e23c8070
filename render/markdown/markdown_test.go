package markdown_test

import (
	"strings"
	"testing"

	"github.com/yusuan/yusuan/render/internal/testdoc"
	"github.com/yusuan/yusuan/render/markdown"
)

func TestGolden(t *testing.T) {
	doc, p := testdoc.Example(t)
	testdoc.Golden(t, "testdata/golden/budget.md", markdown.Render(doc, p))
}

// TestHostile checks that markup in a document stays text.
func TestHostile(t *testing.T) {
	doc, p := testdoc.Hostile(t)
	out := string(markdown.Render(doc, p))
	if strings.Contains(out, "<script") || strings.Contains(out, "<img") {
		t.Error("raw markup from the document reached the Markdown")
	}
	if !strings.Contains(out, testdoc.LongName) {
		t.Error("the 10,000-character name was lost")
	}
}
