package yusuan

import "fmt"

// CellChange is one cell that differs between two versions of a
// disclosure: the table, the row, the column, and the value before and
// after (nil where the cell is absent: a blank, or a row or table that
// exists in one version only).
type CellChange struct {
	Table  string `json:"table"` // kind, number and project: "expenditure#3"
	Title  string `json:"title"`
	Row    string `json:"row"` // code and name, or key
	Column string `json:"column"`
	Label  string `json:"label"`
	Before *Value `json:"before"`
	After  *Value `json:"after"`
}

func tableID(t *Table) string {
	id := fmt.Sprintf("%s#%d", t.Kind, t.Number)
	if t.Project != "" {
		id += "/" + t.Project
	}
	return id
}

func rowID(r *Row) string {
	switch {
	case r.Code != "":
		return r.Code + " " + r.Name
	case r.Key != "" && r.Key != "indicator":
		return r.Key
	}
	return r.Name
}

// rowIDs names each row of a table for matching across versions; a name
// printed twice gets its occurrence number.
func rowIDs(t *Table) []string {
	ids := make([]string, len(t.Rows))
	seen := map[string]int{}
	for j := range t.Rows {
		rid := rowID(&t.Rows[j])
		seen[rid]++
		if n := seen[rid]; n > 1 {
			rid = fmt.Sprintf("%s (%d)", rid, n)
		}
		ids[j] = rid
	}
	return ids
}

// DiffDocuments lists every cell that differs from a (before) to b (after),
// in b's table and row order, then the rows only a holds.
func DiffDocuments(a, b *Document) []CellChange {
	index := func(d *Document) map[[2]string]*Row {
		rs := map[[2]string]*Row{}
		for i := range d.Tables {
			t := &d.Tables[i]
			tid := tableID(t)
			for j, rid := range rowIDs(t) {
				rs[[2]string{tid, rid}] = &t.Rows[j]
			}
		}
		return rs
	}
	arows, brows := index(a), index(b)
	var out []CellChange
	compare := func(t *Table, tid, rid string, ar, br *Row) {
		labels := map[string]string{}
		order := make([]string, 0, len(t.Columns))
		for _, c := range t.Columns {
			l := c.Label
			if c.Group != "" {
				l = c.Group + "/" + c.Label
			}
			labels[c.Key] = l
			order = append(order, c.Key)
		}
		if ar != nil {
			for k := range ar.Cells {
				if _, ok := labels[k]; !ok {
					labels[k] = k
					order = append(order, k)
				}
			}
		}
		for _, k := range order {
			var av, bv *Value
			if ar != nil {
				if v, ok := ar.Cells[k]; ok {
					av = &v
				}
			}
			if br != nil {
				if v, ok := br.Cells[k]; ok {
					bv = &v
				}
			}
			if !sameValue(av, bv) {
				out = append(out, CellChange{Table: tid, Title: t.Title, Row: rid, Column: k, Label: labels[k], Before: av, After: bv})
			}
		}
	}
	for i := range b.Tables {
		t := &b.Tables[i]
		tid := tableID(t)
		for j, rid := range rowIDs(t) {
			compare(t, tid, rid, arows[[2]string{tid, rid}], &t.Rows[j])
		}
	}
	for i := range a.Tables {
		t := &a.Tables[i]
		tid := tableID(t)
		for j, rid := range rowIDs(t) {
			if _, ok := brows[[2]string{tid, rid}]; !ok {
				compare(t, tid, rid, &t.Rows[j], nil)
			}
		}
	}
	return out
}

func sameValue(a, b *Value) bool {
	switch {
	case a == nil || b == nil:
		return a == b
	case a.IsText != b.IsText:
		return false
	case a.IsText:
		return a.Text == b.Text
	}
	return a.Num == b.Num
}
