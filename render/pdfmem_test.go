package render_test

import (
	"fmt"
	"math/rand"
	"runtime"
	"syscall"
	"testing"

	"github.com/yusuan/yusuan/catalog"
	"github.com/yusuan/yusuan/compile"
	"github.com/yusuan/yusuan/internal/budgetgen"
	"github.com/yusuan/yusuan/profile"
	"github.com/yusuan/yusuan/render/pdf"
)

// BenchmarkPDFBySize renders the PDF of generated budgets of growing size
// and reports the pages, the bytes and the memory: the process's peak
// resident memory before the render (the compiled document) and after it.
// Peak memory is per process, so run each size on its own:
//
//	go test -c -o render.test ./render
//	for n in 2500 5000 10000 20000; do ./render.test -test.run '^$' -test.bench "PDFBySize/lines=$n\$" -test.benchtime 1x; done
func BenchmarkPDFBySize(b *testing.B) {
	for _, n := range []int{2500, 5000, 10000, 20000} {
		b.Run(fmt.Sprintf("lines=%d", n), func(b *testing.B) {
			cat, err := catalog.Load(2021)
			if err != nil {
				b.Fatal(err)
			}
			p, err := profile.Load("zhengzhou-2021")
			if err != nil {
				b.Fatal(err)
			}
			doc, err := compile.Compile(budgetgen.Large(rand.New(rand.NewSource(1)), cat, 20, n), p, cat)
			if err != nil {
				b.Fatal(err)
			}
			runtime.GC()
			before := maxRSS()
			var size int
			for b.Loop() {
				out, err := pdf.Render(doc, p)
				if err != nil {
					b.Fatal(err)
				}
				size = len(out)
			}
			b.ReportMetric(float64(size), "pdf-bytes")
			b.ReportMetric(float64(before)/(1<<20), "before-MiB")
			b.ReportMetric(float64(maxRSS())/(1<<20), "peak-MiB")
		})
	}
}

func maxRSS() int64 {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return ru.Maxrss << 10
}
