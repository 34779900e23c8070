package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const example = "../../examples/zhengzhou-2021-gov-office/budget.yaml"

// TestBuildAllThenRender publishes the example in every format with one
// command, then renders its Document JSON again: the same files result.
func TestBuildAllThenRender(t *testing.T) {
	dir := t.TempDir()
	site := filepath.Join(dir, "site")
	var stdout, stderr bytes.Buffer
	if code := Main([]string{"build", example, "--profile", "zhengzhou-2021", "--format", "all", "-o", site}, &stdout, &stderr); code != 0 {
		t.Fatalf("build: status %d: %s", code, stderr.String())
	}
	for _, name := range []string{"budget.html", "budget.pdf", "budget.xlsx", "budget.md", "budget.json",
		"budget-csv/tables.csv", "budget-csv/03-expenditure.csv", "budget-fdp/datapackage.json", "budget-fdp/data/expenditure.csv"} {
		if _, err := os.Stat(filepath.Join(site, name)); err != nil {
			t.Errorf("build --format all did not write %s", name)
		}
	}
	again := filepath.Join(dir, "again")
	stdout.Reset()
	if code := Main([]string{"render", filepath.Join(site, "budget.json"), "--format", "html,csv,fdp,md", "-o", again}, &stdout, &stderr); code != 0 {
		t.Fatalf("render: status %d: %s", code, stderr.String())
	}
	for _, name := range []string{"budget.html", "budget.md", "budget-csv/03-expenditure.csv", "budget-fdp/data/income.csv"} {
		a, err1 := os.ReadFile(filepath.Join(site, name))
		b, err2 := os.ReadFile(filepath.Join(again, name))
		if err1 != nil || err2 != nil || !bytes.Equal(a, b) {
			t.Errorf("%s differs between build and render of its JSON", name)
		}
	}
	if !strings.Contains(stdout.String(), "budget.html") {
		t.Errorf("render did not list its files: %s", stdout.String())
	}
}

func TestRenderRejectsBadDocuments(t *testing.T) {
	dir := t.TempDir()
	for name, body := range map[string]string{
		"empty.json":    "",
		"syntax.json":   "{\n\"schema\": ",
		"unknown.json":  `{"schema":"yusuan.document/v1","year":2021,"department":{"code":"1","name":"x"},"tables":[],"narrative":[],"surprise":1}`,
		"schema.json":   `{"schema":"other/v9","year":2021,"department":{"code":"1","name":"x"},"tables":[],"narrative":[]}`,
		"kind.json":     `{"schema":"yusuan.document/v1","year":2021,"department":{"code":"1","name":"x"},"tables":[{"kind":"nonsense","number":1,"title":"t","unit":"元","columns":[],"rows":[]}],"narrative":[]}`,
		"amount.json":   `{"schema":"yusuan.document/v1","year":2021,"department":{"code":"1","name":"x"},"tables":[{"kind":"summary","number":1,"title":"t","unit":"元","columns":[],"rows":[{"code":"","name":"合计","cells":{"income":1.234}}]}],"narrative":[]}`,
		"trailing.json": `{"schema":"yusuan.document/v1","year":2021,"department":{"code":"1","name":"x"},"tables":[],"narrative":[]} {}`,
	} {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(dir, name)
			if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
				t.Fatal(err)
			}
			out := filepath.Join(dir, "out-"+name)
			var stdout, stderr bytes.Buffer
			if code := Main([]string{"render", path, "-o", out}, &stdout, &stderr); code != ExitInput {
				t.Errorf("status %d, want %d; stderr: %s", code, ExitInput, stderr.String())
			}
			if !strings.Contains(stderr.String(), name) {
				t.Errorf("message does not name the file: %s", stderr.String())
			}
			if _, err := os.Stat(out); err == nil {
				t.Errorf("wrote output for a bad document")
			}
		})
	}
}
