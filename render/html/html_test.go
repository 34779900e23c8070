package html_test

import (
	"regexp"
	"strings"
	"testing"

	"github.com/yusuan/yusuan/render"
	"github.com/yusuan/yusuan/render/html"
	"github.com/yusuan/yusuan/render/internal/testdoc"
)

func renderExample(t *testing.T) string {
	t.Helper()
	doc, p := testdoc.Example(t)
	out, err := html.Render(doc, p)
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}

// TestPage checks what a reader relies on: every table with a caption, its
// unit and every printed figure; headers with scopes; nothing loaded from
// elsewhere.
func TestPage(t *testing.T) {
	page := renderExample(t)
	doc, p := testdoc.Example(t)
	if n := strings.Count(page, "<caption id=\"table-"); n != len(doc.Tables) {
		t.Errorf("%d table captions, want %d", n, len(doc.Tables))
	}
	for _, l := range render.Layouts(doc, p) {
		for _, b := range l.Blocks {
			for _, r := range b.Rows {
				for _, c := range r.Cells {
					if c.IsNum && !strings.Contains(page, ">"+c.Text+"<") {
						t.Fatalf("%s: figure %s is not on the page", l.Title, c.Text)
					}
				}
			}
		}
	}
	for _, want := range []string{`<th scope="col"`, `<th scope="colgroup"`, `<th scope="row"`, `单位：元`, `class="num"`, `@page wide`, `position: sticky`, `name="viewport"`} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %s", want)
		}
	}
	if m := regexp.MustCompile(`(?i)(src|href)\s*=\s*"(https?:)?//`).FindString(page); m != "" {
		t.Errorf("page loads from elsewhere: %s", m)
	}
	for _, s := range []string{"第一部分", "第二部分", "第三部分", "第四部分"} {
		if !strings.Contains(page, s) {
			t.Errorf("part %s missing", s)
		}
	}
}

// TestHostile checks that document text cannot become markup or script.
func TestHostile(t *testing.T) {
	doc, p := testdoc.Hostile(t)
	out, err := html.Render(doc, p)
	if err != nil {
		t.Fatal(err)
	}
	page := string(out)
	if strings.Contains(page, "<script>alert") || strings.Contains(page, "<img src=x") || strings.Contains(page, `</p></div></main>`) {
		t.Error("hostile markup reached the page unescaped")
	}
	if !strings.Contains(page, "&lt;script&gt;alert") {
		t.Error("hostile text is not shown escaped")
	}
	if !strings.Contains(page, testdoc.LongName) {
		t.Error("the 10,000-character name was lost")
	}
}
