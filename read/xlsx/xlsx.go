// Package xlsx reads an XLSX workbook into a layout: each sheet is a page
// and each row a grid line whose cells keep their sheet!cell position.
// Cells are read as stored (raw values), not as formatted for display, so
// an amount shown as "9,662万" is still read as the number it is.
package xlsx

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/yusuan/yusuan"
	"github.com/yusuan/yusuan/internal/limits"
	"github.com/yusuan/yusuan/layout"
)

// Limits against hostile workbooks (a zip bomb expands a few kilobytes
// into gigabytes).
const (
	MaxUnzipped = 256 << 20 // total uncompressed size
	MaxXML      = 64 << 20  // one sheet's XML
	MaxRatio    = 200       // compression ratio of one large entry
	MaxCols     = 200       // columns per row
	MaxEntries  = 10_000
)

// ErrTooLarge reports a workbook beyond the limits.
var ErrTooLarge = errors.New("工作簿过大或压缩比异常（可能是压缩炸弹），拒绝读取")

// check inspects the zip directory before anything is unpacked.
func check(b []byte) error {
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		return errors.New("XLSX 文件损坏：不是有效的 zip 文件（可能下载不完整，或并非 Excel 工作簿）")
	}
	if len(zr.File) > MaxEntries {
		return ErrTooLarge
	}
	var total uint64
	hasWorkbook := false
	for _, f := range zr.File {
		total += f.UncompressedSize64
		if total > MaxUnzipped {
			return ErrTooLarge
		}
		if f.UncompressedSize64 > 1<<20 && f.CompressedSize64 > 0 && f.UncompressedSize64/f.CompressedSize64 > MaxRatio {
			return ErrTooLarge
		}
		if f.Name == "xl/workbook.xml" {
			hasWorkbook = true
		}
	}
	if !hasWorkbook {
		return errors.New("不是 XLSX 工作簿（zip 中没有 xl/workbook.xml）")
	}
	return nil
}

// Read reads a workbook.
func Read(name string, b []byte) (l *layout.Layout, err error) {
	if err := check(b); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	defer func() {
		// excelize is large and fed hostile input here: a panic is an
		// unreadable file, not a crash.
		if r := recover(); r != nil {
			l, err = nil, fmt.Errorf("%s: XLSX 文件无法解析：%v", name, r)
		}
	}()
	f, err := excelize.OpenReader(bytes.NewReader(b), excelize.Options{UnzipSizeLimit: MaxUnzipped, UnzipXMLSizeLimit: MaxXML})
	if err != nil {
		return nil, fmt.Errorf("%s: XLSX 文件无法打开：%v", name, err)
	}
	defer f.Close()
	l = &layout.Layout{File: name, Kind: layout.KindXLSX}
	maxRows, total := limits.Current().Rows, 0
	for si, sheet := range f.GetSheetList() {
		if own, ok := ownMap(f, sheet); ok {
			l.Own = own
			continue
		}
		page := layout.Page{Number: si + 1, Sheet: sheet}
		rows, err := f.Rows(sheet)
		if err != nil {
			return nil, fmt.Errorf("%s: 工作表 %s 无法读取：%v", name, sheet, err)
		}
		n := 0
		for rows.Next() {
			n++
			total++
			if total > maxRows {
				rows.Close()
				return nil, limits.Count(fmt.Sprintf("%s（工作表 %s）", name, sheet), "工作簿的行数", 0, maxRows, "--max-rows")
			}
			cols, err := rows.Columns(excelize.Options{RawCellValue: true})
			if err != nil {
				rows.Close()
				return nil, fmt.Errorf("%s: 工作表 %s 第 %d 行无法读取：%v", name, sheet, n, err)
			}
			if len(cols) > MaxCols {
				cols = cols[:MaxCols]
			}
			cellName, _ := excelize.CoordinatesToCellName(1, n)
			line := layout.Line{Grid: true, Pos: yusuan.Position{File: name, Sheet: sheet, Cell: cellName}}
			for ci, v := range cols {
				cn, _ := excelize.CoordinatesToCellName(ci+1, n)
				line.Cells = append(line.Cells, layout.Cell{Text: number(v), X0: float64(ci), X1: float64(ci + 1),
					Pos: yusuan.Position{File: name, Sheet: sheet, Cell: cn}})
			}
			page.Lines = append(page.Lines, line)
		}
		rows.Close()
		l.Pages = append(l.Pages, page)
	}
	return l, nil
}

// number tidies a raw numeric value: binary floating point stores
// 12029501.84 as 12029501.840000001, and large values in exponent form.
func number(v string) string {
	v = strings.TrimSpace(v)
	if v == "" || !(strings.ContainsAny(v, "eE") || len(v) > 12) {
		return v
	}
	f, err := strconv.ParseFloat(v, 64)
	if err != nil {
		return v
	}
	s := strconv.FormatFloat(f, 'f', 6, 64)
	s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	return s
}

// ownMap returns the table map yusuan writes to a hidden sheet named
// yusuan (render/xlsx.MapSheet): column A from A1, starting with
// layout.OwnMapPrefix.
func ownMap(f *excelize.File, sheet string) (string, bool) {
	if sheet != "yusuan" {
		return "", false
	}
	if v, err := f.GetSheetVisible(sheet); err != nil || v {
		return "", false
	}
	cols, err := f.Cols(sheet)
	if err != nil || !cols.Next() {
		return "", false
	}
	cells, err := cols.Rows(excelize.Options{RawCellValue: true})
	if err != nil || len(cells) == 0 || !strings.HasPrefix(cells[0], layout.OwnMapPrefix) {
		return "", false
	}
	var b strings.Builder
	for _, c := range cells {
		if b.Len()+len(c) > 4*layout.MaxOwnMap {
			return "", false
		}
		b.WriteString(c)
	}
	return b.String(), true
}
