package cli

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/yusuan/yusuan"
	"github.com/yusuan/yusuan/store"
	"github.com/yusuan/yusuan/store/storetest"
)

// startServe runs serve on a loopback port until the test ends.
func startServe(t *testing.T, dsn string) string {
	t.Helper()
	s, err := store.Open(context.Background(), dsn, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- serve(ctx, ln, s, slog.New(slog.NewTextHandler(io.Discard, nil)), io.Discard) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("serve did not shut down cleanly: %v", err)
		}
		s.Close()
	})
	return "http://" + ln.Addr().String()
}

func httpGet(t *testing.T, url string) (*http.Response, []byte) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, b
}

// Two servers on one database (both kinds): a publication stored while
// they run is seen by both, and a file rendered by one is served from the
// shared cache by the other, byte for byte.
func TestTwoServersOneDatabase(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dsn string) {
		if code, _, stderr := run(t, "db", "migrate", "--db", dsn); code != 0 {
			t.Fatalf("migrate: %s", stderr)
		}
		a, b := startServe(t, dsn), startServe(t, dsn)
		if code, _, stderr := run(t, "publish", "--db", dsn, "--region", "410100", "--region-name", "郑州市", exampleBudget); code != 0 {
			t.Fatalf("publish: %s", stderr)
		}
		var ids [2]string
		for i, base := range []string{a, b} {
			resp, body := httpGet(t, base+"/api/v1/publications")
			var page struct {
				Publications []struct {
					ID int64 `json:"id"`
				} `json:"publications"`
			}
			if resp.StatusCode != 200 || json.Unmarshal(body, &page) != nil || len(page.Publications) != 1 {
				t.Fatalf("server %d: %d %s", i, resp.StatusCode, body)
			}
			ids[i], _ = func() (string, error) { b, err := json.Marshal(page.Publications[0].ID); return string(b), err }()
		}
		respA, pdfA := httpGet(t, a+"/api/v1/publications/"+ids[0]+"/files/pdf")
		respB, pdfB := httpGet(t, b+"/api/v1/publications/"+ids[1]+"/files/pdf")
		if respA.StatusCode != 200 || !bytes.HasPrefix(pdfA, []byte("%PDF-")) || respA.Header.Get("Content-Type") != "application/pdf" {
			t.Fatalf("pdf from A: %d %s", respA.StatusCode, respA.Header.Get("Content-Type"))
		}
		if !bytes.Equal(pdfA, pdfB) || respA.Header.Get("ETag") != respB.Header.Get("ETag") {
			t.Error("B served another rendering than A's cached one")
		}
		if !strings.Contains(respA.Header.Get("Content-Disposition"), "filename*=UTF-8''") {
			t.Errorf("Content-Disposition = %q", respA.Header.Get("Content-Disposition"))
		}
		resp, z := httpGet(t, b+"/api/v1/publications/"+ids[1]+"/files/csv")
		zr, err := zip.NewReader(bytes.NewReader(z), int64(len(z)))
		if resp.StatusCode != 200 || err != nil || len(zr.File) < 5 {
			t.Fatalf("csv zip: %d %v", resp.StatusCode, err)
		}
		for _, f := range zr.File {
			if !strings.HasSuffix(f.Name, ".csv") && !strings.HasSuffix(f.Name, ".md") && filepath.Ext(f.Name) != ".json" {
				t.Errorf("csv zip holds %s", f.Name)
			}
		}
	})
}

func TestDemoPublishesACleanRegion(t *testing.T) {
	db := filepath.Join(t.TempDir(), "demo.db")
	code, stdout, stderr := run(t, "demo", "--db", db, "--departments", "3", "--years", "2025-2026", "--seed", "5")
	if code != 0 || !strings.Contains(stdout, "共 6 份") {
		t.Fatalf("demo: exit %d %s %s", code, stdout, stderr)
	}
	s, err := store.Open(context.Background(), db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var errs, pubs int
	s.SQL().QueryRow(`SELECT COUNT(*), COALESCE(SUM(errors), 0) FROM publication`).Scan(&pubs, &errs)
	if pubs != 6 || errs != 0 {
		t.Errorf("%d publications with %d errors; want 6 and 0", pubs, errs)
	}
	orgs, _ := s.Organizations(context.Background(), yusuan.OrganizationFilter{})
	for _, o := range orgs {
		if !strings.Contains(o.Name, "演示数据") {
			t.Errorf("organization %q is not labelled synthetic", o.Name)
		}
	}
	for _, bad := range [][]string{{"--years", "2019-2026"}, {"--years", "x"}, {"--departments", "0"}} {
		if code, _, _ := run(t, append([]string{"demo", "--db", db}, bad...)...); code != ExitInput {
			t.Errorf("demo %v: exit %d, want 2", bad, code)
		}
	}
}

// With last year's publication in the store, check compares this year's
// narrative with it: the example's narrative, moved to 2022 with its
// 2020-based changes left in, disagrees with the published 2021 figures.
func TestCheckAgainstLastYearsPublication(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "y.db")
	if code, _, stderr := run(t, "publish", "--db", db, exampleBudget); code != 0 {
		t.Fatalf("publish 2021: %s", stderr)
	}
	b, _ := os.ReadFile(exampleBudget)
	next := strings.Replace(string(b), "\nyear: 2021", "\nyear: 2022", 1)
	if next == string(b) {
		t.Fatal("the example has no year line to change")
	}
	f2022 := filepath.Join(dir, "budget-2022.yaml")
	os.WriteFile(f2022, []byte(next), 0o644)
	_, out, _ := run(t, "check", "--format", "json", f2022)
	if strings.Contains(out, "PRIOR-") {
		t.Fatal("PRIOR rules fired without a store")
	}
	_, out, stderr := run(t, "check", "--db", db, "--format", "json", f2022)
	if !strings.Contains(out, `"rule": "PRIOR-001"`) {
		t.Fatalf("no PRIOR-001 finding against the stored 2021 publication:\n%.2000s\n%s", out, stderr)
	}
}
