package recognize_test

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/yusuan/yusuan"
	"github.com/yusuan/yusuan/recognize"
)

// threePublicItem is the key of the item a 三公 column's label names
// last, the most specific where two end together ("" for 小计, 合计 and
// labels naming none). The column's own words are printed lowest, so they
// come last in its label: a group heading run into the first column's
// label (公务用车购置及运行费公务用车购置费) comes before them.
func threePublicItem(label string) string {
	l := recognize.Norm(label)
	item, end, n := "", -1, 0
	for _, it := range []struct {
		key   string
		words []string
	}{
		{"vehicle", []string{"公务用车购置及运行"}},
		{"vehicle_purchase", []string{"公务用车购置"}},
		{"vehicle_operation", []string{"公务用车运行"}},
		{"abroad", []string{"因公出国"}},
		{"reception", []string{"公务接待"}},
	} {
		for _, w := range it.words {
			i := strings.LastIndex(l, w)
			if i < 0 {
				continue
			}
			if e := i + len(w); e > end || e == end && len(w) > n {
				item, end, n = it.key, e, len(w)
			}
		}
	}
	switch l {
	case "购置费":
		return "vehicle_purchase"
	case "运行费", "运行维护费":
		return "vehicle_operation"
	}
	return item
}

// TestThreePublicColumnKeys: in every sample's 三公 table the columns are
// keyed by the item their label names, the most specific one
// (公务用车购置及运行费 is vehicle, 其中：公务用车购置 vehicle_purchase), and
// no column carries another item's key. The transcription test compares
// cells by their printed labels and cannot see a wrong key; the checker
// reads the narrative's 三公 figures by key.
func TestThreePublicColumnKeys(t *testing.T) {
	needPDF(t)
	names, err := filepath.Glob(filepath.Join(disclosures, "*.pdf"))
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	for _, path := range names {
		name := filepath.Base(path)
		if strings.HasSuffix(name, "-narrative.pdf") {
			continue
		}
		t.Run(strings.TrimSuffix(name, ".pdf"), func(t *testing.T) {
			res := importSamples(t, name)
			for _, tb := range res.Doc.Tables {
				if tb.Kind != yusuan.KindThreePublic || len(tb.Columns) == 0 {
					continue
				}
				named := map[string]bool{} // items some column's label names
				keyed := map[string]bool{} // items keyed by a column naming them
				for _, c := range tb.Columns {
					item := threePublicItem(c.Label)
					if item != "" {
						named[item] = true
					}
					if item != "" && c.Key == item {
						keyed[item] = true
					}
					if threePublicKeys[c.Key] && item != "" && c.Key != item {
						t.Errorf("表%d column %q is keyed %s, want %s", tb.Number, c.Label, c.Key, item)
					}
				}
				for item := range named {
					if !keyed[item] {
						t.Errorf("表%d: no column named for %s is keyed %s", tb.Number, item, item)
					}
				}
				checked++
			}
		})
	}
	if checked < 10 {
		t.Errorf("%d 三公 tables checked, want the samples' (at least 10)", checked)
	}
}

var threePublicKeys = map[string]bool{"vehicle": true, "vehicle_purchase": true, "vehicle_operation": true, "abroad": true, "reception": true}
