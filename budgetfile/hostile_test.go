package budgetfile

import (
	"os"
	"strings"
	"testing"

	"github.com/yusuan/yusuan/catalog"
)

// minimal returns the minimal valid budget with one edit applied.
func minimal(t *testing.T, old, new string) []byte {
	t.Helper()
	src, err := os.ReadFile("../testdata/budgets/minimal.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(src), old) {
		t.Fatalf("minimal.yaml has no %q", old)
	}
	return []byte(strings.Replace(string(src), old, new, 1))
}

// Issue 12, cases 6, 11 and 12: values the decoder used to accept without
// a word, or refused without saying where.
func TestValuesAreStrictAndPlaced(t *testing.T) {
	hundredHuge := func() (string, string) {
		var b strings.Builder
		for i := 0; i < 100; i++ {
			b.WriteString(`  - {unit: "901001", function: "2010301", econ: "30101", gov_econ: "50101", nature: basic, source: appropriation, amount: "999,999,999,999,999.99"}` + "\n")
		}
		return "expenditure:\n", "expenditure:\n" + b.String()
	}
	hOld, hNew := hundredHuge()
	tests := []struct {
		name, old, new, want string
	}{
		{"case 6: 100 lines of 999,999,999,999,999.99", hOld, hNew, "b.yaml:16:123: expenditure[0].amount: 金额 999,999,999,999,999.99 元使全部金额的绝对值合计超过"},
		{"case 6: a sum past 5 万亿元", "amount: 1234567.89", "amount: 4999999999999.99", "合计超过"},
		{"case 11: a missing amount", "source: appropriation, amount: 800000}", "source: appropriation}", "b.yaml:16:5: expenditure[0].amount: 缺少 amount"},
		{"case 11: a null amount", "amount: 800000}", "amount: null}", "expenditure[0].amount: 缺少 amount"},
		{"case 11: a tilde amount", "amount: 800000}", "amount: ~}", "expenditure[0].amount: 缺少 amount"},
		{"case 11: a fractional count", "authorized: 10,", "authorized: 10.5,", "b.yaml:10:24: staffing.authorized: 应为整数，实为 10.5"},
		{"case 11: a date that does not exist", `as_of: "2020-12-31"`, `as_of: "2020-13-45"`, "assets.as_of: 日期 \"2020-13-45\" 无效"},
		{"case 12: .inf", "amount: 800000}", "amount: .inf}", "b.yaml:16:"},
		{"case 12: .nan", "amount: 800000}", "amount: .nan}", "b.yaml:16:"},
		{"case 12: 1e300", "amount: 800000}", "amount: 1e300}", "b.yaml:16:"},
		{"case 12: twenty digits", "amount: 800000}", "amount: 12345678901234567890}", "b.yaml:16:"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("b.yaml", minimal(t, tt.old, tt.new), catalog.Load)
			if err == nil {
				t.Fatal("accepted")
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error = %q, want it to contain %q", err, tt.want)
			}
		})
	}
}
