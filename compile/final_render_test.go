package compile_test

import (
	"archive/zip"
	"bytes"
	"io"
	"strings"
	"testing"

	"github.com/yusuan/yusuan/profile"
	"github.com/yusuan/yusuan/render/csv"
	"github.com/yusuan/yusuan/render/fdp"
	"github.com/yusuan/yusuan/render/html"
	"github.com/yusuan/yusuan/render/markdown"
	"github.com/yusuan/yusuan/render/pdf"
	"github.com/yusuan/yusuan/render/xlsx"
)

// Every renderer draws final accounts: the 三公 table's 预算数 beside its
// 决算数, the carry-over rows of the summary, and the final narrative.
func TestEveryRendererDrawsFinalAccounts(t *testing.T) {
	doc := compileFinal(t)
	p, err := profile.Load("mof-final")
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"预算数", "决算数", "年初结转和结余", "年末结转和结余", "总计"}
	has := func(format, text string, words ...string) {
		t.Helper()
		for _, w := range words {
			if !strings.Contains(text, w) {
				t.Errorf("%s lacks %q", format, w)
			}
		}
	}
	has("markdown", string(markdown.Render(doc, p)), append(want, "完成年初预算的91.14%")...)
	h, err := html.Render(doc, p)
	if err != nil {
		t.Fatal(err)
	}
	has("html", string(h), append(want, "决算一览", "“三公”经费预算数与决算数")...)
	var all strings.Builder
	for _, f := range csv.Render(doc, p, "out") {
		all.Write(f.Data)
	}
	has("csv", all.String(), want...)
	x, err := xlsx.Render(doc, p)
	if err != nil {
		t.Fatal(err)
	}
	has("xlsx", xlsxText(t, x), want...)
	fs, err := fdp.Render(doc, p, "out")
	if err != nil {
		t.Fatal(err)
	}
	var pkg strings.Builder
	for _, f := range fs {
		pkg.Write(f.Data)
	}
	has("fdp", pkg.String(), `"phase": "executed"`, "部门决算（决算数）")
	b, err := pdf.Render(doc, p)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(b, []byte("%PDF")) || len(b) < 10000 {
		t.Errorf("pdf: %d bytes", len(b))
	}
}

// xlsxText is the shared strings of a workbook: every text it shows.
func xlsxText(t *testing.T, b []byte) string {
	t.Helper()
	z, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	var out strings.Builder
	for _, f := range z.File {
		if strings.HasPrefix(f.Name, "xl/") && strings.HasSuffix(f.Name, ".xml") {
			r, err := f.Open()
			if err != nil {
				t.Fatal(err)
			}
			d, _ := io.ReadAll(r)
			r.Close()
			out.Write(d)
		}
	}
	return out.String()
}
