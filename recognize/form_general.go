package recognize

import (
	"math"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/yusuan/yusuan"
	"github.com/yusuan/yusuan/internal/lazyre"
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
	{"project_name", []string{"项目名称", "项目名", "单位(项目)名称", "项目(单位)名称", "二级项目名称"}, false},
	{"department", []string{"主管部门及代码", "主管部门", "预算部门", "部门名称", "单位名称", "预算单位"}, false},
	{"implementer", []string{"实施单位", "项目实施单位"}, false},
	{"project_total", []string{"预算金额", "年度资金总额", "资金总额", "项目总额", "项目总金额", "项目资金总额", "预算总额", "年度预算总额", "项目总预算"}, true},
	{"this_year", []string{"本年度金额", "项目本年度金额", "本年度资金", "本年预算"}, true},
	{"appropriation", []string{"其中:财政拨款", "财政拨款", "当年财政拨款", "其中:当年财政拨款", "财政资金", "其中:财政资金", "本年财政拨款", "当年财政拨款预算金额"}, true},
	{"carryover", []string{"上年结转", "其中:上年结转"}, true},
	{"other_funds", []string{"其他资金", "其中:其他资金"}, true},
	{"annual_goal", []string{"年度总体目标", "年度目标", "年度绩效目标", "绩效目标", "整体绩效目标", "部门整体绩效目标", "当年绩效目标"}, false},
	{"overall_goal", []string{"总体目标", "项目总目标", "长期目标"}, false},
	// Labels whose values no check reads: they bound their neighbours'.
	{"", []string{"序号", "实施期限", "项目期限", "项目属性", "项目类型", "项目负责人", "联系人", "联系电话", "单位编码", "部门编码",
		"执行率", "预算执行率", "分值", "资金用途", "起止时间", "开始时间", "结束时间"}, false},
}

var formLabelTrim = lazyre.New(`[(（]万元[)）]|[:：]$`)

// normLabels holds formFields' labels normalized (Norm), in the same
// order: formLabel compares every cell's text with all of them.
var normLabels = sync.OnceValue(func() [][]string {
	out := make([][]string, len(formFields))
	for i := range formFields {
		for _, l := range formFields[i].labels {
			out[i] = append(out[i], Norm(l))
		}
	}
	return out
})

// formLabel returns the field a cell's text labels, if any.
func formLabel(text string) *formField {
	k := Norm(text)
	if strings.Contains(k, "万元") || strings.HasSuffix(k, ":") || strings.HasSuffix(k, "：") {
		k = formLabelTrim.ReplaceAllString(k, "")
	}
	k = strings.TrimSuffix(k, ":")
	labels := normLabels()
	for i := range formFields {
		for _, l := range labels[i] {
			if k == l {
				return &formFields[i]
			}
		}
	}
	// A label cut by its cell's width (项目名 / 称, 年度目 / 标).
	if runeLen(k) >= 3 {
		var found *formField
		for i := range formFields {
			for _, l := range labels[i] {
				if strings.HasPrefix(l, k) && runeLen(l) == runeLen(k)+1 {
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

// headingPieces are pieces of column headings printed on lines of their own.
var headingPieces = map[string]bool{"值": true, "单位": true, "性质": true, "其": true, "他": true, "资": true, "金": true,
	"其中": true, "其中:": true, "财政资金": true, "其他资金": true, "(%)": true, "度量单位": true, "计量单位": true, "指标值": true,
	"性质值": true, "绩效指标": true, "绩效度量": true, "本年绩效指标": true}

// targetHeadings are the exact headings of the value column.
var targetHeadings = map[string]bool{"指标值": true, "目标值": true, "绩效指标值": true, "本年绩效指标值": true, "年度指标值": true, "指标目标值": true}

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
	icExtra // up to four columns the reader does not know
	icN     = icExtra + 4
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
			last := i + w - 1
			exactTarget := false
			for _, cell := range headerTexts(lines[lo:hi]) {
				n := Norm(cell.Text)
				x := cell.Center()
				below := cell.Pos.Line > lines[i+w-1].Pos.Line || cell.Pos.Page > lines[i+w-1].Pos.Page
				if x < c[icL3]+10 {
					continue
				}
				if below && (strings.Contains(n, "性质") || strings.Contains(n, "度量") || strings.Contains(n, "计量") || strings.Contains(n, "指标值") || n == "值" || n == "单位" || n == "性质") {
					// The rest of a heading split over the lines below (本年绩效指标 / 值).
					for k := i + w; k < hi; k++ {
						if lines[k].Pos == cell.Pos {
							last = max(last, k)
						}
					}
				}
				switch {
				case strings.Contains(n, "性质") || strings.Contains(n, "指标值类型"):
					c[icNature] = x
				case strings.Contains(n, "度量") || strings.Contains(n, "计量") || n == "单位":
					c[icMeasure] = x
				case targetHeadings[n]:
					c[icTarget], exactTarget = x, true
				case !exactTarget && (strings.Contains(n, "指标值") || strings.Contains(n, "目标值") || strings.HasPrefix(n, "本年绩效指标")) && !strings.Contains(n, "内容") && !strings.Contains(n, "说明"):
					c[icTarget] = x
				case strings.Contains(n, "分值") || strings.Contains(n, "权重"):
					c[icScore] = x
				case !below && x > c[icL3]+20 && n != "" && runeLen(n) > 1:
					// Another column (是否核心, 评（扣）分标准, 指标值内容): read
					// into nothing rather than into a neighbour.
					for e := icExtra; e < icN; e++ {
						if math.IsNaN(c[e]) {
							c[e] = x
							break
						}
					}
				}
			}
			if math.IsNaN(c[icTarget]) {
				continue
			}
			// Lines below holding only pieces of headings (性质 值 单位, 其 / 他 /
			// 资 / 金) are the header's too.
			for k := last + 1; k < len(lines) && k <= last+6; k++ {
				all := len(lines[k].NonEmpty()) > 0
				for _, cell := range lines[k].NonEmpty() {
					n := Norm(cell.Text)
					if !headingPieces[n] && formLabel(n) == nil {
						all = false
					}
				}
				if !all {
					break
				}
				last = k
			}
			return c, last, true
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
	if forms, ok := r.readProjectList(t, lines); ok {
		return forms, true
	}
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
	for _, c := range headerTexts(lines[max(at-6, 0) : at+1]) {
		if f := formLabel(c.Text); f != nil && c.Center() < leftmost && (f.key == "project_name" || f.amount) {
			return false
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
	return formIndicatorsFrom(lines, cols, math.Inf(-1))
}

// natureWords are the values of an indicator's 指标性质 column.
var natureWords = map[string]bool{"≥": true, "≤": true, "=": true, ">": true, "<": true, "＝": true, "＞": true, "＜": true,
	"定性": true, "定量": true, "大于等于": true, "小于等于": true, "等于": true, "大于": true, "小于": true}

// formIndicatorsFrom reads indicator rows from the cells right of minX
// (a list of projects prints its project columns left of the tree).
func formIndicatorsFrom(lines []*layout.Line, cols [icN]float64, minX float64) []yusuan.Row {
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
		if !math.IsNaN(cols[icNature]) && natureWords[Norm(c.Text)] {
			// A comparison printed left in a wide 指标值类型 column may
			// lie nearer the 度量单位 heading: it is the nature by meaning.
			return icNature
		}
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
	var l1s, l2s, l3s, wraps []piece
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
			if rowLabelWords[Norm(c.Text)] || c.Center() < minX {
				continue // the form's row label printed down its left edge (绩效 / 目标 / 指标)
			}
			k := colOf(c)
			if k >= 0 {
				ps[k] = append(ps[k], c)
			}
		}
		if !math.IsNaN(cols[icNature]) && len(ps[icNature]) == 0 && len(ps[icTarget]) > 0 {
			// With a 性质 column every row prints one: a value without it
			// is a value wrapped in its cell, above or below its row.
			for _, c := range ps[icTarget] {
				wraps = append(wraps, piece{y: y, text: strings.TrimSpace(c.Text), pos: c.Pos})
			}
			ps[icTarget] = nil
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
			l1s = append(l1s, piece{y: y, text: strings.TrimSpace(layout.Join(ps[icL1])), pos: ps[icL1][0].Pos})
		}
		if len(ps[icL2]) > 0 {
			l2s = append(l2s, piece{y: y, text: strings.TrimSpace(layout.Join(ps[icL2])), pos: ps[icL2][0].Pos})
		}
		if len(ps[icL3]) > 0 {
			l3s = append(l3s, piece{y: y, text: strings.TrimSpace(layout.Join(ps[icL3])), pos: ps[icL3][0].Pos})
		}
	}
	if len(anchors) == 0 {
		return nil
	}
	ys := make([]float64, len(anchors))
	for i, a := range anchors {
		ys[i] = a.y
	}
	// Wrapped values go to the nearest row, in the order printed.
	for _, p := range wraps {
		best, d := 0, math.Inf(1)
		for i, y := range ys {
			if dd := math.Abs(y - p.y); dd < d {
				best, d = i, dd
			}
		}
		a := anchors[best]
		if p.y < a.y {
			a.texts[icTarget] = p.text + a.texts[icTarget]
		} else {
			a.texts[icTarget] += p.text
		}
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
	free bool // a label continued from the page before (centred)
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
// of its run. A free label (a merged cell continued from the page before,
// printed above it) takes the rows at its place that no label is centred
// on, possibly none; every other label takes one row at least.
func centred(ys []float64, labels []formPiece) []string {
	out := make([]string, len(ys))
	n, k := len(ys), len(labels)
	if k == 0 || n == 0 {
		return out
	}
	real := 0
	for _, l := range labels {
		if !l.free {
			real++
		}
	}
	if real > n || n*n*k > 4_000_000 {
		// More labels than rows, or more than the partition can afford
		// (a hostile document): each row takes its nearest label.
		for i, y := range ys {
			best, d := "", math.Inf(1)
			for _, l := range labels {
				if dd := math.Abs(l.y - y); !l.free && dd < d {
					best, d = l.text, dd
				}
			}
			out[i] = best
		}
		return out
	}
	// A run's middle is the middle of the space its rows take: from half
	// way to the row above its first to half way to the row below its last
	// (a row wrapped over many lines takes more).
	// Rows on different pages are not neighbours (ys are page*10000 + y).
	samePage := func(i, j int) bool { return i >= 0 && j < n && int(ys[i]/10000) == int(ys[j]/10000) }
	top := func(a int) float64 {
		switch {
		case samePage(a-1, a):
			return (ys[a-1] + ys[a]) / 2
		case samePage(a, a+1):
			return ys[a] - (ys[a+1]-ys[a])/2
		}
		return ys[a]
	}
	bottom := func(b int) float64 {
		switch {
		case samePage(b-1, b):
			return (ys[b-1] + ys[b]) / 2
		case samePage(b-2, b-1):
			return ys[b-1] + (ys[b-1]-ys[b-2])/2
		}
		return ys[b-1]
	}
	runCost := func(j, s, e int) float64 {
		if labels[j].free {
			return 0
		}
		if e == s {
			return math.Inf(1)
		}
		return math.Abs((top(s)+bottom(e))/2 - labels[j].y)
	}
	// cost[j][i]: labels 0..j cover rows 0..i-1.
	inf := math.Inf(1)
	cost := make([][]float64, k)
	from := make([][]int, k)
	for j := 0; j < k; j++ {
		cost[j] = make([]float64, n+1)
		from[j] = make([]int, n+1)
		for i := 0; i <= n; i++ {
			cost[j][i] = inf
			for s := 0; s <= i; s++ {
				prev := 0.0
				if j > 0 {
					prev = cost[j-1][s]
				} else if s > 0 {
					continue
				}
				if c := prev + runCost(j, s, i); c < cost[j][i] {
					cost[j][i], from[j][i] = c, s
				}
			}
		}
	}
	end := n
	for j := k - 1; j >= 0; j-- {
		s := from[j][end]
		for i := s; i < end; i++ {
			out[i] = labels[j].text
		}
		end = s
	}
	return out
}

// lineY is a line's height on the page, pages apart.
func lineY(l *layout.Line) float64 {
	if l.Y0 == 0 && l.Y1 == 0 {
		return float64(l.Pos.Page)*10000 + float64(l.Pos.Line)*10
	}
	return float64(l.Pos.Page)*10000 + (l.Y0+l.Y1)/2
}

// readProjectList reads a list of projects printed as one grid (项目名称 |
// 项目总额 | 其中：财政资金 | 其他资金 | 绩效目标 | 一级指标 …: Beijing's
// 项目支出绩效目标表): each project's name, amounts and goal are printed at
// the middle of the block of indicator rows they span. It returns one
// form per project, or false when the lines are not such a list.
func (r *recognizer) readProjectList(t *yusuan.Table, lines []*layout.Line) ([]yusuan.Table, bool) {
	cols, at, ok := indHeader(lines)
	if !ok {
		return nil, false
	}
	leftmost := math.Inf(1)
	for _, k := range []int{icL1, icL2, icL3} {
		if !math.IsNaN(cols[k]) {
			leftmost = math.Min(leftmost, cols[k])
		}
	}
	// The project columns, left of the tree.
	type pcol struct {
		x float64
		f *formField
	}
	var pcols []pcol
	// A department's overall form printed as a list of units (Changsha's
	// 部门整体支出绩效目标表: 单位编码 | 单位名称 | 资金总额 | 一般公共预算 … |
	// 基本支出 | 项目支出 | 整体绩效目标 | 一级指标 …): the unit's name and its
	// budget columns.
	dept := t.Kind == yusuan.KindPerformanceDepartment
	hdrEnd := at + 1
	if dept && at+1 < len(lines) && headingRest(lines[at+1]) {
		hdrEnd = at + 2 // the rest of headings split over lines (一般公共 / 预算)
	}
	for _, c := range headerTexts(lines[max(at-6, 0):hdrEnd]) {
		if c.Center() >= leftmost {
			continue
		}
		if f := deptBudgetColumn(c.Text); dept && f != nil {
			pcols = append(pcols, pcol{c.Center(), f})
		} else if f := formLabel(c.Text); f != nil && (f.key != "" || Norm(c.Text) == "序号") {
			// 序号 is a column too: its numbers must not run into the
			// project's name beside it (市政府办公 1 厅业务…).
			pcols = append(pcols, pcol{c.Center(), f})
		} else if listCodeHeadings[Norm(c.Text)] {
			// The unit's or project's code (单位编码 126001): a column of
			// its own, not part of the name beside it.
			pcols = append(pcols, pcol{c.Center(), &listCodeField})
		}
	}
	// Cells left of the middle between the last project column and the
	// first level column are the project's.
	bound := math.Inf(-1)
	for _, p := range pcols {
		if p.x < leftmost {
			bound = math.Max(bound, (p.x+leftmost)/2)
		}
	}
	if math.IsInf(bound, -1) {
		bound = leftmost - 10
	}
	hasName, amountKey := false, ""
	for i, p := range pcols {
		if dept && p.f.key == "department" {
			pcols[i].f = &formFields[0] // the unit's name is the list's name column
			p = pcols[i]
		}
		if p.f.key == "project_name" {
			hasName = true
		}
		if p.f.amount && (amountKey == "" || p.f.key == "project_total" || p.f.key == "budget_total") {
			amountKey = p.f.key
		}
	}
	if !hasName || amountKey == "" || dept && amountKey != "budget_total" {
		return nil, false
	}
	// The header printed again on top of every page (Changsha) is not
	// rows; any other line naming the indicator levels is a structure
	// this reader does not place reliably: the list is kept as printed.
	headerLine := map[string]bool{}
	for _, l := range lines[:hdrEnd] {
		headerLine[Norm(l.Text())] = true
	}
	var body []*layout.Line
	for _, l := range lines[hdrEnd:] {
		if !headerLine[Norm(l.Text())] {
			body = append(body, l)
		}
	}
	for _, l := range body {
		for _, c := range l.NonEmpty() {
			if Norm(c.Text) == "一级指标" || Norm(c.Text) == "三级指标" {
				return nil, false
			}
		}
	}
	colOf := func(c layout.Cell) *formField {
		var best *formField
		d := math.Inf(1)
		for _, p := range pcols {
			if dd := math.Abs(p.x - c.Center()); dd < d {
				best, d = p.f, dd
			}
		}
		return best
	}
	unit := listUnit(t, lines[:at+1])
	// Projects: the lines with an amount in the amount column.
	type project struct {
		y      float64
		fields map[string][]layout.Cell
		pos    yusuan.Position
	}
	var projects []*project
	var pieces []struct {
		y float64
		f *formField
		c layout.Cell
	}
	for _, l := range body {
		y := lineY(l)
		for _, c := range l.NonEmpty() {
			if c.Center() >= bound {
				continue
			}
			f := colOf(c)
			if f == nil {
				continue
			}
			if f.key == amountKey && IsAmount(strings.TrimSpace(c.Text)) && (len(projects) == 0 || projects[len(projects)-1].y != y) {
				projects = append(projects, &project{y: y, fields: map[string][]layout.Cell{}, pos: c.Pos})
			}
			pieces = append(pieces, struct {
				y float64
				f *formField
				c layout.Cell
			}{y, f, c})
		}
	}
	if len(projects) == 0 {
		return nil, false
	}
	// Every piece of a project column goes to the nearest project line.
	nearest := func(y float64) *project {
		best, d := projects[0], math.Inf(1)
		for _, p := range projects {
			if dd := math.Abs(p.y - y); dd < d {
				best, d = p, dd
			}
		}
		return best
	}
	for _, pc := range pieces {
		p := nearest(pc.y)
		key := pc.f.key
		if dept && strings.HasPrefix(key, "budget_") && !IsAmount(strings.TrimSpace(pc.c.Text)) {
			key = "annual_goal" // the goal's text printed wide, over the budget columns
		}
		p.fields[key] = append(p.fields[key], pc.c)
	}
	// The list's 合计 and a unit's subtotal (126001 长沙市信访局 417.41,
	// the unit named as in the page's 部门名称) are printed as rows of
	// the list but are no projects: they are kept on the first project's
	// form (list_total, unit_total) and get no indicators.
	unitName := r.namedUnit(lines[0])
	var summary []yusuan.Row
	real := projects[:0:0]
	for _, p := range projects {
		name, code := Norm(joinCells(p.fields["project_name"])), Norm(joinCells(p.fields[listCodeField.key]))
		key := ""
		switch {
		case isTotalName(name) || name == "小计" || name == "" && isTotalName(code):
			key = "list_total"
			name, code = "合计", ""
		case !dept && unitName != "" && name == unitName:
			key = "unit_total"
		}
		if key == "" || len(p.fields[amountKey]) == 0 {
			real = append(real, p)
			continue
		}
		c := p.fields[amountKey][0]
		a, blank, err := ParseAmount(strings.TrimSpace(c.Text), listUnit(t, lines[:at+1]))
		if err != nil {
			r.warnf(c.Pos, "表%d：%v", t.Number, err)
			continue
		}
		if key == "unit_total" {
			name = strings.TrimSpace(joinCells(p.fields["project_name"]))
		}
		row := yusuan.Row{Key: key, Name: name, Code: code,
			Cells: map[string]yusuan.Value{}, Sources: map[string]yusuan.Position{"value": c.Pos}}
		if key == "list_total" {
			row.Level = yusuan.LevelTotal
		} else {
			row.Level = yusuan.LevelUnit
		}
		if !blank {
			row.Cells["value"] = yusuan.AmountValue(a)
		}
		summary = append(summary, row)
	}
	if len(real) == 0 {
		return nil, false
	}
	projects = real
	// Indicator rows go to the project whose block they are in: the rows
	// are split among the projects so that each project line lies at the
	// middle of its rows.
	var anchorLines []int
	for i, l := range body {
		for _, c := range l.NonEmpty() {
			if x := c.Center(); x >= bound && (math.Abs(x-cols[icTarget]) < 25 || !math.IsNaN(cols[icNature]) && math.Abs(x-cols[icNature]) < 15) {
				anchorLines = append(anchorLines, i)
				break
			}
		}
	}
	ys := make([]float64, len(anchorLines))
	for i, li := range anchorLines {
		ys[i] = lineY(body[li])
	}
	// A project's block may continue on the next page without its name
	// and amounts: each page after the first opens with a free label that
	// stands for the project before.
	var labels []formPiece
	idx := map[string]int{}
	lastPage := -1
	k := 0
	for _, y := range ys {
		page := int(y / 10000)
		for k < len(projects) && projects[k].y < y && int(projects[k].y/10000) <= page {
			labels = append(labels, formPiece{y: projects[k].y, text: "p" + strconv.Itoa(k)})
			idx["p"+strconv.Itoa(k)] = k
			k++
		}
		if page != lastPage {
			if lastPage >= 0 && k > 0 {
				name := "c" + strconv.Itoa(page)
				labels = append(labels, formPiece{y: float64(page) * 10000, text: name, free: true})
				idx[name] = k - 1
			}
			lastPage = page
		}
	}
	for ; k < len(projects); k++ {
		labels = append(labels, formPiece{y: projects[k].y, text: "p" + strconv.Itoa(k)})
		idx["p"+strconv.Itoa(k)] = k
	}
	sort.SliceStable(labels, func(i, j int) bool { return labels[i].y < labels[j].y })
	owner := make([]int, len(anchorLines))
	for i, l := range centred(ys, labels) {
		owner[i] = idx[l]
	}
	// Each body line belongs to the project of its nearest indicator row.
	lineOwner := func(i int) int {
		y := lineY(body[i])
		best, d := 0, math.Inf(1)
		for k, li := range anchorLines {
			if dd := math.Abs(lineY(body[li]) - y); dd < d {
				best, d = owner[k], dd
			}
		}
		return best
	}
	groups := make([][]*layout.Line, len(projects))
	for i := range body {
		if len(anchorLines) == 0 {
			break
		}
		o := lineOwner(i)
		groups[o] = append(groups[o], body[i])
	}
	if dept {
		// One unit, its row printed again on every page: one form.
		names := map[string]bool{}
		for _, p := range projects {
			names[Norm(joinCells(p.fields["project_name"]))] = true
		}
		if len(names) != 1 {
			return nil, false // several units: kept as printed
		}
	}
	var out []yusuan.Table
	for k, p := range projects {
		f := yusuan.Table{Kind: t.Kind, Number: t.Number, Title: t.Title, Unit: unit, Columns: []yusuan.Column{}, Rows: []yusuan.Row{}}
		pos := p.pos
		f.Source = &pos
		if dept {
			printed := map[string]string{}
			for _, pc := range pcols {
				for i := range deptBudgetFields {
					if pc.f == &deptBudgetFields[i] {
						printed[pc.f.key] = pc.f.labels[0]
					}
				}
			}
			rows, ok := r.deptBudgetRows(t, p.fields, unit, printed)
			if !ok {
				return nil, false
			}
			f.Rows = append(f.Rows, rows...)
		}
		for _, ff := range formFields {
			cells := p.fields[ff.key]
			if ff.key == "" || len(cells) == 0 {
				continue
			}
			sort.SliceStable(cells, func(i, j int) bool {
				return cells[i].Pos.Line < cells[j].Pos.Line || cells[i].Pos.Line == cells[j].Pos.Line && cells[i].X0 < cells[j].X0
			})
			text := strings.TrimSpace(layout.Join(cells))
			row := yusuan.Row{Key: ff.key, Name: ff.labels[0], Cells: map[string]yusuan.Value{}, Sources: map[string]yusuan.Position{"value": cells[0].Pos}}
			if ff.amount {
				a, blank, err := ParseAmount(strings.TrimSpace(cells[0].Text), unit)
				if err != nil {
					r.warnf(cells[0].Pos, "表%d：%v", t.Number, err)
					continue
				}
				if !blank {
					row.Cells["value"] = yusuan.AmountValue(a)
				}
			} else {
				row.Cells["value"] = yusuan.TextValue(text)
				if ff.key == "project_name" {
					f.Project = text
				}
			}
			f.Rows = append(f.Rows, row)
		}
		if dept {
			// The unit's name: a department field, no project.
			for i := range f.Rows {
				if f.Rows[i].Key == "project_name" {
					f.Rows[i].Key, f.Rows[i].Name = "department", "单位名称"
				}
			}
			f.Project = ""
		}
		f.Rows = append(f.Rows, formIndicatorsFrom(groups[k], cols, bound)...)
		f.Columns = []yusuan.Column{
			{Key: "value", Label: "内容", Type: yusuan.ColText},
			{Key: "level1", Label: "一级指标", Type: yusuan.ColText},
			{Key: "level2", Label: "二级指标", Type: yusuan.ColText},
			{Key: "target", Label: "指标值", Type: yusuan.ColText},
		}
		if !math.IsNaN(cols[icMeasure]) {
			f.Columns = append(f.Columns, yusuan.Column{Key: "measure", Label: "度量单位", Type: yusuan.ColText})
		}
		// A project continued on the next page under its name and
		// amounts printed again is one project.
		if n := len(out); n > 0 && (dept || f.Project != "" && out[n-1].Project == f.Project) {
			for _, r := range f.Rows {
				if r.Key == "indicator" {
					out[n-1].Rows = append(out[n-1].Rows, r)
				}
			}
			continue
		}
		out = append(out, f)
	}
	out[0].Rows = append(out[0].Rows, summary...)
	return out, true
}

// deptBudgetFields are the budget columns of a department's overall form
// printed as a list of units.
var deptBudgetFields = []formField{
	{"budget_total", []string{"资金总额", "预算总额", "合计", "年度预算总额"}, true},
	{"budget_gp", []string{"一般公共预算", "一般公共预算拨款", "一般公共预算资金"}, true},
	{"budget_fund", []string{"政府性基金", "政府性基金拨款", "政府性基金预算", "政府性基金预算拨款"}, true},
	{"budget_capital", []string{"国有资本经营预算", "国有资本经营预算拨款"}, true},
	{"budget_special", []string{"财政专户管理资金", "财政专户管理的资金"}, true},
	{"budget_other_funds", []string{"其他资金", "其他"}, true},
	{"budget_basic", []string{"基本支出"}, true},
	{"budget_project", []string{"项目支出"}, true},
}

// deptBudgetColumn is the budget column a heading names; a group heading
// merged above it (年度预算申请 / 财政专户管理资金) is allowed.
func deptBudgetColumn(text string) *formField {
	k := Norm(text)
	for i := range deptBudgetFields {
		for _, l := range deptBudgetFields[i].labels {
			if n := Norm(l); k == n || runeLen(n) >= 4 && strings.HasSuffix(k, n) {
				return &deptBudgetFields[i]
			}
		}
	}
	return nil
}

// headingRest reports a line holding only short words and no amount:
// the rest of headings printed over two lines.
func headingRest(l *layout.Line) bool {
	cells := l.NonEmpty()
	if len(cells) == 0 {
		return false
	}
	for _, c := range cells {
		t := strings.TrimSpace(c.Text)
		if runeLen(t) > 4 || IsAmount(t) {
			return false
		}
	}
	return true
}

// deptBudgetRows are the 预算情况 rows of a department's overall form
// read from its unit's budget columns: the total, 财政拨款 (一般公共预算,
// 政府性基金 and 国有资本经营) against 其他资金 (财政专户管理资金 and other
// funds), and 基本支出 and 项目支出. Blank columns are 0. The columns
// folded into 财政拨款 and 其他资金 that the form prints (printed: key to
// label) are kept too, one row each, blank where the page prints none. It
// returns false when an amount does not parse.
func (r *recognizer) deptBudgetRows(t *yusuan.Table, fields map[string][]layout.Cell, unit string, printed map[string]string) ([]yusuan.Row, bool) {
	amount := func(key string) (yusuan.Amount, *yusuan.Position, bool) {
		cs := fields[key]
		if len(cs) == 0 {
			return 0, nil, true
		}
		a, _, err := ParseAmount(strings.TrimSpace(cs[0].Text), unit)
		if err != nil {
			r.warnf(cs[0].Pos, "表%d：%v", t.Number, err)
			return 0, nil, false
		}
		pos := cs[0].Pos
		return a, &pos, true
	}
	type part struct {
		key, name string
		of        []string
	}
	var rows []yusuan.Row
	for _, pt := range []part{
		{"budget_total", "资金总额", []string{"budget_total"}},
		{"budget_fiscal", "财政拨款", []string{"budget_gp", "budget_fund", "budget_capital"}},
		{"budget_other", "其他资金", []string{"budget_special", "budget_other_funds"}},
		{"budget_basic", "基本支出", []string{"budget_basic"}},
		{"budget_project", "项目支出", []string{"budget_project"}},
	} {
		var sum yusuan.Amount
		var src *yusuan.Position
		for _, k := range pt.of {
			a, pos, ok := amount(k)
			if !ok {
				return nil, false
			}
			sum += a
			if src == nil {
				src = pos
			}
		}
		row := yusuan.Row{Key: pt.key, Name: pt.name, Cells: map[string]yusuan.Value{"value": yusuan.AmountValue(sum)}}
		if src != nil {
			row.Sources = map[string]yusuan.Position{"value": *src}
		}
		rows = append(rows, row)
	}
	for _, k := range []string{"budget_gp", "budget_fund", "budget_capital", "budget_special", "budget_other_funds"} {
		name, ok := printed[k]
		if !ok {
			continue
		}
		row := yusuan.Row{Key: k, Name: name, Cells: map[string]yusuan.Value{}}
		if cs := fields[k]; len(cs) > 0 {
			a, blank, err := ParseAmount(strings.TrimSpace(cs[0].Text), unit)
			if err != nil {
				r.warnf(cs[0].Pos, "表%d：%v", t.Number, err)
				return nil, false
			}
			if !blank {
				row.Cells["value"] = yusuan.AmountValue(a)
			}
			row.Sources = map[string]yusuan.Position{"value": cs[0].Pos}
		}
		rows = append(rows, row)
	}
	return rows, true
}

// listCodeHeadings head the code column of a list of projects.
var listCodeHeadings = map[string]bool{"单位编码": true, "单位代码": true, "项目编码": true, "项目代码": true, "部门编码": true, "编码": true}

// listCodeField is the code column of a list of projects.
var listCodeField = formField{key: "code"}

// listUnit is the unit a list of projects prints its amounts in: the
// table's, or one its header lines state.
func listUnit(t *yusuan.Table, header []*layout.Line) string {
	unit := t.Unit
	if unit == "" {
		unit = "元"
	}
	for _, l := range header {
		if u := unitOf(Norm(l.Text())); u != "" {
			unit = u
		}
	}
	return unit
}

func joinCells(cs []layout.Cell) string {
	cs = append([]layout.Cell(nil), cs...)
	sort.SliceStable(cs, func(i, j int) bool {
		return cs[i].Pos.Page < cs[j].Pos.Page || cs[i].Pos.Page == cs[j].Pos.Page && (cs[i].Pos.Line < cs[j].Pos.Line || cs[i].Pos.Line == cs[j].Pos.Line && cs[i].X0 < cs[j].X0)
	})
	return layout.Join(cs)
}

var namedUnitRe = lazyre.New(`(?:部门|单位)(?:名称)?[:：]\s*(\S+)`)

// namedUnit is the department or unit a page names above its table
// (部门名称：长沙市信访局), normalized, or "". first is the table's first
// line; the name is looked for on its page above it.
func (r *recognizer) namedUnit(first *layout.Line) string {
	for _, l := range r.lines {
		if l.Pos.Page != first.Pos.Page || l.Pos.Line > first.Pos.Line {
			continue
		}
		for _, c := range l.NonEmpty() {
			if m := namedUnitRe.FindStringSubmatch(strings.TrimSpace(c.Text)); m != nil && !strings.Contains(m[1], "元") {
				return Norm(m[1])
			}
		}
	}
	return ""
}
