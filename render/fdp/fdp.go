// Package fdp publishes a document as a Fiscal Data Package (the
// OpenSpending format: datapackage.json with a "model" of measures and
// dimensions, and CSV data), so that tools reading OpenSpending's format
// can load a department's approved budget.
//
// The facts are taken at the finest grain the document prints:
//   - expenditure.csv: each 项 row of the 部门支出总体情况表 (by budget unit)
//     × each leaf column (basic expenditure by economic 类, project
//     expenditure by project type);
//   - expenditure-economic.csv: each department × government economic 款
//     row of the general public budget's economic table × leaf column;
//   - income.csv: each 项 row of the 部门收入总体情况表 × income source.
//
// Zero facts are left out; each resource sums to its table's total.
package fdp

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/yusuan/yusuan"
	"github.com/yusuan/yusuan/render"
	"github.com/yusuan/yusuan/render/csv"
)

// leaf is a column of an expenditure table that no other column divides:
// its nature (基本/项目) and economic 类 or project type. Keys are the
// Document JSON contract's.
type leaf struct {
	key, nature, econ, econName, projectType string
}

var expenditureLeaves = []leaf{
	{"wages", "basic", "301", "工资福利支出", ""},
	{"household", "basic", "303", "对个人和家庭的补助", ""},
	{"goods", "basic", "302", "商品和服务支出", ""},
	{"capital", "basic", "310", "资本性支出", ""},
	{"project_social", "project", "", "", "social"},
	{"project_debt", "project", "", "", "debt"},
	{"project_construction", "project", "", "", "construction"},
	{"project_other", "project", "", "", "other"},
}

// Coarser splits, used when a table's leaf columns do not add up to its
// total (an imported table may lack some).
var natureLeaves = []leaf{{key: "basic", nature: "basic"}, {key: "project", nature: "project"}}
var totalLeaf = []leaf{{key: "total"}}

var natureNames = map[string]string{"basic": "基本支出", "project": "项目支出"}

var projectTypeNames = map[string]string{
	"social": "社会事业和经济发展项目", "debt": "债务项目", "construction": "基本建设项目", "other": "其他项目",
}

// Render returns datapackage.json and the data files under dir.
func Render(doc *yusuan.Document, p *yusuan.Profile, dir string) ([]render.File, error) {
	pk := pkg{doc: doc}
	var files []render.File
	if t := firstOf(doc, yusuan.KindExpenditure, yusuan.KindGeneralPublicFunctional); t != nil {
		files = append(files, pk.functional(t, dir))
	}
	if t := firstOf(doc, yusuan.KindGeneralPublicEconomic, yusuan.KindGeneralPublicBasic); t != nil {
		files = append(files, pk.economic(t, dir))
	}
	if t := doc.Table(yusuan.KindIncome); t != nil {
		files = append(files, pk.income(t, dir))
	}
	desc, err := pk.descriptor()
	if err != nil {
		return nil, err
	}
	return append([]render.File{{Name: dir + "/datapackage.json", Data: desc}}, files...), nil
}

func firstOf(doc *yusuan.Document, kinds ...yusuan.TableKind) *yusuan.Table {
	for _, k := range kinds {
		if t := doc.Table(k); t != nil && len(t.Rows) > 0 {
			return t
		}
	}
	return nil
}

type pkg struct {
	doc       *yusuan.Document
	resources []resource
	measures  map[string]any
	dims      map[string]any
}

type field struct {
	Name, Title, Type string
}

type resource struct {
	Name, Path, Title string
	Fields            []field
}

// leaves picks the finest split of the table's columns that adds up to the
// total in every row.
func leaves(t *yusuan.Table, rows []*yusuan.Row) []leaf {
	for _, set := range [][]leaf{expenditureLeaves, natureLeaves} {
		ok := true
		for _, r := range rows {
			var s yusuan.Amount
			for _, l := range set {
				s += r.Amount(l.key)
			}
			ok = ok && s == r.Amount("total")
		}
		if ok && hasColumns(t, set) {
			return set
		}
	}
	return totalLeaf
}

func hasColumns(t *yusuan.Table, set []leaf) bool {
	for _, l := range set {
		found := false
		for _, c := range t.Columns {
			found = found || c.Key == l.key
		}
		if !found && l.projectType == "" {
			return false
		}
	}
	return true
}

// finest returns the rows no other row divides, each with its budget unit:
// a code row whose code no following row of the same unit extends.
func finest(t *yusuan.Table) (rows []*yusuan.Row, units []*yusuan.Row) {
	var unit *yusuan.Row
	for i := range t.Rows {
		r := &t.Rows[i]
		switch {
		case r.Level == yusuan.LevelUnit:
			unit = r
			continue
		case r.Code == "":
			continue
		}
		divided := false
		for j := i + 1; j < len(t.Rows) && t.Rows[j].Level != yusuan.LevelUnit; j++ {
			if n := t.Rows[j].Code; len(n) > len(r.Code) && strings.HasPrefix(n, r.Code) {
				divided = true
				break
			}
		}
		if !divided {
			rows, units = append(rows, r), append(units, unit)
		}
	}
	return rows, units
}

// functionalParts splits a functional code into its 类, 款 and 项.
func functionalParts(code string) [3]string {
	var out [3]string
	w := []int{3, 5, 7}
	for i, n := range w {
		if len(code) >= n {
			out[i] = code[:n]
		}
	}
	return out
}

func (pk *pkg) unitCols(u *yusuan.Row) []string {
	if u == nil {
		return []string{pk.doc.Department.Code, pk.doc.Department.Name}
	}
	return []string{u.Code, u.Name}
}

var unitFields = []field{
	{"unit_code", "预算单位编码", "string"}, {"unit_name", "预算单位名称", "string"},
}

var functionalFields = []field{
	{"function_class", "功能分类类", "string"}, {"function_segment", "功能分类款", "string"},
	{"function_item", "功能分类项", "string"}, {"function_name", "功能分类科目名称", "string"},
}

func (pk *pkg) functional(t *yusuan.Table, dir string) render.File {
	rows, units := finest(t)
	set := leaves(t, rows)
	recs := [][]string{}
	fields := append(append([]field{{"fiscal_year", "预算年度", "integer"}}, unitFields...), functionalFields...)
	fields = append(fields,
		field{"nature", "支出性质", "string"}, field{"nature_name", "支出性质名称", "string"},
		field{"econ_class", "部门预算支出经济分类类", "string"}, field{"econ_class_name", "经济分类名称", "string"},
		field{"project_type", "项目类型", "string"}, field{"project_type_name", "项目类型名称", "string"},
		field{"amount", "金额（元）", "number"})
	for i, r := range rows {
		fp := functionalParts(r.Code)
		for _, l := range set {
			a := r.Amount(l.key)
			if a == 0 {
				continue
			}
			rec := []string{fmt.Sprint(pk.doc.Year)}
			rec = append(rec, pk.unitCols(units[i])...)
			rec = append(rec, fp[0], fp[1], fp[2], r.Name, l.nature, natureNames[l.nature], l.econ, l.econName,
				l.projectType, projectTypeNames[l.projectType], a.String())
			recs = append(recs, rec)
		}
	}
	res := resource{Name: "expenditure", Path: "data/expenditure.csv", Title: t.Title + "（按功能分类项）", Fields: fields}
	pk.add(res)
	pk.measure("expenditure", res.Name, "expenditure", t)
	pk.dim("budget_unit", res.Name, "entity", "administrative", "unit_code", "unit_code", "unit_name")
	pk.dim("functional_classification", res.Name, "classification", "functional", "function_item",
		"function_class", "function_segment", "function_item", "function_name")
	pk.dim("expenditure_nature", res.Name, "classification", "", "nature", "nature", "nature_name")
	pk.dim("economic_classification", res.Name, "classification", "economic", "econ_class", "econ_class", "econ_class_name")
	pk.dim("project_type", res.Name, "activity", "", "project_type", "project_type", "project_type_name")
	pk.dim("fiscal_year", res.Name, "datetime", "", "fiscal_year", "fiscal_year")
	return render.File{Name: dir + "/" + res.Path, Data: encode(fields, recs)}
}

func (pk *pkg) economic(t *yusuan.Table, dir string) render.File {
	rows, _ := finest(t)
	set := leaves(t, rows)
	nature := ""
	if t.Kind == yusuan.KindGeneralPublicBasic {
		nature = "basic"
	}
	fields := []field{{"fiscal_year", "预算年度", "integer"},
		{"econ_class", "部门预算支出经济分类类", "string"}, {"econ_segment", "部门预算支出经济分类款", "string"}, {"econ_name", "部门经济分类科目名称", "string"},
		{"gov_econ_class", "政府预算支出经济分类类", "string"}, {"gov_econ_segment", "政府预算支出经济分类款", "string"}, {"gov_econ_name", "政府经济分类科目名称", "string"},
		{"nature", "支出性质", "string"}, {"nature_name", "支出性质名称", "string"},
		{"project_type", "项目类型", "string"}, {"project_type_name", "项目类型名称", "string"},
		{"amount", "金额（元）", "number"}}
	var recs [][]string
	for _, r := range rows {
		for _, l := range set {
			a := r.Amount(l.key)
			if a == 0 {
				continue
			}
			n := l.nature
			if n == "" {
				n = nature
			}
			gc, gs := "", ""
			if len(r.GovCode) >= 3 {
				gc, gs = r.GovCode[:3], r.GovCode
			}
			ec := r.Code
			if len(ec) > 3 {
				ec = ec[:3]
			}
			recs = append(recs, []string{fmt.Sprint(pk.doc.Year), ec, r.Code, r.Name, gc, gs, r.GovName,
				n, natureNames[n], l.projectType, projectTypeNames[l.projectType], a.String()})
		}
	}
	res := resource{Name: "expenditure-economic", Path: "data/expenditure-economic.csv", Title: t.Title + "（按经济分类款）", Fields: fields}
	pk.add(res)
	pk.measure("expenditure_general_public", res.Name, "expenditure", t)
	pk.dim("economic_classification_department", res.Name, "classification", "economic", "econ_segment",
		"econ_class", "econ_segment", "econ_name")
	pk.dim("economic_classification_government", res.Name, "classification", "economic", "gov_econ_segment",
		"gov_econ_class", "gov_econ_segment", "gov_econ_name")
	return render.File{Name: dir + "/" + res.Path, Data: encode(fields, recs)}
}

func (pk *pkg) income(t *yusuan.Table, dir string) render.File {
	rows, units := finest(t)
	// Income sources are the amount columns but the total and the "of
	// which" columns (其中：财政拨款), provided they add up to the total.
	var keys []yusuan.Column
	for _, c := range t.Columns {
		if c.Key != "total" && c.Type == yusuan.ColAmount && !strings.HasPrefix(c.Label, "其中") {
			keys = append(keys, c)
		}
	}
	for _, r := range rows {
		var s yusuan.Amount
		for _, c := range keys {
			s += r.Amount(c.Key)
		}
		if s != r.Amount("total") {
			keys = []yusuan.Column{{Key: "total", Label: "合计"}}
			break
		}
	}
	fields := append(append([]field{{"fiscal_year", "预算年度", "integer"}}, unitFields...), functionalFields...)
	fields = append(fields, field{"source", "收入来源", "string"}, field{"source_name", "收入来源名称", "string"}, field{"amount", "金额（元）", "number"})
	var recs [][]string
	for i, r := range rows {
		fp := functionalParts(r.Code)
		for _, c := range keys {
			a := r.Amount(c.Key)
			if a == 0 {
				continue
			}
			rec := []string{fmt.Sprint(pk.doc.Year)}
			rec = append(rec, pk.unitCols(units[i])...)
			rec = append(rec, fp[0], fp[1], fp[2], r.Name, c.Key, sourceName(c), a.String())
			recs = append(recs, rec)
		}
	}
	res := resource{Name: "income", Path: "data/income.csv", Title: t.Title + "（按功能分类项）", Fields: fields}
	pk.add(res)
	pk.measure("revenue", res.Name, "revenue", t)
	pk.dim("income_budget_unit", res.Name, "entity", "administrative", "unit_code", "unit_code", "unit_name")
	pk.dim("income_functional_classification", res.Name, "classification", "functional", "function_item",
		"function_class", "function_segment", "function_item", "function_name")
	pk.dim("income_source", res.Name, "classification", "", "source", "source", "source_name")
	return render.File{Name: dir + "/" + res.Path, Data: encode(fields, recs)}
}

func sourceName(c yusuan.Column) string {
	if c.Group != "" && (c.Label == "" || strings.HasPrefix(c.Label, "小计")) {
		return c.Group
	}
	return c.Label
}

func encode(fields []field, recs [][]string) []byte {
	header := make([]string, len(fields))
	for i, f := range fields {
		header[i] = f.Name
	}
	out := [][]string{header}
	for _, r := range recs {
		safe := make([]string, len(r))
		for i, c := range r {
			safe[i] = c
			if fields[i].Type == "string" {
				safe[i] = csv.Safe(c)
			}
		}
		out = append(out, safe)
	}
	return csv.Encode(out)
}

func (pk *pkg) add(r resource) { pk.resources = append(pk.resources, r) }

func (pk *pkg) measure(name, res, direction string, t *yusuan.Table) {
	if pk.measures == nil {
		pk.measures = map[string]any{}
	}
	// Final accounts (决算) state what was spent: the executed phase.
	phase := "approved"
	if pk.doc.IsFinal() {
		phase = "executed"
	}
	pk.measures[name] = map[string]any{
		"source": "amount", "resource": res, "currency": "CNY", "factor": 1,
		"direction": direction, "phase": phase, "title": t.Title,
	}
}

func (pk *pkg) dim(name, res, dimType, classType, key string, attrs ...string) {
	if pk.dims == nil {
		pk.dims = map[string]any{}
	}
	as := map[string]any{}
	for i, a := range attrs {
		at := map[string]any{"source": a, "resource": res}
		// A *_name attribute labels the code before it.
		if strings.HasSuffix(a, "_name") && i > 0 {
			at["labelfor"] = attrs[i-1]
		}
		// Hierarchies: 款 under 类, 项 under 款.
		if i > 0 && !strings.HasSuffix(a, "_name") && (strings.HasSuffix(a, "_segment") || strings.HasSuffix(a, "_item")) {
			at["parent"] = attrs[i-1]
		}
		as[a] = at
	}
	d := map[string]any{"attributes": as, "primaryKey": key, "dimensionType": dimType}
	if classType != "" {
		d["classificationType"] = classType
	}
	pk.dims[name] = d
}

func (pk *pkg) descriptor() ([]byte, error) {
	doc := pk.doc
	var res []any
	for _, r := range pk.resources {
		var fs []any
		for _, f := range r.Fields {
			fd := map[string]any{"name": f.Name, "title": f.Title, "type": f.Type}
			if f.Name == "amount" {
				fd["decimalChar"] = "."
			}
			fs = append(fs, fd)
		}
		res = append(res, map[string]any{
			"name": r.Name, "path": r.Path, "title": r.Title, "format": "csv", "mediatype": "text/csv",
			"encoding": "utf-8-sig", "profile": "tabular-data-resource", "schema": map[string]any{"fields": fs},
		})
	}
	name := fmt.Sprintf("yusuan-%d-%s", doc.Year, slug(doc.Department.Code))
	desc := fmt.Sprintf("%d年%s部门预算（批复数），由 yusuan 从%s发布的部门预算公开表格生成。金额单位：元。", doc.Year, doc.Department.Name, doc.Department.Name)
	keyword := "部门预算"
	if doc.IsFinal() {
		desc = fmt.Sprintf("%d年度%s部门决算（决算数），由 yusuan 从%s发布的部门决算公开表格生成。金额单位：元。", doc.Year, doc.Department.Name, doc.Department.Name)
		keyword = "部门决算"
	}
	d := map[string]any{
		"name":        name,
		"title":       doc.Title,
		"description": desc,
		"profiles":    map[string]string{"fiscal": "*", "tabular": "*"},
		"profile":     "fiscal-data-package",
		"countryCode": "CN",
		"granularity": "aggregated",
		"fiscalPeriod": map[string]string{
			"start": fmt.Sprintf("%d-01-01", doc.Year), "end": fmt.Sprintf("%d-12-31", doc.Year),
		},
		"keywords":  []string{keyword, "预算公开", fmt.Sprint(doc.Year)},
		"resources": res,
		"model":     map[string]any{"measures": pk.measures, "dimensions": pk.dims},
	}
	if doc.Profile != "" {
		d["sources"] = []map[string]string{{"title": doc.Title + "（" + doc.Profile + "）"}}
	}
	b, err := json.MarshalIndent(d, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(b, '\n'), nil
}

// slug keeps what a package name allows: lower-case letters, digits, - _ .
func slug(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' || r == '_' || r == '.' {
			b.WriteRune(r)
		}
	}
	if b.Len() == 0 {
		return "department"
	}
	return b.String()
}
