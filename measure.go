package yusuan

import (
	"sort"
	"strings"
)

// Filter selects expenditure lines (or income lines, by source). Every
// field narrows the selection; an empty field selects everything. Code
// fields match by prefix, so "301" selects every 301xx line.
type Filter struct {
	Nature      Nature        `json:"nature,omitempty"`
	Econ        []string      `json:"econ,omitempty"`     // department economic code prefixes
	GovEcon     []string      `json:"gov_econ,omitempty"` // government economic code prefixes
	Function    []string      `json:"function,omitempty"` // functional code prefixes
	ProjectType []ProjectType `json:"project_type,omitempty"`
	Project     string        `json:"project,omitempty"`
	// Source lists sources or source groups (general_public).
	Source   []Source   `json:"source,omitempty"`
	UnitKind []UnitKind `json:"unit_kind,omitempty"`
	Unit     string     `json:"unit,omitempty"`
}

// And returns the filter selecting what both f and g select. Where both
// set the same field, g's value wins; profiles only combine disjoint fields.
func (f Filter) And(g Filter) Filter {
	if g.Nature != "" {
		f.Nature = g.Nature
	}
	if g.Econ != nil {
		f.Econ = g.Econ
	}
	if g.GovEcon != nil {
		f.GovEcon = g.GovEcon
	}
	if g.Function != nil {
		f.Function = g.Function
	}
	if g.ProjectType != nil {
		f.ProjectType = g.ProjectType
	}
	if g.Project != "" {
		f.Project = g.Project
	}
	if g.Source != nil {
		f.Source = g.Source
	}
	if g.UnitKind != nil {
		f.UnitKind = g.UnitKind
	}
	if g.Unit != "" {
		f.Unit = g.Unit
	}
	return f
}

// MatchSource reports whether source s is selected.
func (f Filter) MatchSource(s Source) bool {
	if len(f.Source) == 0 {
		return true
	}
	for _, x := range f.Source {
		if x == s || x == SourceGroup(s) {
			return true
		}
	}
	return false
}

func hasPrefix(code string, prefixes []string) bool {
	if len(prefixes) == 0 {
		return true
	}
	for _, p := range prefixes {
		if strings.HasPrefix(code, p) {
			return true
		}
	}
	return false
}

// Match reports whether the expenditure line is selected. b supplies the
// unit kinds and project types.
func (f Filter) Match(b *Budget, l *ExpenditureLine) bool {
	if f.Nature != "" && l.Nature != f.Nature {
		return false
	}
	if !hasPrefix(l.Econ, f.Econ) || !hasPrefix(l.GovEcon, f.GovEcon) || !hasPrefix(l.Function, f.Function) {
		return false
	}
	if f.Unit != "" && l.Unit != f.Unit {
		return false
	}
	if f.Project != "" && l.Project != f.Project {
		return false
	}
	if !f.MatchSource(l.Source) {
		return false
	}
	if len(f.UnitKind) > 0 {
		u, _ := b.UnitByCode(l.Unit)
		if !containsKind(f.UnitKind, u.Kind) {
			return false
		}
	}
	if len(f.ProjectType) > 0 {
		if l.Nature != NatureProject {
			return false
		}
		p, ok := b.ProjectByID(l.Project)
		if !ok {
			return false
		}
		found := false
		for _, t := range f.ProjectType {
			found = found || t == p.Type
		}
		if !found {
			return false
		}
	}
	return true
}

// Sum adds the expenditure lines the filter selects.
func (f Filter) Sum(b *Budget) Amount {
	var s Amount
	for i := range b.Expenditure {
		if f.Match(b, &b.Expenditure[i]) {
			s += b.Expenditure[i].Amount
		}
	}
	return s
}

// SumIncome adds the income lines whose source (and unit) the filter selects.
func (f Filter) SumIncome(b *Budget) Amount {
	var s Amount
	for _, l := range b.Income {
		if f.Unit != "" && l.Unit != f.Unit {
			continue
		}
		if len(f.Function) > 0 && !hasPrefix(l.Function, f.Function) {
			continue
		}
		if f.MatchSource(l.Source) {
			s += l.Amount
		}
	}
	return s
}

// MeasureDef is a named, profile-independent figure of a budget: the
// vocabulary shared by last year's facts, stated reasons, the narrative
// and the checks.
type MeasureDef struct {
	Name   string
	Title  string // Chinese name
	Of     string // "expenditure", "income" or "procurement"
	Filter Filter
}

// ThreePublic codes: 因公出国（境）费 30212, 公务接待费 30217, 公务用车运行维护费
// 30231, 公务用车购置 31013 (and 30913 under 基本建设).
var (
	econAbroad           = []string{"30212"}
	econReception        = []string{"30217"}
	econVehicleOperation = []string{"30231"}
	econVehiclePurchase  = []string{"31013", "30913"}
)

// Measures is the vocabulary of named measures.
var Measures = []MeasureDef{
	{"total", "支出预算总计", "expenditure", Filter{}},
	{"income", "收入预算总计", "income", Filter{}},
	{"general_public", "一般公共预算", "expenditure", Filter{Source: []Source{FundGeneralPublic}}},
	{"appropriation", "一般公共预算财政拨款", "expenditure", Filter{Source: []Source{SourceAppropriation}}},
	{"gov_fund", "政府性基金预算", "expenditure", Filter{Source: []Source{SourceGovFund}}},
	{"state_capital", "国有资本经营预算", "expenditure", Filter{Source: []Source{SourceStateCapital}}},
	{"fiscal", "财政拨款", "expenditure", Filter{Source: []Source{SourceAppropriation, SourceGovFund, SourceStateCapital}}},
	{"basic", "基本支出", "expenditure", Filter{Nature: NatureBasic}},
	{"project", "项目支出", "expenditure", Filter{Nature: NatureProject}},
	{"wages", "工资福利支出", "expenditure", Filter{Nature: NatureBasic, Econ: []string{"301"}}},
	{"household", "对个人和家庭的补助", "expenditure", Filter{Nature: NatureBasic, Econ: []string{"303"}}},
	{"goods", "商品和服务支出", "expenditure", Filter{Nature: NatureBasic, Econ: []string{"302"}}},
	{"capital", "资本性支出", "expenditure", Filter{Nature: NatureBasic, Econ: []string{"309", "310"}}},
	{"personnel", "人员经费", "expenditure", Filter{Nature: NatureBasic, Econ: []string{"301", "303"}}},
	{"public_funds", "公用经费", "expenditure", Filter{Nature: NatureBasic, Econ: []string{"302", "309", "310"}}},
	{"gp_basic", "一般公共预算基本支出", "expenditure", Filter{Nature: NatureBasic, Source: []Source{FundGeneralPublic}}},
	{"gp_personnel", "一般公共预算人员经费", "expenditure", Filter{Nature: NatureBasic, Econ: []string{"301", "303"}, Source: []Source{FundGeneralPublic}}},
	{"gp_public_funds", "一般公共预算公用经费", "expenditure", Filter{Nature: NatureBasic, Econ: []string{"302", "309", "310"}, Source: []Source{FundGeneralPublic}}},
	{"three_public", "“三公”经费", "expenditure", Filter{Econ: concat(econAbroad, econReception, econVehicleOperation, econVehiclePurchase), Source: []Source{SourceAppropriation}}},
	{"three_public.abroad", "因公出国（境）费", "expenditure", Filter{Econ: econAbroad, Source: []Source{SourceAppropriation}}},
	{"three_public.reception", "公务接待费", "expenditure", Filter{Econ: econReception, Source: []Source{SourceAppropriation}}},
	{"three_public.vehicle", "公务用车购置及运行费", "expenditure", Filter{Econ: concat(econVehicleOperation, econVehiclePurchase), Source: []Source{SourceAppropriation}}},
	{"three_public.vehicle_purchase", "公务用车购置费", "expenditure", Filter{Econ: econVehiclePurchase, Source: []Source{SourceAppropriation}}},
	{"three_public.vehicle_operation", "公务用车运行维护费", "expenditure", Filter{Econ: econVehicleOperation, Source: []Source{SourceAppropriation}}},
	// 机关运行经费: 公用经费 of administrative and 参公 units financed by the general public budget.
	{"operating_cost", "机关运行经费", "expenditure", Filter{Nature: NatureBasic, Econ: []string{"302", "309", "310"}, Source: []Source{FundGeneralPublic}, UnitKind: []UnitKind{UnitAdministrative, UnitCivilService}}},
	{"procurement", "政府采购预算", "procurement", Filter{}},
	{"procurement.goods", "政府采购货物", "procurement", Filter{}},
	{"procurement.works", "政府采购工程", "procurement", Filter{}},
	{"procurement.services", "政府采购服务", "procurement", Filter{}},
	// Final accounts (决算): carry-overs and the totals that include them.
	{"carry_in", "年初结转和结余", "final", Filter{}},
	{"carry_out", "年末结转和结余", "final", Filter{}},
	{"grand_total", "收支总计", "final", Filter{}},
	{"fiscal_carry_in", "年初财政拨款结转和结余", "final", Filter{Source: []Source{SourceAppropriation, SourceGovFund, SourceStateCapital}}},
	{"fiscal_carry_out", "年末财政拨款结转和结余", "final", Filter{Source: []Source{SourceAppropriation, SourceGovFund, SourceStateCapital}}},
	{"fiscal_income", "财政拨款收入", "income", Filter{Source: []Source{SourceAppropriation, SourceGovFund, SourceStateCapital}}},
	{"fiscal_grand_total", "财政拨款收支总计", "final", Filter{Source: []Source{SourceAppropriation, SourceGovFund, SourceStateCapital}}},
	{"procurement_final", "政府采购支出总额", "final", Filter{}},
	{"procurement_final.goods", "政府采购货物支出", "final", Filter{}},
	{"procurement_final.works", "政府采购工程支出", "final", Filter{}},
	{"procurement_final.services", "政府采购服务支出", "final", Filter{}},
	{"procurement_final.sme", "授予中小企业合同金额", "final", Filter{}},
	{"procurement_final.small_micro", "授予小微企业合同金额", "final", Filter{}},
	{"performance_final", "绩效自评涉及资金", "final", Filter{}},
}

func concat(xs ...[]string) []string {
	var out []string
	for _, x := range xs {
		out = append(out, x...)
	}
	return out
}

// Measure looks up a named measure.
func Measure(name string) (MeasureDef, bool) {
	for _, m := range Measures {
		if m.Name == name {
			return m, true
		}
	}
	return MeasureDef{}, false
}

// Value computes a named measure of the budget. Besides the names in
// Measures it understands "function:CODE", "econ:CODE", "project:ID" and
// "income:SOURCE".
func (b *Budget) Value(name string) (Amount, bool) {
	if kind, arg, ok := strings.Cut(name, ":"); ok {
		switch kind {
		case "function":
			return Filter{Function: []string{arg}}.Sum(b), true
		case "econ":
			return Filter{Econ: []string{arg}}.Sum(b), true
		case "project":
			return Filter{Project: arg}.Sum(b), true
		case "income":
			return Filter{Source: []Source{Source(arg)}}.SumIncome(b), true
		case "carry_in", "carry_out":
			return b.Carry(Filter{Source: []Source{Source(arg)}}, kind == "carry_out"), true
		}
		return 0, false
	}
	m, ok := Measure(name)
	if !ok {
		return 0, false
	}
	switch m.Of {
	case "income":
		return m.Filter.SumIncome(b), true
	case "final":
		if v, ok := b.finalFact(name); ok {
			return v, true
		}
		switch {
		case strings.HasSuffix(name, "carry_in"):
			return b.Carry(m.Filter, false), true
		case strings.HasSuffix(name, "carry_out"):
			return b.Carry(m.Filter, true), true
		}
		// 总计: the year's income, the surplus used and the carry-in.
		t := m.Filter.SumIncome(b) + b.Carry(m.Filter, false)
		if name == "grand_total" && b.Final != nil {
			t += b.Final.SurplusUse
		}
		return t, true
	case "procurement":
		var s Amount
		cat, _ := strings.CutPrefix(name, "procurement.")
		for _, p := range b.Procurement {
			if name == "procurement" || string(p.Category) == cat {
				s += p.Amount
			}
		}
		return s, true
	}
	return m.Filter.Sum(b), true
}

// MeasureNames returns the names of Measures, sorted.
func MeasureNames() []string {
	ns := make([]string, len(Measures))
	for i, m := range Measures {
		ns[i] = m.Name
	}
	sort.Strings(ns)
	return ns
}

// RefFilter returns the filter of an expenditure reference: a measure
// over expenditure lines, function:CODE, econ:CODE or project:ID,
// optionally narrowed to a source or source group with @SOURCE. It
// reports false for references that are not sums of expenditure lines.
func RefFilter(ref string) (Filter, bool) {
	name, group, _ := strings.Cut(ref, "@")
	var f Filter
	if kind, arg, ok := strings.Cut(name, ":"); ok {
		switch kind {
		case "function":
			f.Function = []string{arg}
		case "econ":
			f.Econ = []string{arg}
		case "project":
			f.Project = arg
		default:
			return Filter{}, false
		}
	} else {
		m, ok := Measure(name)
		if !ok || m.Of != "expenditure" {
			return Filter{}, false
		}
		f = m.Filter
	}
	if group != "" {
		f.Source = []Source{Source(group)}
	}
	return f, true
}

// SumQuantity adds a quantity (the amount, budget_initial or budget_full)
// of the expenditure lines the filter selects.
func (f Filter) SumQuantity(b *Budget, q string) Amount {
	var s Amount
	for i := range b.Expenditure {
		if f.Match(b, &b.Expenditure[i]) {
			s += b.Expenditure[i].Quantity(q)
		}
	}
	return s
}

// finalFact resolves the measures of final accounts' procurement and
// performance facts (zero when the facts are absent).
func (b *Budget) finalFact(name string) (Amount, bool) {
	var p FinalProcurement
	var perf FinalPerformance
	if b.Final != nil {
		if b.Final.Procurement != nil {
			p = *b.Final.Procurement
		}
		if b.Final.Performance != nil {
			perf = *b.Final.Performance
		}
	}
	switch name {
	case "procurement_final":
		return p.Goods + p.Works + p.Services, true
	case "procurement_final.goods":
		return p.Goods, true
	case "procurement_final.works":
		return p.Works, true
	case "procurement_final.services":
		return p.Services, true
	case "procurement_final.sme":
		return p.SME, true
	case "procurement_final.small_micro":
		return p.SmallMicro, true
	case "performance_final":
		return perf.Amount, true
	}
	return 0, false
}
