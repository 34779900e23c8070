package xlsx_test

import (
	"bytes"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/yusuan/yusuan"
	"github.com/yusuan/yusuan/render"
	"github.com/yusuan/yusuan/render/internal/testdoc"
	"github.com/yusuan/yusuan/render/xlsx"
)

// readBack opens the workbook and checks every table sheet against the
// layout it was written from: title in A1, unit in A2, header texts, and
// every body cell — codes and names as text, amounts as numbers equal to
// the document's (in the table's unit).
func readBack(t *testing.T, doc *yusuan.Document, p *yusuan.Profile, data []byte) {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if sheets[0] != xlsx.NarrativeSheet {
		t.Errorf("first sheet %q, want %s", sheets[0], xlsx.NarrativeSheet)
	}
	layouts := render.Layouts(doc, p)
	if len(sheets) != len(layouts)+1 {
		t.Fatalf("%d sheets, want %d tables and the narrative", len(sheets), len(layouts))
	}
	for i, l := range layouts {
		sh := sheets[i+1]
		get := func(col, row int) (string, excelize.CellType) {
			name, _ := excelize.CoordinatesToCellName(col, row)
			v, err := f.GetCellValue(sh, name, excelize.Options{RawCellValue: true})
			if err != nil {
				t.Fatal(err)
			}
			typ, _ := f.GetCellType(sh, name)
			if formula, _ := f.GetCellFormula(sh, name); formula != "" {
				t.Errorf("%s!%s holds a formula %q", sh, name, formula)
			}
			return v, typ
		}
		if v, _ := get(1, 1); v != l.Title {
			t.Errorf("%s!A1 = %q, want the title %q", sh, v, l.Title)
		}
		if v, _ := get(1, 2); v != l.UnitLine() {
			t.Errorf("%s!A2 = %q, want %q", sh, v, l.UnitLine())
		}
		row := 3
		if len(l.Blocks) == 0 {
			if v, _ := get(1, 3); v != l.Empty {
				t.Errorf("%s!A3 = %q, want %q", sh, v, l.Empty)
			}
		}
		for bi, b := range l.Blocks {
			if bi > 0 {
				row++
			}
			for _, hr := range b.Header {
				for _, h := range hr {
					if v, _ := get(h.Col+1, row); v != h.Text {
						t.Errorf("%s header row %d col %d = %q, want %q", sh, row, h.Col+1, v, h.Text)
					}
				}
				row++
			}
			for _, r := range b.Rows {
				for ci, c := range r.Cells {
					v, typ := get(ci+1, row)
					if !c.IsNum {
						if v != c.Text {
							t.Errorf("%s row %d col %d = %q, want %q", sh, row, ci+1, v, c.Text)
						}
						continue
					}
					if typ == excelize.CellTypeSharedString || typ == excelize.CellTypeInlineString {
						t.Errorf("%s row %d col %d: amount %s stored as text", sh, row, ci+1, c.Text)
					}
					got, err := strconv.ParseFloat(v, 64)
					if err != nil {
						t.Fatalf("%s row %d col %d: %q is not a number", sh, row, ci+1, v)
					}
					div := 100.0
					if l.Unit == "万元" && b.Cols[ci].Kind != render.KindNumber {
						div = 1e6
					}
					if want := float64(c.Num) / div; got != want {
						t.Errorf("%s row %d col %d = %v, want %v", sh, row, ci+1, got, want)
					}
				}
				row++
			}
		}
	}
}

func TestReadBack(t *testing.T) {
	doc, p := testdoc.Example(t)
	data, err := xlsx.Render(doc, p)
	if err != nil {
		t.Fatal(err)
	}
	readBack(t, doc, p, data)
	f, _ := excelize.OpenReader(bytes.NewReader(data))
	defer f.Close()
	// Frozen header rows and a 元 number format on the expenditure table.
	sheets := f.GetSheetList()
	panes, err := f.GetPanes(sheets[3])
	if err != nil || !panes.Freeze || panes.YSplit != 4 {
		t.Errorf("%s: panes %+v, want frozen under the two header rows", sheets[3], panes)
	}
	style, _ := f.GetCellStyle(sheets[3], "E5")
	st, _ := f.GetStyle(style)
	if st.CustomNumFmt == nil || *st.CustomNumFmt != "#,##0" {
		t.Errorf("%s!E5 number format %v, want #,##0", sheets[3], st.CustomNumFmt)
	}
	narr, _ := f.GetCellValue(xlsx.NarrativeSheet, "A1")
	if narr != doc.Title {
		t.Errorf("narrative title %q", narr)
	}
}

func TestHostile(t *testing.T) {
	doc, p := testdoc.Hostile(t)
	data, err := xlsx.Render(doc, p)
	if err != nil {
		t.Fatal(err)
	}
	readBack(t, doc, p, data) // text comes back verbatim, never as a formula
}

func TestDisplayWidth(t *testing.T) {
	for s, want := range map[string]float64{"abc": 3, "行政运行": 8, "（1）": 5, "１２": 4} {
		if got := xlsx.DisplayWidth(s); got != want {
			t.Errorf("DisplayWidth(%q) = %v, want %v", s, got, want)
		}
	}
}

// TestLongParagraph checks that narrative longer than an Excel cell holds
// continues in the next rows rather than being cut.
func TestLongParagraph(t *testing.T) {
	d, p := testdoc.Example(t)
	doc := testdoc.Clone(d)
	long := ""
	for len([]rune(long)) < 40000 {
		long += testdoc.LongName
	}
	doc.Narrative[0].Paragraphs = []string{long}
	data, err := xlsx.Render(doc, p)
	if err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, _ := f.GetRows(xlsx.NarrativeSheet)
	got := ""
	for _, r := range rows {
		if len(r) > 0 && r[0] != "" && strings.Trim(r[0], "很长的名称") == "" {
			got += r[0]
		}
	}
	if got != long {
		t.Errorf("the long paragraph came back with %d of its %d characters", len([]rune(got)), len([]rune(long)))
	}
}
