package compile_test

import (
	"strings"
	"testing"

	"github.com/yusuan/yusuan"
	"github.com/yusuan/yusuan/budgetfile"
	"github.com/yusuan/yusuan/catalog"
	"github.com/yusuan/yusuan/compile"
	"github.com/yusuan/yusuan/profile"
)

const finalExample = "../examples/central-2024-xinfangju-final/budget.yaml"

func compileFinal(t *testing.T) *yusuan.Document {
	t.Helper()
	b, err := budgetfile.Load(finalExample, catalog.Load)
	if err != nil {
		t.Fatal(err)
	}
	p, err := profile.Load("mof-final")
	if err != nil {
		t.Fatal(err)
	}
	cat, err := catalog.Load(b.Year)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := compile.Compile(b, p, cat)
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

func rowByKey(t *testing.T, tb *yusuan.Table, key string) *yusuan.Row {
	t.Helper()
	for i := range tb.Rows {
		if tb.Rows[i].Key == key {
			return &tb.Rows[i]
		}
	}
	t.Fatalf("%s: no row %q", tb.Title, key)
	return nil
}

// The example reproduces the published 决算's printed figures: both sides
// of 总计, the fund identity, the 三公 预算数 and 决算数 and the narrative's
// completion rates, as 国家信访局 printed them (except the 三公 合计, which
// the publication prints 0.01 over its own items).
func TestFinalExampleMatchesThePublishedFigures(t *testing.T) {
	doc := compileFinal(t)
	if doc.Kind != yusuan.DocFinal || doc.Level != yusuan.LevelDepartment {
		t.Fatalf("kind %q level %q", doc.Kind, doc.Level)
	}
	wan := func(a yusuan.Amount) string { return a.Wan(2) }
	sum := doc.Table(yusuan.KindSummary)
	gt := rowByKey(t, sum, "grand_total")
	if wan(gt.Amount("income")) != "22066.59" || gt.Amount("income") != gt.Amount("expenditure") {
		t.Errorf("总计 %s | %s, want 22066.59 on both sides", wan(gt.Amount("income")), wan(gt.Amount("expenditure")))
	}
	for key, want := range map[string]string{"income_total": "20451.35", "carry_in": "1615.24"} {
		if got := wan(rowByKey(t, sum, key).Amount("income")); got != want {
			t.Errorf("%s = %s, want %s", key, got, want)
		}
	}
	for key, want := range map[string]string{"expenditure_total": "14572.53", "carry_out": "7494.06"} {
		if got := wan(rowByKey(t, sum, key).Amount("expenditure")); got != want {
			t.Errorf("%s = %s, want %s", key, got, want)
		}
	}
	fs := doc.Table(yusuan.KindFiscalSummary)
	if got := wan(rowByKey(t, fs, "carry_out").Amount("general_public")); got != "6993.74" {
		t.Errorf("年末财政拨款结转和结余 (一般公共预算) = %s, want 6993.74", got)
	}
	if got := wan(rowByKey(t, fs, "grand_total").Amount("income")); got != "20727.53" {
		t.Errorf("财政拨款总计 = %s, want 20727.53", got)
	}
	tp := doc.Table(yusuan.KindThreePublic).Rows[0]
	for key, want := range map[string]string{"budget.total": "76.43", "budget.abroad": "30.00", "budget.reception": "5.80", "budget.vehicle_operation": "40.63", "total": "46.20", "abroad": "4.69", "vehicle": "40.61", "reception": "0.90"} {
		if got := wan(tp.Amount(key)); got != want {
			t.Errorf("三公 %s = %s, want %s", key, got, want)
		}
	}
	if gf := doc.Table(yusuan.KindGovFund); len(gf.Rows) != 0 || !strings.Contains(gf.Note, "故本表无数据") {
		t.Errorf("政府性基金 table: %d rows, note %q", len(gf.Rows), gf.Note)
	}
	text := narrativeText(doc)
	for _, want := range []string{
		"财政拨款支出年初预算为15068.55万元，支出决算为13733.8万元，完成年初预算的91.14%",
		"年初预算为590.53万元，支出决算为4.7万元，完成年初预算的0.8%。决算数小于预算数的主要原因是年中按规定将部门机动经费调剂用于其他科目。",
		"年初预算为0万元，支出决算为497.53万元。决算数大于预算数的主要原因是",
		// 46.21 and 60.46% as published cannot both hold with the printed
		// items (see the example's header); the items' rates do.
		"支出预算为76.43万元，支出决算为46.2万元，完成预算的60.45%",
		"因公出国（境）费支出决算为4.69万元，完成预算的15.63%",
		"公务接待费支出决算为0.9万元，完成预算的15.52%",
		"团组数1个", "累计1人次", "保有量为15辆", "10批次、152人次",
		"政府采购支出总额1967.42万元", "占政府采购支出总额的92.54%", "占授予中小企业合同金额的55.78%",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("narrative lacks %q", want)
		}
	}
	var rates, budgets int
	for _, s := range doc.Narrative {
		for _, f := range s.Figures {
			if f.Kind == yusuan.FigureRate {
				rates++
			}
			if f.Quantity == yusuan.QuantityBudgetInitial && f.Kind == yusuan.FigureAmount {
				budgets++
			}
		}
	}
	// 15 年初预算 amounts (total + 14 项), 14 rates (one 项 has no budget) and 4 三公 rates.
	if budgets != 15 || rates != 18 {
		t.Errorf("%d budget figures and %d rates, want 15 and 18", budgets, rates)
	}
}

func narrativeText(doc *yusuan.Document) string {
	var b strings.Builder
	for _, s := range doc.Narrative {
		for _, p := range s.Paragraphs {
			b.WriteString(p)
			b.WriteByte('\n')
		}
	}
	return b.String()
}

// A final account cannot be laid out in a budget profile, nor a budget in
// a final one.
func TestKindMustMatchTheProfile(t *testing.T) {
	b, err := budgetfile.Load(finalExample, catalog.Load)
	if err != nil {
		t.Fatal(err)
	}
	cat, _ := catalog.Load(b.Year)
	p, _ := profile.Load("zhengzhou-2021")
	if _, err := compile.Compile(b, p, cat); err == nil || !strings.Contains(err.Error(), "决算") {
		t.Errorf("final budget in zhengzhou-2021: %v", err)
	}
	b.Kind = ""
	fp, _ := profile.Load("mof-final")
	if _, err := compile.Compile(b, fp, cat); err == nil || !strings.Contains(err.Error(), "预算") {
		t.Errorf("budget in mof-final: %v", err)
	}
}

// A 项 whose 决算数 differs from its budget needs a stated reason.
func TestMissingReasonStopsTheBuild(t *testing.T) {
	b, err := budgetfile.Load(finalExample, catalog.Load)
	if err != nil {
		t.Fatal(err)
	}
	delete(b.Final.Reasons, "function:2014004")
	cat, _ := catalog.Load(b.Year)
	p, _ := profile.Load("mof-final")
	_, err = compile.Compile(b, p, cat)
	if err == nil || !strings.Contains(err.Error(), "final.reasons.function:2014004") {
		t.Errorf("got %v", err)
	}
}

// Every fixed row of a two-sided final table fills one side only: a row
// with cells on both sides would be printed on the wrong side.
func TestFinalSummaryRowsFillOneSide(t *testing.T) {
	doc := compileFinal(t)
	for _, k := range []yusuan.TableKind{yusuan.KindSummary, yusuan.KindFiscalSummary} {
		tb := doc.Table(k)
		for _, r := range tb.Rows {
			if r.Key == "grand_total" {
				continue
			}
			_, in := r.Cells["income"]
			out := false
			for _, c := range tb.Columns {
				if c.Key != "income" {
					_, ok := r.Cells[c.Key]
					out = out || ok
				}
			}
			if in && out {
				t.Errorf("%s row %s (%s) fills both sides: %v", k, r.Key, r.Name, r.Cells)
			}
		}
	}
}

// A unit budget in the Shanghai municipal unit format: level unit, 单位
// titles, and the summary's expenditure side split into 人员经费, 公用经费
// and 项目支出 by functional 类, each adding up to 合计.
func TestShanghaiUnitBudget(t *testing.T) {
	b, err := budgetfile.Load("../testdata/budgets/minimal.yaml", catalog.Load)
	if err != nil {
		t.Fatal(err)
	}
	b.Level = yusuan.LevelBudgetUnit
	b.Bodies = []string{"办公室", "业务科"}
	b.Glossary = []yusuan.Term{{Term: "财政拨款收入", Definition: "本级财政当年拨付的资金。"}}
	for _, m := range []string{"fiscal", "general_public", "three_public", "three_public.abroad", "three_public.reception",
		"three_public.vehicle", "three_public.vehicle_purchase", "three_public.vehicle_operation"} {
		v, _ := b.Value(m)
		b.LastYear[m] = v
	}
	b.EmptyTables = map[yusuan.TableKind]string{yusuan.KindGovFund: "本单位无政府性基金预算", yusuan.KindStateCapital: "本单位无国有资本经营预算", yusuan.KindThreePublic: "本单位无“三公”经费"}
	p, err := profile.Load("shanghai-unit-2026")
	if err != nil {
		t.Fatal(err)
	}
	cat, _ := catalog.Load(b.Year)
	doc, err := compile.Compile(b, p, cat)
	if err != nil {
		t.Fatal(err)
	}
	if doc.Level != yusuan.LevelBudgetUnit || doc.Kind != yusuan.DocBudget {
		t.Errorf("kind %q level %q", doc.Kind, doc.Level)
	}
	sum := doc.Table(yusuan.KindSummary)
	if sum.Title != "2021年预算单位财务收支预算总表" {
		t.Errorf("title %q", sum.Title)
	}
	var classes int
	for _, r := range sum.Rows {
		if r.Level != yusuan.LevelClass && r.Level != yusuan.LevelTotal {
			continue
		}
		classes++
		if got := r.Amount("personnel") + r.Amount("public_funds") + r.Amount("project"); got != r.Amount("expenditure") {
			t.Errorf("%s: 人员经费 + 公用经费 + 项目支出 = %s ≠ 合计 %s", r.Name, got, r.Amount("expenditure"))
		}
	}
	tot := sum.Rows[len(sum.Rows)-1]
	if classes < 2 || tot.Amount("personnel") != yusuan.Yuan(800000) || tot.Amount("public_funds") != yusuan.Amount(13456789) || tot.Amount("project") != yusuan.Yuan(300000) {
		t.Errorf("%d class rows; 合计 %v", classes, tot.Cells)
	}
	if !strings.Contains(narrativeText(doc), "收入预算123万元，其中：财政拨款收入123万元") {
		t.Errorf("overview: %s", narrativeText(doc)[:400])
	}
}

// The narrative's procurement and performance need their facts: a final
// file without them stops the build instead of printing 0.
func TestMissingFinalBlocksStopTheBuild(t *testing.T) {
	cat, _ := catalog.Load(2024)
	p, _ := profile.Load("mof-final")
	for _, block := range []string{"procurement", "performance"} {
		b, err := budgetfile.Load(finalExample, catalog.Load)
		if err != nil {
			t.Fatal(err)
		}
		if block == "procurement" {
			b.Final.Procurement = nil
		} else {
			b.Final.Performance = nil
		}
		if _, err := compile.Compile(b, p, cat); err == nil || !strings.Contains(err.Error(), "缺少 final."+block) {
			t.Errorf("%s: %v", block, err)
		}
	}
}
