package csv_test

import (
	"bytes"
	stdcsv "encoding/csv"
	"path/filepath"
	"strings"
	"testing"

	"github.com/yusuan/yusuan/render/csv"
	"github.com/yusuan/yusuan/render/internal/testdoc"
)

// TestGolden renders the compiled example and compares every file with
// its golden copy (go test -update rewrites them).
func TestGolden(t *testing.T) {
	doc, p := testdoc.Example(t)
	files := csv.Render(doc, p, "csv")
	if len(files) < 14 {
		t.Fatalf("%d files, want one per table and an index", len(files))
	}
	for _, f := range files {
		if !bytes.HasPrefix(f.Data, []byte(csv.BOM)) {
			t.Errorf("%s: no UTF-8 byte-order mark", f.Name)
		}
		testdoc.Golden(t, filepath.Join("testdata", "golden", f.Name), f.Data)
	}
}

func TestSafe(t *testing.T) {
	for in, want := range map[string]string{
		"=1+2": "'=1+2", "+1": "'+1", "-1": "'-1", "@SUM(A1)": "'@SUM(A1)", "\tx": "'\tx", "\rx": "'\rx",
		"行政运行": "行政运行", "": "", "2010301": "2010301",
	} {
		if got := csv.Safe(in); got != want {
			t.Errorf("Safe(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestHostile checks that no text cell of any file could run as a formula,
// and that the files still parse as CSV with the long name intact.
func TestHostile(t *testing.T) {
	doc, p := testdoc.Hostile(t)
	long := false
	for _, f := range csv.Render(doc, p, "csv") {
		r := stdcsv.NewReader(bytes.NewReader(bytes.TrimPrefix(f.Data, []byte(csv.BOM))))
		r.FieldsPerRecord = -1
		recs, err := r.ReadAll()
		if err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
		for _, rec := range recs {
			for _, c := range rec {
				if c == "" {
					continue
				}
				if strings.ContainsRune("=+@\t\r", rune(c[0])) {
					t.Errorf("%s: cell %q could run as a formula", f.Name, c)
				}
				if c[0] == '-' && strings.Trim(c, "-0123456789.") != "" {
					t.Errorf("%s: cell %q could run as a formula", f.Name, c)
				}
				long = long || strings.Contains(c, testdoc.LongName)
			}
		}
	}
	if !long {
		t.Error("the 10,000-character name was lost")
	}
}
