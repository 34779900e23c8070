package budgetgen

import (
	"fmt"
	"math/rand"

	"github.com/yusuan/yusuan"
)

// Large makes a valid budget of n expenditure lines over units budget
// units and the catalog's 项 codes, with a project for every 50 lines:
// the size of a large department (a 10,000-line budget prints tables of
// thousands of rows), for benchmarks of the renderers.
func Large(r *rand.Rand, cat *yusuan.Catalog, units, n int) *yusuan.Budget {
	b := Generate(r, cat)
	b.Units = nil
	for i := 0; i < units; i++ {
		b.Units = append(b.Units, yusuan.Unit{Code: fmt.Sprintf("900%03d", i+1), Name: fmt.Sprintf("测试单位%d", i+1), Kind: yusuan.UnitAdministrative})
	}
	var items []string
	for _, c := range cat.Functional.Codes() {
		if len(c) == 7 {
			items = append(items, c)
		}
	}
	var econs []string
	for _, c := range cat.Econ.Codes() {
		if len(c) == 5 && (c[:3] == "301" || c[:3] == "302" || c[:3] == "303" || c[:3] == "310") && len(cat.GovTargets(c, yusuan.UnitAdministrative)) > 0 {
			econs = append(econs, c)
		}
	}
	b.Projects = nil
	for i := 0; i < n/50; i++ {
		b.Projects = append(b.Projects, yusuan.Project{ID: fmt.Sprintf("p%d", i), Name: fmt.Sprintf("项目%d", i), Unit: b.Units[i%units].Code, Type: yusuan.ProjectOther})
	}
	b.Expenditure = nil
	b.Procurement = nil
	for i := 0; i < n; i++ {
		u := b.Units[r.Intn(units)]
		econ := econs[r.Intn(len(econs))]
		govs := cat.GovTargets(econ, u.Kind)
		l := yusuan.ExpenditureLine{Unit: u.Code, Function: items[r.Intn(len(items))], Econ: econ, GovEcon: govs[r.Intn(len(govs))],
			Nature: yusuan.NatureBasic, Source: yusuan.SourceAppropriation, Amount: yusuan.Amount(1 + r.Int63n(5_000_000_00))}
		if len(b.Projects) > 0 && i%5 == 0 {
			p := b.Projects[r.Intn(len(b.Projects))]
			l.Unit, l.Nature, l.Project = p.Unit, yusuan.NatureProject, p.ID
		}
		b.Expenditure = append(b.Expenditure, l)
	}
	in := map[string]yusuan.Amount{}
	var keys []string
	for _, l := range b.Expenditure {
		if _, ok := in[l.Unit]; !ok {
			keys = append(keys, l.Unit)
		}
		in[l.Unit] += l.Amount
	}
	b.Income = nil
	for _, k := range keys {
		b.Income = append(b.Income, yusuan.IncomeLine{Unit: k, Source: yusuan.SourceAppropriation, Amount: in[k]})
	}
	return b
}
