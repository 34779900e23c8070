package render

import (
	"fmt"
	"strings"

	"github.com/yusuan/yusuan"
)

// Layout is a table as it is printed: its title and unit line, header rows
// with merged cells, and body rows of printed cells. HTML, PDF, XLSX and
// CSV all draw the same Layout, so every format shows the same figures
// under the same headers. It is built from the profile's declaration of the
// table when the profile is known, and from the document's own columns
// otherwise.
type Layout struct {
	Table *yusuan.Table
	Spec  *yusuan.TableSpec // nil without a profile
	Title string
	Unit  string // 元 or 万元
	// Department is printed before the unit (编制部门：…) when the title
	// does not name it, as published tables print it, so that a reader
	// of the rendering learns whose budget it is.
	Department string
	Decimals   int // decimals of amounts in 元 tables (0 or 2)
	// Blocks are the printed grids: one for a grid or two-sided table; a
	// form has its labelled fields, then its indicator tree.
	Blocks []Block
	// Empty is printed instead of rows when the table has none.
	Empty string
	// EmptyGrid is the header an empty grid table prints over its Empty
	// note, as published empty tables do (nil for forms, or when the
	// document has no columns for it). Formats that read tables back
	// (XLSX, CSV) keep to the note.
	EmptyGrid *Block
	Note      string
	// forceCodes lays out code columns although no row has a code (the
	// header of an empty table).
	forceCodes bool
}

// ColKind is what a printed column holds.
type ColKind int

const (
	KindCode   ColKind = iota // a part of a classification code (类, 款, 项) or a joined code
	KindName                  // a row name or label
	KindAmount                // money, in the table's unit
	KindNumber                // a count
	KindText                  // other text
)

// Col is a printed (leaf) column.
type Col struct {
	Kind  ColKind
	Key   string // document column key; "" for code and name columns
	Label string // the leaf header
	Group string // the header over several columns, if any
	// Role says what a column without a key prints: "code" (a part of
	// the row's code), "name", "gov_code" or "gov_name".
	Role string
	// Seg is which of a printed row's document rows the column prints
	// (BodyRow.Docs): 1 for the expenditure side of a two-sided table.
	Seg int
}

// Numeric reports whether the column is right-aligned.
func (c Col) Numeric() bool { return c.Kind == KindAmount || c.Kind == KindNumber }

// HeadCell is a header cell covering Span columns from Col and RowSpan
// header rows from its own row.
type HeadCell struct {
	Text          string
	Col           int
	Span, RowSpan int
	// Group marks a cell over several leaf columns (HTML scope colgroup).
	Group bool
}

// Printed is a printed body cell. Num is the exact amount in 元 (or a count
// ×100) when IsNum; Text is what is printed either way.
type Printed struct {
	Text  string
	Num   yusuan.Amount
	IsNum bool
}

// BodyRow is a printed row; Level is the document row's level (total,
// unit, class, segment, item) or "" for plain rows.
type BodyRow struct {
	Level string
	Cells []Printed
	// Docs are the indexes in the table of the document rows the printed
	// row shows, one per segment (Col.Seg); -1 where a side is empty.
	Docs []int
}

// Block is one printed grid.
type Block struct {
	Cols   []Col
	Header [][]HeadCell
	Rows   []BodyRow
}

// Wide reports whether the block needs a landscape page.
func (b *Block) Wide() bool {
	n := 0
	for _, c := range b.Cols {
		if c.Kind == KindCode {
			n++ // narrow
		} else {
			n += 3
		}
	}
	return n > 24
}

// Wide reports whether any block needs a landscape page.
func (l *Layout) Wide() bool {
	for i := range l.Blocks {
		if l.Blocks[i].Wide() {
			return true
		}
	}
	return l.EmptyGrid != nil && l.EmptyGrid.Wide()
}

// TableDecimals is the decimals a table prints 元 amounts with: the
// profile's when it declares them, otherwise what the figures need.
func TableDecimals(t *yusuan.Table, spec *yusuan.TableSpec) int {
	if spec != nil && spec.Decimals > 0 {
		return spec.Decimals
	}
	return Decimals(t)
}

// LayoutOf lays the table out as its profile prints it (spec may be nil).
func LayoutOf(t *yusuan.Table, spec *yusuan.TableSpec) *Layout {
	l := &Layout{Table: t, Spec: spec, Title: t.Title, Unit: t.Unit, Decimals: TableDecimals(t, spec), Note: t.Note}
	if l.Unit == "" {
		l.Unit = "元"
	}
	if len(t.Rows) == 0 {
		l.Empty = t.Note
		l.Note = ""
		if l.Empty == "" {
			l.Empty = "（本表无数据）"
		}
		if len(t.Columns) > 0 && !IsForm(t) {
			var b Block
			if IsTwoSided(t) {
				b = l.twoSided()
			} else {
				l.forceCodes = t.Kind != yusuan.KindThreePublic
				b = l.grid()
				l.forceCodes = false
			}
			l.EmptyGrid = &b
		}
		return l
	}
	switch {
	case spec == nil:
		// Without the profile's declaration the document's own columns
		// are printed as one grid, every cell in its row and column, so
		// that a reading of the rendering gives the same table back
		// (a side-by-side summary or a form would have to guess where a
		// blank row or an undeclared column goes).
		l.Blocks = []Block{l.grid()}
	case IsTwoSided(t):
		l.Blocks = []Block{l.twoSided()}
	case IsForm(t):
		l.Blocks = l.form()
	default:
		l.Blocks = []Block{l.grid()}
	}
	if l.Unit == "万元" {
		for i := range l.Blocks {
			l.alignWan(&l.Blocks[i])
		}
	}
	return l
}

// alignWan prints every amount of a 万元 column with the same decimals:
// as many as its most precise figure needs (at least the profile's), so
// that 867.50 stands over 12.34 and not 867.5.
func (l *Layout) alignWan(b *Block) {
	for ci, c := range b.Cols {
		if c.Kind == KindNumber {
			continue // counts
		}
		dec := 0
		if l.Spec != nil {
			dec = l.Spec.Decimals
		}
		any := false
		for _, r := range b.Rows {
			if p := r.Cells[ci]; p.IsNum {
				any = true
				if _, frac, ok := strings.Cut(p.Text, "."); ok {
					dec = max(dec, len(frac))
				}
			}
		}
		if !any {
			continue
		}
		for ri := range b.Rows {
			if p := &b.Rows[ri].Cells[ci]; p.IsNum {
				p.Text = p.Num.Wan(dec)
			}
		}
	}
}

// Layouts lays out every table of the document.
func Layouts(doc *yusuan.Document, p *yusuan.Profile) []*Layout {
	ls := make([]*Layout, len(doc.Tables))
	for i := range doc.Tables {
		t := &doc.Tables[i]
		ls[i] = LayoutOf(t, Spec(p, t))
		if d := doc.Department.Name; d != "" && !strings.Contains(t.Title, d) {
			ls[i].Department = d
		}
	}
	return ls
}

// Label is the table's number as the profile declares it (附表5; the
// project tables of one number share it), or "" when it has none.
func (l *Layout) Label() string {
	if l.Table.Number > 0 {
		return fmt.Sprintf("附表%d", l.Table.Number)
	}
	return ""
}

// UnitLine is the line under the title: 单位：元, after 编制部门：… when
// the title does not name the department.
func (l *Layout) UnitLine() string {
	if l.Department != "" {
		return "编制部门：" + l.Department + "  单位：" + l.Unit
	}
	return "单位：" + l.Unit
}

func (l *Layout) amount(a yusuan.Amount) Printed {
	return Printed{Text: Amount(l.Table, a, l.Decimals), Num: a, IsNum: true}
}

func (l *Layout) cell(r *yusuan.Row, c yusuan.Column) Printed {
	v, ok := r.Cells[c.Key]
	switch {
	case !ok:
		return Printed{}
	case v.IsText:
		return Printed{Text: v.Text}
	case c.Type == yusuan.ColNumber:
		d := 0
		if v.Num%100 != 0 {
			d = 2 // a count with a fraction (a rate read into a count column)
		}
		return Printed{Text: v.Num.Format(d), Num: v.Num, IsNum: true}
	}
	p := l.amount(v.Num)
	if v.Num%100 != 0 && l.Unit != "万元" && l.Decimals < 2 {
		// An amount with 分 in a column the table's decimals do not
		// cover (an amount in a text column) is printed whole.
		p.Text = v.Num.Format(2)
	}
	return p
}

func colKind(c yusuan.Column) ColKind {
	switch c.Type {
	case yusuan.ColText:
		return KindText
	case yusuan.ColNumber:
		return KindNumber
	}
	return KindAmount
}

func (l *Layout) grid() Block {
	t, spec := l.Table, l.Spec
	parts := CodeParts(t, spec)
	if parts == 0 && l.forceCodes {
		switch {
		case spec != nil && spec.CodeColumns == "joined":
			parts = 1
		case t.Kind == yusuan.KindGeneralPublicEconomic, t.Kind == yusuan.KindGeneralPublicBasic:
			parts = 2
		default:
			parts = 3
		}
	}
	gov := PrintsGov(t, spec)
	nameHeader := "科目名称"
	codeHeader := "科目编码"
	if spec != nil {
		if spec.NameHeader != "" {
			nameHeader = spec.NameHeader
		}
		if spec.CodeHeader != "" {
			codeHeader = spec.CodeHeader
		}
	}
	deptH, govH, ok := strings.Cut(codeHeader, "|")
	if gov && !ok {
		deptH, govH = "部门预算经济分类", "政府预算经济分类"
	}
	var b Block
	for _, h := range CodeHeaders(t, parts) {
		c := Col{Kind: KindCode, Label: h, Role: "code"}
		if parts > 1 {
			c.Group = deptH
		}
		b.Cols = append(b.Cols, c)
	}
	if parts == 1 {
		b.Cols[0].Label = deptH
	}
	if gov {
		b.Cols = append(b.Cols, Col{Kind: KindName, Label: nameHeader, Group: deptH, Role: "name"},
			Col{Kind: KindCode, Label: "类", Group: govH, Role: "gov_code"}, Col{Kind: KindCode, Label: "款", Group: govH, Role: "gov_code"}, Col{Kind: KindName, Label: "科目名称", Group: govH, Role: "gov_name"})
	} else {
		b.Cols = append(b.Cols, Col{Kind: KindName, Label: nameHeader, Role: "name"})
	}
	for _, c := range t.Columns {
		b.Cols = append(b.Cols, Col{Kind: colKind(c), Key: c.Key, Label: c.Label, Group: c.Group})
	}

	// Header: two rows when codes are split or columns are grouped.
	twoRows := parts > 1 || gov
	for _, c := range t.Columns {
		twoRows = twoRows || c.Group != ""
	}
	if !twoRows {
		row := make([]HeadCell, len(b.Cols))
		for i, c := range b.Cols {
			row[i] = HeadCell{Text: c.Label, Col: i, Span: 1, RowSpan: 1}
		}
		b.Header = [][]HeadCell{row}
	} else {
		var top, bottom []HeadCell
		i := 0
		if gov {
			n := parts + 1
			top = append(top, HeadCell{Text: deptH, Col: 0, Span: n, RowSpan: 1, Group: true},
				HeadCell{Text: govH, Col: n, Span: 3, RowSpan: 1, Group: true})
			for j := 0; j < n+3; j++ {
				bottom = append(bottom, HeadCell{Text: b.Cols[j].Label, Col: j, Span: 1, RowSpan: 1})
			}
			i = n + 3
		} else {
			if parts > 0 {
				if parts == 1 {
					top = append(top, HeadCell{Text: deptH, Col: 0, Span: 1, RowSpan: 2})
				} else {
					top = append(top, HeadCell{Text: deptH, Col: 0, Span: parts, RowSpan: 1, Group: true})
					for j := 0; j < parts; j++ {
						bottom = append(bottom, HeadCell{Text: b.Cols[j].Label, Col: j, Span: 1, RowSpan: 1})
					}
				}
			}
			top = append(top, HeadCell{Text: nameHeader, Col: parts, Span: 1, RowSpan: 2})
			i = parts + 1
		}
		for i < len(b.Cols) {
			c := b.Cols[i]
			if c.Kind == KindCode || c.Kind == KindName {
				i++
				continue
			}
			if c.Group == "" {
				top = append(top, HeadCell{Text: c.Label, Col: i, Span: 1, RowSpan: 2})
				i++
				continue
			}
			j := i
			for j < len(b.Cols) && b.Cols[j].Group == c.Group {
				bottom = append(bottom, HeadCell{Text: b.Cols[j].Label, Col: j, Span: 1, RowSpan: 1})
				j++
			}
			top = append(top, HeadCell{Text: c.Group, Col: i, Span: j - i, RowSpan: 1, Group: true})
			i = j
		}
		b.Header = [][]HeadCell{top, bottom}
	}

	for i := range t.Rows {
		r := &t.Rows[i]
		var cells []Printed
		if parts > 1 {
			for _, s := range SplitCode(r, parts) {
				cells = append(cells, Printed{Text: s})
			}
		} else if parts == 1 {
			cells = append(cells, Printed{Text: r.Code})
		}
		cells = append(cells, Printed{Text: r.Name})
		if gov {
			g := yusuan.Row{Code: r.GovCode}
			gc := SplitCode(&g, 2)
			if len(r.GovCode) > 5 {
				gc = []string{r.GovCode, ""} // printed whole rather than cut
			}
			cells = append(cells, Printed{Text: gc[0]}, Printed{Text: gc[1]}, Printed{Text: r.GovName})
		}
		for _, c := range t.Columns {
			cells = append(cells, l.cell(r, c))
		}
		b.Rows = append(b.Rows, BodyRow{Level: r.Level, Cells: cells, Docs: []int{i}})
	}
	return b
}

// PrintsGov reports whether a grid prints the government economic code
// and name beside the department's: in the economic table, and in any
// table whose rows carry them when it is printed from the document's own
// columns (spec nil), so that nothing read is dropped.
func PrintsGov(t *yusuan.Table, spec *yusuan.TableSpec) bool {
	if t.Kind == yusuan.KindGeneralPublicEconomic {
		return true
	}
	if spec != nil {
		return false
	}
	for _, r := range t.Rows {
		if r.GovCode != "" || r.GovName != "" {
			return true
		}
	}
	return false
}

// twoSided lays out 收入 beside 支出: the income side's name and amount
// columns, then the expenditure side's name and every expenditure column
// (Shanghai splits expenditure by budget).
func (l *Layout) twoSided() Block {
	t := l.Table
	var in, out []yusuan.Column
	for _, c := range t.Columns {
		if c.Type != "" && c.Type != yusuan.ColAmount {
			continue
		}
		if c.Key == "income" {
			in = append(in, c)
		} else {
			out = append(out, c)
		}
	}
	side := func(cols []yusuan.Column, def string) string {
		if len(cols) > 0 && cols[0].Group != "" {
			return cols[0].Group
		}
		return def
	}
	inGroup, outGroup := side(in, "收入"), side(out, "支出")
	var b Block
	b.Cols = append(b.Cols, Col{Kind: KindName, Label: "项目", Group: inGroup, Role: "name"})
	for _, c := range in {
		b.Cols = append(b.Cols, Col{Kind: KindAmount, Key: c.Key, Label: c.Label, Group: inGroup})
	}
	b.Cols = append(b.Cols, Col{Kind: KindName, Label: "项目", Group: outGroup, Role: "name", Seg: 1})
	for _, c := range out {
		b.Cols = append(b.Cols, Col{Kind: KindAmount, Key: c.Key, Label: c.Label, Group: outGroup, Seg: 1})
	}
	index := map[*yusuan.Row]int{}
	for i := range t.Rows {
		index[&t.Rows[i]] = i
	}
	split := 1 + len(in)
	var bottom []HeadCell
	for i, c := range b.Cols {
		bottom = append(bottom, HeadCell{Text: c.Label, Col: i, Span: 1, RowSpan: 1})
	}
	b.Header = [][]HeadCell{
		{{Text: inGroup, Col: 0, Span: split, RowSpan: 1, Group: true}, {Text: outGroup, Col: split, Span: len(b.Cols) - split, RowSpan: 1, Group: true}},
		bottom,
	}
	fill := func(cells []Printed, at int, r *yusuan.Row, name string, cols []yusuan.Column) {
		cells[at] = Printed{Text: name}
		for j, c := range cols {
			cells[at+1+j] = l.cell(r, c) // a blank stays blank, as in a grid
		}
	}
	income, exp, total := Sides(t)
	if l.Spec != nil {
		// A row printed blank has no cell to tell its side; the profile
		// does (三、国有资本经营预算 left blank on the income side).
		income, exp = nil, nil
		for i := range t.Rows {
			r := &t.Rows[i]
			switch {
			case r == total:
			case hasCell(r, "income") || len(r.Cells) == 0 && l.incomeItem(r.Key):
				income = append(income, r)
			default:
				exp = append(exp, r)
			}
		}
	}
	// A row with figures on both sides other than the total (总计, the
	// grand total of 收入总计 and 支出总计 printed on one line) is printed
	// on both sides, after the others, as it was read.
	var both []*yusuan.Row
	one := func(rows []*yusuan.Row) []*yusuan.Row {
		out := rows[:0:0]
		for _, r := range rows {
			if hasCell(r, "income") && len(r.Cells) > 1 && onBothSides(r) {
				both = append(both, r)
				continue
			}
			out = append(out, r)
		}
		return out
	}
	income, exp = one(income), one(exp)
	n := max(len(income), len(exp))
	for i := 0; i < n; i++ {
		cells := make([]Printed, len(b.Cols))
		docs := []int{-1, -1}
		if i < len(income) {
			fill(cells, 0, income[i], income[i].Name, in)
			docs[0] = index[income[i]]
		}
		if i < len(exp) {
			fill(cells, split, exp[i], exp[i].Name, out)
			docs[1] = index[exp[i]]
		}
		b.Rows = append(b.Rows, BodyRow{Cells: cells, Docs: docs})
	}
	for _, r := range both {
		cells := make([]Printed, len(b.Cols))
		fill(cells, 0, r, r.Name, in)
		fill(cells, split, r, r.Name, out)
		b.Rows = append(b.Rows, BodyRow{Level: r.Level, Cells: cells, Docs: []int{index[r], index[r]}})
	}
	if total != nil {
		inLabel, outLabel := TotalLabels(t, l.Spec)
		cells := make([]Printed, len(b.Cols))
		fill(cells, 0, total, inLabel, in)
		fill(cells, split, total, outLabel, out)
		b.Rows = append(b.Rows, BodyRow{Level: yusuan.LevelTotal, Cells: cells, Docs: []int{index[total], index[total]}})
	}
	return b
}

// onBothSides reports whether r, which has an income figure, also has a
// figure in another amount column.
func onBothSides(r *yusuan.Row) bool {
	for k, v := range r.Cells {
		if k != "income" && !v.IsText {
			return true
		}
	}
	return false
}

// incomeItem reports whether the profile puts the row of the key on the
// income side.
func (l *Layout) incomeItem(key string) bool {
	for _, g := range l.Spec.Rows.Items {
		for _, it := range g {
			if it.Key == key && key != "" {
				return it.Column == "income" || it.Of == "income"
			}
		}
	}
	return false
}

func (l *Layout) columnLabel(key, def string) string {
	for _, c := range l.Table.Columns {
		if c.Key == key && c.Label != "" {
			return c.Label
		}
	}
	return def
}

// form lays out a performance table: its labelled fields (项目 | 内容),
// then the indicator tree (一级 › 二级 › 三级 › 指标值).
func (l *Layout) form() []Block {
	t := l.Table
	fields := Block{Cols: []Col{{Kind: KindName, Label: "项目", Role: "name"}, {Kind: KindText, Key: "value", Label: l.columnLabel("value", "内容")}}}
	fields.Header = [][]HeadCell{{{Text: "项目", Col: 0, Span: 1, RowSpan: 1}, {Text: fields.Cols[1].Label, Col: 1, Span: 1, RowSpan: 1}}}
	var inds []*yusuan.Row
	var indAt []int
	hasMeasure := false
	for i := range t.Rows {
		r := &t.Rows[i]
		if r.Key == "indicator" {
			inds = append(inds, r)
			indAt = append(indAt, i)
			if _, ok := r.Cells["measure"]; ok {
				hasMeasure = true
			}
			continue
		}
		v := r.Cells["value"]
		c := Printed{Text: v.Text}
		if !v.IsText {
			c = l.amount(v.Num)
		}
		fields.Rows = append(fields.Rows, BodyRow{Level: r.Level, Cells: []Printed{{Text: r.Name}, c}, Docs: []int{i}})
	}
	blocks := []Block{fields}
	if len(inds) == 0 {
		return blocks
	}
	ib := Block{Cols: []Col{
		{Kind: KindText, Key: "level1", Label: l.columnLabel("level1", "一级指标")},
		{Kind: KindText, Key: "level2", Label: l.columnLabel("level2", "二级指标")},
		{Kind: KindName, Label: "三级指标", Role: "name"},
		{Kind: KindText, Key: "target", Label: l.columnLabel("target", "指标值")},
	}}
	if hasMeasure {
		ib.Cols = append(ib.Cols, Col{Kind: KindText, Key: "measure", Label: l.columnLabel("measure", "度量单位")})
	}
	var hr []HeadCell
	for i, c := range ib.Cols {
		hr = append(hr, HeadCell{Text: c.Label, Col: i, Span: 1, RowSpan: 1})
	}
	ib.Header = [][]HeadCell{hr}
	for k, r := range inds {
		cells := []Printed{{Text: r.Cells["level1"].Text}, {Text: r.Cells["level2"].Text}, {Text: r.Name}, {Text: r.Cells["target"].Text}}
		if hasMeasure {
			cells = append(cells, Printed{Text: r.Cells["measure"].Text})
		}
		ib.Rows = append(ib.Rows, BodyRow{Cells: cells, Docs: []int{indAt[k]}})
	}
	return append(blocks, ib)
}

// NameCol returns the index of the block's first name column (the row
// header), or -1.
func (b *Block) NameCol() int {
	for i, c := range b.Cols {
		if c.Kind == KindName {
			return i
		}
	}
	return -1
}

// FlatLabels are one-line headers of the block's columns ("基本支出：小计"),
// for formats with a single header row.
func (b *Block) FlatLabels() []string {
	out := make([]string, len(b.Cols))
	for i, c := range b.Cols {
		out[i] = c.Label
		if c.Group != "" {
			out[i] = c.Group + "：" + c.Label
		}
	}
	return out
}

// File is one rendered output file, named relative to the output directory.
type File struct {
	Name string
	Data []byte
}
