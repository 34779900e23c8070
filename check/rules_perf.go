package check

import (
	"fmt"
	"strings"

	"github.com/yusuan/yusuan"
)

// Performance targets and the department's basic facts.

var _ = register(
	&Rule{ID: "PERF-001", Title: "每个项目都有绩效目标表", Severity: Error, Category: CatPerformance,
		Doc: "说明列出的每个预算项目都必须有项目绩效目标表（按项目名称对应）。",
		Run: func(p *Pass) {
			if p.Ctx.Profile != nil && !profileHas(p.Ctx.Profile, yusuan.KindPerformanceProject) {
				return
			}
			seen := map[string]bool{}
			for _, n := range p.ix.figs {
				if !strings.HasPrefix(n.ref, "project:") || n.f.Kind != yusuan.FigureAmount {
					continue
				}
				if _, ok := p.ix.resolve(n.ref, n); ok {
					continue
				}
				name := strings.TrimSpace(clause(n.before))
				if seen[name] {
					continue
				}
				seen[name] = true
				p.Report(n.finding(Finding{Message: fmt.Sprintf("项目“%s”没有绩效目标表", name), Expected: "项目绩效目标表", Actual: "未找到"}))
			}
		}},
	&Rule{ID: "PERF-002", Title: "说明中的项目金额与绩效目标表一致", Severity: Error, Category: CatPerformance,
		Doc: "说明中每个项目的金额必须与该项目绩效目标表的本年度金额一致（说明按印出位数的区间比较）。",
		Run: func(p *Pass) {
			for _, n := range p.ix.figs {
				if !strings.HasPrefix(n.ref, "project:") || n.f.Kind != yusuan.FigureAmount || !n.ok {
					continue
				}
				res, ok := p.ix.resolve(n.ref, n)
				if !ok || overlaps(figSpan(n), res.iv) {
					continue
				}
				p.Report(n.finding(Finding{Message: fmt.Sprintf("说明中的项目金额与其绩效目标表不一致（%s）", strings.TrimSpace(clause(n.before))),
					Expected: amountExpected(n, res), Detail: res.how()}))
			}
		}},
	&Rule{ID: "PERF-003", Title: "整体绩效目标表的预算构成相加一致", Severity: Error, Category: CatPerformance,
		Doc: "部门整体绩效目标表中，部门预算总额必须等于资金来源（财政性资金 + 其他资金）之和，也必须等于资金结构（基本支出 + 项目支出）之和。",
		Run: func(p *Pass) {
			t := p.Doc.Table(yusuan.KindPerformanceDepartment)
			if t == nil {
				return
			}
			w, ok := p.ix.fromKeyed(t.Kind, "", "budget_total")
			if !ok {
				return
			}
			for _, parts := range [][]string{{"budget_fiscal", "budget_other"}, {"budget_basic", "budget_project"}} {
				var rs []resolution
				for _, k := range parts {
					r, ok := p.ix.fromKeyed(t.Kind, "", k)
					if !ok {
						rs = nil
						break
					}
					rs = append(rs, r)
				}
				if rs != nil {
					p.tableIdentity(t, w, rs, "其各项之和")
				}
			}
		}},
	&Rule{ID: "PERF-004", Title: "整体绩效目标表的预算与预算表一致", Severity: Error, Category: CatPerformance,
		Doc: "部门整体绩效目标表的预算情况（部门预算总额、基本支出、项目支出、财政性资金）必须与预算表一致。表以万元列示的，按印出位数的区间比较。",
		Run: func(p *Pass) {
			t := p.Doc.Table(yusuan.KindPerformanceDepartment)
			if t == nil {
				return
			}
			for _, m := range []struct{ key, ref string }{{"budget_total", "total"}, {"budget_basic", "basic"}, {"budget_project", "project"}, {"budget_fiscal", "fiscal"}} {
				got, ok := p.ix.fromKeyed(t.Kind, "", m.key)
				if !ok {
					continue
				}
				want, ok := p.ix.resolve(m.ref, nil)
				if m.ref == "fiscal" && !ok {
					want, ok = p.ix.resolve("total", nil)
					ok = ok && p.ix.fiscalIsAll
				}
				if !ok || want.bound || overlaps(got.iv, want.iv) {
					continue
				}
				p.Report(cellFinding(t, got.r, got.col, Finding{
					Message:  fmt.Sprintf("整体绩效目标表的「%s」与预算表不一致", strings.TrimSpace(got.r.Name)),
					Expected: fmtIv(t, want.iv), Actual: fmtIv(t, got.iv),
					Detail: fmt.Sprintf("%s = %s", want.how(), fmtIv(want.t, want.iv)),
				}))
			}
		}},
	&Rule{ID: "PERF-005", Title: "绩效指标有目标值", Severity: Warning, Category: CatPerformance,
		Doc: "绩效目标表中每个三级指标都要有目标值（指标值）。只有二级标题、没有三级指标名称的空行是常见格式，不报告。",
		Run: func(p *Pass) {
			for _, k := range []yusuan.TableKind{yusuan.KindPerformanceDepartment, yusuan.KindPerformanceProject} {
				for _, t := range p.Doc.TablesOf(k) {
					for i := range t.Rows {
						r := &t.Rows[i]
						if r.Key != "indicator" || strings.TrimSpace(r.Name) == "" {
							continue
						}
						if v, ok := r.Cells["target"]; ok && strings.TrimSpace(v.Text) == "" && v.IsText {
							f := cellFinding(t, r, "target", Finding{Message: fmt.Sprintf("绩效指标“%s”没有目标值", strings.TrimSpace(r.Name)), Expected: "目标值", Actual: "空"})
							if t.Project != "" {
								f.Row = t.Project + " › " + f.Row
							}
							p.Report(f)
						}
					}
				}
			}
		}},
	&Rule{ID: "PERF-006", Title: "项目金额之和不超过项目支出", Severity: Error, Category: CatPerformance,
		Doc: "各项目绩效目标表的本年度金额之和不能超过项目支出总额；全部项目都有目标表时两者应相等（小于时作为提示：可能有项目未编报绩效目标）。",
		Run: func(p *Pass) {
			ts := p.ix.projectTables()
			if len(ts) == 0 {
				return
			}
			total, ok := p.ix.resolve("project", nil)
			if !ok {
				return
			}
			s := exact(rat{})
			for _, t := range ts {
				r, ok := p.ix.projectAmount(t)
				if !ok {
					return
				}
				s = add(s, r.iv)
			}
			if overlaps(s, total.iv) {
				return
			}
			f := Finding{Table: string(yusuan.KindPerformanceProject), TableNumber: ts[0].Number,
				Expected: fmtIv(total.t, total.iv), Actual: fmtIv(ts[0], s),
				Detail: fmt.Sprintf("%d 张项目绩效目标表的本年度金额之和 = %s元；%s = %s元", len(ts), fmtQ(midpoint(s), 2), total.how(), fmtQ(midpoint(total.iv), 2))}
			if s.lo.Cmp(total.iv.hi) > 0 {
				f.Message = "各项目本年度金额之和超过项目支出总额"
			} else {
				f.Severity = Info
				f.Message = "各项目本年度金额之和小于项目支出总额（可能有项目未编报绩效目标）"
			}
			p.Report(f)
		}},
	&Rule{ID: "PERF-007", Title: "说明列出全部项目", Severity: Warning, Category: CatPerformance,
		Doc: "说明列举预算项目时，每张项目绩效目标表的项目都应在说明中出现。",
		Run: func(p *Pass) {
			listed := false
			for _, n := range p.ix.figs {
				if strings.HasPrefix(n.ref, "project:") {
					listed = true
				}
			}
			if !listed {
				return
			}
			// A name found in one paragraph is in the narrative; the
			// whole text, paragraphs joined, is only built for a name
			// not found so.
			var text *string
			inText := func(name string) bool {
				for _, paras := range p.ix.compactParas() {
					for _, para := range paras {
						if strings.Contains(para, name) {
							return true
						}
					}
				}
				if text == nil {
					var all strings.Builder
					for _, paras := range p.ix.compactParas() {
						for _, para := range paras {
							all.WriteString(para)
						}
					}
					s := all.String()
					text = &s
				}
				return strings.Contains(*text, name)
			}
			names := p.ix.projectNames()
			for i, t := range p.ix.projectTables() {
				if t.Project != "" && !inText(names[i]) {
					p.Report(Finding{Message: fmt.Sprintf("项目“%s”有绩效目标表，但说明中未列出", t.Project), Table: string(t.Kind), TableNumber: t.Number, TableTitle: t.Title, Row: t.Project,
						Expected: "说明列出该项目", Actual: "未列出"})
				}
			}
		}},
	&Rule{ID: "PERF-008", Title: "项目本年度金额不超过项目总金额", Severity: Error, Category: CatPerformance,
		Doc: "项目绩效目标表中，项目本年度金额不能超过项目总金额，项目上年度金额不能超过上年度项目总金额。",
		Run: func(p *Pass) {
			for _, t := range p.ix.projectTables() {
				for _, pair := range [][2]string{{"this_year", "project_total"}, {"last_year", "last_year_total"}} {
					part, whole := rowByKey(t, pair[0]), rowByKey(t, pair[1])
					if part == nil || whole == nil {
						continue
					}
					a, b := part.Amount(firstAmountColumn(t, part)), whole.Amount(firstAmountColumn(t, whole))
					if a > b {
						f := cellFinding(t, part, firstAmountColumn(t, part), Finding{Message: fmt.Sprintf("项目“%s”的%s大于%s", t.Project, strings.TrimSpace(part.Name), strings.TrimSpace(whole.Name)),
							Expected: "不大于 " + fmtAmount(t, b), Actual: fmtAmount(t, a)})
						f.Row = t.Project + " › " + f.Row
						p.Report(f)
					}
				}
			}
		}},
	&Rule{ID: "PERF-009", Title: "上年度金额前后一致", Severity: Info, Category: CatPerformance,
		Doc: "项目绩效目标表中，一年期项目的上年度项目总金额与项目上年度金额通常相等；一个为 0 另一个不为 0 时提示核对。",
		Run: func(p *Pass) {
			for _, t := range p.ix.projectTables() {
				a, b := rowByKey(t, "last_year"), rowByKey(t, "last_year_total")
				if a == nil || b == nil {
					continue
				}
				va, vb := a.Amount(firstAmountColumn(t, a)), b.Amount(firstAmountColumn(t, b))
				if (va == 0) != (vb == 0) {
					f := cellFinding(t, a, firstAmountColumn(t, a), Finding{Message: fmt.Sprintf("项目“%s”的项目上年度金额与上年度项目总金额不一致", t.Project),
						Expected: fmtAmount(t, vb), Actual: fmtAmount(t, va)})
					f.Row = t.Project + " › " + f.Row
					p.Report(f)
				}
			}
		}},
	&Rule{ID: "PERF-010", Title: "绩效目标表有指标", Severity: Warning, Category: CatPerformance,
		Doc: "部门整体绩效目标表和每张项目绩效目标表都要设置绩效指标（至少一个有名称的三级指标）。注明本表无数据的空表除外；未能逐行读出、但印有一级指标（产出指标、效益指标……）的表不判断。",
		Run: func(p *Pass) {
			for _, k := range []yusuan.TableKind{yusuan.KindPerformanceDepartment, yusuan.KindPerformanceProject} {
				for _, t := range p.Doc.TablesOf(k) {
					if emptyNoteRe.MatchString(compact(t.Note)) {
						continue // empty, and its note says why (COMP-010 checks the note)
					}
					n := 0
					for i := range t.Rows {
						if t.Rows[i].Key == "indicator" && strings.TrimSpace(t.Rows[i].Name) != "" {
							n++
						}
					}
					if n == 0 && len(t.Rows) > 0 && !blankForm(t) && !unreadIndicators(t) {
						p.Report(Finding{Message: tableLabel(t) + "没有绩效指标", Table: string(k), TableNumber: t.Number, TableTitle: t.Title, Row: t.Project, Expected: "至少一个指标", Actual: "无"})
					}
				}
			}
		}},

	&Rule{ID: "FACT-001", Title: "编制人数分项之和等于总数", Severity: Error, Category: CatFacts,
		Doc: "人员构成中，编制总数必须等于“其中”所列各类编制（行政编制、行政工勤、事业编制……）之和。",
		Run: func(p *Pass) { p.countBreakdowns("人", "编制") }},
	&Rule{ID: "FACT-002", Title: "车辆分类之和等于总数", Severity: Error, Category: CatFacts,
		Doc: "车辆构成和国有资产占用情况中，车辆总数必须等于“其中”所列各类车辆之和。",
		Run: func(p *Pass) { p.countBreakdowns("辆", "车") }},
	&Rule{ID: "FACT-003", Title: "同一数量前后一致", Severity: Error, Category: CatFacts,
		Doc: "说明在不同位置给出同一数量（如车辆构成与国有资产占用情况中的车辆数）时必须一致。",
		Run: func(p *Pass) {
			first := map[string]*nfig{}
			for _, n := range p.ix.figs {
				if n.f.Kind != yusuan.FigureCount || !n.ok || n.ref == "" || strings.HasPrefix(n.ref, "procurement_") {
					continue
				}
				f, ok := first[n.ref]
				if !ok {
					first[n.ref] = n
					continue
				}
				if f.val.v.Cmp(n.val.v) != 0 {
					p.Report(n.finding(Finding{Message: fmt.Sprintf("说明中的数量前后不一致（%s）", countName(n.ref)), Expected: f.f.Printed,
						Detail: fmt.Sprintf("「%s」一节写作“%s”", f.sec.Title, f.sentence())}))
				}
			}
		}},
	&Rule{ID: "FACT-004", Title: "项目个数与项目绩效目标表一致", Severity: Error, Category: CatFacts,
		Doc: "说明所述预算项目的个数必须等于项目绩效目标表的张数。",
		Run: func(p *Pass) {
			for _, n := range p.ix.figs {
				if n.f.Kind != yusuan.FigureCount || n.ref != "projects" || !n.ok {
					continue
				}
				res, ok := p.ix.resolve("projects", n)
				if !ok || res.iv.contains(n.val.v) {
					continue
				}
				p.Report(n.finding(Finding{Message: "说明中的项目个数与项目绩效目标表的张数不一致", Expected: fmtQ(res.iv.lo, 0), Detail: res.how()}))
			}
		}},
)

func countName(ref string) string {
	names := map[string]string{"staffing.authorized": "编制总数", "staffing.administrative": "行政编制", "staffing.workers": "行政工勤",
		"staffing.institution": "事业编制", "staffing.employed": "在职职工", "staffing.retired": "离退休人员", "vehicles.total": "车辆总数",
		"vehicles.general": "一般公务用车", "vehicles.law_enforcement": "执法执勤用车", "vehicles.special": "特种专业技术用车",
		"vehicles.confidential": "机要通信用车", "vehicles.other": "其他用车", "projects": "项目个数"}
	if n, ok := names[ref]; ok {
		return n
	}
	return ref
}

// countBreakdowns checks every “N unit，其中：a unit、b unit…” in the
// narrative: a count followed by 其中 and counts of the same unit up to the
// end of the clause (；or 。) must add up. word must appear before the
// total, so staffing (人) and vehicles (辆) are told apart.
func (p *Pass) countBreakdowns(unit, word string) {
	figs := p.ix.figs
	for i, n := range figs {
		if n.f.Kind != yusuan.FigureCount || !n.ok || n.pos < 0 {
			continue
		}
		after := strings.TrimSpace(n.after)
		if !strings.HasPrefix(after, unit) || !strings.Contains(after, "其中") || !strings.Contains(clause(n.before)+n.sec.Title, word) {
			continue
		}
		if i > 0 && figs[i-1].sec == n.sec && figs[i-1].f.Paragraph == n.f.Paragraph && figs[i-1].end >= 0 &&
			!strings.ContainsAny(n.para[figs[i-1].end:n.pos], "；;。") && strings.Contains(figs[i-1].after, "其中") {
			continue // itself part of a breakdown
		}
		end := len(n.para)
		if j := clauseEnds.index(n.para[n.end:]); j >= 0 {
			end = n.end + j
		}
		var sum rat
		var terms []string
		for _, m := range figs[i+1:] {
			if m.sec != n.sec || m.f.Paragraph != n.f.Paragraph || m.pos < 0 || m.pos >= end {
				break
			}
			if m.f.Kind != yusuan.FigureCount || !m.ok || !strings.HasPrefix(strings.TrimSpace(m.after), unit) {
				continue
			}
			sum = qAdd(sum, m.val.v)
			terms = append(terms, m.f.Printed)
		}
		if len(terms) < 2 || sum.Cmp(n.val.v) == 0 {
			continue
		}
		p.Report(n.finding(Finding{Message: fmt.Sprintf("总数不等于“其中”所列各项之和（%s）", unit), Expected: fmtQ(sum, 0),
			Detail: strings.Join(terms, " + ") + " = " + fmtQ(sum, 0)}))
	}
}

var _ = register(
	&Rule{ID: "PERF-012", Title: "项目绩效目标表的合计等于各项目之和", Severity: Error, Category: CatPerformance,
		Doc: "项目绩效目标表按清单印出多个项目并列有“合计”行（或只有一个单位的单位小计行）时，合计必须等于所列各项目的金额之和（按印出位数的区间比较）。合计大于各项目之和，通常是有项目未列出绩效目标。",
		Run: func(p *Pass) {
			ts := p.ix.projectTables()
			if len(ts) == 0 {
				return
			}
			var total *yusuan.Row
			var owner *yusuan.Table
			var units []*yusuan.Row
			for _, t := range ts {
				for i := range t.Rows {
					switch r := &t.Rows[i]; r.Key {
					case "list_total":
						if total == nil {
							total, owner = r, t
						}
					case "unit_total":
						units = append(units, r)
						if owner == nil {
							owner = t
						}
					}
				}
			}
			if total == nil && len(units) == 1 {
				total = units[0]
			}
			if total == nil {
				return
			}
			if _, ok := total.Cells["value"]; !ok {
				return
			}
			// The list's amount column: what each project's form holds
			// under the key the list's amounts were read into.
			key := ""
			for _, k := range []string{"project_total", "this_year", "appropriation"} {
				if rowByKey(ts[0], k) != nil {
					key = k
					break
				}
			}
			if key == "" {
				return
			}
			var parts []resolution
			for _, t := range ts {
				r := rowByKey(t, key)
				if r == nil {
					return
				}
				parts = append(parts, p.ix.cell(t, r, "value"))
			}
			whole := p.ix.cell(owner, total, "value")
			s := exact(rat{})
			for _, pr := range parts {
				s = add(s, pr.iv)
			}
			if overlaps(s, whole.iv) {
				return
			}
			var terms []string
			for i, pr := range parts {
				terms = append(terms, fmt.Sprintf("%s %s", ts[i].Project, fmtIv(ts[i], pr.iv)))
			}
			f := cellFinding(owner, total, "value", Finding{
				Message:  fmt.Sprintf("%s的「%s」不等于所列 %d 个项目的金额之和", shortTable(owner), strings.TrimSpace(total.Name), len(parts)),
				Expected: fmtIv(owner, s), Actual: fmtIv(owner, whole.iv),
				Detail: strings.Join(terms, " + ") + " = " + fmtIv(owner, s),
			})
			f.Row = strings.TrimSpace(total.Name)
			p.Report(f)
		}},
)

// blankForm reports whether a performance table is the form left blank:
// no project named, no row read as one of the form's filled-in parts
// (project name, amounts, goal, indicator), no row named and no number in
// any cell — only the form's printed labels (Xi'an's 表16 专项资金总体绩效
// 目标表, marked 不涉及 in the 报表目录). An empty form has no indicators
// because it has nothing; it is not a form missing its indicators. A form
// listing projects with amounts and goals but no indicators (Huzhou's 表11)
// is not blank.
// unreadIndicators reports whether a performance table the form reader
// could not take apart (no row keyed) prints indicators all the same: a
// first-level indicator name (产出指标, 效益指标 …) in a row's name or
// cell. Whether it has indicators is then unknown, not “none” (Beijing
// 预算13表 prints 一级, 二级 and 三级 indicator run together in one cell).
func unreadIndicators(t *yusuan.Table) bool {
	for i := range t.Rows {
		if t.Rows[i].Key != "" {
			return false
		}
	}
	for i := range t.Rows {
		r := &t.Rows[i]
		if namesIndicator(r.Name) {
			return true
		}
		for _, v := range r.Cells {
			if v.IsText && namesIndicator(v.Text) {
				return true
			}
		}
	}
	return false
}

// namesIndicator reports a cell that prints a first-level indicator with
// more after it than the names of the levels (“产出指标数量指标北京市行政执法
// 资格考试”): an indicator, not a blank form's printed label (“产出指标”).
func namesIndicator(s string) bool {
	s = compact(s)
	if !containsAny(s, firstLevelIndicators) {
		return false
	}
	for _, w := range indicatorLevelNames {
		s = strings.ReplaceAll(s, w, "")
	}
	return strings.Trim(s, "：:、，,") != ""
}

// firstLevelIndicators are the first-level indicators of every
// performance target form (财预〔2020〕10号 and its predecessors).
var firstLevelIndicators = []string{"产出指标", "效益指标", "满意度指标", "成本指标"}

// indicatorLevelNames are the names of the first and second levels,
// longest first.
var indicatorLevelNames = []string{"服务对象满意度指标", "可持续影响指标", "经济效益指标", "社会效益指标", "生态效益指标",
	"经济成本指标", "社会成本指标", "生态环境成本指标", "满意度指标", "产出指标", "效益指标", "成本指标",
	"数量指标", "质量指标", "时效指标"}

func blankForm(t *yusuan.Table) bool {
	if strings.TrimSpace(t.Project) != "" {
		return false
	}
	for i := range t.Rows {
		r := &t.Rows[i]
		if r.Key != "" || strings.TrimSpace(r.Name) != "" || strings.TrimSpace(r.Code) != "" {
			return false
		}
		for _, v := range r.Cells {
			if !v.IsText {
				return false
			}
		}
	}
	return true
}
