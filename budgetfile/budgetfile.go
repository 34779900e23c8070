// Package budgetfile reads a budget file (YAML, or JSON) into the budget
// model and validates it against the classification catalog of its year.
// Every problem is reported with the file, line and path of the value at
// fault; a file with any problem yields no budget.
package budgetfile

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/yusuan/yusuan"
	"github.com/yusuan/yusuan/internal/limits"
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

// CatalogFileError is a problem of a catalog file the user gave
// (--catalog): it is reported as that file's, not the budget file's.
type CatalogFileError struct{ Err error }

func (e *CatalogFileError) Error() string { return e.Err.Error() }
func (e *CatalogFileError) Unwrap() error { return e.Err }

// CatalogFor returns the catalog of a budget year.
type CatalogFor func(year int) (*yusuan.Catalog, error)

// Load reads and validates the budget file at path.
func Load(path string, catalogs CatalogFor) (*yusuan.Budget, error) {
	data, err := limits.ReadFile(path)
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
	return check(&validator{f: f, name: name, b: &b}, catalogs)
}

// Validate checks a budget that was not read from a budget file (a
// workbook, say) exactly as Parse checks a decoded file. Its errors carry
// the path of the value at fault (expenditure[3].amount) and no line: the
// caller knows where each path came from.
func Validate(name string, b *yusuan.Budget, catalogs CatalogFor) error {
	_, err := check(&validator{name: name, b: b}, catalogs)
	return err
}

// check validates the budget of v: its year and catalog, the amounts the
// file leaves out (present, for files), the bound on all money, then the
// facts.
func check(v *validator, catalogs CatalogFor) (*yusuan.Budget, error) {
	b := v.b
	if b.Year < 1990 || b.Year > 2100 {
		v.errf("year", "预算年度应为 2021 这样的年份，实为 %d", b.Year)
		return nil, v.errs
	}
	cat, err := catalogs(b.Year)
	var cfe *CatalogFileError
	if errors.As(err, &cfe) {
		return nil, cfe // the fault is in the catalog file, not at year
	}
	if err != nil {
		v.errf("year", "%v", err)
		return nil, v.errs
	}
	v.cat = cat
	// Missing amounts and sums beyond exact arithmetic are checked first:
	// the rest of validation adds amounts up.
	if v.present(); len(v.errs) > 0 {
		return nil, v.errs
	}
	if !v.moneyBound() {
		return nil, v.errs
	}
	v.validate()
	if len(v.errs) > 0 {
		return nil, v.errs
	}
	return b, nil
}

type validator struct {
	f    *yamlfile.File // nil when the budget was not read from a file
	name string
	b    *yusuan.Budget
	cat  *yusuan.Catalog
	errs Errors
}

func (v *validator) errf(path, format string, args ...any) {
	if len(v.errs) == maxErrors {
		v.errs = append(v.errs, &yamlfile.Error{File: v.name, Msg: "错误过多，请先修改以上各处"})
	}
	if len(v.errs) > maxErrors {
		return
	}
	e := v.f.Errorf(path, format, args...)
	e.File = v.name
	v.errs = append(v.errs, e)
}

func (v *validator) required(path, val string) bool {
	if strings.TrimSpace(val) == "" {
		v.errf(path, "缺少必填项，或为空")
		return false
	}
	return true
}

func (v *validator) validate() {
	b := v.b
	v.required("department.code", b.Department.Code)
	v.required("department.name", b.Department.Name)
	if len(b.Units) == 0 {
		v.errf("units", "至少需要一个预算单位（units）")
	}
	seen := map[string]bool{}
	for i, u := range b.Units {
		p := fmt.Sprintf("units[%d]", i)
		v.required(p+".code", u.Code)
		v.required(p+".name", u.Name)
		switch u.Kind {
		case yusuan.UnitAdministrative, yusuan.UnitCivilService, yusuan.UnitInstitution:
		default:
			v.errf(p+".kind", "单位性质应为 administrative（行政）、civil_service（参公）或 institution（事业），实为 %q", u.Kind)
		}
		if seen[u.Code] {
			v.errf(p+".code", "单位编码 %s 重复", u.Code)
		}
		seen[u.Code] = true
	}
	if len(b.Duties) == 0 {
		v.errf("duties", "缺少部门主要职责（duties）")
	}
	v.kindAndLevel()
	v.counts()
	v.income()
	v.projects()
	v.expenditure()
	v.final() // final accounts (final.go), which balance with their carry-overs
	if !v.b.IsFinal() {
		v.balance()
	}
	v.procurement()
	v.lastYear()
	v.performance()
	for k := range b.EmptyTables {
		if !yusuan.ValidKind(k) {
			v.errf("empty_tables."+string(k), "未知的表类型 %q；可用：%s", k, kinds())
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

// required amounts: a list item without its amount (or with amount: null)
// would otherwise be read as 0 元 without a word.
var requiredAmounts = []struct{ list, key string }{
	{"income", "amount"},
	{"expenditure", "amount"},
	{"procurement", "amount"},
	{"procurement", "quantity"},
	{"special_transfers", "amount"},
}

func (v *validator) present() {
	for _, r := range requiredAmounts {
		for _, i := range v.f.Missing(r.list, r.key) {
			v.errf(fmt.Sprintf("%s[%d].%s", r.list, i, r.key), "缺少 %s，或其值为空（null）；金额为零请写 0", r.key)
		}
	}
}

// moneyBound checks that the absolute values of every amount of the file
// together stay within yusuan.MaxTotal, so that no sum the validator, the
// compiler or a check makes can wrap; it reports the amount at which the
// total passes the bound.
func (v *validator) moneyBound() bool {
	err := v.b.CheckTotal()
	if oe, ok := err.(*yusuan.OverflowError); ok {
		if strings.HasSuffix(oe.Path, ".quantity") {
			v.errf(oe.Path, "数量乘单价超过 yusuan 能精确计算的上限 %s 元，或数量超过 %d", yusuan.MaxTotal.Format(0), yusuan.MaxQuantity)
		} else {
			v.errf(oe.Path, "金额 %s 元使全部金额的绝对值合计超过 yusuan 能精确计算的上限 %s 元（5 万亿元）；请检查单位是否为元、数字是否多写了位数", oe.Amount.Format(2), yusuan.MaxTotal.Format(0))
		}
		return false
	}
	return true
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
		v.errf(path, "金额不能为负数，实为 %s", a)
	}
}

func (v *validator) nonNegative(path string, n int) {
	if n < 0 {
		v.errf(path, "数量不能为负数，实为 %d", n)
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
	if d := v.b.Assets.AsOf; d != "" {
		if _, err := time.Parse("2006-01-02", d); err != nil {
			v.errf("assets.as_of", "日期 %q 无效：应为实际存在的日期，写作 2020-12-31", d)
		}
	}
	v.nonNegative("assets.general_equipment", v.b.Assets.GeneralEquipment)
	v.nonNegative("assets.special_equipment", v.b.Assets.SpecialEquipment)
}

func (v *validator) unit(path, code string) bool {
	if !v.required(path, code) {
		return false
	}
	if _, ok := v.b.UnitByCode(code); !ok {
		v.errf(path, "未知的预算单位 %q，请先在 units 中列出", code)
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
		v.errf(path, "未知的资金来源 %q；可用：%s", s, strings.Join(names, ", "))
	}
}

func (v *validator) code(path string, scheme yusuan.Scheme, code string, digits int) {
	if !v.required(path, code) {
		return
	}
	if len(code) != digits || !yusuan.IsDigits(code) {
		v.errf(path, "%s编码应为 %d 位数字，实为 %q", schemeName(scheme), digits, code)
		return
	}
	if c := v.cat.Scheme(scheme); c != nil && !c.Has(code) {
		v.errf(path, "%s编码 %s 不在 %d 年科目表中（如科目表不全，可用 --catalog 载入官方科目表）", schemeName(scheme), code, v.cat.Year)
	}
}

func schemeName(s yusuan.Scheme) string {
	switch s {
	case yusuan.SchemeFunctional:
		return "支出功能分类"
	case yusuan.SchemeEcon:
		return "部门预算支出经济分类"
	case yusuan.SchemeGovEcon:
		return "政府预算支出经济分类"
	}
	return string(s)
}

func (v *validator) income() {
	if len(v.b.Income) == 0 {
		v.errf("income", "至少需要一条收入（income）")
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
			v.errf(p+".id", "项目 id %q 重复", pr.ID)
		}
		seen[pr.ID] = true
		switch pr.Type {
		case yusuan.ProjectSocial, yusuan.ProjectDebt, yusuan.ProjectConstruction, yusuan.ProjectOther:
		default:
			v.errf(p+".type", "项目类型应为 social（社会事业和经济发展项目）、debt（债务项目）、construction（基本建设项目）或 other（其他项目），实为 %q", pr.Type)
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
			v.errf(p+".target", "绩效指标 %q 缺少目标值", in.Name)
		}
	}
}

// basicClasses are the department economic 类 a basic expenditure may use:
// the columns of every basic expenditure table.
var basicClasses = []string{"301", "302", "303", "309", "310"}

func (v *validator) expenditure() {
	if len(v.b.Expenditure) == 0 {
		v.errf("expenditure", "至少需要一条支出（expenditure）")
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
			v.errf(p+".gov_econ", "部门经济科目 %s 不能对应政府经济科目 %s（财预〔2017〕98号对照关系）；可对应：%s", l.Econ, l.GovEcon, strings.Join(v.targets(l.Econ), ", "))
		}
		switch l.Nature {
		case yusuan.NatureBasic:
			if l.Project != "" {
				v.errf(p+".project", "基本支出不属于任何项目，不应填写 project")
			}
			if len(l.Econ) == 5 && !contains(basicClasses, l.Econ[:3]) {
				v.errf(p+".econ", "基本支出的经济科目应属于 301、302、303、309 或 310 类，实为 %s", l.Econ)
			}
		case yusuan.NatureProject:
			if v.required(p+".project", l.Project) {
				pr, ok := v.b.ProjectByID(l.Project)
				if !ok {
					v.errf(p+".project", "未知的项目 %q，请先在 projects 中列出", l.Project)
				} else if pr.Unit != l.Unit {
					v.errf(p+".unit", "项目 %q 的支出列在单位 %s，而该项目属于单位 %s", l.Project, l.Unit, pr.Unit)
				}
				used[l.Project] = true
			}
		default:
			if _, ok := finalNatures[l.Nature]; ok && v.b.IsFinal() {
				break // 上缴上级支出, 经营支出, 对附属单位补助支出 (final.go)
			}
			v.errf(p+".nature", "支出性质应为 basic（基本支出）或 project（项目支出），实为 %q", l.Nature)
		}
	}
	for i, pr := range v.b.Projects {
		if pr.ID != "" && !used[pr.ID] {
			v.errf(fmt.Sprintf("projects[%d]", i), "项目 %q 没有支出：项目本年预算由其支出合计得出", pr.ID)
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
			v.errf("income", "单位 %s、资金来源 %s：收入 %s 元 ≠ 支出 %s 元（相差 %s 元）；预算收入应等于支出", k.unit, k.source, in[k].Format(2), out[k].Format(2), (in[k] - out[k]).Format(2))
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
			v.errf(p+".quantity", "采购数量应为正整数，实为 %d", it.Quantity)
		}
		if prod, _ := it.UnitPrice.Mul(it.Quantity); it.UnitPrice > 0 && it.Quantity > 0 && prod != it.Amount {
			v.errf(p+".amount", "数量 %d × 单价 %s 元 = %s 元，但金额为 %s 元", it.Quantity, it.UnitPrice.Format(2), prod.Format(2), it.Amount.Format(2))
		}
		switch it.Category {
		case yusuan.ProcureGoods, yusuan.ProcureWorks, yusuan.ProcureServices:
		default:
			v.errf(p+".category", "采购类别应为 goods（货物）、works（工程）或 services（服务），实为 %q", it.Category)
		}
		switch it.Nature {
		case yusuan.NatureBasic, yusuan.NatureProject:
		default:
			v.errf(p+".nature", "支出性质应为 basic 或 project，实为 %q", it.Nature)
		}
		k := key{it.Unit, it.Function, it.Econ, it.Nature, it.Project}
		bought[k] += it.Amount
		if _, ok := firstPath[k]; !ok {
			firstPath[k] = p
		}
	}
	for k, sum := range bought {
		if sum > lines[k] {
			v.errf(firstPath[k], "单位 %s、功能科目 %s、经济科目 %s（%s）的政府采购合计 %s 元，超过该处预算 %s 元", k.unit, k.function, k.econ, k.nature, sum.Format(2), lines[k].Format(2))
		}
	}
}

func (v *validator) lastYear() {
	for _, name := range sortedKeys(v.b.LastYear) {
		if _, ok := yusuan.Measure(name); !ok {
			v.errf("last_year."+name, "未知的指标名 %q；可用：%s", name, strings.Join(yusuan.MeasureNames(), ", "))
		}
		v.amount("last_year."+name, v.b.LastYear[name])
	}
	for _, name := range sortedKeys(v.b.Reasons) {
		if _, ok := yusuan.Measure(name); !ok {
			v.errf("reasons."+name, "未知的指标名 %q；可用：%s", name, strings.Join(yusuan.MeasureNames(), ", "))
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
