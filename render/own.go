package render

import (
	"sort"

	"github.com/yusuan/yusuan"
	"github.com/yusuan/yusuan/layout"
)

// OwnMap returns the table map a rendering of doc embeds (see
// layout.OwnMap), or nil when the document's profile declares all its
// tables: a reader then finds them by the profile's titles and headers.
// A table the profile declares is only named in the map; every other is
// printed as one grid of the document's own columns (LayoutOf without a
// spec) and described in full.
func OwnMap(doc *yusuan.Document, p *yusuan.Profile, ls []*Layout) *layout.OwnMap {
	return ownMap(doc, p, ls, false)
}

// OwnMapPDF is OwnMap for a PDF, which describes the profile's tables
// too, printed grid by grid: where a PDF's words were drawn is the one
// thing its reader cannot know for sure (wrapped text in narrow cells).
func OwnMapPDF(doc *yusuan.Document, p *yusuan.Profile, ls []*Layout) *layout.OwnMap {
	return ownMap(doc, p, ls, true)
}

func ownMap(doc *yusuan.Document, p *yusuan.Profile, ls []*Layout, blocks bool) *layout.OwnMap {
	if len(ls) != len(doc.Tables) {
		return nil
	}
	declared := 0
	for _, l := range ls {
		if l.Spec != nil {
			declared++
		}
	}
	if declared == len(ls) && p != nil && !blocks {
		return nil // every table is the profile's
	}
	m := &layout.OwnMap{Profile: doc.Profile, Kind: doc.Kind, Level: doc.Level, Year: doc.Year,
		Department: doc.Department, Title: doc.Title, Tables: make([]layout.OwnTable, 0, len(ls))}
	for _, l := range ls {
		t := l.Table
		if l.Spec != nil && blocks {
			m.Tables = append(m.Tables, printed(l))
			continue
		}
		if l.Spec != nil {
			m.Tables = append(m.Tables, layout.OwnTable{Declared: true, Number: t.Number, Kind: t.Kind, Title: t.Title, Columns: []yusuan.Column{}})
			continue
		}
		if len(l.Blocks) > 1 {
			return nil
		}
		ot := layout.OwnTable{Number: t.Number, Kind: t.Kind, Title: t.Title, Unit: t.Unit, Project: t.Project,
			Note: t.Note, Columns: t.Columns, Codes: CodeParts(t, nil), Gov: PrintsGov(t, nil)}
		if ot.Columns == nil {
			ot.Columns = []yusuan.Column{}
		}
		if len(l.Blocks) == 1 {
			ot.Header = len(l.Blocks[0].Header)
		}
		for i := range t.Rows {
			r := &t.Rows[i]
			or := layout.OwnRow{Key: r.Key, Level: r.Level}
			for _, c := range t.Columns {
				if v, ok := r.Cells[c.Key]; ok && v.IsText != (c.Type == yusuan.ColText) {
					or.Swap = append(or.Swap, c.Key)
				}
			}
			ot.Rows = append(ot.Rows, or)
		}
		m.Tables = append(m.Tables, ot)
	}
	m.Parts = doc.Parts
	for _, s := range doc.Narrative {
		m.Sections = append(m.Sections, layout.OwnSection{Key: s.Key, Part: s.Part, Title: s.Title, Paras: make([]layout.OwnPara, len(s.Paragraphs))})
	}
	return m
}

// printed describes a table laid out by its profile block by block: the
// rows' keys, levels and cell types, and for each printed row the table
// rows it shows.
func printed(l *Layout) layout.OwnTable {
	t := l.Table
	ot := layout.OwnTable{Number: t.Number, Kind: t.Kind, Title: t.Title, Unit: t.Unit, Project: t.Project,
		Note: t.Note, Columns: t.Columns, Blocks: []layout.OwnBlock{}}
	if ot.Columns == nil {
		ot.Columns = []yusuan.Column{}
	}
	types := map[string]string{}
	for _, c := range t.Columns {
		types[c.Key] = c.Type
	}
	for i := range t.Rows {
		r := &t.Rows[i]
		or := layout.OwnRow{Key: r.Key, Level: r.Level}
		for k, v := range r.Cells {
			if v.IsText != (types[k] == yusuan.ColText) {
				or.Swap = append(or.Swap, k)
			}
		}
		sort.Strings(or.Swap)
		ot.Rows = append(ot.Rows, or)
	}
	for _, b := range l.Blocks {
		ob := layout.OwnBlock{Rows: []layout.OwnPrinted{}}
		for _, c := range b.Cols {
			ob.Cols = append(ob.Cols, layout.OwnCol{Key: c.Key, Role: c.Role, Seg: c.Seg, Type: types[c.Key]})
		}
		for _, r := range b.Rows {
			ob.Rows = append(ob.Rows, layout.OwnPrinted{Docs: r.Docs})
			for ci, c := range b.Cols {
				if c.Role != "name" || c.Seg >= len(r.Docs) || r.Docs[c.Seg] < 0 {
					continue
				}
				d := r.Docs[c.Seg]
				if name := r.Cells[ci].Text; name != t.Rows[d].Name {
					n := t.Rows[d].Name
					ot.Rows[d].Name = &n
				}
			}
		}
		ot.Blocks = append(ot.Blocks, ob)
	}
	// What no block prints of a row.
	shown := map[[2]any]bool{}
	for _, b := range l.Blocks {
		for _, r := range b.Rows {
			for _, c := range b.Cols {
				if c.Role != "" && c.Seg < len(r.Docs) && r.Docs[c.Seg] >= 0 {
					shown[[2]any{r.Docs[c.Seg], c.Role}] = true
				}
			}
		}
	}
	for i := range t.Rows {
		r := &t.Rows[i]
		if r.Code != "" && !shown[[2]any{i, "code"}] {
			ot.Rows[i].Code = &r.Code
		}
		if r.GovCode != "" && !shown[[2]any{i, "gov_code"}] {
			ot.Rows[i].GovCode = &r.GovCode
		}
		if r.GovName != "" && !shown[[2]any{i, "gov_name"}] {
			ot.Rows[i].GovName = &r.GovName
		}
		if r.Name != "" && !shown[[2]any{i, "name"}] {
			ot.Rows[i].Name = &r.Name
		}
	}
	return ot
}
