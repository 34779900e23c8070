package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/yusuan/yusuan"
	"github.com/yusuan/yusuan/catalog"
	"github.com/yusuan/yusuan/demo"
	"github.com/yusuan/yusuan/store"
	"github.com/yusuan/yusuan/store/storetest"
)

// buildBinary builds yusuan once per test binary run.
func buildBinary(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "yusuan")
	cmd := exec.Command("go", "build", "-o", bin, "../../cmd/yusuan")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// A bulk `yusuan publish` is killed with SIGKILL at random points, again
// and again, then run to the end: every publication is whole (its facts
// are exactly the facts of its stored document) or absent, and each
// budget is stored once (the reruns find the same file unchanged).
func TestPublishSurvivesSIGKILL(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and publishes a folder many times")
	}
	bin := buildBinary(t)
	in := t.TempDir()
	ds, err := demo.Generate(catalog.Load, demo.Options{Departments: 6, FirstYear: 2023, LastYear: 2026, Seed: 11, Profile: "zhengzhou-2021"})
	if err != nil {
		t.Fatal(err)
	}
	files := 0
	for _, d := range ds {
		for _, b := range d.Budgets {
			data, _ := json.Marshal(b)
			os.WriteFile(filepath.Join(in, fmt.Sprintf("%s-%d.json", d.Code, b.Year)), data, 0o644)
			files++
		}
	}
	storetest.Each(t, func(t *testing.T, dsn string) {
		r := rand.New(rand.NewSource(time.Now().UnixNano()))
		killed := 0
		var progress []int
		for round := 0; round < 6; round++ {
			cmd := exec.Command(bin, "publish", "--db", dsn, "-j", "1", in)
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			time.Sleep(time.Duration(100+r.Intn(900)) * time.Millisecond)
			if cmd.Process.Signal(syscall.SIGKILL) == nil {
				killed++
			}
			cmd.Wait()
			progress = append(progress, countPublications(t, dsn))
		}
		out, err := exec.Command(bin, "publish", "--db", dsn, in).CombinedOutput()
		if err != nil {
			t.Fatalf("final publish: %v\n%s", err, out)
		}
		s, err := store.Open(context.Background(), dsn, store.Options{})
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		if s.Dialect() == store.SQLite {
			var ok string
			s.SQL().QueryRow(`PRAGMA integrity_check`).Scan(&ok)
			if ok != "ok" {
				t.Fatalf("integrity_check: %s", ok)
			}
		}
		pubs, err := s.Publications(context.Background(), yusuan.PublicationFilter{AllVersions: true})
		if err != nil {
			t.Fatal(err)
		}
		if len(pubs) != files {
			t.Errorf("%d publications for %d files (killed %d times)", len(pubs), files, killed)
		}
		for _, p := range pubs {
			if p.Version != 1 || !p.Latest {
				t.Errorf("publication %d: version %d latest %v; each file once", p.ID, p.Version, p.Latest)
			}
			raw, err := s.DocumentJSON(context.Background(), p.ID)
			if err != nil {
				t.Fatal(err)
			}
			var doc yusuan.Document
			if err := json.Unmarshal(raw, &doc); err != nil {
				t.Fatalf("publication %d: stored document: %v", p.ID, err)
			}
			var n int
			s.SQL().QueryRow(s.Rebind(`SELECT COUNT(*) FROM fact WHERE publication_id = ?`), p.ID).Scan(&n)
			if want := len(yusuan.Facts(&doc)); n != want || want == 0 {
				t.Errorf("publication %d: %d fact lines stored, its document has %d", p.ID, n, want)
			}
		}
		t.Logf("%s: killed %d times (publications stored after each kill: %v); %d publications whole", filepath.Base(dsn), killed, progress, len(pubs))
	})
}

func countPublications(t *testing.T, dsn string) int {
	s, err := store.Open(context.Background(), dsn, store.Options{})
	if err != nil {
		return -1 // not created yet
	}
	defer s.Close()
	var n int
	s.SQL().QueryRow(`SELECT COUNT(*) FROM publication`).Scan(&n)
	return n
}
