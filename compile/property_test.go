package compile_test

import (
	"fmt"
	"math/rand"
	"strings"
	"testing"

	"github.com/yusuan/yusuan"
	"github.com/yusuan/yusuan/catalog"
	"github.com/yusuan/yusuan/compile"
	"github.com/yusuan/yusuan/profile"
)

// generate makes a random valid budget: a few units of random kinds,
// random lines over real catalog codes and sources, projects of every
// type, procurement inside basic lines, and last year's figures.
func generate(r *rand.Rand, cat *yusuan.Catalog) *yusuan.Budget {
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

func sumRows(t *yusuan.Table, key string, pick func(r *yusuan.Row) bool) yusuan.Amount {
	var s yusuan.Amount
	for i := range t.Rows {
		if pick(&t.Rows[i]) {
			s += t.Rows[i].Amount(key)
		}
	}
	return s
}

func isAmount(c yusuan.Column) bool { return c.Type == yusuan.ColAmount }

// checkInvariants asserts what must hold for every compiled document.
func checkInvariants(t *testing.T, doc *yusuan.Document) {
	t.Helper()
	tables := map[yusuan.TableKind]*yusuan.Table{}
	for i := range doc.Tables {
		tb := &doc.Tables[i]
		if _, ok := tables[tb.Kind]; !ok {
			tables[tb.Kind] = tb
		}
		total := tb.Total()
		if total == nil {
			continue
		}
		for _, c := range tb.Columns {
			if !isAmount(c) || tb.Kind == yusuan.KindSummary || tb.Kind == yusuan.KindFiscalSummary || tb.Kind == yusuan.KindThreePublic {
				continue
			}
			// The total is the sum of the finest rows (项 or 款 or items).
			fine := sumRows(tb, c.Key, func(r *yusuan.Row) bool { return r.Level == yusuan.LevelItem || r.Level == yusuan.LevelSegment })
			if fine != total.Amount(c.Key) {
				t.Errorf("table %d %s: 合计 %s = %s, rows sum to %s", tb.Number, tb.Kind, c.Key, total.Amount(c.Key), fine)
			}
			units := sumRows(tb, c.Key, func(r *yusuan.Row) bool { return r.Level == yusuan.LevelUnit })
			if units != 0 && units != total.Amount(c.Key) {
				t.Errorf("table %d: units sum to %s, 合计 %s = %s", tb.Number, units, c.Key, total.Amount(c.Key))
			}
		}
		// basic + project = total, and basic = Σ its economic columns.
		if _, ok := total.Cells["basic"]; ok {
			for _, r := range tb.Rows {
				if r.Amount("basic")+r.Amount("project") != r.Amount("total") {
					t.Errorf("table %d row %s: basic %s + project %s ≠ total %s", tb.Number, r.Code, r.Amount("basic"), r.Amount("project"), r.Amount("total"))
				}
				if r.Amount("wages")+r.Amount("household")+r.Amount("goods")+r.Amount("capital") != r.Amount("basic") {
					t.Errorf("table %d row %s: economic columns ≠ basic", tb.Number, r.Code)
				}
				if r.Amount("project_social")+r.Amount("project_debt")+r.Amount("project_construction")+r.Amount("project_other") != r.Amount("project") {
					t.Errorf("table %d row %s: project types ≠ project", tb.Number, r.Code)
				}
			}
		}
	}
	// Figures that two tables both show are equal.
	get := func(k yusuan.TableKind, row, col string) (yusuan.Amount, bool) {
		tb := tables[k]
		if tb == nil {
			return 0, false
		}
		for _, r := range tb.Rows {
			if (row == "合计" && r.Level == yusuan.LevelTotal) || r.Key == row {
				return r.Amount(col), true
			}
		}
		return 0, false
	}
	ties := [][2][3]string{
		{{"summary", "合计", "expenditure"}, {"expenditure", "合计", "total"}},
		{{"summary", "合计", "income"}, {"income", "合计", "total"}},
		{{"summary", "basic", "expenditure"}, {"expenditure", "合计", "basic"}},
		{{"summary", "wages", "expenditure"}, {"expenditure", "合计", "wages"}},
		{{"summary", "goods", "expenditure"}, {"expenditure", "合计", "goods"}},
		{{"summary", "capital", "expenditure"}, {"expenditure", "合计", "capital"}},
		{{"summary", "project", "expenditure"}, {"expenditure", "合计", "project"}},
		{{"summary", "general_public", "income"}, {"income", "合计", "general_public"}},
		{{"summary", "appropriation", "income"}, {"income", "合计", "appropriation"}},
		{{"fiscal_summary", "general_public", "income"}, {"general_public_functional", "合计", "total"}},
		{{"general_public_functional", "合计", "total"}, {"general_public_economic", "合计", "total"}},
		{{"general_public_functional", "合计", "basic"}, {"general_public_basic", "合计", "total"}},
		{{"general_public_functional", "合计", "project"}, {"general_public_economic", "合计", "project"}},
		{{"summary", "gov_fund", "income"}, {"gov_fund", "合计", "total"}},
		{{"income", "合计", "gov_fund"}, {"gov_fund", "合计", "total"}},
		{{"performance_department", "budget_total", "value"}, {"expenditure", "合计", "total"}},
		{{"performance_department", "budget_basic", "value"}, {"expenditure", "合计", "basic"}},
	}
	for _, tie := range ties {
		a, okA := get(yusuan.TableKind(tie[0][0]), tie[0][1], tie[0][2])
		b, okB := get(yusuan.TableKind(tie[1][0]), tie[1][1], tie[1][2])
		if !okA && !okB {
			continue
		}
		if a != b {
			t.Errorf("%v = %s but %v = %s", tie[0], a, tie[1], b)
		}
	}
	if tp := tables[yusuan.KindThreePublic]; tp != nil {
		a, _ := get(yusuan.KindThreePublic, "abroad", "amount")
		r, _ := get(yusuan.KindThreePublic, "reception", "amount")
		v, _ := get(yusuan.KindThreePublic, "vehicle", "amount")
		vo, _ := get(yusuan.KindThreePublic, "vehicle_operation", "amount")
		vp, _ := get(yusuan.KindThreePublic, "vehicle_purchase", "amount")
		tot, _ := get(yusuan.KindThreePublic, "合计", "amount")
		if a+r+v != tot || vo+vp != v {
			t.Errorf("三公: %s + %s + %s ≠ %s or %s + %s ≠ %s", a, r, v, tot, vo, vp, v)
		}
	}
	if pr := tables[yusuan.KindProcurement]; pr != nil && len(pr.Rows) > 0 {
		items := sumRows(pr, "amount", func(r *yusuan.Row) bool { return r.Level == yusuan.LevelItem })
		if items != pr.Total().Amount("amount") {
			t.Errorf("procurement items %s ≠ 合计 %s", items, pr.Total().Amount("amount"))
		}
	}
}

func TestPropertiesOfGeneratedBudgets(t *testing.T) {
	cat, err := catalog.Load(2021)
	if err != nil {
		t.Fatal(err)
	}
	p, err := profile.Load("zhengzhou-2021")
	if err != nil {
		t.Fatal(err)
	}
	r := rand.New(rand.NewSource(2021))
	n := 300
	if testing.Short() {
		n = 30
	}
	for i := 0; i < n; i++ {
		b := generate(r, cat)
		doc, err := compile.Compile(b, p, cat)
		if err != nil {
			t.Fatalf("budget %d: %v", i, err)
		}
		checkInvariants(t, doc)
		if t.Failed() {
			t.Fatalf("budget %d failed", i)
		}
	}
}

func TestExampleInvariants(t *testing.T) {
	checkInvariants(t, compileExample(t))
}

// TestSmallChangesAreNotPrintedAsZero: a change under half a 万元 is still
// a change; printing "减少 0 万元" would contradict itself.
func TestSmallChangesAreNotPrintedAsZero(t *testing.T) {
	cat, _ := catalog.Load(2021)
	p, _ := profile.Load("zhengzhou-2021")
	r := rand.New(rand.NewSource(7))
	for i := 0; i < 50; i++ {
		b := generate(r, cat)
		for _, m := range []string{"total", "income", "general_public", "operating_cost", "three_public"} {
			v, _ := b.Value(m)
			b.LastYear[m] = v + yusuan.Amount(1+r.Int63n(4999_00)) // 0.01 元 to 4,999 元 less
		}
		doc, err := compile.Compile(b, p, cat)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range doc.Narrative {
			for _, f := range s.Figures {
				if (f.Kind == yusuan.FigureChange || f.Kind == yusuan.FigureGrowth) && f.Direction != "flat" && strings.Trim(f.Printed, "0.") == "" {
					t.Fatalf("%s: a %s change printed as %q", s.Title, f.Direction, f.Printed)
				}
			}
		}
	}
}
