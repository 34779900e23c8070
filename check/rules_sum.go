package check

import (
	"fmt"
	"strings"

	"github.com/yusuan/yusuan"
)

// Arithmetic inside one table.

var _ = register(
	&Rule{ID: "SUM-001", Title: "合计等于各单位之和", Severity: Error, Category: CatArithmetic,
		Doc: "按预算单位列示的表（收入总体情况表、支出总体情况表、一般公共预算支出情况表等）中，合计行的每一列必须等于各预算单位行之和。元表精确到分比较，万元表按印出位数的舍入区间比较。",
		Run: func(p *Pass) {
			for _, t := range p.codedTables() {
				tr := totalRow(t)
				bs := p.ix.blocksOf(t)
				if tr == nil || len(bs) == 0 || bs[0].unit == nil {
					continue
				}
				for _, c := range amountColumns(t) {
					var parts []cref
					for _, b := range bs {
						if b.unit != nil && !nestedUnit(b.unit, bs) {
							parts = append(parts, cref{b.unit, c.Key})
						}
					}
					p.checkSum(t, cref{tr, c.Key}, parts, "各预算单位之和")
				}
			}
		}},
	&Rule{ID: "SUM-002", Title: "单位行等于其下科目之和", Severity: Error, Category: CatArithmetic,
		Doc: "预算单位行的每一列必须等于该单位下最高一级科目行（列示类时为各类，只列示项时为各项）之和。",
		Run: func(p *Pass) {
			for _, t := range p.codedTables() {
				for _, b := range p.ix.blocksOf(t) {
					if b.unit == nil || len(b.rows) == 0 {
						continue
					}
					for _, c := range amountColumns(t) {
						p.checkSum(t, cref{b.unit, c.Key}, crefs(t, b.top(), c.Key), "该单位下各科目之和")
					}
				}
			}
		}},
	&Rule{ID: "SUM-003", Title: "类等于其下各款之和", Severity: Error, Category: CatArithmetic,
		Doc: "列示到款的表中，每个类（3 位科目编码）行的每一列必须等于其下各款行之和；经济分类表中，类行等于其下各款之和。",
		Run: func(p *Pass) { p.levelSums(3, "其下各款之和") }},
	&Rule{ID: "SUM-004", Title: "款等于其下各项之和", Severity: Error, Category: CatArithmetic,
		Doc: "列示到项的表中，每个款（5 位功能科目编码）行的每一列必须等于其下各项（7 位编码）行之和。",
		Run: func(p *Pass) { p.levelSums(5, "其下各项之和") }},
	&Rule{ID: "SUM-005", Title: "合计等于各科目之和", Severity: Error, Category: CatArithmetic,
		Doc: "不按预算单位列示的分类表（如一般公共预算基本支出情况表、经济分类表）中，合计行的每一列必须等于最高一级科目行之和。",
		Run: func(p *Pass) {
			for _, t := range p.codedTables() {
				tr := totalRow(t)
				bs := p.ix.blocksOf(t)
				if tr == nil || len(bs) != 1 || bs[0].unit != nil {
					continue
				}
				for _, c := range amountColumns(t) {
					p.checkSum(t, cref{tr, c.Key}, crefs(t, bs[0].top(), c.Key), "各科目之和")
				}
			}
		}},
	&Rule{ID: "SUM-006", Title: "合计等于基本支出加项目支出", Severity: Error, Category: CatArithmetic,
		Doc: "支出类表格的每一行，“合计”列必须等于“基本支出”列加“项目支出”列。",
		Run: func(p *Pass) {
			p.columnIdentity("total", []string{"basic", "project"}, "基本支出与项目支出之和")
		}},
	&Rule{ID: "SUM-007", Title: "基本支出等于各经济类别之和", Severity: Error, Category: CatArithmetic,
		Doc: "支出类表格的每一行，基本支出小计必须等于工资福利支出、对个人和家庭的补助、商品和服务支出、资本性支出四列之和。",
		Run: func(p *Pass) {
			p.columnIdentity("basic", []string{"wages", "household", "goods", "capital"}, "各经济类别之和")
		}},
	&Rule{ID: "SUM-008", Title: "项目支出等于各项目类别之和", Severity: Error, Category: CatArithmetic,
		Doc: "支出类表格的每一行，项目支出小计必须等于社会事业和经济发展项目、债务项目、基本建设项目、其他项目各列之和。",
		Run: func(p *Pass) {
			p.columnIdentity("project", []string{"project_social", "project_debt", "project_construction", "project_other"}, "各项目类别之和")
		}},
	&Rule{ID: "SUM-009", Title: "收入合计等于各收入来源之和", Severity: Error, Category: CatArithmetic,
		Doc: "收入总体情况表的每一行，“合计”列必须等于各收入来源列之和（标为“其中”的列是所属小计的一部分，不另计；一组的“小计”列与其后各组成列只计组成列）。表头分组（本年收入、上年结转结余）各有“小计”列时，合计等于各组小计之和，每组小计等于组内各列之和。",
		Run: func(p *Pass) {
			for _, t := range p.Doc.TablesOf(yusuan.KindIncome) {
				if !hasColumn(t, "total") {
					continue
				}
				parts, groups := incomeParts(t)
				// Outside the named groups, a 小计 (or 合计) column followed
				// by its parts counts through its parts.
				named := map[string]bool{}
				for _, g := range groups {
					named[g.subtotal] = true
				}
				cols := amountColumns(t)
				keep := parts[:0]
				for _, k := range parts {
					if c := columnOf(cols, k); !named[k] && c != nil && groupSubtotal(*c, cols) {
						continue
					}
					keep = append(keep, k)
				}
				parts = keep
				if len(parts) == 0 {
					continue
				}
				for i := range t.Rows {
					r := &t.Rows[i]
					var cs []cref
					for _, k := range parts {
						cs = append(cs, cref{r, k})
					}
					p.checkSum(t, cref{r, "total"}, cs, "各收入来源之和")
					for _, g := range groups {
						cs = cs[:0]
						for _, k := range g.parts {
							cs = append(cs, cref{r, k})
						}
						p.checkSum(t, cref{r, g.subtotal}, cs, "「"+g.name+"」各列之和")
					}
				}
			}
		}},
	&Rule{ID: "SUM-010", Title: "“其中”不超过所属小计", Severity: Error, Category: CatArithmetic,
		Doc: "标为“其中”的列（如“其中：财政拨款”）是所属小计的一部分，任何一行都不能大于该小计（一般公共预算小计或合计）。并列的几个“其中”列同属它们前面的那一列。",
		Run: func(p *Pass) {
			for i := range p.Doc.Tables {
				t := &p.Doc.Tables[i]
				cols := amountColumns(t)
				for ci, c := range cols {
					if !strings.HasPrefix(strings.TrimSpace(c.Label), "其中") || ci == 0 {
						continue
					}
					// “其中” columns side by side (其中：公务用车购置 | 其中：公务用车
					// 运行费) are parts of the same column before them.
					wi := ci - 1
					for wi > 0 && strings.HasPrefix(strings.TrimSpace(cols[wi].Label), "其中") {
						wi--
					}
					if strings.HasPrefix(strings.TrimSpace(cols[wi].Label), "其中") {
						continue
					}
					whole := cols[wi].Key
					for ri := range t.Rows {
						r := &t.Rows[ri]
						if r.Amount(c.Key) > r.Amount(whole) {
							p.Report(cellFinding(t, r, c.Key, Finding{
								Message:  fmt.Sprintf("%s「%s」行「%s」大于所属的「%s」", shortTable(t), rowLabel(r), colLabel(t, c.Key), colLabel(t, whole)),
								Expected: "不大于 " + fmtAmount(t, r.Amount(whole)),
								Actual:   fmtAmount(t, r.Amount(c.Key)),
								Detail:   fmt.Sprintf("“其中”列是「%s」的一部分", colLabel(t, whole)),
							}))
						}
					}
				}
			}
		}},
	&Rule{ID: "SUM-011", Title: "收支总表收入合计等于各收入项目之和", Severity: Error, Category: CatArithmetic,
		Doc: "收支总体情况表和财政拨款收支总体情况表的收入栏，收入合计必须等于一般公共预算、政府性基金预算、国有资本经营预算、财政专户管理的非税收入、其他各项收入、事业收入、事业单位经营收入、上级补助收入、附属单位上缴收入、上级转移支付、上年结转等一级收入项目之和。只列“财政拨款收入”（“本级财政拨款收入”“预算拨款”）一行、未分列各类预算的，以该行代替三类预算。",
		Run: func(p *Pass) {
			funds := []string{"general_public", "gov_fund", "state_capital"}
			rest := []string{"special_account", "business", "operating", "superior", "affiliated", "other_income", "transfer", "carryover", "carry_over"}
			p.keyedSumBy("total", "income", func(t *yusuan.Table) []string {
				// 财政拨款收入 printed as one source without its funds
				// beside it (长沙 一、本级财政拨款收入, 广州 一、预算拨款)
				// stands for them.
				if rowByKey(t, "fiscal") != nil {
					none := true
					for _, k := range funds {
						// 国有资本经营预算支出 on the expenditure side is no fund row.
						if r := rowByKey(t, k); r != nil {
							_, in := r.Cells["income"]
							none = none && !in
						}
					}
					if none {
						return append([]string{"fiscal"}, rest...)
					}
				}
				return append(append([]string(nil), funds...), rest...)
			}, "各收入项目之和")
		}},
	&Rule{ID: "SUM-012", Title: "一般公共预算收入等于其各项之和", Severity: Error, Category: CatArithmetic,
		Doc: "收入栏中，一般公共预算收入必须等于财政拨款、专项收入、行政事业性收费收入、国有资源（资产）有偿使用收入、其他一般公共预算收入之和（表中未列示的项按 0 计）。",
		Run: func(p *Pass) {
			p.keyedSum("general_public", "income", []string{"appropriation", "special_revenue", "admin_fees", "state_resources", "other_public"}, "其各项之和")
		}},
	&Rule{ID: "SUM-013", Title: "收支总表支出合计等于基本支出加项目支出", Severity: Error, Category: CatArithmetic,
		Doc: "收支总体情况表和财政拨款收支总体情况表的支出栏，支出合计必须等于基本支出加项目支出；按功能分类列示支出的（如上海格式），支出合计等于各功能类之和。",
		Run: func(p *Pass) {
			p.keyedSum("total", "expenditure", []string{"basic", "project"}, "基本支出与项目支出之和")
			for _, k := range []yusuan.TableKind{yusuan.KindSummary, yusuan.KindFiscalSummary} {
				for _, t := range p.Doc.TablesOf(k) {
					tr := totalRow(t)
					if tr == nil || rowByKey(t, "basic") != nil {
						continue
					}
					for _, c := range amountColumns(t) {
						if c.Key == "income" {
							continue
						}
						var parts []cref
						for i := range t.Rows {
							if r := &t.Rows[i]; len(r.Code) == 3 && yusuan.IsDigits(r.Code) {
								parts = append(parts, cref{r, c.Key})
							}
						}
						if len(parts) > 0 {
							p.checkSum(t, cref{tr, c.Key}, parts, "各功能类支出之和")
						}
					}
				}
			}
		}},
	&Rule{ID: "SUM-014", Title: "收支总表基本支出等于各经济类别之和", Severity: Error, Category: CatArithmetic,
		Doc: "收支总体情况表和财政拨款收支总体情况表的支出栏，基本支出必须等于工资福利支出、对个人和家庭的补助支出、商品服务支出、资本性支出之和。",
		Run: func(p *Pass) {
			p.keyedSum("basic", "expenditure", []string{"wages", "household", "goods", "capital"}, "各经济类别之和")
		}},
	&Rule{ID: "SUM-015", Title: "收支总表项目支出等于各项目类别之和", Severity: Error, Category: CatArithmetic,
		Doc: "收支总体情况表和财政拨款收支总体情况表的支出栏，项目支出必须等于各项目类别之和。",
		Run: func(p *Pass) {
			p.keyedSum("project", "expenditure", []string{"project_social", "project_debt", "project_construction", "project_other"}, "各项目类别之和")
		}},
	&Rule{ID: "SUM-016", Title: "收入合计等于支出合计", Severity: Error, Category: CatArithmetic,
		Doc: "收支总体情况表和财政拨款收支总体情况表必须收支平衡：本年收入合计等于本年支出合计。",
		Run: func(p *Pass) {
			for _, k := range []yusuan.TableKind{yusuan.KindSummary, yusuan.KindFiscalSummary} {
				for _, t := range p.Doc.TablesOf(k) {
					tr := totalRow(t)
					if tr == nil || !hasColumn(t, "income") || !hasColumn(t, "expenditure") {
						continue
					}
					p.checkSum(t, cref{tr, "expenditure"}, []cref{{tr, "income"}}, "收入合计")
				}
			}
		}},
	&Rule{ID: "SUM-017", Title: "基本支出等于人员经费加公用经费", Severity: Error, Category: CatArithmetic,
		Doc: "按人员经费、公用经费分列基本支出的表格，每一行的基本支出（表中没有基本支出列、也没有项目支出列时为合计）必须等于人员经费加公用经费。表中还列有项目支出时，合计包含项目支出，不与人员经费加公用经费比较。",
		Run: func(p *Pass) {
			p.columnIdentity("basic", []string{"personnel", "public_funds"}, "人员经费与公用经费之和")
			p.columnIdentityIf(func(t *yusuan.Table) bool { return !hasColumn(t, "basic") && !hasColumn(t, "project") },
				"total", []string{"personnel", "public_funds"}, "人员经费与公用经费之和")
		}},
	&Rule{ID: "SUM-018", Title: "金额不为负数", Severity: Warning, Category: CatArithmetic,
		Doc: "预算表中的金额不应为负数；负数多半是录入或转换错误。增减额、增减变化金额等差额列（或行）记的是变动，减少时为负数，不报告；表头分本年、上年、增减等几段而同名的列重复出现时，负数可能属于增减段，也不报告。",
		Run: func(p *Pass) {
			for i := range p.Doc.Tables {
				t := &p.Doc.Tables[i]
				diffTable := false
				labels := map[string]int{}
				for _, c := range t.Columns {
					diffTable = diffTable || isDifference(c.Label) || isDifference(c.Group)
					labels[c.Label]++
				}
				for ri := range t.Rows {
					r := &t.Rows[ri]
					if isDifference(r.Name) {
						continue
					}
					for _, c := range amountColumns(t) {
						if isDifference(c.Label) || isDifference(c.Group) || diffTable && labels[c.Label] > 1 {
							continue
						}
						if v, ok := r.Cells[c.Key]; ok && !v.IsText && v.Num < 0 {
							p.Report(cellFinding(t, r, c.Key, Finding{
								Message: fmt.Sprintf("%s「%s」行「%s」列为负数", shortTable(t), rowLabel(r), colLabel(t, c.Key)),
								Actual:  fmtAmount(t, v.Num), Expected: "不小于 0",
							}))
						}
					}
				}
			}
		}},
)

// levelSums checks every row whose code has n digits against its children.
func (p *Pass) levelSums(n int, what string) {
	for _, t := range p.codedTables() {
		for _, b := range p.ix.blocksOf(t) {
			for _, i := range b.rows {
				if len(t.Rows[i].Code) != n {
					continue
				}
				ch := b.children(i)
				if len(ch) == 0 {
					continue
				}
				for _, c := range amountColumns(t) {
					p.checkSum(t, cref{&t.Rows[i], c.Key}, crefs(t, ch, c.Key), what)
				}
			}
		}
	}
}

// columnIdentity checks col = Σ parts on every row of every table that has
// all of these columns.
func (p *Pass) columnIdentity(col string, parts []string, what string) {
	p.columnIdentityIf(nil, col, parts, what)
}

// columnIdentityIf is columnIdentity on the tables ok accepts (nil: all).
func (p *Pass) columnIdentityIf(ok func(*yusuan.Table) bool, col string, parts []string, what string) {
	for i := range p.Doc.Tables {
		t := &p.Doc.Tables[i]
		if !hasColumn(t, col) || ok != nil && !ok(t) {
			continue
		}
		var have []string
		for _, k := range parts {
			if hasColumn(t, k) {
				have = append(have, k)
			}
		}
		if len(have) != len(parts) {
			continue
		}
		cs := make([]cref, len(have)) // reused: checkSum keeps no reference
		for ri := range t.Rows {
			r := &t.Rows[ri]
			if _, ok := r.Cells[col]; !ok {
				continue
			}
			for k, key := range have {
				cs[k] = cref{r, key}
			}
			p.checkSum(t, cref{r, col}, cs, what)
		}
	}
}

// keyedSum checks row key = Σ rows parts in column col of the two-sided
// tables; it reports whether the table had the rows to check.
func (p *Pass) keyedSum(key, col string, parts []string, what string) bool {
	return p.keyedSumBy(key, col, func(*yusuan.Table) []string { return parts }, what)
}

// keyedSumBy is keyedSum with the parts' keys chosen for each table.
func (p *Pass) keyedSumBy(key, col string, partsOf func(t *yusuan.Table) []string, what string) bool {
	had := false
	for _, k := range []yusuan.TableKind{yusuan.KindSummary, yusuan.KindFiscalSummary} {
		for _, t := range p.Doc.TablesOf(k) {
			target := rowByKey(t, key)
			if key == "total" && target == nil {
				target = totalRow(t)
			}
			if target == nil || !hasColumn(t, col) {
				continue
			}
			var cs []cref
			for _, pk := range partsOf(t) {
				if r := rowByKey(t, pk); r != nil {
					cs = append(cs, cref{r, col})
				}
			}
			if len(cs) == 0 {
				continue
			}
			had = true
			p.checkSum(t, cref{target, col}, cs, what)
		}
	}
	return had
}

// isDifference reports whether a column or row header names a difference
// (增减额, 增减变化金额, 比上年增减): its values may be negative.
func isDifference(h string) bool {
	for _, w := range []string{"增减", "变化", "变动", "差额", "比上年"} {
		if strings.Contains(h, w) {
			return true
		}
	}
	return false
}

// groupSubtotal reports a 小计 (or 合计) column followed by its parts, the
// columns after it up to the next 小计 or 合计 or a change of group
// (本年收入: 小计 | 一般公共预算资金 | … | 上年结转结余: 小计 | …): the sum
// of those parts, not a source beside them.
func groupSubtotal(c yusuan.Column, cols []yusuan.Column) bool {
	isSub := func(c yusuan.Column) bool {
		l := compact(c.Label)
		return l == "小计" || l == "合计"
	}
	if !isSub(c) {
		return false
	}
	for i, o := range cols {
		if o.Key != c.Key {
			continue
		}
		for _, n := range cols[i+1:] {
			if isSub(n) || n.Key == "total" || n.Group != c.Group && c.Group != "" {
				return false
			}
			if !strings.HasPrefix(strings.TrimSpace(n.Label), "其中") {
				return true
			}
		}
	}
	return false
}

// nestedUnit reports a unit row whose code extends another unit's (Xi'an:
// 114 西安市人民政府办公厅, then 114001 its own 本级): a part of that unit,
// not a unit beside it.
func nestedUnit(u *yusuan.Row, bs []block) bool {
	for _, b := range bs {
		if b.unit != nil && b.unit != u && b.unit.Code != "" && len(b.unit.Code) < len(u.Code) && strings.HasPrefix(u.Code, b.unit.Code) {
			return true
		}
	}
	return false
}

// columnOf returns the column of key k.
func columnOf(cols []yusuan.Column, k string) *yusuan.Column {
	for i := range cols {
		if cols[i].Key == k {
			return &cols[i]
		}
	}
	return nil
}

// incomeGroup is a header group of an income table with its own 小计
// column (本年收入: 小计 | 一般公共预算 | …; 上年结转结余: 小计 | …).
type incomeGroup struct {
	name, subtotal string
	parts          []string
}

// incomeParts returns the columns whose sum is an income table's 合计 —
// each source, or for a header group that prints its 小计 the 小计 alone —
// and those groups with the columns their 小计 adds up. “其中” columns are
// part of the column before them and counted in neither.
func incomeParts(t *yusuan.Table) (parts []string, groups []incomeGroup) {
	cols := amountColumns(t)
	sub := map[string]string{} // group → its 小计 column
	for _, c := range cols {
		if c.Key != "total" && c.Group != "" && compact(c.Label) == "小计" {
			if _, dup := sub[c.Group]; !dup {
				sub[c.Group] = c.Key
				groups = append(groups, incomeGroup{name: c.Group, subtotal: c.Key})
			}
		}
	}
	for _, c := range cols {
		if c.Key == "total" || strings.HasPrefix(strings.TrimSpace(c.Label), "其中") {
			continue
		}
		s, grouped := sub[c.Group]
		switch {
		case !grouped || s == c.Key:
			parts = append(parts, c.Key)
		default:
			for i := range groups {
				if groups[i].subtotal == s {
					groups[i].parts = append(groups[i].parts, c.Key)
				}
			}
		}
	}
	out := groups[:0]
	for _, g := range groups {
		if len(g.parts) > 0 {
			out = append(out, g)
		}
	}
	return parts, out
}
