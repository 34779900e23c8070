package yusuan

import (
	"math"
	"math/big"
	"math/rand/v2"
	"reflect"
	"testing"
)

func TestParseAmount(t *testing.T) {
	tests := []struct {
		in   string
		want Amount
		ok   bool
	}{
		{"96,619,907", 9661990700, true},
		{"91016775.35", 9101677535, true},
		{"91,016,775.35", 9101677535, true},
		{"0", 0, true},
		{"0.5", 50, true},
		{"-1,000", -100000, true},
		{" 12 ", 1200, true},
		{"12.345", 0, false},
		{"1,00", 0, false},
		{",100", 0, false},
		{"1.", 0, false},
		{"", 0, false},
		{"abc", 0, false},
		{"1e5", 0, false},
		{"9999999999999999", 0, false},
	}
	for _, tt := range tests {
		got, err := ParseAmount(tt.in)
		if (err == nil) != tt.ok || got != tt.want {
			t.Errorf("ParseAmount(%q) = %d, %v; want %d, ok=%v", tt.in, got, err, tt.want, tt.ok)
		}
	}
}

func TestFormatAndWan(t *testing.T) {
	tests := []struct {
		a            Amount
		f0, f2, wan0 string
		wan2         string
	}{
		{9661990700, "96,619,907", "96,619,907.00", "9662", "9661.99"},
		{9101677535, "91,016,775", "91,016,775.35", "9102", "9101.68"},
		{-8392000, "-83,920", "-83,920.00", "-8", "-8.39"},
		{4999, "50", "49.99", "0", "0.00"},
		{0, "0", "0.00", "0", "0.00"},
	}
	for _, tt := range tests {
		if got := tt.a.Format(0); got != tt.f0 {
			t.Errorf("%d.Format(0) = %q, want %q", tt.a, got, tt.f0)
		}
		if got := tt.a.Format(2); got != tt.f2 {
			t.Errorf("%d.Format(2) = %q, want %q", tt.a, got, tt.f2)
		}
		if got := tt.a.Wan(0); got != tt.wan0 {
			t.Errorf("%d.Wan(0) = %q, want %q", tt.a, got, tt.wan0)
		}
		if got := tt.a.Wan(2); got != tt.wan2 {
			t.Errorf("%d.Wan(2) = %q, want %q", tt.a, got, tt.wan2)
		}
	}
}

func TestRoundDivHalfAwayFromZero(t *testing.T) {
	tests := []struct {
		num, den int64
		d        int
		want     string
	}{
		{5433 * 100, 9662, 2, "56.23"},
		{1, 8, 2, "0.13"},   // 0.125 rounds up
		{-1, 8, 2, "-0.13"}, // and away from zero below it
		{2, 3, 0, "1"},
		{1, 0, 2, "—"},
	}
	for _, tt := range tests {
		if got := RoundDiv(tt.num, tt.den, tt.d); got != tt.want {
			t.Errorf("RoundDiv(%d, %d, %d) = %q, want %q", tt.num, tt.den, tt.d, got, tt.want)
		}
	}
}

func TestAmountStringRoundTrips(t *testing.T) {
	for _, a := range []Amount{0, 1, 10, 99, 100, 12345, -5, -12345, 9661990700} {
		b, _ := a.MarshalJSON()
		var back Amount
		if err := back.UnmarshalJSON(b); err != nil || back != a {
			t.Errorf("%d → %s → %d, %v", a, b, back, err)
		}
	}
}

func FuzzParseAmount(f *testing.F) {
	for _, s := range []string{"96,619,907", "91016775.35", "-0.5", "1,2", "１２３", "1e9", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		a, err := ParseAmount(s)
		if err != nil {
			return
		}
		// Whatever parses prints back to a string that parses to the same amount.
		back, err := ParseAmount(a.String())
		if err != nil || back != a {
			t.Fatalf("%q → %d → %q → %d, %v", s, a, a.String(), back, err)
		}
		if back2, err := ParseAmount(a.Format(2)); err != nil || back2 != a {
			t.Fatalf("%q → Format(2) %q → %d, %v", s, a.Format(2), back2, err)
		}
	})
}

// Property: a tally accepts exactly the sequences whose exact sum of
// absolute values (computed in big integers) is within MaxTotal, and
// reports that sum.
func TestTallyMatchesExactArithmetic(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	gen := func() Amount {
		switch r.IntN(4) {
		case 0:
			return Amount(r.Int64())
		case 1:
			return -Amount(r.Int64N(int64(MaxTotal)))
		case 2:
			return Amount(r.Int64N(int64(MaxTotal) / 10))
		}
		return Amount(math.MinInt64 + r.Int64N(3))
	}
	for trial := 0; trial < 20000; trial++ {
		var tl Tally
		exact := new(big.Int)
		max := big.NewInt(int64(MaxTotal))
		for k := 0; k < 1+r.IntN(30); k++ {
			a := gen()
			exact.Add(exact, new(big.Int).Abs(big.NewInt(int64(a))))
			within := exact.Cmp(max) <= 0
			if got := tl.Add(a); got != within {
				t.Fatalf("trial %d: Add(%d) = %v, exact sum %s, within %v", trial, a, got, exact, within)
			}
			if !within {
				break
			}
			if tl.Total() != Amount(exact.Int64()) {
				t.Fatalf("total %d, exact %s", tl.Total(), exact)
			}
		}
	}
}

// Property: Mul is exact whenever it says so, and says so exactly when
// the product is within MaxTotal.
func TestMulMatchesExactArithmetic(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	max := big.NewInt(int64(MaxTotal))
	for trial := 0; trial < 100000; trial++ {
		a := Amount(r.Int64N(int64(MaxTotal)) >> r.IntN(60))
		n := r.Int64() >> r.IntN(64)
		if r.IntN(2) == 0 {
			a = -a
		}
		if r.IntN(50) == 0 {
			a = math.MinInt64
		}
		exact := new(big.Int).Mul(big.NewInt(int64(a)), big.NewInt(n))
		got, ok := a.Mul(n)
		within := new(big.Int).Abs(exact).Cmp(max) <= 0
		if ok != within || (ok && big.NewInt(int64(got)).Cmp(exact) != 0) {
			t.Fatalf("%d × %d = %d, %v; exact %s", a, n, got, ok, exact)
		}
	}
}

// Every Amount field of a budget is visited by EachAmount: a new field
// left out of it would escape the bound that keeps sums exact. The test
// fills every Amount reachable by reflection with 1 and counts the visits.
func TestEachAmountVisitsEveryAmount(t *testing.T) {
	var b Budget
	fields := fillAmounts(reflect.ValueOf(&b).Elem())
	visits := 0
	var total Amount
	b.EachAmount(func(path string, a Amount) bool {
		visits++
		total += a
		return true
	})
	if visits != fields || total != Amount(fields) {
		t.Errorf("EachAmount visited %d amounts summing to %d; the budget has %d Amount fields (set to 1)", visits, total, fields)
	}
}

// fillAmounts sets every Amount reachable from v to 1 (making one element
// of each slice, one entry of each map, and each pointer) and counts them.
func fillAmounts(v reflect.Value) int {
	amount := reflect.TypeFor[Amount]()
	switch {
	case v.Type() == amount:
		v.SetInt(1)
		return 1
	case v.Kind() == reflect.Pointer:
		if v.Type().Elem() == amount || v.Type().Elem().Kind() == reflect.Struct {
			v.Set(reflect.New(v.Type().Elem()))
			return fillAmounts(v.Elem())
		}
	case v.Kind() == reflect.Struct:
		n := 0
		for i := 0; i < v.NumField(); i++ {
			if v.Type().Field(i).IsExported() {
				n += fillAmounts(v.Field(i))
			}
		}
		return n
	case v.Kind() == reflect.Slice:
		v.Set(reflect.MakeSlice(v.Type(), 1, 1))
		return fillAmounts(v.Index(0))
	case v.Kind() == reflect.Map && v.Type().Key().Kind() == reflect.String:
		v.Set(reflect.MakeMap(v.Type()))
		e := reflect.New(v.Type().Elem()).Elem()
		n := fillAmounts(e)
		v.SetMapIndex(reflect.ValueOf("k").Convert(v.Type().Key()), e)
		return n
	}
	return 0
}
