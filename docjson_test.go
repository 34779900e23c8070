package yusuan_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/yusuan/yusuan"
	"github.com/yusuan/yusuan/budgetfile"
	"github.com/yusuan/yusuan/catalog"
	"github.com/yusuan/yusuan/compile"
	"github.com/yusuan/yusuan/profile"
)

// strictDecode is the reference: encoding/json as `yusuan render` and
// `yusuan check` use it (unknown fields refused, nothing after the value).
func strictDecode(b []byte) (*yusuan.Document, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	var d yusuan.Document
	if err := dec.Decode(&d); err != nil {
		return nil, err
	}
	if dec.More() {
		return nil, os.ErrInvalid
	}
	var rest any
	if dec.Decode(&rest) == nil {
		return nil, os.ErrInvalid
	}
	return &d, nil
}

// sameAsStrict fails when the fast decoder accepts b and gives anything
// but what encoding/json gives.
func sameAsStrict(t *testing.T, b []byte) bool {
	t.Helper()
	fast, ok := yusuan.DecodeDocumentFast(b)
	if !ok {
		return false
	}
	ref, err := strictDecode(b)
	if err != nil {
		t.Fatalf("fast decoder accepted what encoding/json refuses (%v): %q", err, b)
	}
	if !reflect.DeepEqual(fast, ref) {
		t.Fatalf("fast decoder differs from encoding/json on %q:\nfast %+v\nref  %+v", b, fast, ref)
	}
	return true
}

func compiledExample(t testing.TB) []byte {
	cat, err := catalog.Load(2021)
	if err != nil {
		t.Fatal(err)
	}
	b, err := budgetfile.Load("examples/zhengzhou-2021-gov-office/budget.yaml", func(int) (*yusuan.Catalog, error) { return cat, nil })
	if err != nil {
		t.Fatal(err)
	}
	p, err := profile.Load("zhengzhou-2021")
	if err != nil {
		t.Fatal(err)
	}
	doc, err := compile.Compile(b, p, cat)
	if err != nil {
		t.Fatal(err)
	}
	out, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestDecodeDocumentFast(t *testing.T) {
	ex := compiledExample(t)
	if !sameAsStrict(t, ex) {
		t.Fatal("the compiled example is not decoded by the fast path")
	}
	// Every Document JSON in the repository (imported samples, goldens).
	var files []string
	filepath.WalkDir(".", func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && filepath.Ext(p) == ".json" {
			files = append(files, p)
		}
		return nil
	})
	n := 0
	for _, p := range files {
		b, err := os.ReadFile(p)
		if err != nil || !bytes.Contains(b[:min(len(b), 200)], []byte(yusuan.DocumentSchema)) {
			continue
		}
		if sameAsStrict(t, b) {
			n++
		}
	}
	t.Logf("%d Document JSON files in the repository decoded the fast way, same as encoding/json", n)

	// Forms the fast path leaves to encoding/json, which accepts them or
	// says what is wrong; either way the fast path must not give a
	// different answer.
	for _, s := range []string{
		`{"schema":"yusuan.document/v1","Schema":"x"}`,
		`{"schema":"yusuan.document/v1","year":2021.0}`,
		`{"schema":"yusuan.document/v1","unknown":1}`,
		`{"schema":"yusuan.document/v1","tables":[{"rows":[{"cells":{"a":null}}]}]}`,
		`{"schema":"yusuan.document/v1","title":"a","title":"b"}`,
		`{"schema":"yusuan.document/v1","tables":[{"rows":[{"cells":{"a":0.001}}]}]}`,
		`{"schema":"yusuan.document/v1","tables":[{"rows":[{"cells":{"a":1e3}}]}]}`,
		`{"schema":"yusuan.document/v1","title":"\ud800"}`,
		"{\"schema\":\"yusuan.document/v1\",\"title\":\"\xff\"}",
		`{"schema":"yusuan.document/v1"} {}`,
	} {
		if sameAsStrict(t, []byte(s)) {
			t.Errorf("fast path accepted %s", s)
		}
	}
	for _, s := range []string{
		`{}`,
		` {"schema":"yusuan.document/v1","title":"a\"b\\c\/d\u00e9\ud83d\ude00\n","parts":[],"tables":[{"kind":"other","rows":[{"cells":{"a":-0.5,"b":"x","c":12,"d":3.10},"sources":{"a":{"page":1,"line":2}}}],"source":{"file":"f"}}],"narrative":[{"figures":[],"paragraphs":["p"]}]} `,
		`{"department":{"name":"部门"},"year":-1,"tables":[],"narrative":[]}`,
		`{"schema":null,"year":null,"department":null,"parts":[null,"a"],"tables":[null,{"rows":null,"source":null,"columns":[null]}],"narrative":null}`,
		`{"tables":[{"rows":[{"cells":null,"sources":{"a":null}}]}]}`,
		`{"tables":[{"source":{"file":"a.pdf"},"rows":[{"cells":{"a":1},"sources":{"a":{"file":"a.pdf","page":1},"b":{"file":"a\u002epdf"},"c":{"file":"a"}}}]}]}`,
	} {
		if !sameAsStrict(t, []byte(s)) {
			t.Errorf("fast path refused %s", s)
		}
	}
}

// FuzzDecodeDocumentFast: whatever the fast decoder accepts, encoding/json
// accepts too and decodes to the same document.
func FuzzDecodeDocumentFast(f *testing.F) {
	f.Add([]byte(`{"schema":"yusuan.document/v1","profile":"zhengzhou-2021","year":2021,"department":{"code":"1","name":"x"},"tables":[{"kind":"summary","number":1,"title":"t","unit":"元","columns":[],"rows":[{"code":"","name":"合计","cells":{"income":1.5}}]}],"narrative":[]}`))
	f.Add([]byte(`{"title":"a\"b\u00e9\ud83d\ude00","tables":[{"rows":[{"cells":{"a":-0.5,"b":"x"}}]}]}`))
	// The file of sources repeats (decoded once, then found by its bytes).
	f.Add([]byte(`{"tables":[{"source":{"file":"a.pdf"},"rows":[{"cells":{"a":1},"sources":{"a":{"file":"a.pdf","page":1},"b":{"file":"a\u002epdf","line":2},"c":{"file":null},"a":{"file":"a","page":3}}}]}]}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		sameAsStrict(t, b)
	})
}

func BenchmarkDecodeDocument(b *testing.B) {
	ex := compiledExample(b)
	b.Run("encoding-json", func(b *testing.B) {
		b.SetBytes(int64(len(ex)))
		for i := 0; i < b.N; i++ {
			if _, err := strictDecode(ex); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("fast", func(b *testing.B) {
		b.SetBytes(int64(len(ex)))
		for i := 0; i < b.N; i++ {
			if _, ok := yusuan.DecodeDocumentFast(ex); !ok {
				b.Fatal("refused")
			}
		}
	})
}
