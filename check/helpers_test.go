package check

import (
	"encoding/json"
	"sync"
	"testing"

	"github.com/yusuan/yusuan"
	"github.com/yusuan/yusuan/budgetfile"
	"github.com/yusuan/yusuan/catalog"
	"github.com/yusuan/yusuan/compile"
	"github.com/yusuan/yusuan/profile"
)

const examplePath = "../examples/zhengzhou-2021-gov-office/budget.yaml"

var (
	exampleOnce sync.Once
	exampleJSON []byte
	exampleCtx  Context
	exampleB    *yusuan.Budget
	exampleErr  error
)

func loadExample() {
	cat, err := catalog.Load(2021)
	if err != nil {
		exampleErr = err
		return
	}
	b, err := budgetfile.Load(examplePath, func(int) (*yusuan.Catalog, error) { return cat, nil })
	if err != nil {
		exampleErr = err
		return
	}
	p, err := profile.Load("zhengzhou-2021")
	if err != nil {
		exampleErr = err
		return
	}
	doc, err := compile.Compile(b, p, cat)
	if err != nil {
		exampleErr = err
		return
	}
	exampleJSON, exampleErr = json.Marshal(doc)
	exampleCtx = Context{Catalog: cat, Profile: p}
	exampleB = b
}

// example returns a fresh copy of the compiled bundled example.
func example(t testing.TB) (*yusuan.Document, Context) {
	t.Helper()
	exampleOnce.Do(loadExample)
	if exampleErr != nil {
		t.Fatalf("compiling the example: %v", exampleErr)
	}
	var d yusuan.Document
	if err := json.Unmarshal(exampleJSON, &d); err != nil {
		t.Fatal(err)
	}
	return &d, exampleCtx
}
