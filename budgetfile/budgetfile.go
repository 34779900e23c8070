// Package budgetfile reads a budget file (YAML, or JSON) into the budget
// model and validates it against the classification catalog of its year.
// Every problem is reported with the file, line and path of the value at
// fault; a file with any problem yields no budget.
package budgetfile

import (
	"fmt"
	"os"
	"sort"
	"strings"

	"github.com/yusuan/yusuan"
	"github.com/yusuan/yusuan/internal/yamlfile"
)

// Errors is every problem found in one file.
type Errors []*yamlfile.Error

func (es Errors) Error() string {
	var b strings.Builder
	for i, e := range es {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(e.Error())
	}
	return b.String()
}

// maxErrors caps the list so a badly broken file gives a readable report.
const maxErrors = 50

// CatalogFor returns the catalog of a budget year.
type CatalogFor func(year int) (*yusuan.Catalog, error)

// Load reads and validates the budget file at path.
func Load(path string, catalogs CatalogFor) (*yusuan.Budget, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return Parse(path, data, catalogs)
}

// Parse decodes and validates a budget file's contents.
func Parse(name string, data []byte, catalogs CatalogFor) (*yusuan.Budget, error) {
	var b yusuan.Budget
	f, err := yamlfile.Decode(name, data, &b)
	if err != nil {
		return nil, err
	}
	v := &validator{f: f, b: &b}
	if b.Year < 1990 || b.Year > 2100 {
		v.errf("year", "year must be a budget year such as 2021, found %d", b.Year)
		return nil, v.errs
	}
	cat, err := catalogs(b.Year)
	if err != nil {
		v.errf("year", "%v", err)
		return nil, v.errs
	}
	v.cat = cat
	v.validate()
	if len(v.errs) > 0 {
		return nil, v.errs
	}
	return &b, nil
}

type validator struct {
	f    *yamlfile.File
	b    *yusuan.Budget
	cat  *yusuan.Catalog
	errs Errors
}

func (v *validator) errf(path, format string, args ...any) {
	if len(v.errs) == maxErrors {
		v.errs = append(v.errs, &yamlfile.Error{File: v.f.Name, Msg: "too many errors; fix these first"})
	}
	if len(v.errs) > maxErrors {
		return
	}
	v.errs = append(v.errs, v.f.Errorf(path, format, args...))
}

func (v *validator) required(path, val string) bool {
	if strings.TrimSpace(val) == "" {
		v.errf(path, "required field is missing or empty")
		return false
	}
	return true
}

func (v *validator) validate() {
	b := v.b
	v.required("department.code", b.Department.Code)
	v.required("department.name", b.Department.Name)
	if len(b.Units) == 0 {
		v.errf("units", "at least one budget unit (预算单位) is required")
	}
	seen := map[string]bool{}
	for i, u := range b.Units {
		p := fmt.Sprintf("units[%d]", i)
		v.required(p+".code", u.Code)
		v.required(p+".name", u.Name)
		switch u.Kind {
		case yusuan.UnitAdministrative, yusuan.UnitCivilService, yusuan.UnitInstitution:
		default:
			v.errf(p+".kind", "unit kind must be administrative (行政), civil_service (参公) or institution (事业), found %q", u.Kind)
		}
		if seen[u.Code] {
			v.errf(p+".code", "unit code %s appears twice", u.Code)
		}
		seen[u.Code] = true
	}
	if len(b.Duties) == 0 {
		v.errf("duties", "the department's duties (部门主要职责) are required")
	}
	v.counts()
	v.income()
	v.projects()
	v.expenditure()
	v.balance()
	v.procurement()
	v.lastYear()
	v.performance()
	for k := range b.EmptyTables {
		if !yusuan.ValidKind(k) {
			v.errf("empty_tables."+string(k), "unknown table kind %q; known kinds: %s", k, kinds())
		}
	}
	for i, t := range b.SpecialTransfers {
		v.required(fmt.Sprintf("special_transfers[%d].name", i), t.Name)
		v.amount(fmt.Sprintf("special_transfers[%d].amount", i), t.Amount)
	}
	for i, t := range b.Glossary {
		v.required(fmt.Sprintf("glossary[%d].term", i), t.Term)
		v.required(fmt.Sprintf("glossary[%d].definition", i), t.Definition)
	}
}

func kinds() string {
	ks := make([]string, len(yusuan.TableKinds))
	for i, k := range yusuan.TableKinds {
		ks[i] = string(k)
	}
	return strings.Join(ks, ", ")
}

func (v *validator) amount(path string, a yusuan.Amount) {
	if a < 0 {
		v.errf(path, "amount must not be negative, found %s", a)
	}
}

func (v *validator) nonNegative(path string, n int) {
	if n < 0 {
		v.errf(path, "count must not be negative, found %d", n)
	}
}

func (v *validator) counts() {
	s := v.b.Staffing
	for p, n := range map[string]int{"authorized": s.Authorized, "administrative": s.Administrative, "workers": s.Workers, "institution": s.Institution, "employed": s.Employed, "retired": s.Retired} {
		v.nonNegative("staffing."+p, n)
	}
	if sum := s.Administrative + s.Workers + s.Institution; sum != s.Authorized {
		v.errf("staffing.authorized", "编制总数 %d ≠ 行政编制 %d + 行政工勤 %d + 事业编制 %d = %d", s.Authorized, s.Administrative, s.Workers, s.Institution, sum)
	}
	c := v.b.Vehicles
	for p, n := range map[string]int{"total": c.Total, "general": c.General, "law_enforcement": c.LawEnforcement, "special": c.Special, "confidential": c.Confidential, "other": c.Other} {
		v.nonNegative("vehicles."+p, n)
	}
	if sum := c.General + c.LawEnforcement + c.Special + c.Confidential + c.Other; sum != c.Total {
		v.errf("vehicles.total", "车辆总数 %d ≠ 各类车辆之和 %d", c.Total, sum)
	}
	v.nonNegative("assets.general_equipment", v.b.Assets.GeneralEquipment)
	v.nonNegative("assets.special_equipment", v.b.Assets.SpecialEquipment)
}

func (v *validator) unit(path, code string) bool {
	if !v.required(path, code) {
		return false
	}
	if _, ok := v.b.UnitByCode(code); !ok {
		v.errf(path, "unknown unit %q; declare it under units", code)
		return false
	}
	return true
}

func (v *validator) source(path string, s yusuan.Source) {
	if !yusuan.ValidSource(s) {
		names := make([]string, len(yusuan.Sources))
		for i, x := range yusuan.Sources {
			names[i] = string(x.Source)
		}
		v.errf(path, "unknown source %q; known sources: %s", s, strings.Join(names, ", "))
	}
}

func (v *validator) code(path string, scheme yusuan.Scheme, code string, digits int) {
	if !v.required(path, code) {
		return
	}
	if len(code) != digits || !yusuan.IsDigits(code) {
		v.errf(path, "%s code must be %d digits, found %q", schemeName(scheme), digits, code)
		return
	}
	if c := v.cat.Scheme(scheme); c != nil && !c.Has(code) {
		v.errf(path, "%s code %s is not in the %d catalog (load the official catalog with --catalog if it is missing)", schemeName(scheme), code, v.cat.Year)
	}
}

func schemeName(s yusuan.Scheme) string {
	switch s {
	case yusuan.SchemeFunctional:
		return "functional (支出功能分类)"
	case yusuan.SchemeEcon:
		return "department economic (部门预算支出经济分类)"
	case yusuan.SchemeGovEcon:
		return "government economic (政府预算支出经济分类)"
	}
	return string(s)
}

func (v *validator) income() {
	if len(v.b.Income) == 0 {
		v.errf("income", "at least one income line is required")
	}
	for i, l := range v.b.Income {
		p := fmt.Sprintf("income[%d]", i)
		v.unit(p+".unit", l.Unit)
		v.source(p+".source", l.Source)
		v.amount(p+".amount", l.Amount)
	}
}

func (v *validator) projects() {
	seen := map[string]bool{}
	for i, pr := range v.b.Projects {
		p := fmt.Sprintf("projects[%d]", i)
		v.required(p+".id", pr.ID)
		v.required(p+".name", pr.Name)
		v.unit(p+".unit", pr.Unit)
		if seen[pr.ID] {
			v.errf(p+".id", "project id %q appears twice", pr.ID)
		}
		seen[pr.ID] = true
		switch pr.Type {
		case yusuan.ProjectSocial, yusuan.ProjectDebt, yusuan.ProjectConstruction, yusuan.ProjectOther:
		default:
			v.errf(p+".type", "project type must be social, debt, construction or other, found %q", pr.Type)
		}
		v.amount(p+".total", pr.Total)
		v.amount(p+".last_year_total", pr.LastYearTotal)
		v.amount(p+".last_year", pr.LastYear)
		v.indicators(p+".indicators", pr.Indicators)
	}
}

func (v *validator) indicators(path string, ins []yusuan.Indicator) {
	for i, in := range ins {
		p := fmt.Sprintf("%s[%d]", path, i)
		v.required(p+".level1", in.Level1)
		v.required(p+".level2", in.Level2)
		if in.Name != "" && in.Target == "" {
			v.errf(p+".target", "indicator %q has no target value (目标值)", in.Name)
		}
	}
}

// basicClasses are the department economic 类 a basic expenditure may use:
// the columns of every basic expenditure table.
var basicClasses = []string{"301", "302", "303", "309", "310"}

func (v *validator) expenditure() {
	if len(v.b.Expenditure) == 0 {
		v.errf("expenditure", "at least one expenditure line is required")
	}
	used := map[string]bool{}
	for i, l := range v.b.Expenditure {
		p := fmt.Sprintf("expenditure[%d]", i)
		v.unit(p+".unit", l.Unit)
		v.code(p+".function", yusuan.SchemeFunctional, l.Function, 7)
		v.code(p+".econ", yusuan.SchemeEcon, l.Econ, 5)
		v.code(p+".gov_econ", yusuan.SchemeGovEcon, l.GovEcon, 5)
		v.source(p+".source", l.Source)
		v.amount(p+".amount", l.Amount)
		if len(l.Econ) == 5 && len(l.GovEcon) == 5 && len(v.cat.Mappings) > 0 && !v.mappingAny(l.Econ, l.GovEcon) {
			v.errf(p+".gov_econ", "department economic %s may not be booked under government economic %s (财预〔2017〕98号 mapping); allowed: %s", l.Econ, l.GovEcon, strings.Join(v.targets(l.Econ), ", "))
		}
		switch l.Nature {
		case yusuan.NatureBasic:
			if l.Project != "" {
				v.errf(p+".project", "a basic expenditure (基本支出) line belongs to no project")
			}
			if len(l.Econ) == 5 && !contains(basicClasses, l.Econ[:3]) {
				v.errf(p+".econ", "basic expenditure must be classed 301, 302, 303, 309 or 310, found %s", l.Econ)
			}
		case yusuan.NatureProject:
			if v.required(p+".project", l.Project) {
				pr, ok := v.b.ProjectByID(l.Project)
				if !ok {
					v.errf(p+".project", "unknown project %q; declare it under projects", l.Project)
				} else if pr.Unit != l.Unit {
					v.errf(p+".unit", "line of project %q is booked to unit %s, the project belongs to %s", l.Project, l.Unit, pr.Unit)
				}
				used[l.Project] = true
			}
		default:
			v.errf(p+".nature", "nature must be basic (基本支出) or project (项目支出), found %q", l.Nature)
		}
	}
	for i, pr := range v.b.Projects {
		if pr.ID != "" && !used[pr.ID] {
			v.errf(fmt.Sprintf("projects[%d]", i), "project %q has no expenditure lines: its budget this year is the sum of its lines", pr.ID)
		}
	}
}

func (v *validator) mappingAny(econ, gov string) bool {
	for _, k := range []yusuan.UnitKind{yusuan.UnitAdministrative, yusuan.UnitCivilService, yusuan.UnitInstitution} {
		if v.cat.MappingAllowed(econ, gov, k) {
			return true
		}
	}
	return false
}

func (v *validator) targets(econ string) []string {
	seen := map[string]bool{}
	var out []string
	for _, m := range v.cat.Mappings {
		if m.Econ == econ && !seen[m.GovEcon] {
			seen[m.GovEcon] = true
			out = append(out, m.GovEcon)
		}
	}
	if len(out) == 0 {
		return []string{"none"}
	}
	return out
}

func contains(xs []string, s string) bool {
	for _, x := range xs {
		if x == s {
			return true
		}
	}
	return false
}

// balance checks that income equals expenditure for every unit and source:
// a budget is balanced, and every income table is a view of the lines.
func (v *validator) balance() {
	type key struct {
		unit   string
		source yusuan.Source
	}
	in, out := map[key]yusuan.Amount{}, map[key]yusuan.Amount{}
	for _, l := range v.b.Income {
		in[key{l.Unit, l.Source}] += l.Amount
	}
	for _, l := range v.b.Expenditure {
		out[key{l.Unit, l.Source}] += l.Amount
	}
	keys := map[key]bool{}
	for k := range in {
		keys[k] = true
	}
	for k := range out {
		keys[k] = true
	}
	var ks []key
	for k := range keys {
		ks = append(ks, k)
	}
	sort.Slice(ks, func(i, j int) bool {
		if ks[i].unit != ks[j].unit {
			return ks[i].unit < ks[j].unit
		}
		return ks[i].source < ks[j].source
	})
	for _, k := range ks {
		if in[k] != out[k] {
			v.errf("income", "unit %s, source %s: income %s 元 ≠ expenditure %s 元 (difference %s 元); a budget's income equals its expenditure", k.unit, k.source, in[k].Format(2), out[k].Format(2), (in[k] - out[k]).Format(2))
		}
	}
}

func (v *validator) procurement() {
	type key struct {
		unit, function, econ string
		nature               yusuan.Nature
		project              string
	}
	lines := map[key]yusuan.Amount{}
	for _, l := range v.b.Expenditure {
		lines[key{l.Unit, l.Function, l.Econ, l.Nature, l.Project}] += l.Amount
	}
	bought := map[key]yusuan.Amount{}
	firstPath := map[key]string{}
	for i, it := range v.b.Procurement {
		p := fmt.Sprintf("procurement[%d]", i)
		v.unit(p+".unit", it.Unit)
		v.code(p+".function", yusuan.SchemeFunctional, it.Function, 7)
		v.code(p+".econ", yusuan.SchemeEcon, it.Econ, 5)
		v.required(p+".purpose", it.Purpose)
		v.required(p+".catalog", it.Catalog)
		v.required(p+".item", it.Item)
		v.required(p+".measure", it.Measure)
		v.amount(p+".amount", it.Amount)
		v.amount(p+".unit_price", it.UnitPrice)
		if it.Quantity <= 0 {
			v.errf(p+".quantity", "quantity must be a positive whole number, found %d", it.Quantity)
		}
		if it.UnitPrice > 0 && it.Quantity > 0 && it.UnitPrice*yusuan.Amount(it.Quantity) != it.Amount {
			v.errf(p+".amount", "数量 %d × 单价 %s 元 = %s 元, but the amount is %s 元", it.Quantity, it.UnitPrice.Format(2), (it.UnitPrice * yusuan.Amount(it.Quantity)).Format(2), it.Amount.Format(2))
		}
		switch it.Category {
		case yusuan.ProcureGoods, yusuan.ProcureWorks, yusuan.ProcureServices:
		default:
			v.errf(p+".category", "category must be goods (货物), works (工程) or services (服务), found %q", it.Category)
		}
		switch it.Nature {
		case yusuan.NatureBasic, yusuan.NatureProject:
		default:
			v.errf(p+".nature", "nature must be basic or project, found %q", it.Nature)
		}
		k := key{it.Unit, it.Function, it.Econ, it.Nature, it.Project}
		bought[k] += it.Amount
		if _, ok := firstPath[k]; !ok {
			firstPath[k] = p
		}
	}
	for k, sum := range bought {
		if sum > lines[k] {
			v.errf(firstPath[k], "procurement under unit %s, function %s, econ %s (%s) totals %s 元, more than the %s 元 budgeted there", k.unit, k.function, k.econ, k.nature, sum.Format(2), lines[k].Format(2))
		}
	}
}

func (v *validator) lastYear() {
	for _, name := range sortedKeys(v.b.LastYear) {
		if _, ok := yusuan.Measure(name); !ok {
			v.errf("last_year."+name, "unknown measure %q; known measures: %s", name, strings.Join(yusuan.MeasureNames(), ", "))
		}
		v.amount("last_year."+name, v.b.LastYear[name])
	}
	for _, name := range sortedKeys(v.b.Reasons) {
		if _, ok := yusuan.Measure(name); !ok {
			v.errf("reasons."+name, "unknown measure %q; known measures: %s", name, strings.Join(yusuan.MeasureNames(), ", "))
		}
	}
}

func sortedKeys[V any](m map[string]V) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

func (v *validator) performance() {
	pf := v.b.Performance
	if pf == nil {
		return
	}
	v.required("performance.goal", pf.Goal)
	for i, t := range pf.Tasks {
		v.required(fmt.Sprintf("performance.tasks[%d].name", i), t.Name)
	}
	v.indicators("performance.indicators", pf.Indicators)
}
