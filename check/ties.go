package check

import (
	"fmt"
	"math/big"
	"sort"
	"strings"

	"github.com/yusuan/yusuan"
)

// A fact is a figure a table shows, under a key that names it the same
// way in every table: scope|measure, e.g. "all|basic", "gp|econ:30101|basic",
// "all|function:2010301". Figures two tables both show must agree.
type fact struct {
	key    string
	t      *yusuan.Table
	parts  []cref
	lo, hi int64 // in half-分: 2·value ∓ the printed rounding
}

func (f *fact) col() string {
	if len(f.parts) > 0 {
		return f.parts[0].col
	}
	return ""
}

// how says how a fact was read: 表3「合计」行「基本支出」列 + ….
func (f *fact) how() string {
	var hs []string
	for _, c := range f.parts {
		hs = append(hs, cellRef(f.t, c.r, c.col))
	}
	if len(hs) > 4 {
		return fmt.Sprintf("%s + … + %s（共 %d 项）", hs[0], hs[len(hs)-1], len(hs))
	}
	return strings.Join(hs, " + ")
}

func (f *fact) amount() yusuan.Amount { return yusuan.Amount((f.lo + f.hi) / 4) }

func factsOverlap(a, b *fact) bool { return a.lo <= b.hi && b.lo <= a.hi }

// scope canonicalisation: when all money is general public budget money,
// a general public figure is the figure of the whole department, and so on.
func (ix *index) canon(scope string) string {
	for {
		switch {
		case scope == "ap" && ix.apIsGP:
			scope = "gp"
		case scope == "gp" && ix.gpIsAll:
			scope = "all"
		case scope == "fiscal" && ix.fiscalIsAll:
			scope = "all"
		default:
			return scope
		}
	}
}

var twoSidedIncomeKeys = []string{"general_public", "appropriation", "special_revenue", "admin_fees", "state_resources",
	"other_public", "gov_fund", "state_capital", "special_account", "transfer", "carryover", "other_income"}

var expenditureKeys = []string{"basic", "wages", "household", "goods", "capital", "project",
	"project_social", "project_debt", "project_construction", "project_other"}

// econClassOf maps a basic expenditure column to the economic class it is.
var econClassOf = map[string]string{"wages": "301", "household": "303", "goods": "302"}

func (ix *index) allFacts() []fact {
	if ix.factsDone {
		return ix.facts
	}
	ix.factsDone = true
	type accKey struct {
		t               *yusuan.Table
		key, scope, col string
	}
	acc := make(map[accKey]int, 1024) // same key in one table (rows of one code): added up
	ix.facts = make([]fact, 0, 1024)
	put := func(scope, measure string, t *yusuan.Table, parts ...cref) {
		key := ix.canon(scope) + "|" + measure
		var lo, hi int64
		for _, c := range parts {
			v := int64(c.r.Amount(c.col))
			tol := ix.tol2(t, yusuan.Amount(v))
			lo += 2*v - tol
			hi += 2*v + tol
		}
		ak := accKey{t, key, scope, parts[0].col}
		if i, ok := acc[ak]; ok {
			f := &ix.facts[i]
			f.parts = append(f.parts, parts...)
			f.lo += lo
			f.hi += hi
			return
		}
		acc[ak] = len(ix.facts)
		ix.facts = append(ix.facts, fact{key: key, t: t, parts: parts, lo: lo, hi: hi})
	}
	for ti := range ix.doc.Tables {
		t := &ix.doc.Tables[ti]
		if len(t.Rows) == 0 {
			continue
		}
		switch t.Kind {
		case yusuan.KindSummary, yusuan.KindFiscalSummary:
			scope := "all"
			if t.Kind == yusuan.KindFiscalSummary {
				scope = "fiscal"
			}
			for i := range t.Rows {
				r := &t.Rows[i]
				switch {
				case r.Key == "total" || r == totalRow(t):
					if hasColumn(t, "income") {
						put(scope, "income", t, cref{r, "income"})
					}
					if hasColumn(t, "expenditure") {
						put(scope, "total", t, cref{r, "expenditure"})
					}
				case contains(twoSidedIncomeKeys, r.Key):
					put("src", r.Key, t, cref{r, "income"})
				case contains(expenditureKeys, r.Key):
					put(scope, r.Key, t, cref{r, "expenditure"})
				case yusuan.IsDigits(r.Code):
					for _, c := range amountColumns(t) {
						if _, ok := r.Cells[c.Key]; !ok {
							continue
						}
						switch c.Key {
						case "expenditure", "total":
							put(scope, "function:"+r.Code, t, cref{r, c.Key})
						case "general_public":
							put("gp", "function:"+r.Code, t, cref{r, c.Key})
						}
					}
				}
			}
		case yusuan.KindIncome:
			multi := unitCount(t) > 1
			for i := range t.Rows {
				r := &t.Rows[i]
				switch lv := level(r); {
				case lv == yusuan.LevelTotal:
					for _, c := range amountColumns(t) {
						switch c.Key {
						case "total":
							put("all", "income", t, cref{r, c.Key})
						case "other":
							put("src", "other_income", t, cref{r, c.Key})
						default:
							put("src", c.Key, t, cref{r, c.Key})
						}
					}
				case lv == yusuan.LevelUnit:
					put("all", "unit:"+r.Code, t, cref{r, "total"})
				case yusuan.IsDigits(r.Code):
					pre := ""
					if multi {
						pre = "unit:" + unitOf(t, i) + ":"
					}
					put("all", pre+"function:"+r.Code, t, cref{r, "total"})
					if hasColumn(t, "general_public") {
						put("gp", pre+"function:"+r.Code, t, cref{r, "general_public"})
					}
				}
			}
		case yusuan.KindExpenditure, yusuan.KindGeneralPublicFunctional, yusuan.KindGovFund, yusuan.KindStateCapital:
			scope := map[yusuan.TableKind]string{yusuan.KindExpenditure: "all", yusuan.KindGeneralPublicFunctional: "gp",
				yusuan.KindGovFund: "gov_fund", yusuan.KindStateCapital: "state_capital"}[t.Kind]
			multi := unitCount(t) > 1
			for i := range t.Rows {
				r := &t.Rows[i]
				var pre string
				switch lv := level(r); {
				case lv == yusuan.LevelTotal:
					pre = ""
				case lv == yusuan.LevelUnit:
					pre = "unit:" + r.Code + "|"
				case yusuan.IsDigits(r.Code):
					if multi {
						pre = "unit:" + unitOf(t, i) + ":"
					}
					pre += "function:" + r.Code + "|"
				default:
					continue
				}
				if pre == "" && scope != "all" && scope != "gp" && hasColumn(t, "total") {
					put("src", scope, t, cref{r, "total"})
				}
				for _, c := range amountColumns(t) {
					m := pre + c.Key
					if c.Key == "total" && pre != "" {
						m = strings.TrimSuffix(pre, "|")
					}
					put(scope, m, t, cref{r, c.Key})
					if cl, ok := econClassOf[c.Key]; ok && pre == "" {
						put(scope, "econclass:"+cl+"|basic", t, cref{r, c.Key})
					}
				}
				if pre == "" && hasColumn(t, "wages") && hasColumn(t, "household") {
					put(scope, "personnel", t, cref{r, "wages"}, cref{r, "household"})
				}
				if pre == "" && hasColumn(t, "goods") && hasColumn(t, "capital") {
					put(scope, "public_funds", t, cref{r, "goods"}, cref{r, "capital"})
				}
			}
		case yusuan.KindGeneralPublicEconomic, yusuan.KindGeneralPublicBasic:
			basicTable := t.Kind == yusuan.KindGeneralPublicBasic
			for i := range t.Rows {
				r := &t.Rows[i]
				lv := level(r)
				for _, c := range amountColumns(t) {
					scope, col := "gp", c.Key
					if basicTable {
						switch c.Key {
						case "total":
							col = "basic"
						case "appropriation":
							scope, col = "ap", "basic"
						}
					}
					switch {
					case lv == yusuan.LevelTotal:
						put(scope, col, t, cref{r, c.Key})
					case yusuan.IsDigits(r.Code):
						put(scope, "econ:"+r.Code+"|"+col, t, cref{r, c.Key})
						if len(r.Code) == 5 && isLeaf(t, i) {
							put(scope, "econclass:"+r.Code[:3]+"|"+col, t, cref{r, c.Key})
						}
					}
				}
			}
		case yusuan.KindThreePublic:
			for _, m := range []struct{ key, econ string }{{"abroad", "30212"}, {"reception", "30217"}, {"vehicle_operation", "30231"}} {
				if res, ok := ix.tpe(m.key); ok && res.t == t && res.r != nil {
					put("ap", "econ:"+m.econ+"|total", t, cref{res.r, res.col})
				}
			}
		}
	}
	return ix.facts
}

func contains(xs []string, s string) bool {
	for _, x := range xs {
		if x == s {
			return true
		}
	}
	return false
}

func unitCount(t *yusuan.Table) int {
	n := 0
	for i := range t.Rows {
		if level(&t.Rows[i]) == yusuan.LevelUnit {
			n++
		}
	}
	return n
}

// unitOf returns the code of the unit row above row i.
func unitOf(t *yusuan.Table, i int) string {
	for j := i; j >= 0; j-- {
		if level(&t.Rows[j]) == yusuan.LevelUnit {
			return t.Rows[j].Code
		}
	}
	return ""
}

// tieProblem is a fact that disagrees with what most tables show.
type tieProblem struct {
	bad, ref *fact
}

// tieProblems compares every key shown by two or more tables. The
// reference is the value most tables agree on (the earliest table on a
// tie); every table that disagrees with it is a problem.
func (ix *index) tieProblems() []tieProblem {
	if ix.tiesDone {
		return ix.ties
	}
	ix.tiesDone = true
	facts := ix.allFacts()
	order := make([]int, len(facts))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return facts[order[a]].key < facts[order[b]].key })
	for start := 0; start < len(order); {
		end := start + 1
		for end < len(order) && facts[order[end]].key == facts[order[start]].key {
			end++
		}
		fs := order[start:end]
		start = end
		if len(fs) < 2 {
			continue
		}
		best, bestN := 0, -1
		for _, i := range fs {
			n := 0
			for _, j := range fs {
				if factsOverlap(&facts[i], &facts[j]) {
					n++
				}
			}
			if n > bestN {
				best, bestN = i, n
			}
		}
		for _, i := range fs {
			if factsOverlap(&facts[i], &facts[best]) {
				continue
			}
			ref := best
			for _, j := range fs {
				if facts[j].t != facts[i].t && factsOverlap(&facts[j], &facts[best]) {
					ref = j
					break
				}
			}
			ix.ties = append(ix.ties, tieProblem{bad: &facts[i], ref: &facts[ref]})
		}
	}
	return ix.ties
}

// tiePair is a named pair of table kinds whose shared figures must agree.
type tiePair struct {
	id   string
	a, b yusuan.TableKind
}

var tiePairs = []tiePair{
	{"TIE-001", yusuan.KindSummary, yusuan.KindExpenditure},
	{"TIE-002", yusuan.KindSummary, yusuan.KindIncome},
	{"TIE-003", yusuan.KindSummary, yusuan.KindFiscalSummary},
	{"TIE-004", yusuan.KindSummary, yusuan.KindGeneralPublicFunctional},
	{"TIE-005", yusuan.KindIncome, yusuan.KindExpenditure},
	{"TIE-006", yusuan.KindExpenditure, yusuan.KindGeneralPublicFunctional},
	{"TIE-007", yusuan.KindExpenditure, yusuan.KindFiscalSummary},
	{"TIE-008", yusuan.KindIncome, yusuan.KindFiscalSummary},
	{"TIE-009", yusuan.KindIncome, yusuan.KindGeneralPublicFunctional},
	{"TIE-010", yusuan.KindFiscalSummary, yusuan.KindGeneralPublicFunctional},
	{"TIE-011", yusuan.KindGeneralPublicFunctional, yusuan.KindGeneralPublicEconomic},
	{"TIE-012", yusuan.KindGeneralPublicFunctional, yusuan.KindGeneralPublicBasic},
	{"TIE-013", yusuan.KindGeneralPublicEconomic, yusuan.KindGeneralPublicBasic},
	{"TIE-014", yusuan.KindThreePublic, yusuan.KindGeneralPublicEconomic},
	{"TIE-019", yusuan.KindGovFund, yusuan.KindSummary},
	{"TIE-020", yusuan.KindGovFund, yusuan.KindFiscalSummary},
	{"TIE-021", yusuan.KindStateCapital, yusuan.KindSummary},
	{"TIE-022", yusuan.KindStateCapital, yusuan.KindFiscalSummary},
	{"TIE-023", yusuan.KindExpenditure, yusuan.KindGeneralPublicEconomic},
	{"TIE-024", yusuan.KindExpenditure, yusuan.KindGeneralPublicBasic},
	{"TIE-025", yusuan.KindSummary, yusuan.KindGeneralPublicBasic},
}

const tieOther = "TIE-099"

func pairRule(a, b yusuan.TableKind) string {
	for _, p := range tiePairs {
		if p.a == a && p.b == b || p.a == b && p.b == a {
			return p.id
		}
	}
	return tieOther
}

func tieRun(id string) func(p *Pass) {
	return func(p *Pass) {
		for _, tp := range p.ix.tieProblems() {
			if pairRule(tp.bad.t.Kind, tp.ref.t.Kind) != id {
				continue
			}
			b, r := tp.bad, tp.ref
			f := Finding{
				Message:  fmt.Sprintf("%s与%s的同一数字不一致（%s）", tieName(b.t, r.t), tieName(r.t, b.t), describeKey(b.key)),
				Expected: fmtAmount(r.t, r.amount()),
				Actual:   fmtAmount(b.t, b.amount()),
				Detail:   fmt.Sprintf("%s 应等于 %s（%s）", b.how(), r.how(), fmtAmount(r.t, r.amount())),
			}
			if len(b.parts) == 1 {
				f = cellFinding(b.t, b.parts[0].r, b.col(), f)
			} else {
				f = cellFinding(b.t, nil, b.col(), f)
				f.Row = describeKey(b.key)
			}
			p.Report(f)
		}
	}
}

func fmtIv(t *yusuan.Table, iv interval) string {
	if iv.isExact() {
		a := ratAmount(iv.lo)
		return fmtAmount(t, a)
	}
	mid := new(big.Rat).Add(iv.lo, iv.hi)
	mid.Quo(mid, ratInt(2))
	return fmtWan(mid) + "万元"
}

func ratAmount(r *big.Rat) yusuan.Amount {
	x := new(big.Rat).Mul(r, ratInt(100))
	return yusuan.Amount(new(big.Int).Quo(x.Num(), x.Denom()).Int64())
}

var scopeNames = map[string]string{"all": "部门", "gp": "一般公共预算", "ap": "财政拨款（一般公共预算）", "fiscal": "财政拨款",
	"src": "收入来源", "gov_fund": "政府性基金预算", "state_capital": "国有资本经营预算"}

var measureNames = map[string]string{"total": "支出合计", "income": "收入合计", "basic": "基本支出", "project": "项目支出",
	"wages": "工资福利支出", "household": "对个人和家庭的补助", "goods": "商品和服务支出", "capital": "资本性支出",
	"personnel": "人员经费", "public_funds": "公用经费", "project_social": "社会事业和经济发展项目", "project_debt": "债务项目",
	"project_construction": "基本建设项目", "project_other": "其他项目", "general_public": "一般公共预算",
	"appropriation": "财政拨款", "gov_fund": "政府性基金预算", "state_capital": "国有资本经营预算",
	"special_account": "财政专户管理的非税收入", "transfer": "上级转移支付", "other_income": "其他收入",
	"special_revenue": "专项收入", "admin_fees": "行政事业性收费收入", "state_resources": "国有资源（资产）有偿使用收入",
	"other_public": "其他一般公共预算收入", "carryover": "上年结转"}

// describeKey turns a fact key into Chinese: "all|function:2010301|basic" → 部门 功能科目2010301 基本支出.
func describeKey(key string) string {
	parts := strings.Split(key, "|")
	var out []string
	if n, ok := scopeNames[parts[0]]; ok {
		out = append(out, n)
	}
	for _, p := range parts[1:] {
		switch {
		case strings.HasPrefix(p, "function:"):
			out = append(out, "功能科目"+strings.TrimPrefix(p, "function:"))
		case strings.HasPrefix(p, "econclass:"):
			out = append(out, "经济分类"+strings.TrimPrefix(p, "econclass:")+"类")
		case strings.HasPrefix(p, "econ:"):
			out = append(out, "经济分类"+strings.TrimPrefix(p, "econ:"))
		case strings.HasPrefix(p, "unit:"):
			out = append(out, "单位"+strings.ReplaceAll(strings.TrimPrefix(p, "unit:"), ":function:", " 功能科目"))
		default:
			if n, ok := measureNames[p]; ok {
				out = append(out, n)
			} else {
				out = append(out, p)
			}
		}
	}
	return strings.Join(out, " ")
}

func init() {
	var rs []*Rule
	for _, tp := range tiePairs {
		rs = append(rs, &Rule{
			ID:       tp.id,
			Title:    kindName(tp.a) + "与" + kindName(tp.b) + "一致",
			Doc:      "两张表都列示的同一数字必须相等：" + kindName(tp.a) + "与" + kindName(tp.b) + "中同一口径的合计、基本支出、项目支出、按经济类别的支出、同一功能科目或经济科目的金额。口径相同的判断以收入来源为准：当全部收入都是一般公共预算（或财政拨款）时，部门口径与一般公共预算口径的数字也必须相等。以多数表格一致的数值为准，指出与之不符的那张表；万元表按印出位数的区间比较。",
			Severity: Error,
			Category: CatTies,
			Run:      tieRun(tp.id),
		})
	}
	rs = append(rs, &Rule{
		ID: tieOther, Title: "其他表间同一数字一致",
		Doc:      "上列表对之外的任意两张表，凡列示同一口径的同一数字，必须相等（以多数表格一致的数值为准）。",
		Severity: Error, Category: CatTies, Run: tieRun(tieOther),
	})
	register(rs...)
}

// tieName names a table against another: by number, or by kind when both
// share a number (表5 is two tables in Zhengzhou).
func tieName(t, other *yusuan.Table) string {
	if t.Number == other.Number {
		return shortTable(t) + "（" + kindName(t.Kind) + "）"
	}
	return shortTable(t)
}
