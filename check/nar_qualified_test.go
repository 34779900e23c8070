package check

import "testing"

// TestNarrativeQualifiedItem: 309 资本性支出（基本建设） and 310 资本性支出 are
// two items (Xi'an's 说明 states both); their amounts differing is no
// inconsistency. The same bare name stated twice with two amounts is.
func TestNarrativeQualifiedItem(t *testing.T) {
	for _, c := range []struct {
		para string
		want int
	}{
		{"（4）资本性支出（基本建设）（309）710.00万元，较上年无增减；（5）资本性支出（310）714.30万元，较上年减少13.95万元。", 0},
		{"（4）机关资本性支出（基本建设）（504）710.00万元；（3）机关资本性支出（503）714.30万元。", 0},
		{"（4）资本性支出710.00万元；（5）资本性支出714.30万元。", 1},
	} {
		d := centralFamily()
		narrate(d, "（三）支出按经济科目分类的明细情况", c.para, amt("", "710.00"), amt("", "714.30"))
		if fs := only(Check(d, Context{}), "NAR-007"); len(fs) != c.want {
			t.Errorf("%q: %d NAR-007, want %d", c.para, len(fs), c.want)
		}
	}
}
