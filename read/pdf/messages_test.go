package pdf_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/yusuan/yusuan/read/pdf"
)

// fakeExtractor points pdf.Command at a script that prints msg on
// standard error and exits with status code, as pdftotext does.
func fakeExtractor(t *testing.T, msg string, code int) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "pdftotext")
	script := "#!/bin/sh\ncat >/dev/null\nprintf '%s\\n' '" + strings.ReplaceAll(msg, "'", "'\\''") + "' >&2\nexit " + string(rune('0'+code)) + "\n"
	if err := os.WriteFile(path, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	old := pdf.Command
	pdf.Command = path
	t.Cleanup(func() { pdf.Command = old })
}

// TestPopplerMessages: what pdftotext says in English is told in Chinese,
// naming the file, with the raw line kept only as a detail.
func TestPopplerMessages(t *testing.T) {
	if _, err := os.Stat("/bin/sh"); err != nil {
		t.Skip("no /bin/sh for the fake extractor")
	}
	body := []byte("%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n")
	cases := []struct {
		name, msg string
		code      int
		data      []byte
		want      error
		says      string
	}{
		{"encrypted", "Command Line Error: Incorrect password", 1, body, pdf.ErrEncrypted, "PDF 已加密"},
		{"permission", "Permission Error: Copying of text from this document is not allowed.", 3, body, pdf.ErrPermission, "不允许提取其中的文字"},
		{"permission by status", "", 3, body, pdf.ErrPermission, "权限限制"},
		{"damaged xref", "Syntax Error: Couldn't read xref table", 1, body, pdf.ErrXref, "交叉引用表（xref）"},
		{"damaged trailer", "Syntax Error: Couldn't find trailer dictionary", 1, body, pdf.ErrXref, "文件尾（trailer）"},
		{"no objects", "Syntax Error: Couldn't read xref table", 1, []byte("%PDF-1.4\nhello\n%%EOF\n"), pdf.ErrNotPDF, "不是有效的 PDF 文件"},
		{"not a pdf", "Syntax Warning: May not be a PDF file (continuing anyway)", 1, body, pdf.ErrNotPDF, "不是有效的 PDF 文件"},
		{"syntax", "Syntax Error (1234): Illegal character ')'", 1, body, pdf.ErrSyntax, "语法错误"},
		{"unknown", "Internal Error: something new", 99, body, pdf.ErrUnreadable, "PDF 无法读取"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			fakeExtractor(t, c.msg, c.code)
			_, err := pdf.Read("报表.pdf", c.data)
			if !errors.Is(err, c.want) {
				t.Fatalf("err = %v, want %v", err, c.want)
			}
			s := err.Error()
			if !strings.HasPrefix(s, "报表.pdf: ") || !strings.Contains(s, c.says) {
				t.Errorf("message %q does not name the file and say %q", s, c.says)
			}
			// The English is only a detail after the Chinese.
			if c.msg != "" {
				i := strings.Index(s, "（详情：pdftotext 报告“"+c.msg+"”）")
				if i < 0 || strings.Contains(s[:i], c.msg) {
					t.Errorf("message %q does not keep the raw line only as a detail", s)
				}
			}
		})
	}
}

// TestPopplerMessagesReal: the same with poppler itself, on files made
// broken in the ways published files are.
func TestPopplerMessagesReal(t *testing.T) {
	needPDF(t)
	good, err := os.ReadFile(bench25)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name string
		data []byte
		want error
	}{
		{"trailer lost", BrokenTrailer(good), pdf.ErrXref},
		{"header only", []byte("%PDF-1.7\nnothing here\n%%EOF\n"), pdf.ErrNotPDF},
	} {
		_, err := pdf.Read(c.name+".pdf", c.data)
		if !errors.Is(err, c.want) || !strings.HasPrefix(err.Error(), c.name+".pdf: ") {
			t.Errorf("%s: %v, want %v naming the file", c.name, err, c.want)
		}
	}
	enc, err := os.ReadFile("../../testdata/import/encrypted.pdf")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := pdf.Read("enc.pdf", enc); !errors.Is(err, pdf.ErrEncrypted) {
		t.Errorf("encrypted: %v", err)
	}
}

// BrokenTrailer returns the PDF with its trailer blanked and startxref
// pointing past the end: poppler cannot find the cross-reference table.
func BrokenTrailer(b []byte) []byte {
	i := bytes.LastIndex(b, []byte("startxref"))
	j := bytes.LastIndex(b[:i], []byte("trailer"))
	out := append([]byte(nil), b[:j]...)
	out = append(out, make([]byte, i-j)...)
	return append(out, "startxref\n999999999\n%%EOF\n"...)
}
