package recognize

import (
	"reflect"
	"testing"
)

// TestCentred checks the partition of rows among merged-cell labels
// printed at the middle of the rows they span.
func TestCentred(t *testing.T) {
	// Rows at 10, 20, …, 60. 数量 is centred on row 1 alone, 质量 on rows
	// 2–5 (printed at 35, between rows 3 and 4), 社会 on row 6.
	ys := []float64{10, 20, 30, 40, 50, 60}
	labels := []formPiece{{y: 10, text: "数量指标"}, {y: 35, text: "质量指标"}, {y: 60, text: "社会效益指标"}}
	got := centred(ys, labels)
	want := []string{"数量指标", "质量指标", "质量指标", "质量指标", "质量指标", "社会效益指标"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
	// A label on the second of three rows spans them all (one label).
	if got := centred([]float64{10, 20, 30}, []formPiece{{y: 20, text: "产出指标"}}); !reflect.DeepEqual(got, []string{"产出指标", "产出指标", "产出指标"}) {
		t.Errorf("one label: %v", got)
	}
	// No labels: no level.
	if got := centred([]float64{10}, nil); got[0] != "" {
		t.Errorf("no label: %v", got)
	}
}

// TestFormLabel checks the wordings of form labels, cut and split ones
// included.
func TestFormLabel(t *testing.T) {
	for text, key := range map[string]string{
		"项目名称": "project_name", "项目名": "project_name", "年度资金总额：": "project_total", "资金总额": "project_total",
		"其中：财政拨款": "appropriation", "财政资金": "appropriation", "上年结转": "carryover", "其他资金": "other_funds",
		"年度目": "annual_goal", "主管部门及代码": "department", "实施期限": "",
	} {
		f := formLabel(text)
		if f == nil || f.key != key {
			t.Errorf("%s: got %v, want %q", text, f, key)
		}
	}
	for _, text := range []string{"信息化运行维护", "2,134.87", "国家信访局", "项目"} {
		if f := formLabel(text); f != nil {
			t.Errorf("%s read as the label of %s", text, f.key)
		}
	}
}
