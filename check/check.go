// Package check finds where a disclosure contradicts itself, the
// classification catalog of its year or the disclosure rules. Each rule is
// a small named value (see Rule) with its own test; the rule catalog shown
// by `yusuan rules` and docs/rules.md is generated from Rules().
package check

import (
	"fmt"
	"sort"
	"strings"
	"sync/atomic"

	"github.com/yusuan/yusuan"
)

// Severity says how bad a finding is.
type Severity string

const (
	Error   Severity = "error"   // the document contradicts itself or the rules
	Warning Severity = "warning" // probably wrong, or missing something the rules ask for
	Info    Severity = "info"    // worth a look; not counted as a problem
)

// Chinese returns the severity's Chinese name.
func (s Severity) Chinese() string {
	switch s {
	case Error:
		return "错误"
	case Warning:
		return "警告"
	}
	return "提示"
}

// Category groups rules in the catalog.
type Category string

const (
	CatCompleteness   Category = "completeness"   // 完整性
	CatArithmetic     Category = "arithmetic"     // 表内勾稽
	CatTies           Category = "ties"           // 表间勾稽
	CatClassification Category = "classification" // 科目分类
	CatNarrative      Category = "narrative"      // 说明与表格
	CatThreePublic    Category = "three_public"   // “三公”经费
	CatProcurement    Category = "procurement"    // 政府采购
	CatPerformance    Category = "performance"    // 绩效目标
	CatFacts          Category = "facts"          // 基本情况
)

// Categories lists the categories in catalog order with their Chinese names.
var Categories = []struct {
	Category Category
	Name     string
}{
	{CatCompleteness, "完整性"},
	{CatArithmetic, "表内勾稽"},
	{CatTies, "表间勾稽"},
	{CatClassification, "科目分类"},
	{CatNarrative, "说明与表格"},
	{CatThreePublic, "“三公”经费"},
	{CatProcurement, "政府采购"},
	{CatPerformance, "绩效目标"},
	{CatFacts, "基本情况"},
}

// CategoryName returns the Chinese name of c.
func CategoryName(c Category) string {
	for _, x := range Categories {
		if x.Category == c {
			return x.Name
		}
	}
	return string(c)
}

// Rule is one check: an ID such as SUM-003, a Chinese title, a paragraph
// of documentation, a severity, a category and one function over a
// document. Run reports findings through the Pass.
type Rule struct {
	ID       string
	Title    string
	Doc      string
	Severity Severity
	Category Category
	// Kinds lists the document kinds the rule applies to (yusuan.DocBudget,
	// yusuan.DocFinal); empty means every kind. A rule written for a
	// budget's columns and wording says DocBudget, so it stays silent on
	// final accounts (决算).
	Kinds []string
	Run   func(p *Pass)
}

// appliesTo reports whether the rule runs on a document of kind kind
// ("" is a budget).
func (r *Rule) appliesTo(kind string) bool {
	if len(r.Kinds) == 0 {
		return true
	}
	if kind == "" {
		kind = yusuan.DocBudget
	}
	for _, k := range r.Kinds {
		if k == kind {
			return true
		}
	}
	return false
}

// budgetOnly is Kinds for rules that only make sense for a budget.
var budgetOnly = []string{yusuan.DocBudget}

// budgetRules are the rules written for a budget's columns and wording:
// final accounts (决算) print carry-overs and other expenditure columns
// (收入合计 ≠ 支出合计, 支出 ≠ 基本 + 项目), no 绩效目标表 of projects, and
// a narrative that sets 决算数 against 预算数.
// Rules for final accounts are in rules_final.go.
var budgetRules = []string{"SUM-006", "SUM-011", "SUM-013", "SUM-016",
	// the narrative's figures are resolved against a budget's columns; a
	// 决算 narrative states 预算数 and 决算数 of the same item side by side
	"NAR-001", "NAR-002", "NAR-003", "NAR-006", "NAR-007", "NAR-008", "NAR-009", "NAR-010", "NAR-012",
	"TPE-003", "TPE-004", "PROC-004", "PROC-005", "PROC-006",
	"PERF-001", "PERF-002", "PERF-003", "PERF-004", "PERF-005", "PERF-006", "PERF-007", "PERF-008", "PERF-009", "PERF-010",
	"FACT-004", "TPE-005"}

func init() {
	for _, id := range budgetRules {
		if r := RuleByID(id); r != nil && len(r.Kinds) == 0 {
			r.Kinds = budgetOnly
		}
	}
}

// Context is what a rule may use besides the document: the catalog of the
// document's year and the document's profile. Either may be nil; rules
// that need one stay silent without it.
type Context struct {
	Catalog *yusuan.Catalog
	Profile *yusuan.Profile
	// Prior is last year's published document of the same organization
	// and kind, when a store holds it (PRIOR rules); nil otherwise.
	Prior *yusuan.Document
}

// Source is where a finding points in the document: a table cell's
// position (page/line or sheet!cell), or a narrative section, paragraph and
// sentence.
type Source struct {
	File      string `json:"file,omitempty"`
	Page      int    `json:"page,omitempty"`
	Line      int    `json:"line,omitempty"`
	Sheet     string `json:"sheet,omitempty"`
	Cell      string `json:"cell,omitempty"`
	Section   string `json:"section,omitempty"` // narrative section title
	Paragraph int    `json:"paragraph,omitempty"`
	Sentence  string `json:"sentence,omitempty"`
}

// String formats the source for a terminal.
func (s Source) String() string {
	var parts []string
	p := yusuan.Position{File: s.File, Page: s.Page, Line: s.Line, Sheet: s.Sheet, Cell: s.Cell}
	if ps := p.String(); ps != "" {
		parts = append(parts, ps)
	}
	if s.Section != "" {
		parts = append(parts, "说明「"+s.Section+"」")
	}
	if s.Sentence != "" {
		parts = append(parts, "“"+s.Sentence+"”")
	}
	return strings.Join(parts, " ")
}

func (s Source) empty() bool { return s == Source{} }

// Finding is one problem found. Table, Row and Column say which cell it is
// about (table kind, row code or name, column key); Expected and Actual are
// printed values, and Detail says how the expected value was computed.
type Finding struct {
	Rule        string   `json:"rule"`
	Severity    Severity `json:"severity"`
	Message     string   `json:"message"`
	Table       string   `json:"table,omitempty"`
	TableNumber int      `json:"table_number,omitempty"`
	TableTitle  string   `json:"table_title,omitempty"`
	Row         string   `json:"row,omitempty"`
	Column      string   `json:"column,omitempty"`
	Source      *Source  `json:"source,omitempty"`
	Expected    string   `json:"expected,omitempty"`
	Actual      string   `json:"actual,omitempty"`
	Detail      string   `json:"detail,omitempty"`
	// Related are the other errors the same wrong figure causes (one root
	// cause, one error): the identities it breaks besides this one.
	Related []Finding `json:"related,omitempty"`
	at      int       // offset of a narrative figure, so equal sentences stay apart
	// target is the table cell the finding is about, cells the other cells
	// its arithmetic involves (for relating findings of one root cause).
	target cref
	cells  []cref
	tbl    *yusuan.Table // the table of a table finding
}

// Pass is one rule's run over one document.
type Pass struct {
	Doc  *yusuan.Document
	Ctx  Context
	rule *Rule
	ix   *index
	out  *[]Finding
}

// Report records a finding of the running rule; its severity defaults to
// the rule's.
func (p *Pass) Report(f Finding) {
	f.Rule = p.rule.ID
	if f.Severity == "" {
		f.Severity = p.rule.Severity
	}
	if f.Source != nil && f.Source.empty() {
		f.Source = nil
	}
	*p.out = append(*p.out, f)
}

// Check runs every rule over the document and returns the findings in
// document order (tables in order, then the narrative).
func Check(doc *yusuan.Document, ctx Context) []Finding {
	return Run(doc, ctx, sortedRules())
}

// Run runs the given rules over the document.
func Run(doc *yusuan.Document, ctx Context, rules []*Rule) []Finding {
	var out []Finding
	ix := newIndex(doc, ctx)
	for _, r := range rules {
		if !r.appliesTo(doc.Kind) {
			continue
		}
		p := &Pass{Doc: doc, Ctx: ctx, rule: r, ix: ix, out: &out}
		runRule(p, r)
	}
	ix.noteRoundings(out)
	ix.release()
	if readByMeaning(doc) {
		out = blankSides(out)
	}
	sortFindings(doc, out)
	return relate(dedupe(out))
}

// read reports whether the document was read from a published file (not
// compiled), where a share's whole is the reader's inference.
func read(doc *yusuan.Document) bool {
	return doc.Origin != "" && doc.Origin != "compiled"
}

// readByMeaning reports whether the document was read by the general
// reader, which names columns from printed headers by their meaning (no
// regional profile declares them): a cell may be blank because it was not
// placed.
func readByMeaning(doc *yusuan.Document) bool {
	return read(doc) && doc.Profile == "general"
}

// blankSides turns an error one of whose sides is nothing — a blank cell
// or a zero — into a warning, in a document read by meaning: there a
// figure that reads as nothing beside one that does not is far more often
// a cell the reader could not place than a figure the publisher left out,
// and a reviewer would not sign it as an error without the page in hand.
func blankSides(fs []Finding) []Finding {
	for i := range fs {
		f := &fs[i]
		if f.Severity != Error || !(zeroText(f.Expected) || zeroText(f.Actual)) {
			continue
		}
		f.Severity = Warning
		f.Detail = strings.TrimSuffix(f.Detail, "。") + "。其中一方为空或为 0：可能是表格中该数未能读出，请对照原文核对；确认原文如此时即为错误。"
	}
	return fs
}

// zeroText reports whether a printed value is zero ("0万元", "0.00",
// "不大于 0万元", "[0, 0]%").
func zeroText(s string) bool {
	s = strings.TrimSpace(s)
	for _, p := range []string{"不大于", "不超过"} {
		s = strings.TrimSpace(strings.TrimPrefix(s, p))
	}
	s = strings.TrimRight(s, "万元%")
	s = strings.Trim(s, "[] ")
	if s == "" {
		return false
	}
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		if strings.Trim(part, "0.") != "" || strings.Trim(part, ".") == "" {
			return false
		}
	}
	return true
}

// relate puts the errors one wrong figure causes under one finding. Each
// error involves cells (the cell it is about and the cells its arithmetic
// adds or compares) or a narrative figure; the cell or figure involved in
// the most errors (at least two) is taken as their common cause, its
// errors are listed under the most specific of them (the one involving
// the fewest cells), and so on until no cell is shared by two errors left.
func relate(fs []Finding) []Finding {
	type key struct {
		r        *yusuan.Row
		col      string
		section  string
		sentence string
		para, at int
	}
	keysOf := func(f *Finding) []key {
		var ks []key
		if f.target.r != nil {
			ks = append(ks, key{r: f.target.r, col: f.target.col})
		}
		for _, c := range f.cells {
			ks = append(ks, key{r: c.r, col: c.col})
		}
		if f.Table == "" && f.Source != nil && f.Source.Section != "" {
			ks = append(ks, key{section: f.Source.Section, para: f.Source.Paragraph, at: f.at})
			// The figures of one sentence are one statement: a wrong
			// figure in it breaks its own arithmetic (NAR-013), the
			// change (NAR-006) and the rate (NAR-003) at once.
			// Rules quote a sentence with or without its closing mark.
			if st := strings.TrimRight(f.Source.Sentence, "。；;.！!？?… "); st != "" {
				ks = append(ks, key{section: f.Source.Section, para: f.Source.Paragraph, sentence: st})
			}
		}
		return ks
	}
	var errs []int
	keys := map[int][]key{}
	for i := range fs {
		if fs[i].Severity == Error {
			errs = append(errs, i)
			keys[i] = keysOf(&fs[i])
		}
	}
	if len(errs) < 2 {
		return fs
	}
	grouped := map[int]bool{}
	related := map[int][]int{}
	// One identity failing on many rows of one column is one finding; on
	// most of them, the column probably means something else in this
	// table (or was read wrong): a warning, not errors a reviewer signs.
	type colKey struct {
		rule string
		t    *yusuan.Table
		col  string
	}
	byColumn := func(majority bool) {
		byCol := map[colKey][]int{}
		var colOrder []colKey
		for _, i := range errs {
			f := &fs[i]
			if grouped[i] || f.tbl == nil {
				continue
			}
			k := colKey{f.Rule, f.tbl, f.Column}
			if byCol[k] == nil {
				colOrder = append(colOrder, k)
			}
			byCol[k] = append(byCol[k], i)
		}
		for _, k := range colOrder {
			g := byCol[k]
			if len(g) < 3 {
				continue
			}
			rows := 0
			for ri := range k.t.Rows {
				if _, ok := k.t.Rows[ri].Cells[k.col]; ok {
					rows++
				}
			}
			most := 2*len(g) >= rows
			if most != majority {
				continue
			}
			primary := g[0]
			for _, i := range g {
				grouped[i] = true
				if i != primary {
					related[primary] = append(related[primary], i)
				}
			}
			if most {
				fs[primary].Severity = Warning
				fs[primary].Message += fmt.Sprintf("（本列 %d 行中 %d 行不符，多半是本表各列的含义与规则假定的不同，或表格读取有误，请核对原表）", rows, len(g))
			}
		}
	}
	byColumn(true)
	for {
		count := map[key][]int{}
		var best key
		bestN := 1
		for _, i := range errs {
			if grouped[i] {
				continue
			}
			seen := map[key]bool{}
			for _, k := range keys[i] {
				if seen[k] {
					continue
				}
				seen[k] = true
				count[k] = append(count[k], i)
				if n := len(count[k]); n > bestN || n == bestN && n > 1 && k.r != nil && best.r == nil {
					best, bestN = k, n
				}
			}
		}
		if bestN < 2 {
			break
		}
		group := count[best]
		primary := group[0]
		for _, i := range group {
			if len(keys[i]) < len(keys[primary]) {
				primary = i
			}
		}
		for _, i := range group {
			grouped[i] = true
			if i != primary {
				related[primary] = append(related[primary], i)
			}
		}
	}
	byColumn(false)
	if len(related) == 0 {
		return fs
	}
	out := make([]Finding, 0, len(fs))
	for i := range fs {
		if grouped[i] && related[i] == nil {
			continue
		}
		f := fs[i]
		for _, j := range related[i] {
			rel := fs[j]
			rel.Related = nil
			f.Related = append(f.Related, rel)
		}
		if len(f.Related) > 0 {
			f.Detail += fmt.Sprintf("。同一原因还导致另外 %d 处不符（见“相关”），只计一处", len(f.Related))
		}
		out = append(out, f)
	}
	return out
}

// runRule runs one rule; a rule that panics on a malformed document
// reports that instead of taking the whole check down.
func runRule(p *Pass, r *Rule) {
	defer func() {
		if e := recover(); e != nil {
			*p.out = append(*p.out, Finding{Rule: r.ID, Severity: Info,
				Message: fmt.Sprintf("规则 %s 无法检查本文档（内部错误：%v）", r.ID, e)})
		}
	}()
	r.Run(p)
}

func sortFindings(doc *yusuan.Document, fs []Finding) {
	order := map[string]int{}
	for i, t := range doc.Tables {
		k := string(t.Kind)
		if _, ok := order[k]; !ok {
			order[k] = i
		}
	}
	rank := func(f Finding) int {
		if f.Table == "" {
			return len(doc.Tables) + 1
		}
		if o, ok := order[f.Table]; ok {
			return o
		}
		return len(doc.Tables)
	}
	sort.SliceStable(fs, func(i, j int) bool {
		ri, rj := rank(fs[i]), rank(fs[j])
		if ri != rj {
			return ri < rj
		}
		return sevRank(fs[i].Severity) < sevRank(fs[j].Severity)
	})
}

func sevRank(s Severity) int {
	switch s {
	case Error:
		return 0
	case Warning:
		return 1
	}
	return 2
}

func dedupe(fs []Finding) []Finding {
	type key struct {
		rule, table, row, col, msg, where string
		at                                int
	}
	seen := map[key]bool{}
	out := fs[:0]
	for _, f := range fs {
		k := key{f.Rule, f.Table, f.Row, f.Column, f.Message, "", f.at}
		if f.Source != nil {
			k.where = fmt.Sprint(*f.Source)
		}
		if seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, f)
	}
	return out
}

// Count returns the number of errors and warnings.
func Count(fs []Finding) (errors, warnings int) {
	for _, f := range fs {
		switch f.Severity {
		case Error:
			errors++
		case Warning:
			warnings++
		}
	}
	return
}

var registry []*Rule

// register adds rules to the catalog; each rules file calls it from a
// package-level var so the catalog is complete before main runs.
func register(rs ...*Rule) bool {
	registry = append(registry, rs...)
	return true
}

// Rules returns the rule catalog sorted by ID.
func Rules() []*Rule {
	return append([]*Rule(nil), sortedRules()...)
}

// sorted is the catalog sorted by ID, shared by every Check (which does
// not change it); it is sorted again if rules were registered since.
var sorted atomic.Pointer[[]*Rule]

func sortedRules() []*Rule {
	if p := sorted.Load(); p != nil && len(*p) == len(registry) {
		return *p
	}
	out := append([]*Rule(nil), registry...)
	sort.Slice(out, func(i, j int) bool { return ruleLess(out[i].ID, out[j].ID) })
	sorted.Store(&out)
	return out
}

// catOrder orders rule ID prefixes the way the catalog presents them.
var catOrder = []string{"COMP", "SUM", "TIE", "CODE", "NAR", "TPE", "PROC", "PERF", "FACT"}

func ruleLess(a, b string) bool {
	pa, _, _ := strings.Cut(a, "-")
	pb, _, _ := strings.Cut(b, "-")
	ia, ib := indexOf(catOrder, pa), indexOf(catOrder, pb)
	if ia != ib {
		return ia < ib
	}
	return a < b
}

func indexOf(xs []string, s string) int {
	for i, x := range xs {
		if x == s {
			return i
		}
	}
	return len(xs)
}

// RuleByID returns the rule with the ID.
func RuleByID(id string) *Rule {
	for _, r := range registry {
		if r.ID == id {
			return r
		}
	}
	return nil
}
