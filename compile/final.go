package compile

import (
	"fmt"
	"sort"
	"strings"

	"github.com/yusuan/yusuan"
)

// docKind decides the document's kind and level: the budget's, which must
// agree with the profile's (final accounts cannot be laid out in a budget
// profile, nor a budget in a final-accounts one).
func docKind(b *yusuan.Budget, p *yusuan.Profile) (kind, level string, err error) {
	bk, pk := b.Kind, p.Kind
	if bk == "" {
		bk = yusuan.DocBudget
	}
	if pk == "" {
		pk = yusuan.DocBudget
	}
	if bk != pk {
		name := map[string]string{yusuan.DocBudget: "预算", yusuan.DocFinal: "决算"}
		return "", "", fmt.Errorf("预算文件是%s（kind: %s），而公开格式 %s 用于%s：请换用%s的公开格式", name[bk], bk, p.ID, name[pk], name[bk])
	}
	level = b.Level
	if level == "" {
		level = p.Level
	}
	if bk == yusuan.DocBudget && level == "" {
		return "", "", nil // a department budget, as documents always were
	}
	if level == "" {
		level = yusuan.LevelDepartment
	}
	return bk, level, nil
}

// finalQuantity reports whether a row item sums a fact of final accounts
// other than income and expenditure.
func finalQuantity(q string) bool {
	switch q {
	case yusuan.QuantityCarryIn, yusuan.QuantityCarryOut, yusuan.QuantitySurplusUse, yusuan.QuantitySurplusDistribution:
		return true
	}
	return false
}

// side is the side of a two-sided table a quantity belongs to.
func side(q string) string {
	switch q {
	case "income", yusuan.QuantityCarryIn, yusuan.QuantitySurplusUse:
		return "income"
	}
	return "expenditure"
}

// sumQuantity adds a quantity (amount, budget_initial, budget_full) of
// the lines the filter selects.
func (c *compiler) sumQuantity(f yusuan.Filter, ls []*yusuan.ExpenditureLine, q string) yusuan.Amount {
	var s yusuan.Amount
	for _, l := range ls {
		if f.Match(c.b, l) {
			s += l.Quantity(q)
		}
	}
	return s
}

// quantity is a table cell's figure of any quantity: income and
// carry-overs under the table's filter and f, surplus figures of the
// department, or a quantity of the lines in ls that f selects.
func (c *compiler) quantity(spec *yusuan.TableSpec, f yusuan.Filter, ls []*yusuan.ExpenditureLine, q string) yusuan.Amount {
	switch q {
	case "income":
		return spec.Filter.And(f).SumIncome(c.b)
	case yusuan.QuantityCarryIn, yusuan.QuantityCarryOut:
		return c.b.Carry(spec.Filter.And(f), q == yusuan.QuantityCarryOut)
	case yusuan.QuantitySurplusUse:
		if c.b.Final != nil {
			return c.b.Final.SurplusUse
		}
		return 0
	case yusuan.QuantitySurplusDistribution:
		if c.b.Final != nil {
			return c.b.Final.SurplusDistribution
		}
		return 0
	case "expenditure":
		q = ""
	}
	return c.sumQuantity(f, ls, q)
}

// factCell fills a grid cell whose column shows income or a carry-over
// rather than the lines' spending; rf selects the row's facts.
func (c *compiler) factCell(spec *yusuan.TableSpec, col yusuan.ColumnSpec, rf yusuan.Filter) (yusuan.Amount, bool) {
	q := col.Value
	if col.Of == "income" {
		q = "income"
	}
	if q != "income" && q != yusuan.QuantityCarryIn && q != yusuan.QuantityCarryOut {
		return 0, false
	}
	f := rf
	if col.Filter != nil {
		f = col.Filter.And(rf)
	}
	return c.quantity(spec, f, nil, q), true
}

// factFunctions lists the functional 项 that the table's income and
// carry-over columns have facts for (of one unit, if unit is set), so a
// final account's income table or fund table shows rows without spending.
func (c *compiler) factFunctions(spec *yusuan.TableSpec, unit string) []string {
	var income, carry bool
	for _, col := range spec.Columns {
		income = income || col.Of == "income"
		carry = carry || col.Value == yusuan.QuantityCarryIn || col.Value == yusuan.QuantityCarryOut
	}
	seen := map[string]bool{}
	var out []string
	add := func(fn string) {
		if fn != "" && !seen[fn] {
			seen[fn] = true
			out = append(out, fn)
		}
	}
	if income {
		for _, l := range c.b.Income {
			if (unit == "" || l.Unit == unit) && spec.Filter.MatchSource(l.Source) && l.Amount != 0 {
				add(l.Function)
			}
		}
	}
	if carry && c.b.Final != nil {
		for _, l := range c.b.Final.Carry {
			if (unit == "" || l.Unit == unit) && spec.Filter.MatchSource(l.Source) && (l.In != nil && *l.In != 0 || l.Out != nil && *l.Out != 0) {
				add(l.Function)
			}
		}
	}
	sort.Strings(out)
	return out
}

// finalItemCells fills a fixed row of carry-overs or surplus (a row of
// one side) or a row of sums (总计).
func (c *compiler) finalItemCells(spec *yusuan.TableSpec, it yusuan.RowItem, in []*yusuan.ExpenditureLine, cells map[string]yusuan.Value) {
	for _, col := range spec.Columns {
		if col.Type != "" && col.Type != yusuan.ColAmount {
			continue
		}
		f := it.Filter
		if col.Filter != nil {
			f = col.Filter.And(f)
		}
		if len(it.Sums) > 0 {
			expr, ok := it.Sums[col.Key]
			if !ok {
				continue
			}
			var s yusuan.Amount
			for _, q := range strings.Split(expr, "+") {
				s += c.quantity(spec, f, in, strings.TrimSpace(q))
			}
			cells[col.Key] = yusuan.AmountValue(s)
			continue
		}
		if it.Column != "" && it.Column != col.Key {
			continue
		}
		colSide := "expenditure"
		if col.Of == "income" {
			colSide = "income"
		}
		if side(it.Of) != colSide {
			continue
		}
		cells[col.Key] = yusuan.AmountValue(c.quantity(spec, f, in, it.Of))
	}
}

// trim drops trailing zeros when the profile prints figures so (13733.8).
func (c *compiler) trim(s string) string {
	if c.p.Money.TrimZeros {
		return trimZeros(s)
	}
	return s
}

// budgetOf is a quantity (budget_initial or budget_full) of an
// expenditure reference.
func (c *compiler) budgetOf(ref, q string) (yusuan.Amount, error) {
	f, ok := yusuan.RefFilter(ref)
	if !ok {
		return 0, fmt.Errorf("unknown expenditure measure %q", ref)
	}
	return f.SumQuantity(c.b, q), nil
}

// execItem is a functional 项 of final accounts' execution narrative.
type execItem struct {
	Code, Name, Ref string
	// Path names the 项 with its 类 and 款: 一般公共服务（类）信访事务（款）行政运行（项）.
	Path string
}

var quantityNames = map[string]string{yusuan.QuantityBudgetInitial: "年初预算数", yusuan.QuantityBudgetFull: "全年预算数"}

// finalFuncs are the narrative functions of final accounts: budget
// figures, completion rates, comparisons and their reasons.
func (r *figureRun) finalFuncs() map[string]any {
	c := r.c
	money := c.p.Money
	bwan := func(q string) func(string) (string, error) {
		return func(ref string) (string, error) {
			v, err := c.budgetOf(ref, q)
			if err != nil {
				return "", err
			}
			return r.mark(yusuan.Figure{Kind: yusuan.FigureAmount, Ref: ref, Quantity: q, Unit: "万元", Decimals: money.WanDecimals, Printed: c.wanText(v, money.WanDecimals)}), nil
		}
	}
	budgeted := func(q string) func(string) (bool, error) {
		return func(ref string) (bool, error) {
			v, err := c.budgetOf(ref, q)
			return v != 0, err
		}
	}
	rate := func(q string) func(string) (string, error) {
		return func(ref string) (string, error) {
			b, err := c.budgetOf(ref, q)
			if err != nil {
				return "", err
			}
			if b == 0 {
				return "", fmt.Errorf("%s 的%s为 0，完成率无意义（用 budgeted 判断）", ref, quantityNames[q])
			}
			v, err := c.value(ref)
			if err != nil {
				return "", err
			}
			s := c.trim(yusuan.RoundDiv(int64(v)*100, int64(b), money.ShareDecimals))
			return r.mark(yusuan.Figure{Kind: yusuan.FigureRate, Ref: ref, Quantity: q, Unit: "%", Decimals: money.ShareDecimals, Printed: s}), nil
		}
	}
	gap := func(ref, q string) (yusuan.Amount, error) {
		b, err := c.budgetOf(ref, q)
		if err != nil {
			return 0, err
		}
		v, err := c.value(ref)
		return v - b, err
	}
	differs := func(q string) func(string) (bool, error) {
		return func(ref string) (bool, error) {
			d, err := gap(ref, q)
			return d != 0, err
		}
	}
	versus := func(q string) func(string) (string, error) {
		return func(ref string) (string, error) {
			d, err := gap(ref, q)
			switch {
			case err != nil:
				return "", err
			case d > 0:
				return "大于", nil
			case d < 0:
				return "小于", nil
			}
			return "等于", nil
		}
	}
	return map[string]any{
		// wand prints an amount in 万元 with the given decimals, for
		// profiles whose narrative mixes precisions (收入预算40,870万元 but
		// “三公”经费预算数为67.59万元).
		"wand": func(ref string, decimals int) (string, error) {
			v, err := c.value(ref)
			if err != nil {
				return "", err
			}
			if decimals < 0 || decimals > 6 {
				return "", fmt.Errorf("wand %s: decimals must be 0–6, found %d", ref, decimals)
			}
			return r.mark(yusuan.Figure{Kind: yusuan.FigureAmount, Ref: ref, Unit: "万元", Decimals: decimals, Printed: c.wanText(v, decimals)}), nil
		},
		// changebyd is changeby with the change printed to the given
		// decimals (减少23.10万元 where amounts print whole 万元).
		"changebyd": func(ref string, decimals int) (string, error) {
			_, d, err := c.delta(ref)
			if err != nil {
				return "", err
			}
			if d == 0 {
				return "持平", nil
			}
			word := "增加"
			if d < 0 {
				word = "减少"
			}
			// A change too small for the decimals gets more ("减少0.00万元"
			// would contradict itself).
			txt := c.wanText(abs(d), decimals)
			for isZero(txt) && decimals < 6 {
				decimals++
				txt = c.wanText(abs(d), decimals)
			}
			f := yusuan.Figure{Kind: yusuan.FigureChange, Ref: ref, Unit: "万元", Decimals: decimals, Direction: direction(d), Printed: txt}
			return word + r.mark(f) + "万元", nil
		},
		// need stops the build when a block of final facts the narrative
		// states is missing (procurement, performance), rather than print 0.
		"need": func(block string) (string, error) {
			var present bool
			switch block {
			case "procurement":
				present = c.b.Final != nil && c.b.Final.Procurement != nil
			case "performance":
				present = c.b.Final != nil && c.b.Final.Performance != nil
			default:
				return "", fmt.Errorf("need: unknown block %q", block)
			}
			if !present {
				return "", fmt.Errorf("缺少 final.%s：决算说明要陈述%s", block, map[string]string{"procurement": "政府采购支出", "performance": "预算绩效管理情况"}[block])
			}
			return "", nil
		},
		"nonzero": func(ref string) (bool, error) {
			v, err := c.value(ref)
			return v != 0, err
		},
		"haslast": func(ref string) bool {
			_, ok := c.b.LastYear[ref]
			return ok
		},
		"changed": func(ref string) (bool, error) {
			if _, ok := c.b.LastYear[ref]; !ok {
				return false, nil
			}
			_, d, err := c.delta(ref)
			return d != 0, err
		},
		"bwan":         bwan(yusuan.QuantityBudgetInitial),
		"fbwan":        bwan(yusuan.QuantityBudgetFull),
		"budgeted":     budgeted(yusuan.QuantityBudgetInitial),
		"fullbudgeted": budgeted(yusuan.QuantityBudgetFull),
		"rate":         rate(yusuan.QuantityBudgetInitial),
		"fullrate":     rate(yusuan.QuantityBudgetFull),
		"differs":      differs(yusuan.QuantityBudgetInitial),
		"fulldiffers":  differs(yusuan.QuantityBudgetFull),
		"versus":       versus(yusuan.QuantityBudgetInitial),
		"fullversus":   versus(yusuan.QuantityBudgetFull),
		// freason is the stated reason why a 决算数 differs from its budget,
		// looked up by the reference with and without its @source.
		"freason": func(ref string) (string, error) {
			if c.b.Final != nil {
				for _, k := range []string{ref, strings.SplitN(ref, "@", 2)[0]} {
					if s := strings.TrimSpace(c.b.Final.Reasons[k]); s != "" {
						return s, nil
					}
				}
			}
			key := strings.SplitN(ref, "@", 2)[0]
			return "", fmt.Errorf("缺少 final.reasons.%s：决算数与预算数不同，说明中必须陈述主要原因", key)
		},
		// execfunctions lists the 项 with spending or an initial budget
		// from the source, in code order.
		"execfunctions": func(source string) []execItem {
			f := yusuan.Filter{}
			suffix := ""
			if source != "" {
				f.Source = []yusuan.Source{yusuan.Source(source)}
				suffix = "@" + source
			}
			seen := map[string]bool{}
			var codes []string
			for _, l := range c.lines(f, c.allLines()) {
				if (l.Amount != 0 || l.Initial() != 0) && !seen[l.Function] {
					seen[l.Function] = true
					codes = append(codes, l.Function)
				}
			}
			sort.Strings(codes)
			out := make([]execItem, len(codes))
			for i, code := range codes {
				cl, seg, _ := yusuan.FunctionalParts(code)
				path := trimSpend(c.name(yusuan.SchemeFunctional, cl)) + "（类）" + c.name(yusuan.SchemeFunctional, seg) + "（款）" + c.name(yusuan.SchemeFunctional, code) + "（项）"
				out[i] = execItem{Code: code, Name: c.name(yusuan.SchemeFunctional, code), Ref: "function:" + code + suffix, Path: path}
			}
			return out
		},
	}
}

// trimSpend drops the 支出 of a 类 name as 说明 print it: 一般公共服务（类）.
func trimSpend(s string) string { return strings.TrimSuffix(s, "支出") }

// finalCount resolves the 三公 counts of final accounts
// (three_public.abroad_groups, …); ok is false for other names.
func (c *compiler) finalCount(ref string) (n int64, ok bool, err error) {
	if name, found := strings.CutPrefix(ref, "performance."); found && (name == "level1" || name == "level2") {
		var p *int
		if c.b.Final != nil && c.b.Final.Performance != nil {
			p = map[string]*int{"level1": c.b.Final.Performance.Level1, "level2": c.b.Final.Performance.Level2}[name]
		}
		if p == nil {
			return 0, true, fmt.Errorf("缺少 final.performance.%s：说明要陈述这个数量", name)
		}
		return int64(*p), true, nil
	}
	name, found := strings.CutPrefix(ref, "three_public.")
	if !found {
		return 0, false, nil
	}
	var t yusuan.ThreePublicCounts
	if c.b.Final != nil {
		t = c.b.Final.ThreePublic
	}
	p, known := map[string]*int{
		"abroad_groups": t.AbroadGroups, "abroad_people": t.AbroadPeople,
		"vehicles_purchased": t.VehiclesPurchased, "vehicles_held": t.VehiclesHeld,
		"receptions": t.Receptions, "reception_people": t.ReceptionPeople,
	}[name]
	if !known {
		return 0, false, nil
	}
	if p == nil {
		return 0, true, fmt.Errorf("缺少 final.three_public.%s：说明要陈述这个数量", name)
	}
	return int64(*p), true, nil
}
