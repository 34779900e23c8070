package budgetfile

import (
	"os"
	"strings"
	"testing"

	"github.com/yusuan/yusuan/catalog"
)

const finalExample = "../examples/central-2024-xinfangju-final/budget.yaml"

func TestFinalExampleIsValid(t *testing.T) {
	b, err := Load(finalExample, catalog.Load)
	if err != nil {
		t.Fatal(err)
	}
	if !b.IsFinal() || b.Final == nil || len(b.Final.Carry) != 2 {
		t.Fatalf("kind %q, final %+v", b.Kind, b.Final)
	}
}

// Each broken variant of the example is one error, at the line of the
// value at fault, in Chinese.
func TestFinalErrors(t *testing.T) {
	src, err := os.ReadFile(finalExample)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, old, new, want string
	}{
		{"missing budget_initial", `source: appropriation, amount: 9004, budget_initial: 58000`, `source: appropriation, amount: 9004`, "expenditure[17].budget_initial: 决算中财政拨款支出须填写年初预算数"},
		{"missing count", "    receptions: 10\n", "", "final.three_public.receptions: 缺少公务接待批次"},
		{"missing carry out", `{source: other, in: 4606200, out: 5003273}`, `{source: other, in: 4606200}`, "final.carry[1].out: 缺少年末结转和结余"},
		{"unbalanced fund", `{source: appropriation, in: 11546249, out: 69937373}`, `{source: appropriation, in: 11546249, out: 69937473}`, "一般公共预算财政拨款：年初结转和结余 + 本年收入 = 207,275,340.00 元，本年支出 + 年末结转和结余 = 207,275,440.00 元，相差 -100.00 元"},
		{"income without function", `{unit: "292001", function: "2014002", source: appropriation, amount: 330000}`, `{unit: "292001", source: appropriation, amount: 330000}`, "income[1].function: 缺少必填项"},
		{"no final block", "\nfinal:\n", "\nfinal_:\n", "final_"},
		{"unknown reason", "    function:2014004: 相关工作未按计划开展\n", "    funktion:2014004: 相关工作未按计划开展\n", "final.reasons.funktion:2014004: 未知的指标"},
		{"count below groups", "    reception_people: 152\n", "    reception_people: 9\n", "公务接待人次 9 少于批次 10"},
		{"sme over total", "sme: 18206900", "sme: 19706900", "final.procurement.sme: 授予中小企业合同金额 19,706,900.00 元超过政府采购支出总额 19,674,200.00 元"},
		{"missing level1", "performance: {level1: 7, ", "performance: {", "final.performance.level1: 缺少一级项目个数"},
	}
	for _, tt := range tests {
		if !strings.Contains(string(src), tt.old) {
			t.Fatalf("%s: the example no longer contains %q", tt.name, tt.old)
		}
		bad := strings.Replace(string(src), tt.old, tt.new, 1)
		_, err := Parse("final.yaml", []byte(bad), catalog.Load)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: got %v, want %q", tt.name, err, tt.want)
			continue
		}
		if !strings.Contains(err.Error(), "final.yaml:") {
			t.Errorf("%s: error without file and line: %v", tt.name, err)
		}
	}
}

// Budget files keep their rules: no execution figures, no final natures,
// and income still equals expenditure.
func TestBudgetRejectsFinalFields(t *testing.T) {
	src, err := os.ReadFile("../testdata/budgets/minimal.yaml")
	if err != nil {
		t.Fatal(err)
	}
	s := string(src)
	i := strings.Index(s, "nature: basic")
	if i < 0 {
		t.Fatal("minimal.yaml has no basic line")
	}
	for name, c := range map[string]struct{ bad, want string }{
		"budget_initial": {s[:i] + "budget_initial: 100, " + s[i:], "年初预算数只用于决算"},
		"remit nature":   {s[:i] + "nature: remit" + s[i+len("nature: basic"):], "支出性质应为 basic"},
		"final block":    {s + "\nfinal: {carry: []}\n", "只有决算（kind: final）才填写 final"},
	} {
		_, err := Parse("b.yaml", []byte(c.bad), catalog.Load)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: got %v, want %q", name, err, c.want)
		}
	}
}
