package cli

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/yusuan/yusuan"
)

func run(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := Main(args, &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

func readDoc(t *testing.T, path string) *yusuan.Document {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var d yusuan.Document
	if err := json.Unmarshal(b, &d); err != nil {
		t.Fatal(err)
	}
	return &d
}

// sameTables compares every cell of every table of want (compiled) with
// got (imported). A text cell that is absent equals an empty one.
func sameTables(t *testing.T, want, got *yusuan.Document) {
	t.Helper()
	if len(want.Tables) != len(got.Tables) {
		t.Errorf("%d tables compiled, %d imported", len(want.Tables), len(got.Tables))
	}
	for i := 0; i < len(want.Tables) && i < len(got.Tables); i++ {
		w, g := &want.Tables[i], &got.Tables[i]
		name := fmt.Sprintf("table %d (%s)", w.Number, w.Kind)
		if w.Kind != g.Kind || w.Number != g.Number || w.Title != g.Title || w.Unit != g.Unit {
			t.Errorf("%s: imported as %d %s %q %s, compiled %q %s", name, g.Number, g.Kind, g.Title, g.Unit, w.Title, w.Unit)
			continue
		}
		if len(w.Rows) != len(g.Rows) {
			t.Errorf("%s: %d rows compiled, %d imported", name, len(w.Rows), len(g.Rows))
			continue
		}
		for j := range w.Rows {
			wr, gr := &w.Rows[j], &g.Rows[j]
			rn := fmt.Sprintf("%s row %d %s %s", name, j, wr.Code, wr.Name)
			if wr.Code != gr.Code || wr.Name != gr.Name || wr.Key != gr.Key || wr.Level != gr.Level || wr.GovCode != gr.GovCode || wr.GovName != gr.GovName {
				t.Errorf("%s: imported as %q %q key %q level %q gov %q %q", rn, gr.Code, gr.Name, gr.Key, gr.Level, gr.GovCode, gr.GovName)
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
					if wv.Text != gv.Text || (wv.Num != 0 || gv.Num != 0) {
						t.Errorf("%s: %s = %q, compiled %q", rn, k, gv.Text, wv.Text)
					}
					continue
				}
				if wv.Num != gv.Num {
					t.Errorf("%s: %s = %s, compiled %s", rn, k, gv.Num, wv.Num)
				}
			}
		}
	}
}

// TestRoundTrip builds the example, renders it, imports the rendering and
// compares every cell with the compiled document: Markdown always, XLSX
// once the xlsx format is registered (render/xlsx).
func TestRoundTrip(t *testing.T) {
	dir := t.TempDir()
	formats := []string{"md", "json"}
	hasXLSX := false
	for _, f := range formatNames() {
		if f == "xlsx" {
			hasXLSX = true
			formats = append(formats, "xlsx")
		}
	}
	code, _, stderr := run(t, "build", "../../examples/zhengzhou-2021-gov-office/budget.yaml", "--format", strings.Join(formats, ","), "-o", dir)
	if code != 0 {
		t.Fatalf("build: %d %s", code, stderr)
	}
	want := readDoc(t, filepath.Join(dir, "budget.json"))
	rendered := []string{"budget.md"}
	if hasXLSX {
		rendered = append(rendered, "budget.xlsx")
	} else {
		t.Log("render/xlsx not registered: XLSX round trip not run")
	}
	for _, f := range rendered {
		t.Run(f, func(t *testing.T) {
			out := filepath.Join(dir, f+".import.json")
			code, _, stderr := run(t, "import", filepath.Join(dir, f), "-o", out)
			if code != 0 {
				t.Fatalf("import: %d %s", code, stderr)
			}
			got := readDoc(t, out)
			if got.Profile != want.Profile || got.Year != want.Year || got.Department.Name != want.Department.Name {
				t.Errorf("imported profile %s year %d department %q", got.Profile, got.Year, got.Department.Name)
			}
			sameTables(t, want, got)
		})
	}
}

// needPDF skips a test when pdftotext is missing, except in CI.
func needPDF(t *testing.T) {
	t.Helper()
	if _, err := exec.LookPath("pdftotext"); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("pdftotext is required in CI (apt-get install poppler-utils): %v", err)
		}
		t.Skip("pdftotext not installed (apt-get install poppler-utils)")
	}
}

// zipBomb writes a workbook whose one sheet unpacks to far more than the
// reader accepts.
func zipBomb(t *testing.T, path string) {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, _ := zw.Create("xl/workbook.xml")
	w.Write([]byte(`<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheets><sheet name="a" sheetId="1"/></sheets></workbook>`))
	w, _ = zw.Create("xl/worksheets/sheet1.xml")
	zero := make([]byte, 1<<20)
	for i := 0; i < 300; i++ {
		w.Write(zero)
	}
	zw.Close()
	os.WriteFile(path, buf.Bytes(), 0o644)
}

// TestImportBadInput: every unreadable input is a clear message naming
// the file, exit status 2, and never a panic.
func TestImportBadInput(t *testing.T) {
	dir := t.TempDir()
	file := func(name string, b []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	rnd := rand.New(rand.NewPCG(1, 2))
	random := make([]byte, 8192)
	for i := range random {
		random[i] = byte(rnd.IntN(256))
	}
	pdfData, err := os.ReadFile("../../testdata/disclosures/shanghai-putuo-2025-zhengfu-bangongshi.pdf")
	if err != nil {
		t.Fatal(err)
	}
	noTable := excelize.NewFile()
	noTable.SetCellValue("Sheet1", "A1", "会议纪要")
	noTable.SetCellValue("Sheet1", "A2", "今天天气很好")
	nb, _ := noTable.WriteToBuffer()
	bomb := filepath.Join(dir, "bomb.xlsx")
	zipBomb(t, bomb)
	cases := []struct {
		name, path, want string
		pdf              bool
	}{
		{"empty", file("empty.txt", nil), "文件为空", false},
		{"blank", file("blank.txt", []byte(" \n\n\t\n")), "文件为空", false},
		{"random bytes", file("random.bin", random), "不是可识别的文本文件", false},
		{"text without tables", file("notes.txt", []byte("# 会议纪要\n\n今天讨论了明年的工作。\n")), "无法判断文件的格式", false},
		{"legacy xls", file("old.xls", append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, random[:512]...)), "libreoffice --headless --convert-to xlsx", false},
		{"xlsx zip bomb", bomb, "压缩炸弹", false},
		{"xlsx without a table", file("notable.xlsx", nb.Bytes()), "无法判断文件的格式", false},
		{"broken zip", file("broken.xlsx", append([]byte("PK\x03\x04"), random[:100]...)), "XLSX 文件损坏", false},
		{"truncated pdf", file("truncated.pdf", pdfData[:len(pdfData)/2]), "PDF 文件不完整", false},
		{"scanned pdf", "../../testdata/import/scanned.pdf", "没有文字层", true},
		{"encrypted pdf", "../../testdata/import/encrypted.pdf", "PDF 已加密", true},
		{"pdf header only", file("header.pdf", []byte("%PDF-1.7\n%%EOF\n")), "不是有效的 PDF 文件", true},
		{"pdf with its trailer lost", file("trailer.pdf", brokenTrailer(pdfData)), "交叉引用表（xref）", true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if c.pdf {
				needPDF(t)
			}
			code, stdout, stderr := run(t, "import", c.path, "-o", filepath.Join(dir, "out.json"))
			if code != ExitInput {
				t.Errorf("exit status %d, want %d\nstderr: %s", code, ExitInput, stderr)
			}
			if !strings.Contains(stderr, c.want) {
				t.Errorf("stderr does not say %q:\n%s", c.want, stderr)
			}
			if !strings.Contains(stderr, filepath.Base(c.path)) {
				t.Errorf("stderr does not name the file:\n%s", stderr)
			}
			if stdout != "" {
				t.Errorf("stdout: %s", stdout)
			}
			if _, err := os.Stat(filepath.Join(dir, "out.json")); err == nil {
				t.Errorf("out.json was written")
			}
		})
	}
}

// TestImportGBK: a GBK file imports exactly like its UTF-8 original.
func TestImportGBK(t *testing.T) {
	src, err := os.ReadFile("../../testdata/disclosures/zhengzhou-2021-gov-office.txt")
	if err != nil {
		t.Fatal(err)
	}
	gbk, err := simplifiedchinese.GB18030.NewEncoder().Bytes(src)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for name, b := range map[string][]byte{"utf8.txt": src, "gbk.txt": gbk, "bom.txt": append([]byte{0xEF, 0xBB, 0xBF}, src...)} {
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
		if code, _, stderr := run(t, "import", filepath.Join(dir, name), "-o", filepath.Join(dir, name+".json")); code != 0 {
			t.Fatalf("%s: exit %d: %s", name, code, stderr)
		}
	}
	want := readDoc(t, filepath.Join(dir, "utf8.txt.json"))
	for _, name := range []string{"gbk.txt", "bom.txt"} {
		got := readDoc(t, filepath.Join(dir, name+".json"))
		if len(got.Tables) != 19 {
			t.Errorf("%s: %d tables", name, len(got.Tables))
		}
		sameTables(t, want, got)
	}
}

// TestImportTables prints the recovered tables for a person to check.
func TestImportTables(t *testing.T) {
	code, stdout, stderr := run(t, "import", "--tables", "../../testdata/disclosures/zhengzhou-2021-gov-office.txt")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{"表1 郑州市人民政府办公厅收支总体情况表", "2010301 行政运行", "96,619,907", "表12"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("--tables output lacks %q", want)
		}
	}
}

// brokenTrailer returns the PDF with its trailer blanked and startxref
// pointing past the end: poppler cannot find the cross-reference table.
func brokenTrailer(b []byte) []byte {
	i := bytes.LastIndex(b, []byte("startxref"))
	j := bytes.LastIndex(b[:i], []byte("trailer"))
	out := append([]byte(nil), b[:j]...)
	out = append(out, make([]byte, i-j)...)
	return append(out, "startxref\n999999999\n%%EOF\n"...)
}
