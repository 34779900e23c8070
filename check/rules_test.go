package check

import (
	"testing"

	"github.com/yusuan/yusuan"
)

// ruleCase is a rule's own test: pass turns the clean example into a
// document the rule must accept (nil: the example as is), fail into one
// it must report.
type ruleCase struct {
	pass func(t testing.TB, d *yusuan.Document)
	fail func(t testing.TB, d *yusuan.Document)
	// ctx, if set, completes the context after pass or fail (e.g. last
	// year's document for the PRIOR rules), given which case it is.
	ctx func(t testing.TB, d *yusuan.Document, c *Context, failing bool)
}

const (
	kSum   = yusuan.KindSummary
	kInc   = yusuan.KindIncome
	kExp   = yusuan.KindExpenditure
	kFis   = yusuan.KindFiscalSummary
	kGPF   = yusuan.KindGeneralPublicFunctional
	kGPE   = yusuan.KindGeneralPublicEconomic
	kGPB   = yusuan.KindGeneralPublicBasic
	kTPE   = yusuan.KindThreePublic
	kFund  = yusuan.KindGovFund
	kCap   = yusuan.KindStateCapital
	kProc  = yusuan.KindProcurement
	kPerfD = yusuan.KindPerformanceDepartment
	kPerfP = yusuan.KindPerformanceProject
)

func withSegment(t testing.TB, d *yusuan.Document) {
	x := tbl(t, d, kExp)
	i := insertClassRow(x, "20103")
	x.Rows[i].Level, x.Rows[i].Name = yusuan.LevelSegment, "政府办公厅（室）及相关机构事务"
}

func withClass(t testing.TB, d *yusuan.Document) {
	x := tbl(t, d, kGPB)
	i := insertClassRow(x, "301")
	x.Rows[i].Name = "工资福利支出"
}

func withPersonnelColumns(t testing.TB, d *yusuan.Document) {
	x := tbl(t, d, kGPB)
	x.Columns = append(x.Columns, yusuan.Column{Key: "personnel", Label: "人员经费", Type: "amount"}, yusuan.Column{Key: "public_funds", Label: "公用经费", Type: "amount"})
	var pers, pub yusuan.Amount
	for i := range x.Rows {
		r := &x.Rows[i]
		if r.Code == "" {
			continue
		}
		v := r.Amount("total")
		if c := r.Code[:3]; c == "301" || c == "303" {
			r.Cells["personnel"], r.Cells["public_funds"] = yusuan.AmountValue(v), yusuan.AmountValue(0)
			pers += v
		} else {
			r.Cells["personnel"], r.Cells["public_funds"] = yusuan.AmountValue(0), yusuan.AmountValue(v)
			pub += v
		}
	}
	tr := totalRow(x)
	tr.Cells["personnel"], tr.Cells["public_funds"] = yusuan.AmountValue(pers), yusuan.AmountValue(pub)
}

func withFundRow(kind yusuan.TableKind, drop ...yusuan.TableKind) func(t testing.TB, d *yusuan.Document) {
	return func(t testing.TB, d *yusuan.Document) {
		x := tbl(t, d, kind)
		x.Rows = []yusuan.Row{{Name: "合计", Level: yusuan.LevelTotal, Cells: map[string]yusuan.Value{"total": yusuan.AmountValue(yusuan.Yuan(100))}}}
		dropTables(d, drop...)
	}
}

func withUnitPrice(t testing.TB, d *yusuan.Document) {
	x := tbl(t, d, kProc)
	x.Columns = append(x.Columns, yusuan.Column{Key: "unit_price", Label: "单价", Type: "amount"})
	for _, r := range procurementItems(x) {
		r.Cells["unit_price"] = yusuan.AmountValue(r.Amount("amount") * 100 / r.Amount("quantity"))
	}
}

func withVehicleFigure(printed string) func(t testing.TB, d *yusuan.Document) {
	return func(t testing.TB, d *yusuan.Document) {
		addFigure(t, d, "changes", 11, "公务用车购置及运行费 "+printed+" 万元。",
			yusuan.Figure{Kind: yusuan.FigureAmount, Ref: "three_public.vehicle", Unit: "万元", Printed: printed})
	}
}

func withLastYear(printed string) func(t testing.TB, d *yusuan.Document) {
	return func(t testing.TB, d *yusuan.Document) {
		addFigure(t, d, "operating_cost", 0, "上年机关运行经费预算为 "+printed+" 万元。",
			yusuan.Figure{Kind: yusuan.FigureAmount, Ref: "last_year:operating_cost", Unit: "万元", Printed: printed})
	}
}

var ruleCases = map[string]ruleCase{
	"COMP-001": {fail: func(t testing.TB, d *yusuan.Document) { dropTables(d, kTPE) }},
	"COMP-002": {fail: func(t testing.TB, d *yusuan.Document) {
		tbl(t, d, kFund).Note = ""
		// Nor a narrative saying the department has no such budget
		// (“无使用政府性基金预算安排的支出”).
		removeWords(d, "无政府性基金", "无使用政府性基金")
		section(t, d, "empty_tables").Paragraphs = []string{"本部门无空表。"}
	}},
	"COMP-003": {fail: func(t testing.TB, d *yusuan.Document) { removeWords(d, "三公") }},
	"COMP-004": {fail: func(t testing.TB, d *yusuan.Document) { removeWords(d, "机关运行经费") }},
	"COMP-005": {fail: func(t testing.TB, d *yusuan.Document) { removeWords(d, "政府采购") }},
	"COMP-006": {fail: func(t testing.TB, d *yusuan.Document) { removeWords(d, "国有资产", "资产占用") }},
	"COMP-007": {fail: func(t testing.TB, d *yusuan.Document) { removeWords(d, "绩效目标", "绩效情况") }},
	"COMP-008": {fail: func(t testing.TB, d *yusuan.Document) { removeWords(d, "名词解释") }},
	"COMP-009": {fail: func(t testing.TB, d *yusuan.Document) { section(t, d, "staffing").Paragraphs = nil }},

	"SUM-001": {fail: func(t testing.TB, d *yusuan.Document) { bump(t, d, kExp, "合计", "wages", 100) }},
	"SUM-002": {fail: func(t testing.TB, d *yusuan.Document) { bump(t, d, kExp, "003001", "goods", 100) }},
	"SUM-003": {pass: withClass, fail: func(t testing.TB, d *yusuan.Document) { withClass(t, d); bump(t, d, kGPB, "301", "total", 100) }},
	"SUM-004": {pass: withSegment, fail: func(t testing.TB, d *yusuan.Document) { withSegment(t, d); bump(t, d, kExp, "20103", "project", 100) }},
	"SUM-005": {fail: func(t testing.TB, d *yusuan.Document) { bump(t, d, kGPB, "合计", "total", 100) }},
	"SUM-006": {fail: func(t testing.TB, d *yusuan.Document) { bump(t, d, kExp, "2010304", "total", 100) }},
	"SUM-007": {fail: func(t testing.TB, d *yusuan.Document) { bump(t, d, kExp, "2010301", "wages", 100) }},
	"SUM-008": {fail: func(t testing.TB, d *yusuan.Document) { bump(t, d, kExp, "2010302", "project_other", 100) }},
	"SUM-009": {fail: func(t testing.TB, d *yusuan.Document) { bump(t, d, kInc, "2010301", "other", 100) }},
	"SUM-010": {fail: func(t testing.TB, d *yusuan.Document) { bump(t, d, kInc, "2010301", "appropriation", 100) }},
	"SUM-011": {fail: func(t testing.TB, d *yusuan.Document) { setCell(t, d, kSum, "gov_fund", "income", 100) }},
	"SUM-012": {fail: func(t testing.TB, d *yusuan.Document) { setCell(t, d, kSum, "special_revenue", "income", 100) }},
	"SUM-013": {fail: func(t testing.TB, d *yusuan.Document) { bump(t, d, kSum, "project", "expenditure", 100) }},
	"SUM-014": {fail: func(t testing.TB, d *yusuan.Document) { bump(t, d, kSum, "wages", "expenditure", 100) }},
	"SUM-015": {fail: func(t testing.TB, d *yusuan.Document) { bump(t, d, kSum, "project_other", "expenditure", 100) }},
	"SUM-016": {fail: func(t testing.TB, d *yusuan.Document) { bump(t, d, kFis, "total", "income", 100) }},
	"SUM-017": {pass: withPersonnelColumns, fail: func(t testing.TB, d *yusuan.Document) {
		withPersonnelColumns(t, d)
		bump(t, d, kGPB, "30201", "public_funds", 100)
	}},
	"SUM-018": {fail: func(t testing.TB, d *yusuan.Document) { setCell(t, d, kExp, "2050802", "capital", -100) }},

	"TIE-001": {fail: func(t testing.TB, d *yusuan.Document) { bump(t, d, kSum, "basic", "expenditure", 100) }},
	"TIE-002": {fail: func(t testing.TB, d *yusuan.Document) { setCell(t, d, kSum, "transfer", "income", 100) }},
	"TIE-003": {fail: func(t testing.TB, d *yusuan.Document) { setCell(t, d, kFis, "special_revenue", "income", 100) }},
	"TIE-004": {fail: func(t testing.TB, d *yusuan.Document) { bump(t, d, kGPF, "合计", "wages", 100) }},
	"TIE-005": {fail: func(t testing.TB, d *yusuan.Document) { bump(t, d, kInc, "2010301", "total", 100) }},
	"TIE-006": {fail: func(t testing.TB, d *yusuan.Document) { dropTables(d, kInc); bump(t, d, kGPF, "2010301", "total", 100) }},
	"TIE-007": {fail: func(t testing.TB, d *yusuan.Document) {
		dropTables(d, kSum)
		bump(t, d, kFis, "basic", "expenditure", 100)
	}},
	"TIE-008": {fail: func(t testing.TB, d *yusuan.Document) {
		dropTables(d, kSum)
		setCell(t, d, kFis, "gov_fund", "income", 100)
	}},
	"TIE-009": {fail: func(t testing.TB, d *yusuan.Document) { bump(t, d, kGPF, "2010301", "total", 100) }},
	"TIE-010": {fail: func(t testing.TB, d *yusuan.Document) {
		dropTables(d, kSum, kExp)
		bump(t, d, kGPF, "合计", "basic", 100)
	}},
	"TIE-011": {fail: func(t testing.TB, d *yusuan.Document) {
		dropTables(d, kSum, kExp, kFis)
		bump(t, d, kGPE, "合计", "basic", 100)
	}},
	"TIE-012": {fail: func(t testing.TB, d *yusuan.Document) {
		dropTables(d, kSum, kExp, kFis)
		bump(t, d, kGPB, "合计", "total", 100)
	}},
	"TIE-013": {fail: func(t testing.TB, d *yusuan.Document) { bump(t, d, kGPB, "30201", "total", 100) }},
	"TIE-014": {fail: func(t testing.TB, d *yusuan.Document) { bump(t, d, kTPE, "reception", "amount", 100) }},
	"TIE-019": {fail: withFundRow(kFund)},
	"TIE-020": {fail: withFundRow(kFund, kSum, kInc)},
	"TIE-021": {fail: withFundRow(kCap)},
	"TIE-022": {fail: withFundRow(kCap, kSum, kInc)},
	"TIE-023": {fail: func(t testing.TB, d *yusuan.Document) { dropTables(d, kSum); bump(t, d, kGPE, "合计", "basic", 100) }},
	"TIE-024": {fail: func(t testing.TB, d *yusuan.Document) { dropTables(d, kSum); bump(t, d, kGPB, "合计", "total", 100) }},
	"TIE-025": {fail: func(t testing.TB, d *yusuan.Document) { bump(t, d, kGPB, "合计", "total", 100) }},
	"TIE-099": {fail: func(t testing.TB, d *yusuan.Document) {
		dropTables(d, kSum, kExp, kGPF)
		bump(t, d, kGPE, "合计", "basic", 100)
	}},

	"CODE-001": {fail: func(t testing.TB, d *yusuan.Document) { row(t, tbl(t, d, kExp), "2050802").Code = "2059998" }},
	"CODE-002": {fail: func(t testing.TB, d *yusuan.Document) { row(t, tbl(t, d, kGPB), "30201").Code = "30288" }},
	"CODE-003": {fail: func(t testing.TB, d *yusuan.Document) { row(t, tbl(t, d, kGPE), "30202").GovCode = "50288" }},
	"CODE-004": {fail: func(t testing.TB, d *yusuan.Document) { row(t, tbl(t, d, kExp), "2050802").Name = "国防动员" }},
	"CODE-005": {fail: func(t testing.TB, d *yusuan.Document) { row(t, tbl(t, d, kGPB), "30201").Name = "印刷费" }},
	"CODE-006": {fail: func(t testing.TB, d *yusuan.Document) { row(t, tbl(t, d, kGPE), "30202").GovName = "会议费_行政" }},
	"CODE-007": {fail: func(t testing.TB, d *yusuan.Document) { row(t, tbl(t, d, kGPE), "30202").GovCode = "50202" }},
	"CODE-008": {pass: func(t testing.TB, d *yusuan.Document) {
		x := tbl(t, d, kGPE)
		for i := range x.Rows {
			if x.Rows[i].GovCode == "50501" {
				x.Rows[i].GovCode, x.Rows[i].GovName = "50101", "工资奖金津补贴_行政"
			}
		}
	}, fail: func(t testing.TB, d *yusuan.Document) {
		row(t, tbl(t, d, kGPE), "30202").GovName = "办公经费_事业"
	}},
	"CODE-009": {fail: func(t testing.TB, d *yusuan.Document) {
		setCell(t, d, kGPE, "31002", "capital", 0)
		setCell(t, d, kGPE, "31002", "goods", yusuan.Yuan(500000))
	}},
	"CODE-010": {fail: func(t testing.TB, d *yusuan.Document) { row(t, tbl(t, d, kExp), "2050802").Code = "205080201" }},

	"NAR-001": {fail: func(t testing.TB, d *yusuan.Document) { setFigure(t, d, "amount", "basic", 0, "5443") }},
	"NAR-002": {fail: func(t testing.TB, d *yusuan.Document) { setFigure(t, d, "share", "basic", 0, "56.22") }},
	"NAR-003": {fail: func(t testing.TB, d *yusuan.Document) { setFigure(t, d, "growth", "total", 0, "10.57") }},
	"NAR-004": {fail: func(t testing.TB, d *yusuan.Document) {
		replaceText(t, d, "changes", "运行维护费预算数比 2020 年增加 10 万元", "运行维护费预算数比 2020 年持平 10 万元")
	}},
	"NAR-005": {fail: func(t testing.TB, d *yusuan.Document) {
		replaceText(t, d, "changes", "主要原因：公务用车运行维护费用增加", "")
	}},
	"NAR-006": {pass: withLastYear("1648"), fail: withLastYear("1700")},
	"NAR-007": {fail: func(t testing.TB, d *yusuan.Document) { setFigure(t, d, "change", "total", 1, "1031") }},
	"NAR-008": {fail: func(t testing.TB, d *yusuan.Document) {
		replaceText(t, d, "expenditure", "基本支出 5433 万元", "基本支出 5433 元")
		s := section(t, d, "expenditure")
		for i := range s.Figures {
			if s.Figures[i].Ref == "basic" {
				s.Figures[i].Unit = "元"
				break
			}
		}
	}},
	"NAR-009": {fail: func(t testing.TB, d *yusuan.Document) { setFigure(t, d, "amount", "project", 0, "4329") }},
	"NAR-010": {fail: func(t testing.TB, d *yusuan.Document) { setFigure(t, d, "share", "project", 0, "43.87") }},
	"NAR-011": {fail: func(t testing.TB, d *yusuan.Document) {
		replaceText(t, d, "overview", "与 2020 年预算相比", "与 2019 年预算相比")
	}},
	"NAR-012": {fail: func(t testing.TB, d *yusuan.Document) { setFigure(t, d, "amount", "operating_cost", 0, "1700") }},

	"TPE-001": {fail: func(t testing.TB, d *yusuan.Document) { bump(t, d, kTPE, "three_public", "amount", 10000) }},
	"TPE-002": {fail: func(t testing.TB, d *yusuan.Document) { bump(t, d, kTPE, "vehicle", "amount", 10000) }},
	"TPE-003": {fail: func(t testing.TB, d *yusuan.Document) { setFigure(t, d, "amount", "three_public", 0, "118") }},
	"TPE-004": {pass: withVehicleFigure("100"), fail: withVehicleFigure("110")},
	"TPE-005": {fail: func(t testing.TB, d *yusuan.Document) {
		s := section(t, d, "changes")
		s.Paragraphs[12] = "3. 公务接待费 8 万元，主要用于按规定开支的各类公务接待（含外宾接待）支出。"
		var fs []yusuan.Figure
		for _, f := range s.Figures {
			if !(f.Ref == "three_public.reception" && f.Kind == "change") {
				fs = append(fs, f)
			}
		}
		s.Figures = fs
	}},
	"TPE-006": {fail: func(t testing.TB, d *yusuan.Document) { setFigure(t, d, "count", "vehicles.total", 0, "0") }},

	"PROC-001": {fail: func(t testing.TB, d *yusuan.Document) { bump(t, d, kProc, "合计", "amount", 100) }},
	"PROC-002": {fail: func(t testing.TB, d *yusuan.Document) { bump(t, d, kProc, "合计", "quantity", 100) }},
	"PROC-003": {fail: func(t testing.TB, d *yusuan.Document) { setFigure(t, d, "amount", "procurement_price:0", 0, "0.45") }},
	"PROC-004": {fail: func(t testing.TB, d *yusuan.Document) {
		procurementItems(tbl(t, d, kProc))[0].Cells["amount"] = yusuan.AmountValue(yusuan.Yuan(80000))
	}},
	"PROC-005": {fail: func(t testing.TB, d *yusuan.Document) { setFigure(t, d, "amount", "procurement.services", 0, "5") }},
	"PROC-006": {fail: func(t testing.TB, d *yusuan.Document) { setFigure(t, d, "amount", "procurement", 0, "60") }},
	"PROC-007": {pass: withUnitPrice, fail: func(t testing.TB, d *yusuan.Document) {
		withUnitPrice(t, d)
		r := procurementItems(tbl(t, d, kProc))[0]
		r.Cells["unit_price"] = yusuan.AmountValue(r.Amount("unit_price") + 100)
	}},
	"PROC-008": {fail: func(t testing.TB, d *yusuan.Document) { procurementItems(tbl(t, d, kProc))[0].Code = "2010399" }},

	"PERF-001": {fail: func(t testing.TB, d *yusuan.Document) { d.TablesOf(kPerfP)[1].Project = "另一个项目" }},
	"PERF-002": {fail: func(t testing.TB, d *yusuan.Document) { setFigure(t, d, "amount", "project:it-systems", 0, "151") }},
	"PERF-003": {fail: func(t testing.TB, d *yusuan.Document) {
		setCell(t, d, kPerfD, "budget_other", "value", yusuan.Yuan(10000))
	}},
	"PERF-004": {fail: func(t testing.TB, d *yusuan.Document) {
		bump(t, d, kPerfD, "budget_basic", "value", -yusuan.Yuan(39962427))
		bump(t, d, kPerfD, "budget_total", "value", -yusuan.Yuan(39962427))
		bump(t, d, kPerfD, "budget_fiscal", "value", -yusuan.Yuan(39962427))
	}},
	"PERF-005": {fail: func(t testing.TB, d *yusuan.Document) {
		x := d.TablesOf(kPerfP)[0]
		for i := range x.Rows {
			if x.Rows[i].Key == "indicator" && x.Rows[i].Name != "" {
				x.Rows[i].Cells["target"] = yusuan.TextValue("")
				return
			}
		}
	}},
	"PERF-006": {fail: func(t testing.TB, d *yusuan.Document) {
		row(t, d.TablesOf(kPerfP)[0], "this_year").Cells["value"] = yusuan.AmountValue(yusuan.Yuan(100_000_000))
	}},
	"PERF-007": {fail: func(t testing.TB, d *yusuan.Document) {
		x := *d.TablesOf(kPerfP)[0]
		x.Project = "新增的项目"
		x.Rows = nil
		d.Tables = append(d.Tables, x)
	}},
	"PERF-008": {fail: func(t testing.TB, d *yusuan.Document) {
		row(t, d.TablesOf(kPerfP)[0], "project_total").Cells["value"] = yusuan.AmountValue(100)
	}},
	"PERF-009": {pass: func(t testing.TB, d *yusuan.Document) {
		for _, x := range d.TablesOf(kPerfP) {
			row(t, x, "last_year").Cells["value"] = row(t, x, "last_year_total").Cells["value"]
		}
	}, fail: func(t testing.TB, d *yusuan.Document) {
		row(t, d.TablesOf(kPerfP)[1], "last_year").Cells["value"] = yusuan.AmountValue(0)
	}},
	"PERF-010": {fail: func(t testing.TB, d *yusuan.Document) {
		x := d.TablesOf(kPerfP)[0]
		var rs []yusuan.Row
		for _, r := range x.Rows {
			if r.Key != "indicator" {
				rs = append(rs, r)
			}
		}
		x.Rows = rs
	}},

	"FACT-001": {fail: func(t testing.TB, d *yusuan.Document) { setFigure(t, d, "count", "staffing.authorized", 0, "276") }},
	"FACT-002": {fail: func(t testing.TB, d *yusuan.Document) { setFigure(t, d, "count", "vehicles.total", 0, "21") }},
	"FACT-003": {fail: func(t testing.TB, d *yusuan.Document) { setFigure(t, d, "count", "vehicles.total", 1, "22") }},
	"FACT-004": {fail: func(t testing.TB, d *yusuan.Document) { setFigure(t, d, "count", "projects", 0, "8") }},
}

func only(fs []Finding, id string) []Finding {
	var out []Finding
	for _, f := range fs {
		if f.Rule == id {
			out = append(out, f)
		}
	}
	return out
}

// TestRules runs every rule on its passing and its failing document.
func TestRules(t *testing.T) {
	for _, r := range Rules() {
		t.Run(r.ID, func(t *testing.T) {
			c, ok := ruleCases[r.ID]
			if !ok {
				t.Fatalf("rule %s has no test case", r.ID)
			}
			doc, ctx := example(t)
			if c.pass != nil {
				c.pass(t, doc)
			}
			if c.ctx != nil {
				c.ctx(t, doc, &ctx, false)
			}
			if fs := only(Run(doc, ctx, []*Rule{r}), r.ID); len(fs) > 0 {
				t.Errorf("passing document: %d findings, first: %s (expected %s, actual %s; %s)", len(fs), fs[0].Message, fs[0].Expected, fs[0].Actual, fs[0].Detail)
			}
			doc, ctx = example(t)
			if c.fail != nil {
				c.fail(t, doc)
			}
			if c.ctx != nil {
				c.ctx(t, doc, &ctx, true)
			}
			fs := only(Run(doc, ctx, []*Rule{r}), r.ID)
			if len(fs) == 0 {
				t.Errorf("failing document: no finding")
				return
			}
			for _, f := range fs {
				if f.Message == "" || f.Severity == "" {
					t.Errorf("finding without message or severity: %+v", f)
				}
				t.Logf("%s: %s | expected %s | actual %s | %s | %v", f.Severity, f.Message, f.Expected, f.Actual, f.Detail, f.Source)
			}
		})
	}
	for id := range ruleCases {
		if RuleByID(id) == nil {
			t.Errorf("test case for unknown rule %s", id)
		}
	}
}

func TestRuleCatalog(t *testing.T) {
	seen := map[string]bool{}
	for _, r := range Rules() {
		if seen[r.ID] {
			t.Errorf("duplicate rule %s", r.ID)
		}
		seen[r.ID] = true
		if r.Title == "" || r.Doc == "" || r.Run == nil || r.Severity == "" || r.Category == "" {
			t.Errorf("rule %s is incomplete", r.ID)
		}
	}
	if n := len(Rules()); n < 60 {
		t.Errorf("%d rules, want at least 60", n)
	}
}
