package recognize

import (
	"fmt"
	"strings"
	"testing"

	"github.com/yusuan/yusuan"
	"github.com/yusuan/yusuan/catalog"
)

// TestFigureWordings reads one paragraph of each wording the families use
// and lists its figures as "kind printed+unit ref base direction".
func TestFigureWordings(t *testing.T) {
	cat, err := catalog.Load(2024)
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name, title, para string
		final             bool
		want              []string
	}{
		{"relation with last year (Beijing)", "二、收入预算情况说明",
			"2026年度收入预算29956.27万元，比2025年年初预算数28479.84万元增加1476.43万元，增长5.18%。", false,
			[]string{"amount 29956.27万元 income", "amount 28479.84万元 last_year:income", "change 1476.43万元 income increase", "growth 5.18% income increase"}},
		{"由 A 增加到 B", "收支预算", "一般公共预算拨款支出由8,000.00万元增加到9,216.51万元，增加1,216.51万元，增长15.21%。", false,
			[]string{"amount 8,000.00万元 last_year:general_public", "amount 9,216.51万元 general_public", "change 1,216.51万元 general_public increase", "growth 15.21% general_public increase"}},
		{"share of a named whole", "三、支出预算情况说明", "基本支出预算19170.50万元，占本年支出预算63.99%。", false,
			[]string{"amount 19170.50万元 basic", "share 63.99% basic total"}},
		{"subject in a sentence of its own", "三公", "因公出国（境）费用。2026年预算数48.24万元，较2025年年初预算增加0.00万元。", false,
			[]string{"amount 48.24万元 three_public.abroad", "change 0.00万元 three_public.abroad increase"}},
		{"source qualifier after the measure", "其他", "2026年北京市司法局部门机关运行经费财政拨款预算1326.71万元。", false,
			[]string{"amount 1326.71万元 operating_cost"}},
		{"function by code and dash", "支出", "（四）2080501-行政单位离退休276.76万元。", false,
			[]string{"amount 276.76万元 function:2080501"}},
		{"function by code in brackets after the name", "支出", "1.行政运行（2010301）4,414.15万元，较上年增加293.55万元，增长7.12%。", false,
			[]string{"amount 4,414.15万元 function:2010301", "change 293.55万元 function:2010301 increase", "growth 7.12% function:2010301 increase"}},
		{"资本性支出（基本建设） is another item than 资本性支出", "支出",
			"（4）资本性支出（基本建设）（309）710.00万元，较上年无增减；（5）资本性支出（310）714.30万元，较上年减少13.95万元。", false,
			[]string{"amount 710.00万元", "change 0万元 flat", "amount 714.30万元 capital", "change 13.95万元 capital decrease"}},
		{"class with （类）", "支出", "2.教育（类）支出180.03万元，比2023年度决算数增加47.92万元，增长36.27%。", true,
			[]string{"amount 180.03万元 function:205", "change 47.92万元 function:205 increase", "growth 36.27% function:205 increase"}},
		{"path with （类）（款）（项） then 决算 figures", "支出",
			"1.一般公共服务（类）政府办公厅（室）及相关机构事务（款）行政运行（项）。年初预算为5717.32万元，支出决算为5757.63万元，完成年初预算的100.71%。", true,
			[]string{"amount 5717.32万元 function:2010301 budget_initial", "amount 5757.63万元 function:2010301", "rate 100.71% function:2010301 budget_initial"}},
		{"三公 决算 against its 预算", "三公",
			"“三公”经费财政拨款支出预算为76.43万元，2024年度支出决算为46.21万元，完成预算的60.46%。其中：因公出国（境）费支出决算为4.69万元，完成预算的15.63%。", true,
			[]string{"amount 76.43万元 three_public budget", "amount 46.21万元 three_public", "rate 60.46% three_public budget",
				"amount 4.69万元 three_public.abroad", "rate 15.63% three_public.abroad budget"}},
		{"carry-over and shares of a whole named before the first figure", "三公",
			"2024年度“三公”经费财政拨款支出决算中，因公出国（境）费支出决算4.69万元，占10.15%；公务接待费支出决算0.9万元，占1.95%。", true,
			[]string{"amount 4.69万元 three_public.abroad", "share 10.15% three_public.abroad three_public", "amount 0.9万元 three_public.reception", "share 1.95% three_public.reception three_public"}},
		{"balances", "收入", "3.年初结转和结余1615.24万元，比2023年度决算数减少754.91万元，降低31.85%。", true,
			[]string{"amount 1615.24万元 carry_in", "change 754.91万元 carry_in decrease", "growth 31.85% carry_in decrease"}},
		{"counts abroad", "三公", "2024年度共执行因公出国（境）团组数1个；全年因公出国（境）累计1人次。", true,
			[]string{"count 1个 three_public.abroad.groups", "count 1人次 three_public.abroad.people"}},
		{"counts reception", "三公", "国家信访局使用一般公共预算财政拨款支出的公务接待10批次、152人次。", true,
			[]string{"count 10批次 three_public.reception.batches", "count 152人次 three_public.reception.people"}},
		{"vehicles held and running cost", "三公", "年末实际保有量为15辆，全年公务用车运行维护费支出40.61万元，平均每辆2.71万元。", true,
			[]string{"count 15辆 three_public.vehicle.held", "amount 40.61万元 three_public.vehicle_operation", "amount 2.71万元"}},
		{"vehicles by kind and purchase", "国有资产占用情况",
			"截至2025年8月31日，共有车辆12辆，其中：机要通信用车0辆、特种专业技术用车3辆、其他用车9辆。2026年部门预算安排购置车辆0辆，其中：其他用车0辆。", false,
			[]string{"count 12辆 vehicles.total", "count 0辆 vehicles.confidential", "count 3辆 vehicles.special", "count 9辆 vehicles.other",
				"count 0辆 vehicles.purchase", "count 0辆 vehicles.purchase.other"}},
		{"vehicles counted in 台 and equipment", "国有资产占用情况", "共有车辆37台，单位价值100万元以上的设备7台（套）。", false,
			[]string{"count 37台 vehicles.total", "amount 100万元", "count 7台（套） assets.special_equipment"}},
		{"procurement with SMEs", "政府采购",
			"政府采购支出总额1967.42万元，其中：政府采购货物支出171.7万元。授予中小企业合同金额1820.69万元，占政府采购支出总额的92.54%，其中：授予小微企业合同金额1015.5万元，占授予中小企业合同金额的55.78%。", true,
			[]string{"amount 1967.42万元 procurement", "amount 171.7万元 procurement.goods", "amount 1820.69万元 procurement.sme",
				"share 92.54% procurement.sme procurement", "amount 1015.5万元 procurement.sme_small", "share 55.78% procurement.sme_small procurement.sme"}},
		{"projects with performance targets", "绩效目标设置情况", "本单位编报绩效目标的项目共4个，涉及项目预算资金2,912.55万元。", false,
			[]string{"count 4个 projects", "amount 2,912.55万元"}},
		{"a qualifier before something that is no measure", "委托业务费", "2026年本部门一般公共预算安排委托业务费169.88万元，比上年减少331.33万元，下降66.1%。", false,
			[]string{"amount 169.88万元", "change 331.33万元 decrease", "growth 66.1% decrease"}},
		{"财政拨款 alone after a project's funds", "绩效", "涉及预算项目支出10个，预算资金5039.97万元，其中财政拨款4946.96万元。", false,
			[]string{"count 10个", "amount 5039.97万元", "amount 4946.96万元"}},
		{"procurement by kind", "政府采购", "2026年本部门政府采购安排483.05万元，其中：货物类采购预算64.3万元，工程类采购预算0万元，服务类采购预算418.75万元等。", false,
			[]string{"amount 483.05万元 procurement", "amount 64.3万元 procurement.goods", "amount 0万元 procurement.works", "amount 418.75万元 procurement.services"}},
		{"projects without project forms", "绩效目标设置情况", "本单位编报绩效目标的项目共4个，涉及项目预算资金2,912.55万元。", false,
			[]string{"count 4个", "amount 2,912.55万元"}},
		{"no change, percentage points skipped", "三公", "公务接待费12.49万元，与2025年预算持平，占比下降2.1个百分点；会议费较上年无增减。", false,
			[]string{"amount 12.49万元 three_public.reception", "change 0万元 three_public.reception flat", "change 0万元 meeting flat"}},
		{"spaced-out units", "三公", "公务用车购置及运行费支出决算为40.61 万 元，完成预算的99.95%。", true,
			[]string{"amount 40.61万元 three_public.vehicle", "rate 99.95% three_public.vehicle budget"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			// A document with a project form: 编报绩效目标的项目 N 个 is checked against the forms.
			r := &recognizer{cat: cat, p: &yusuan.Profile{}, doc: &yusuan.Document{Tables: []yusuan.Table{{Kind: yusuan.KindPerformanceProject}}}}
			if strings.Contains(c.name, "without project forms") {
				r.doc.Tables = nil
			}
			if c.final {
				r.doc.Kind = yusuan.DocFinal
			}
			r.indexCatalog()
			s := &yusuan.Section{Title: c.title, Paragraphs: []string{c.para}}
			r.figures(s)
			var got []string
			for _, f := range s.Figures {
				got = append(got, strings.TrimSpace(fmt.Sprintf("%s %s%s %s %s %s %s", f.Kind, f.Printed, f.Unit, f.Ref, f.Base, f.Quantity, f.Direction)))
			}
			for i := range got {
				got[i] = strings.Join(strings.Fields(got[i]), " ")
			}
			if strings.Join(got, "\n") != strings.Join(c.want, "\n") {
				t.Errorf("got\n  %s\nwant\n  %s", strings.Join(got, "\n  "), strings.Join(c.want, "\n  "))
			}
		})
	}
}
