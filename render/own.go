package render

import (
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
	if len(ls) != len(doc.Tables) {
		return nil
	}
	declared := 0
	for _, l := range ls {
		if l.Spec != nil {
			declared++
		}
	}
	if declared == len(ls) && p != nil {
		return nil // every table is the profile's
	}
	m := &layout.OwnMap{Profile: doc.Profile, Kind: doc.Kind, Level: doc.Level, Year: doc.Year,
		Department: doc.Department, Title: doc.Title, Tables: make([]layout.OwnTable, 0, len(ls))}
	for _, l := range ls {
		t := l.Table
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
