// Package compile turns a budget into its disclosure: every table the
// profile declares, projected from the budget's facts, and the narrative
// with every figure computed. Nothing is entered twice, so the tables agree
// with each other and with the narrative by construction.
package compile

import (
	"bytes"
	"fmt"
	"sort"
	"strings"
	"sync"
	"text/template"

	"github.com/yusuan/yusuan"
)

// Compile builds the document for budget b in profile p, naming codes from
// catalog cat.
func Compile(b *yusuan.Budget, p *yusuan.Profile, cat *yusuan.Catalog) (*yusuan.Document, error) {
	// Every sum below adds amounts of the budget: bounding their total
	// once makes all of them exact (see yusuan.MaxTotal).
	if err := b.CheckTotal(); err != nil {
		return nil, err
	}
	c := &compiler{b: b, p: p, cat: cat}
	title, err := c.title(p.Title, titleData{Department: b.Department.Name, Year: b.Year})
	if err != nil {
		return nil, fmt.Errorf("profile %s: title: %w", p.ID, err)
	}
	kind, level, err := docKind(b, p)
	if err != nil {
		return nil, err
	}
	doc := &yusuan.Document{
		Schema:     yusuan.DocumentSchema,
		Profile:    p.ID,
		Kind:       kind,
		Level:      level,
		Year:       b.Year,
		Department: b.Department,
		Title:      title,
		Origin:     "compiled",
	}
	for i := range p.Parts {
		pt, err := c.title(p.Parts[i], titleData{Department: b.Department.Name, Year: b.Year})
		if err != nil {
			return nil, fmt.Errorf("profile %s: parts[%d]: %w", p.ID, i, err)
		}
		doc.Parts = append(doc.Parts, pt)
	}
	for i := range p.Tables {
		ts, err := c.table(&p.Tables[i])
		if err != nil {
			return nil, fmt.Errorf("表%d（%s）：%w", p.Tables[i].Number, p.Tables[i].Name, err)
		}
		doc.Tables = append(doc.Tables, ts...)
	}
	c.doc = doc
	if err := c.narrative(doc); err != nil {
		return nil, err
	}
	return doc, nil
}

type compiler struct {
	b   *yusuan.Budget
	p   *yusuan.Profile
	cat *yusuan.Catalog
	doc *yusuan.Document
	// values memoizes measures the narrative states more than once.
	values map[string]yusuan.Amount
	// sharedNames are the 项 names more than one of the budget's 项 have.
	sharedNames map[string]bool
}

type titleData struct {
	Department string
	Year       int
	Unit       string
	Project    string
}

// parsed caches parsed templates by their text: profiles are data loaded
// once and compiled many times, so each template is parsed once.
var parsed sync.Map // string → *template.Template

func (c *compiler) title(tmpl string, d titleData) (string, error) {
	var t *template.Template
	if v, ok := parsed.Load(tmpl); ok {
		t = v.(*template.Template)
	} else {
		var err error
		if t, err = template.New("title").Parse(tmpl); err != nil {
			return "", err
		}
		parsed.Store(tmpl, t)
	}
	var buf bytes.Buffer
	if err := t.Execute(&buf, d); err != nil {
		return "", err
	}
	return buf.String(), nil
}

// lines returns the expenditure lines the filter selects.
func (c *compiler) lines(f yusuan.Filter, from []*yusuan.ExpenditureLine) []*yusuan.ExpenditureLine {
	var out []*yusuan.ExpenditureLine
	for _, l := range from {
		if f.Match(c.b, l) {
			out = append(out, l)
		}
	}
	return out
}

func (c *compiler) allLines() []*yusuan.ExpenditureLine {
	ls := make([]*yusuan.ExpenditureLine, len(c.b.Expenditure))
	for i := range c.b.Expenditure {
		ls[i] = &c.b.Expenditure[i]
	}
	return ls
}

// sumMatch adds the lines the filter selects without collecting them.
func (c *compiler) sumMatch(f yusuan.Filter, ls []*yusuan.ExpenditureLine) yusuan.Amount {
	var s yusuan.Amount
	for _, l := range ls {
		if f.Match(c.b, l) {
			s += l.Amount
		}
	}
	return s
}

func sum(ls []*yusuan.ExpenditureLine) yusuan.Amount {
	var s yusuan.Amount
	for _, l := range ls {
		s += l.Amount
	}
	return s
}

func (c *compiler) table(spec *yusuan.TableSpec) ([]yusuan.Table, error) {
	base := yusuan.Table{
		Kind:    spec.Kind,
		Number:  spec.Number,
		Unit:    spec.Unit,
		Columns: spec.DocumentColumns(),
		Note:    spec.Note,
	}
	td := titleData{Department: c.b.Department.Name, Year: c.b.Year}
	if spec.Rows.By == yusuan.RowsPerformanceProject {
		var out []yusuan.Table
		for i := range c.b.Projects {
			pr := &c.b.Projects[i]
			t := base
			u, _ := c.b.UnitByCode(pr.Unit)
			td.Unit, td.Project = u.Name, pr.Name
			title, err := c.title(spec.Title, td)
			if err != nil {
				return nil, err
			}
			t.Title, t.Project = title, pr.Name
			if t.Rows, err = c.projectForm(spec, pr); err != nil {
				return nil, err
			}
			out = append(out, t)
		}
		return out, nil
	}
	title, err := c.title(spec.Title, td)
	if err != nil {
		return nil, err
	}
	base.Title = title
	in := c.lines(spec.Filter, c.allLines())
	switch spec.Rows.By {
	case yusuan.RowsList:
		base.Rows, err = c.listRows(spec, spec.Rows.Items, in)
	case yusuan.RowsFunctional:
		base.Rows = c.functionalRows(spec, in)
	case yusuan.RowsEcon:
		base.Rows = c.econRows(spec, in)
	case yusuan.RowsEconGov:
		base.Rows = c.econGovRows(spec, in)
	case yusuan.RowsProcurement:
		base.Rows = c.procurementRows(spec)
	case yusuan.RowsPerformanceDepartment:
		if c.b.Performance == nil {
			return nil, fmt.Errorf("《%s》需要部门整体绩效目标（performance）", spec.Name)
		}
		base.Rows, err = c.departmentForm(spec, in)
	default:
		return nil, fmt.Errorf("unknown row generator %q", spec.Rows.By)
	}
	if err != nil {
		return nil, err
	}
	if len(base.Rows) == 0 {
		// Document JSON prints an empty table's rows as [], not null.
		base.Rows = []yusuan.Row{}
		if spec.EmptyNote != "" {
			// An empty note may name the department ({{.Department}}没有…).
			if base.Note, err = c.title(spec.EmptyNote, td); err != nil {
				return nil, err
			}
		}
	}
	return []yusuan.Table{base}, nil
}

// amountCells fills every amount column from the lines, each narrowed by
// the column's filter. Columns of income or carry-overs (final accounts)
// sum those facts under the table's, the row's (rf) and the column's
// filters instead.
func amountCells(c *compiler, spec *yusuan.TableSpec, ls []*yusuan.ExpenditureLine, rf yusuan.Filter) map[string]yusuan.Value {
	cells := make(map[string]yusuan.Value, len(spec.Columns))
	for _, col := range spec.Columns {
		if col.Type != "" && col.Type != yusuan.ColAmount {
			continue
		}
		if v, ok := c.factCell(spec, col, rf); ok {
			cells[col.Key] = yusuan.AmountValue(v)
			continue
		}
		switch {
		case col.Value != "":
			f := yusuan.Filter{}
			if col.Filter != nil {
				f = *col.Filter
			}
			cells[col.Key] = yusuan.AmountValue(c.sumQuantity(f, ls, col.Value))
		case col.Filter != nil:
			cells[col.Key] = yusuan.AmountValue(c.sumMatch(*col.Filter, ls))
		default:
			cells[col.Key] = yusuan.AmountValue(sum(ls))
		}
	}
	return cells
}

func (c *compiler) listRows(spec *yusuan.TableSpec, groups [][]yusuan.RowItem, in []*yusuan.ExpenditureLine) ([]yusuan.Row, error) {
	var rows []yusuan.Row
	for _, items := range groups {
		for _, it := range items {
			if it.Functions {
				rows = append(rows, c.classRows(spec, it, in)...)
				continue
			}
			r := yusuan.Row{Code: "", Name: it.Name, Key: it.Key, Cells: map[string]yusuan.Value{}}
			if it.Total {
				r.Level = yusuan.LevelTotal
			}
			// Items of one side (carry-overs, surplus, or spending named
			// explicitly) fill only that side's columns.
			if len(it.Sums) > 0 || finalQuantity(it.Of) || it.Of == "expenditure" {
				c.finalItemCells(spec, it, in, r.Cells)
				rows = append(rows, r)
				continue
			}
			for _, col := range spec.Columns {
				if col.Type != "" && col.Type != yusuan.ColAmount {
					continue
				}
				if !it.Total && it.Column != "" && it.Column != col.Key {
					continue
				}
				of := it.Of
				if col.Of != "" && (it.Total || of == "") {
					of = col.Of
				}
				f := it.Filter
				if col.Filter != nil {
					f = col.Filter.And(f)
				}
				switch {
				case of == "income":
					r.Cells[col.Key] = yusuan.AmountValue(spec.Filter.And(f).SumIncome(c.b))
				case col.Value != "":
					r.Cells[col.Key] = yusuan.AmountValue(c.sumQuantity(f, in, col.Value))
				default:
					r.Cells[col.Key] = yusuan.AmountValue(c.sumMatch(f, in))
				}
			}
			rows = append(rows, r)
		}
	}
	return rows, nil
}

// classRows expands an item into one row per functional 类 with spending.
func (c *compiler) classRows(spec *yusuan.TableSpec, it yusuan.RowItem, in []*yusuan.ExpenditureLine) []yusuan.Row {
	sel := c.lines(it.Filter, in)
	var classes []string
	seen := map[string]bool{}
	for _, l := range sel {
		cl, _, _ := yusuan.FunctionalParts(l.Function)
		if !seen[cl] {
			seen[cl] = true
			classes = append(classes, cl)
		}
	}
	sort.Strings(classes)
	var rows []yusuan.Row
	for _, cl := range classes {
		ls := c.lines(yusuan.Filter{Function: []string{cl}}, sel)
		cells := map[string]yusuan.Value{}
		if it.Column != "" {
			cells[it.Column] = yusuan.AmountValue(sum(ls))
		} else {
			// Every expenditure column, each narrowed by its own filter
			// (Shanghai splits these rows by budget).
			for _, col := range spec.Columns {
				if (col.Type == "" || col.Type == yusuan.ColAmount) && col.Of != "income" {
					f := yusuan.Filter{}
					if col.Filter != nil {
						f = *col.Filter
					}
					cells[col.Key] = yusuan.AmountValue(c.sumMatch(f, ls))
				}
			}
		}
		rows = append(rows, yusuan.Row{Code: cl, Name: c.name(yusuan.SchemeFunctional, cl), Key: it.Key, Level: yusuan.LevelClass, Cells: cells})
	}
	return rows
}

func (c *compiler) name(s yusuan.Scheme, code string) string {
	if cl := c.cat.Scheme(s); cl != nil {
		if n, ok := cl.Name(code); ok {
			return n
		}
	}
	return code
}

// itemName is a 项's name as the profile prints it: generic names get
// their 款 in brackets, and so does a name two of the budget's 项 share,
// with or without 支出 (事业运行 of 2010150 and of 2010350; 农村基础设施建设
// and 农村基础设施建设支出), or the narrative, which prints
// names without codes, could not be read back.
func (c *compiler) itemName(code string) string {
	n := c.name(yusuan.SchemeFunctional, code)
	if len(code) == 7 {
		for _, q := range c.p.QualifyNames {
			if n == q {
				return n + "（" + c.name(yusuan.SchemeFunctional, code[:5]) + "）"
			}
		}
		if c.sharedNames == nil {
			c.sharedNames = map[string]bool{}
			codeOf := map[string]string{}
			for _, l := range c.b.Expenditure {
				if len(l.Function) != 7 {
					continue
				}
				// The narrative adds 支出 to a name: 农村基础设施建设 (2130504)
				// reads as 农村基础设施建设支出 (2120804).
				ln := strings.TrimSuffix(c.name(yusuan.SchemeFunctional, l.Function), "支出")
				if other, ok := codeOf[ln]; ok && other != l.Function {
					c.sharedNames[ln] = true
				}
				codeOf[ln] = l.Function
			}
		}
		if c.sharedNames[strings.TrimSuffix(n, "支出")] {
			return n + "（" + c.name(yusuan.SchemeFunctional, code[:5]) + "）"
		}
	}
	return n
}

func totalRow(c *compiler, spec *yusuan.TableSpec, ls []*yusuan.ExpenditureLine) yusuan.Row {
	return yusuan.Row{Code: "", Name: "合计", Level: yusuan.LevelTotal, Cells: amountCells(c, spec, ls, yusuan.Filter{})}
}

func levelsOf(spec *yusuan.TableSpec, def ...string) map[string]bool {
	lv := spec.Rows.Levels
	if len(lv) == 0 {
		lv = def
	}
	m := map[string]bool{}
	for _, l := range lv {
		m[l] = true
	}
	return m
}

func (c *compiler) functionalRows(spec *yusuan.TableSpec, in []*yusuan.ExpenditureLine) []yusuan.Row {
	facts := c.factFunctions(spec, "")
	if len(in) == 0 && len(facts) == 0 {
		return nil
	}
	rows := []yusuan.Row{totalRow(c, spec, in)}
	levels := levelsOf(spec, yusuan.LevelClass, yusuan.LevelSegment, yusuan.LevelItem)
	if !spec.Rows.Units {
		return append(rows, c.codeRows(spec, in, levels, "", facts)...)
	}
	for _, u := range c.b.Units {
		ul := c.lines(yusuan.Filter{Unit: u.Code}, in)
		uf := c.factFunctions(spec, u.Code)
		if len(ul) == 0 && len(uf) == 0 {
			continue
		}
		rows = append(rows, yusuan.Row{Code: u.Code, Name: u.Name, Level: yusuan.LevelUnit, Cells: amountCells(c, spec, ul, yusuan.Filter{Unit: u.Code})})
		rows = append(rows, c.codeRows(spec, ul, levels, u.Code, uf)...)
	}
	return rows
}

// codeRows groups lines by functional code at the requested levels, in
// code order (a 类 before its 款 before its 项). Extra are functional 项
// that only income or carry-over facts of the table name (final accounts).
func (c *compiler) codeRows(spec *yusuan.TableSpec, in []*yusuan.ExpenditureLine, levels map[string]bool, unit string, extra []string) []yusuan.Row {
	groups := map[string][]*yusuan.ExpenditureLine{}
	for _, fn := range extra {
		cl, seg, item := yusuan.FunctionalParts(fn)
		for _, k := range []struct {
			level, code string
		}{{yusuan.LevelClass, cl}, {yusuan.LevelSegment, seg}, {yusuan.LevelItem, item}} {
			if _, ok := groups[k.code]; levels[k.level] && !ok {
				groups[k.code] = nil
			}
		}
	}
	for _, l := range in {
		cl, seg, item := yusuan.FunctionalParts(l.Function)
		if levels[yusuan.LevelClass] {
			groups[cl] = append(groups[cl], l)
		}
		if levels[yusuan.LevelSegment] {
			groups[seg] = append(groups[seg], l)
		}
		if levels[yusuan.LevelItem] {
			groups[item] = append(groups[item], l)
		}
	}
	codes := make([]string, 0, len(groups))
	for k := range groups {
		codes = append(codes, k)
	}
	sort.Strings(codes)
	rows := make([]yusuan.Row, 0, len(codes))
	for _, code := range codes {
		lv := map[int]string{3: yusuan.LevelClass, 5: yusuan.LevelSegment, 7: yusuan.LevelItem}[len(code)]
		rows = append(rows, yusuan.Row{Code: code, Name: c.itemName(code), Level: lv, Cells: amountCells(c, spec, groups[code], yusuan.Filter{Function: []string{code}, Unit: unit})})
	}
	return rows
}

func (c *compiler) econRows(spec *yusuan.TableSpec, in []*yusuan.ExpenditureLine) []yusuan.Row {
	if len(in) == 0 {
		return nil
	}
	levels := levelsOf(spec, yusuan.LevelClass, yusuan.LevelSegment)
	groups := map[string][]*yusuan.ExpenditureLine{}
	for _, l := range in {
		if levels[yusuan.LevelClass] {
			groups[l.Econ[:3]] = append(groups[l.Econ[:3]], l)
		}
		if levels[yusuan.LevelSegment] {
			groups[l.Econ] = append(groups[l.Econ], l)
		}
	}
	codes := make([]string, 0, len(groups))
	for k := range groups {
		codes = append(codes, k)
	}
	sort.Strings(codes)
	rows := []yusuan.Row{totalRow(c, spec, in)}
	for _, code := range codes {
		lv := yusuan.LevelSegment
		if len(code) == 3 {
			lv = yusuan.LevelClass
		}
		rows = append(rows, yusuan.Row{Code: code, Name: c.name(yusuan.SchemeEcon, code), Level: lv, Cells: amountCells(c, spec, groups[code], yusuan.Filter{Econ: []string{code}})})
	}
	return rows
}

func (c *compiler) econGovRows(spec *yusuan.TableSpec, in []*yusuan.ExpenditureLine) []yusuan.Row {
	if len(in) == 0 {
		return nil
	}
	type pair struct{ econ, gov string }
	groups := map[pair][]*yusuan.ExpenditureLine{}
	for _, l := range in {
		k := pair{l.Econ, l.GovEcon}
		groups[k] = append(groups[k], l)
	}
	keys := make([]pair, 0, len(groups))
	for k := range groups {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if keys[i].econ != keys[j].econ {
			return keys[i].econ < keys[j].econ
		}
		return keys[i].gov < keys[j].gov
	})
	rows := []yusuan.Row{totalRow(c, spec, in)}
	for _, k := range keys {
		gn := c.name(yusuan.SchemeGovEcon, k.gov) + spec.Rows.GovSuffix[k.gov[:3]]
		rows = append(rows, yusuan.Row{Code: k.econ, Name: c.name(yusuan.SchemeEcon, k.econ), Level: yusuan.LevelSegment,
			GovCode: k.gov, GovName: gn, Cells: amountCells(c, spec, groups[k], yusuan.Filter{Econ: []string{k.econ}, GovEcon: []string{k.gov}})})
	}
	return rows
}

func (c *compiler) procurementRows(spec *yusuan.TableSpec) []yusuan.Row {
	if len(c.b.Procurement) == 0 {
		return nil
	}
	total := yusuan.Row{Code: "", Name: "合计", Level: yusuan.LevelTotal, Cells: map[string]yusuan.Value{}}
	var qty int64
	var amt yusuan.Amount
	rows := []yusuan.Row{total}
	for _, it := range c.b.Procurement {
		u, _ := c.b.UnitByCode(it.Unit)
		r := yusuan.Row{Code: it.Function, Name: u.Name, Level: yusuan.LevelItem, Cells: map[string]yusuan.Value{}}
		for _, col := range spec.Columns {
			switch col.Field {
			case "purpose":
				r.Cells[col.Key] = yusuan.TextValue(it.Purpose)
			case "catalog":
				r.Cells[col.Key] = yusuan.TextValue(it.Catalog)
			case "item":
				r.Cells[col.Key] = yusuan.TextValue(it.Item)
			case "measure":
				r.Cells[col.Key] = yusuan.TextValue(it.Measure)
			case "econ":
				r.Cells[col.Key] = yusuan.TextValue(it.Econ)
			case "category":
				r.Cells[col.Key] = yusuan.TextValue(procurementCategory[it.Category])
			case "quantity":
				r.Cells[col.Key] = yusuan.CountValue(it.Quantity)
			case "unit_price":
				r.Cells[col.Key] = yusuan.AmountValue(it.UnitPrice)
			case "amount":
				r.Cells[col.Key] = yusuan.AmountValue(it.Amount)
			}
		}
		qty += it.Quantity
		amt += it.Amount
		rows = append(rows, r)
	}
	for _, col := range spec.Columns {
		switch col.Field {
		case "quantity":
			rows[0].Cells[col.Key] = yusuan.CountValue(qty)
		case "amount":
			rows[0].Cells[col.Key] = yusuan.AmountValue(amt)
		}
	}
	return rows
}

var procurementCategory = map[yusuan.ProcurementCategory]string{
	yusuan.ProcureGoods: "货物", yusuan.ProcureWorks: "工程", yusuan.ProcureServices: "服务",
}

func textRow(key, label, text string) yusuan.Row {
	return yusuan.Row{Key: key, Name: label, Cells: map[string]yusuan.Value{"value": yusuan.TextValue(text)}}
}

func indicatorRows(ins []yusuan.Indicator) []yusuan.Row {
	rows := make([]yusuan.Row, 0, len(ins))
	for _, in := range ins {
		cells := make(map[string]yusuan.Value, 4)
		cells["level1"] = yusuan.TextValue(in.Level1)
		cells["level2"] = yusuan.TextValue(in.Level2)
		cells["target"] = yusuan.TextValue(in.Target)
		if in.Measure != "" {
			cells["measure"] = yusuan.TextValue(in.Measure)
		}
		rows = append(rows, yusuan.Row{Key: "indicator", Name: in.Name, Cells: cells})
	}
	return rows
}

func (c *compiler) departmentForm(spec *yusuan.TableSpec, in []*yusuan.ExpenditureLine) ([]yusuan.Row, error) {
	pf := c.b.Performance
	var rows []yusuan.Row
	for _, f := range spec.Rows.Fields {
		switch f.Field {
		case "department":
			rows = append(rows, textRow(f.Key, f.Label, c.b.Department.Name))
		case "goal":
			rows = append(rows, textRow(f.Key, f.Label, pf.Goal))
		case "tasks":
			for _, t := range pf.Tasks {
				rows = append(rows, yusuan.Row{Key: "task", Name: t.Name, Cells: map[string]yusuan.Value{"value": yusuan.TextValue(t.Content)}})
			}
		default:
			return nil, fmt.Errorf("unknown department field %q", f.Field)
		}
	}
	for _, items := range spec.Rows.Items {
		for _, it := range items {
			rows = append(rows, yusuan.Row{Key: it.Key, Name: it.Name,
				Cells: map[string]yusuan.Value{"value": yusuan.AmountValue(c.sumMatch(it.Filter, in))}})
		}
	}
	return append(rows, indicatorRows(pf.Indicators)...), nil
}

// projectFields are the facts a project form's fields may show.
var projectFields = map[string]func(c *compiler, p *yusuan.Project) yusuan.Value{
	"name":    func(_ *compiler, p *yusuan.Project) yusuan.Value { return yusuan.TextValue(p.Name) },
	"unit":    func(_ *compiler, p *yusuan.Project) yusuan.Value { return yusuan.TextValue(p.Unit) },
	"use":     func(_ *compiler, p *yusuan.Project) yusuan.Value { return yusuan.TextValue(p.Use) },
	"manager": func(_ *compiler, p *yusuan.Project) yusuan.Value { return yusuan.TextValue(p.Manager) },
	"contact": func(_ *compiler, p *yusuan.Project) yusuan.Value { return yusuan.TextValue(p.Contact) },
	"phone":   func(_ *compiler, p *yusuan.Project) yusuan.Value { return yusuan.TextValue(p.Phone) },
	"start":   func(_ *compiler, p *yusuan.Project) yusuan.Value { return yusuan.TextValue(p.Start) },
	"end":     func(_ *compiler, p *yusuan.Project) yusuan.Value { return yusuan.TextValue(p.End) },
	"total":   func(_ *compiler, p *yusuan.Project) yusuan.Value { return yusuan.AmountValue(p.Total) },
	"this_year": func(c *compiler, p *yusuan.Project) yusuan.Value {
		return yusuan.AmountValue(yusuan.Filter{Project: p.ID}.Sum(c.b))
	},
	"last_year_total": func(_ *compiler, p *yusuan.Project) yusuan.Value { return yusuan.AmountValue(p.LastYearTotal) },
	"last_year":       func(_ *compiler, p *yusuan.Project) yusuan.Value { return yusuan.AmountValue(p.LastYear) },
	"overview":        func(_ *compiler, p *yusuan.Project) yusuan.Value { return yusuan.TextValue(p.Overview) },
	"basis":           func(_ *compiler, p *yusuan.Project) yusuan.Value { return yusuan.TextValue(p.Basis) },
	"necessity":       func(_ *compiler, p *yusuan.Project) yusuan.Value { return yusuan.TextValue(p.Necessity) },
	"measures":        func(_ *compiler, p *yusuan.Project) yusuan.Value { return yusuan.TextValue(p.Measures) },
	"plan":            func(_ *compiler, p *yusuan.Project) yusuan.Value { return yusuan.TextValue(p.Plan) },
	"remark":          func(_ *compiler, p *yusuan.Project) yusuan.Value { return yusuan.TextValue(p.Remark) },
	"overall_goal":    func(_ *compiler, p *yusuan.Project) yusuan.Value { return yusuan.TextValue(p.OverallGoal) },
	"annual_goal":     func(_ *compiler, p *yusuan.Project) yusuan.Value { return yusuan.TextValue(p.AnnualGoal) },
}

func (c *compiler) projectForm(spec *yusuan.TableSpec, pr *yusuan.Project) ([]yusuan.Row, error) {
	rows := make([]yusuan.Row, 0, len(spec.Rows.Fields)+len(pr.Indicators))
	for _, f := range spec.Rows.Fields {
		get, ok := projectFields[f.Field]
		if !ok {
			return nil, fmt.Errorf("unknown project field %q", f.Field)
		}
		rows = append(rows, yusuan.Row{Key: f.Key, Name: f.Label, Cells: map[string]yusuan.Value{"value": get(c, pr)}})
	}
	return append(rows, indicatorRows(pr.Indicators)...), nil
}

// tableName is the short name of the first table of a kind.
func (c *compiler) tableName(k yusuan.TableKind) string {
	for _, t := range c.p.Tables {
		if t.Kind == k {
			return t.Name
		}
	}
	return string(k)
}

func trimZeros(s string) string {
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	return s
}

func sortStrings(s []string) { sort.Strings(s) }
