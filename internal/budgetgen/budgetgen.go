// Package budgetgen makes random valid budgets for property tests: the
// compiler's invariants (compile) and the round trip through every format
// yusuan writes (internal/cli).
package budgetgen

import (
	"fmt"
	"math/rand"

	"github.com/yusuan/yusuan"
)

// Generate makes a random valid budget: a few units of random kinds,
// random lines over real catalog codes and sources, projects of every
// type, procurement inside basic lines, and last year's figures.
func Generate(r *rand.Rand, cat *yusuan.Catalog) *yusuan.Budget {
	var items []string
	for _, c := range cat.Functional.Codes() {
		if len(c) == 7 {
			items = append(items, c)
		}
	}
	var econs []string
	for _, c := range cat.Econ.Codes() {
		if len(c) == 5 {
			switch c[:3] {
			case "301", "302", "303", "310":
				if len(cat.GovTargets(c, yusuan.UnitAdministrative)) > 0 && len(cat.GovTargets(c, yusuan.UnitInstitution)) > 0 {
					econs = append(econs, c)
				}
			}
		}
	}
	kinds := []yusuan.UnitKind{yusuan.UnitAdministrative, yusuan.UnitCivilService, yusuan.UnitInstitution}
	b := &yusuan.Budget{Year: 2021, Department: yusuan.Department{Code: "900", Name: "测试部门"}, Duties: []string{"职责"}}
	nu := 1 + r.Intn(3)
	for i := 0; i < nu; i++ {
		b.Units = append(b.Units, yusuan.Unit{Code: fmt.Sprintf("900%03d", i+1), Name: fmt.Sprintf("测试单位%d", i+1), Kind: kinds[r.Intn(3)]})
	}
	types := []yusuan.ProjectType{yusuan.ProjectSocial, yusuan.ProjectDebt, yusuan.ProjectConstruction, yusuan.ProjectOther}
	np := r.Intn(5)
	for i := 0; i < np; i++ {
		b.Projects = append(b.Projects, yusuan.Project{ID: fmt.Sprintf("p%d", i), Name: fmt.Sprintf("项目%d", i), Unit: b.Units[r.Intn(nu)].Code, Type: types[r.Intn(4)]})
	}
	sources := []yusuan.Source{yusuan.SourceAppropriation, yusuan.SourceAppropriation, yusuan.SourceAppropriation, yusuan.SourceGovFund, yusuan.SourceBusiness, yusuan.SourceAdminFees}
	line := func(u yusuan.Unit, nature yusuan.Nature, project string) yusuan.ExpenditureLine {
		econ := econs[r.Intn(len(econs))]
		govs := cat.GovTargets(econ, u.Kind)
		if len(govs) == 0 {
			govs = cat.GovTargets(econ, yusuan.UnitAdministrative)
		}
		return yusuan.ExpenditureLine{Unit: u.Code, Function: items[r.Intn(len(items))], Econ: econ, GovEcon: govs[r.Intn(len(govs))],
			Nature: nature, Project: project, Source: sources[r.Intn(len(sources))], Amount: yusuan.Amount(1 + r.Int63n(50_000_000_00))}
	}
	for i, n := 0, 3+r.Intn(40); i < n; i++ {
		b.Expenditure = append(b.Expenditure, line(b.Units[r.Intn(nu)], yusuan.NatureBasic, ""))
	}
	for _, p := range b.Projects {
		u, _ := b.UnitByCode(p.Unit)
		for i, n := 0, 1+r.Intn(3); i < n; i++ {
			b.Expenditure = append(b.Expenditure, line(u, yusuan.NatureProject, p.ID))
		}
	}
	// Income balances expenditure by unit and source.
	in := map[[2]string]yusuan.Amount{}
	var keys [][2]string
	for _, l := range b.Expenditure {
		k := [2]string{l.Unit, string(l.Source)}
		if _, ok := in[k]; !ok {
			keys = append(keys, k)
		}
		in[k] += l.Amount
	}
	for _, k := range keys {
		b.Income = append(b.Income, yusuan.IncomeLine{Unit: k[0], Source: yusuan.Source(k[1]), Amount: in[k]})
	}
	// Procurement inside a basic line, priced exactly.
	for i := 0; i < r.Intn(4); i++ {
		l := b.Expenditure[r.Intn(len(b.Expenditure))]
		if l.Nature != yusuan.NatureBasic {
			continue
		}
		q := 1 + r.Int63n(10)
		price := l.Amount / yusuan.Amount(q) / 2
		if price == 0 {
			continue
		}
		b.Procurement = append(b.Procurement, yusuan.ProcurementItem{Unit: l.Unit, Function: l.Function, Econ: l.Econ, Nature: yusuan.NatureBasic,
			Purpose: "采购", Catalog: "目录", Item: "物品", Measure: "台", Quantity: q, UnitPrice: price, Amount: price * yusuan.Amount(q), Category: yusuan.ProcureGoods})
	}
	b.Performance = &yusuan.DepartmentPerformance{Goal: "目标", Indicators: []yusuan.Indicator{{Level1: "产出指标", Level2: "数量", Name: "指标", Target: "≥1"}}}
	b.LastYear = yusuan.LastYear{}
	b.Reasons = map[string]string{}
	for _, m := range yusuan.Measures {
		b.LastYear[m.Name] = yusuan.Amount(r.Int63n(100_000_000_00))
		b.Reasons[m.Name] = "调整"
	}
	b.EmptyTables = map[yusuan.TableKind]string{yusuan.KindGovFund: "无政府性基金预算支出", yusuan.KindStateCapital: "无国有资本经营预算支出", yusuan.KindProcurement: "无政府采购"}
	// Any table may come out empty in a random budget (no general public
	// basic line, say); each needs its explanation.
	for _, k := range yusuan.TableKinds {
		if _, ok := b.EmptyTables[k]; !ok {
			b.EmptyTables[k] = "本部门无此类支出"
		}
	}
	return b
}
