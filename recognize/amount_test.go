package recognize

import (
	"testing"

	"github.com/yusuan/yusuan"
)

func TestParseAmount(t *testing.T) {
	cases := []struct {
		in, unit string
		want     yusuan.Amount
		blank    bool
		bad      bool
	}{
		{"96,619,907", "元", yusuan.Yuan(96619907), false, false},
		{"91,016,775.35", "元", 9101677535, false, false},
		{"", "元", 0, true, false},
		{"—", "元", 0, true, false},
		{"-", "万元", 0, true, false},
		{"１２，３４５．６", "元", 1234560, false, false},
		{" 1 000 ", "元", yusuan.Yuan(1000), false, false},
		{"867.50", "万元", yusuan.Yuan(8675000), false, false},
		{"5665.748", "万元", yusuan.Yuan(56657480), false, false},
		{"0.000001", "万元", 1, false, false},
		{"(1,200)", "元", -yusuan.Yuan(1200), false, false},
		{"-3.5", "元", -350, false, false},
		{"100万元", "元", yusuan.Yuan(1000000), false, false},
		{"1.234", "元", 0, false, true},
		{"12,34", "元", 0, false, true},
		{"abc", "元", 0, false, true},
		{"1.", "元", 0, false, true},
	}
	for _, c := range cases {
		a, blank, err := ParseAmount(c.in, c.unit)
		if (err != nil) != c.bad || a != c.want || blank != c.blank {
			t.Errorf("ParseAmount(%q, %s) = %s, %v, %v; want %s, %v, bad %v", c.in, c.unit, a, blank, err, c.want, c.blank, c.bad)
		}
	}
}

// FuzzParseAmount: any string parses or is an error, never a panic, and
// an amount printed the way tables print it reads back as itself.
func FuzzParseAmount(f *testing.F) {
	for _, s := range []string{"96,619,907", "91,016,775.35", "—", "", "１２，３４５．６", "(1,200)", "5665.748", "-0.01", "9999999999999.99"} {
		f.Add(s, "元")
		f.Add(s, "万元")
	}
	f.Fuzz(func(t *testing.T, s, unit string) {
		a, blank, err := ParseAmount(s, unit)
		if err != nil || blank {
			return
		}
		if IsAmount(s) != true && foldNumber(s) != "" && !containsUnit(s) {
			t.Errorf("%q parses but IsAmount is false", s)
		}
		back, _, err := ParseAmount(a.Format(2), "元")
		if err != nil || back != a {
			t.Errorf("%q → %s → %q → %s, %v", s, a, a.Format(2), back, err)
		}
	})
}

func containsUnit(s string) bool {
	for _, r := range s {
		if r == '元' || r == '万' || r == '(' || r == '（' {
			return true
		}
	}
	return false
}
