package yusuan

// Profile is a region's disclosure format: its table set and its narrative,
// declared as data (profiles/*.yaml). Nothing in a profile is Go code, so a
// region's tables are added by writing a file.
type Profile struct {
	ID     string `json:"id"`
	Name   string `json:"name"`
	Region string `json:"region"`
	Years  []int  `json:"years,omitempty"`
	// Kind is the kind of document the profile lays out: DocBudget (the
	// default) or DocFinal (决算); Level is LevelDepartment (default) or
	// LevelBudgetUnit (单位预算/单位决算).
	Kind  string `json:"kind,omitempty"`
	Level string `json:"level,omitempty"`
	// Title is the document title, a template ("{{.Year}} 年{{.Department}}部门预算说明").
	Title string `json:"title"`
	// Parts are the titles of the document's parts (第一部分 …), templates.
	Parts []string `json:"parts,omitempty"`
	// Money says how the narrative prints amounts and percentages.
	Money MoneyStyle `json:"money"`
	// QualifyNames lists 项 names so generic that tables print them with
	// their 款 in brackets: 行政运行（政府办公厅（室）及相关机构事务）.
	QualifyNames []string      `json:"qualify_names,omitempty"`
	Tables       []TableSpec   `json:"tables"`
	Narrative    []SectionSpec `json:"narrative"`
	// Match helps a reader recognise the profile in a published document.
	Match ProfileMatch `json:"match,omitempty"`
	// Shared is a place for YAML anchors used by several tables; the
	// compiler ignores it.
	Shared any `json:"shared,omitempty"`
}

// MoneyStyle is how the narrative prints figures.
type MoneyStyle struct {
	WanDecimals   int  `json:"wan_decimals"`   // decimals of 万元 amounts
	ShareDecimals int  `json:"share_decimals"` // decimals of shares and growth rates
	Separators    bool `json:"separators"`     // thousands separators in 万元 amounts
	// TrimZeros drops trailing zeros of 万元 amounts and percentages
	// (13733.8 万元, 0.8%), as central final accounts print them.
	TrimZeros bool `json:"trim_zeros,omitempty"`
}

// ProfileMatch lists phrases by which a reader recognises the profile.
type ProfileMatch struct {
	Phrases []string `json:"phrases,omitempty"`
}

// Row generators of a TableSpec.
const (
	RowsList                  = "list"                   // fixed rows declared in the spec
	RowsFunctional            = "functional"             // 合计, units, then functional codes
	RowsEcon                  = "econ"                   // 合计, then department economic 款
	RowsEconGov               = "econ_gov"               // 合计, then department × government economic 款
	RowsProcurement           = "procurement"            // 合计, then procurement items
	RowsPerformanceDepartment = "performance_department" // the department target form
	RowsPerformanceProject    = "performance_project"    // one form per project
)

// TableSpec declares one table: what it is called, its columns and where
// its rows and cells come from.
type TableSpec struct {
	Number int       `json:"number"`
	Kind   TableKind `json:"kind"`
	// Title is a template; {{.Department}}, {{.Year}} and, for project
	// tables, {{.Unit}} and {{.Project}} are available.
	Title string `json:"title"`
	// Name is the short name in the table list (附表目录).
	Name     string `json:"name"`
	Unit     string `json:"unit"`     // 元 or 万元
	Decimals int    `json:"decimals"` // decimals printed in the table
	// Layout tells renderers how the profile prints it: grid (code
	// columns + amount columns), two_sided (收入 | 支出) or form.
	Layout string `json:"layout"`
	// CodeColumns is "split" (类/款/项 in three columns) or "joined".
	CodeColumns string `json:"code_columns,omitempty"`
	CodeHeader  string `json:"code_header,omitempty"` // e.g. 科目编码
	NameHeader  string `json:"name_header,omitempty"` // e.g. 单位（科目名称）
	// Filter applies to every cell of the table (e.g. only the general
	// public budget).
	Filter  Filter       `json:"filter,omitempty"`
	Columns []ColumnSpec `json:"columns"`
	Rows    RowSpec      `json:"rows"`
	// Note is printed under the table; EmptyNote replaces the rows when
	// the table has no figures.
	Note      string `json:"note,omitempty"`
	EmptyNote string `json:"empty_note,omitempty"`
}

// ColumnSpec declares a column. Amount columns sum the expenditure lines
// the row, the table and the column filter all select; Field names a
// fact field for text and count columns of list-like tables.
type ColumnSpec struct {
	Key    string  `json:"key"`
	Label  string  `json:"label"`
	Group  string  `json:"group,omitempty"`
	Type   string  `json:"type,omitempty"` // amount (default), number, text
	Filter *Filter `json:"filter,omitempty"`
	Field  string  `json:"field,omitempty"`
	// Of is "income" for a column of a two-sided table filled from income
	// lines; amount columns otherwise sum expenditure lines.
	Of string `json:"of,omitempty"`
	// Value is the quantity an amount column shows (see Quantities): empty
	// for the lines' own amount (预算数 of a budget, 决算数 of final
	// accounts), budget_initial or budget_full for a final account's
	// 年初预算数 or 全年预算数 of the same lines, carry_in or carry_out for
	// 年初/年末结转和结余.
	Value string `json:"value,omitempty"`
}

// Quantities a column's Value or a row item's Of may name, besides the
// lines' own amount. The carry and surplus quantities are facts of final
// accounts (Budget.Final).
const (
	QuantityBudgetInitial       = "budget_initial"       // 年初预算数
	QuantityBudgetFull          = "budget_full"          // 全年预算数
	QuantityCarryIn             = "carry_in"             // 年初结转和结余
	QuantityCarryOut            = "carry_out"            // 年末结转和结余
	QuantitySurplusUse          = "surplus_use"          // 使用非财政拨款结余
	QuantitySurplusDistribution = "surplus_distribution" // 结余分配
)

// ValidQuantity reports whether q names a quantity a column or row may
// show: income, expenditure, or one of the Quantity constants.
func ValidQuantity(q string) bool {
	switch q {
	case "income", "expenditure", QuantityBudgetInitial, QuantityBudgetFull, QuantityCarryIn, QuantityCarryOut,
		QuantitySurplusUse, QuantitySurplusDistribution:
		return true
	}
	return false
}

// RowSpec says where rows come from.
type RowSpec struct {
	By string `json:"by"`
	// Levels of functional rows printed: any of class, segment, item.
	Levels []string `json:"levels,omitempty"`
	// Units adds a row per budget unit after the total.
	Units bool `json:"units,omitempty"`
	// Items are the fixed rows of a list table, in groups that are
	// concatenated in order (so YAML anchors can share a group).
	Items [][]RowItem `json:"items,omitempty"`
	// Fields are the labelled rows of a form (performance tables).
	Fields []FieldSpec `json:"fields,omitempty"`
	// GovSuffix appends a suffix to government economic names by 类, as
	// Henan prints them (工资奖金津补贴_行政).
	GovSuffix map[string]string `json:"gov_suffix,omitempty"`
	// TotalLabel names the grand total row when printed (default 合计).
	TotalLabel string `json:"total_label,omitempty"`
}

// RowItem is a fixed row of a list table. Of says which facts it sums
// (expenditure or income) and Column which column it fills; a total item
// fills every column with its own sum.
type RowItem struct {
	Key  string `json:"key"`
	Name string `json:"name"`
	// Of is what the item sums: expenditure (default), income, or a
	// quantity of final accounts (carry_in, carry_out, surplus_use,
	// surplus_distribution). A carry or surplus item, and an item with an
	// explicit of: expenditure, fills the columns of its side only:
	// income-side quantities the columns with of: income.
	Of     string `json:"of,omitempty"`
	Column string `json:"column,omitempty"` // column key the amount goes to; default the only amount column
	Filter Filter `json:"filter,omitempty"`
	Total  bool   `json:"total,omitempty"`
	// Functions expands the item into one row per functional 类 with
	// expenditure (Shanghai prints expenditure by 类 in its summary table).
	Functions bool `json:"functions,omitempty"`
	// Label is the printed label if it differs from Name ("合 计"); a
	// two-sided total has one label per side, separated by "|".
	Label string `json:"label,omitempty"`
	// Sums fills named columns with a sum of quantities joined by "+"
	// ("income+surplus_use+carry_in"), for totals such as 总计 of final
	// accounts, which add carry-overs to the year's income or spending.
	Sums map[string]string `json:"sums,omitempty"`
}

// FieldSpec is a labelled row of a form: Field names the fact shown.
type FieldSpec struct {
	Key   string `json:"key"`
	Label string `json:"label"`
	Field string `json:"field"`
}

// SectionSpec declares a narrative section. Paragraphs are Go templates
// over the budget, with functions for figures (see docs/profiles.md).
type SectionSpec struct {
	Key        string   `json:"key"`
	Part       int      `json:"part"`
	Title      string   `json:"title"`
	Paragraphs []string `json:"paragraphs"`
	// Required names a rule of the disclosure regulations the section
	// satisfies (三公, 机关运行经费, …), for completeness checks.
	Required string `json:"required,omitempty"`
}

// TableSpecByNumber returns the spec(s) numbered n.
func (p *Profile) TableSpecByNumber(n int) []*TableSpec {
	var out []*TableSpec
	for i := range p.Tables {
		if p.Tables[i].Number == n {
			out = append(out, &p.Tables[i])
		}
	}
	return out
}

// DocumentColumns are the document columns the table declares: the same
// keys, labels and groups, with the type made explicit. The compiler and
// the recognizer both build tables with them, so a compiled and a read
// table of one spec have the same columns.
func (t *TableSpec) DocumentColumns() []Column {
	cols := make([]Column, len(t.Columns))
	for i, cs := range t.Columns {
		typ := cs.Type
		if typ == "" {
			typ = ColAmount
		}
		cols[i] = Column{Key: cs.Key, Label: cs.Label, Group: cs.Group, Type: typ}
	}
	return cols
}
