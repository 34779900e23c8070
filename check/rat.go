package check

import (
	"math/big"
	"math/bits"
)

// rat is an exact rational number. Amounts in 分, the half-units of their
// printed rounding and the shares and growth rates computed from them
// have small numerators and denominators, so a rat keeps them as n/d in
// int64 (d > 0, lowest terms) and arithmetic allocates nothing. A result
// that would not fit is kept as a big.Rat (b), so every result stays
// exact, whatever the figures: the fallback changes the speed, never the
// value. The zero value is 0.
type rat struct {
	n, d int64    // the value n/d when b is nil; d == 0 stands for 1
	b    *big.Rat // the value, when it does not fit
}

// maxSmall bounds |n| and d of a small rat: 2⁶²−1, so that a sum of two
// products that were each checked against it cannot overflow int64.
const maxSmall = 1<<62 - 1

func qInt(n int64) rat {
	if n > maxSmall || n < -maxSmall {
		return qBig(new(big.Rat).SetInt64(n))
	}
	return rat{n: n, d: 1}
}

// qFrac returns n/d; d must not be 0.
func qFrac(n, d int64) rat {
	if n > maxSmall || n < -maxSmall || d > maxSmall || d < -maxSmall {
		return qBig(new(big.Rat).SetFrac(big.NewInt(n), big.NewInt(d)))
	}
	if d < 0 {
		n, d = -n, -d
	}
	return qNorm(n, d)
}

// qNorm reduces n/d (d > 0, both within maxSmall) to lowest terms.
func qNorm(n, d int64) rat {
	if n == 0 {
		return rat{n: 0, d: 1}
	}
	if g := gcd(abs64(n), d); g > 1 {
		n, d = n/g, d/g
	}
	return rat{n: n, d: d}
}

// qBig returns r as a rat: small when it fits.
func qBig(r *big.Rat) rat {
	if num := r.Num(); num.IsInt64() {
		n := num.Int64()
		if r.IsInt() {
			if n <= maxSmall && n >= -maxSmall {
				return rat{n: n, d: 1}
			}
		} else if den := r.Denom(); den.IsInt64() {
			if d := den.Int64(); n <= maxSmall && n >= -maxSmall && d <= maxSmall {
				return rat{n: n, d: d}
			}
		}
	}
	return rat{b: r}
}

func (x rat) den() int64 {
	if x.d == 0 {
		return 1
	}
	return x.d
}

// big returns x as a new big.Rat.
func (x rat) big() *big.Rat {
	if x.b != nil {
		return new(big.Rat).Set(x.b)
	}
	return new(big.Rat).SetFrac64(x.n, x.den())
}

func abs64(n int64) int64 {
	if n < 0 {
		return -n
	}
	return n
}

// gcd of a ≥ 0 and b > 0.
func gcd(a, b int64) int64 {
	for a != 0 {
		a, b = b%a, a
	}
	return b
}

// mulSmall returns a·b when |a·b| ≤ maxSmall.
func mulSmall(a, b int64) (int64, bool) {
	hi, lo := bits.Mul64(uint64(abs64(a)), uint64(abs64(b)))
	if hi != 0 || lo > maxSmall {
		return 0, false
	}
	if (a < 0) != (b < 0) {
		return -int64(lo), true
	}
	return int64(lo), true
}

func qAdd(x, y rat) rat {
	if x.b == nil && y.b == nil {
		xd, yd := x.den(), y.den()
		g := gcd(xd, yd)
		dx, dy := xd/g, yd/g
		if a, ok := mulSmall(x.n, dy); ok {
			if b, ok := mulSmall(y.n, dx); ok {
				if d, ok := mulSmall(xd, dy); ok {
					if n := a + b; n <= maxSmall && n >= -maxSmall {
						return qNorm(n, d)
					}
				}
			}
		}
	}
	return qBig(new(big.Rat).Add(x.big(), y.big()))
}

func qNeg(x rat) rat {
	if x.b != nil {
		return rat{b: new(big.Rat).Neg(x.b)}
	}
	return rat{n: -x.n, d: x.d}
}

func qSub(x, y rat) rat { return qAdd(x, qNeg(y)) }

func qMul(x, y rat) rat {
	if x.b == nil && y.b == nil {
		xd, yd := x.den(), y.den()
		if x.n == 0 || y.n == 0 {
			return rat{n: 0, d: 1}
		}
		g1, g2 := gcd(abs64(x.n), yd), gcd(abs64(y.n), xd)
		if n, ok := mulSmall(x.n/g1, y.n/g2); ok {
			if d, ok := mulSmall(xd/g2, yd/g1); ok {
				return rat{n: n, d: d} // lowest terms: the common factors are out
			}
		}
	}
	return qBig(new(big.Rat).Mul(x.big(), y.big()))
}

// qQuo returns x ÷ y; like big.Rat, it panics when y is 0.
func qQuo(x, y rat) rat {
	if y.Sign() == 0 {
		panic("division by zero")
	}
	if y.b == nil {
		inv := rat{n: y.den(), d: y.n}
		if y.n < 0 {
			inv = rat{n: -y.den(), d: -y.n}
		}
		return qMul(x, inv)
	}
	return qBig(new(big.Rat).Quo(x.big(), y.big()))
}

// Sign returns -1, 0 or +1.
func (x rat) Sign() int {
	if x.b != nil {
		return x.b.Sign()
	}
	switch {
	case x.n < 0:
		return -1
	case x.n > 0:
		return 1
	}
	return 0
}

// Cmp returns -1, 0 or +1 as x <, =, > y.
func (x rat) Cmp(y rat) int {
	if x.b == nil && y.b == nil {
		// x.n·y.d against y.n·x.d, in 128 bits.
		ah, al := mul128(x.n, y.den())
		bh, bl := mul128(y.n, x.den())
		switch {
		case ah < bh:
			return -1
		case ah > bh:
			return 1
		case al < bl:
			return -1
		case al > bl:
			return 1
		}
		return 0
	}
	return x.big().Cmp(y.big())
}

// mul128 is the signed 128-bit product a·b (|a|, |b| ≤ maxSmall).
func mul128(a, b int64) (hi int64, lo uint64) {
	h, l := bits.Mul64(uint64(abs64(a)), uint64(abs64(b)))
	if (a < 0) != (b < 0) && (h != 0 || l != 0) {
		l = ^l + 1
		h = ^h
		if l == 0 {
			h++
		}
	}
	return int64(h), l
}

// qYuan is the exact amount in 元 of fen 分.
func qYuan(fen int64) rat { return qFrac(fen, 100) }

// pow10 returns 10ᵈ for 0 ≤ d ≤ 18.
func pow10(d int) int64 {
	p := int64(1)
	for ; d > 0; d-- {
		p *= 10
	}
	return p
}

// qHalf returns ½·10⁻ᵈ.
func qHalf(d int) rat {
	if d >= 0 && d <= 17 {
		return rat{n: 1, d: 2 * pow10(d)}
	}
	return qBig(half(d))
}
