package cli

import (
	"os"
	"testing"
)

// FuzzParseDocument: Document JSON from anywhere is read strictly, and
// bad input is an error, never a panic.
func FuzzParseDocument(f *testing.F) {
	f.Add([]byte(`{"schema":"yusuan.document/v1","profile":"zhengzhou-2021","year":2021,"department":{"code":"1","name":"x"},"tables":[{"kind":"summary","number":1,"title":"t","unit":"元","columns":[],"rows":[{"code":"","name":"合计","cells":{"income":1.5}}]}],"narrative":[]}`))
	f.Add([]byte(`{"schema":"yusuan.document/v1","tables":[{"kind":"nope"}]}`))
	f.Add([]byte(`{"schema":"yusuan.document/v1","tables":[{"rows":[{"cells":{"a":0.001}}]}]}`))
	if b, err := os.ReadFile("../../render/fdp/testdata/golden/budget-fdp/datapackage.json"); err == nil {
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		doc, err := ParseDocument("f.json", b)
		if err == nil && doc == nil {
			t.Fatal("no document and no error")
		}
	})
}
