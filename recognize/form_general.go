package recognize

import (
	"math"
	"regexp"
	"sort"
	"strings"

	"github.com/yusuan/yusuan"
	"github.com/yusuan/yusuan/layout"
)

// Performance target forms of any region (部门整体绩效目标表, 项目绩效目标表)
// read without a profile's declaration: the labelled fields above the
// indicator header (项目名称, 年度资金总额, 其中：财政拨款, 上年结转, 其他资金,
// 年度目标 …) and the indicator tree below it (一级/二级/三级指标, 指标值,
// 度量单位). Merged cells are printed at the vertical middle of the rows
// they span, so 一级 and 二级 labels are given to the run of rows they are
// centred on, and a wrapped 三级 name to the row it is nearest.

// formField is a labelled field of a form: the label's wordings, the row
// key and whether the value is an amount.
type formField struct {
	key    string
	labels []string
	amount bool
}

var formFields = []formField{
	{"project_name", []string{"项目名称", "项目名"}, false},
	{"department", []string{"主管部门及代码", "主管部门", "预算部门", "部门名称", "单位名称", "预算单位"}, false},
	{"implementer", []string{"实施单位", "项目实施单位"}, false},
	{"project_total", []string{"预算金额", "年度资金总额", "资金总额", "项目总额", "项目总金额", "项目资金总额", "预算总额", "年度预算总额", "项目总预算"}, true},
	{"this_year", []string{"本年度金额", "项目本年度金额", "本年度资金", "本年预算"}, true},
	{"appropriation", []string{"其中:财政拨款", "财政拨款", "当年财政拨款", "其中:当年财政拨款", "财政资金", "其中:财政资金", "本年财政拨款"}, true},
	{"carryover", []string{"上年结转", "其中:上年结转"}, true},
	{"other_funds", []string{"其他资金", "其中:其他资金"}, true},
	{"annual_goal", []string{"年度总体目标", "年度目标", "年度绩效目标", "绩效目标", "整体绩效目标", "部门整体绩效目标"}, false},
	{"overall_goal", []string{"总体目标", "项目总目标", "长期目标"}, false},
	// Labels whose values no check reads: they bound their neighbours'.
	{"", []string{"实施期限", "项目期限", "项目属性", "项目类型", "项目负责人", "联系人", "联系电话", "单位编码", "部门编码",
		"执行率", "预算执行率", "分值", "资金用途", "起止时间", "开始时间", "结束时间"}, false},
}

var formLabelTrim = regexp.MustCompile(`[(（]万元[)）]|[:：]$`)

// formLabel returns the field a cell's text labels, if any.
func formLabel(text string) *formField {
	k := Norm(text)
	k = formLabelTrim.ReplaceAllString(k, "")
	k = strings.TrimSuffix(k, ":")
	for i := range formFields {
		for _, l := range formFields[i].labels {
			if k == Norm(l) {
				return &formFields[i]
			}
		}
	}
	// A label cut by its cell's width (项目名 / 称, 年度目 / 标).
	if runeLen(k) >= 3 {
		var found *formField
		for i := range formFields {
			for _, l := range formFields[i].labels {
				if strings.HasPrefix(Norm(l), k) && runeLen(Norm(l)) == runeLen(k)+1 {
					if found != nil && found != &formFields[i] {
						return nil
					}
					found = &formFields[i]
				}
			}
		}
		return found
	}
	return nil
}

// level1Of is the 一级指标 each standard 二级指标 belongs to in the national
// framework (财预〔2021〕101号 and its predecessors).
var level1Of = map[string]string{
	"数量指标": "产出指标", "质量指标": "产出指标", "时效指标": "产出指标",
	"经济效益指标": "效益指标", "社会效益指标": "效益指标", "生态效益指标": "效益指标", "可持续影响指标": "效益指标",
	"服务对象满意度指标": "满意度指标",
	"经济成本指标":    "成本指标", "社会成本指标": "成本指标", "生态环境成本指标": "成本指标",
}

// rowLabelWords are the words of a form's row label printed down its left
// edge, beside the indicators.
var rowLabelWords = map[string]bool{"绩效指标": true, "绩效目标": true, "绩效": true, "目标": true, "指标": true, "绩效目标指标": true, "年度绩效指标": true}

// indicator columns.
const (
	icL1 = iota
	icL2
	icL3
	icNature
	icTarget
	icMeasure
	icScore
	icExtra
	icN
)

// headerTexts are the column headings printed over lines from..to: cells
// whose centres are close are one heading split over lines (一级 / 指标,
// 一级指 / 标), joined top to bottom.
func headerTexts(lines []*layout.Line) []layout.Cell {
	var out []layout.Cell
	for _, l := range lines {
		for _, c := range l.NonEmpty() {
			merged := false
			for k := range out {
				if math.Abs(out[k].Center()-c.Center()) < 12 {
					out[k].Text += strings.TrimSpace(c.Text)
					merged = true
					break
				}
			}
			if !merged {
				c.Text = strings.TrimSpace(c.Text)
				out = append(out, c)
			}
		}
	}
	return out
}

// indHeader finds the indicator header among lines: the column centres
// of 一级/二级/三级指标, 指标性质, 指标值, 度量单位 and 分值 (NaN when not
// printed) and the index of the header's last line.
func indHeader(lines []*layout.Line) (cols [icN]float64, at int, ok bool) {
	for i := range lines {
		for w := 1; w <= 3 && i+w <= len(lines); w++ {
			var c [icN]float64
			for k := range c {
				c[k] = math.NaN()
			}
			found := 0
			for _, cell := range headerTexts(lines[i : i+w]) {
				switch Norm(cell.Text) {
				case "一级指标":
					c[icL1] = cell.Center()
					found++
				case "二级指标":
					c[icL2] = cell.Center()
					found++
				case "三级指标":
					c[icL3] = cell.Center()
					found++
				}
			}
			if found < 3 {
				// 指标名称 | 指标性质 | 指标值 | 计量单位 (no tree: Chongqing).
				found = 0
				for _, cell := range headerTexts(lines[i : i+w]) {
					if Norm(cell.Text) == "指标名称" {
						c[icL3] = cell.Center()
						found = 3
					}
				}
				if found < 3 {
					continue
				}
			}
			// The other headings may be split over the lines around
			// (本年绩效指标 / 值, 绩效度量 / 单位).
			lo, hi := max(i-3, 0), min(i+w+2, len(lines))
			for _, cell := range headerTexts(lines[lo:hi]) {
				n := Norm(cell.Text)
				x := cell.Center()
				below := cell.Pos.Line > lines[i+w-1].Pos.Line || cell.Pos.Page > lines[i+w-1].Pos.Page
				if x < c[icL3]+10 {
					continue
				}
				switch {
				case strings.Contains(n, "性质"):
					c[icNature] = x
				case strings.Contains(n, "度量") || strings.Contains(n, "计量") || n == "单位":
					c[icMeasure] = x
				case strings.Contains(n, "指标值") || strings.Contains(n, "目标值") || strings.HasPrefix(n, "本年绩效指标"):
					c[icTarget] = x
				case strings.Contains(n, "分值") || strings.Contains(n, "权重"):
					c[icScore] = x
				case !below && !math.IsNaN(c[icTarget]) && x > c[icTarget] && n != "" && !strings.Contains(n, "指标值"):
					// Another column right of the values (是否核心, 评分标准,
					// 指标值说明): read into nothing rather than into a neighbour.
					if math.IsNaN(c[icExtra]) || x > c[icExtra] {
						c[icExtra] = x
					}
				}
			}
			if math.IsNaN(c[icTarget]) {
				continue
			}
			return c, i + w - 1, true
		}
	}
	return cols, 0, false
}

// readForms reads the performance forms printed in a table's lines: one
// form, or several when a region holds forms whose titles the table
// reader did not take apart. It returns the forms, the first with t's
// number, title and source, and false when the lines have no indicator
// header it can read (t is then left alone).
func (r *recognizer) readForms(t *yusuan.Table, lines []*layout.Line) ([]yusuan.Table, bool) {
	var segs [][]*layout.Line
	var titles []string
	start, seenHeader := 0, false
	title := t.Title
	for i, l := range lines {
		n := Norm(l.Text())
		newForm := false
		if i > start && seenHeader {
			if strings.Contains(n, "绩效目标表") || strings.Contains(n, "绩效目标申报表") {
				newForm = true
			}
			for _, c := range l.NonEmpty() {
				if f := formLabel(c.Text); f != nil && f.key == "project_name" {
					newForm = true
				}
			}
		}
		if newForm {
			segs = append(segs, lines[start:i])
			titles = append(titles, title)
			start, seenHeader = i, false
			title = ""
			for _, c := range l.NonEmpty() {
				if k := Norm(c.Text); strings.HasSuffix(k, "表") && strings.Contains(k, "绩效") {
					title = strings.TrimSpace(c.Text)
				}
			}
		}
		if _, _, ok := indHeader([]*layout.Line{l}); ok || strings.Contains(n, "三级指标") {
			seenHeader = true
		}
	}
	segs = append(segs, lines[start:])
	titles = append(titles, title)
	var out []yusuan.Table
	for k, seg := range segs {
		f := yusuan.Table{Kind: t.Kind, Number: t.Number, Title: titles[k], Unit: t.Unit, Columns: []yusuan.Column{}, Rows: []yusuan.Row{}}
		if f.Title == "" {
			f.Title = t.Title
		}
		if k == 0 {
			f.Source = t.Source
		} else if len(seg) > 0 {
			p := seg[0].Pos
			f.Source = &p
		}
		if !r.readForm(&f, seg) {
			if k == 0 {
				return nil, false
			}
			continue
		}
		out = append(out, f)
	}
	return out, len(out) > 0
}

// readForm reads one performance form from its lines into t (labelled
// rows and indicator rows). It returns false when the lines have no
// indicator header it can read.
func (r *recognizer) readForm(t *yusuan.Table, lines []*layout.Line) bool {
	cols, at, ok := indHeader(lines)
	if !ok {
		return false
	}
	// A list of projects, one per block of rows (项目名称 | 项目总额 | … |
	// 一级指标 …), is not a form: the caller keeps it as printed.
	leftmost := math.Inf(1)
	for _, k := range []int{icL1, icL2, icL3} {
		if !math.IsNaN(cols[k]) {
			leftmost = math.Min(leftmost, cols[k])
		}
	}
	for j := max(at-3, 0); j <= at; j++ {
		for _, c := range lines[j].NonEmpty() {
			if f := formLabel(c.Text); f != nil && c.Center() < leftmost && (f.key == "project_name" || f.amount) {
				return false
			}
		}
	}
	unit := t.Unit
	for _, l := range lines[:at] {
		for _, c := range l.NonEmpty() {
			if k := Norm(c.Text); strings.Contains(k, "万元") || strings.HasPrefix(k, "(万") {
				unit = "万元"
			}
		}
	}
	if unit == "" {
		unit = "元"
	}
	t.Unit = unit
	rows := r.formFields(t, lines[:at], unit)
	inds := formIndicators(lines[at+1:], cols)
	if len(inds) == 0 {
		return false // nothing read as a form: kept as printed
	}
	t.Columns = []yusuan.Column{
		{Key: "value", Label: "内容", Type: yusuan.ColText},
		{Key: "level1", Label: "一级指标", Type: yusuan.ColText},
		{Key: "level2", Label: "二级指标", Type: yusuan.ColText},
		{Key: "target", Label: "指标值", Type: yusuan.ColText},
	}
	if !math.IsNaN(cols[icMeasure]) {
		t.Columns = append(t.Columns, yusuan.Column{Key: "measure", Label: "度量单位", Type: yusuan.ColText})
	}
	t.Rows = append(rows, inds...)
	return true
}

// fcell is a cell of a form's field block with its line's height.
type fcell struct {
	layout.Cell
	y, h  float64
	label *formField
	used  bool
}

// formFields reads the labelled fields above the indicator header. A
// label may be split over two lines (项目 / 名称, 主管 / 部门); its value is
// the cells right of it, up to the next label on its right, whose lines
// lie within a line of the label's middle (a value wrapped in its cell is
// printed above and below the label's line: 福州市医疗保障基 / 金中心).
func (r *recognizer) formFields(t *yusuan.Table, lines []*layout.Line, unit string) []yusuan.Row {
	var cs []*fcell
	for _, l := range lines {
		y := float64(l.Pos.Page)*10000 + (l.Y0+l.Y1)/2
		h := l.Y1 - l.Y0
		if h <= 0 {
			h, y = 1, float64(l.Pos.Page)*10000+float64(l.Pos.Line)
		}
		for _, c := range l.NonEmpty() {
			cs = append(cs, &fcell{Cell: c, y: y, h: h})
		}
	}
	var labels []*fcell
	for i, c := range cs {
		if c.used {
			continue
		}
		if f := formLabel(c.Text); f != nil {
			c.label, c.used = f, true
			labels = append(labels, c)
			continue
		}
		// The rest of a label on the next line, under it.
		for _, d := range cs[i+1:] {
			if d.used || d.y <= c.y || d.y-c.y > 1.8*c.h {
				continue
			}
			if math.Abs(d.Center()-c.Center()) < 2*c.h || math.Abs(d.X0-c.X0) < c.h {
				if f := formLabel(c.Text + d.Text); f != nil {
					c.label, c.used, d.used = f, true, true
					c.Text += d.Text
					c.X1 = math.Max(c.X1, d.X1)
					c.y = (c.y + d.y) / 2
					labels = append(labels, c)
					break
				}
			}
		}
	}
	var out []yusuan.Row
	seen := map[string]bool{}
	for _, lb := range labels {
		f := lb.label
		if seen[f.key] {
			continue
		}
		// The next label to the right in the same band bounds the value.
		right := math.Inf(1)
		for _, o := range labels {
			if o != lb && o.X0 > lb.X1 && math.Abs(o.y-lb.y) < 1.2*lb.h && o.X0 < right {
				right = o.X0
			}
		}
		var val []*fcell
		for _, c := range cs {
			if c.used || c.X0 < lb.X1-2 || c.X1 > right+2 || math.Abs(c.y-lb.y) > 1.6*lb.h {
				continue
			}
			val = append(val, c)
		}
		if f.amount {
			// One amount: the one on the label's line, else the nearest.
			var best *fcell
			for _, c := range val {
				if !IsAmount(strings.TrimSpace(c.Text)) && !IsBlankMark(strings.TrimSpace(c.Text)) {
					continue
				}
				if best == nil || math.Abs(c.y-lb.y) < math.Abs(best.y-lb.y) || c.y == best.y && c.X0 < best.X0 {
					best = c
				}
			}
			if best == nil {
				continue
			}
			val = []*fcell{best}
		}
		sort.SliceStable(val, func(i, j int) bool {
			if val[i].y != val[j].y {
				return val[i].y < val[j].y
			}
			return val[i].X0 < val[j].X0
		})
		var parts []layout.Cell
		for _, c := range val {
			c.used = true
			parts = append(parts, c.Cell)
		}
		text := strings.TrimSpace(layout.Join(parts))
		seen[f.key] = true
		row := yusuan.Row{Key: f.key, Name: strings.TrimSpace(lb.Text), Cells: map[string]yusuan.Value{}}
		if len(parts) > 0 {
			row.Sources = map[string]yusuan.Position{"value": parts[0].Pos}
		}
		if f.amount {
			a, blank, err := ParseAmount(text, unit)
			if err != nil {
				r.warnf(parts[0].Pos, "表%d：%v", t.Number, err)
				continue
			}
			if !blank {
				row.Cells["value"] = yusuan.AmountValue(a)
			}
		} else {
			row.Cells["value"] = yusuan.TextValue(text)
			if f.key == "project_name" && t.Project == "" && text != "" {
				t.Project = text
			}
		}
		if f.key != "" {
			out = append(out, row)
		}
	}
	// Rows in the order of the fields.
	sort.SliceStable(out, func(i, j int) bool { return fieldIndex(out[i].Key) < fieldIndex(out[j].Key) })
	return out
}

func fieldIndex(key string) int {
	for i, f := range formFields {
		if f.key == key {
			return i
		}
	}
	return len(formFields)
}

// formIndicators reads the indicator rows under the header.
func formIndicators(lines []*layout.Line, cols [icN]float64) []yusuan.Row {
	type piece = formPiece
	var centres []float64
	var order []int
	for k, x := range cols {
		if !math.IsNaN(x) {
			centres = append(centres, x)
			order = append(order, k)
		}
	}
	colOf := func(c layout.Cell) int {
		best, d := -1, math.Inf(1)
		for i, x := range centres {
			if dd := math.Abs(x - c.Center()); dd < d {
				best, d = order[i], dd
			}
		}
		return best
	}
	type anchor struct {
		y      float64
		texts  [icN]string
		pos    [icN]yusuan.Position
		l3     []piece
		l1, l2 string
	}
	var anchors []*anchor
	var l1s, l2s, l3s []piece
	for _, l := range lines {
		if n := Norm(l.Text()); strings.Contains(n, "绩效目标表") || isPartHeading(n) {
			break // the next form's title or the narrative after the form
		}
		y := float64(l.Pos.Page)*10000 + (l.Y0+l.Y1)/2
		if l.Y0 == 0 && l.Y1 == 0 {
			y = float64(l.Pos.Page)*10000 + float64(l.Pos.Line)*10
		}
		var a *anchor
		var ps [icN][]layout.Cell
		for _, c := range l.NonEmpty() {
			if rowLabelWords[Norm(c.Text)] {
				continue // the form's row label printed down its left edge (绩效 / 目标 / 指标)
			}
			k := colOf(c)
			if k >= 0 {
				ps[k] = append(ps[k], c)
			}
		}
		if n := len(anchors); n > 0 && len(ps[icTarget]) > 0 && len(ps[icNature]) == 0 && unbalanced(anchors[n-1].texts[icTarget]) {
			// A value wrapped in its cell (≥2项（决策咨询研究、…分析研 / 究）).
			prev := anchors[n-1]
			prev.texts[icTarget] += strings.TrimSpace(layout.Join(ps[icTarget]))
			prev.y = (prev.y + y) / 2
			ps[icTarget] = nil
		}
		if len(ps[icTarget]) > 0 || len(ps[icNature]) > 0 {
			a = &anchor{y: y}
			for k := range ps {
				if len(ps[k]) > 0 {
					a.texts[k] = strings.TrimSpace(layout.Join(ps[k]))
					a.pos[k] = ps[k][0].Pos
				}
			}
			anchors = append(anchors, a)
		}
		if len(ps[icL1]) > 0 {
			l1s = append(l1s, piece{y, strings.TrimSpace(layout.Join(ps[icL1])), ps[icL1][0].Pos})
		}
		if len(ps[icL2]) > 0 {
			l2s = append(l2s, piece{y, strings.TrimSpace(layout.Join(ps[icL2])), ps[icL2][0].Pos})
		}
		if len(ps[icL3]) > 0 {
			l3s = append(l3s, piece{y, strings.TrimSpace(layout.Join(ps[icL3])), ps[icL3][0].Pos})
		}
	}
	if len(anchors) == 0 {
		return nil
	}
	ys := make([]float64, len(anchors))
	for i, a := range anchors {
		ys[i] = a.y
	}
	// 三级 names (wrapped) go to the nearest row.
	for _, p := range l3s {
		best, d := 0, math.Inf(1)
		for i, y := range ys {
			if dd := math.Abs(y - p.y); dd < d {
				best, d = i, dd
			}
		}
		anchors[best].l3 = append(anchors[best].l3, p)
	}
	// 二级 and 一级 labels (merged cells, wrapped) to the runs of rows they
	// are centred on.
	l2 := centred(ys, joinWrapped(l2s))
	for i, a := range anchors {
		a.l2 = l2[i]
	}
	l1 := centred(ys, joinWrapped(l1s))
	var out []yusuan.Row
	for i, a := range anchors {
		a.l1 = l1[i]
		if std, ok := level1Of[Norm(a.l2)]; ok {
			a.l1 = std
		}
		var name strings.Builder
		for _, p := range a.l3 {
			name.WriteString(p.text)
		}
		cells := map[string]yusuan.Value{
			"level1": yusuan.TextValue(a.l1),
			"level2": yusuan.TextValue(a.l2),
			"target": yusuan.TextValue(strings.TrimSpace(a.texts[icNature] + a.texts[icTarget])),
		}
		if !math.IsNaN(cols[icMeasure]) {
			cells["measure"] = yusuan.TextValue(a.texts[icMeasure])
		}
		out = append(out, yusuan.Row{Key: "indicator", Name: name.String(), Cells: cells,
			Sources: map[string]yusuan.Position{"target": a.pos[icTarget]}})
	}
	return out
}

// formPiece is a label printed in a column, at height y.
type formPiece struct {
	y    float64
	text string
	pos  yusuan.Position
}

// unbalanced reports text with a bracket left open.
func unbalanced(s string) bool {
	return strings.Count(s, "（")+strings.Count(s, "(") > strings.Count(s, "）")+strings.Count(s, ")")
}

// joinWrapped joins label pieces printed on consecutive lines into one
// label (满意度 / 指标, 服务对象 / 满意度指标) when the first does not read
// as a whole label, putting the label at the middle of its pieces.
func joinWrapped(ps []formPiece) []formPiece {
	var out []formPiece
	for _, p := range ps {
		if n := len(out); n > 0 {
			last := &out[n-1]
			if !strings.HasSuffix(Norm(last.text), "指标") && p.y-last.y < 40 {
				last.text += p.text
				last.y = (last.y + p.y) / 2
				continue
			}
		}
		out = append(out, p)
	}
	return out
}

// centred gives each row (at ys, in order) the label of the run of rows
// the label is centred on: rows are split into consecutive runs, one per
// label in order, so that each label lies as near as it can to the middle
// of its run. Rows before the first label's run get no label.
func centred(ys []float64, labels []formPiece) []string {
	out := make([]string, len(ys))
	n, k := len(ys), len(labels)
	if k == 0 || n == 0 {
		return out
	}
	if k > n {
		// More labels than rows: each row takes its nearest label.
		for i, y := range ys {
			best, d := "", math.Inf(1)
			for _, l := range labels {
				p := l
				if dd := math.Abs(p.y - y); dd < d {
					best, d = p.text, dd
				}
			}
			out[i] = best
		}
		return out
	}
	ly := make([]float64, k)
	lt := make([]string, k)
	for i, l := range labels {
		p := l
		ly[i], lt[i] = p.y, p.text
	}
	// cost[j][i]: labels 0..j cover rows 0..i-1 (the last run ends at i).
	inf := math.Inf(1)
	cost := make([][]float64, k)
	from := make([][]int, k)
	prefix := make([]float64, n+1)
	for i, y := range ys {
		prefix[i+1] = prefix[i] + y
	}
	mid := func(a, b int) float64 { return (prefix[b] - prefix[a]) / float64(b-a) }
	for j := 0; j < k; j++ {
		cost[j] = make([]float64, n+1)
		from[j] = make([]int, n+1)
		for i := range cost[j] {
			cost[j][i] = inf
		}
		for i := j + 1; i <= n; i++ {
			if j == 0 {
				cost[0][i] = math.Abs(mid(0, i) - ly[0])
				continue
			}
			for s := j; s < i; s++ {
				if c := cost[j-1][s] + math.Abs(mid(s, i)-ly[j]); c < cost[j][i] {
					cost[j][i], from[j][i] = c, s
				}
			}
		}
	}
	end := n
	for j := k - 1; j >= 0; j-- {
		s := 0
		if j > 0 {
			s = from[j][end]
		}
		for i := s; i < end; i++ {
			out[i] = lt[j]
		}
		end = s
	}
	return out
}
