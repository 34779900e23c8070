package catalog

import (
	"strings"
	"testing"
)

// FuzzLoadCSV feeds arbitrary bytes to the CSV loader over the embedded 2021
// catalog. The loader must never panic, must not modify the base, must
// return either a catalog or an error, and a catalog it returns must pass
// Validate. Seeds are in testdata/fuzz/FuzzLoadCSV.
func FuzzLoadCSV(f *testing.F) {
	base, err := Load(2021)
	if err != nil {
		f.Fatal(err)
	}
	baseFunctional, baseMaps := base.Functional.Len(), len(base.Mappings)
	f.Add([]byte("scheme,code,name\nfunctional,2011409,知识产权宏观管理\n"))
	f.Add([]byte("econ,gov_econ,kinds\n30213,50201,administrative|civil_service\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := loadCSV("fuzz.csv", data, base)
		if base.Functional.Len() != baseFunctional || len(base.Mappings) != baseMaps {
			t.Fatal("loadCSV modified the base catalog")
		}
		if err != nil {
			if c != nil {
				t.Fatal("catalog and error both returned")
			}
			if !strings.Contains(err.Error(), "fuzz.csv") {
				t.Fatalf("error does not name the file: %v", err)
			}
			return
		}
		if c == nil {
			t.Fatal("neither catalog nor error")
		}
		if err := Validate(c); err != nil {
			t.Fatalf("accepted an invalid catalog: %v", err)
		}
	})
}
