package check

import (
	"math"
	"math/big"
	"math/rand"
	"testing"
)

// Every rat operation must give exactly what big.Rat gives, for small
// values and for values that overflow int64 (the big fallback).
func TestRat(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	pick := func() (rat, *big.Rat) {
		var n, d int64
		switch rng.Intn(5) {
		case 0: // amounts in 分 over 100, 万元 halves
			n, d = rng.Int63n(2e11)-1e11, []int64{1, 2, 100, 200, 20000, 2e6}[rng.Intn(6)]
		case 1: // near the limits
			n, d = math.MaxInt64-rng.Int63n(1000), 1+rng.Int63n(3)
			if rng.Intn(2) == 0 {
				n = -n
			}
		case 2:
			n, d = rng.Int63n(1000)-500, 1+rng.Int63n(1000)
		case 3:
			n, d = rng.Int63()-rng.Int63(), 1+rng.Int63()
		default:
			n, d = 0, 1+rng.Int63n(7)
		}
		return qFrac(n, d), new(big.Rat).SetFrac64(n, d)
	}
	same := func(op string, got rat, want *big.Rat) {
		t.Helper()
		if got.big().Cmp(want) != 0 {
			t.Fatalf("%s = %s, want %s", op, got.big().RatString(), want.RatString())
		}
		if got.b == nil && got.n != 0 && gcd(abs64(got.n), got.den()) != 1 {
			t.Fatalf("%s = %d/%d not in lowest terms", op, got.n, got.d)
		}
	}
	for i := 0; i < 200000; i++ {
		x, bx := pick()
		y, by := pick()
		// chain a few operations so big values meet small ones
		if rng.Intn(4) == 0 {
			x, bx = qMul(x, y), new(big.Rat).Mul(bx, by)
		}
		same("x", x, bx)
		same("x+y", qAdd(x, y), new(big.Rat).Add(bx, by))
		same("x-y", qSub(x, y), new(big.Rat).Sub(bx, by))
		same("x*y", qMul(x, y), new(big.Rat).Mul(bx, by))
		same("-x", qNeg(x), new(big.Rat).Neg(bx))
		if by.Sign() != 0 {
			same("x/y", qQuo(x, y), new(big.Rat).Quo(bx, by))
		}
		if got, want := x.Cmp(y), bx.Cmp(by); got != want {
			t.Fatalf("cmp(%s, %s) = %d, want %d", bx.RatString(), by.RatString(), got, want)
		}
		if got, want := x.Sign(), bx.Sign(); got != want {
			t.Fatalf("sign(%s) = %d, want %d", bx.RatString(), got, want)
		}
	}
	var zero rat
	if zero.Sign() != 0 || zero.Cmp(qInt(0)) != 0 || qAdd(zero, qInt(3)).Cmp(qInt(3)) != 0 {
		t.Error("the zero rat is not 0")
	}
	for d := 0; d <= 20; d++ {
		same("half", qHalf(d), half(d))
	}
}

// parsePrinted reads the value a printed number shows, exactly.
func TestParsePrinted(t *testing.T) {
	for _, c := range []struct {
		s    string
		want string
		dec  int
	}{
		{"9662", "9662", 0}, {"1,234.50", "2469/2", 2}, {"-0.25%", "-1/4", 2}, {"１２．５", "25/2", 1},
		{".5", "1/2", 1}, {"5.", "5", 0}, {"+3", "3", 0}, {"12345678901234567890.12", "308641972530864197253/25", 2},
	} {
		p, ok := parsePrinted(c.s)
		if !ok || p.v.big().RatString() != c.want || p.decimals != c.dec {
			t.Errorf("parsePrinted(%q) = %v %s %d, want %s %d", c.s, ok, p.v.big().RatString(), p.decimals, c.want, c.dec)
		}
	}
	for _, s := range []string{"", "-", "abc", "1.2.3", "1a"} {
		if _, ok := parsePrinted(s); ok {
			t.Errorf("parsePrinted(%q) ok", s)
		}
	}
}
