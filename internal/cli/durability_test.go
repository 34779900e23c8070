package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
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

// A disk that fills up during a bulk publish: exit 2 with a message that
// names the database, and what was stored is whole. The disk is a small
// tmpfs (needs root; skipped where mounting is not allowed).
func TestPublishOnAFullDisk(t *testing.T) {
	dir := t.TempDir()
	mnt := filepath.Join(dir, "full")
	os.Mkdir(mnt, 0o755)
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", mnt).CombinedOutput(); err != nil {
		t.Skipf("cannot mount a small tmpfs here (%v: %s)", err, out)
	}
	defer exec.Command("umount", mnt).Run()
	in := filepath.Join(dir, "in")
	os.Mkdir(in, 0o755)
	ds, err := demo.Generate(catalog.Load, demo.Options{Departments: 10, FirstYear: 2026, LastYear: 2026, Seed: 2, Profile: "zhengzhou-2021"})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range ds {
		data, _ := json.Marshal(d.Budgets[0])
		os.WriteFile(filepath.Join(in, d.Code+".json"), data, 0o644)
	}
	db := filepath.Join(mnt, "y.db")
	code, _, stderr := run(t, "publish", "--db", db, "-j", "1", in)
	if code != ExitInput || !strings.Contains(stderr, db) || !strings.Contains(stderr, "不可用") {
		t.Fatalf("exit %d, stderr %q; want 2 and a message naming %s", code, stderr, db)
	}
	// Free the disk: what was stored is whole and readable.
	big, _ := os.ReadDir(mnt)
	t.Logf("full disk: %s; files %d", strings.TrimSpace(stderr), len(big))
	copyDB := filepath.Join(dir, "copy.db")
	for _, suffix := range []string{"", "-wal", "-shm"} {
		if b, err := os.ReadFile(db + suffix); err == nil {
			os.WriteFile(copyDB+suffix, b, 0o644)
		}
	}
	s, err := store.Open(context.Background(), copyDB, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var ok string
	s.SQL().QueryRow(`PRAGMA integrity_check`).Scan(&ok)
	if ok != "ok" {
		t.Fatalf("integrity_check after a full disk: %s", ok)
	}
	pubs, _ := s.Publications(context.Background(), yusuan.PublicationFilter{AllVersions: true})
	t.Logf("%d of %d publications stored before the disk was full", len(pubs), len(ds))
	if len(pubs) >= len(ds) {
		t.Fatalf("%d of %d publications stored on a full disk", len(pubs), len(ds))
	}
	for _, p := range pubs {
		raw, _ := s.DocumentJSON(context.Background(), p.ID)
		var doc yusuan.Document
		json.Unmarshal(raw, &doc)
		var n int
		s.SQL().QueryRow(`SELECT COUNT(*) FROM fact WHERE publication_id = ?`, p.ID).Scan(&n)
		if n != len(yusuan.Facts(&doc)) {
			t.Errorf("publication %d is not whole: %d facts of %d", p.ID, n, len(yusuan.Facts(&doc)))
		}
	}
}

// PostgreSQL that is not there: a clear message and exit 2, for publish
// and for serve.
func TestPostgresDown(t *testing.T) {
	dsn := "postgres://postgres@127.0.0.1:1/nothing?sslmode=disable&connect_timeout=2"
	for _, args := range [][]string{{"publish", "--db", dsn, exampleBudget}, {"serve", "--db", dsn, "--addr", "127.0.0.1:0"}, {"db", "status", "--db", dsn}} {
		code, _, stderr := run(t, args...)
		if code != ExitInput || !strings.Contains(stderr, "数据库不可用") || !strings.Contains(stderr, "127.0.0.1:1") {
			t.Errorf("%v: exit %d, %q; want 2 and a message naming the server", args[0], code, stderr)
		}
	}
}
