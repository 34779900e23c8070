package yusuan

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// DocumentSchema identifies Document JSON, version 1.
const DocumentSchema = "yusuan.document/v1"

// TableKind is the profile-independent meaning of a table. Checks and
// renderers work on kinds, so a region's table set is only data.
type TableKind string

const (
	KindSummary                 TableKind = "summary"                   // 收支总体情况表
	KindIncome                  TableKind = "income"                    // 收入总体情况表
	KindExpenditure             TableKind = "expenditure"               // 支出总体情况表
	KindFiscalSummary           TableKind = "fiscal_summary"            // 财政拨款收支总体情况表
	KindGeneralPublicFunctional TableKind = "general_public_functional" // 一般公共预算支出情况表（功能分类）
	KindGeneralPublicEconomic   TableKind = "general_public_economic"   // 一般公共预算支出情况表（经济分类）
	KindGeneralPublicBasic      TableKind = "general_public_basic"      // 一般公共预算基本支出情况表
	KindThreePublic             TableKind = "three_public"              // “三公”经费支出情况表
	KindGovFund                 TableKind = "gov_fund"                  // 政府性基金预算支出情况表
	KindStateCapital            TableKind = "state_capital"             // 国有资本经营预算支出情况表
	KindProcurement             TableKind = "procurement"               // 政府采购预算表
	KindPerformanceDepartment   TableKind = "performance_department"    // 部门整体绩效目标表
	KindPerformanceProject      TableKind = "performance_project"       // 项目绩效目标表
	// KindOther is a printed table the reader could not classify; it is
	// kept with its cells so nothing printed is lost.
	KindOther TableKind = "other"
)

// Document kinds: an approved budget (预算) or final accounts (决算).
const (
	DocBudget = "budget"
	DocFinal  = "final"
)

// Document levels: a department's disclosure (部门, the sum of its units)
// or one budget unit's own (单位).
const (
	LevelDepartment = "department"
	LevelBudgetUnit = "unit"
)

// TableKinds lists every kind in contract order.
var TableKinds = []TableKind{
	KindSummary, KindIncome, KindExpenditure, KindFiscalSummary,
	KindGeneralPublicFunctional, KindGeneralPublicEconomic, KindGeneralPublicBasic,
	KindThreePublic, KindGovFund, KindStateCapital, KindProcurement,
	KindPerformanceDepartment, KindPerformanceProject, KindOther,
}

// ValidKind reports whether k is one of TableKinds.
func ValidKind(k TableKind) bool {
	for _, x := range TableKinds {
		if x == k {
			return true
		}
	}
	return false
}

// Document is a disclosure: tables and narrative, whether compiled from a
// budget or read from a published file. Its JSON form is the contract
// documented in docs/document-json.md.
type Document struct {
	Schema  string `json:"schema"`
	Profile string `json:"profile"`
	// Kind is DocBudget (预算) or DocFinal (决算); empty means budget.
	Kind string `json:"kind,omitempty"`
	// Level is LevelDepartment (部门) or LevelBudgetUnit (单位); empty
	// means department.
	Level      string     `json:"level,omitempty"`
	Year       int        `json:"year"`
	Department Department `json:"department"`
	Title      string     `json:"title,omitempty"`
	Parts      []string   `json:"parts,omitempty"` // part titles, 第一部分 …
	Tables     []Table    `json:"tables"`
	Narrative  []Section  `json:"narrative"`
	// Origin says where the document came from: "compiled" from a budget
	// file, or the path of the file it was read from.
	Origin string `json:"origin,omitempty"`
	// Contents are the entries of a read document's table of contents
	// (目录), in printed order.
	Contents []ContentsEntry `json:"contents,omitempty"`
}

// ContentsEntry is one entry of a table of contents: its title as
// printed (without dot leader and page number) and the page number it
// gives (0 when none).
type ContentsEntry struct {
	Title  string    `json:"title"`
	Page   int       `json:"page,omitempty"`
	Source *Position `json:"source,omitempty"`
}

// Column is one column of a table. Key is the semantic column key
// (total, basic, wages, …); Group is the header over several columns.
type Column struct {
	Key   string `json:"key"`
	Label string `json:"label"`
	Group string `json:"group,omitempty"`
	// Type is "amount" (money in 元), "number" (a count) or "text".
	Type string `json:"type"`
}

// Column types.
const (
	ColAmount = "amount"
	ColNumber = "number"
	ColText   = "text"
)

// Table is one table of a disclosure.
type Table struct {
	Kind    TableKind `json:"kind"`
	Number  int       `json:"number"`
	Title   string    `json:"title"`
	Unit    string    `json:"unit"` // "元" or "万元": how amounts are printed; JSON amounts are always 元
	Columns []Column  `json:"columns"`
	Rows    []Row     `json:"rows"`
	// Project is the project a performance_project table belongs to.
	Project string `json:"project,omitempty"`
	// Note is text printed under the table (备注, 注).
	Note string `json:"note,omitempty"`
	// Source is where the table was found in a read document.
	Source *Position `json:"source,omitempty"`
}

// Row levels.
const (
	LevelTotal   = "total"   // 合计
	LevelUnit    = "unit"    // a budget unit
	LevelClass   = "class"   // 类
	LevelSegment = "segment" // 款
	LevelItem    = "item"    // 项
)

// Row is one row. Code is the full classification code ("2010301") or "";
// the grand total row has Code "" and Name "合计".
type Row struct {
	Code  string `json:"code"`
	Name  string `json:"name"`
	Key   string `json:"key,omitempty"`   // semantic key of a fixed row (summary, three_public, performance)
	Level string `json:"level,omitempty"` // total, unit, class, segment, item
	// GovCode and GovName carry the government economic 款 of a
	// general_public_economic row (the department code is Code).
	GovCode string `json:"gov_code,omitempty"`
	GovName string `json:"gov_name,omitempty"`
	// PrintedCode is the code as printed when the reader completed it
	// into Code: a 款 or 项 part printed with one digit ("301 2", read
	// as 30102). Empty when the printed code is Code.
	PrintedCode string           `json:"printed_code,omitempty"`
	Cells       map[string]Value `json:"cells"`
	// Sources holds the provenance of cells of a read document, by column key.
	Sources map[string]Position `json:"sources,omitempty"`
}

// Position is where a value was found: a page and line of a PDF or text
// file, or a sheet and cell of a workbook.
type Position struct {
	File  string `json:"file,omitempty"`
	Page  int    `json:"page,omitempty"`
	Line  int    `json:"line,omitempty"`
	Sheet string `json:"sheet,omitempty"`
	Cell  string `json:"cell,omitempty"`
}

func (p Position) String() string {
	switch {
	case p.Sheet != "":
		return fmt.Sprintf("%s!%s", p.Sheet, p.Cell)
	case p.Page > 0:
		return fmt.Sprintf("第%d页第%d行", p.Page, p.Line)
	case p.Line > 0:
		return fmt.Sprintf("第%d行", p.Line)
	}
	return ""
}

// Value is a cell: an amount in 元 (or a count), or text.
type Value struct {
	Num    Amount // the number, in 分 precision; counts use whole units ×100
	Text   string
	IsText bool
}

// AmountValue makes a numeric cell.
func AmountValue(a Amount) Value { return Value{Num: a} }

// TextValue makes a text cell.
func TextValue(s string) Value { return Value{Text: s, IsText: true} }

// CountValue makes a numeric cell holding a count (e.g. 采购数量).
func CountValue(n int64) Value { return Value{Num: Amount(n * 100)} }

func (v Value) MarshalJSON() ([]byte, error) {
	if v.IsText {
		return json.Marshal(v.Text)
	}
	return v.Num.MarshalJSON()
}

func (v *Value) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) > 0 && b[0] == '"' {
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*v = TextValue(s)
		return nil
	}
	var a Amount
	if err := a.UnmarshalJSON(b); err != nil {
		return err
	}
	*v = AmountValue(a)
	return nil
}

// Section is one section of the narrative. Paragraphs are plain text;
// Figures are the figures stated in them, each tied to what it talks about.
type Section struct {
	Key        string    `json:"key"`
	Part       int       `json:"part"` // 1–4
	Title      string    `json:"title"`
	Paragraphs []string  `json:"paragraphs"`
	Figures    []Figure  `json:"figures,omitempty"`
	Source     *Position `json:"source,omitempty"`
}

// Figure kinds.
const (
	FigureAmount = "amount" // an amount in 万元 or 元
	FigureShare  = "share"  // a percentage of a whole
	FigureGrowth = "growth" // a year-on-year change in percent
	FigureChange = "change" // a year-on-year change in 万元
	FigureCount  = "count"
	// FigureRate is a completion rate of final accounts (完成预算的 X%):
	// the 决算数 of Ref over its Quantity (budget_initial or budget_full).
	FigureRate = "rate"
)

// Figure is a number stated in the narrative: its text as printed, what it
// refers to (a measure name, optionally "of" a base), and the exact value
// it was computed from when the document was compiled.
type Figure struct {
	Paragraph int    `json:"paragraph"`
	Text      string `json:"text"` // as printed, e.g. "9662万元", "10.57%"
	Kind      string `json:"kind"`
	Ref       string `json:"ref"`            // measure, e.g. "total", "function:2010301"
	Base      string `json:"base,omitempty"` // for shares: the whole
	Unit      string `json:"unit,omitempty"` // 元, 万元, %
	Decimals  int    `json:"decimals"`
	// Direction is increase, decrease or flat for changes and growth
	// rates, whose printed value is unsigned ("减少 8 万元").
	Direction string `json:"direction,omitempty"`
	// Printed is the number as printed, without unit: "9662", "10.57".
	Printed string `json:"printed"`
	// Quantity says which figure of Ref an amount states in final
	// accounts: budget_initial (年初预算数), budget_full (全年预算数),
	// or empty for the document's own figure (预算数 of a budget, 决算数 of
	// final accounts). For a rate, the budget it is measured against.
	Quantity string `json:"quantity,omitempty"`
	// Unnamed is set by a reader when the words in front of the figure
	// name something that is no measure (一般公共预算安排委托业务费, a
	// project's 其中财政拨款): Ref is empty on purpose, and a checker should
	// not infer one from those words.
	Unnamed bool `json:"unnamed,omitempty"`
}

// IsFinal reports whether the document is final accounts (决算).
func (d *Document) IsFinal() bool { return d.Kind == DocFinal }

// Table returns the first table of the kind, if any.
func (d *Document) Table(k TableKind) *Table {
	for i := range d.Tables {
		if d.Tables[i].Kind == k {
			return &d.Tables[i]
		}
	}
	return nil
}

// TablesOf returns every table of the kind.
func (d *Document) TablesOf(k TableKind) []*Table {
	var ts []*Table
	for i := range d.Tables {
		if d.Tables[i].Kind == k {
			ts = append(ts, &d.Tables[i])
		}
	}
	return ts
}

// Total returns the grand total row (code "" and name 合计), if any.
func (t *Table) Total() *Row {
	for i := range t.Rows {
		if t.Rows[i].Code == "" && t.Rows[i].Name == "合计" {
			return &t.Rows[i]
		}
	}
	return nil
}

// Amount returns the numeric cell at key (blank cells are zero).
func (r *Row) Amount(key string) Amount {
	v, ok := r.Cells[key]
	if !ok || v.IsText {
		return 0
	}
	return v.Num
}
