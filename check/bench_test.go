package check

import (
	"fmt"
	"runtime"
	"sync"
	"testing"

	"github.com/yusuan/yusuan"
)

// BenchmarkCheck checks the compiled example (about 300 table rows with
// the narrative) on one goroutine.
func BenchmarkCheck(b *testing.B) {
	doc, ctx := example(b)
	rows := 0
	for _, t := range doc.Tables {
		rows += len(t.Rows)
	}
	b.ReportMetric(float64(rows), "rows")
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		Check(doc, ctx)
	}
}

// BenchmarkCheckFolder checks 1,000 documents on a worker pool of
// GOMAXPROCS goroutines, the way yusuan check does a folder; run with
// -cpu 1,2 to see it scale.
func BenchmarkCheckFolder(b *testing.B) {
	doc, ctx := example(b)
	docs := make([]*yusuan.Document, 1000)
	for i := range docs {
		docs[i] = doc
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		work := make(chan *yusuan.Document)
		var wg sync.WaitGroup
		for w := 0; w < runtime.GOMAXPROCS(0); w++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for d := range work {
					Check(d, ctx)
				}
			}()
		}
		for _, d := range docs {
			work <- d
		}
		close(work)
		wg.Wait()
	}
	b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "ms/1000docs")
	_ = fmt.Sprint
}
