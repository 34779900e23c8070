package html

import (
	"sort"
	"strconv"
	"strings"

	"github.com/yusuan/yusuan"
	"github.com/yusuan/yusuan/internal/lazyre"
	"github.com/yusuan/yusuan/render"
)

// chart is what charts.js draws, and what the data-table fallback under it
// prints: labels × series, with the printed figures kept for the table.
type chart struct {
	ID     string   `json:"id"`
	Title  string   `json:"title"`
	Type   string   `json:"type"` // pie, bar (horizontal), columns (grouped, vertical)
	Unit   string   `json:"unit"`
	Labels []string `json:"labels"`
	Series []series `json:"series"`
	// Shares are a pie's percentages, rounded as the narrative rounds
	// them (the profile's decimals, half up), so that the chart prints
	// the narrative's 5.17% and not a largest-remainder 5.18%.
	Shares []string `json:"shares,omitempty"`
	Note   string   `json:"-"`
}

// Aria is the chart's accessible name: its title and every figure, which
// the page sets on the chart and the script leaves alone.
func (c chart) Aria() string {
	var b strings.Builder
	b.WriteString(c.Title)
	b.WriteString("（" + c.Unit + "）：")
	for i, l := range c.Labels {
		if i > 0 {
			b.WriteString("；")
		}
		b.WriteString(strings.TrimSpace(l))
		for _, s := range c.Series {
			if len(c.Series) > 1 {
				b.WriteString("，" + s.Name)
			}
			b.WriteString(" " + s.Printed[i])
		}
		if i < len(c.Shares) {
			b.WriteString("，占 " + c.Shares[i] + "%")
		}
	}
	b.WriteString("。数据见下表。")
	return b.String()
}

// shares are the parts' percentages of their sum, printed as the
// profile's narrative prints shares.
func shares(p *yusuan.Profile, as []yusuan.Amount) []string {
	var total int64
	for _, a := range as {
		total += int64(a)
	}
	dec, trim := 2, false
	if p != nil {
		dec, trim = p.Money.ShareDecimals, p.Money.TrimZeros
	}
	out := make([]string, len(as))
	for i, a := range as {
		s := yusuan.RoundDiv(int64(a)*100, total, dec)
		if trim && strings.Contains(s, ".") {
			s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
		}
		out[i] = s
	}
	return out
}

type series struct {
	Name    string    `json:"name"`
	Values  []float64 `json:"values"`
	Printed []string  `json:"-"`
}

// Row returns the fallback table's row i: the label, then each series.
func (c chart) Row(i int) []string {
	out := []string{c.Labels[i]}
	for _, s := range c.Series {
		out = append(out, s.Printed[i])
	}
	if i < len(c.Shares) {
		out = append(out, c.Shares[i]+"%")
	}
	return out
}

// Rows are the indexes of the fallback table's rows.
func (c chart) Rows() []int {
	out := make([]int, len(c.Labels))
	for i := range out {
		out[i] = i
	}
	return out
}

func yuan(a yusuan.Amount) float64 { return float64(a) / 100 }

func expenditureTable(doc *yusuan.Document) *yusuan.Table {
	for _, k := range []yusuan.TableKind{yusuan.KindExpenditure, yusuan.KindGeneralPublicFunctional} {
		if t := doc.Table(k); t != nil && len(t.Rows) > 0 {
			return t
		}
	}
	return nil
}

func charts(doc *yusuan.Document, p *yusuan.Profile) []chart {
	var cs []chart
	add := func(c *chart) {
		if c != nil && len(c.Labels) > 0 {
			c.ID = "chart-" + strconv.Itoa(len(cs)+1)
			cs = append(cs, *c)
		}
	}
	add(byFunction(doc, p))
	add(byNature(doc, p))
	add(byEconomic(doc))
	add(yearOnYear(doc, "与上年预算比较：总额", func(ref string) bool { return !strings.HasPrefix(ref, "three_public") }))
	add(yearOnYear(doc, "与上年预算比较：“三公”经费", func(ref string) bool { return strings.HasPrefix(ref, "three_public") }))
	add(threePublic(doc))
	return cs
}

func amountSeries(name string, t *yusuan.Table, as []yusuan.Amount) series {
	s := series{Name: name}
	dec := render.Decimals(t)
	for _, a := range as {
		s.Values = append(s.Values, yuan(a))
		s.Printed = append(s.Printed, render.Amount(t, a, dec))
	}
	return s
}

// byFunction is expenditure by functional 项 (the finest rows printed),
// summed over budget units.
func byFunction(doc *yusuan.Document, p *yusuan.Profile) *chart {
	t := expenditureTable(doc)
	if t == nil {
		return nil
	}
	finest := 0
	for _, r := range t.Rows {
		if r.Level != yusuan.LevelUnit && len(r.Code) > finest {
			finest = len(r.Code)
		}
	}
	if finest == 0 {
		return nil
	}
	sums := map[string]yusuan.Amount{}
	names := map[string]string{}
	var codes []string
	for _, r := range t.Rows {
		if r.Level == yusuan.LevelUnit || len(r.Code) != finest {
			continue
		}
		if _, ok := sums[r.Code]; !ok {
			codes = append(codes, r.Code)
			names[r.Code] = r.Name
		}
		sums[r.Code] += r.Amount("total")
	}
	c := &chart{Title: "支出按功能分类", Type: "pie", Unit: t.Unit}
	var as []yusuan.Amount
	for _, code := range codes {
		if sums[code] == 0 {
			continue
		}
		c.Labels = append(c.Labels, code+" "+names[code])
		as = append(as, sums[code])
	}
	c.Series = []series{amountSeries("金额", t, as)}
	c.Shares = shares(p, as)
	return c
}

// byNature is 基本支出 against 项目支出.
func byNature(doc *yusuan.Document, p *yusuan.Profile) *chart {
	t := expenditureTable(doc)
	if t == nil || t.Total() == nil {
		return nil
	}
	tot := t.Total()
	_, hb := tot.Cells["basic"]
	_, hp := tot.Cells["project"]
	if !hb || !hp {
		return nil
	}
	c := &chart{Title: "基本支出与项目支出", Type: "pie", Unit: t.Unit, Labels: []string{"基本支出", "项目支出"}}
	as := []yusuan.Amount{tot.Amount("basic"), tot.Amount("project")}
	c.Series = []series{amountSeries("金额", t, as)}
	c.Shares = shares(p, as)
	return c
}

// byEconomic is basic expenditure by department economic 款 (the general
// public budget's basic expenditure table), largest first; without that
// table, basic expenditure by economic 类.
func byEconomic(doc *yusuan.Document) *chart {
	if t := doc.Table(yusuan.KindGeneralPublicBasic); t != nil && len(t.Rows) > 0 {
		type item struct {
			label string
			a     yusuan.Amount
		}
		var items []item
		for _, r := range t.Rows {
			if len(r.Code) == 5 && r.Amount("total") != 0 {
				items = append(items, item{r.Code + " " + r.Name, r.Amount("total")})
			}
		}
		sort.SliceStable(items, func(i, j int) bool { return items[i].a > items[j].a })
		c := &chart{Title: "一般公共预算基本支出按经济分类", Type: "bar", Unit: t.Unit}
		var as []yusuan.Amount
		for _, it := range items {
			c.Labels = append(c.Labels, it.label)
			as = append(as, it.a)
		}
		c.Series = []series{amountSeries("金额", t, as)}
		return c
	}
	t := expenditureTable(doc)
	if t == nil || t.Total() == nil {
		return nil
	}
	c := &chart{Title: "基本支出按经济分类", Type: "bar", Unit: t.Unit}
	var as []yusuan.Amount
	for _, col := range t.Columns {
		switch col.Key {
		case "wages", "household", "goods", "capital":
			c.Labels = append(c.Labels, col.Label)
			as = append(as, t.Total().Amount(col.Key))
		}
	}
	c.Series = []series{amountSeries("金额", t, as)}
	return c
}

// threePublicItems are the “三公” items in the order printed disclosures
// give them; a part names its whole.
var threePublicItems = []struct{ key, label, parent string }{
	{"abroad", "因公出国（境）费", ""},
	{"reception", "公务接待费", ""},
	{"vehicle", "公务用车购置及运行费", ""},
	{"vehicle_purchase", "公务用车购置费", "vehicle"},
	{"vehicle_operation", "公务用车运行维护费", "vehicle"},
}

// enumerator is the numbering a table prints before an item's name
// (1、 （1） 其中：).
var enumerator = lazyre.New(`^(其中[：:]\s*)?([0-9０-９]+[、.．]\s*|[（(][0-9０-９一二三四五六七八九十]+[）)]\s*)?`)

// threePublic is this year's “三公” items with their hierarchy kept:
// 公务用车购置及运行费 and, under it, its two parts. The items are rows
// of the table (Zhengzhou) or columns of its one row (Shanghai); a whole
// that is not printed is the sum of its parts.
func threePublic(doc *yusuan.Document) *chart {
	t := doc.Table(yusuan.KindThreePublic)
	if t == nil || len(t.Rows) == 0 {
		return nil
	}
	if hasColumn(t, "budget.total") {
		return threePublicFinal(t)
	}
	key := ""
	for _, c := range t.Columns {
		if c.Type == yusuan.ColAmount {
			key = c.Key
			break
		}
	}
	type item struct {
		key, label string
		a          yusuan.Amount
	}
	// The items in the order the document prints them.
	var items []item
	if len(t.Rows) == 1 {
		for _, c := range t.Columns {
			if v, ok := t.Rows[0].Cells[c.Key]; ok && !v.IsText {
				items = append(items, item{c.Key, c.Label, v.Num})
			}
		}
	} else {
		for i := range t.Rows {
			r := &t.Rows[i]
			if v, ok := r.Cells[key]; ok && r.Key != "" && !v.IsText {
				items = append(items, item{r.Key, strings.TrimSpace(enumerator.ReplaceAllString(strings.TrimSpace(r.Name), "")), v.Num})
			}
		}
	}
	known := map[string]struct{ label, parent string }{}
	for _, it := range threePublicItems {
		known[it.key] = struct{ label, parent string }{it.label, it.parent}
	}
	printed := map[string]bool{}
	for _, it := range items {
		printed[it.key] = true
	}
	c := &chart{Title: "“三公”经费", Type: "bar", Unit: t.Unit}
	var as []yusuan.Amount
	for i, it := range items {
		k, ok := known[it.key]
		if !ok {
			continue // the total, or something that is not an item
		}
		if k.parent != "" && !printed[k.parent] {
			// A whole that is not printed, before its first part: the
			// sum of its parts.
			printed[k.parent] = true
			var sum yusuan.Amount
			for _, o := range items[i:] {
				if known[o.key].parent == k.parent {
					sum += o.a
				}
			}
			c.Labels = append(c.Labels, known[k.parent].label)
			as = append(as, sum)
		}
		label := it.label
		if label == "" {
			label = k.label
		}
		if k.parent != "" {
			label = "其中：" + label
		}
		c.Labels = append(c.Labels, label)
		as = append(as, it.a)
	}
	if len(c.Labels) == 0 {
		return nil
	}
	c.Series = []series{amountSeries("预算数", t, as)}
	return c
}

// yearOnYear compares this year with last year for every measure whose
// change the narrative states. The document has no last-year tables, so
// last year is this year's narrative amount less the stated change, both
// in 万元 as printed.
func yearOnYear(doc *yusuan.Document, title string, keep func(ref string) bool) *chart {
	type pair struct {
		amount, change *yusuan.Figure
	}
	var order []string
	pairs := map[string]*pair{}
	for si := range doc.Narrative {
		for fi := range doc.Narrative[si].Figures {
			f := &doc.Narrative[si].Figures[fi]
			// A budget figure of final accounts (年初预算数) is not this year's.
			if f.Unit != "万元" || (f.Kind != yusuan.FigureAmount && f.Kind != yusuan.FigureChange) || !keep(f.Ref) || f.Quantity != "" {
				continue
			}
			pr := pairs[f.Ref]
			if pr == nil {
				pr = &pair{}
				pairs[f.Ref] = pr
				order = append(order, f.Ref)
			}
			if f.Kind == yusuan.FigureAmount && pr.amount == nil {
				pr.amount = f
			}
			if f.Kind == yusuan.FigureChange && pr.change == nil {
				pr.change = f
			}
		}
	}
	c := &chart{Title: title, Type: "columns", Unit: "万元",
		Note: "上年数按说明中的本年数和增减数推算（万元，按说明的舍入）。"}
	last := series{Name: "上年"}
	this := series{Name: "本年"}
	for _, ref := range order {
		pr := pairs[ref]
		if pr.amount == nil || pr.change == nil {
			continue
		}
		now, err1 := strconv.ParseFloat(strings.ReplaceAll(pr.amount.Printed, ",", ""), 64)
		ch, err2 := strconv.ParseFloat(strings.ReplaceAll(pr.change.Printed, ",", ""), 64)
		if err1 != nil || err2 != nil {
			continue
		}
		switch pr.change.Direction {
		case "increase":
			ch = -ch
		case "flat":
			ch = 0
		}
		before := now + ch
		if now == 0 && before == 0 {
			continue
		}
		title, ok := measureTitle(ref)
		if !ok {
			continue // never an internal key as a label
		}
		dec := max(pr.amount.Decimals, pr.change.Decimals)
		c.Labels = append(c.Labels, title)
		this.Values = append(this.Values, now)
		this.Printed = append(this.Printed, strconv.FormatFloat(now, 'f', dec, 64))
		last.Values = append(last.Values, before)
		last.Printed = append(last.Printed, strconv.FormatFloat(before, 'f', dec, 64))
	}
	if len(c.Labels) == 0 {
		return nil
	}
	c.Series = []series{last, this}
	return c
}

// measureTitle is the Chinese title of a measure; false for a reference
// without one.
func measureTitle(ref string) (string, bool) {
	if m, ok := yusuan.Measure(ref); ok && m.Title != "" {
		return m.Title, true
	}
	return "", false
}

func hasColumn(t *yusuan.Table, key string) bool {
	for _, c := range t.Columns {
		if c.Key == key {
			return true
		}
	}
	return false
}

// threePublicFinal compares 预算数 with 决算数 for each “三公” item of
// final accounts, whose one row holds both (budget.KEY and KEY).
func threePublicFinal(t *yusuan.Table) *chart {
	r := &t.Rows[0]
	c := &chart{Title: "“三公”经费预算数与决算数", Type: "columns", Unit: t.Unit}
	var budget, final []yusuan.Amount
	for _, it := range []struct{ key, label string }{
		{"abroad", "因公出国（境）费"}, {"vehicle", "公务用车购置及运行维护费"}, {"reception", "公务接待费"},
	} {
		if !hasColumn(t, it.key) {
			continue
		}
		c.Labels = append(c.Labels, it.label)
		budget = append(budget, r.Amount("budget."+it.key))
		final = append(final, r.Amount(it.key))
	}
	if len(c.Labels) == 0 {
		return nil
	}
	c.Series = []series{amountSeries("预算数", t, budget), amountSeries("决算数", t, final)}
	return c
}
