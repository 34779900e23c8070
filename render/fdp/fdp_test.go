package fdp_test

import (
	"bytes"
	stdcsv "encoding/csv"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/yusuan/yusuan"
	"github.com/yusuan/yusuan/render/csv"
	"github.com/yusuan/yusuan/render/fdp"
	"github.com/yusuan/yusuan/render/internal/testdoc"
)

func TestGolden(t *testing.T) {
	doc, p := testdoc.Example(t)
	files, err := fdp.Render(doc, p, "fdp")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		testdoc.Golden(t, filepath.Join("testdata", "golden", f.Name), f.Data)
	}
}

func read(t *testing.T, data []byte) []map[string]string {
	t.Helper()
	recs, err := stdcsv.NewReader(bytes.NewReader(bytes.TrimPrefix(data, []byte(csv.BOM)))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var out []map[string]string
	for _, r := range recs[1:] {
		m := map[string]string{}
		for i, h := range recs[0] {
			m[h] = r[i]
		}
		out = append(out, m)
	}
	return out
}

// TestFactsAddUp checks that each resource's facts add up to the total of
// the table they come from, and that the model describes them as the
// OpenSpending fiscal data package spec asks.
func TestFactsAddUp(t *testing.T) {
	doc, p := testdoc.Example(t)
	files, err := fdp.Render(doc, p, "fdp")
	if err != nil {
		t.Fatal(err)
	}
	byName := map[string][]byte{}
	for _, f := range files {
		byName[f.Name] = f.Data
	}
	for path, kind := range map[string]yusuan.TableKind{
		"fdp/data/expenditure.csv":          yusuan.KindExpenditure,
		"fdp/data/expenditure-economic.csv": yusuan.KindGeneralPublicEconomic,
		"fdp/data/income.csv":               yusuan.KindIncome,
	} {
		var sum yusuan.Amount
		rows := read(t, byName[path])
		for _, r := range rows {
			a, err := yusuan.ParseAmount(r["amount"])
			if err != nil {
				t.Fatal(err)
			}
			sum += a
		}
		want := doc.Table(kind).Total().Amount("total")
		if sum != want || len(rows) == 0 {
			t.Errorf("%s: %d facts add up to %s, want the table total %s", path, len(rows), sum, want)
		}
	}
	var d struct {
		Model struct {
			Measures   map[string]map[string]any `json:"measures"`
			Dimensions map[string]map[string]any `json:"dimensions"`
		} `json:"model"`
		Resources []struct {
			Name, Path string
		} `json:"resources"`
	}
	if err := json.Unmarshal(byName["fdp/datapackage.json"], &d); err != nil {
		t.Fatal(err)
	}
	for name, m := range d.Model.Measures {
		if m["currency"] != "CNY" || m["phase"] != "approved" || (m["direction"] != "expenditure" && m["direction"] != "revenue") {
			t.Errorf("measure %s: %v", name, m)
		}
	}
	types := map[string]bool{}
	for _, dim := range d.Model.Dimensions {
		if ct, ok := dim["classificationType"].(string); ok {
			types[ct] = true
		}
	}
	if !types["functional"] || !types["economic"] {
		t.Errorf("classification types %v, want functional and economic", types)
	}
	for _, r := range d.Resources {
		if _, ok := byName["fdp/"+r.Path]; !ok {
			t.Errorf("resource %s: no file %s", r.Name, r.Path)
		}
	}
}

func TestHostile(t *testing.T) {
	doc, p := testdoc.Hostile(t)
	files, err := fdp.Render(doc, p, "fdp")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if strings.HasSuffix(f.Name, ".json") {
			if !json.Valid(f.Data) {
				t.Errorf("%s is not valid JSON", f.Name)
			}
			continue
		}
		for _, r := range read(t, f.Data) {
			for k, v := range r {
				if v != "" && strings.ContainsRune("=+@\t\r", rune(v[0])) {
					t.Errorf("%s: %s = %q could run as a formula", f.Name, k, v)
				}
			}
		}
	}
}
