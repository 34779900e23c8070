package pdf

import (
	"strings"

	"github.com/yusuan/yusuan"
	"github.com/yusuan/yusuan/layout"
	"github.com/yusuan/yusuan/render"
)

// table writes one table from a new page: its title, unit line, grids and
// note.
func (w *writer) table(l *render.Layout) {
	orient := portrait
	if l.Wide() || w.crowded(l, portrait.W-2*margin) {
		orient = landscape
	}
	w.newPage(orient)
	if w.own != nil {
		w.own.Tables[w.ownTable].Pages[0] = w.pages
		defer func() { w.own.Tables[w.ownTable].Pages[1] = w.pages }()
	}
	avail := orient.W - 2*margin
	title := l.Title
	if l.Table.Project != "" {
		title += "（" + l.Table.Project + "）"
	}
	w.outline(strings.TrimSpace(l.Label()+" "+title), 1)
	if lb := l.Label(); lb != "" {
		w.setSize(10.5)
		w.text(margin, w.y+w.size, lb)
		w.y += w.lineHeight()
	}
	w.heading(l, "")
	if l.Table.Project != "" {
		w.setSize(10.5)
		w.paragraph("项目："+l.Table.Project, margin, avail)
	}
	w.unitLine(l)
	if len(l.Blocks) == 0 && l.EmptyGrid != nil {
		w.block(l, l.EmptyGrid, avail)
	}
	if len(l.Blocks) == 0 {
		w.setSize(tableType)
		lines := w.wrap(l.Empty, avail-2*pad)
		h := float64(len(lines))*w.lineHeight() + 2*pad
		w.box(margin, w.y, avail, h, false)
		for i, line := range lines {
			w.text(margin+avail/2-w.width(line)/2, w.y+pad+float64(i)*w.lineHeight()+w.size, line)
		}
		w.y += h
	}
	for i := range l.Blocks {
		if i > 0 {
			w.y += 10
		}
		w.ownBlock = i
		w.block(l, &l.Blocks[i], avail)
	}
	if l.Note != "" {
		w.setSize(tableType)
		w.y += 4
		w.paragraph(l.Note, margin, avail)
	}
}

// tableType is the size of table type; smaller only when a table cannot
// fit otherwise (printed disclosures use 10 pt and more).
const tableType = 10.0

// heading prints the table's title, centred, with a suffix (（续表）).
func (w *writer) heading(l *render.Layout, suffix string) {
	w.setSize(13)
	if suffix != "" {
		w.setSize(12)
	}
	for _, line := range w.wrap(l.Title+suffix, w.page.W-2*margin) {
		w.text(w.page.W/2-w.width(line)/2, w.y+w.size, line)
		w.y += w.lineHeight()
	}
}

// unitLine prints 单位：元 (after 编制部门：… when the title does not name
// the department) at the right.
func (w *writer) unitLine(l *render.Layout) {
	w.setSize(10.5)
	unit := l.UnitLine()
	w.text(w.page.W-margin-w.width(unit), w.y+w.size, unit)
	w.y += w.lineHeight() + 2
}

// continued starts a continuation page of the table: its title with
// （续表） and its unit line, as printed disclosures do.
func (w *writer) continued(l *render.Layout) {
	size := w.size
	w.newPage(w.page)
	w.heading(l, "（续表）")
	w.unitLine(l)
	w.setSize(size)
}

// grid is a block measured for drawing: column widths and the header's
// lines and row heights, at one font size.
type grid struct {
	b      *render.Block
	size   float64
	widths []float64
	xs     []float64
	head   [][][]string // header row → cell → lines
	heads  []float64    // header row heights
}

// crowded reports whether a grid table (not a form) needs more than width
// to print its figures, codes and names on one line each at the table
// type: then it goes on a landscape page, as printed disclosures do,
// rather than wrapping 一、一般公共预算资金 or 办公设备购置.
func (w *writer) crowded(l *render.Layout, width float64) bool {
	if render.IsForm(l.Table) {
		return false
	}
	size := w.size
	defer w.setSize(size)
	w.setSize(tableType)
	for i := range l.Blocks {
		b := &l.Blocks[i]
		total := 0.0
		for ci, c := range b.Cols {
			need := w.width(c.Label)
			if c.Kind != render.KindCode {
				need = min2(need, 4*tableType)
			}
			for _, r := range b.Rows {
				need = max(need, w.width(r.Cells[ci].Text))
			}
			if c.Kind == render.KindName || c.Kind == render.KindText {
				need = min2(need, 16*tableType)
			}
			total += need + 2*pad
		}
		if total > width {
			return true
		}
	}
	return false
}

func (w *writer) measure(b *render.Block, avail float64) *grid {
	for size := tableType; ; size -= 0.5 {
		w.setSize(size)
		g := &grid{b: b, size: size, widths: make([]float64, len(b.Cols))}
		flex := make([]bool, len(b.Cols))
		var min, total float64
		for i, c := range b.Cols {
			body := 0.0
			for _, r := range b.Rows {
				if cw := w.width(r.Cells[i].Text); cw > body {
					body = cw
				}
			}
			label := w.width(c.Label)
			var need float64
			switch c.Kind {
			case render.KindCode:
				need = max(body, label)
			case render.KindAmount, render.KindNumber:
				need = max(body, min2(label, 4*size))
			case render.KindName:
				need, flex[i] = max(min2(body, 16*size), min2(label, 6*size)), true
			default:
				need, flex[i] = max(min2(body, 24*size), min2(label, 4*size)), true
			}
			g.widths[i] = need + 2*pad
			total += g.widths[i]
			if flex[i] {
				min += 5*size + 2*pad
			} else {
				min += g.widths[i]
			}
		}
		if min > avail && size > 5 {
			continue // even the narrowest text columns do not fit: smaller type
		}
		// Share out the difference among the text columns.
		var flexTotal float64
		for i := range flex {
			if flex[i] {
				flexTotal += g.widths[i]
			}
		}
		if diff := avail - total; flexTotal > 0 && diff != 0 {
			for i := range flex {
				if flex[i] {
					g.widths[i] += diff * g.widths[i] / flexTotal
				}
			}
			// Shrinking may push a text column below its minimum: take the
			// shortfall from the others in proportion.
			minW := 5*size + 2*pad
			for i := range flex {
				if flex[i] && g.widths[i] < minW {
					g.widths[i] = minW
				}
			}
			// Raising some to their minimum may push the table past the
			// margin (off the page): take the excess from the text
			// columns still above their minimum.
			var sum, room float64
			for i, cw := range g.widths {
				sum += cw
				if flex[i] {
					room += cw - minW
				}
			}
			if excess := sum - avail; excess > 0 && room > 0 {
				for i := range flex {
					if flex[i] {
						g.widths[i] -= min2(excess, room) * (g.widths[i] - minW) / room
					}
				}
			}
		} else if total > avail {
			for i := range g.widths {
				g.widths[i] *= avail / total
			}
		}
		x := margin
		for _, cw := range g.widths {
			g.xs = append(g.xs, x)
			x += cw
		}
		g.xs = append(g.xs, x)
		w.measureHeader(g)
		return g
	}
}

func min2(a, b float64) float64 {
	if a < b {
		return a
	}
	return b
}

func (w *writer) measureHeader(g *grid) {
	lh := w.lineHeight()
	g.head = make([][][]string, len(g.b.Header))
	g.heads = make([]float64, len(g.b.Header))
	for ri, hr := range g.b.Header {
		g.heads[ri] = lh + 2*pad
		for _, h := range hr {
			lines := w.wrap(h.Text, g.xs[h.Col+h.Span]-g.xs[h.Col]-2*pad)
			g.head[ri] = append(g.head[ri], lines)
			if h.RowSpan == 1 {
				g.heads[ri] = max(g.heads[ri], float64(len(lines))*lh+2*pad)
			}
		}
	}
	// A cell spanning rows may need more than the rows it spans.
	for ri, hr := range g.b.Header {
		for ci, h := range hr {
			if h.RowSpan > 1 {
				need := float64(len(g.head[ri][ci]))*lh + 2*pad
				have := 0.0
				for k := ri; k < ri+h.RowSpan && k < len(g.heads); k++ {
					have += g.heads[k]
				}
				if need > have {
					g.heads[min(ri+h.RowSpan, len(g.heads))-1] += need - have
				}
			}
		}
	}
}

func (w *writer) headerHeight(g *grid) float64 {
	var h float64
	for _, x := range g.heads {
		h += x
	}
	return h
}

func (w *writer) box(x, y, width, height float64, fill bool) {
	if w.dry {
		return
	}
	style := "D"
	if fill {
		style = "FD"
	}
	w.pdf.RectFromUpperLeftWithStyle(x, y, width, height, style)
}

func (w *writer) drawHeader(g *grid) {
	w.setSize(g.size)
	lh := w.lineHeight()
	y := w.y
	for ri, hr := range g.b.Header {
		for ci, h := range hr {
			x0, x1 := g.xs[h.Col], g.xs[h.Col+h.Span]
			height := 0.0
			for k := ri; k < ri+h.RowSpan && k < len(g.heads); k++ {
				height += g.heads[k]
			}
			w.fill(233, 238, 244)
			w.box(x0, y, x1-x0, height, true)
			lines := g.head[ri][ci]
			top := y + (height-float64(len(lines))*lh)/2
			for i, line := range lines {
				w.text((x0+x1)/2-w.width(line)/2, top+float64(i)*lh+w.size+(lh-w.size)/2-1, line)
			}
		}
		y += g.heads[ri]
	}
	w.y = y
}

// block draws a grid; rows go to the next page (header repeated) when they
// do not fit, and a row taller than a page is split between pages.
func (w *writer) block(l *render.Layout, b *render.Block, avail float64) {
	g := w.measure(b, avail)
	w.sizes = append(w.sizes, g.size)
	lh := w.lineHeight()
	if w.y+w.headerHeight(g)+lh+2*pad > w.bottom() {
		w.continued(l)
		w.setSize(g.size)
	}
	w.drawHeader(g)
	var own *layout.OwnTable
	var ob *layout.OwnBlock
	if w.own != nil && !w.own.Tables[w.ownTable].Declared {
		own = &w.own.Tables[w.ownTable]
		if len(own.Blocks) > 0 {
			ob = &own.Blocks[w.ownBlock]
			ob.Xs = g.xs
			own = nil
		} else {
			own.Xs = g.xs
		}
	}
	fresh := int((w.bottom() - margin - w.contHeight(l) - w.headerHeight(g) - 2*pad) / lh)
	for ri, r := range b.Rows {
		if own != nil || ob != nil {
			var spaces []layout.OwnSpaces
			for ci, c := range r.Cells {
				if sp := layout.Spaces(ci, clean(c.Text)); sp != nil && !c.IsNum {
					spaces = append(spaces, *sp)
				}
			}
			if own != nil {
				own.Rows[ri].Spaces = spaces
			} else {
				ob.Rows[ri].Spaces = spaces
			}
		}
		w.setSize(g.size)
		lines := make([][]string, len(r.Cells))
		n := 1
		for i, c := range r.Cells {
			if c.IsNum || b.Cols[i].Kind == render.KindCode {
				lines[i] = []string{c.Text}
			} else {
				lines[i] = w.wrap(c.Text, g.widths[i]-2*pad)
			}
			n = max(n, len(lines[i]))
		}
		for start := 0; start < n; {
			room := int((w.bottom() - w.y - 2*pad) / lh)
			if room < 1 || (start == 0 && n <= fresh && n > room) {
				w.continued(l)
				w.drawHeader(g)
				continue
			}
			k := min(n-start, room)
			height := float64(k)*lh + 2*pad
			if own != nil {
				own.Rows[ri].Boxes = w.extend(own.Rows[ri].Boxes, w.y, w.y+height)
			}
			if ob != nil {
				ob.Rows[ri].Boxes = w.extend(ob.Rows[ri].Boxes, w.y, w.y+height)
			}
			for i, c := range r.Cells {
				x0, x1 := g.xs[i], g.xs[i+1]
				fill := r.Level == yusuan.LevelTotal
				if fill {
					w.fill(251, 243, 228)
				}
				w.box(x0, w.y, x1-x0, height, fill)
				ls := lines[i]
				for j := start; j < start+k && j < len(ls); j++ {
					y := w.y + pad + float64(j-start)*lh + w.size + (lh-w.size)/2 - 1
					switch {
					case c.IsNum:
						w.text(x1-pad-w.width(ls[j]), y, ls[j])
					case b.Cols[i].Kind == render.KindCode:
						w.text((x0+x1)/2-w.width(ls[j])/2, y, ls[j])
					default:
						w.text(x0+pad, y, ls[j])
					}
				}
			}
			w.y += height
			start += k
		}
	}
}

// contHeight is the height of a continuation page's title and unit line.
func (w *writer) contHeight(l *render.Layout) float64 {
	size := w.size
	w.setSize(12)
	h := float64(len(w.wrap(l.Title+"（续表）", w.page.W-2*margin))) * w.lineHeight()
	w.setSize(10.5)
	h += w.lineHeight() + 2
	w.setSize(size)
	return h
}
