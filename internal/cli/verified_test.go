package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// TestVerifiedErrors: every error `yusuan check testdata/disclosures/`
// reports on the published samples is one verified by hand and listed,
// with its arithmetic, in docs/findings/verified-errors.tsv; and every
// error listed there is still reported. A new error on a sample fails
// until someone checks it against the PDF: real, it is added to the list
// and to the sample's audit; not real, the rule is fixed for its family.
func TestVerifiedErrors(t *testing.T) {
	if testing.Short() {
		t.Skip("checks every published sample")
	}
	needPDF(t)
	raw, err := os.ReadFile("../../docs/findings/verified-errors.tsv")
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for i, line := range strings.Split(string(raw), "\n") {
		if line == "" || strings.HasPrefix(line, "#") || strings.HasPrefix(line, "file\t") {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) != 5 || strings.TrimSpace(f[4]) == "" {
			t.Fatalf("verified-errors.tsv:%d: want file, rule, table, actual and why, got %q", i+1, line)
		}
		want = append(want, strings.Join(f[:4], "\t"))
	}
	code, stdout, stderr := run(t, "check", "../../testdata/disclosures", "--format", "json")
	if code == 0 {
		t.Fatalf("check: exit 0, but the samples have real errors; stderr: %s", stderr)
	}
	var res struct {
		Documents []struct {
			Source   string `json:"source"`
			Error    string `json:"error"`
			Findings []struct {
				Rule        string `json:"rule"`
				Severity    string `json:"severity"`
				TableNumber int    `json:"table_number"`
				Actual      string `json:"actual"`
				Message     string `json:"message"`
			} `json:"findings"`
		} `json:"documents"`
	}
	if err := json.Unmarshal([]byte(stdout), &res); err != nil {
		t.Fatal(err)
	}
	var got []string
	messages := map[string]string{}
	for _, d := range res.Documents {
		file := filepath.Base(strings.SplitN(d.Source, " + ", 2)[0])
		if d.Error != "" && filepath.Ext(file) != ".md" { // SAMPLES.md is no disclosure
			t.Errorf("%s: %s", file, d.Error)
		}
		for _, f := range d.Findings {
			if f.Severity != "error" {
				continue
			}
			table := ""
			if f.TableNumber != 0 {
				table = strconv.Itoa(f.TableNumber)
			}
			k := strings.Join([]string{file, f.Rule, table, f.Actual}, "\t")
			got = append(got, k)
			messages[k] = f.Message
		}
	}
	sort.Strings(got)
	sort.Strings(want)
	onlyGot, onlyWant := diffLines(got, want)
	for _, k := range onlyGot {
		t.Errorf("error not verified (check it against the PDF; list it in docs/findings/verified-errors.tsv if real, else fix the rule): %s — %s", strings.ReplaceAll(k, "\t", " | "), messages[k])
	}
	for _, k := range onlyWant {
		t.Errorf("verified error no longer reported (a real error now missed, or the finding changed): %s", strings.ReplaceAll(k, "\t", " | "))
	}
	t.Logf("%d errors on the samples, all verified", len(got))
}
