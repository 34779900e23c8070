package recognize

import (
	"math/rand"
	"strings"
	"testing"
	"unicode/utf8"
)

// TestNeedsNorm: the byte-wise needsNorm agrees with the rune by rune
// definition on every character Norm changes, their neighbours, broken
// UTF-8, and random text.
func TestNeedsNorm(t *testing.T) {
	special := []rune{' ', '\t', '\n', '\r', '\f', '\u3000', '\u00a0', '“', '”', '„', '〝', '〞', '‘', '’', '【', '〔', '】', '〕', '—', '－', '―', 0xFF01, 0xFF5E}
	var cases []string
	for _, r := range special {
		for d := rune(-2); d <= 2; d++ {
			cases = append(cases, string(r+d), "预算"+string(r+d), string(r+d)+"元")
		}
	}
	cases = append(cases, "", "一般公共预算", "2025年", "\xe2", "\xe2\x80", "\xef\xbc", "\xc2", "a\xc2", "\xe3\x80\x80"[:2])
	rng := rand.New(rand.NewSource(1))
	alphabet := []rune("预算支出合计 一二（）()“”—－0123456789.,，%\u3000\u00a0【】ａＺ")
	for range 20000 {
		var b strings.Builder
		for n := rng.Intn(8); n > 0; n-- {
			if rng.Intn(20) == 0 {
				b.WriteByte(byte(0x80 + rng.Intn(0x80)))
				continue
			}
			b.WriteRune(alphabet[rng.Intn(len(alphabet))])
		}
		cases = append(cases, b.String())
	}
	for _, s := range cases {
		if got, want := needsNorm(s), normRunes(s); got != want {
			t.Errorf("needsNorm(%q) = %v, rune by rune %v", s, got, want)
		}
		if utf8.ValidString(s) && !needsNorm(s) && Norm(s) != s {
			t.Errorf("Norm(%q) changed a string needsNorm passed", s)
		}
	}
}
