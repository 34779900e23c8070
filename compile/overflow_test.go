package compile_test

import (
	"errors"
	"testing"

	"github.com/yusuan/yusuan"
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
