package server

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"sort"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/yusuan/yusuan/catalog"
	"github.com/yusuan/yusuan/store"
	"github.com/yusuan/yusuan/store/storetest"
)

// The cube benchmark: an aggregate over millions of fact lines, drilled by
// function class and year, through the API handler, against the
// equivalent hand-written SQL on the same database in the same run.
//
//	YUSUAN_BENCH_ORGS=2000 go test ./server -run '^$' -bench Cube -benchtime 20x -timeout 60m
//
// 2,000 organizations × 8 years × 320 fact lines = 5.12 million lines (the
// default is 100 organizations, 256,000 lines, so the benchmark also runs
// quickly). The facts are generated in SQL (a cross join of publications
// and codes), not through Publish, so loading stays fast.

func benchOrgs() int {
	if v, err := strconv.Atoi(os.Getenv("YUSUAN_BENCH_ORGS")); err == nil && v > 0 {
		return v
	}
	return 100
}

const benchYears = 8

// loadFacts fills an empty store with orgs × 8 years of publications and
// 320 fact lines each: 150 functional 项 codes × basic/project in the
// expenditure table, and 20 total-column lines of other tables.
func loadFacts(b *testing.B, db *store.DB, orgs int) {
	b.Helper()
	ctx := context.Background()
	sqlDB := db.SQL()
	cat, err := catalog.Load(2026)
	if err != nil {
		b.Fatal(err)
	}
	var items []string
	for _, c := range cat.Functional.Codes() {
		if len(c) == 7 && len(items) < 150 {
			items = append(items, c)
		}
	}
	tx, err := sqlDB.BeginTx(ctx, nil)
	if err != nil {
		b.Fatal(err)
	}
	exec := func(q string, args ...any) {
		if _, err := tx.ExecContext(ctx, db.Rebind(q), args...); err != nil {
			b.Fatalf("%s: %v", q, err)
		}
	}
	exec(`INSERT INTO region (code, name, level) VALUES ('999900', '基准市', 'city')`)
	exec(`CREATE TEMPORARY TABLE bench_code (n INTEGER, table_kind TEXT, code TEXT, col TEXT)`)
	n := 0
	for _, c := range items {
		for _, col := range []string{"basic", "project"} {
			exec(`INSERT INTO bench_code VALUES (?, 'expenditure', ?, ?)`, n, c, col)
			n++
		}
	}
	for i := 0; i < 20; i++ {
		exec(`INSERT INTO bench_code VALUES (?, 'income', ?, 'total')`, n, items[i])
		n++
	}
	for o := 0; o < orgs; o++ {
		exec(`INSERT INTO organization (code, name, region_code) VALUES (?, ?, '999900')`, fmt.Sprintf("B%05d", o), fmt.Sprintf("基准单位%d", o))
	}
	exec(`INSERT INTO publication (organization_id, year, kind, level, version, latest, published_at, profile, file_name, file_sha256, file_size,
		file_bytes, document_json, findings_json, errors, warnings)
		SELECT o.id, y.year, 'budget', 'department', 1, 1, '2026-01-01T00:00:00Z', 'bench', 'x', 'x', 0, '', '{}', '{}', 0, 0
		FROM organization o, (SELECT DISTINCT 2019 + (n % 8) AS year FROM bench_code WHERE n < 8) y`)
	exec(`INSERT INTO fact (publication_id, organization_id, year, kind, level, region_code, latest, table_kind, scheme, code, col, amount)
		SELECT p.id, p.organization_id, p.year, p.kind, p.level, '999900', 1, c.table_kind, 'functional', c.code, c.col,
			((p.id * 7919 + c.n * 104729) % 1000000) * 100
		FROM publication p, bench_code c`)
	// The summary table, as Publish keeps it.
	exec(`INSERT INTO fact_rollup (year, kind, level, region_code, table_kind, scheme, code, col, amount, lines)
		SELECT year, kind, level, region_code, table_kind, scheme, code, col, SUM(amount), COUNT(*) FROM fact WHERE latest = 1
		GROUP BY year, kind, level, region_code, table_kind, scheme, code, col`)
	exec(`DROP TABLE bench_code`)
	if err := tx.Commit(); err != nil {
		b.Fatal(err)
	}
	sqlDB.Exec(`ANALYZE`)
}

const handWritten = `SELECT substr(code, 1, 3), year, SUM(amount) FROM fact
	WHERE table_kind = 'expenditure' AND scheme = 'functional' AND length(code) = 7 AND col IN ('basic', 'project') AND latest = 1
	GROUP BY substr(code, 1, 3), year ORDER BY 1, 2`

func BenchmarkCube(b *testing.B) {
	storetest.EachB(b, func(b *testing.B, dsn string) {
		{
			db, err := store.Open(context.Background(), dsn, store.Options{Migrate: true})
			if err != nil {
				b.Fatal(err)
			}
			defer db.Close()
			orgs := benchOrgs()
			start := time.Now()
			loadFacts(b, db, orgs)
			var lines int64
			db.SQL().QueryRow(`SELECT COUNT(*) FROM fact`).Scan(&lines)
			b.Logf("%s: %d fact lines loaded in %v", db.Dialect(), lines, time.Since(start).Round(time.Millisecond))
			srv := New(db, Options{})
			url := "/api/v1/cubes/expenditure/aggregate?drilldown=function.class|year"
			// Both must agree before either is timed.
			rec := httptest.NewRecorder()
			srv.ServeHTTP(rec, httptest.NewRequest("GET", url, nil))
			if rec.Code != http.StatusOK {
				b.Fatalf("%d %s", rec.Code, rec.Body)
			}
			get := func(b *testing.B, url string) {
				for i := 0; i < b.N; i++ {
					rec := httptest.NewRecorder()
					srv.ServeHTTP(rec, httptest.NewRequest("GET", url, nil))
					if rec.Code != http.StatusOK {
						b.Fatal(rec.Code)
					}
				}
			}
			// The API reads the summary table for this query …
			b.Run("api", func(b *testing.B) { get(b, url) })
			// … and the fact lines with version=all (every version counts),
			// the same work as the hand-written query below.
			b.Run("api-facts", func(b *testing.B) { get(b, url+"&version=all") })
			b.Run("sql", func(b *testing.B) {
				for i := 0; i < b.N; i++ {
					rows, err := db.SQL().Query(handWritten)
					if err != nil {
						b.Fatal(err)
					}
					cells := 0
					for rows.Next() {
						var c string
						var y int
						var a int64
						rows.Scan(&c, &y, &a)
						cells++
					}
					rows.Close()
					if cells == 0 {
						b.Fatal("no cells")
					}
				}
			})
		}
	})
}

// The API under bounded load on loopback, both databases: b.N requests
// (use -benchtime 20000x) from 32 clients at once over a mix of routes,
// against the same load on /healthz (no database) as the baseline in the
// same run. Reports p50 and p99 latency and the error count, which must be
// zero.
//
//	go test ./server -run '^$' -bench APILoad -benchtime 20000x
func BenchmarkAPILoad(b *testing.B) {
	storetest.EachB(b, func(b *testing.B, dsn string) {
		{
			f := newBenchFixture(b, dsn)
			id := strconv.FormatInt(f.v2, 10)
			mix := []string{
				"/api/v1/publications",
				"/api/v1/publications/" + id,
				"/api/v1/publications/" + id + "/findings",
				"/api/v1/publications/" + id + "/versions",
				"/api/v1/cubes/expenditure/aggregate?drilldown=function.class|year",
				"/api/v1/cubes/three_public/aggregate?drilldown=item",
				"/api/v1/cubes/expenditure/members/function.class",
				"/api/v1/organizations?q=郑州",
			}
			b.Run("api", func(b *testing.B) { load(b, f.srv.URL, mix) })
			b.Run("healthz", func(b *testing.B) { load(b, f.srv.URL, []string{"/healthz"}) })
		}
	})
}

func load(b *testing.B, base string, paths []string) {
	const clients = 32
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: clients, MaxConnsPerHost: clients}}
	lat := make([]time.Duration, b.N)
	var errs atomic.Int64
	var next atomic.Int64
	b.ResetTimer()
	var wg sync.WaitGroup
	for c := 0; c < clients; c++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1)) - 1
				if i >= b.N {
					return
				}
				start := time.Now()
				resp, err := client.Get(base + paths[i%len(paths)])
				if err == nil {
					io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
					if resp.StatusCode != http.StatusOK {
						err = fmt.Errorf("status %d", resp.StatusCode)
					}
				}
				if err != nil {
					errs.Add(1)
				}
				lat[i] = time.Since(start)
			}
		}()
	}
	wg.Wait()
	b.StopTimer()
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, "p99-ms")
	b.ReportMetric(float64(errs.Load()), "errors")
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "req/s")
	if errs.Load() > 0 {
		b.Errorf("%d of %d requests failed", errs.Load(), b.N)
	}
}
