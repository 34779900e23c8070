package check

import (
	"math/big"
	"strings"

	"github.com/yusuan/yusuan"
)

// An interval is the set of exact values a printed figure may stand for:
// a figure printed with d decimals stands for [v − ½·10⁻ᵈ, v + ½·10⁻ᵈ]
// (DOMAIN.md §2). Bounds are exact rationals (rat), never floats, so a
// check fails only when no value inside the intervals could produce the
// figure.
type interval struct{ lo, hi rat }

func exact(r rat) interval { return interval{r, r} }

// ratInt returns n as a big.Rat (for formatting and the tests).
func ratInt(n int64) *big.Rat { return new(big.Rat).SetInt64(n) }

// yuan is an exact amount in 元.
func yuan(a yusuan.Amount) rat { return qYuan(int64(a)) }

func exactAmount(a yusuan.Amount) interval { return exact(yuan(a)) }

func (x interval) isExact() bool { return x.lo.Cmp(x.hi) == 0 }

func add(x, y interval) interval { return interval{qAdd(x.lo, y.lo), qAdd(x.hi, y.hi)} }

func sub(x, y interval) interval { return interval{qSub(x.lo, y.hi), qSub(x.hi, y.lo)} }

// mul multiplies intervals of non-negative values.
func mul(x, y interval) interval { return interval{qMul(x.lo, y.lo), qMul(x.hi, y.hi)} }

// div divides an interval of non-negative values by one of positive
// values; ok is false when the divisor may be zero.
func div(x, y interval) (interval, bool) {
	if y.lo.Sign() <= 0 {
		return interval{}, false
	}
	return interval{qQuo(x.lo, y.hi), qQuo(x.hi, y.lo)}, true
}

func scale(x interval, k int64) interval {
	r := qInt(k)
	return interval{qMul(x.lo, r), qMul(x.hi, r)}
}

func overlaps(x, y interval) bool { return x.lo.Cmp(y.hi) <= 0 && y.lo.Cmp(x.hi) <= 0 }

func (x interval) contains(r rat) bool { return x.lo.Cmp(r) <= 0 && r.Cmp(x.hi) <= 0 }

// printed is a number as printed: its value and its decimals.
type printed struct {
	v        rat
	decimals int
	text     string
}

// parsePrinted reads a printed number: optional sign, digits with
// optional thousands separators (half- or full-width), optional decimals.
func parsePrinted(s string) (printed, bool) {
	s = normDigits(strings.TrimSpace(s))
	s = strings.ReplaceAll(s, ",", "")
	s = strings.ReplaceAll(s, " ", "")
	s = strings.TrimSuffix(s, "%")
	if s == "" {
		return printed{}, false
	}
	neg := false
	if s[0] == '-' || s[0] == '+' {
		neg = s[0] == '-'
		s = s[1:]
	}
	ip, fp, hasDot := strings.Cut(s, ".")
	if ip == "" && !hasDot {
		return printed{}, false
	}
	var n int64
	for _, digits := range [2]string{ip, fp} {
		for i := 0; i < len(digits); i++ {
			if c := digits[i]; c < '0' || c > '9' {
				return printed{}, false
			}
		}
	}
	var v rat
	if len(ip)+len(fp) <= 18 {
		for _, digits := range [2]string{ip, fp} {
			for i := 0; i < len(digits); i++ {
				n = n*10 + int64(digits[i]-'0')
			}
		}
		if neg {
			n = -n
		}
		v = qFrac(n, pow10(len(fp)))
	} else {
		if ip == "" {
			ip = "0"
		}
		r, ok := new(big.Rat).SetString(ip + "." + fp + "0")
		if !ok {
			return printed{}, false
		}
		if neg {
			r.Neg(r)
		}
		v = qBig(r)
	}
	return printed{v: v, decimals: len(fp), text: s}, true
}

// half returns ½·10⁻ᵈ.
func half(d int) *big.Rat {
	den := big.NewInt(2)
	den.Mul(den, new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(d)), nil))
	return new(big.Rat).SetFrac(big.NewInt(1), den)
}

// span is the interval a printed number stands for, in its own unit.
func (p printed) span() interval {
	h := qHalf(p.decimals)
	return interval{qSub(p.v, h), qAdd(p.v, h)}
}

// unitYuan is the number of 元 in a unit.
func unitYuan(unit string) int64 {
	switch unit { // the usual spellings first, without trimming
	case "元", "":
		return 1
	case "万元":
		return 10000
	}
	switch strings.TrimSpace(unit) {
	case "万元":
		return 10000
	case "亿元":
		return 100000000
	}
	return 1
}

// inYuan converts an interval in unit to 元.
func inYuan(x interval, unit string) interval { return scale(x, unitYuan(unit)) }

// fmtRat formats a rational with at most d decimals, rounding half away
// from zero.
func fmtRat(r *big.Rat, d int) string {
	num := new(big.Int).Set(r.Num())
	den := r.Denom()
	neg := num.Sign() < 0
	num.Abs(num)
	sc := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(d)), nil)
	num.Mul(num, sc)
	q, m := new(big.Int).QuoRem(num, den, new(big.Int))
	m.Mul(m, big.NewInt(2))
	if m.Cmp(den) >= 0 {
		q.Add(q, big.NewInt(1))
	}
	s := q.String()
	if d > 0 {
		for len(s) <= d {
			s = "0" + s
		}
		s = s[:len(s)-d] + "." + s[len(s)-d:]
	}
	if neg && strings.Trim(s, "0.") != "" {
		s = "-" + s
	}
	return s
}

// fmtQ formats a rat with at most d decimals, rounding half away from
// zero.
func fmtQ(r rat, d int) string { return fmtRat(r.big(), d) }

// fmtWan formats an amount in 元 as 万元 with up to 4 decimals, trimmed.
func fmtWan(r rat) string {
	s := fmtQ(qQuo(r, qInt(10000)), 4)
	return trimZeros(s)
}

func trimZeros(s string) string {
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	return s
}

// fmtSpan formats an interval with d decimals: "[8640.49, 8641.49]".
func fmtSpan(x interval, d int) string {
	if x.isExact() {
		return fmtQ(x.lo, d)
	}
	return "[" + fmtQ(x.lo, d) + ", " + fmtQ(x.hi, d) + "]"
}

// normDigits turns full-width digits and punctuation of numbers into ASCII.
func normDigits(s string) string {
	if isASCII(s) {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= '０' && r <= '９':
			b.WriteRune('0' + (r - '０'))
		case r == '．':
			b.WriteByte('.')
		case r == '，':
			b.WriteByte(',')
		case r == '－':
			b.WriteByte('-')
		case r == '％':
			b.WriteByte('%')
		case r == '\u3000':
			b.WriteByte(' ')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// tolerance returns the half-unit a table's printed cells stand for, in
// 分: zero (exact) for a 元 table, or half the last printed digit of a 万元
// table, from the profile's decimals or, when the profile does not fix
// them, from the value itself.
func cellHalf(t *yusuan.Table, decimals int, v yusuan.Amount) rat {
	if unitYuan(t.Unit) == 1 {
		return rat{}
	}
	d := decimals
	if d < 0 {
		d = impliedDecimals(v, unitYuan(t.Unit))
	}
	return qMul(qHalf(d), qInt(unitYuan(t.Unit)))
}

// impliedDecimals is how many decimals an amount in 元 needs when printed
// in a unit of u 元.
func impliedDecimals(v yusuan.Amount, u int64) int {
	f := int64(v)
	if f < 0 {
		f = -f
	}
	// f is in 分; the value in unit is f / (u*100).
	den := u * 100
	d := 0
	for d < 8 && f%den != 0 {
		f *= 10
		d++
	}
	return d
}
