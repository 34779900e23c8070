package recognize

import (
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/yusuan/yusuan"
	"github.com/yusuan/yusuan/internal/lazyre"
)

// Figures: every number the narrative states with a unit — amounts (万元,
// 元, 亿元; with or without separators, any decimals), shares, growth
// rates, changes and counts — with the measure the wording names.

// A quantity after 数量 is a count whatever its measure word (台, 套, 件 …:
// a procurement list prints the measure of each item).
var figureRe = lazyre.New(`(\d{1,3}(?:[,，]\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)\s*(万\s*元|亿\s*元|元|%|％|个\s*百分点|人\s*次|台\s*（套）|台\s*\(套\)|批\s*次|个|人|名|辆|台|套|项|家)|持平|无增减|数量[为：:]?\s*(\d+)\s*(\p{Han}(?:（套）|\(套\))?)`)

// phrase is a measure named in the narrative.
type phrase struct {
	text string
	ref  string
}

// phrases name measures (see yusuan.Measures and docs/document-json.md);
// the one ending closest to the figure wins, the longest on a tie.
var phrases = []phrase{
	{"一般公共预算基本支出预算", "gp_basic"},
	{"一般公共预算财政拨款基本支出", "gp_basic"},
	{"财政拨款基本支出", "gp_basic"},
	{"一般公共预算支出预算", "general_public"},
	{"一般公共预算拨款支出预算", "general_public"},
	{"一般公共预算拨款支出", "general_public"},
	{"一般公共预算财政拨款支出", "general_public"},
	{"一般公共预算财政拨款支出预算", "general_public"},
	{"一般公共预算拨款支出预算", "general_public"},
	{"一般公共预算支出", "general_public"},
	{"一般公共预算收支预算", "general_public"},
	{"一般公共预算拨款收入", "income:general_public"},
	{"一般公共预算财政拨款收入", "income:general_public"},
	{"一般公共预算收入", "income:general_public"},
	{"政府性基金支出预算", "gov_fund"},
	{"政府性基金拨款支出预算", "gov_fund"},
	{"政府性基金预算拨款支出", "gov_fund"},
	{"政府性基金预算支出", "gov_fund"},
	{"政府性基金收支预算", "gov_fund"},
	{"政府性基金预算拨款收入", "income:gov_fund"},
	{"政府性基金预算收入", "income:gov_fund"},
	{"国有资本经营预算收入", "income:state_capital"},
	{"政府性基金预算财政拨款收入", "income:gov_fund"},
	{"国有资本经营预算拨款支出预算", "state_capital"},
	{"国有资本经营预算拨款支出", "state_capital"},
	{"国有资本经营预算支出", "state_capital"},
	{"国有资本经营预算拨款收入", "income:state_capital"},
	{"国有资本经营预算财政拨款收入", "income:state_capital"},
	{"基本支出预算", "basic"},
	{"项目支出预算", "project"},
	{"一般公共预算基本支出", "gp_basic"},
	{"一般公共预算", "general_public"},
	{"政府性基金", "gov_fund"},
	{"国有资本经营", "state_capital"},
	{"收入预算总计", "income"},
	{"收入预算", "income"},
	{"本年收入合计", "income"},
	{"收入总计", "income"},
	{"收入合计", "income"},
	{"支出预算总计", "total"},
	{"支出预算", "total"},
	{"本年支出合计", "total"},
	{"支出总计", "total"},
	{"支出合计", "total"},
	{"总支出", "total"},
	{"财政拨款支出", "fiscal"},
	{"财政拨款支出预算", "fiscal"},
	{"财政拨款收支总预算", "fiscal"},
	{"财政拨款收支总决算", "fiscal"},
	{"财政拨款收、支总预算", "fiscal"},
	{"财政拨款收、支总决算", "fiscal"},
	{"财政拨款预算支出", "fiscal"},
	{"一般公共预算财政拨款", "general_public"},
	{"一般公共预算当年财政拨款", "general_public"},
	{"一般公共预算当年拨款", "general_public"},
	{"财政拨款收入", "income:appropriation"},
	{"财政拨款", "income:appropriation"},
	{"基本支出", "basic"},
	{"项目支出", "project"},
	{"人员经费", "personnel"},
	{"公用经费", "public_funds"},
	{"工资福利支出", "wages"},
	{"商品和服务支出", "goods"},
	{"个人和家庭补助支出", "household"},
	{"对个人和家庭的补助", "household"},
	{"资本性支出", "capital"},
	{"\"三公\"经费", "three_public"},
	{"三公经费", "three_public"},
	{"因公出国(境)费", "three_public.abroad"},
	{"公务用车购置及运行费", "three_public.vehicle"},
	{"公务用车购置和运行费", "three_public.vehicle"},
	{"公务用车购置及运行维护费", "three_public.vehicle"},
	{"公务用车购置和运行维护费", "three_public.vehicle"},
	{"公务用车购置费", "three_public.vehicle_purchase"},
	{"公务用车运行维护费", "three_public.vehicle_operation"},
	{"公务用车运行费", "three_public.vehicle_operation"},
	{"公务接待费", "three_public.reception"},
	{"会议费", "meeting"},
	{"培训费", "training"},
	{"机关运行经费", "operating_cost"},
	{"财政拨款运行经费", "operating_cost"},
	{"政府采购预算", "procurement"},
	{"政府采购安排", "procurement"},
	{"货物类采购", "procurement.goods"},
	{"工程类采购", "procurement.works"},
	{"服务类采购", "procurement.services"},
	{"政府采购支出", "procurement"},
	{"政府采购货物", "procurement.goods"},
	{"政府采购服务", "procurement.services"},
	{"政府采购工程", "procurement.works"},
	{"授予中小企业合同金额", "procurement.sme"},
	{"面向中小企业预留", "procurement.sme"},
	{"授予小微企业合同金额", "procurement.sme_small"},
	{"政府购买服务", "purchase_services"},
	{"专项收入", "income:special_revenue"},
	{"行政事业性收费收入", "income:admin_fees"},
	{"国有资产资源有偿使用收入", "income:state_resources"},
	{"财政专户管理资金收入", "income:special_account"},
	{"财政专户管理资金", "income:special_account"},
	{"事业单位经营收入", "income:operating"},
	{"经营收入", "income:operating"},
	{"事业收入", "income:business"},
	{"上级补助收入", "income:superior"},
	{"附属单位上缴收入", "income:affiliated"},
	{"其他收入", "income:other"},
	{"转移支付收入", "income:transfer"},
	{"政府性基金收入", "income:gov_fund"},
	{"上年结转结余", "income:carryover"},
	{"上年结转", "income:carryover"},
	{"年初结转和结余", "carry_in"},
	{"年初财政拨款结转和结余", "carry_in"},
	{"年末结转和结余", "carry_out"},
	{"年末财政拨款结转和结余", "carry_out"},
	{"年终结转结余", "carry_out"},
	{"使用非财政拨款结余", "surplus_use"},
}

// normPhrases are phrases with their text normalized.
var normPhrases = func() []phrase {
	out := make([]phrase, len(phrases))
	for i, p := range phrases {
		out[i] = phrase{Norm(p.text), p.ref}
	}
	return out
}()

var (
	increaseWords = []string{"增加", "增长", "上升", "提高", "增幅"}
	decreaseWords = []string{"减少", "下降", "降低", "降幅", "减幅"}
	flatWords     = []string{"持平", "无增减"}
)

// figures extracts the stated figures of each paragraph and ties each to
// the measure it is about where the wording tells.
func (r *recognizer) figures(s *yusuan.Section) {
	for pi, p := range s.Paragraphs {
		st := &figState{gp: strings.Contains(p, "一般公共预算基本支出") || strings.Contains(p, "财政拨款基本支出"),
			gpFunctions: strings.Contains(firstClause(p), "一般公共预算"),
			final:       r.isFinal() || strings.Contains(p, "决算"), sec: s}
		done := 0
		for _, sent := range sentences(p) {
			st.before = p[:done]
			r.sentenceFigures(s, pi, sent, st)
			done += len(sent)
		}
	}
}

// isFinal reports a final accounts document (决算).
func (r *recognizer) isFinal() bool {
	return r.doc != nil && (r.doc.IsFinal() || strings.Contains(r.doc.Title, "决算"))
}

// figState carries what a paragraph has said so far: the whole its
// shares are of, and its subject (the measure of the last figure or of a
// sentence that names one, 1.一般公共服务（类）…（项）。年初预算为…).
type figState struct {
	firstAmountRef, lastRef string
	gp, final, seen         bool
	// gpFunctions: the paragraph is about 一般公共预算 (its first clause
	// says so, not a function name such as 用一般公共预算补充基金), so a
	// function's amount is its 一般公共预算 part, as the compiler and the
	// checker have it (function:CODE@general_public).
	gpFunctions bool
	whole       string
	before      string // the paragraph before the sentence
	sec         *yusuan.Section
}

func sentences(p string) []string {
	var out []string
	start := 0
	for i, r := range p {
		if r == '。' || r == '；' || r == ';' || r == '！' || r == '？' {
			out = append(out, p[start:i+utf8.RuneLen(r)])
			start = i + utf8.RuneLen(r)
		}
	}
	if start < len(p) {
		out = append(out, p[start:])
	}
	return out
}

func (r *recognizer) sentenceFigures(s *yusuan.Section, pi int, sent string, st *figState) {
	ms := figureRe.FindAllStringSubmatchIndex(sent, -1)
	if len(ms) == 0 {
		// A sentence naming a function or measure without a figure sets
		// the subject of the figures that follow.
		if ref := r.refOf(sent); ref != "" {
			st.lastRef = ref
		}
		return
	}
	countCtx := ""
	for mi, m := range ms {
		if m[6] >= 0 { // 数量 N 台: the number and its measure, as the other groups
			m = []int{m[6], m[9], m[6], m[7], m[8], m[9]}
		}
		before := sent[:m[0]]
		clause := lastClause(before)
		if !st.seen {
			// The whole a paragraph's shares are of may be named before
			// its first figure (“三公”经费支出决算中，因公出国（境）费…占 X%).
			st.seen = true
			if lead := strings.TrimSuffix(before, clause); lead != "" {
				st.whole = r.refOf(lead)
			}
		}
		f := yusuan.Figure{Paragraph: pi, Text: strings.TrimSpace(sent[m[0]:m[1]])}
		if m[2] < 0 { // 持平, 无增减
			f.Kind, f.Direction, f.Printed, f.Unit = yusuan.FigureChange, "flat", "0", "万元"
			f.Ref = r.refOf(clause)
			if f.Ref == "" {
				f.Ref = st.lastRef
			}
			s.Figures = append(s.Figures, f)
			continue
		}
		num := strings.ReplaceAll(sent[m[2]:m[3]], "，", ",")
		unit := strings.Join(strings.Fields(sent[m[4]:m[5]]), "")
		if unit == "％" {
			unit = "%"
		}
		if unit == "个百分点" {
			continue // a difference of percentages: no measure of ours
		}
		// A number glued to the previous figure's unit or to a code
		// (2080505-…) is not a figure of its own.
		if m[2] > 0 {
			if c, _ := utf8.DecodeLastRuneInString(sent[:m[2]]); c == '.' || c >= '0' && c <= '9' {
				continue
			}
		}
		f.Printed, f.Unit = num, unit
		if i := strings.IndexByte(num, '.'); i >= 0 {
			f.Decimals = len(num) - i - 1
		}
		near := Norm(tail(clause, 6))
		dir := direction(near)
		// 增加到/增长至 B: the new level, not the change.
		level := dir != "" && (strings.HasSuffix(near, "到") || strings.HasSuffix(near, "至") || strings.HasSuffix(near, "为"))
		if level {
			dir = ""
		}
		nc := Norm(clause)
		ref := r.refOfRaw(clause)
		unknown := ref == noRef // named, but not a measure: no ref, no subject
		if unknown {
			ref = ""
		}
		if ref == "" {
			// A function whose name has a 、 in it (执业资格注册、资质审查).
			if wide := sinceBoundary(before); wide != clause {
				if x := r.refOf(wide); strings.HasPrefix(x, "function:") {
					ref = x
				}
			}
		}
		if ref == "" && !unknown {
			// 收入比上年增加 X: the bare word is the whole (收入 the income
			// total, 支出 the spending total), not the last item named.
			if m := bareTotalRe.FindStringSubmatch(StripYear(nc)); m != nil {
				ref = map[string]string{"收入": "income", "支出": "total"}[m[1]]
			}
		}
		if st.final {
			// In final accounts 预算为/决算为 say which figure of the
			// measure it is, not which measure (“三公”经费财政拨款支出预算为).
			if c := colSuffixRe.ReplaceAllString(nc, ""); c != nc && c != "" {
				if x := r.refOf(c); x != "" && x != "income:appropriation" && x != "fiscal" && x != "total" {
					ref = x
				}
			}
		}
		if st.gp && (ref == "personnel" || ref == "public_funds") {
			ref = "gp_" + ref
		}
		if st.gpFunctions && !st.final && (strings.HasPrefix(ref, "function:") || ref == "basic" || ref == "project") && !strings.Contains(ref, "@") {
			// 基本支出 and 项目支出 in a paragraph about 一般公共预算 are that
			// budget's too (重庆 三、财政拨款情况说明: 项目支出 9,399.23 of
			// 一般公共预算, not the department's 10,211.71).
			ref += "@general_public"
		}
		if dir == "" && unit != "%" {
			if cov, ok := coverageRef(before, clause); ok {
				ref, unknown = cov, cov == ""
			}
		}
		// 上年结转结余的一般公共预算收入 X 万元: the fund's part of the
		// carry-over, not the fund's income of the year.
		if m := carriedFundRe.FindStringSubmatch(StripYear(nc)); m != nil && dir == "" {
			if src, ok := carriedSource[strings.TrimPrefix(ref, "income:")]; ok {
				ref = "carry_in:" + src
			}
		}
		if ref == "income:other" && inGeneralPublicBrackets(before) {
			ref = "income:other_public" // 一般公共预算 N 万元（…、其他收入 N 万元）
		}
		switch unit {
		case "%":
			switch {
			case strings.Contains(nc, "完成") && strings.Contains(nc, "预算"):
				// 完成年初预算的 Z%: the 决算数 of the subject over its budget.
				f.Kind = yusuan.FigureRate
				if ref == "" && !unknown {
					ref = st.lastRef
				}
				f.Quantity = budgetColumn(nc)
			case dir != "" || (strings.Contains(nc, "比") || strings.Contains(nc, "较") || strings.Contains(nc, "同比")) && !strings.Contains(nc, "占"):
				f.Kind, f.Direction = yusuan.FigureGrowth, dir
				if ref == "" && !unknown {
					ref = st.lastRef
				}
			default:
				f.Kind = yusuan.FigureShare
				whole := ""
				if i := strings.LastIndex(nc, "占"); i >= 0 {
					whole = r.refOf(nc[i+len("占"):])
					if r := r.refOf(nc[:i]); r != "" {
						ref = r
					} else {
						ref = ""
					}
				}
				if ref == "" && !unknown {
					ref = st.lastRef
				}
				if whole == "" && st.whole != "" && st.whole != ref {
					whole = st.whole
				}
				if whole == "" && st.firstAmountRef != "" && st.firstAmountRef != ref {
					whole = st.firstAmountRef
				}
				if whole != ref {
					f.Base = whole
				}
			}
		case "万元", "元", "亿元":
			if dir != "" {
				f.Kind, f.Direction = yusuan.FigureChange, dir
				if ref == "" && !unknown {
					ref = st.lastRef
				}
			} else {
				f.Kind = yusuan.FigureAmount
				subject := ref
				if subject == "" && !strings.Contains(nc, "单价") && !unknown {
					subject = st.lastRef
				}
				if col := amountColumn(nc, st.final); col != "" {
					// Last year's figure is last_year:REF (as the compiler
					// writes it); a final accounts budget figure is REF with
					// its quantity.
					switch {
					case subject == "":
						ref = ""
					case col == "last_year":
						ref = "last_year:" + subject
					default:
						ref, f.Quantity = subject, col
					}
					// The subject stays what it was: the next figure is
					// still about the same measure.
					f.Ref = ref
					s.Figures = append(s.Figures, f)
					if subject != "" {
						st.lastRef = subject
					}
					continue
				}
				if ref == "" && (subjectOnlyRe.MatchString(StripYear(nc)) || level) {
					ref = subject
				}
				if st.firstAmountRef == "" {
					st.firstAmountRef = ref
				}
			}
		default:
			f.Kind = yusuan.FigureCount
			ctx := Norm(before)
			if mi > 0 && clause != "" && nc == "" || strings.TrimSpace(clause) == "" {
				ctx = countCtx
			}
			ref = countRef(Norm(st.before)+ctx, nc, unit, s)
			if ref == "projects" && (r.doc == nil || len(r.doc.TablesOf(yusuan.KindPerformanceProject)) == 0) {
				// Without project forms the count has nothing to be
				// checked against; a checker would take it for 0 forms.
				ref = ""
			}
			if nc != "" {
				countCtx = ctx
			}
			f.Ref = ref
			s.Figures = append(s.Figures, f)
			continue
		}
		f.Ref = ref
		f.Unnamed = unknown && ref == ""
		if ref != "" {
			st.lastRef = ref
		}
		s.Figures = append(s.Figures, f)
	}
}

// coverageRef reads the amount a performance sentence says its targets
// cover (“项目支出均实行了绩效目标管理，涉及一般公共预算财政拨款 9,399.23 万元”):
// the project spending of the fund the clause names when the sentence's
// subject is 项目支出, else no measure of ours (N 个项目 … 涉及资金 X 万元
// is a subset; 涉及财政拨款/预算资金 does not say which spending). ok is
// false for any other amount. before is the sentence up to the figure,
// clause its last clause.
func coverageRef(before, clause string) (ref string, ok bool) {
	nc := Norm(clause)
	if !strings.HasPrefix(strings.TrimPrefix(nc, "共"), "涉及") {
		return "", false
	}
	lead := Norm(strings.TrimSuffix(before, clause))
	if !strings.Contains(lead, "绩效") {
		return "", false
	}
	if countedProjectsRe.MatchString(lead) || !strings.Contains(lead, "项目支出") {
		if countedProjectsRe.MatchString(lead) {
			return "", true
		}
		return "", false // 整体支出, 绩效目标管理全覆盖: the words name the measure
	}
	if strings.Contains(nc, "一般公共预算") {
		return "project@general_public", true
	}
	return "", true
}

// carriedFundRe is a clause naming a fund's part of the money carried
// over from last year (上年结转结余的政府性基金预算收入).
var carriedFundRe = lazyre.New(`^(?:其中[:：]?)?(上年结转结余|上年结转|上年结余)(?:资金)?(?:中)?的?`)

// carriedSource is the source of a fund reference, for carry_in:SOURCE.
var carriedSource = map[string]string{"general_public": "general_public", "gov_fund": "gov_fund", "state_capital": "state_capital",
	"special_account": "special_account", "business": "business", "operating": "operating", "other": "other",
	"superior": "superior", "affiliated": "affiliated", "appropriation": "appropriation"}

// bareTotalRe is a clause whose subject is the bare word 收入 or 支出 (收入比
// 2025年增加, 支出较上年减少).
var bareTotalRe = lazyre.New(`^(?:本年|全年|当年|年度)?(收入|支出)(?:预算)?(?:比|较|与|同比)`)

// countedProjectsRe is a sentence that counts the projects it speaks of
// (3个项目, 一级项目7个): the amount they involve is theirs, not a table's.
var countedProjectsRe = lazyre.New(`\d+个(一级|二级)?项目|项目\d+个`)

// direction reads the direction a change's words give (增加 → increase).
func direction(near string) string {
	dir := ""
	best := -1
	for _, w := range increaseWords {
		if i := strings.LastIndex(near, w); i > best {
			dir, best = "increase", i
		}
	}
	for _, w := range decreaseWords {
		if i := strings.LastIndex(near, w); i > best {
			dir, best = "decrease", i
		}
	}
	return dir
}

// amountColumn tells which figure of a measure an amount is when its
// words say so: last year's (比上年/较2025年预算数 A 万元, 由 A 万元), or, in
// final accounts, the budget it is compared with (年初预算为 A 万元:
// budget_initial; 全年预算数/调整预算: budget_full; 预算为: budget). "" is
// the document's own figure (the budget, or in final accounts 决算数).
func amountColumn(nc string, final bool) string {
	if strings.Contains(nc, "结转") || strings.Contains(nc, "结余") {
		return ""
	}
	if strings.HasPrefix(nc, "比") || strings.HasPrefix(nc, "较") || strings.HasPrefix(nc, "由") || strings.HasSuffix(nc, "由") ||
		strings.Contains(nc, "上年") || strings.Contains(nc, "上一年") || strings.HasPrefix(nc, "同比") ||
		strings.Contains(nc, "与") && strings.Contains(nc, "相比") {
		return "last_year"
	}
	if !final {
		return ""
	}
	if strings.Contains(nc, "决算") {
		return ""
	}
	if budgetWordRe.MatchString(nc) {
		return budgetColumn(nc)
	}
	return ""
}

// colSuffixRe is the wording of a final accounts figure's column at the
// end of its clause.
var colSuffixRe = lazyre.New(`(年初|全年|调整后?)?(预算|决算)数?(为|是)?$`)

// subjectOnlyRe is a clause that names no measure but says the figure is
// the subject's (2026年预算数 X 万元, 支出决算为 X 万元).
var subjectOnlyRe = lazyre.New(`^(本年度?|全年|当年|年初|年度)?(部门)?(财政拨款)?(支出)?(预算|决算)?(数|总额|金额|安排)?(为|是|共计|合计)?$`)

// budgetWordRe is a budget figure's wording in final accounts (not the
// 预算 of 一般公共预算).
var budgetWordRe = lazyre.New(`年初预算|全年预算|调整预算|调整后预算|预算数|预算为|预算是|预算$`)

// budgetColumn is the quantity of a final accounts budget figure named in
// nc: 年初预算 → budget_initial, 全年/调整预算 → budget_full, else budget
// (预算数 where the words do not say which: the table's only budget
// column, if it prints one).
func budgetColumn(nc string) string {
	switch {
	case strings.Contains(nc, "年初预算"):
		return yusuan.QuantityBudgetInitial
	case strings.Contains(nc, "全年预算") || strings.Contains(nc, "调整预算") || strings.Contains(nc, "调整后预算"):
		return yusuan.QuantityBudgetFull
	}
	return "budget"
}

// vehicleKinds are the kinds of vehicles the assets section counts.
var vehicleKinds = []phrase{
	{"一般公务用车", "general"},
	{"执法执勤用车", "law_enforcement"},
	{"特种专业技术用车", "special"},
	{"机要通信用车", "confidential"},
	{"应急保障用车", "emergency"},
	{"离退休干部用车", "retiree"},
	{"领导干部用车", "leader"},
	{"其他用车", "other"},
}

// countRef names what a count is where the wording is unambiguous: 车辆
// (vehicles.*), 因公出国团组/人次, 公务接待批次/人次, 单价100万元以上设备, 编报
// 绩效目标的项目. ctx is the sentence up to the count, nc its clause.
func countRef(ctx, nc, unit string, s *yusuan.Section) string {
	cue := func(words ...string) bool {
		for _, w := range words {
			if strings.Contains(nc, w) {
				return true
			}
		}
		return false
	}
	switch unit {
	case "辆", "台":
		if unit == "台" && !strings.Contains(nc, "车") {
			break
		}
		if strings.Contains(nc, "保有量") {
			return "three_public.vehicle.held"
		}
		purchase := purchaseContext(ctx)
		for _, k := range vehicleKinds {
			if strings.Contains(nc, k.text) {
				if purchase {
					return "vehicles.purchase." + k.ref
				}
				return "vehicles." + k.ref
			}
		}
		if cue("车辆", "公务用车", "公务车") {
			if purchase {
				if strings.Contains(Norm(s.Title), "三公") {
					return "three_public.vehicle_purchase.count"
				}
				return "vehicles.purchase"
			}
			// Only a stated total is the total (共有车辆 N 辆), not “其他按照
			// 规定配备的公务用车 N 辆”.
			if cue("共有", "总数", "合计", "共计", "实有", "现有") && !cue("其他", "其中") {
				return "vehicles.total"
			}
		}
	case "台（套）", "台(套)", "套":
		if strings.Contains(nc, "100万元") || strings.Contains(ctx, "100万元") {
			if strings.Contains(nc, "购置") || purchaseContext(ctx) {
				return "assets.special_equipment.purchase"
			}
			return "assets.special_equipment"
		}
	case "个":
		if cue("团组") {
			return "three_public.abroad.groups"
		}
		if cue("项目") && strings.Contains(ctx, "绩效目标") {
			return "projects"
		}
	case "人次":
		switch {
		case strings.Contains(nc, "接待") || !strings.Contains(nc, "出国") && strings.Contains(ctx, "接待"):
			return "three_public.reception.people"
		case strings.Contains(nc, "出国") || strings.Contains(ctx, "出国"):
			return "three_public.abroad.people"
		}
	case "批次":
		if strings.Contains(ctx, "接待") {
			return "three_public.reception.batches"
		}
	}
	return ""
}

// firstClause is the paragraph up to its first clause boundary.
func firstClause(p string) string {
	if i := strings.IndexAny(p, "，,：:；;。"); i >= 0 {
		return p[:i]
	}
	return p
}

// inGeneralPublicBrackets reports whether the text ends inside the
// brackets that list the sources of 一般公共预算: "一般公共预算 9662 万元（财政拨款
// 9662 万元、…、其他收入" — there 其他收入 is 其他一般公共预算收入, not the
// department's 其他收入.
func inGeneralPublicBrackets(before string) bool {
	open := strings.LastIndex(before, "（")
	if open < 0 || strings.LastIndex(before, "）") > open {
		return false
	}
	return strings.Contains(lastClause(before[:open]), "一般公共预算")
}

// hasRow reports whether a table of the document has a row of the code.
func (r *recognizer) hasRow(code string) bool {
	for ti := range r.doc.Tables {
		for ri := range r.doc.Tables[ti].Rows {
			if r.doc.Tables[ti].Rows[ri].Code == code {
				return true
			}
		}
	}
	return false
}

// inDocument picks, of the codes the catalog gives the names, the one the
// document's tables have a row for: 保障性住房租金补贴 is 2210107 and
// 2120813; "公共租赁住房支出" is 2120811, or 2210106 公共租赁住房 with 支出
// added. "" when none or several are.
func (r *recognizer) inDocument(names ...string) string {
	if r.doc == nil {
		return ""
	}
	found := ""
	for _, name := range names {
		for _, c := range r.byName[name] {
			if r.hasRow(c) && c != found {
				if found != "" {
					return ""
				}
				found = c
			}
		}
	}
	return found
}

// purchaseContext reports whether the words before a count, back to the
// paragraph's start, last speak of buying (2026年计划购置车辆…；单价100万元
// 以上设备 N 台（套）) rather than of what is held (截至…共有车辆 N 辆).
func purchaseContext(ctx string) bool {
	last := func(words ...string) int {
		best := -1
		for _, w := range words {
			if i := strings.LastIndex(ctx, w); i > best {
				best = i
			}
		}
		return best
	}
	buy := last("购置", "购买", "更新", "新增配置", "拟配置", "计划配置", "安排配置")
	hold := last("截至", "共有", "现有", "实有", "保有", "占有使用", "占用")
	return buy > hold
}

// lastClause is the text since the last clause boundary.
func lastClause(s string) string {
	i := strings.LastIndexAny(s, "，,；;。：:、（(")
	// Keep a qualified function name "行政运行（政府办公厅（室）…" whole.
	if i >= 0 && (s[i] == '(' || strings.HasPrefix(s[i:], "（")) {
		j := strings.LastIndexAny(s[:i], "，,；;。：:、")
		i = j
	}
	if i < 0 {
		return s
	}
	_, w := utf8.DecodeRuneInString(s[i:])
	return s[i+w:]
}

// sinceBoundary is the text since the last boundary of a clause other
// than 、.
func sinceBoundary(s string) string {
	i := strings.LastIndexAny(s, "，,；;。：:")
	if i < 0 {
		return s
	}
	_, w := utf8.DecodeRuneInString(s[i:])
	return s[i+w:]
}

func tail(s string, n int) string {
	rs := []rune(s)
	if len(rs) > n {
		rs = rs[len(rs)-n:]
	}
	return string(rs)
}

// refOf names the measure a clause talks about: a function of the
// classification ("function:2010301"), or the named measure closest to
// the figure.
func (r *recognizer) refOf(clause string) string {
	if ref := r.refOfRaw(clause); ref != noRef {
		return ref
	}
	return ""
}

// refOfRaw is refOf, returning noRef for words that name no measure.
func (r *recognizer) refOfRaw(clause string) string {
	n := Norm(clause)
	if code := r.functionRef(n); code != "" {
		return "function:" + code
	}
	best, bestEnd, bestLen := "", -1, 0
	generic := false
	qualifiedEnd := -1
	for _, p := range normPhrases {
		i := strings.LastIndex(n, p.text)
		if i < 0 {
			continue
		}
		end := i + len(p.text)
		// A name qualified as another item (资本性支出（基本建设）, 309,
		// beside 资本性支出, 310) is not the bare name's measure.
		if strings.HasPrefix(n[end:], qualifiedItem) {
			qualifiedEnd = max(qualifiedEnd, end)
			continue
		}
		g := genericPhrase[p.text]
		// A source qualifier after a measure (机关运行经费财政拨款预算)
		// does not replace it.
		if g && best != "" && !generic {
			continue
		}
		if !g && generic || end > bestEnd || (end == bestEnd && len(p.text) > bestLen) {
			best, bestEnd, bestLen, generic = p.ref, end, len(p.text), g
		}
	}
	// The qualified item is the one named closest to the figure: it is
	// none of our measures, nor the paragraph's subject.
	if qualifiedEnd >= 0 && qualifiedEnd >= bestEnd {
		return noRef
	}
	// 财政拨款 alone (其中财政拨款 X 万元 after a project's funds) is the
	// fiscal part of whatever was named before: no measure of its own.
	if generic && best == "income:appropriation" {
		return noRef
	}
	// A qualifier followed by the name of something else (一般公共预算安排
	// 委托业务费) is about that thing, which is no measure of ours.
	if generic && bestEnd >= 0 {
		tail := n[bestEnd:]
		if loc := comparisonRe.FindStringIndex(tail); loc != nil {
			tail = tail[:loc[0]]
		}
		tail = StripYear(tail)
		if !qualifierTailRe.MatchString(tail) {
			return noRef
		}
	}
	return best
}

// qualifiedItem follows a name to make it another item of the
// classification: 309 资本性支出（基本建设） beside 310 资本性支出, 504 机关资本性
// 支出（基本建设） beside 503 机关资本性支出 (normalized brackets).
var qualifiedItem = Norm("（基本建设）")

// qualifierTailRe is what may follow a qualifying phrase that names the
// measure itself (一般公共预算当年拨款支出预算数为).
var qualifierTailRe = lazyre.New(`^(当年|本年|年初|全年|调整后?)?(财政)?(拨款)?(安排)?(的)?(收入|支出)?(预算|决算)?(支出|收入)?(数|总额|合计|总计|规模)?(为|是|共计|合计)?[)）]?[。；;，,：:.]*$`)

// comparisonRe starts the comparison part of a clause (比上年增加 …).
var comparisonRe = lazyre.New(`比|较|与|同比|相比|增加|减少|增长|下降|降低|提高|持平|由|到|至`)

// noRef is what refOf returns for words that name no measure of their own
// and must not take the paragraph's subject either.
const noRef = "-"

// genericPhrase are words that qualify another measure as often as they
// name one of their own.
var genericPhrase = map[string]bool{"财政拨款": true, "财政拨款支出": true, "一般公共预算": true, "支出预算": true, "收入预算": true}

var (
	pathSepRe  = lazyre.New(`\((类|款|项)\)|-`)
	levelRe    = lazyre.New(`\((类|款|项)\)`)
	funcCodeRe = lazyre.New(`(?:^|[^\d.,])(\d{7}|\d{5}|\d{3})(?:$|[^\d.,年万元%个])`)
)

// functionRef resolves a function named in a clause: by its code
// (2014099 其他信访事务支出, 2080501-行政单位离退休, [20805]…, 行政运行（2010301）),
// a quoted path ("一般公共服务支出-政府办公厅（室）及相关机构事务-行政运行"),
// a path with （类）（款）（项） marks (一般公共服务（类）信访事务（款）行政运
// 行（项）), a 项 name qualified by its 款 ("行政运行（政府办公厅（室）及相
// 关机构事务支出"), or a name the catalog gives one function only.
func (r *recognizer) functionRef(n string) string {
	if r.cat == nil || r.cat.Functional == nil {
		return ""
	}
	if ms := funcCodeRe.FindAllStringSubmatch(n, -1); ms != nil {
		for k := len(ms) - 1; k >= 0; k-- {
			if _, ok := r.nameOf[ms[k][1]]; ok {
				return ms[k][1]
			}
		}
	}
	if i := strings.IndexByte(n, '"'); i >= 0 {
		if j := strings.IndexByte(n[i+1:], '"'); j >= 0 {
			var names []string
			for _, p := range pathSepRe.Split(n[i+1:i+1+j], -1) {
				if p != "" {
					names = append(names, p)
				}
			}
			if code := r.resolvePath(names); code != "" {
				return code
			}
		}
	}
	if levelRe.MatchString(n) {
		parts := levelRe.Split(n, -1)
		var names []string
		for _, p := range parts {
			p = strings.TrimRight(p, "。，,；;：:.、 ")
			if p != "" && p != "支出" {
				names = append(names, p)
			}
		}
		// The first name may have words before it (主要用于…).
		for len(names) > 0 {
			if code := r.resolvePathPrefixed(names); code != "" {
				return code
			}
			break
		}
	}
	n = strings.TrimSuffix(n, "支出")
	if i := strings.IndexByte(n, '('); i > 0 {
		item, parent := n[:i], strings.TrimSuffix(n[i+1:], ")")
		// The clause may start with words before the name (包括…).
		for k := 0; k < len(item); {
			if code := r.resolvePath([]string{parent, item[k:]}); code != "" {
				return code
			}
			_, w := utf8.DecodeRuneInString(item[k:])
			k += w
		}
	}
	if len(n) >= 6 {
		if code := r.inDocument(n, n+"支出"); code != "" {
			return code
		}
	}
	if code, ok := r.funcNames[n]; ok && len(n) >= 6 {
		return code
	}
	if code, ok := r.funcNames[n+"支出"]; ok && len(n) >= 6 {
		return code
	}
	// A name the catalog gives one function only, at the end of the
	// clause (按功能分类划分为一般公共服务支出).
	full := n + "支出"
	for _, cand := range []string{full, n} {
		for k := 0; k < len(cand); {
			suf := cand[k:]
			if runeLen(suf) < 4 {
				break
			}
			if codes := r.byName[suf]; len(codes) == 1 {
				return codes[0]
			}
			_, w := utf8.DecodeRuneInString(suf)
			k += w
		}
	}
	return ""
}

// resolvePathPrefixed resolves a path whose first name may be preceded by
// other words.
func (r *recognizer) resolvePathPrefixed(names []string) string {
	first := names[0]
	for k := 0; k < len(first); {
		ns := append([]string{first[k:]}, names[1:]...)
		if code := r.resolvePath(ns); code != "" {
			return code
		}
		_, w := utf8.DecodeRuneInString(first[k:])
		k += w
	}
	return ""
}

// resolvePath finds the code whose names, from the outermost level given,
// are names.
func (r *recognizer) resolvePath(names []string) string {
	if len(names) == 0 {
		return ""
	}
	last := names[len(names)-1]
	codes := r.byName[last]
	if len(codes) == 0 {
		codes = r.byName[last+"支出"]
	}
	var found []string
	for _, code := range codes {
		ok := true
		parent := code
		for k := len(names) - 2; k >= 0 && ok; k-- {
			switch len(parent) {
			case 7:
				parent = parent[:5]
			case 5:
				parent = parent[:3]
			default:
				ok = false
				continue
			}
			pn := r.nameOf[parent]
			ok = pn == names[k] || strings.TrimSuffix(pn, "支出") == strings.TrimSuffix(names[k], "支出")
		}
		if ok {
			found = append(found, code)
		}
	}
	if len(found) == 0 {
		return ""
	}
	if len(names) == 1 && len(found) > 1 {
		// One name that several functions have: keep the class if one is.
		sort.Slice(found, func(i, j int) bool { return len(found[i]) < len(found[j]) })
		if len(found[0]) == 3 {
			return found[0]
		}
		return ""
	}
	sort.Slice(found, func(i, j int) bool { return len(found[i]) > len(found[j]) })
	return found[0]
}
