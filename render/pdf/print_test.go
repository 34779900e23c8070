package pdf_test

import (
	"bytes"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/yusuan/yusuan/render/internal/testdoc"
	"github.com/yusuan/yusuan/render/pdf"
)

func flat(s string) string { return strings.Join(strings.Fields(s), "") }

var tocLine = regexp.MustCompile(`^\s*(\S.*?)\s*(?:·\s*)+(\d+)\s*$`)

// TestContentsPage: after the cover, a 目录 lists every part and every
// table (附表N as the profile numbers it) with the page it starts on, and
// the page numbers are right.
func TestContentsPage(t *testing.T) {
	doc, p := testdoc.Example(t)
	data, err := pdf.Render(doc, p)
	if err != nil {
		t.Fatal(err)
	}
	pages := strings.Split(extract(t, data), "\f")
	if len(pages) < 3 || !strings.Contains(flat(pages[1]), "目录") {
		t.Fatalf("page 2 is not the 目录:\n%s", pages[min(1, len(pages)-1)])
	}
	if !strings.Contains(flat(pages[0]), "编制部门："+doc.Department.Name) {
		t.Errorf("the cover lacks the 编制部门 line:\n%s", pages[0])
	}
	entries := 0
	tables := map[string]bool{}
	pending := "" // the first line of an entry that wraps
	for _, line := range strings.Split(pages[1], "\n") {
		m := tocLine.FindStringSubmatch(line)
		if m == nil {
			if strings.Contains(line, "附表") || strings.Contains(line, "部分") {
				pending = strings.TrimSpace(line)
			}
			continue
		}
		if pending != "" {
			m[1], pending = pending+m[1], ""
		}
		entries++
		n, _ := strconv.Atoi(m[2])
		title := flat(m[1])
		if f := strings.Fields(m[1]); strings.HasPrefix(f[0], "附表") {
			tables[f[0]] = true
			title = flat(strings.Join(f[1:], ""))
		}
		if n < 1 || n > len(pages) {
			t.Errorf("目录 entry %q points to page %d of %d", m[1], n, len(pages))
			continue
		}
		head := []rune(title)
		if len(head) > 12 {
			head = head[:12]
		}
		if !strings.Contains(flat(pages[n-1]), string(head)) {
			t.Errorf("目录 entry %q says page %d, which does not hold it", m[1], n)
		}
	}
	if want := len(doc.Parts) + len(doc.Tables); entries < want {
		t.Errorf("目录 has %d entries, want the %d parts and tables", entries, want)
	}
	for i := 1; i <= 12; i++ {
		if !tables["附表"+strconv.Itoa(i)] {
			t.Errorf("目录 lacks 附表%d (have %v)", i, tables)
		}
	}
	if tables["附表13"] {
		t.Error("目录 numbers tables past the profile's 12")
	}
}

// TestContinuationPages: a table that runs on repeats its title with
// （续表） and its header on every further page.
func TestContinuationPages(t *testing.T) {
	doc, p := testdoc.Example(t)
	data, err := pdf.Render(doc, p)
	if err != nil {
		t.Fatal(err)
	}
	pages := strings.Split(extract(t, data), "\f")
	runs := 0
	for _, pg := range pages {
		f := flat(pg)
		if !strings.Contains(f, "政府预算经济分类") {
			continue
		}
		runs++
		if !strings.Contains(f, "附表5") && !strings.Contains(f, "一般公共预算支出情况表（续表）") {
			t.Errorf("a continuation page of the economic table has no title with （续表）:\n%s", pg)
		}
	}
	if runs < 2 {
		t.Errorf("the economic table is on %d pages, want it to run on", runs)
	}
}

// TestTableType: table type is at least 10 pt, as in printed disclosures.
func TestTableType(t *testing.T) {
	doc, p := testdoc.Example(t)
	sizes, err := pdf.TableSizes(doc, p)
	if err != nil {
		t.Fatal(err)
	}
	if len(sizes) == 0 {
		t.Fatal("no grid drawn")
	}
	for i, s := range sizes {
		if s < 10 {
			t.Errorf("grid %d is set in %v pt, want ≥ 10", i+1, s)
		}
	}
}

// TestEmptyTablesPrintTheirHeader: an empty table prints its header and,
// under it, the note that says why it is empty.
func TestEmptyTablesPrintTheirHeader(t *testing.T) {
	doc, p := testdoc.Example(t)
	data, err := pdf.Render(doc, p)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, pg := range strings.Split(extract(t, data), "\f") {
		f := flat(pg)
		if !strings.Contains(f, "政府性基金预算支出情况表") || !strings.Contains(f, "附表8") || strings.Contains(f, "目录") {
			continue
		}
		found = true
		for _, want := range []string{"基本支出", "项目支出", "合计", "本单位无政府性基金预算支出"} {
			if !strings.Contains(f, want) {
				t.Errorf("the empty 附表8 lacks %q:\n%s", want, pg)
			}
		}
	}
	if !found {
		t.Error("no page holds 附表8")
	}
}

// TestDocumentLanguage: the PDF declares its language (/Lang) for screen
// readers.
func TestDocumentLanguage(t *testing.T) {
	doc, p := testdoc.Example(t)
	data, err := pdf.Render(doc, p)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(data, []byte("/Lang (zh-CN)")) {
		t.Error("the PDF does not declare its language")
	}
}
