package budgetfile

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/yusuan/yusuan"
	"github.com/yusuan/yusuan/catalog"
)

func TestMinimalAndExampleAreValid(t *testing.T) {
	for _, f := range []string{"../testdata/budgets/minimal.yaml", "../examples/zhengzhou-2021-gov-office/budget.yaml"} {
		b, err := Load(f, catalog.Load)
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		if b.Year != 2021 || len(b.Expenditure) == 0 {
			t.Errorf("%s: year %d, %d lines", f, b.Year, len(b.Expenditure))
		}
	}
}

func TestJSONIsAccepted(t *testing.T) {
	src := `{"profile": "zhengzhou-2021", "year": 2021, "department": {"code": "1", "name": "示例"},
	"units": [{"code": "1001", "name": "示例机关", "kind": "administrative"}], "duties": ["职责"],
	"staffing": {"authorized": 1, "administrative": 1}, "vehicles": {},
	"income": [{"unit": "1001", "source": "appropriation", "amount": 100.5}],
	"expenditure": [{"unit": "1001", "function": "2010301", "econ": "30201", "gov_econ": "50201", "nature": "basic", "source": "appropriation", "amount": "100.50"}]}`
	b, err := Parse("b.json", []byte(src), catalog.Load)
	if err != nil {
		t.Fatal(err)
	}
	if b.Expenditure[0].Amount != 10050 {
		t.Errorf("amount %d 分, want 10050", b.Expenditure[0].Amount)
	}
}

func TestManyErrorsAreReportedTogether(t *testing.T) {
	src, err := os.ReadFile("../testdata/budgets/minimal.yaml")
	if err != nil {
		t.Fatal(err)
	}
	bad := strings.ReplaceAll(string(src), `econ: "30101"`, `econ: "39999"`)
	bad = strings.ReplaceAll(bad, `kind: administrative`, `kind: 行政`)
	_, err = Parse("b.yaml", []byte(bad), catalog.Load)
	es, ok := err.(Errors)
	if !ok || len(es) < 2 {
		t.Fatalf("want several errors, got %v", err)
	}
}

func FuzzParse(f *testing.F) {
	seeds, _ := filepath.Glob("../testdata/budgets/bad/*")
	seeds = append(seeds, "../testdata/budgets/minimal.yaml")
	for _, s := range seeds {
		if b, err := os.ReadFile(s); err == nil {
			f.Add(b)
		}
	}
	cat, err := catalog.Load(2021)
	if err != nil {
		f.Fatal(err)
	}
	cats := func(int) (*yusuan.Catalog, error) { return cat, nil }
	f.Fuzz(func(t *testing.T, data []byte) {
		// A hang is a failure too: the fuzzer has no per-input timeout.
		done := make(chan struct{})
		var b *yusuan.Budget
		var err error
		go func() {
			defer close(done)
			b, err = Parse("f.yaml", data, cats)
		}()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			t.Fatalf("Parse did not return within 5 s on %q", data)
		}
		if err == nil && b == nil {
			t.Fatal("no budget and no error")
		}
		if err != nil && b != nil {
			t.Fatal("a budget returned with an error")
		}
		if err != nil && !strings.HasPrefix(err.Error(), "f.yaml") {
			t.Fatalf("error does not name the file: %v", err)
		}
	})
}
