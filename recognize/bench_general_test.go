package recognize_test

import (
	"path/filepath"
	"testing"

	"github.com/yusuan/yusuan/profile"
	"github.com/yusuan/yusuan/read"
	"github.com/yusuan/yusuan/recognize"
)

// BenchmarkGeneral: recognition alone (no extraction) of a 35-page
// disclosure by the general reader.
func BenchmarkGeneral(b *testing.B) {
	needPDF(b)
	l, err := read.File(filepath.Join(disclosures, "yantai-2026-zhengfu-bangongshi-department-budget.pdf"))
	if err != nil {
		b.Fatal(err)
	}
	ps, _ := profile.All()
	g, _ := profile.General()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := recognize.Auto(l, ps, g, catalogOf); err != nil {
			b.Fatal(err)
		}
	}
}
