package cli

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestCheckExitStatus(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.json")
	os.WriteFile(bad, []byte(`{"schema":"yusuan.document/v1","tables":[`), 0o644)
	example := "../../examples/zhengzhou-2021-gov-office/budget.yaml"
	seed := "../../testdata/disclosures/zhengzhou-2021-gov-office.txt"
	cases := []struct {
		name string
		args []string
		want int
	}{
		{"clean example", []string{"check", example}, ExitOK},
		{"seed with errors", []string{"check", seed}, ExitFindings},
		{"unreadable input, others still checked", []string{"check", "--format", "json", example, bad}, ExitInput},
		{"unknown format", []string{"check", "--format", "xml", example}, ExitInput},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var out, errb bytes.Buffer
			if got := Main(c.args, &out, &errb); got != c.want {
				t.Fatalf("exit %d, want %d\n%s\n%s", got, c.want, out.String(), errb.String())
			}
			if c.name == "unreadable input, others still checked" {
				var rep struct {
					Schema    string
					Documents []struct{ Source, Error string }
					Summary   struct{ Documents, Errors, Warnings int }
				}
				if err := json.Unmarshal(out.Bytes(), &rep); err != nil {
					t.Fatal(err)
				}
				if rep.Schema != "yusuan.findings/v1" || rep.Summary.Documents != 2 {
					t.Fatalf("report: %+v", rep)
				}
			}
		})
	}
}

func TestCheckHTMLIsEscaped(t *testing.T) {
	var out, errb bytes.Buffer
	Main([]string{"check", "--format", "html", "../../examples/zhengzhou-2021-gov-office/budget.yaml"}, &out, &errb)
	h := out.String()
	if !strings.HasPrefix(h, "<!DOCTYPE html>") || strings.Contains(h, "<script") {
		t.Fatalf("not a self-contained report:\n%s", h[:200])
	}
}

func TestRulesCommand(t *testing.T) {
	var out, errb bytes.Buffer
	if got := Main([]string{"rules"}, &out, &errb); got != 0 {
		t.Fatal(errb.String())
	}
	if !strings.Contains(out.String(), "SUM-001") || !strings.Contains(out.String(), "NAR-003") {
		t.Fatal(out.String())
	}
}
