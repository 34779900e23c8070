package recognize

import (
	"testing"

	"github.com/yusuan/yusuan"
	"github.com/yusuan/yusuan/layout"
)

func TestJoinedAmount(t *testing.T) {
	for _, c := range []struct {
		top, bottom string
		dec         int
		want        string
	}{
		{"143,999.0", "0", 2, "143,999.00"},
		{"32,640.", "00", 2, "32,640.00"},
		{"1,234,5", "67", 0, "1,234,567"},
		{"143,999.00", "0", 2, ""}, // already whole: the 0 is a cell of its own
		{"12.50", "3", 2, ""},
		{"143,999.0", "00", 2, ""}, // three decimals is no amount of this table
		{"143,999.0", "1,0", 2, ""},
	} {
		got, ok := joinedAmount(c.top, c.bottom, c.dec)
		if !ok {
			got = ""
		}
		if got != c.want {
			t.Errorf("joinedAmount(%q, %q, %d) = %q, want %q", c.top, c.bottom, c.dec, got, c.want)
		}
	}
}

// TestWrappedAmountNotJoinedAcrossRows: a row below whose own amount is
// right-aligned under a whole amount is a row of its own.
func TestWrappedAmountNotJoinedAcrossRows(t *testing.T) {
	line := func(n int, y float64, cells ...layout.Cell) *layout.Line {
		return &layout.Line{Pos: yusuan.Position{File: "x.pdf", Page: 1, Line: n}, Y0: y, Y1: y + 8, Cells: cells}
	}
	cell := func(x0, x1 float64, s string) layout.Cell { return layout.Cell{Text: s, X0: x0, X1: x1} }
	lines := []*layout.Line{
		line(1, 100, cell(10, 40, "合计"), cell(100, 140, "1,000.00"), cell(150, 190, "250.00")),
		line(2, 112, cell(10, 40, "201"), cell(100, 140, "750.00"), cell(186, 190, "5")),
	}
	got := joinWrappedAmounts(lines)
	if len(got) != 2 || got[0].Cells[2].Text != "250.00" || got[1].Cells[2].Text != "5" {
		t.Fatalf("joined a whole amount with the next row's: %+v", got)
	}
}
