package recognize

import (
	"strings"

	"github.com/yusuan/yusuan"
	"github.com/yusuan/yusuan/internal/lazyre"
	"github.com/yusuan/yusuan/layout"
)

// amountFields are the form fields that hold money.
var amountFields = map[string]bool{"total": true, "this_year": true, "last_year_total": true, "last_year": true}

// form recognizes a labelled form (performance target tables): label and
// value pairs, the department's tasks and budget lines, then the
// indicator tree.
// continuedTitle is a table's title repeated with （续表） or （续） on a
// continuation page.
var continuedTitle = lazyre.New(`表\s*(?:[(]续表?[)]|续表)$`)

func (tp *tableParse) form(body []*layout.Line) {
	spec := tp.spec
	fields := map[string]*yusuan.FieldSpec{}
	for i := range spec.Rows.Fields {
		fields[itemKey(spec.Rows.Fields[i].Label)] = &spec.Rows.Fields[i]
	}
	items := allItems(spec)
	itemByKey := map[string]*yusuan.RowItem{}
	for i := range items {
		itemByKey[itemKey(items[i].Name)] = &items[i]
	}
	found := map[string]yusuan.Row{}
	var tasks, indicators []yusuan.Row
	var itemRows = map[string]yusuan.Row{}
	inTasks, inIndicators := false, false
	var indCols []float64 // centers of 一级, 二级, 三级, 目标值, 度量单位
	hasMeasure := false
	var l1, l2 string
	for _, l := range body {
		cells := l.Cells
		if !l.Grid {
			cells = l.NonEmpty()
		}
		if continuedTitle.MatchString(Norm(strings.TrimSpace(l.Text()))) {
			continue // the title repeated on a continuation page: …表（续表）
		}
		if c := indicatorHeader(cells); c != nil {
			inIndicators, inTasks = true, false
			indCols = c
			hasMeasure = len(c) > 4
			continue
		}
		if inIndicators {
			row, ok := tp.indicator(l, cells, indCols, hasMeasure, &l1, &l2)
			if ok {
				indicators = append(indicators, row)
			}
			continue
		}
		labelled := false
		for i := 0; i < len(cells); i++ {
			k := itemKey(cells[i].Text)
			if k == "" {
				continue
			}
			f, isField := fields[k]
			it, isItem := itemByKey[k]
			if !isField && !isItem {
				continue
			}
			labelled = true
			// The value is the next non-empty cell that is not a label.
			var val *layout.Cell
			j := i + 1
			for ; j < len(cells); j++ {
				vk := itemKey(cells[j].Text)
				if vk == "" {
					continue
				}
				if _, ok := fields[vk]; ok {
					break
				}
				if _, ok := itemByKey[vk]; ok {
					break
				}
				val = &cells[j]
				j++
				break
			}
			if isItem {
				inTasks = false
				row := yusuan.Row{Key: it.Key, Name: it.Name, Cells: map[string]yusuan.Value{}}
				if val != nil {
					a, _, err := ParseAmount(val.Text, tp.t.Unit)
					if err != nil {
						tp.r.warnf(val.Pos, "表%d：%v", tp.t.Number, err)
					} else {
						row.Cells["value"] = yusuan.AmountValue(a)
						row.Sources = map[string]yusuan.Position{"value": val.Pos}
					}
				}
				if _, ok := row.Cells["value"]; !ok {
					row.Cells["value"] = yusuan.AmountValue(0)
				}
				itemRows[it.Key] = row
			} else {
				if f.Field == "tasks" {
					inTasks = true
					i = j - 1
					continue
				}
				if f.Field == "goal" {
					inTasks = true
				}
				row := yusuan.Row{Key: f.Key, Name: f.Label, Cells: map[string]yusuan.Value{"value": yusuan.TextValue("")}}
				if val != nil {
					if amountFields[f.Field] {
						a, _, err := ParseAmount(val.Text, "元")
						if err != nil {
							tp.r.warnf(val.Pos, "表%d：%v", tp.t.Number, err)
						} else {
							row.Cells["value"] = yusuan.AmountValue(a)
						}
					} else {
						row.Cells["value"] = yusuan.TextValue(strings.TrimSpace(val.Text))
					}
					row.Sources = map[string]yusuan.Position{"value": val.Pos}
				} else if amountFields[f.Field] {
					row.Cells["value"] = yusuan.AmountValue(0)
				}
				if _, dup := found[f.Key]; !dup {
					found[f.Key] = row
				}
			}
			i = j - 1
		}
		if labelled || !inTasks {
			continue
		}
		var ne []layout.Cell
		for _, c := range cells {
			if strings.TrimSpace(c.Text) != "" {
				ne = append(ne, c)
			}
		}
		if len(ne) >= 2 && itemKey(ne[0].Text) != "任务名称" {
			tasks = append(tasks, yusuan.Row{Key: "task", Name: strings.TrimSpace(ne[0].Text),
				Cells:   map[string]yusuan.Value{"value": yusuan.TextValue(strings.TrimSpace(ne[1].Text))},
				Sources: map[string]yusuan.Position{"value": ne[1].Pos}})
		}
	}
	for _, f := range spec.Rows.Fields {
		if f.Field == "tasks" {
			tp.t.Rows = append(tp.t.Rows, tasks...)
			continue
		}
		if row, ok := found[f.Key]; ok {
			tp.t.Rows = append(tp.t.Rows, row)
		}
	}
	for _, it := range items {
		if row, ok := itemRows[it.Key]; ok {
			tp.t.Rows = append(tp.t.Rows, row)
		}
	}
	tp.t.Rows = append(tp.t.Rows, indicators...)
}

// indicatorHeader returns the column positions of an indicator header
// line (一级指标 二级指标 三级指标 目标值 [度量单位]), or nil.
func indicatorHeader(cells []layout.Cell) []float64 {
	var pos []float64
	want := []string{"一级指标", "二级指标", "三级指标"}
	for _, c := range cells {
		k := Norm(c.Text)
		switch {
		case len(pos) < 3 && k == want[len(pos)]:
			pos = append(pos, c.Center())
		case len(pos) == 3 && (k == "指标值" || k == "目标值"):
			pos = append(pos, c.Center())
		case len(pos) == 4 && k == "度量单位":
			pos = append(pos, c.Center())
		}
	}
	if len(pos) < 4 {
		return nil
	}
	return pos
}

// indicator reads one indicator row. Blank 一级/二级 cells repeat the one
// above, as printed tables leave them blank.
func (tp *tableParse) indicator(l *layout.Line, cells []layout.Cell, cols []float64, hasMeasure bool, l1, l2 *string) (yusuan.Row, bool) {
	texts := make([]string, len(cols))
	var poss = make([]yusuan.Position, len(cols))
	if l.Grid {
		var ts []string
		for _, c := range cells {
			ts = append(ts, strings.TrimSpace(c.Text))
		}
		for len(ts) > len(cols) && ts[len(ts)-1] == "" {
			ts = ts[:len(ts)-1]
		}
		// A row that lost its leading empty cell: the first cell is not a
		// 一级指标 (they end in 目标 or 指标) and the last is empty.
		if len(ts) == len(cols) && ts[0] != "" && ts[len(ts)-1] == "" && !tp.level1[ts[0]] &&
			!strings.HasSuffix(ts[0], "目标") && !strings.HasSuffix(ts[0], "指标") {
			ts = append([]string{""}, ts[:len(ts)-1]...)
		}
		for i := range texts {
			if i < len(ts) {
				texts[i] = ts[i]
				poss[i] = l.Pos
			}
		}
	} else {
		for _, c := range cells {
			best, d := 0, 1e18
			for i, x := range cols {
				if dd := abs(x - c.Center()); dd < d {
					best, d = i, dd
				}
			}
			if texts[best] != "" {
				texts[best] += strings.TrimSpace(c.Text)
			} else {
				texts[best] = strings.TrimSpace(c.Text)
			}
			poss[best] = c.Pos
		}
	}
	empty := true
	for _, t := range texts {
		empty = empty && t == ""
	}
	if empty {
		return yusuan.Row{}, false
	}
	if texts[0] != "" {
		*l1, *l2 = texts[0], ""
		if tp.level1 == nil {
			tp.level1 = map[string]bool{}
		}
		tp.level1[texts[0]] = true
	}
	if texts[1] != "" {
		*l2 = texts[1]
	}
	cellsOut := map[string]yusuan.Value{
		"level1": yusuan.TextValue(*l1),
		"level2": yusuan.TextValue(*l2),
		"target": yusuan.TextValue(texts[3]),
	}
	if hasMeasure && len(texts) > 4 {
		cellsOut["measure"] = yusuan.TextValue(texts[4])
	}
	return yusuan.Row{Key: "indicator", Name: texts[2], Cells: cellsOut, Sources: map[string]yusuan.Position{"target": poss[3]}}, true
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}
