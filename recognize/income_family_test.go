package recognize_test

import (
	"strings"
	"testing"

	"github.com/yusuan/yusuan"
	"github.com/yusuan/yusuan/catalog"
	"github.com/yusuan/yusuan/profile"
	"github.com/yusuan/yusuan/read/pdf"
	"github.com/yusuan/yusuan/recognize"
)

// box places a word at its printed box (x0, y0, x1, y1 from the top).
func box(x0, y0, x1, y1 float64, text string) pdf.Word {
	return pdf.Word{X0: x0, Y0: y0, X1: x1, Y1: y1, Text: text}
}

// TestIncomeTableWithCarryOverGroup lays out the 收入总表 of the Jiangsu
// and Zhejiang unit budgets (and Beijing's 预算02表): 合计, then 本年收入
// over 小计 and ten sources, then 上年结转结余 over 小计 and five parts,
// the two group words alone on the header's top line over columns of
// uneven widths; the narrow 政府性基金预算 and 国有资本经营预算 columns
// print their amounts wrapped in the cell (“143,999.0” over “0”, centred
// on the row). Every column must get its own key under its group, and
// the wrapped amounts must stay on their rows.
func TestIncomeTableWithCarryOverGroup(t *testing.T) {
	words := []pdf.Word{
		box(377, 54, 465, 76, "收入总表"),
		box(4, 80, 169, 92, "单位：某某局（本级）"), box(784, 80, 839, 92, "单位：万元"),
		box(371.3, 95.3, 415.3, 106.3, "本年收入"), box(687.9, 95.3, 753.9, 106.3, "上年结转结余"),
		box(8, 107.1, 40.5, 118.1, "单位代"), box(18.9, 121.3, 29.4, 131.8, "码"), box(68.3, 113.9, 111.3, 124.9, "单位名称"),
		box(148.8, 114.1, 169.8, 124.6, "合计"),
		box(199.6, 123.1, 217.6, 132.1, "小计"),
		box(236, 117.3, 281, 126.3, "一般公共预"), box(254, 128.9, 263, 137.9, "算"),
		box(284.2, 117.3, 320.2, 126.3, "政府性基"), box(288.7, 128.9, 315.7, 137.9, "金预算"),
		box(324.5, 111.4, 351.5, 120.4, "国有资"), box(324.5, 123.1, 351.5, 132.1, "本经营"), box(329, 134.8, 347, 143.8, "预算"),
		box(356.8, 117.3, 401.8, 126.3, "财政专户管"), box(365.8, 128.9, 392.8, 137.9, "理资金"),
		box(419.2, 116.4, 437.2, 125.4, "事业"), box(419.2, 129.8, 437.2, 138.8, "收入"),
		box(455, 117.3, 491, 126.3, "事业单位"), box(455, 128.9, 491, 137.9, "经营收入"),
		box(496.7, 117.3, 523.7, 126.3, "上级补"), box(496.7, 128.9, 523.7, 137.9, "助收入"),
		box(530.7, 111.4, 557.7, 120.4, "附属单"), box(530.7, 123.1, 557.7, 132.1, "位上缴"), box(535.2, 134.8, 553.2, 143.8, "收入"),
		box(573.2, 116.4, 591.2, 125.4, "其他"), box(573.2, 129.8, 591.2, 138.8, "收入"),
		box(614.6, 123.1, 632.6, 132.1, "小计"),
		box(646.7, 117.3, 682.7, 126.3, "一般公共"), box(655.7, 128.9, 673.7, 137.9, "预算"),
		box(688.2, 117.3, 724.2, 126.3, "政府性基"), box(692.7, 128.9, 719.7, 137.9, "金预算"),
		box(727.3, 111.4, 754.3, 120.4, "国有资"), box(727.3, 123.1, 754.3, 132.1, "本经营"), box(731.8, 134.8, 749.8, 143.8, "预算"),
		box(757.2, 117.3, 793.2, 126.3, "财政专户"), box(757.2, 128.9, 793.2, 137.9, "管理资金"),
		box(808.3, 116.4, 826.3, 125.4, "单位"), box(808.3, 129.8, 826.3, 138.8, "资金"),
		// 合计, its wrapped amounts above and below it.
		box(284.7, 148.4, 318.4, 155.9, "143,999.0"), box(322.5, 148.4, 352.5, 155.9, "32,640.0"),
		box(60.6, 153.3, 75.6, 160.8, "合计"), box(143.7, 153.3, 181.2, 160.8, "984,760.87"), box(193.6, 153.3, 231.1, 160.8, "984,760.87"),
		box(243.5, 153.3, 281, 160.8, "196,278.67"), box(563, 153.3, 600.5, 160.8, "611,843.20"),
		box(314.7, 158.1, 318.4, 165.6, "0"), box(348.8, 158.1, 352.5, 165.6, "0"),
		// The unit, its name wrapped too.
		box(45.1, 168.4, 127.6, 175.9, "某某局（本级"), box(284.7, 168.4, 318.4, 175.9, "143,999.0"), box(322.5, 168.4, 352.5, 175.9, "32,640.0"),
		box(11.3, 173.2, 33.9, 180.7, "313001"), box(143.7, 173.2, 181.2, 180.7, "984,760.87"), box(193.6, 173.2, 231.1, 180.7, "984,760.87"),
		box(243.5, 173.2, 281, 180.7, "196,278.67"), box(563, 173.2, 600.5, 180.7, "611,843.20"),
		box(45.1, 178.1, 52.6, 185.6, "）"), box(314.7, 178.1, 318.4, 185.6, "0"), box(348.8, 178.1, 352.5, 185.6, "0"),
	}
	l := pdf.Layout("income.pdf", []pdf.Page{{Width: 842, Height: 595, Words: words}})
	g, err := profile.General()
	if err != nil {
		t.Fatal(err)
	}
	cat, err := catalog.Load(2026)
	if err != nil {
		t.Fatal(err)
	}
	res, err := recognize.RecognizeGeneral(l, g, cat)
	if err != nil {
		t.Fatal(err)
	}
	tb := res.Doc.Table(yusuan.KindIncome)
	if tb == nil {
		t.Fatal("no income table")
	}
	var cols []string
	for _, c := range tb.Columns {
		cols = append(cols, c.Key+"="+c.Group+"/"+c.Label)
	}
	want := []string{"total=/合计", "c2=本年收入/小计", "general_public=本年收入/一般公共预算", "gov_fund=本年收入/政府性基金预算",
		"state_capital=本年收入/国有资本经营预算", "special_account=本年收入/财政专户管理资金", "business=本年收入/事业收入",
		"operating=本年收入/事业单位经营收入", "superior=本年收入/上级补助收入", "affiliated=本年收入/附属单位上缴收入",
		"other_income=本年收入/其他收入", "carry_over=上年结转结余/小计", "c13=上年结转结余/一般公共预算",
		"c14=上年结转结余/政府性基金预算", "c15=上年结转结余/国有资本经营预算", "c16=上年结转结余/财政专户管理资金",
		"c17=上年结转结余/单位资金"}
	if strings.Join(cols, "\n") != strings.Join(want, "\n") {
		t.Errorf("columns\n  %s\nwant\n  %s", strings.Join(cols, "\n  "), strings.Join(want, "\n  "))
	}
	if len(tb.Rows) != 2 {
		for _, r := range tb.Rows {
			t.Logf("%s %s %v", r.Code, r.Name, r.Cells)
		}
		t.Fatalf("%d rows, want 合计 and the unit", len(tb.Rows))
	}
	for _, r := range tb.Rows {
		for col, v := range map[string]yusuan.Amount{"total": yusuan.Yuan(9847608700), "c2": yusuan.Yuan(9847608700), "general_public": yusuan.Yuan(1962786700),
			"gov_fund": yusuan.Yuan(1439990000), "state_capital": yusuan.Yuan(326400000), "other_income": yusuan.Yuan(6118432000)} {
			if r.Amount(col) != v {
				t.Errorf("%s %s: %s = %d, want %d", r.Code, r.Name, col, r.Amount(col), v)
			}
		}
	}
	if r := tb.Rows[1]; r.Code != "313001" || r.Name != "某某局（本级）" {
		t.Errorf("unit row %q %q, want 313001 某某局（本级）", r.Code, r.Name)
	}
}

// TestSummaryTotalsOnTop: a 收支总表 printing 合计 as its first line on both
// sides (Chongqing 表一) has a total row per side, each with its side's
// amount, for the checker to compare with 支出总表 and 收入总表.
func TestSummaryTotalsOnTop(t *testing.T) {
	words := []pdf.Word{
		box(300, 60, 480, 78, "2026年部门收支总体情况表"),
		box(21, 98, 172, 109, "单位名称：某某厅"), box(772, 98, 822, 109, "单位：万元"),
		box(140, 120, 170, 131, "收入"), box(600, 120, 630, 131, "支出"),
		box(60, 135, 90, 146, "项目"), box(230, 135, 270, 146, "预算数"), box(520, 135, 550, 146, "项目"), box(700, 135, 740, 146, "预算数"),
		box(60, 150, 90, 161, "合计"), box(220, 150, 270, 161, "19,230.18"), box(520, 150, 550, 161, "合计"), box(690, 150, 740, 161, "19,230.18"),
		box(20, 165, 150, 176, "一、一般公共预算资金"), box(220, 165, 270, 176, "18,417.70"), box(480, 165, 620, 176, "一、一般公共服务支出"), box(690, 165, 740, 176, "15,958.96"),
		box(20, 180, 150, 191, "二、事业收入资金"), box(230, 180, 270, 191, "812.48"), box(480, 180, 620, 191, "二、住房保障支出"), box(690, 180, 740, 191, "3,271.22"),
	}
	l := pdf.Layout("summary.pdf", []pdf.Page{{Width: 842, Height: 595, Words: words}})
	g, err := profile.General()
	if err != nil {
		t.Fatal(err)
	}
	cat, err := catalog.Load(2026)
	if err != nil {
		t.Fatal(err)
	}
	res, err := recognize.RecognizeGeneral(l, g, cat)
	if err != nil {
		t.Fatal(err)
	}
	tb := res.Doc.Table(yusuan.KindSummary)
	if tb == nil {
		t.Fatal("no summary table")
	}
	sides := map[string]bool{}
	for _, r := range tb.Rows {
		if r.Level != yusuan.LevelTotal {
			continue
		}
		for col := range r.Cells {
			if r.Amount(col) != yusuan.Yuan(192301800) {
				t.Errorf("total row %q: %s = %d", r.Name, col, r.Amount(col))
			}
			sides[col] = true
		}
	}
	if !sides["income"] || !sides["expenditure"] {
		for _, r := range tb.Rows {
			t.Logf("%q level %q key %q %v", r.Name, r.Level, r.Key, r.Cells)
		}
		t.Fatalf("total rows cover sides %v, want income and expenditure", sides)
	}
}

// TestUnreadFormKeepsPositionalColumns: a 部门整体支出绩效目标表 that the
// form reader cannot take apart (Beijing 预算13表: a budget grid over an
// indicator list headed 活动 | 绩效指标 | 指标性质 | 指标值 | 度量单位) stays
// as printed, and its columns are not keyed as an expenditure table's
// 合计/基本支出/项目支出 — else the indicator values (4500 人次) are summed
// as 基本支出 + 项目支出.
func TestUnreadFormKeepsPositionalColumns(t *testing.T) {
	words := []pdf.Word{
		box(330, 40, 520, 52, "预算13表 部门整体支出绩效目标表"),
		box(40, 70, 90, 81, "部门名称"), box(110, 70, 190, 81, "某某局"),
		box(420, 85, 460, 96, "财政拨款"), box(700, 85, 740, 96, "其他资金"),
		box(120, 98, 190, 109, "预算支出总额"), box(300, 98, 330, 109, "合计"), box(400, 98, 440, 109, "基本支出"), box(500, 98, 540, 109, "项目支出"),
		box(640, 98, 670, 109, "合计"), box(760, 98, 800, 109, "项目支出"),
		box(110, 115, 190, 126, "23,083.34"), box(260, 115, 330, 126, "22,976.34"), box(370, 115, 440, 126, "15,260.12"),
		box(470, 115, 540, 126, "7,716.22"), box(620, 115, 670, 126, "107.00"), box(750, 115, 800, 126, "50.00"),
		box(60, 150, 90, 161, "活动"), box(250, 150, 300, 161, "绩效指标"), box(430, 150, 470, 161, "指标性质"),
		box(560, 150, 590, 161, "指标值"), box(720, 150, 760, 161, "度量单位"),
		box(50, 170, 100, 181, "法制建设"), box(200, 165, 400, 176, "产出指标数量指标行政执法资格考试"), box(440, 170, 450, 181, "≤"),
		box(560, 170, 590, 181, "4500"), box(730, 170, 750, 181, "人次"), box(200, 176, 230, 187, "人数"),
		box(50, 195, 100, 206, "法制建设"), box(200, 190, 400, 201, "产出指标数量指标课题研究数量"), box(440, 195, 450, 206, "≥"),
		box(570, 195, 580, 206, "3"), box(735, 195, 745, 206, "个"),
	}
	l := pdf.Layout("form.pdf", []pdf.Page{{Width: 842, Height: 595, Words: words}})
	g, err := profile.General()
	if err != nil {
		t.Fatal(err)
	}
	res, err := recognize.RecognizeGeneral(l, g, nil)
	if err != nil {
		t.Fatal(err)
	}
	tb := res.Doc.Table(yusuan.KindPerformanceDepartment)
	if tb == nil {
		for _, x := range res.Doc.Tables {
			t.Logf("%s %s", x.Kind, x.Title)
		}
		t.Fatal("no department performance form")
	}
	for _, c := range tb.Columns {
		switch c.Key {
		case "total", "basic", "project", "general_public", "appropriation":
			t.Errorf("form column %q keyed %s, as an expenditure table's", c.Label, c.Key)
		}
	}
}

// TestProjectGridWithSerialNumbers: Chongqing's 一般性项目绩效目标表 prints
// its projects as a grid, 序号 | 项目名称 | 当年财政拨款 预算金额 | 当年绩效目标 |
// 指标名称 | 指标性质 | 指标值 | 计量单位 | 指标权重, each project's cells centred
// on its block of indicators: one form per project, its name without the
// 序号, its amount, its indicators.
func TestProjectGridWithSerialNumbers(t *testing.T) {
	words := []pdf.Word{
		box(55.8, 73.2, 82.3, 82.7, "表十二"),
		box(259.6, 111, 574.5, 128.8, "2026年市级一般性项目绩效目标表（一级项目）"),
		box(55.8, 148.8, 235.3, 160.2, "资金主管部门：某某厅"), box(733.6, 148.8, 777.8, 160.2, "单位：万元"),
		box(163.7, 173.2, 227, 185.1, "当年财政拨款"), box(728, 173.2, 770.2, 185.1, "指标权重"),
		box(65.5, 179.7, 86.6, 191.5, "序号"), box(107.4, 179.7, 149.6, 191.5, "项目名称"), box(261.4, 179.7, 324.7, 191.5, "当年绩效目标"),
		box(434.8, 179.7, 477, 191.5, "指标名称"), box(562.7, 179.7, 604.9, 191.5, "指标性质"), box(621.4, 179.7, 653, 191.5, "指标值"),
		box(670.2, 179.7, 712.4, 191.5, "计量单位"),
		box(174.2, 186.1, 216.4, 197.9, "预算金额"), box(740.9, 186.1, 757.2, 197.9, "(%)"),
		box(356.9, 212.2, 553.9, 226.3, "咨询一次性解答率"), box(578.5, 212.2, 589, 226.3, "≥"), box(631.9, 212.2, 642.5, 226.3, "70"), box(688.4, 212.2, 694.1, 226.3, "%"), box(743.9, 212.2, 754.4, 226.3, "60"),
		box(102.1, 226, 154.9, 238, "业务及日常"), box(233.2, 226, 349.3, 238, "完成各项业务工作"),
		box(73.4, 238, 78.7, 252, "1"), box(102.1, 238, 154.9, 252, "运行项目"), box(176.9, 238, 213.8, 252, "8,534.17"),
		box(356.9, 238, 462.4, 252, "部门预决算按时公开率"), box(578.5, 238, 589, 252, "＝"), box(629.3, 238, 645.1, 252, "100"), box(688.4, 238, 694.1, 252, "%"), box(743.9, 238, 754.4, 252, "30"),
		box(356.9, 264, 430.8, 278, "年度预算执行率"), box(580.3, 264, 587.1, 278, "="), box(629.4, 264, 645.2, 278, "100"), box(688.4, 264, 694.1, 278, "%"), box(743.9, 264, 754.4, 278, "10"),
	}
	l := pdf.Layout("forms.pdf", []pdf.Page{{Width: 842, Height: 595, Words: words}})
	g, err := profile.General()
	if err != nil {
		t.Fatal(err)
	}
	res, err := recognize.RecognizeGeneral(l, g, nil)
	if err != nil {
		t.Fatal(err)
	}
	forms := res.Doc.TablesOf(yusuan.KindPerformanceProject)
	if len(forms) != 1 {
		t.Fatalf("%d project forms, want 1", len(forms))
	}
	f := forms[0]
	if f.Project != "业务及日常运行项目" {
		t.Errorf("project %q, want 业务及日常运行项目", f.Project)
	}
	n := 0
	var amount yusuan.Amount
	for _, r := range f.Rows {
		switch r.Key {
		case "indicator":
			n++
		case "appropriation":
			amount = r.Amount("value")
		}
	}
	if n != 3 || amount != yusuan.Yuan(85341700) {
		for _, r := range f.Rows {
			t.Logf("%s %s %v", r.Key, r.Name, r.Cells)
		}
		t.Errorf("%d indicators and 当年财政拨款 %d, want 3 and 8,534.17 万元", n, amount)
	}
}
