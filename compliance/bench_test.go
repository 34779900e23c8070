package compliance

import (
	"encoding/json"
	"testing"

	"github.com/yusuan/yusuan"
	"github.com/yusuan/yusuan/check"
)

// The cost of a row's completeness, against its baseline: decoding the
// stored Document JSON, which Load does for every row anyway (with the
// fast decoder; encoding/json for comparison).
//
//	go test -run '^$' -bench . -benchmem -count 3 ./compliance
func BenchmarkCompletenessOf(b *testing.B) {
	doc, p := compileExample(&testing.T{})
	ctx := check.Context{Profile: p}
	b.ResetTimer()
	for range b.N {
		check.CompletenessOf(doc, ctx)
	}
}

func BenchmarkBaselineDocumentUnmarshal(b *testing.B) {
	doc, _ := compileExample(&testing.T{})
	data, err := json.Marshal(doc)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	b.ResetTimer()
	for range b.N {
		var d yusuan.Document
		if err := json.Unmarshal(data, &d); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDocumentDecodeFast(b *testing.B) {
	doc, _ := compileExample(&testing.T{})
	data, err := json.Marshal(doc)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	b.ResetTimer()
	for range b.N {
		if _, ok := yusuan.DecodeDocumentFast(data); !ok {
			b.Fatal("not decoded")
		}
	}
}
