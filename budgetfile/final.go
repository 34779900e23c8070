package budgetfile

import (
	"fmt"
	"sort"
	"strings"

	"github.com/yusuan/yusuan"
)

// finalNatures are the natures of final accounts' 支出决算表 beyond basic
// and project; a budget never has them.
var finalNatures = map[yusuan.Nature]string{
	yusuan.NatureRemit:     "上缴上级支出",
	yusuan.NatureOperating: "经营支出",
	yusuan.NatureSubsidy:   "对附属单位补助支出",
}

// kindAndLevel checks the document kind and level the file declares.
func (v *validator) kindAndLevel() {
	switch v.b.Kind {
	case "", yusuan.DocBudget, yusuan.DocFinal:
	default:
		v.errf("kind", "kind 应为 budget（预算）或 final（决算），实为 %q", v.b.Kind)
	}
	switch v.b.Level {
	case "", yusuan.LevelDepartment, yusuan.LevelBudgetUnit:
	default:
		v.errf("level", "level 应为 department（部门）或 unit（单位），实为 %q", v.b.Level)
	}
	if !v.b.IsFinal() && v.b.Final != nil {
		v.errf("final", "只有决算（kind: final）才填写 final")
	}
}

// final validates what final accounts (kind final) require: a 年初预算数
// on every line financed by a 财政拨款, the function of every income line,
// the carry-overs and the 三公 counts; and that every fund balances:
// 年初结转和结余 + 本年收入 = 本年支出 + 年末结转和结余.
func (v *validator) final() {
	b := v.b
	if !b.IsFinal() {
		for i, l := range b.Expenditure {
			p := fmt.Sprintf("expenditure[%d]", i)
			if l.BudgetInitial != nil {
				v.errf(p+".budget_initial", "年初预算数只用于决算（kind: final）；预算的金额即 amount")
			}
			if l.BudgetFull != nil {
				v.errf(p+".budget_full", "全年预算数只用于决算（kind: final）；预算的金额即 amount")
			}
		}
		return
	}
	for i, l := range b.Expenditure {
		p := fmt.Sprintf("expenditure[%d]", i)
		if yusuan.Fiscal(l.Source) && l.BudgetInitial == nil {
			v.errf(p+".budget_initial", "决算中财政拨款支出须填写年初预算数（budget_initial，可为 0）：说明要陈述“完成年初预算的 X%%”")
		}
		if l.BudgetInitial != nil {
			v.amount(p+".budget_initial", *l.BudgetInitial)
		}
		if l.BudgetFull != nil {
			v.amount(p+".budget_full", *l.BudgetFull)
		}
	}
	for i, l := range b.Income {
		p := fmt.Sprintf("income[%d]", i)
		v.code(p+".function", yusuan.SchemeFunctional, l.Function, 7)
	}
	fa := b.Final
	if fa == nil {
		v.errf("final", "决算（kind: final）须填写 final：年初/年末结转和结余（carry）和“三公”经费的数量（three_public）")
		return
	}
	v.amount("final.surplus_use", fa.SurplusUse)
	v.amount("final.surplus_distribution", fa.SurplusDistribution)
	for i, c := range fa.Carry {
		p := fmt.Sprintf("final.carry[%d]", i)
		if c.Unit != "" {
			v.unit(p+".unit", c.Unit)
		}
		if v.required(p+".source", string(c.Source)) {
			v.source(p+".source", c.Source)
		}
		if c.Function != "" {
			v.code(p+".function", yusuan.SchemeFunctional, c.Function, 7)
		}
		if c.In == nil {
			v.errf(p+".in", "缺少年初结转和结余（in，可为 0）")
		} else {
			v.amount(p+".in", *c.In)
		}
		if c.Out == nil {
			v.errf(p+".out", "缺少年末结转和结余（out，可为 0）")
		} else {
			v.amount(p+".out", *c.Out)
		}
	}
	t := fa.ThreePublic
	for _, n := range []struct {
		path string
		val  *int
		name string
	}{
		{"abroad_groups", t.AbroadGroups, "因公出国（境）团组数"},
		{"abroad_people", t.AbroadPeople, "因公出国（境）人次"},
		{"vehicles_purchased", t.VehiclesPurchased, "公务用车购置数量"},
		{"vehicles_held", t.VehiclesHeld, "公务用车保有量"},
		{"receptions", t.Receptions, "公务接待批次"},
		{"reception_people", t.ReceptionPeople, "公务接待人次"},
	} {
		p := "final.three_public." + n.path
		if n.val == nil {
			v.errf(p, "缺少%s（%s，可为 0）：决算说明须陈述", n.name, n.path)
		} else {
			v.nonNegative(p, *n.val)
		}
	}
	if t.AbroadGroups != nil && t.AbroadPeople != nil && *t.AbroadPeople < *t.AbroadGroups {
		v.errf("final.three_public.abroad_people", "因公出国（境）人次 %d 少于团组数 %d", *t.AbroadPeople, *t.AbroadGroups)
	}
	if t.Receptions != nil && t.ReceptionPeople != nil && *t.ReceptionPeople < *t.Receptions {
		v.errf("final.three_public.reception_people", "公务接待人次 %d 少于批次 %d", *t.ReceptionPeople, *t.Receptions)
	}
	if pr := fa.Procurement; pr != nil {
		for _, x := range []struct {
			path string
			a    yusuan.Amount
		}{{"goods", pr.Goods}, {"works", pr.Works}, {"services", pr.Services}, {"sme", pr.SME}, {"small_micro", pr.SmallMicro}} {
			v.amount("final.procurement."+x.path, x.a)
		}
		if total := pr.Goods + pr.Works + pr.Services; pr.SME > total {
			v.errf("final.procurement.sme", "授予中小企业合同金额 %s 元超过政府采购支出总额 %s 元", pr.SME.Format(2), total.Format(2))
		}
		if pr.SmallMicro > pr.SME {
			v.errf("final.procurement.small_micro", "授予小微企业合同金额 %s 元超过授予中小企业合同金额 %s 元", pr.SmallMicro.Format(2), pr.SME.Format(2))
		}
	}
	if pf := fa.Performance; pf != nil {
		for _, n := range []struct {
			path string
			val  *int
			name string
		}{{"level1", pf.Level1, "一级项目个数"}, {"level2", pf.Level2, "二级项目个数"}} {
			if n.val == nil {
				v.errf("final.performance."+n.path, "缺少%s（%s，可为 0）", n.name, n.path)
			} else {
				v.nonNegative("final.performance."+n.path, *n.val)
			}
		}
		v.amount("final.performance.amount", pf.Amount)
	}
	for _, ref := range sortedKeys(fa.Reasons) {
		if _, ok := yusuan.RefFilter(ref); !ok {
			v.errf("final.reasons."+ref, "未知的指标 %q：可用 function:科目编码、appropriation、three_public、three_public.abroad 等", ref)
		}
	}
	v.finalBalance()
}

// finalBalance checks the identity of final accounts for every source:
// 年初结转和结余 + 本年收入 = 本年支出 + 年末结转和结余. Non-fiscal funds
// share one pot, where 使用非财政拨款结余 adds and 结余分配 takes away.
func (v *validator) finalBalance() {
	b := v.b
	in, out := map[string]yusuan.Amount{}, map[string]yusuan.Amount{}
	key := func(s yusuan.Source) string {
		if yusuan.Fiscal(s) {
			return string(s)
		}
		return "non_fiscal"
	}
	for _, l := range b.Income {
		in[key(l.Source)] += l.Amount
	}
	for _, l := range b.Expenditure {
		out[key(l.Source)] += l.Amount
	}
	for _, c := range b.Final.Carry {
		if c.In != nil {
			in[key(c.Source)] += *c.In
		}
		if c.Out != nil {
			out[key(c.Source)] += *c.Out
		}
	}
	in["non_fiscal"] += b.Final.SurplusUse
	out["non_fiscal"] += b.Final.SurplusDistribution
	keys := map[string]bool{}
	for k := range in {
		keys[k] = true
	}
	for k := range out {
		keys[k] = true
	}
	ks := make([]string, 0, len(keys))
	for k := range keys {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	names := map[string]string{"non_fiscal": "非财政拨款资金"}
	for _, s := range yusuan.Sources {
		names[string(s.Source)] = s.Name
	}
	names[string(yusuan.SourceAppropriation)] = "一般公共预算财政拨款"
	for _, k := range ks {
		if in[k] != out[k] {
			v.errf("final.carry", "%s：年初结转和结余 + 本年收入%s = %s 元，本年支出 + 年末结转和结余%s = %s 元，相差 %s 元；两者应相等",
				names[k], surplusWord(k, "+ 使用非财政拨款结余 "), in[k].Format(2), surplusWord(k, "+ 结余分配 "), out[k].Format(2), (in[k] - out[k]).Format(2))
		}
	}
}

func surplusWord(k, w string) string {
	if k == "non_fiscal" {
		return " " + strings.TrimSpace(w)
	}
	return ""
}
