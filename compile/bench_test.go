package compile_test

import (
	"encoding/json"
	"os"
	"testing"

	"github.com/yusuan/yusuan/budgetfile"
	"github.com/yusuan/yusuan/catalog"
	"github.com/yusuan/yusuan/compile"
	"github.com/yusuan/yusuan/profile"
)

// BenchmarkCompileExample compiles the bundled example (all 12 tables, 7
// project forms and the narrative) from an already loaded budget.
func BenchmarkCompileExample(b *testing.B) {
	bud, err := budgetfile.Load(example, catalog.Load)
	if err != nil {
		b.Fatal(err)
	}
	p, _ := profile.Load("zhengzhou-2021")
	cat, _ := catalog.Load(2021)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := compile.Compile(bud, p, cat); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLoadAndCompileExample adds reading and validating the budget
// file: what `yusuan build` does per department, before rendering.
func BenchmarkLoadAndCompileExample(b *testing.B) {
	data, err := os.ReadFile(example)
	if err != nil {
		b.Fatal(err)
	}
	p, _ := profile.Load("zhengzhou-2021")
	cat, _ := catalog.Load(2021)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		bud, err := budgetfile.Parse(example, data, catalog.Load)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := compile.Compile(bud, p, cat); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkBaselineDocumentJSON encodes the compiled example with
// encoding/json: a stdlib baseline over the same data, measured in the same
// run, to read the other figures against on any machine.
func BenchmarkBaselineDocumentJSON(b *testing.B) {
	doc := compileExample(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := json.Marshal(doc); err != nil {
			b.Fatal(err)
		}
	}
}
