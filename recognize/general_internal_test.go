package recognize

import (
	"strings"
	"testing"

	"github.com/yusuan/yusuan/layout"
)

// TestTitleForms: the numbering styles, years and qualifiers printed
// around table titles, and what is not a title.
func TestTitleForms(t *testing.T) {
	for _, tt := range []struct {
		text   string
		title  bool
		key    string
		number int
	}{
		{"预算01表 收支总表", true, "收支总表", 1},
		{"公开 01 表", false, "", 0},
		{"部门公开表 5", false, "", 0},
		{"表1 收支总体情况表", true, "收支总体情况表", 1},
		{"附表3 部门支出总表", true, "部门支出总表", 3},
		{"表十二 政府采购预算表", true, "政府采购预算表", 12},
		{"（九）财政拨款“三公”经费支出表", true, `财政拨款"三公"经费支出表`, 9},
		{"2026年部门收支总体情况表", true, "部门收支总体情况表", 0},
		{"2026 年度收入预算总表", true, "收入预算总表", 0},
		{"一般公共预算支出情况表（按功能分类科目）", true, "一般公共预算支出情况表(按功能分类科目)", 0},
		{"收支总表（续）", true, "收支总表(续)", 0},
		{"一、关于部门收支总表的说明 ................................. 16", false, "", 0},
		{"1、部门收支总表……………………3", false, "", 0},
		{"部门收支总表 3", false, "", 0},
		{"本部门无政府性基金预算，故本表为空表。", false, "", 0},
		{"单位：万元", false, "", 0},
	} {
		if got := titleText(tt.text); got != tt.title {
			t.Errorf("titleText(%q) = %v, want %v", tt.text, got, tt.title)
			continue
		}
		if !tt.title {
			continue
		}
		key, n := splitTitle(tt.text)
		if key != tt.key || n != tt.number {
			t.Errorf("splitTitle(%q) = %q %d, want %q %d", tt.text, key, n, tt.key, tt.number)
		}
	}
	for _, s := range []string{"公开 01 表", "部门公开表 5", "表二", "预算13表"} {
		if _, ok := numberOnly(s); !ok {
			t.Errorf("numberOnly(%q) = false", s)
		}
	}
}

// TestPageFurniture: page numbers are furniture, amounts are not.
func TestPageFurniture(t *testing.T) {
	for s, want := range map[string]bool{
		"3": true, "- 3 -": true, "—12—": true, "第 3 页": true, "第3页，共9页": true,
		"1,234.56": false, "合计 3": false, "3 页": false,
	} {
		if got := furnitureRe.MatchString(s); got != want {
			t.Errorf("furniture %q = %v, want %v", s, got, want)
		}
	}
}

// TestHierarchicalCodes: 类 201, then 款 03 and 项 01 printed apart.
func TestHierarchicalCodes(t *testing.T) {
	h := &hierCode{}
	cell := func(text string, x float64) []layout.Cell { return []layout.Cell{{Text: text, X0: x, X1: x + 8}} }
	var got []string
	for _, c := range []struct {
		t string
		x float64
	}{{"201", 97}, {"03", 127}, {"01", 156}, {"02", 156}, {"205", 97}, {"08", 127}, {"03", 156}, {"2080505", 40}} {
		got = append(got, h.full(cell(c.t, c.x)))
	}
	want := []string{"201", "20103", "2010301", "2010302", "205", "20508", "2050803", "2080505"}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("codes %v, want %v", got, want)
		}
	}
}

// TestNoteStart: the notes printed under a table, in the forms of the
// samples, and lines that are not notes.
func TestNoteStart(t *testing.T) {
	for _, tt := range []struct {
		text string
		note bool
	}{
		{"注：本表为空表。", true},
		{"备注：本部门 2026 年没有使用政府性基金预算拨款安排的支出。", true},
		{"（注：2026 年国家信访局部门预算中没有使用政府性基金预算拨款安排的支出。）", true},
		{"(注:2026年没有使用国有资本经营预算拨款安排的支出。)", true},
		{"说明：本表反映部门本年度的总收支。", true},
		{"（一）一般公共服务支出", false},
		{"注册登记", false},
	} {
		if got := isNoteStart(tt.text); got != tt.note {
			t.Errorf("isNoteStart(%q) = %v, want %v", tt.text, got, tt.note)
		}
	}
}

func TestIsOrgName(t *testing.T) {
	for name, want := range map[string]bool{
		"西安市人民政府办公厅": true, "某某市财政局": true, "某某区某某街道办事处": true, "某某中心（本级）": true,
		"一般公共服务支出": false, "教育支出": false, "政府办公厅（室）及相关机构事务": false,
	} {
		if got := isOrgName(name); got != want {
			t.Errorf("isOrgName(%q) = %v, want %v", name, got, want)
		}
	}
}

// TestMergeHeaderYears: a year set apart from its 年 is joined to it,
// whether the year stands alone ("2026" "年预算数") or ends a header word
// ("其中：2026" "年"); a year far from the next word, or a code, is not.
func TestMergeHeaderYears(t *testing.T) {
	cell := func(s string, x0, x1 float64) layout.Cell { return layout.Cell{Text: s, X0: x0, X1: x1} }
	for _, tt := range []struct {
		cells []layout.Cell
		want  []string
	}{
		{[]layout.Cell{cell("2026", 893, 913), cell("年政府采购项目", 916, 986)}, []string{"2026年政府采购项目"}},
		{[]layout.Cell{cell("其中：2026", 908, 958), cell("年", 961, 971)}, []string{"其中：2026年"}},
		{[]layout.Cell{cell("其中：2026", 908, 958), cell("年", 990, 1000)}, []string{"其中：2026", "年"}},
		{[]layout.Cell{cell("预算01", 100, 130), cell("年度", 132, 152)}, []string{"预算01", "年度"}},
	} {
		var got []string
		for _, c := range mergeHeaderCells(tt.cells) {
			got = append(got, c.Text)
		}
		if strings.Join(got, "|") != strings.Join(tt.want, "|") {
			t.Errorf("mergeHeaderCells %v = %q, want %q", tt.cells, got, tt.want)
		}
	}
}
