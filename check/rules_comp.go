package check

import (
	"fmt"
	"strings"

	"github.com/yusuan/yusuan"
	"github.com/yusuan/yusuan/internal/lazyre"
)

// Completeness: the tables and narrative sections the disclosure rules
// (财预〔2016〕143号) require.

// topic is a narrative subject the rules require: found by a section
// title or, for documents whose headings were not recognised, by its
// words anywhere in the narrative.
type topic struct {
	id, name string
	words    []string
	required string // SectionSpec.Required of the profile's section, if any
}

var topics = []topic{
	{"COMP-003", "“三公”经费", []string{"三公"}, "three_public"},
	{"COMP-004", "机关运行经费", []string{"机关运行经费"}, "operating_cost"},
	{"COMP-005", "政府采购", []string{"政府采购"}, "procurement"},
	{"COMP-006", "国有资产占用", []string{"国有资产", "资产占用", "资产占有"}, "assets"},
	{"COMP-007", "绩效目标", []string{"绩效目标", "绩效情况"}, "performance"},
	{"COMP-008", "名词解释", []string{"名词解释"}, "glossary"},
}

func (t topic) rule() *Rule {
	return &Rule{ID: t.id, Title: "说明包含" + t.name + "情况", Severity: Warning, Category: CatCompleteness,
		Doc: fmt.Sprintf("地方预决算公开操作规程要求部门预算说明包含%s的情况。说明中须有以“%s”为标题或内容的一节，且不能为空。", t.name, strings.Join(t.words, "”或“")),
		Run: func(p *Pass) {
			if len(p.Doc.Narrative) == 0 {
				return // a document of tables only: COMP-009 reports the missing narrative
			}
			if !p.hasTopic(t) {
				p.Report(Finding{Message: fmt.Sprintf("预算说明缺少%s情况", t.name), Expected: "有" + t.name + "的说明", Actual: "无"})
			}
		}}
}

// hasTopic reports whether the narrative covers t: a section titled by
// its words or keyed by its profile section, not empty, or its words in
// any paragraph.
func (p *Pass) hasTopic(t topic) bool {
	for _, s := range p.Doc.Narrative {
		if containsAny(compact(s.Title), t.words) && nonEmpty(s) || s.Key == t.required && nonEmpty(s) {
			return true
		}
	}
	for _, paras := range p.ix.compactParas() {
		for _, para := range paras {
			if containsAny(para, t.words) {
				return true
			}
		}
	}
	return false
}

func containsAny(s string, words []string) bool {
	for _, w := range words {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

func nonEmpty(s yusuan.Section) bool {
	for _, p := range s.Paragraphs {
		if strings.TrimSpace(p) != "" {
			return true
		}
	}
	return false
}

// tableNames returns the names a table may be called by in the narrative.
func (p *Pass) tableNames(t *yusuan.Table) []string {
	var names []string
	if pr := p.Ctx.Profile; pr != nil {
		for _, s := range pr.Tables {
			if s.Kind == t.Kind && s.Name != "" {
				names = append(names, compact(s.Name))
			}
		}
	}
	title := compact(t.Title)
	if d := compact(p.Doc.Department.Name); d != "" {
		title = strings.ReplaceAll(title, d, "")
	}
	title = strings.TrimLeft(title, "0123456789年部门")
	if title != "" {
		names = append(names, title)
	}
	names = append(names, compact(kindName(t.Kind)))
	return names
}

func init() {
	rs := []*Rule{
		{ID: "COMP-001", Title: "格式规定的表格齐全", Severity: Error, Category: CatCompleteness,
			Doc: "文档所属格式（profile）规定的每一张表都必须公开，没有数字的表也要作为空表列出并说明。项目绩效目标表只在有预算项目时要求。",
			Run: func(p *Pass) {
				for _, s := range p.requiredTables() {
					if !s.Present {
						p.Report(Finding{Message: fmt.Sprintf("缺少表%d《%s》", s.Number, s.Name), Table: string(s.Kind), TableNumber: s.Number,
							Expected: "公开" + s.Name, Actual: "未找到"})
					}
				}
			}},
		{ID: "COMP-002", Title: "空表有说明", Severity: Warning, Category: CatCompleteness,
			Doc: "没有数字的表（空表）必须说明原因：在表下注明（如“本表为空表”“没有使用政府性基金预算拨款安排的支出”），或在说明的空表情况一节中写明该表及原因；说明写明本部门无该类预算（“无当年政府性基金预算收支”）或其支出为 0（“政府性基金拨款支出预算为0”）也是原因。只写收入为 0 的不算。",
			Run: func(p *Pass) {
				for _, e := range p.emptyTables() {
					if t := e.t; !e.Explained {
						p.Report(Finding{Message: fmt.Sprintf("%s是空表，但没有说明原因", tableLabel(t)), Table: string(t.Kind), TableNumber: t.Number, TableTitle: t.Title,
							Expected: "说明空表原因", Actual: "无说明", Source: cellSource(t, nil, "")})
					}
				}
			}},
		{ID: "COMP-009", Title: "格式规定的必备说明齐全", Severity: Warning, Category: CatCompleteness,
			Doc: "文档所属格式标为必备（required）的说明部分（如人员构成、车辆构成、空表情况说明）必须存在且不为空。",
			Run: func(p *Pass) {
				for _, s := range p.profileSections() {
					if !s.Present {
						p.Report(Finding{Message: fmt.Sprintf("预算说明缺少「%s」", s.Title), Expected: s.Title, Actual: "未找到"})
					}
				}
			}},
	}
	for _, t := range topics {
		rs = append(rs, t.rule())
	}
	register(rs...)
}

func topicRequired(req string) bool {
	for _, t := range topics {
		if t.required == req {
			return true
		}
	}
	return false
}

// emptyTablesExplained reports whether every empty table has its reason
// in a note under it.
func (p *Pass) emptyTablesExplained() bool {
	for i := range p.Doc.Tables {
		t := &p.Doc.Tables[i]
		if !isEmpty(t) || t.Kind == yusuan.KindPerformanceProject || t.Kind == yusuan.KindPerformanceDepartment {
			continue
		}
		if n := compact(t.Note); n == "" || !strings.Contains(n, "无") && !strings.Contains(n, "空表") {
			return false
		}
	}
	return true
}

func (p *Pass) narrativeMentions(names []string) bool {
	for si, s := range p.Doc.Narrative {
		if s.Key == "appendix" {
			continue
		}
		for _, c := range p.ix.compactParas()[si] {
			for _, n := range names {
				if n != "" && strings.Contains(c, n) {
					return true
				}
			}
		}
	}
	return false
}

// fundSubjects names the fund an appropriation table of that kind is
// about, as a narrative names it (“本部门无当年政府性基金预算收支”).
var fundSubjects = map[yusuan.TableKind]string{
	yusuan.KindGovFund:      "政府性基金",
	yusuan.KindStateCapital: "国有资本经营",
}

// noneOfFund matches a clause saying the department has none of the
// fund: “无当年政府性基金预算收支”, “没有使用政府性基金预算拨款安排的支出”,
// “不涉及国有资本经营预算”, “政府性基金预算收支为空表”. The negation and the
// fund stand in one clause (no ，；。 between them), so “政府性基金预算拨款
// 0万元，较上年无增减” is not a reason. The fund's spending said to be
// zero (“政府性基金拨款支出预算为0”) is: the table of that spending is
// empty because there is none; an income of 0 is not.
var noneOfFund = lazyre.New(`(?:无|没有|未安排|不涉及)[^，,；;。]{0,12}(政府性基金|国有资本经营)|(政府性基金|国有资本经营)[^，,；;。]{0,16}(?:空表|不涉及)|(政府性基金|国有资本经营)[^，,；;。]{0,16}支出[^，,；;。]{0,8}?为(?:0(?:\.0+)?|零)(?:万元|元)?(?:[，,；;。]|$)`)

// narrativeSaysNone reports whether the narrative says the department
// has no budget of the fund an empty table of kind k is about; the
// section that says so (Xi'an's 八、政府性基金预算支出情况说明: “本部门无当年
// 政府性基金预算收支，并已公开空表”) explains the empty table.
func (p *Pass) narrativeSaysNone(k yusuan.TableKind) bool {
	subject, ok := fundSubjects[k]
	if !ok {
		return false
	}
	for si, s := range p.Doc.Narrative {
		if s.Key == "appendix" {
			continue
		}
		for _, c := range p.ix.compactParas()[si] {
			for _, m := range noneOfFund.FindAllStringSubmatch(c, -1) {
				if m[1] == subject || m[2] == subject || m[3] == subject {
					return true
				}
			}
		}
	}
	return false
}

// mentionsProjects reports whether the document has project expenditure.
func (ix *index) mentionsProjects() bool {
	if r, ok := ix.resolve("project", nil); ok && r.iv.hi.Sign() > 0 {
		return true
	}
	for _, n := range ix.figs {
		if strings.HasPrefix(n.ref, "project:") {
			return true
		}
	}
	return false
}
