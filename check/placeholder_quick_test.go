package check

import (
	"math/rand"
	"testing"
)

// TestMayHavePlaceholder: the quick test is true of every text
// placeholderRe matches (it only saves running the expression), on the
// expression's own examples and on random texts made of the characters
// that matter.
func TestMayHavePlaceholder(t *testing.T) {
	for _, s := range []string{"XX局", "ＸＸ单位", "××", "✕✕", "X×", "***", "＊＊＊", "*＊*", "待填", "待填写", "待补充", "待定数",
		"此处填写", "（填写单位名称）", "【请填写】", "【填】", "支出XX万元", "经费***元"} {
		if !placeholderRe.MatchString(s) {
			t.Errorf("%q: placeholderRe does not match the example", s)
		}
		if !mayHavePlaceholder(s) {
			t.Errorf("%q: the quick test says no placeholder", s)
		}
	}
	for _, s := range []string{"", "2026年预算", "X光机1台", "3*4", "＊＊", "填报说明", "待遇", "【注】"} {
		if placeholderRe.MatchString(s) {
			t.Errorf("%q: placeholderRe matches a text with no placeholder", s)
		}
	}
	alphabet := []rune("XＸ×✕*＊待填写补充定数此处（）【】元年a1 ")
	rng := rand.New(rand.NewSource(1))
	for i := 0; i < 200000; i++ {
		rs := make([]rune, 1+rng.Intn(12))
		for j := range rs {
			rs[j] = alphabet[rng.Intn(len(alphabet))]
		}
		s := string(rs)
		if placeholderRe.MatchString(s) && !mayHavePlaceholder(s) {
			t.Fatalf("%q: placeholderRe matches, the quick test says no", s)
		}
	}
}
