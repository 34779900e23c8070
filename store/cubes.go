package store

import "strings"

// Cube is one of the OLAP cubes the API serves: which fact lines it sums
// (Where, over the fact table or the summary table aliased f) and which
// dimensions it offers. The cubes are data here, beside the summary table
// they read: fact_rollup holds exactly the lines some cube reads.
type Cube struct {
	Name        string   `json:"name"`
	Label       string   `json:"label"`
	Description string   `json:"description"`
	Dimensions  []string `json:"dimensions"`
	Where       string   `json:"-"`
}

var common = []string{"year", "kind", "level", "region", "organization"}

func dims(extra ...string) []string { return append(append([]string{}, common...), extra...) }

// Cubes are the cubes, in the order the API lists them.
var Cubes = []Cube{
	{Name: "expenditure", Label: "支出（功能分类）",
		Description: "支出总表的项级功能分类科目，按基本支出与项目支出；每个发布只计最新版本。",
		Dimensions:  dims("function.class", "function.section", "function.item", "nature"),
		Where:       "f.table_kind = 'expenditure' AND f.scheme = 'functional' AND length(f.code) = 7 AND f.col IN ('basic', 'project')"},
	{Name: "income", Label: "收入（功能分类）",
		Description: "收入总表的项级功能分类科目合计数。",
		Dimensions:  dims("function.class", "function.section", "function.item"),
		Where:       "f.table_kind = 'income' AND f.scheme = 'functional' AND length(f.code) = 7 AND f.col = 'total'"},
	{Name: "three_public", Label: "“三公”经费",
		Description: "“三公”经费表的各项金额（因公出国（境）费、公务接待费、公务用车购置费、公务用车运行维护费）。",
		Dimensions:  dims("item"),
		Where:       "f.table_kind = 'three_public' AND f.scheme = 'key' AND f.code IN ('abroad', 'reception', 'vehicle_purchase', 'vehicle_operation') AND f.col = 'amount'"},
	{Name: "basic_econ", Label: "一般公共预算基本支出（经济分类）",
		Description: "一般公共预算基本支出表的部门预算支出经济分类款级科目合计数。",
		Dimensions:  dims("econ.class", "econ.item"),
		Where:       "f.table_kind = 'general_public_basic' AND f.scheme = 'econ' AND length(f.code) = 5 AND f.col = 'total'"},
	{Name: "basic_gov_econ", Label: "一般公共预算支出（政府预算经济分类）",
		Description: "印有政府预算支出经济分类的表（如一般公共预算支出情况表）的款级科目合计数。",
		Dimensions:  dims("gov_econ.class", "gov_econ.item"),
		Where:       "f.table_kind IN ('general_public_basic', 'general_public_economic') AND f.scheme = 'gov_econ' AND length(f.code) = 5 AND f.col = 'total'"},
	{Name: "operating_cost", Label: "机关运行经费",
		Description: "机关运行经费：“三公”经费和机关运行经费表所列数；没有列表的，取情况说明所印的数（精确到所印的小数位）。",
		Dimensions:  dims(),
		Where:       "f.table_kind = 'three_public' AND f.scheme = 'key' AND f.code = 'operating_cost' AND f.col = 'amount'"},
}

// cubeLines is the predicate of the lines some cube reads: the lines the
// summary table keeps.
func cubeLines() string {
	parts := make([]string, len(Cubes))
	for i, c := range Cubes {
		parts[i] = "(" + c.Where + ")"
	}
	return "(" + strings.Join(parts, " OR ") + ")"
}
