// Package read opens a published disclosure of any supported kind — a PDF
// with a text layer, an XLSX workbook, or text (the seed's form, yusuan's
// Markdown) — and returns its layout. The kind is told by the file's
// content, not its name.
package read

import (
	"bytes"
	"errors"
	"fmt"
	"os"

	"github.com/yusuan/yusuan/layout"
	"github.com/yusuan/yusuan/read/pdf"
	"github.com/yusuan/yusuan/read/text"
	"github.com/yusuan/yusuan/read/xlsx"
)

// ErrUnsupported reports a file of a kind yusuan cannot read.
var ErrUnsupported = errors.New("不支持的文件格式")

// Kind tells what a file is from its first bytes: pdf, xlsx, xls, or text.
func Kind(b []byte) string {
	switch {
	case bytes.HasPrefix(b, []byte("%PDF-")) || (len(b) > 5 && bytes.Contains(b[:min(len(b), 1024)], []byte("%PDF-"))):
		return layout.KindPDF
	case bytes.HasPrefix(b, []byte("PK\x03\x04")):
		return layout.KindXLSX
	case bytes.HasPrefix(b, []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}):
		return "xls"
	}
	return layout.KindText
}

// File reads the file at path.
func File(path string) (*layout.Layout, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return Bytes(path, b)
}

// Bytes reads a file's content; name is used in positions and messages.
func Bytes(name string, b []byte) (*layout.Layout, error) {
	if len(bytes.TrimSpace(b)) == 0 {
		return nil, fmt.Errorf("%s: 文件为空", name)
	}
	switch Kind(b) {
	case layout.KindPDF:
		return pdf.Read(name, b)
	case layout.KindXLSX:
		return xlsx.Read(name, b)
	case "xls":
		return nil, fmt.Errorf("%s: 这是旧版 Excel（.xls）文件，yusuan 只读 .xlsx；请先转换，例如 libreoffice --headless --convert-to xlsx %s: %w", name, name, ErrUnsupported)
	}
	return text.Read(name, b)
}
