package compile_test

import (
	"errors"
	"testing"

	"github.com/yusuan/yusuan"
	"github.com/yusuan/yusuan/budgetfile"
	"github.com/yusuan/yusuan/catalog"
	"github.com/yusuan/yusuan/compile"
	"github.com/yusuan/yusuan/profile"
)

// Issue 12, case 6: amounts whose sums would wrap an int64 are refused,
// with the place, before any table is summed.
func TestCompileRefusesSumsThatCouldWrap(t *testing.T) {
	p, err := profile.LoadFile("zhengzhou-2021")
	if err != nil {
		t.Fatal(err)
	}
	b := &yusuan.Budget{Year: 2021, Units: []yusuan.Unit{{Code: "1", Name: "u", Kind: yusuan.UnitAdministrative}}}
	for i := 0; i < 100; i++ {
		b.Expenditure = append(b.Expenditure, yusuan.ExpenditureLine{Unit: "1", Function: "2010301", Econ: "30101", GovEcon: "50101", Nature: yusuan.NatureBasic, Source: yusuan.SourceAppropriation, Amount: 99999999999999999})
	}
	_, err = compile.Compile(b, p, nil)
	var oe *yusuan.OverflowError
	if !errors.As(err, &oe) || oe.Path != "expenditure[0].amount" {
		t.Fatalf("error = %v, want an overflow at expenditure[0].amount", err)
	}
}

// Issue 12, case 9: 20,000 procurement items took 86 s, the narrative
// template rebuilding the list of items once per item. Allocations (not
// time, which varies) must grow about linearly with the items: four
// times the items, at most eight times the allocations.
func TestNarrativeIsLinearInProcurementItems(t *testing.T) {
	b, err := budgetfile.Load("../testdata/budgets/minimal.yaml", catalog.Load)
	if err != nil {
		t.Fatal(err)
	}
	p, err := profile.LoadFile(b.Profile)
	if err != nil {
		t.Fatal(err)
	}
	cat, _ := catalog.Load(b.Year)
	b.Reasons["procurement"] = "采购增加"
	allocs := func(n int) float64 {
		bb := *b
		bb.Procurement = nil
		for i := 0; i < n; i++ {
			bb.Procurement = append(bb.Procurement, yusuan.ProcurementItem{Unit: "901001", Function: "2010301", Econ: "30201", Nature: yusuan.NatureBasic,
				Purpose: "办公", Catalog: "办公用品", Item: "纸张", Measure: "箱", Quantity: 1, UnitPrice: 100, Amount: 100, Category: yusuan.ProcureGoods})
		}
		return testing.AllocsPerRun(1, func() {
			if _, err := compile.Compile(&bb, p, cat); err != nil {
				t.Fatal(err)
			}
		})
	}
	small, large := allocs(500), allocs(2000)
	if large > 8*small {
		t.Errorf("500 items: %.0f allocations, 2000 items: %.0f (%.1f×): the narrative is not linear in the items", small, large, large/small)
	}
}
