package demo

import (
	"encoding/json"
	"os"
	"path/filepath"

	"strings"
	"testing"

	"github.com/yusuan/yusuan/budgetfile"

	"github.com/yusuan/yusuan/catalog"
	"github.com/yusuan/yusuan/check"
	"github.com/yusuan/yusuan/compile"
	"github.com/yusuan/yusuan/profile"
)

// Every generated budget compiles into a disclosure that checks without
// errors, in every year, and says it is synthetic.
func TestGeneratedBudgetsCheckClean(t *testing.T) {
	p, err := profile.LoadFile("zhengzhou-2021")
	if err != nil {
		t.Fatal(err)
	}
	ds, err := Generate(catalog.Load, Options{Departments: 14, FirstYear: 2021, LastYear: 2026, Seed: 7, Profile: p.ID})
	if err != nil {
		t.Fatal(err)
	}
	if len(ds) != 14 || len(ds[0].Budgets) != 6 {
		t.Fatalf("%d departments, %d years", len(ds), len(ds[0].Budgets))
	}
	for _, d := range ds {
		if !strings.Contains(d.Name, Label) {
			t.Errorf("%s is not labelled synthetic", d.Name)
		}
		for _, b := range d.Budgets {
			cat, _ := catalog.Load(b.Year)
			doc, err := compile.Compile(b, p, cat)
			if err != nil {
				t.Fatalf("%s %d: %v", d.Name, b.Year, err)
			}
			for _, f := range check.Check(doc, check.Context{Profile: p, Catalog: cat}) {
				if f.Severity == check.Error || f.Severity == check.Warning {
					t.Errorf("%s %d: %s %s %s", d.Name, b.Year, f.Severity, f.Rule, f.Message)
				}
			}
		}
	}
}

func TestGenerateIsDeterministic(t *testing.T) {
	o := Options{Departments: 3, FirstYear: 2024, LastYear: 2025, Seed: 42, Profile: "zhengzhou-2021"}
	a, _ := Generate(catalog.Load, o)
	b, _ := Generate(catalog.Load, o)
	if a[2].Budgets[1].Expenditure[3] != b[2].Budgets[1].Expenditure[3] {
		t.Error("the same seed made different budgets")
	}
}

// The budget files the demo publishes are real budget files: they load
// through the strict budget file reader.
func TestGeneratedBudgetsAreBudgetFiles(t *testing.T) {
	ds, err := Generate(catalog.Load, Options{Departments: 4, FirstYear: 2025, LastYear: 2026, Seed: 9, Profile: "zhengzhou-2021"})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for _, d := range ds {
		for _, b := range d.Budgets {
			data, err := json.Marshal(b)
			if err != nil {
				t.Fatal(err)
			}
			path := filepath.Join(dir, d.Code+".json")
			os.WriteFile(path, data, 0o644)
			if _, err := budgetfile.Load(path, catalog.Load); err != nil {
				t.Errorf("%s %d: %v", d.Name, b.Year, err)
			}
		}
	}
}
