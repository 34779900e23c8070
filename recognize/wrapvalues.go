package recognize

import (
	"math"
	"strings"

	"github.com/yusuan/yusuan/internal/lazyre"
	"github.com/yusuan/yusuan/layout"
)

// Amounts wrapped inside their cells. A narrow column prints a wide amount
// over two lines (无锡 公开02: “143,999.0” over “0”, centred on the row's
// line, between the row above and the row below): a line-based reading
// sees two lines of fragments around the row, the row itself without the
// amount. joinWrappedAmounts puts such an amount back on its row.

// wellFormedRe is an amount as tables print it: digits with thousands
// separators in their places, and decimals.
var wellFormedRe = lazyre.New(`^-?(\d{1,3}(,\d{3})+|\d+)(\.(\d+))?$`)

// amountDecimals returns the decimals of a well-formed amount, or -1.
func amountDecimals(s string) int {
	m := wellFormedRe.FindStringSubmatch(s)
	if m == nil {
		return -1
	}
	return len(m[4])
}

// tableDecimals is the number of decimals most amounts of the lines have
// (-1 when no line has one).
func tableDecimals(lines []*layout.Line) int {
	count := map[int]int{}
	for _, l := range lines {
		for _, c := range l.NonEmpty() {
			if d := amountDecimals(foldNumber(strings.TrimSpace(c.Text))); d >= 0 {
				count[d]++
			}
		}
	}
	best, n := -1, 0
	for d, k := range count {
		if k > n || k == n && d > best {
			best, n = d, k
		}
	}
	return best
}

// joinedAmount joins the two parts of an amount wrapped in its cell: top
// is not an amount as the table prints them (too few decimals, a
// separator out of place), top+bottom is, bottom is a few digits.
func joinedAmount(top, bottom string, dec int) (string, bool) {
	top, bottom = foldNumber(strings.TrimSpace(top)), foldNumber(strings.TrimSpace(bottom))
	if dec < 0 || len(bottom) == 0 || len(bottom) > 3 || !allDigits(bottom) || len(top) == 0 {
		return "", false
	}
	if amountDecimals(top) == dec {
		return "", false
	}
	j := top + bottom
	if amountDecimals(j) != dec {
		return "", false
	}
	return j, true
}

// joinWrappedAmounts returns the table's data lines with every amount
// wrapped in its cell joined into one cell on the row it belongs to:
//
//   - centred on a row between its two parts (line above, row, line
//     below), the row having nothing in that column;
//   - or starting on the row itself and ending on the line below.
//
// Both parts are right-aligned in the cell (their right edges meet) and
// only their join is an amount as the table prints them. Lines left empty
// are dropped; lines changed are copies (the layout is not altered).
func joinWrappedAmounts(lines []*layout.Line) []*layout.Line {
	dec := tableDecimals(lines)
	if dec < 0 || len(lines) < 2 {
		return lines
	}
	out := make([]*layout.Line, len(lines))
	copy(out, lines)
	owned := make([]bool, len(lines)) // out[i] is our copy
	own := func(i int) *layout.Line {
		if !owned[i] {
			c := *out[i]
			c.Cells = append([]layout.Cell(nil), out[i].Cells...)
			out[i], owned[i] = &c, true
		}
		return out[i]
	}
	hasAmount := func(l *layout.Line) bool {
		for _, c := range l.NonEmpty() {
			if amountDecimals(foldNumber(strings.TrimSpace(c.Text))) == dec {
				return true
			}
		}
		return false
	}
	// occupied reports a cell of l over [x0, x1].
	occupied := func(l *layout.Line, x0, x1 float64) bool {
		for _, c := range l.NonEmpty() {
			if overlap(c.X0, c.X1, x0, x1) > 0 {
				return true
			}
		}
		return false
	}
	samePage := func(a, b *layout.Line) bool { return a.Pos.File == b.Pos.File && a.Pos.Page == b.Pos.Page }
	// below finds, in the line after i, the rest of top: a few digits
	// right-aligned with it.
	below := func(i int, top layout.Cell) (int, bool) {
		if i+1 >= len(out) || !samePage(out[i], out[i+1]) {
			return 0, false
		}
		for k, c := range out[i+1].Cells {
			if strings.TrimSpace(c.Text) != "" && math.Abs(c.X1-top.X1) < 1.5 {
				return k, true
			}
		}
		return 0, false
	}
	for i := 0; i < len(out); i++ {
		for k := 0; k < len(out[i].Cells); k++ {
			top := out[i].Cells[k]
			if strings.TrimSpace(top.Text) == "" || !IsAmount(foldNumber(strings.TrimSpace(top.Text))) && !strings.HasSuffix(strings.TrimSpace(top.Text), ".") {
				continue
			}
			// Centred on the row between the parts.
			if i+2 < len(out) && samePage(out[i], out[i+2]) && out[i+1].Y0 > out[i].Y0 && out[i+2].Y0 > out[i+1].Y0 {
				row, next := out[i+1], out[i+2]
				bi := -1
				for q, c := range next.Cells {
					if strings.TrimSpace(c.Text) != "" && math.Abs(c.X1-top.X1) < 1.5 {
						bi = q
						break
					}
				}
				if bi >= 0 && hasAmount(row) && !occupied(row, math.Min(top.X0, next.Cells[bi].X0), top.X1) {
					if j, ok := joinedAmount(top.Text, next.Cells[bi].Text, dec); ok {
						mid := (out[i].Y0 + out[i].Y1 + next.Y0 + next.Y1) / 4
						if row.Y0 <= mid && mid <= row.Y1 {
							c := top
							c.Text = j
							c.X0 = math.Min(top.X0, next.Cells[bi].X0)
							r := own(i + 1)
							r.Cells = insertCell(r.Cells, c)
							own(i).Cells[k].Text = ""
							own(i + 2).Cells[bi].Text = ""
							continue
						}
					}
				}
			}
			// Starting on the row and ending on the line below, which has
			// no amount of its own.
			if bi, ok := below(i, top); ok && !hasAmount(out[i+1]) {
				if j, ok := joinedAmount(top.Text, out[i+1].Cells[bi].Text, dec); ok {
					own(i).Cells[k].Text = j
					own(i + 1).Cells[bi].Text = ""
				}
			}
		}
	}
	kept := out[:0]
	for _, l := range out {
		if !l.Empty() {
			kept = append(kept, l)
		}
	}
	return kept
}

// insertCell puts c among cells in order of position.
func insertCell(cells []layout.Cell, c layout.Cell) []layout.Cell {
	i := 0
	for i < len(cells) && cells[i].X0 < c.X0 {
		i++
	}
	cells = append(cells, layout.Cell{})
	copy(cells[i+1:], cells[i:])
	cells[i] = c
	return cells
}
