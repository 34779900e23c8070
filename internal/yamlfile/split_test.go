package yamlfile

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/yusuan/yusuan/internal/limits"
)

type splitItem struct {
	Unit   string  `yaml:"unit"`
	Name   string  `yaml:"name"`
	Amount float64 `yaml:"amount"`
	Count  int     `yaml:"count"`
	Tags   []string
}

type splitDoc struct {
	Year  int         `yaml:"year"`
	Items []splitItem `yaml:"items"`
	More  []splitItem `yaml:"more"`
	Notes []string    `yaml:"notes"`
	Title string      `yaml:"title"`
}

func splitYAML(n int, item func(i int) string) string {
	var b strings.Builder
	b.WriteString("# a budget\nyear: 2026\nitems:\n")
	for i := 0; i < n; i++ {
		b.WriteString(item(i))
	}
	b.WriteString("\n# notes follow\nnotes: [a, b]\nmore:\n- unit: \"1\"\n  name: x\ntitle: 标题\n")
	return b.String()
}

func plainItem(i int) string {
	return fmt.Sprintf("  - unit: \"%03d\"   # comment\n    name: 'it''s %d: \"q\"'\n    amount: %d.5\n    count: %d\n    tags:\n      - a\n      - \"b # not a comment\"\n\n", i%1000, i, i, i)
}

// TestSplitEqualsWhole: a file whose long list is parsed in batches
// decodes to exactly what the whole file decodes to.
func TestSplitEqualsWhole(t *testing.T) {
	data := []byte(splitYAML(1234, plainItem))
	lists := longLists(data)
	if len(lists) != 1 || lists[0].key != "items" || len(lists[0].items) != 1234 {
		t.Fatalf("lists %+v", lists)
	}
	var split, whole splitDoc
	if _, err := Decode("a.yaml", data, &split); err != nil {
		t.Fatal(err)
	}
	if _, err := decodeWhole("a.yaml", data, &whole, limits.Current()); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(split, whole) {
		t.Fatalf("split decoding differs from the whole file's")
	}
	if len(split.Items) != 1234 || split.Items[1233].Name != `it's 1233: "q"` || split.Items[700].Tags[1] != "b # not a comment" || split.Title != "标题" {
		t.Errorf("decoded %+v … %+v", split.Items[0], split.Items[1233])
	}
}

// TestSplitErrors: an error in a batch names the item's place in the whole
// list and its line in the file; a located path is found after a split
// decoding too.
func TestSplitErrors(t *testing.T) {
	bad := func(i int) string {
		if i == 1001 {
			return "  - unit: \"x\"\n    amount: 12\n    cost: 3\n"
		}
		return plainItem(i)
	}
	data := []byte(splitYAML(1100, bad))
	var d splitDoc
	_, err := Decode("a.yaml", data, &d)
	e, ok := err.(*Error)
	if !ok {
		t.Fatalf("err = %v", err)
	}
	wantLine := strings.Count(splitYAML(1001, plainItem), "\n") - strings.Count("\n# notes follow\nnotes: [a, b]\nmore:\n- unit: \"1\"\n  name: x\ntitle: 标题\n", "\n") + 3
	if !strings.HasPrefix(e.Path, "items[1001]") || e.Line != wantLine {
		t.Errorf("error at %q line %d, want items[1001]… line %d: %v", e.Path, e.Line, wantLine, err)
	}

	data = []byte(splitYAML(1100, plainItem))
	f, err := Decode("a.yaml", data, &d)
	if err != nil {
		t.Fatal(err)
	}
	if line, _ := f.Locate("items[1050].amount"); line != 3+1050*8+3 {
		t.Errorf("items[1050].amount located at line %d, want %d", line, 3+1050*8+3)
	}
}

// TestSplitFallsBack: what parts could read otherwise is decoded whole.
func TestSplitFallsBack(t *testing.T) {
	for name, data := range map[string]string{
		"anchor":         splitYAML(600, plainItem) + "x: &a 1\n",
		"open quote":     splitYAML(600, func(i int) string { return "  - name: \"two\n      lines\"\n" }),
		"flow over rows": splitYAML(600, func(i int) string { return "  - {name: a,\n     unit: b}\n" }),
		"short":          splitYAML(100, plainItem),
		"mapping":        "items:\n" + strings.Repeat("  k: v\n", 1),
	} {
		if l := longLists([]byte(data)); len(l) != 0 {
			t.Errorf("%s: split into %d lists", name, len(l))
		}
	}
	// Two multi-line quoted values decode whole, the same as before.
	data := []byte(splitYAML(600, func(i int) string { return fmt.Sprintf("  - name: \"two\n      lines %d\"\n", i) }))
	var d splitDoc
	if _, err := Decode("a.yaml", data, &d); err != nil || len(d.Items) != 600 || d.Items[599].Name != "two lines 599" {
		t.Fatalf("%v %d", err, len(d.Items))
	}
}

// FuzzSplitEqualsWhole: whatever a list item is, when the file is split
// the parts decode to what the whole decodes to, and fail when it fails.
func FuzzSplitEqualsWhole(f *testing.F) {
	f.Add("  - unit: \"1\"\n    name: a\n")
	f.Add("  - {unit: '1', name: \"b # c\"}\n")
	f.Add("  - name: |\n      text\n      more\n")
	f.Add("- unit: x\n  count: 3\n")
	f.Add("  - name: 'it''s'\n    tags: [a, b]\n")
	f.Fuzz(func(t *testing.T, item string) {
		if len(item) > 200 || strings.Count(item, "\n") > 8 || checkEncoding("a.yaml", []byte(item)) != nil {
			return
		}
		data := []byte(splitYAML(splitBatch+1, func(int) string { return item }))
		if len(longLists(data)) == 0 {
			return
		}
		var split, whole splitDoc
		_, errS := Decode("a.yaml", data, &split)
		_, errW := decodeWhole("a.yaml", data, &whole, limits.Current())
		if (errS == nil) != (errW == nil) {
			t.Fatalf("split error %v, whole error %v", errS, errW)
		}
		if errS == nil && !reflect.DeepEqual(split, whole) {
			t.Fatalf("split decoding differs from the whole file's for item %q", item)
		}
	})
}
