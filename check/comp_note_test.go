package check

import (
	"testing"

	"github.com/yusuan/yusuan"
)

// TestEmptyTableNote: an empty table whose note says the fund was not
// used (“没有使用政府性基金预算拨款安排的支出”, the central and Fuzhou
// families) says why it is empty.
func TestEmptyTableNote(t *testing.T) {
	for _, c := range []struct {
		note string
		want int
	}{
		{"（注：2026年国家信访局部门预算中没有使用政府性基金预算拨款安排的支出。）", 0},
		{"备注：本部门2026年没有使用政府性基金预算拨款安排的支出。", 0},
		{"注：本表为空表。", 0},
		{"", 1},
		{"注：单位为万元。", 1},
	} {
		d := centralFamily()
		d.Tables = append(d.Tables, yusuan.Table{Kind: yusuan.KindGovFund, Number: 7, Title: "政府性基金预算支出表", Unit: "万元",
			Columns: amountCols("total", "basic", "project"), Note: c.note,
			Rows: []yusuan.Row{{Name: "合计", Level: yusuan.LevelTotal, Cells: map[string]yusuan.Value{}}}})
		if fs := only(Check(d, Context{}), "COMP-002"); len(fs) != c.want {
			t.Errorf("note %q: %d COMP-002, want %d", c.note, len(fs), c.want)
		}
	}
}

// TestEmptyTableNarrativeSaysNone: a narrative that says the department
// has no budget of the fund (Xi'an's 八、政府性基金预算支出情况说明:
// “本部门无当年政府性基金预算收支，并已公开空表”) says why the fund's table
// is empty; a sentence that only prints the fund's amount does not, nor
// does one about the other fund.
func TestEmptyTableNarrativeSaysNone(t *testing.T) {
	for _, c := range []struct {
		para string
		want int
	}{
		{"本部门无当年政府性基金预算收支，并已公开空表。", 0},
		{"本部门当年不涉及政府性基金预算拨款收支。", 0},
		{"政府性基金预算拨款收入0万元，较上年无增减。", 1},
		// The fund's spending said to be zero (上海 单位预算 编制说明).
		{"一般公共预算拨款支出预算30,441万元；政府性基金拨款支出预算为0；国有资本经营预算拨款支出预算为0。", 0},
		{"政府性基金预算支出为0万元。", 0},
		{"政府性基金预算拨款支出预算为0.5万元。", 1},
		{"国有资本经营预算拨款支出预算为0。", 1},
		{"本部门无当年国有资本经营预算收支。", 1},
		{"", 1},
	} {
		d := centralFamily()
		d.Tables = append(d.Tables, yusuan.Table{Kind: yusuan.KindGovFund, Number: 9, Title: "部门综合预算政府性基金收支表", Unit: "元",
			Columns: amountCols("total", "basic", "project"),
			Rows:    []yusuan.Row{{Name: "合计", Level: yusuan.LevelTotal, Cells: map[string]yusuan.Value{}}}})
		narrate(d, "八、政府性基金预算支出情况说明", c.para)
		if fs := only(Check(d, Context{}), "COMP-002"); len(fs) != c.want {
			t.Errorf("%q: %d COMP-002, want %d", c.para, len(fs), c.want)
		}
	}
}
