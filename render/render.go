// Package render holds what every output format shares: how a cell is
// printed and how a table's layout is read from the document.
package render

import (
	"strings"

	"github.com/yusuan/yusuan"
)

// Decimals returns the decimals a table prints amounts with: 2 for tables
// whose amounts have 分, 0 otherwise, unless the profile says otherwise.
func Decimals(t *yusuan.Table) int {
	for _, r := range t.Rows {
		for _, c := range t.Columns {
			if c.Type == yusuan.ColAmount || c.Type == "" {
				if v, ok := r.Cells[c.Key]; ok && !v.IsText && v.Num%100 != 0 {
					return 2
				}
			}
		}
	}
	return 0
}

// Amount prints an amount as the table prints it: in 元 with thousands
// separators, or in 万元 exactly (trailing zeros trimmed).
func Amount(t *yusuan.Table, a yusuan.Amount, decimals int) string {
	if t.Unit == "万元" {
		s := a.Wan(6)
		if strings.Contains(s, ".") {
			s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
		}
		return s
	}
	return a.Format(decimals)
}

// Cell prints the cell of column c in row r.
func Cell(t *yusuan.Table, r *yusuan.Row, c yusuan.Column, decimals int) string {
	v, ok := r.Cells[c.Key]
	if !ok {
		return ""
	}
	if v.IsText {
		return v.Text
	}
	if c.Type == yusuan.ColNumber {
		return yusuan.Amount(v.Num).Format(0)
	}
	return Amount(t, v.Num, decimals)
}

// SplitCode splits a code into 类/款/项 parts for tables that print them
// in three columns; a unit code (not a classification) goes to the last.
func SplitCode(r *yusuan.Row, parts int) []string {
	out := make([]string, parts)
	code := r.Code
	if r.Level == yusuan.LevelUnit {
		out[parts-1] = code
		return out
	}
	widths := []int{3, 2, 2}
	for i := 0; i < parts && code != ""; i++ {
		w := widths[i]
		if len(code) < w {
			w = len(code)
		}
		out[i], code = code[:w], code[w:]
	}
	return out
}

// Sides splits a two-sided table's rows into its income and expenditure
// sides and the total row.
func Sides(t *yusuan.Table) (income, expenditure []*yusuan.Row, total *yusuan.Row) {
	for i := range t.Rows {
		r := &t.Rows[i]
		switch {
		case r.Level == yusuan.LevelTotal:
			total = r
		case hasCell(r, "income"):
			income = append(income, r)
		default:
			expenditure = append(expenditure, r)
		}
	}
	return
}

func hasCell(r *yusuan.Row, k string) bool { _, ok := r.Cells[k]; return ok }

// IsForm reports whether a table is a labelled form (performance tables).
func IsForm(t *yusuan.Table) bool {
	return t.Kind == yusuan.KindPerformanceDepartment || t.Kind == yusuan.KindPerformanceProject
}

// IsTwoSided reports whether a table prints income beside expenditure.
func IsTwoSided(t *yusuan.Table) bool {
	return t.Kind == yusuan.KindSummary || t.Kind == yusuan.KindFiscalSummary
}

// HasCodes reports whether the table's rows carry classification codes.
func HasCodes(t *yusuan.Table) bool {
	for _, r := range t.Rows {
		if r.Code != "" {
			return true
		}
	}
	return false
}

// Spec finds the profile's declaration of a table, if the profile is known.
func Spec(p *yusuan.Profile, t *yusuan.Table) *yusuan.TableSpec {
	if p == nil {
		return nil
	}
	for i := range p.Tables {
		if p.Tables[i].Number == t.Number && p.Tables[i].Kind == t.Kind {
			return &p.Tables[i]
		}
	}
	return nil
}

// CodeParts is how many code columns a grid prints: 3 for functional
// codes split into 类/款/项, 2 for economic 类/款, 1 joined, 0 none.
func CodeParts(t *yusuan.Table, spec *yusuan.TableSpec) int {
	if !HasCodes(t) {
		return 0
	}
	if spec != nil && spec.CodeColumns == "joined" {
		return 1
	}
	parts, width := 3, 7
	switch t.Kind {
	case yusuan.KindGeneralPublicEconomic, yusuan.KindGeneralPublicBasic:
		parts, width = 2, 5
	}
	if spec == nil {
		// A code the parts cannot hold whole (a project code, 201030101)
		// is printed joined, so that no digit is lost.
		for _, r := range t.Rows {
			if r.Level != yusuan.LevelUnit && len(r.Code) > width {
				return 1
			}
		}
	}
	return parts
}

// CodeHeaders are the headers of the code columns.
func CodeHeaders(t *yusuan.Table, parts int) []string {
	switch parts {
	case 1:
		return []string{"科目编码"}
	case 2:
		return []string{"类", "款"}
	case 3:
		return []string{"类", "款", "项"}
	}
	return nil
}

// TotalLabels are the printed labels of a two-sided table's total row.
func TotalLabels(t *yusuan.Table, spec *yusuan.TableSpec) (income, expenditure string) {
	income, expenditure = "本年收入合计", "本年支出合计"
	if spec == nil {
		return
	}
	for _, g := range spec.Rows.Items {
		for _, it := range g {
			if it.Total && it.Label != "" {
				if a, b, ok := strings.Cut(it.Label, "|"); ok {
					return a, b
				}
			}
		}
	}
	return
}
