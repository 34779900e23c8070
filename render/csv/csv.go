// Package csv renders each table of a document as a CSV file: UTF-8 with a
// byte-order mark so spreadsheet programs read the Chinese right, one header
// row, classification codes joined into one text column, amounts as plain
// numbers in the table's unit, and text that cannot be read as a formula.
// An index file lists every table with its title, unit and note.
package csv

import (
	"bytes"
	stdcsv "encoding/csv"
	"fmt"
	"strings"

	"github.com/yusuan/yusuan"
	"github.com/yusuan/yusuan/render"
)

// IndexName is the name of the table index within the directory.
const IndexName = "tables.csv"

// Render writes one CSV per printed grid of every table (a form's indicator
// tree gets its own file), plus the index, under dir.
func Render(doc *yusuan.Document, p *yusuan.Profile, dir string) []render.File {
	var files []render.File
	index := [][]string{{"文件", "表号", "类型", "项目", "表名", "单位", "说明"}}
	seen := map[string]int{}
	for _, l := range render.Layouts(doc, p) {
		t := l.Table
		stem := fmt.Sprintf("%02d-%s", t.Number, t.Kind)
		seen[stem]++
		if n := seen[stem]; n > 1 || t.Kind == yusuan.KindPerformanceProject {
			stem = fmt.Sprintf("%s-%d", stem, n)
		}
		note := l.Note
		if l.Empty != "" {
			note = l.Empty
		}
		if len(l.Blocks) == 0 {
			name := stem + ".csv"
			files = append(files, render.File{Name: dir + "/" + name, Data: encode([][]string{{"说明"}, {Safe(l.Empty)}})})
			index = append(index, indexRow(name, l, note))
		}
		for i := range l.Blocks {
			name := stem + ".csv"
			if i > 0 {
				name = fmt.Sprintf("%s-indicators.csv", stem)
			}
			files = append(files, render.File{Name: dir + "/" + name, Data: encode(Block(l, &l.Blocks[i]))})
			index = append(index, indexRow(name, l, note))
		}
	}
	files = append(files, render.File{Name: dir + "/" + IndexName, Data: encode(index)})
	return files
}

func indexRow(name string, l *render.Layout, note string) []string {
	t := l.Table
	return []string{name, fmt.Sprint(t.Number), string(t.Kind), Safe(t.Project), Safe(t.Title), l.Unit, Safe(note)}
}

// Block returns the records of one printed grid: a single header row, then
// the body. Consecutive code columns of one group are joined into one
// column (类 201, 款 03, 项 01 → 2010301).
func Block(l *render.Layout, b *render.Block) [][]string {
	type span struct{ from, to int }
	var spans []span
	var header []string
	labels := b.FlatLabels()
	for i := 0; i < len(b.Cols); {
		c := b.Cols[i]
		j := i + 1
		if c.Kind == render.KindCode {
			for j < len(b.Cols) && b.Cols[j].Kind == render.KindCode && b.Cols[j].Group == c.Group {
				j++
			}
			label := c.Group
			if label == "" || j-i == 1 {
				label = c.Label
			}
			if label == "类" || label == "" {
				label = "科目编码"
			}
			header = append(header, Safe(label))
		} else {
			label := labels[i]
			if c.Kind == render.KindAmount {
				label += "（" + l.Unit + "）"
			}
			header = append(header, Safe(label))
		}
		spans = append(spans, span{i, j})
		i = j
	}
	recs := [][]string{header}
	for _, r := range b.Rows {
		rec := make([]string, len(spans))
		for k, s := range spans {
			c := b.Cols[s.from]
			switch {
			case c.Kind == render.KindCode:
				var sb strings.Builder
				for x := s.from; x < s.to; x++ {
					sb.WriteString(r.Cells[x].Text)
				}
				rec[k] = Safe(sb.String())
			case r.Cells[s.from].IsNum:
				rec[k] = strings.ReplaceAll(r.Cells[s.from].Text, ",", "")
			default:
				rec[k] = Safe(r.Cells[s.from].Text)
			}
		}
		recs = append(recs, rec)
	}
	return recs
}

// Safe neutralises text a spreadsheet would run as a formula: a cell that
// starts with =, +, -, @, a tab or a carriage return gets a leading '.
func Safe(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return "'" + s
	}
	return s
}

// BOM is the UTF-8 byte-order mark every file starts with.
const BOM = "\uFEFF"

func encode(recs [][]string) []byte {
	var buf bytes.Buffer
	buf.WriteString(BOM)
	w := stdcsv.NewWriter(&buf)
	w.UseCRLF = true
	_ = w.WriteAll(recs) // writing to a bytes.Buffer cannot fail
	return buf.Bytes()
}

// Encode writes records as a UTF-8 CSV with BOM and CRLF line ends.
func Encode(recs [][]string) []byte { return encode(recs) }
