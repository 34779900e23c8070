package check

import (
	"bytes"
	"flag"
	"os"
	"testing"
)

var update = flag.Bool("update", false, "rewrite docs/rules.md from the rules")

// TestRulesDoc keeps docs/rules.md generated from the rules: it fails
// when the page is stale; -update rewrites it.
func TestRulesDoc(t *testing.T) {
	var b bytes.Buffer
	if err := WriteCatalog(&b); err != nil {
		t.Fatal(err)
	}
	const path = "../docs/rules.md"
	if *update {
		if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	got, err := os.ReadFile(path)
	if err != nil || !bytes.Equal(got, b.Bytes()) {
		t.Fatalf("%s is stale: run go test ./check -run TestRulesDoc -update", path)
	}
}
