package cli

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/yusuan/yusuan"
)

func run(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := Main(args, &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

func readDoc(t *testing.T, path string) *yusuan.Document {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var d yusuan.Document
	if err := json.Unmarshal(b, &d); err != nil {
		t.Fatal(err)
	}
	return &d
}

// sameTables compares every cell of every table of want (compiled) with
// got (imported). A text cell that is absent equals an empty one.
func sameTables(t *testing.T, want, got *yusuan.Document) {
	t.Helper()
	if len(want.Tables) != len(got.Tables) {
		t.Errorf("%d tables compiled, %d imported", len(want.Tables), len(got.Tables))
	}
	for i := 0; i < len(want.Tables) && i < len(got.Tables); i++ {
		w, g := &want.Tables[i], &got.Tables[i]
		name := fmt.Sprintf("table %d (%s)", w.Number, w.Kind)
		if w.Kind != g.Kind || w.Number != g.Number || w.Title != g.Title || w.Unit != g.Unit {
			t.Errorf("%s: imported as %d %s %q %s, compiled %q %s", name, g.Number, g.Kind, g.Title, g.Unit, w.Title, w.Unit)
			continue
		}
		if len(w.Rows) != len(g.Rows) {
			t.Errorf("%s: %d rows compiled, %d imported", name, len(w.Rows), len(g.Rows))
			continue
		}
		for j := range w.Rows {
			wr, gr := &w.Rows[j], &g.Rows[j]
			rn := fmt.Sprintf("%s row %d %s %s", name, j, wr.Code, wr.Name)
			if wr.Code != gr.Code || wr.Name != gr.Name || wr.Key != gr.Key || wr.Level != gr.Level || wr.GovCode != gr.GovCode || wr.GovName != gr.GovName {
				t.Errorf("%s: imported as %q %q key %q level %q gov %q %q", rn, gr.Code, gr.Name, gr.Key, gr.Level, gr.GovCode, gr.GovName)
			}
			keys := map[string]bool{}
			for k := range wr.Cells {
				keys[k] = true
			}
			for k := range gr.Cells {
				keys[k] = true
			}
			for k := range keys {
				wv, gv := wr.Cells[k], gr.Cells[k]
				if wv.IsText || gv.IsText {
					if wv.Text != gv.Text || (wv.Num != 0 || gv.Num != 0) {
						t.Errorf("%s: %s = %q, compiled %q", rn, k, gv.Text, wv.Text)
					}
					continue
				}
				if wv.Num != gv.Num {
					t.Errorf("%s: %s = %s, compiled %s", rn, k, gv.Num, wv.Num)
				}
			}
		}
	}
}

// TestRoundTrip builds the example, renders it, imports the rendering and
// compares every cell with the compiled document: Markdown always, XLSX
// once the xlsx format is registered (render/xlsx).
func TestRoundTrip(t *testing.T) {
	dir := t.TempDir()
	formats := []string{"md", "json"}
	hasXLSX := false
	for _, f := range formatNames() {
		if f == "xlsx" {
			hasXLSX = true
			formats = append(formats, "xlsx")
		}
	}
	code, _, stderr := run(t, "build", "../../examples/zhengzhou-2021-gov-office/budget.yaml", "--format", strings.Join(formats, ","), "-o", dir)
	if code != 0 {
		t.Fatalf("build: %d %s", code, stderr)
	}
	want := readDoc(t, filepath.Join(dir, "budget.json"))
	rendered := []string{"budget.md"}
	if hasXLSX {
		rendered = append(rendered, "budget.xlsx")
	} else {
		t.Log("render/xlsx not registered: XLSX round trip not run")
	}
	for _, f := range rendered {
		t.Run(f, func(t *testing.T) {
			out := filepath.Join(dir, f+".import.json")
			code, _, stderr := run(t, "import", filepath.Join(dir, f), "-o", out)
			if code != 0 {
				t.Fatalf("import: %d %s", code, stderr)
			}
			got := readDoc(t, out)
			if got.Profile != want.Profile || got.Year != want.Year || got.Department.Name != want.Department.Name {
				t.Errorf("imported profile %s year %d department %q", got.Profile, got.Year, got.Department.Name)
			}
			sameTables(t, want, got)
		})
	}
}
