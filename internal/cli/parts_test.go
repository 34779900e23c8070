package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/yusuan/yusuan"
)

func TestTextAmounts(t *testing.T) {
	got := textAmounts("2026 年度收入预算 29956.27 万元，比上年增加 1,476.43 万元；办公费 3,200 元；车辆 2 辆；合计 12,345,678.90 元")
	for _, want := range []yusuan.Amount{299562700_00, 14764300_00, 12345678_90} {
		if !got[wanKey(want)] {
			t.Errorf("missing %v in %v", want, got)
		}
	}
	// Under 1 万元 and counts are left out.
	if got[wanKey(3200_00)] || len(got) != 3 {
		t.Errorf("unexpected keys: %v", got)
	}
}

func TestWanKeyRoundsTablePrecision(t *testing.T) {
	// Beijing prints 万元 with six decimals (29,956.265460); the narrative
	// quotes 29956.27.
	if wanKey(299562654_60) != wanKey(299562700_00) {
		t.Fatal("29,956.265460 万元 should match 29956.27 万元")
	}
	if wanKey(299562654_60) == wanKey(299562800_00) {
		t.Fatal("29,956.265460 万元 should not match 29956.28 万元")
	}
}

func TestPairParts(t *testing.T) {
	keys := func(as ...yusuan.Amount) map[int64]bool {
		m := map[int64]bool{}
		for _, a := range as {
			m[wanKey(a)] = true
		}
		return m
	}
	n1 := part{narrativeOnly: true, amounts: keys(100_000_000_00, 90_000_000_00, 5_000_000_00), year: 2026}
	n2 := part{narrativeOnly: true, amounts: keys(200_000_000_00, 190_000_000_00), year: 2026}
	t1 := part{tablesOnly: true, totals: keys(100_000_000_00, 90_000_000_00, 1_000_000_00)}
	t2 := part{tablesOnly: true, totals: keys(200_000_000_00, 190_000_000_00), year: 2026}
	t3 := part{tablesOnly: true, totals: keys(100_000_000_00, 7_000_000_00)} // one total only
	other := part{}
	got := pairParts([]part{n1, t3, other, t2, n2, t1})
	want := map[int]int{5: 0, 3: 4} // tables index → narrative index
	if len(got) != len(want) {
		t.Fatalf("pairs %+v, want %v", got, want)
	}
	for _, p := range got {
		if want[p.tables] != p.narrative {
			t.Errorf("pair %+v, want tables %d with narrative %d", p, p.tables, want[p.tables])
		}
	}

	// A year that contradicts is never paired.
	t2.year = 2025
	if got := pairParts([]part{n2, t2}); len(got) != 0 {
		t.Errorf("paired across years: %+v", got)
	}
	// Two equally good tables files: nothing is guessed.
	if got := pairParts([]part{n1, t1, t1}); len(got) != 0 {
		t.Errorf("ambiguous pairing made: %+v", got)
	}
	// Two narratives quoting one tables file equally: nothing is guessed.
	if got := pairParts([]part{n1, n1, t1}); len(got) != 0 {
		t.Errorf("ambiguous pairing made: %+v", got)
	}
}

// A folder holding Beijing's narrative and tables as two files is
// checked as one disclosure: the narrative is not an unreadable input and
// its rules run against the tables.
func TestCheckFolderPairsNarrativeWithTables(t *testing.T) {
	needPDF(t)
	dir := t.TempDir()
	for _, f := range []string{"beijing-2026-sifaju-department-budget-narrative.pdf", "beijing-2026-sifaju-department-budget-tables.pdf"} {
		b, err := os.ReadFile(filepath.Join("../../testdata/disclosures", f))
		if err != nil {
			t.Fatal(err)
		}
		// Names that say nothing: the pairing is by content.
		name := map[bool]string{true: "a.pdf", false: "b.pdf"}[strings.Contains(f, "narrative")]
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	code, out, errs := run(t, "check", "--format", "json", dir)
	var rep struct {
		Documents []struct {
			Source, Error string
			Year          int
			Findings      []struct{ Rule, Severity string }
		}
		Summary struct{ Documents, Unreadable int }
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("exit %d: %v\n%s", code, err, errs)
	}
	if rep.Summary.Documents != 1 || rep.Summary.Unreadable != 0 {
		t.Fatalf("want one document, none unreadable: %+v\n%s", rep.Summary, errs)
	}
	d := rep.Documents[0]
	if d.Source != filepath.Join(dir, "b.pdf")+" + a.pdf" || d.Year != 2026 {
		t.Errorf("source %q year %d", d.Source, d.Year)
	}
	narrativeRule := false
	for _, f := range d.Findings {
		if strings.HasPrefix(f.Rule, "NAR-") {
			narrativeRule = true
		}
	}
	if !narrativeRule {
		t.Error("no narrative rule ran on the paired document")
	}
	if !strings.Contains(errs, "作为同一份公开文件检查") {
		t.Errorf("the pairing is not said: %q", errs)
	}

	// Either file alone is checked alone, as before.
	code, out, _ = run(t, "check", "--format", "json", filepath.Join(dir, "a.pdf"))
	if code != ExitInput || !strings.Contains(out, "找不到任何预算表") || !strings.Contains(out, "只有文字说明") {
		t.Errorf("narrative alone: exit %d\n%s", code, out)
	}
}
