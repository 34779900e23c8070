package check

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/yusuan/yusuan"
	"github.com/yusuan/yusuan/internal/lazyre"
)

// resolution is what the tables say a measure is: an interval in 元 (or a
// count), how it was read, and whether it is only an upper bound.
//
// How it was read is text for a finding's detail; most resolutions never
// make a finding, so it is built only when asked for (how).
type resolution struct {
	iv    interval
	text  string        // how it was read, when fixed
	build func() string // builds how it was read, when set
	cell  bool          // read from the one cell t, r, col (how: its cellRef)
	none  bool          // codeSum: the table has no row of the code
	bound bool          // the tables only give an upper bound (iv.lo is 0)
	// derived: the tables do not print the measure; it was put together
	// from rows by a convention the document need not follow (人员经费 =
	// 301 + 303, 公用经费 = 302 + 309 + 310).
	derived bool
	count   bool
	t       *yusuan.Table
	r       *yusuan.Row
	col     string
}

// how says how the resolution was read from the tables.
func (res *resolution) how() string {
	switch {
	case res.build != nil:
		return res.build()
	case res.cell:
		return cellRef(res.t, res.r, res.col)
	}
	return res.text
}

// cell reads one cell as an interval: exact in a 元 table, ±half a printed
// digit in a 万元 table.
func (ix *index) cell(t *yusuan.Table, r *yusuan.Row, col string) resolution {
	v := r.Amount(col)
	h := cellHalf(t, ix.decimals(t), v)
	x := yuan(v)
	iv := interval{qSub(x, h), qAdd(x, h)}
	if h.Sign() == 0 {
		iv = exact(x)
	}
	return resolution{iv: iv, cell: true, t: t, r: r, col: col}
}

func sumRes(parts ...resolution) resolution {
	if len(parts) == 1 {
		return parts[0]
	}
	out := resolution{iv: exact(rat{})}
	for _, p := range parts {
		out.iv = add(out.iv, p.iv)
	}
	out.build = func() string {
		hows := make([]string, len(parts))
		for i := range parts {
			hows[i] = parts[i].how()
		}
		if len(hows) > 4 {
			return fmt.Sprintf("%s + … + %s（共 %d 项）", hows[0], hows[len(hows)-1], len(hows))
		}
		return strings.Join(hows, " + ")
	}
	return out
}

// fromTotal reads column col of the total row of the first table of kind.
func (ix *index) fromTotal(k yusuan.TableKind, cols ...string) (resolution, bool) {
	t := ix.doc.Table(k)
	if t == nil {
		return resolution{}, false
	}
	if len(t.Rows) == 0 {
		return resolution{iv: exact(rat{}), text: shortTable(t) + "（空表）", t: t}, true
	}
	r := totalRow(t)
	if r == nil {
		return resolution{}, false
	}
	var parts []resolution
	for _, c := range cols {
		if !hasColumn(t, c) {
			return resolution{}, false
		}
		parts = append(parts, ix.cell(t, r, c))
	}
	return sumRes(parts...), true
}

// fromKeyed reads rows by key (a list table) in column col.
func (ix *index) fromKeyed(k yusuan.TableKind, col string, keys ...string) (resolution, bool) {
	t := ix.doc.Table(k)
	if t == nil {
		return resolution{}, false
	}
	var parts []resolution
	for _, key := range keys {
		r := rowByKey(t, key)
		if r == nil {
			return resolution{}, false
		}
		c := col
		if c == "" {
			c = firstAmountColumn(t, r)
		}
		if _, ok := r.Cells[c]; !ok && !hasColumn(t, c) {
			return resolution{}, false
		}
		parts = append(parts, ix.cell(t, r, c))
	}
	return sumRes(parts...), true
}

// fromSideKeyed reads the row with the key that prints column col: a
// two-sided table (收支总表) read by meaning keys both of its totals
// grand_total, one with the income cell, one with the expenditure cell.
func (ix *index) fromSideKeyed(k yusuan.TableKind, col, key string) (resolution, bool) {
	t := ix.doc.Table(k)
	if t == nil || !hasColumn(t, col) {
		return resolution{}, false
	}
	for i := range t.Rows {
		r := &t.Rows[i]
		if v, ok := r.Cells[col]; ok && r.Key == key && !v.IsText {
			return ix.cell(t, r, col), true
		}
	}
	return resolution{}, false
}

// fromColumns reads a one-row table whose columns are the measures (the
// Shanghai 三公 table prints them side by side).
func (ix *index) fromColumns(k yusuan.TableKind, key string) (resolution, bool) {
	t := ix.doc.Table(k)
	if t == nil || !hasColumn(t, key) {
		return resolution{}, false
	}
	r := totalRow(t)
	if r == nil {
		r = yearRow(t, ix.doc.Year)
	}
	if r == nil && len(t.Rows) > 0 {
		r = &t.Rows[0]
	}
	if r == nil {
		return resolution{iv: exact(rat{}), text: shortTable(t) + "（空表）", t: t}, true
	}
	return ix.cell(t, r, key), true
}

// yearRow is the row of a table printed by year (Shenzhen's 三公 table:
// 2025年, 2026年, 增减变化金额) labelled with the budget year; nil when the
// table has none.
func yearRow(t *yusuan.Table, year int) *yusuan.Row {
	if year == 0 {
		return nil
	}
	label := strconv.Itoa(year) + "年"
	for i := range t.Rows {
		r := &t.Rows[i]
		if strings.HasSuffix(compact(r.Name), label) {
			return r
		}
		for _, c := range t.Columns {
			if v, ok := r.Cells[c.Key]; ok && v.IsText && strings.HasPrefix(compact(v.Text), label) {
				return r
			}
		}
	}
	return nil
}

func firstAmountColumn(t *yusuan.Table, r *yusuan.Row) string {
	for _, c := range t.Columns {
		if v, ok := r.Cells[c.Key]; ok && !v.IsText {
			return c.Key
		}
	}
	if cs := amountColumns(t); len(cs) > 0 {
		return cs[0].Key
	}
	return ""
}

// codeSum adds the rows of a coded table with the code, or, when the code
// is not printed as a row, the lowest rows under it.
func (ix *index) codeSum(t *yusuan.Table, code, col string) resolution {
	var parts []resolution
	for i := range t.Rows {
		r := &t.Rows[i]
		if r.Code == code && level(r) != yusuan.LevelUnit {
			parts = append(parts, ix.cell(t, r, col))
		}
	}
	if len(parts) == 0 {
		for i := range t.Rows {
			r := &t.Rows[i]
			if strings.HasPrefix(r.Code, code) && level(r) != yusuan.LevelUnit && isLeaf(t, i) {
				parts = append(parts, ix.cell(t, r, col))
			}
		}
	}
	if len(parts) == 0 {
		return resolution{iv: exact(rat{}), none: true, t: t,
			build: func() string { return fmt.Sprintf("%s无科目 %s 的行（即 0）", shortTable(t), code) }}
	}
	return sumRes(parts...)
}

// isLeaf reports whether row i has no row below it in its block whose
// code extends its code.
func isLeaf(t *yusuan.Table, i int) bool {
	code := t.Rows[i].Code
	for j := i + 1; j < len(t.Rows); j++ {
		r := &t.Rows[j]
		if level(r) == yusuan.LevelUnit || level(r) == yusuan.LevelTotal {
			break
		}
		if len(r.Code) > len(code) && strings.HasPrefix(r.Code, code) {
			return false
		}
	}
	return true
}

func first(fns ...func() (resolution, bool)) (resolution, bool) {
	for _, f := range fns {
		if r, ok := f(); ok {
			return r, true
		}
	}
	return resolution{}, false
}

// resolve reads a measure reference from the tables. n is the figure that
// states it, used to match project names by the text around it.
// Resolutions are computed once per document: a project's by its
// reference and the clause in front of the figure, the only part of n
// resolving it reads.
func (ix *index) resolve(ref string, n *nfig) (resolution, bool) {
	key := resKey{ref: ref}
	if n != nil && strings.HasPrefix(ref, "project:") {
		key.withFig, key.near = true, clause(n.before)
	}
	if c, ok := ix.resolved[key]; ok {
		return c.r, c.ok
	}
	r, ok := ix.resolveRef(ref, n)
	if ix.resolved == nil {
		ix.resolved = make(map[resKey]cachedRes, len(ix.figs)/2+8)
	}
	ix.resolved[key] = cachedRes{r, ok}
	return r, ok
}

// resKey is what a resolution depends on: the reference and, for a
// project stated in the narrative, the clause in front of the figure.
type resKey struct {
	ref, near string
	withFig   bool
}

func (ix *index) resolveRef(ref string, n *nfig) (resolution, bool) {
	name, group, _ := strings.Cut(ref, "@")
	if kind, arg, ok := strings.Cut(name, ":"); ok {
		return ix.resolveArg(kind, arg, group, n)
	}
	K := func(k yusuan.TableKind, cols ...string) func() (resolution, bool) {
		return func() (resolution, bool) { return ix.fromTotal(k, cols...) }
	}
	S := func(k yusuan.TableKind, col string, keys ...string) func() (resolution, bool) {
		return func() (resolution, bool) { return ix.fromKeyed(k, col, keys...) }
	}
	C := func(k yusuan.TableKind, key string) func() (resolution, bool) {
		return func() (resolution, bool) { return ix.fromColumns(k, key) }
	}
	gp := func(fns ...func() (resolution, bool)) func() (resolution, bool) {
		return func() (resolution, bool) {
			if !ix.gpIsAll {
				return resolution{}, false
			}
			return first(fns...)
		}
	}
	exp, sum, gpf := yusuan.KindExpenditure, yusuan.KindSummary, yusuan.KindGeneralPublicFunctional
	if group != "" {
		// basic@general_public, project@general_public: the 一般公共预算
		// part of the department's 基本支出 or 项目支出.
		if group != "general_public" || name != "basic" && name != "project" {
			return resolution{}, false
		}
		return first(K(gpf, name), gp(K(exp, name)), gp(S(sum, "expenditure", name)))
	}
	switch name {
	case "total":
		return first(K(exp, "total"), S(sum, "expenditure", "total"), gp(K(gpf, "total")))
	case "income":
		return first(S(sum, "income", "total"), K(yusuan.KindIncome, "total"))
	case "general_public":
		return first(K(gpf, "total"), S(sum, "income", "general_public"), K(yusuan.KindIncome, "general_public"),
			gp(K(exp, "total"), S(sum, "expenditure", "total")))
	case "appropriation":
		return first(K(yusuan.KindIncome, "appropriation"), S(sum, "income", "appropriation"))
	case "gov_fund", "state_capital":
		return first(K(yusuan.TableKind(name), "total"), S(sum, "income", name), S(yusuan.KindFiscalSummary, "income", name), K(yusuan.KindIncome, name))
	case "fiscal":
		// A two-sided table read by meaning keys its totals by what they
		// are: 收入总计 / 支出总计 (grand_total, carry-overs included).
		G := func(side string) func() (resolution, bool) {
			return func() (resolution, bool) { return ix.fromSideKeyed(yusuan.KindFiscalSummary, side, "grand_total") }
		}
		return first(S(yusuan.KindFiscalSummary, "expenditure", "total"), S(yusuan.KindFiscalSummary, "income", "total"),
			G("expenditure"), G("income"))
	case "basic", "project", "wages", "household", "goods", "capital", "project_social", "project_debt", "project_construction", "project_other":
		return first(K(exp, name), S(sum, "expenditure", name), gp(K(gpf, name)))
	case "personnel":
		return first(K(exp, "wages", "household"), S(sum, "expenditure", "wages", "household"), gp(K(gpf, "wages", "household")),
			gp(K(yusuan.KindGeneralPublicBasic, "personnel")))
	case "public_funds":
		return first(K(exp, "goods", "capital"), S(sum, "expenditure", "goods", "capital"), gp(K(gpf, "goods", "capital")),
			gp(K(yusuan.KindGeneralPublicBasic, "public_funds")))
	case "gp_basic":
		return first(K(yusuan.KindGeneralPublicBasic, "total"), K(gpf, "basic"), gp(K(exp, "basic")))
	case "gp_personnel":
		return first(K(gpf, "wages", "household"), K(yusuan.KindGeneralPublicBasic, "personnel"),
			func() (resolution, bool) { return ix.econClasses("301", "303") }, gp(K(exp, "wages", "household")))
	case "gp_public_funds":
		return first(K(gpf, "goods", "capital"), K(yusuan.KindGeneralPublicBasic, "public_funds"),
			func() (resolution, bool) { return ix.econClasses("302", "309", "310") }, gp(K(exp, "goods", "capital")))
	case "three_public", "three_public.abroad", "three_public.reception", "three_public.vehicle",
		"three_public.vehicle_purchase", "three_public.vehicle_operation":
		key := strings.TrimPrefix(strings.TrimPrefix(name, "three_public"), ".")
		if key == "" {
			key = "three_public"
		}
		return first(S(yusuan.KindThreePublic, "", key), C(yusuan.KindThreePublic, key))
	case "operating_cost":
		if r, ok := first(S(yusuan.KindThreePublic, "", "operating_cost"), C(yusuan.KindThreePublic, "operating_cost")); ok {
			return r, true
		}
		return ix.operatingBound()
	case "procurement":
		return first(K(yusuan.KindProcurement, "amount"))
	case "procurement.goods", "procurement.works", "procurement.services":
		return ix.procurementCategory(strings.TrimPrefix(name, "procurement."))
	case "projects":
		return ix.projectCount()
	}
	return resolution{}, false
}

// econClasses adds the general_public_basic rows of the economic classes.
func (ix *index) econClasses(classes ...string) (resolution, bool) {
	t := ix.doc.Table(yusuan.KindGeneralPublicBasic)
	if t == nil || len(t.Rows) == 0 || !hasColumn(t, "total") {
		return resolution{}, false
	}
	var parts []resolution
	for _, c := range classes {
		r := ix.codeSum(t, c, "total")
		if !r.none {
			parts = append(parts, r)
		}
	}
	if len(parts) == 0 {
		return resolution{iv: exact(rat{}), text: shortTable(t) + "无相应经济分类行（即 0）", t: t, derived: true}, true
	}
	r := sumRes(parts...)
	r.derived = true
	return r, true
}

// operatingBound: 机关运行经费 is the 公用经费 of administrative units
// within the general public budget, so it is at most 一般公共预算公用经费, and
// equal to it when every unit is an administrative body (机关).
func (ix *index) operatingBound() (resolution, bool) {
	pf, ok := ix.resolve("gp_public_funds", nil)
	if !ok {
		return resolution{}, false
	}
	if ix.allAdministrative() {
		inner := pf
		pf.build = func() string {
			return "全部预算单位均为机关，机关运行经费 = 一般公共预算公用经费 = " + inner.how()
		}
		return pf, true
	}
	pf.iv = interval{rat{}, pf.iv.hi}
	pf.bound = true
	inner := pf
	pf.build = func() string { return "机关运行经费不超过一般公共预算公用经费 = " + inner.how() }
	return pf, true
}

// allAdministrative reports whether every unit row names an administrative
// body (机关); without unit rows it is unknown (false).
func (ix *index) allAdministrative() bool {
	n := 0
	for _, k := range []yusuan.TableKind{yusuan.KindExpenditure, yusuan.KindIncome, yusuan.KindGeneralPublicFunctional} {
		t := ix.doc.Table(k)
		if t == nil {
			continue
		}
		for i := range t.Rows {
			if level(&t.Rows[i]) == yusuan.LevelUnit {
				n++
				if !strings.Contains(t.Rows[i].Name, "机关") {
					return false
				}
			}
		}
		if n > 0 {
			return true
		}
	}
	return false
}

func (ix *index) procurementCategory(cat string) (resolution, bool) {
	t := ix.doc.Table(yusuan.KindProcurement)
	if t == nil || !hasColumn(t, "category") {
		return resolution{}, false
	}
	word := map[string]string{"goods": "货物", "works": "工程", "services": "服务"}[cat]
	var parts []resolution
	for i := range t.Rows {
		r := &t.Rows[i]
		if v, ok := r.Cells["category"]; ok && strings.Contains(v.Text, word) {
			parts = append(parts, ix.cell(t, r, "amount"))
		}
	}
	if len(parts) == 0 {
		return resolution{iv: exact(rat{}), text: shortTable(t) + "无" + word + "类采购（即 0）", t: t}, true
	}
	return sumRes(parts...), true
}

// projectTables returns the project target tables, computed once.
func (ix *index) projectTables() []*yusuan.Table {
	ix.projectsOnce()
	return ix.projects
}

// projectNames returns the compacted project names of projectTables.
func (ix *index) projectNames() []string {
	ix.projectsOnce()
	return ix.projNames
}

func (ix *index) projectsOnce() {
	if ix.projectsDone {
		return
	}
	ix.projectsDone = true
	ix.projects = ix.doc.TablesOf(yusuan.KindPerformanceProject)
	ix.projNames = make([]string, len(ix.projects))
	for i, t := range ix.projects {
		ix.projNames[i] = compact(t.Project)
	}
}

func (ix *index) projectCount() (resolution, bool) {
	if ix.ctx.Profile != nil && !profileHas(ix.ctx.Profile, yusuan.KindPerformanceProject) {
		return resolution{}, false
	}
	n := len(ix.projectTables())
	return resolution{iv: exact(qInt(int64(n))), count: true,
		build: func() string { return fmt.Sprintf("项目绩效目标表共 %d 张", n) }}, true
}

func profileHas(p *yusuan.Profile, k yusuan.TableKind) bool {
	for _, t := range p.Tables {
		if t.Kind == k {
			return true
		}
	}
	return false
}

// projectAmount is a project's amount this year from its target table.
func (ix *index) projectAmount(t *yusuan.Table) (resolution, bool) {
	for _, key := range []string{"this_year", "budget", "amount"} {
		if r := rowByKey(t, key); r != nil {
			return ix.cell(t, r, firstAmountColumn(t, r)), true
		}
	}
	return resolution{}, false
}

// projectByText finds the project table whose name the text ends with (or
// contains, the longest match winning).
func (ix *index) projectByText(text string) *yusuan.Table {
	text = compact(text)
	var best *yusuan.Table
	bestLen := 0
	names := ix.projectNames()
	for i, t := range ix.projectTables() {
		p := names[i]
		if p != "" && strings.Contains(text, p) && len(p) > bestLen {
			best, bestLen = t, len(p)
		}
	}
	return best
}

func (ix *index) resolveArg(kind, arg, group string, n *nfig) (resolution, bool) {
	switch kind {
	case "function":
		var k yusuan.TableKind
		switch group {
		case "basic", "project":
			// The class's part of 基本支出 or 项目支出, in the department's
			// 支出总表.
			t := ix.doc.Table(yusuan.KindExpenditure)
			if t == nil || !hasColumn(t, group) {
				return resolution{}, false
			}
			return ix.codeSum(t, arg, group), true
		case "":
			k = yusuan.KindExpenditure
			if ix.doc.Table(k) == nil {
				k = yusuan.KindIncome
			}
			if ix.doc.Table(k) == nil && ix.gpIsAll {
				k = yusuan.KindGeneralPublicFunctional
			}
		case "general_public":
			k = yusuan.KindGeneralPublicFunctional
		case "gov_fund", "state_capital":
			k = yusuan.TableKind(group)
		case "fiscal":
			// 财政拨款收支总表 lists the 类 of its expenditure side (本年
			// 财政拨款 and its carry-over together).
			t := ix.doc.Table(yusuan.KindFiscalSummary)
			if t == nil || !hasColumn(t, "expenditure") {
				return resolution{}, false
			}
			return ix.codeSum(t, arg, "expenditure"), true
		default:
			return resolution{}, false
		}
		t := ix.doc.Table(k)
		if t == nil || !hasColumn(t, "total") {
			return resolution{}, false
		}
		return ix.codeSum(t, arg, "total"), true
	case "econ":
		if group == "" && !ix.gpIsAll || group != "" && group != "general_public" {
			return resolution{}, false
		}
		t := ix.doc.Table(yusuan.KindGeneralPublicEconomic)
		if t == nil || !hasColumn(t, "total") {
			return resolution{}, false
		}
		return ix.codeSum(t, arg, "total"), true
	case "project":
		if group != "" {
			return resolution{}, false
		}
		var t *yusuan.Table
		carg := compact(arg)
		names := ix.projectNames()
		for i, pt := range ix.projectTables() {
			if names[i] == carg {
				t = pt
			}
		}
		if t == nil && n != nil {
			t = ix.projectByText(clause(n.before))
		}
		if t == nil {
			return resolution{}, false
		}
		return ix.projectAmount(t)
	case "income":
		col := arg
		keys := []string{arg}
		switch arg {
		case "business", "operating", "other":
			keys = []string{"other_income"}
			col = "other"
		}
		return first(
			// A summary that prints 事业收入 (事业单位经营收入) as its own
			// row answers for it; otherwise it is part of 其他收入.
			func() (resolution, bool) {
				if arg != "business" && arg != "operating" {
					return resolution{}, false
				}
				return ix.fromKeyed(yusuan.KindSummary, "income", arg)
			},
			func() (resolution, bool) { return ix.fromKeyed(yusuan.KindSummary, "income", keys...) },
			func() (resolution, bool) { return ix.fromTotal(yusuan.KindIncome, col) })
	case "procurement_item", "procurement_price", "procurement_quantity":
		i, err := strconv.Atoi(arg)
		if err != nil {
			return resolution{}, false
		}
		return ix.procurementItem(kind, i)
	}
	return resolution{}, false
}

// procurementItems returns the item rows of the procurement table.
func procurementItems(t *yusuan.Table) []*yusuan.Row {
	var out []*yusuan.Row
	tr := totalRow(t)
	for i := range t.Rows {
		if &t.Rows[i] != tr && level(&t.Rows[i]) != yusuan.LevelTotal {
			out = append(out, &t.Rows[i])
		}
	}
	return out
}

func (ix *index) procurementItem(kind string, i int) (resolution, bool) {
	t := ix.doc.Table(yusuan.KindProcurement)
	if t == nil {
		return resolution{}, false
	}
	items := procurementItems(t)
	if i < 0 || i >= len(items) {
		return resolution{}, false
	}
	r := items[i]
	switch kind {
	case "procurement_item":
		return ix.cell(t, r, "amount"), true
	case "procurement_quantity":
		q := r.Amount("quantity")
		return resolution{iv: exact(qFrac(int64(q), 100)), count: true, cell: true, t: t, r: r, col: "quantity"}, true
	case "procurement_price":
		if hasColumn(t, "unit_price") {
			return ix.cell(t, r, "unit_price"), true
		}
		q := r.Amount("quantity")
		if q <= 0 {
			return resolution{}, false
		}
		amt := ix.cell(t, r, "amount")
		qi := exact(qFrac(int64(q), 100))
		iv, _ := div(amt.iv, qi)
		return resolution{iv: iv, build: func() string { return amt.how() + " ÷ 数量 " + trimZeros(fmtQ(qi.lo, 2)) }, t: t, r: r, col: "amount"}, true
	}
	return resolution{}, false
}

// ---- inferring what an unreferenced figure talks about ----

type phrase struct {
	text, ref string
}

// measurePhrases map the words in front of a figure to the measure they
// name, for documents read from files, whose figures carry no reference.
// Longer phrases win, so 一般公共预算基本支出 beats 基本支出.
var measurePhrases = []phrase{
	{"收入预算总计", "income"}, {"收入预算", "income"}, {"收入总计", "income"}, {"本年收入", "income"},
	{"支出预算总计", "total"}, {"支出预算", "total"}, {"支出总计", "total"}, {"部门预算总额", "total"},
	{"一般公共预算收支预算", "general_public"}, {"一般公共预算支出预算", "general_public"},
	{"一般公共预算拨款支出预算", "general_public"}, {"一般公共预算收入", "income:general_public"},
	{"一般公共预算", "general_public"},
	{"一般公共预算基本支出预算", "gp_basic"}, {"一般公共预算基本支出", "gp_basic"},
	{"政府性基金收支预算", "gov_fund"}, {"政府性基金支出预算", "gov_fund"}, {"政府性基金拨款支出预算", "gov_fund"},
	{"政府性基金收入", "income:gov_fund"}, {"政府性基金", "gov_fund"},
	{"国有资本经营预算收支", "state_capital"}, {"国有资本经营收支预算", "state_capital"},
	{"国有资本经营预算拨款支出预算", "state_capital"}, {"国有资本经营", "state_capital"},
	{"财政拨款收入", "income:appropriation"}, {"财政拨款支出预算", "fiscal"}, {"财政拨款", "income:appropriation"},
	{"转移支付收入", "income:transfer"}, {"专项收入", "income:special_revenue"},
	{"行政事业性收费收入", "income:admin_fees"}, {"国有资产资源有偿使用收入", "income:state_resources"},
	{"事业收入", "income:business"}, {"事业单位经营收入", "income:operating"},
	{"基本支出", "basic"}, {"项目支出", "project"},
	{"工资福利支出", "wages"}, {"商品和服务支出", "goods"}, {"商品服务支出", "goods"},
	{"对个人和家庭的补助", "household"}, {"个人和家庭补助支出", "household"}, {"资本性支出", "capital"},
	{"人员经费", "personnel"}, {"公用经费", "public_funds"},
	{"三公经费", "three_public"}, {"三公经费预算数", "three_public"},
	{"因公出国（境）费", "three_public.abroad"}, {"因公出国（境）费用", "three_public.abroad"}, {"因公出国（境）经费", "three_public.abroad"},
	{"公务接待费", "three_public.reception"}, {"公务用车购置及运行费", "three_public.vehicle"},
	{"公务用车购置费", "three_public.vehicle_purchase"}, {"公务用车运行维护费", "three_public.vehicle_operation"},
	{"公务用车运行费", "three_public.vehicle_operation"},
	{"机关运行经费", "operating_cost"}, {"机关运行经费预算", "operating_cost"},
	{"财政拨款运行经费", "operating_cost"}, {"一般公共预算财政拨款运行经费", "operating_cost"},
	{"政府采购预算", "procurement"}, {"政府采购货物", "procurement.goods"}, {"政府采购工程", "procurement.works"},
	{"政府采购服务", "procurement.services"}, {"政府采购支出", "procurement"},
	{"财政拨款收支总预算", "fiscal"}, {"财政拨款收支预算", "fiscal"}, {"财政拨款收支总计", "fiscal"},
	// Items no table shows: a figure about them is not checked against a
	// table, and a fund word after them (委托业务费财政拨款预算) does not
	// make it the fund's total.
	{"会议费", "item:meeting"}, {"培训费", "item:training"}, {"委托业务费", "item:entrusted"},
	// 309 资本性支出（基本建设） (and 504 机关资本性支出（基本建设）) is another item
	// than 310 资本性支出: the qualified name is no measure, nor the bare one.
	{"资本性支出（基本建设）", notMeasure},
}

// qualifierText are phrases that name the totals when alone and qualify
// the measure named right before them (“三公”经费支出预算 is the 三公 figure).
var qualifierText = map[string]bool{"支出预算": true, "收入预算": true}

// scopeRefs are the measures of a fund word (一般公共预算, 财政拨款), which
// qualify a noun printed right before them rather than name the subject.
var scopeRefs = map[string]bool{"general_public": true, "income:appropriation": true, "fiscal": true, "gov_fund": true, "state_capital": true, "income:general_public": true}

// compactPhrases are measurePhrases with their text compacted.
var compactPhrases = func() []phrase {
	out := make([]phrase, len(measurePhrases))
	for i, p := range measurePhrases {
		out[i] = phrase{compact(p.text), p.ref}
	}
	return out
}()

// inferRefs gives every figure without a reference the measure the words
// in front of it name: a measure phrase, a functional row name, or a
// project name. Shares take the first amount of their paragraph as base;
// changes and growth rates without a subject refer to the amount before
// them.
func (ix *index) inferRefs() {
	var lex *lexicon
	lexBuilt := false
	var lastAmount, lastChange *nfig
	var firstAmount *nfig
	curPara := -1
	var curSec *yusuan.Section
	procIdx := map[string]int{}
	for _, n := range ix.figs {
		if n.sec != curSec || n.f.Paragraph != curPara {
			curSec, curPara = n.sec, n.f.Paragraph
			firstAmount, lastAmount, lastChange = nil, nil, nil
		}
		// A read document's references come from the reader; the words in
		// front of a figure are re-read here, and win when they name a
		// measure, so one reader's guess does not decide what is checked.
		reread := ix.doc.Origin != "compiled" && n.base == "" && n.pos >= 0 && n.f.Kind != yusuan.FigureShare &&
			!strings.HasPrefix(n.ref, "function:") && !strings.HasPrefix(n.ref, "project:") && !strings.HasPrefix(n.ref, "procurement_") &&
			!strings.HasPrefix(n.ref, "carry_in:")
		if (n.ref == "" || reread) && n.pos >= 0 {
			old := n.ref
			n.ref = ""
			restore := func() {
				switch n.ref {
				case notMeasure:
					n.ref = ""
				case "":
					n.ref = old
				}
			}
			if !lexBuilt {
				lex, lexBuilt = ix.lexicon(), true
			}
			ctx := compact(clause(n.before))
			switch n.f.Kind {
			case yusuan.FigureAmount:
				if ref, ok := ix.procurementRef(n, ctx, procIdx); ok {
					n.ref = ref
				} else if ref, ok := coverageRef(compact(n.sentenceBefore()), ctx); ok {
					n.ref = ref
					if ref == "" {
						n.ref = notMeasure
					}
				} else {
					n.ref = match(lex, ctx, strings.Contains(compact(n.para), "一般公共预算"))
					// 人员经费 and 公用经费 in the paragraph on 一般公共预算基本支出 are
					// that budget's, as the reader and the compiler have it.
					if (n.ref == "personnel" || n.ref == "public_funds") && strings.Contains(compact(n.para), "一般公共预算基本支出") {
						n.ref = "gp_" + n.ref
					}
				}
			case yusuan.FigureCount:
				if ref, ok := ix.procurementRef(n, ctx, procIdx); ok {
					n.ref = ref
				}
			case yusuan.FigureShare:
				if lastAmount != nil {
					n.ref = lastAmount.ref
				}
				if firstAmount != nil && firstAmount != lastAmount {
					n.base = firstAmount.ref
				}
			case yusuan.FigureChange, yusuan.FigureGrowth:
				n.ref = match(lex, ctx, false)
				if n.ref == "" {
					n.ref = bareTotal(ctx)
				}
				if n.ref == "" && n.f.Kind == yusuan.FigureGrowth && lastChange != nil {
					n.ref = lastChange.ref
				}
				// “公务用车购置及运行维护费0万元（购置费……；运行维护费……。）比上年减少
				// 388.88万元”: a change right after a parenthesis is of the
				// amount the parenthesis follows, not of the last part in it.
				if n.ref == "" {
					if a := ix.parenOwner(n); a != nil {
						n.ref = a.ref
					}
				}
				if n.ref == "" && lastAmount != nil {
					n.ref = lastAmount.ref
				}
				// A change or growth rate is of this year's figure, even
				// when the words in front of it name last year's amount
				// (“比上年预算数 28479.84 万元增加 1476.73 万元”).
				n.ref = strings.TrimPrefix(n.ref, "last_year:")
			}
			// The reader's income reference is the more specific reading of
			// the same words (“一般公共预算拨款收入” is the income side of
			// 一般公共预算, not its spending).
			if strings.HasPrefix(old, "income:") && strings.TrimPrefix(old, "income:") == n.ref {
				n.ref = old
			}
			// “一般公共预算 2,134.87 万元（含上年结转 750.00 万元）”: a part of
			// the amount before it; when that is one project's money, so is
			// the part, whatever fund or source it names. So is the part of
			// an amount that is no measure (“涉及预算资金3170万元，其中财政拨款
			// 3170万元”: the money of the projects evaluated).
			if n.f.Kind == yusuan.FigureAmount && lastAmount != nil && (lastAmount.ref == "" || strings.HasPrefix(lastAmount.ref, "project:")) &&
				includedPart(n.before) {
				n.ref = notMeasure
			}
			// So is its fund-scoped reference (项目支出 in a paragraph on
			// 一般公共预算: project@general_public).
			if n.ref != "" && n.ref != notMeasure && strings.HasPrefix(old, n.ref+"@") {
				n.ref = old
			}
			restore()
		}
		// A class named in the breakdown of 项目支出 or 基本支出 (“项目支出
		// 预算417.41万元，……其中：一般公共服务支出417.41万元”) is that part of
		// the class.
		if n.f.Kind == yusuan.FigureAmount && strings.HasPrefix(n.ref, "function:") && refGroup(n.ref) == "" &&
			lastAmount != nil && (lastAmount.ref == "project" || lastAmount.ref == "basic") && lastAmount.pos >= 0 && n.pos > lastAmount.end {
			if between := n.para[lastAmount.end:n.pos]; strings.Contains(between, "其中") && !strings.ContainsAny(between, "。；;") {
				n.ref = withGroup(n.ref, lastAmount.ref)
			}
		}
		switch n.f.Kind {
		case yusuan.FigureAmount:
			if firstAmount == nil {
				firstAmount = n
			}
			lastAmount = n
		case yusuan.FigureChange:
			lastChange = n
		}
	}
}

// parenOwner returns the amount printed right before a parenthesis that
// closes just before n's clause (“X 0万元（……）比上年减少 388.88 万元”), or nil.
func (ix *index) parenOwner(n *nfig) *nfig {
	if n.pos < 0 {
		return nil
	}
	before := n.para[:n.pos]
	c := strings.TrimLeft(clause(before), " \u3000")
	if !strings.HasPrefix(c, "）") && !strings.HasPrefix(c, ")") {
		return nil
	}
	closeAt := len(before) - len(c)
	open := openingParen(before[:closeAt])
	if open < 0 {
		return nil
	}
	var owner *nfig
	for _, m := range ix.figs {
		if m.sec == n.sec && m.f.Paragraph == n.f.Paragraph && m.f.Kind == yusuan.FigureAmount && m.pos >= 0 && m.end <= open {
			owner = m
		}
	}
	if owner == nil || owner.ref == "" {
		return nil
	}
	if gap := strings.TrimSpace(n.para[owner.end:open]); gap != "" && gap != "万元" && gap != "元" && gap != "亿元" {
		return nil
	}
	return owner
}

// openingParen is the position of the （ or ( that the parenthesis closing
// at the end of s opened, or -1.
func openingParen(s string) int {
	depth := 0
	for i := len(s); i > 0; {
		r, sz := utf8.DecodeLastRuneInString(s[:i])
		i -= sz
		switch r {
		case '）', ')':
			depth++
		case '（', '(':
			if depth == 0 {
				return i
			}
			depth--
		}
	}
	return -1
}

// insideParen returns the end of the parenthesis n is printed in (the
// position after its ）), or -1.
func insideParen(n *nfig) int {
	if n.pos < 0 || openingParen(n.para[:n.pos]) < 0 {
		return -1
	}
	depth := 0
	for i, r := range n.para[n.end:] {
		switch r {
		case '（', '(':
			depth++
		case '）', ')':
			if depth == 0 {
				return n.end + i + utf8.RuneLen(r)
			}
			depth--
		}
	}
	return -1
}

// coverageRef reads the amount a performance sentence says its targets
// cover (“项目支出均实行了绩效目标管理，涉及一般公共预算财政拨款 9,399.23 万元”),
// as the reader does (recognize/figures.go): the 一般公共预算 part of
// 项目支出 when the sentence's subject is 项目支出 and the clause names that
// fund; no measure when the clause does not say which spending it is or the
// sentence counts the projects (N 个项目 … 涉及资金: a subset). ok is false
// for any other amount. lead is the compacted sentence up to the figure,
// ctx its compacted last clause.
func coverageRef(lead, ctx string) (ref string, ok bool) {
	if !strings.HasPrefix(strings.TrimPrefix(ctx, "共"), "涉及") {
		return "", false
	}
	lead = strings.TrimSuffix(lead, ctx)
	if !strings.Contains(lead, "绩效") {
		return "", false
	}
	switch {
	case countedProjectsRe.MatchString(lead):
		return "", true
	case !strings.Contains(lead, "项目支出"):
		return "", false
	case strings.Contains(ctx, "一般公共预算"):
		return "project@general_public", true
	}
	return "", true
}

// sentenceBefore is the figure's sentence up to the figure.
func (n *nfig) sentenceBefore() string {
	if n.pos < 0 {
		return n.before
	}
	start := sentenceEnds.lastIndex(n.para[:n.pos])
	if start < 0 {
		return n.para[:n.pos]
	}
	_, sz := utf8.DecodeRuneInString(n.para[start:])
	return n.para[start+sz : n.pos]
}

// countedProjectsRe is a sentence that counts the projects it speaks of
// (3个项目, 一级项目7个).
var countedProjectsRe = lazyre.New(`\d+个(一级|二级)?项目|项目\d+个`)

// bareTotal reads a clause whose subject is the bare word 收入 or 支出
// (收入比2025年增加): the income or spending total.
func bareTotal(ctx string) string {
	if m := bareTotalRe.FindStringSubmatch(ctx); m != nil {
		return map[string]string{"收入": "income", "支出": "total"}[m[1]]
	}
	return ""
}

var bareTotalRe = lazyre.New(`^(?:\d{4}年度?)?(?:本年|全年|当年|年度)?(收入|支出)(?:预算)?(?:比|较|与|同比)`)

// procurementRef recognises the figures of a procurement list item: 单价,
// 数量 and 共计 of the i-th item.
func (ix *index) procurementRef(n *nfig, ctx string, idx map[string]int) (string, bool) {
	if !strings.Contains(n.sec.Title, "采购") || !strings.Contains(n.para, "单价") && !strings.Contains(n.para, "数量") {
		return "", false
	}
	var kind string
	switch {
	case strings.Contains(ctx, "单价"):
		kind = "procurement_price"
	case strings.Contains(ctx, "数量"):
		kind = "procurement_quantity"
	case strings.Contains(ctx, "共计") || strings.Contains(ctx, "金额") || strings.Contains(ctx, "小计"):
		kind = "procurement_item"
	default:
		return "", false
	}
	i := idx[kind]
	idx[kind] = i + 1
	return kind + ":" + strconv.Itoa(i), true
}

// lexicon is the measure phrases plus the document's functional row
// names (plain, qualified and as a 类-款-项 path) and project names,
// indexed by text (see match).
func (ix *index) lexicon() *lexicon {
	lex := make([]phrase, 0, len(measurePhrases)+64)
	lex = append(lex, compactPhrases...)
	names := map[string]string{} // name → code, "" when ambiguous
	addName := func(name, code string) {
		name = compact(name)
		if name == "" {
			return
		}
		if c, ok := names[name]; ok && c != code {
			names[name] = ""
			return
		}
		names[name] = code
	}
	for _, k := range []yusuan.TableKind{yusuan.KindExpenditure, yusuan.KindIncome, yusuan.KindGeneralPublicFunctional} {
		t := ix.doc.Table(k)
		if t == nil {
			continue
		}
		for i := range t.Rows {
			r := &t.Rows[i]
			if !yusuan.IsDigits(r.Code) || level(r) == yusuan.LevelUnit {
				continue
			}
			addName(r.Name, r.Code)
			if base, _, ok := strings.Cut(r.Name, "（"); ok && len(r.Code) == 7 {
				addName(base+"（"+ix.catName(r.Code[:5])+"）", r.Code)
			}
			if len(r.Code) == 7 && ix.ctx.Catalog != nil {
				addName(ix.catName(r.Code[:3])+"-"+ix.catName(r.Code[:5])+"-"+ix.catName(r.Code), r.Code)
			}
		}
	}
	for name, code := range names {
		if code != "" {
			lex = append(lex, phrase{name, "function:" + code})
		}
	}
	pnames := ix.projectNames()
	for i, t := range ix.projectTables() {
		if t.Project != "" {
			lex = append(lex, phrase{pnames[i], "project:" + t.Project})
		}
	}
	return newLexicon(lex)
}

// lexicon finds the phrase a figure's context ends with without trying
// every phrase: phrases are kept by text, and only the lengths some phrase
// has are tried at each end position. Locating a figure so costs the
// length of its context times the number of distinct phrase lengths
// (a few dozen), whatever the number of table rows.
type lexicon struct {
	refs    map[string]string // text → measure; the first phrase of a text wins
	lengths []int             // distinct text lengths in bytes, longest first
}

func newLexicon(phrases []phrase) *lexicon {
	l := &lexicon{refs: make(map[string]string, len(phrases))}
	seen := map[int]bool{}
	for _, p := range phrases {
		if p.text == "" {
			continue
		}
		if _, ok := l.refs[p.text]; ok {
			continue
		}
		l.refs[p.text] = p.ref
		if !seen[len(p.text)] {
			seen[len(p.text)] = true
			l.lengths = append(l.lengths, len(p.text))
		}
	}
	sort.Sort(sort.Reverse(sort.IntSlice(l.lengths)))
	return l
}

func (ix *index) catName(code string) string {
	if ix.ctx.Catalog == nil || ix.ctx.Catalog.Functional == nil {
		return ""
	}
	n, _ := ix.ctx.Catalog.Functional.Name(code)
	return n
}

// includedPart reports whether the words since the previous figure open
// a bracket that says what that figure includes: “万元（含上年结转”.
func includedPart(before string) bool {
	c := compact(before)
	for _, u := range []string{"万元", "亿元", "元"} {
		if strings.HasPrefix(c, u) {
			c = c[len(u):]
			break
		}
	}
	for _, p := range []string{"（含", "(含", "（其中", "(其中", "，其中", ",其中", "；其中", ";其中"} {
		if strings.HasPrefix(c, p) {
			return true
		}
	}
	return false
}

// notMeasure is what match returns for words that name something no
// table shows (one project's money): the figure has no reference.
const notMeasure = "-"

// oneProject are the words for the project a passage describes.
var oneProject = []string{"该项目", "本项目", "此项目", "这个项目"}

func endsWithAny(s string, words []string) bool {
	for _, w := range words {
		if strings.HasSuffix(s, w) {
			return true
		}
	}
	return false
}

// match returns the measure of the phrase ending closest to the end of
// ctx (the longest on a tie). gp marks a paragraph about the general
// public budget, whose functional figures are general public ones.
func match(lex *lexicon, ctx string, gp bool) string {
	best, start, stop := "", -1, -1
	for end := len(ctx); end > 0 && best == ""; end-- {
		for _, n := range lex.lengths {
			if n > end {
				continue
			}
			if ref, ok := lex.refs[ctx[end-n:end]]; ok {
				best, start, stop = ref, end-n, end
				break
			}
		}
	}
	// A phrase that ends inside the one found and starts before it names
	// the subject: in “基本支出预算 X 万元”, 支出预算 (the total) ends last,
	// but the words are about 基本支出.
	for end := len(ctx) - 1; best != "" && end > start; end-- {
		for _, n := range lex.lengths {
			if n <= end-start || n > end {
				continue
			}
			if ref, ok := lex.refs[ctx[end-n:end]]; ok {
				best, start, stop = ref, end-n, end
				break
			}
		}
	}
	// “委托业务费财政拨款预算”: the fund word qualifies the item before it;
	// so do 支出预算 and 收入预算 after a measure (“三公”经费支出预算).
	if scopeRefs[best] || best != "" && qualifierText[ctx[start:stop]] {
		scoped, qualified := scopeRefs[best], false
		for _, n := range lex.lengths {
			if n > start {
				continue
			}
			if ref, ok := lex.refs[ctx[start-n:start]]; ok {
				best, qualified = ref, true
				break
			}
		}
		// “拟安排该项目一般公共预算 2,134.87 万元”: one project's money of
		// the fund, which no table of the department shows.
		if scoped && !qualified && endsWithAny(ctx[:start], oneProject) {
			return notMeasure
		}
	}
	if gp && strings.HasPrefix(best, "function:") {
		best += "@general_public"
	}
	return best
}
