package workbook

import (
	"fmt"

	"github.com/yusuan/yusuan"
)

// help writes 填报说明, the instructions, in Chinese.
func (w *writer) help() {
	f, s := w.f, sheetHelp
	w.fail(f.SetColWidth(s, "A", "A", 24))
	w.fail(f.SetColWidth(s, "B", "B", 100))
	row := 1
	line := func(a, b, style string) {
		ca, cb := fmt.Sprintf("A%d", row), fmt.Sprintf("B%d", row)
		w.set(s, ca, a)
		w.set(s, cb, b)
		w.fail(f.SetCellStyle(s, ca, ca, w.styles["label"]))
		w.fail(f.SetCellStyle(s, cb, cb, w.styles[style]))
		row++
	}
	title := "部门预算公开填报模板"
	if w.final {
		title = "部门决算公开填报模板"
	}
	if w.b.Year != 0 {
		title = fmt.Sprintf("%d 年%s", w.b.Year, title)
	}
	w.set(s, "A1", title)
	w.fail(f.SetCellStyle(s, "A1", "A1", w.styles["title"]))
	row = 3
	for _, p := range []struct{ a, b string }{
		{"用途", "本工作簿按事实逐项填写部门预算：单位、收入和支出明细、项目、绩效目标、政府采购、上年数和变动原因、空表说明。公开的各张表和说明文字都由这些事实计算得出，同一个数字不必填写两次。"},
		{"生成公开文件", "填好后运行 yusuan build 本文件名.xlsx --format all -o 输出文件夹，得到网页、PDF、Excel、Markdown 等全部公开文件；有任何问题时不写出文件，并逐条指出“工作表!单元格”和应填写的内容。"},
		{"金额", "一律以元为单位，最多两位小数，不能为负数；为零请填 0。请直接填写数值，不要使用公式。"},
		{"科目编码", "功能科目填项级（7 位），部门经济科目和政府经济科目填款级（5 位），可从下拉列表选择“编码 名称”，也可只填编码。下拉列表来自本年度的政府收支分类科目；内置科目表不全时，不在列表中的编码会提示但仍可填写，生成时可用 --catalog 载入官方科目表。"},
		{"单位和项目", "先在“单位”工作表填写各预算单位，在“项目”工作表填写各项目及其编号，其他工作表的“单位”“项目”列从中选择。"},
		{"收支平衡", "每个单位、每个资金来源的收入合计应等于支出合计。"},
		{"“三公”经费", "因公出国（境）费（经济科目 30212）、公务接待费（30217）、公务用车运行维护费（30231）、公务用车购置费（31013、30913）由一般公共预算财政拨款的支出行汇总得出；只需在“上年数与变动原因”中填写它们的上年数和变动原因。"},
		{"机关运行经费", "行政单位和参公事业单位一般公共预算基本支出中的公用经费（302、309、310 类），由支出行汇总得出；在“上年数与变动原因”中填写上年数和变动原因。"},
		{"人员经费和公用经费", "基本支出中 301、303 类为人员经费，302、309、310 类为公用经费，均由支出行汇总得出。"},
		{"文字", "以 = + - @ 开头的文字按文字读取，不会当作公式计算。每个单元格最多 32767 个字符。"},
		{"保护", "各工作表的标题行已锁定（未设密码），以免误改；请不要修改工作表名称和标题行。可以插入数据行；不要的行清除其内容即可，空行不读取。隐藏的工作表供 yusuan 使用，请勿修改。"},
	} {
		line(p.a, p.b, "note")
	}
	row++
	line("工作表", "内容", "label")
	line(sheetInfo, "部门编码和名称、预算年度、公开格式、人员编制、车辆、资产，以及部门整体绩效的年度履职目标"+finalInfo(w.final)+"。", "note")
	for _, sh := range sheets {
		if sh.final && !w.final {
			continue
		}
		line(sh.name, sh.intro, "note")
	}
	row++
	line("指标代码", "指标名称（“上年数与变动原因”工作表）", "label")
	for _, m := range yusuan.Measures {
		if m.Of == "final" && !w.final {
			continue
		}
		line(m.Name, m.Title, "note")
	}
	w.protect(s)
}

func finalInfo(final bool) string {
	if final {
		return "；决算另填使用非财政拨款结余、结余分配、“三公”经费的团组数、人次、车辆数、接待批次，政府采购支出（合同口径）和绩效自评"
	}
	return ""
}
