package recognize_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/yusuan/yusuan/check"
	"github.com/yusuan/yusuan/profile"
)

// TestSamplesDeterministic: reading a sample and checking it gives the
// same document and the same findings every time. Go randomizes the
// order of every map's iteration per map and per run, so a result that
// depends on it (a first match taken from a map, a source picked from a
// row's map of sources) differs between the repeated runs here.
func TestSamplesDeterministic(t *testing.T) {
	needPDF(t)
	runs := 3
	if testing.Short() {
		runs = 2
	}
	names, err := filepath.Glob(filepath.Join(disclosures, "*.pdf"))
	if err != nil || len(names) == 0 {
		t.Fatalf("no samples in %s: %v", disclosures, err)
	}
	for _, path := range names {
		name := filepath.Base(path)
		// A narrative printed apart is read with its tables.
		if strings.HasSuffix(name, "-narrative.pdf") {
			continue
		}
		files := []string{name}
		if n := strings.TrimSuffix(name, "-tables.pdf") + "-narrative.pdf"; n != name {
			if _, err := os.Stat(filepath.Join(disclosures, n)); err == nil {
				files = append(files, n)
			}
		}
		t.Run(strings.TrimSuffix(name, ".pdf"), func(t *testing.T) {
			var doc0, find0 []byte
			for i := 0; i < runs; i++ {
				res := importSamples(t, files...)
				doc, err := json.Marshal(res.Doc)
				if err != nil {
					t.Fatal(err)
				}
				ctx := check.Context{Catalog: catalogOf(res.Doc.Year)}
				if res.Doc.Profile != "" {
					ctx.Profile, _ = profile.Load(res.Doc.Profile)
				}
				find, err := json.Marshal(check.Check(res.Doc, ctx))
				if err != nil {
					t.Fatal(err)
				}
				if i == 0 {
					doc0, find0 = doc, find
					continue
				}
				if string(doc) != string(doc0) {
					dump(t, name, "doc", doc0, doc)
					t.Errorf("run %d read a different document than run 1", i+1)
				}
				if string(find) != string(find0) {
					dump(t, name, "findings", find0, find)
					t.Errorf("run %d gave different findings than run 1", i+1)
				}
			}
		})
	}
}

// dump keeps both versions (outside the test's own temporary
// directory, which is removed) where `diff` can compare them.
func dump(t *testing.T, name, what string, a, b []byte) {
	dir, err := os.MkdirTemp("", "yusuan-determinism-")
	if err != nil {
		t.Log(err)
		return
	}
	pa, pb := filepath.Join(dir, what+"-1.json"), filepath.Join(dir, what+"-n.json")
	_ = os.WriteFile(pa, a, 0o644)
	_ = os.WriteFile(pb, b, 0o644)
	t.Logf("%s: %s differ: diff %s %s", name, what, pa, pb)
}
