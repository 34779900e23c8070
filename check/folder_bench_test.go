package check_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/yusuan/yusuan/check"
	"github.com/yusuan/yusuan/internal/cli"
)

var (
	folderOnce sync.Once
	folderDir  string
	folderErr  error
)

// folder writes 1,000 correct documents (check.BenchDocuments) as
// Document JSON files into a temporary folder, once per test binary.
func folder(b *testing.B) string {
	folderOnce.Do(func() {
		docs, _ := check.BenchDocuments(b, 1000)
		folderDir, folderErr = os.MkdirTemp("", "yusuan-check-bench-")
		for i, d := range docs {
			if folderErr != nil {
				break
			}
			var raw []byte
			if raw, folderErr = json.Marshal(d); folderErr == nil {
				folderErr = os.WriteFile(filepath.Join(folderDir, fmt.Sprintf("doc-%04d.json", i)), raw, 0o644)
			}
		}
	})
	if folderErr != nil {
		b.Fatal(folderErr)
	}
	return folderDir
}

// TestMain removes the benchmark folder.
func TestMain(m *testing.M) {
	code := m.Run()
	if folderDir != "" {
		os.RemoveAll(folderDir)
	}
	os.Exit(code)
}

// BenchmarkCheckFolder runs `yusuan check --format json DIR` in-process
// (cli.Main, the code cmd/yusuan runs) on a folder of 1,000 Document JSON
// files: walking the folder, and on a worker pool of GOMAXPROCS
// goroutines reading, decoding, loading the profile and catalog of, and
// checking each file, then writing the report. Run with -cpu 1,2 to see
// it scale.
func BenchmarkCheckFolder(b *testing.B) {
	dir := folder(b)
	var out bytes.Buffer
	if code := cli.Main([]string{"check", "--format", "json", dir}, &out, io.Discard); code != cli.ExitOK {
		b.Fatalf("yusuan check %s: exit status %d, want 0 (the documents are correct)", dir, code)
	}
	var rep check.Report
	if err := json.Unmarshal(out.Bytes(), &rep); err != nil || rep.Summary.Documents != 1000 || rep.Summary.Unreadable > 0 {
		b.Fatalf("yusuan check %s: %v, summary %+v, want 1,000 documents checked", dir, err, rep.Summary)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if code := cli.Main([]string{"check", "--format", "json", dir}, io.Discard, io.Discard); code != cli.ExitOK {
			b.Fatalf("yusuan check %s: exit status %d, want 0 (the documents are correct)", dir, code)
		}
	}
	b.ReportMetric(float64(1000*b.N)/b.Elapsed().Seconds(), "docs/s")
}
