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
