package budgetfile_test

import (
	"bytes"
	"fmt"
	"os"
	"runtime"
	"testing"

	"github.com/goccy/go-yaml/lexer"

	"github.com/yusuan/yusuan/budgetfile"
	"github.com/yusuan/yusuan/catalog"
)

// largeBudget is the minimal budget with n procurement items, one block
// mapping of 13 fields each (about 50 tokens an item), as a department
// with a long procurement list writes it.
func largeBudget(tb testing.TB, n int) []byte {
	tb.Helper()
	b, err := os.ReadFile("../testdata/budgets/minimal.yaml")
	if err != nil {
		tb.Fatal(err)
	}
	var items bytes.Buffer
	items.WriteString("\nprocurement:\n")
	for i := 0; i < n; i++ {
		fmt.Fprintf(&items, "  - unit: \"901001\"\n    function: \"2010301\"\n    econ: \"30201\"\n    nature: basic\n    purpose: 办公\n    catalog: 办公用品\n    item: 纸张%d\n    measure: 箱\n    quantity: 1\n    unit_price: 5\n    amount: 5\n    category: goods\n", i)
	}
	out := bytes.Replace(b, []byte("  procurement: 本部门无政府采购预算\n"), nil, 1)
	if bytes.Equal(out, b) {
		tb.Fatal("minimal.yaml has no empty procurement table to replace")
	}
	return append(out, items.Bytes()...)
}

// BenchmarkParseLarge reads a budget file of 20,000 procurement items
// (about a million tokens, 2/3 of the default --max-tokens) and reports
// the heap the decoded file still holds per token (retained-B/token) as
// well as what is allocated per token (alloc-B/token). Run with
// -benchtime 1x on a shared machine.
func BenchmarkParseLarge(b *testing.B) {
	data := largeBudget(b, 20000)
	tokens := len(lexer.Tokenize(string(data)))
	b.ReportMetric(float64(tokens), "tokens")
	var before, after runtime.MemStats
	var kept any
	for b.Loop() {
		kept = nil
		runtime.GC()
		runtime.ReadMemStats(&before)
		bud, err := budgetfile.Parse("large.yaml", data, catalog.Load)
		if err != nil {
			b.Fatal(err)
		}
		kept = bud
		runtime.ReadMemStats(&after)
		b.ReportMetric(float64(after.TotalAlloc-before.TotalAlloc)/float64(tokens), "alloc-B/token")
		runtime.GC()
		runtime.ReadMemStats(&after)
		b.ReportMetric(float64(int64(after.HeapAlloc)-int64(before.HeapAlloc))/float64(tokens), "retained-B/token")
	}
	runtime.KeepAlive(kept)
}
