package recognize

import (
	"testing"

	"github.com/yusuan/yusuan"
	"github.com/yusuan/yusuan/layout"
	"github.com/yusuan/yusuan/read/text"
)

// FuzzNarrative feeds arbitrary text to the narrative reader and the
// form readers: whatever the input, they end without a panic.
func FuzzNarrative(f *testing.F) {
	f.Add([]byte("第一部分 部门概况\n一、主要职能\n2026年收入预算29956.27万元，比2025年年初预算数28479.84万元增加1476.43万元，增长5.18%。\n"))
	f.Add([]byte("目录\n一、部门职责 ....... 2\n一、部门职责\n共有车辆15辆，其中：机要通信用车2辆。\n"))
	f.Add([]byte("项目名称\t信息化\n年度资金总额\t2,134.87\n一级指标\t二级指标\t三级指标\t指标值\n产出指标\t数量指标\t设备\t≥330台\n"))
	f.Add([]byte("1.一般公共服务（类）信访事务（款）行政运行（项）。年初预算为5717.32万元，支出决算为5757.63万元，完成年初预算的100.71%。"))
	f.Add([]byte("部门名称：长沙市信访局\n单位编码\t单位（项目）名称\t资金总额\t绩效目标\t一级指标\t二级指标\t三级指标\t指标值\t指标值类型\n合计\t\t417.41\n126001\t长沙市信访局\t417.41\n126001\t基层专项\t35.78\t调拨经费\t成本指标\t经济成本指标\t总成本\t35.78\t≤\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		if len(b) > 1<<16 {
			return
		}
		l, err := text.Read("fuzz.txt", b)
		if err != nil {
			return
		}
		r := &recognizer{l: l, p: &yusuan.Profile{}, doc: &yusuan.Document{Title: "2026年部门决算"}}
		var lines []*layout.Line
		for pi := range l.Pages {
			for li := range l.Pages[pi].Lines {
				r.lines = append(r.lines, &l.Pages[pi].Lines[li])
				lines = append(lines, &l.Pages[pi].Lines[li])
			}
		}
		r.indexCatalog()
		r.narrative(make([]bool, len(r.lines)))
		tb := &yusuan.Table{Kind: yusuan.KindPerformanceProject}
		r.readForms(tb, lines)
	})
}
