package compile_test

import (
	"math/rand"
	"strings"
	"testing"

	"github.com/yusuan/yusuan"
	"github.com/yusuan/yusuan/catalog"
	"github.com/yusuan/yusuan/compile"
	"github.com/yusuan/yusuan/internal/budgetgen"
	"github.com/yusuan/yusuan/profile"
)

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
		b := budgetgen.Generate(r, cat)
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
		b := budgetgen.Generate(r, cat)
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
