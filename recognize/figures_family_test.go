package recognize

import (
	"fmt"
	"strings"
	"testing"

	"github.com/yusuan/yusuan"
	"github.com/yusuan/yusuan/catalog"
)

// TestFigureScopes: wordings whose figure the checker compared with the
// wrong table amount (docs/findings/chongqing-…md): what the words name is
// read with the fund the paragraph is about, and an amount that names no
// table figure gets no measure.
func TestFigureScopes(t *testing.T) {
	cat, err := catalog.Load(2026)
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name, para string
		want       []string
	}{
		{"基本支出 and 项目支出 in a paragraph on 一般公共预算",
			"2026年一般公共预算财政拨款收入18,417.70万元。其中：基本支出9,018.47万元，比2025年增加362.10万元；项目支出9,399.23万元，比2025年增加2,419.80万元。",
			[]string{"amount 18,417.70万元 income:general_public", "amount 9,018.47万元 basic@general_public", "change 362.10万元 basic@general_public increase",
				"amount 9,399.23万元 project@general_public", "change 2,419.80万元 project@general_public increase"}},
		{"基本支出 of the department's total stays the department's",
			"2026年支出预算19,230.18万元，其中：基本支出9,018.47万元，项目支出10,211.71万元。",
			[]string{"amount 19,230.18万元 total", "amount 9,018.47万元 basic", "amount 10,211.71万元 project"}},
		{"运行经费 with its fund words before it",
			"2026年一般公共预算财政拨款运行经费1,815万元，比2025年增加21.99万元。",
			[]string{"amount 1,815万元 operating_cost", "change 21.99万元 operating_cost increase"}},
		{"project spending the targets cover, of a named fund",
			"2026年项目支出均实行了绩效目标管理，涉及一般公共预算财政拨款9,399.23万元。",
			[]string{"amount 9,399.23万元 project@general_public"}},
		{"money counted projects involve is theirs",
			"2026年共7个一级项目实行绩效目标管理，涉及一般公共预算资金1266.75万元。",
			[]string{"count 7个", "amount 1266.75万元"}},
		{"收入 and 支出 alone are the totals",
			"收入预算19,230.18万元，其中事业收入812.48万元，收入比2025年增加2,784.38万元。支出比2025年增加2,784.38万元。",
			[]string{"amount 19,230.18万元 income", "amount 812.48万元 income:business", "change 2,784.38万元 income increase", "change 2,784.38万元 total increase"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := &recognizer{cat: cat, p: &yusuan.Profile{}, doc: &yusuan.Document{}}
			r.indexCatalog()
			s := &yusuan.Section{Title: "说明", Paragraphs: []string{c.para}}
			r.figures(s)
			var got []string
			for _, f := range s.Figures {
				got = append(got, strings.Join(strings.Fields(fmt.Sprintf("%s %s%s %s %s %s", f.Kind, f.Printed, f.Unit, f.Ref, f.Base, f.Direction)), " "))
			}
			if strings.Join(got, "\n") != strings.Join(c.want, "\n") {
				t.Errorf("got\n  %s\nwant\n  %s", strings.Join(got, "\n  "), strings.Join(c.want, "\n  "))
			}
		})
	}
}
