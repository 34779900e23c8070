package store_test

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"runtime"
	"syscall"
	"testing"
	"time"

	"github.com/yusuan/yusuan"
	"github.com/yusuan/yusuan/catalog"
	"github.com/yusuan/yusuan/compile"
	"github.com/yusuan/yusuan/demo"
	"github.com/yusuan/yusuan/profile"
	"github.com/yusuan/yusuan/store"
	"github.com/yusuan/yusuan/store/storetest"
)

// Bulk publish on SQLite, one core, against the baseline of inserting the
// same fact lines with one prepared statement in one transaction:
//
//	go test ./store -run '^$' -bench BulkPublish -cpu 1 -benchtime 400x
//
// Documents are realistic: the demo region's compiled budgets, encoded as
// publish encodes them (budget file, Document JSON, findings), prepared
// before the timer starts.

type benchDoc struct {
	pub   yusuan.NewPublication
	facts []yusuan.Fact
}

func benchDocs(b *testing.B, n int) []benchDoc {
	b.Helper()
	p, err := profile.LoadFile("zhengzhou-2021")
	if err != nil {
		b.Fatal(err)
	}
	depts := (n + 5) / 6
	ds, err := demo.Generate(catalog.Load, demo.Options{Departments: depts, FirstYear: 2021, LastYear: 2026, Seed: 3, Profile: p.ID})
	if err != nil {
		b.Fatal(err)
	}
	var out []benchDoc
	for i, d := range ds {
		for _, bud := range d.Budgets {
			cat, _ := catalog.Load(bud.Year)
			doc, err := compile.Compile(bud, p, cat)
			if err != nil {
				b.Fatal(err)
			}
			// As yusuan demo writes the budget file and as publish
			// encodes the Document JSON (indented).
			file, _ := json.MarshalIndent(bud, "", "  ")
			dj, _ := json.MarshalIndent(doc, "", "  ")
			dj = append(dj, '\n')
			facts := yusuan.Facts(doc)
			out = append(out, benchDoc{pub: yusuan.NewPublication{
				Organization: yusuan.Organization{Code: fmt.Sprintf("D%05d", i), Name: d.Name, Region: "410100"},
				Region:       &yusuan.Region{Code: "410100", Name: "郑州市", Level: "city"},
				FileName:     "budget.json", File: file, Document: doc, DocumentJSON: dj,
				FindingsJSON: []byte(`{"schema":"yusuan.findings/v1","documents":[]}`), Facts: facts,
			}, facts: facts})
			if len(out) == n {
				return out
			}
		}
	}
	return out
}

// cpuTime is the CPU time (user and system) this process has used.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkBulkPublish publishes b.N demo budgets into one SQLite file and,
// interleaved with it in chunks, inserts the same fact lines into another
// SQLite file of the same schema with one prepared statement in one
// transaction (the baseline). The machine may be shared, so besides wall
// time it reports the CPU time of each side: ms/doc of publish, of the
// baseline, their ratio and documents per CPU second.
func BenchmarkBulkPublish(b *testing.B) {
	ctx := context.Background()
	docs := benchDocs(b, b.N)
	db, err := store.Open(ctx, storetest.SQLite(b), store.Options{Migrate: true})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	base, err := store.Open(ctx, storetest.SQLite(b), store.Options{Migrate: true})
	if err != nil {
		b.Fatal(err)
	}
	defer base.Close()
	// The baseline's facts need a publication to point to.
	res, err := base.Publish(ctx, docs[0].pub)
	if err != nil {
		b.Fatal(err)
	}
	id := res.Publication.ID
	runtime.GC()
	b.ResetTimer()
	tx, err := base.SQL().BeginTx(ctx, nil)
	if err != nil {
		b.Fatal(err)
	}
	stmt, err := tx.PrepareContext(ctx, `INSERT INTO fact (publication_id, organization_id, year, kind, level, region_code, latest, table_kind, scheme, code, col, amount)
		VALUES (?, 1, ?, 'budget', 'department', '', 0, ?, ?, ?, ?, ?)`)
	if err != nil {
		b.Fatal(err)
	}
	const chunk = 50
	var pubCPU, baseCPU, pubWall, baseWall time.Duration
	lines := 0
	for start := 0; start < b.N; start += chunk {
		end := min(start+chunk, b.N)
		t0, c0 := time.Now(), cpuTime()
		publishChunk(ctx, b, db, docs[start:end], end == b.N)
		t1, c1 := time.Now(), cpuTime()
		lines += baselineChunk(ctx, b, stmt, id, docs[start:end])
		if end == b.N {
			stmt.Close()
			if err := tx.Commit(); err != nil {
				b.Fatal(err)
			}
		}
		t2, c2 := time.Now(), cpuTime()
		pubCPU += c1 - c0
		baseCPU += c2 - c1
		pubWall += t1.Sub(t0)
		baseWall += t2.Sub(t1)
	}
	b.StopTimer()
	n := float64(b.N)
	ms := func(d time.Duration) float64 { return d.Seconds() * 1000 / n }
	b.ReportMetric(float64(lines)/n, "facts/doc")
	b.ReportMetric(ms(pubCPU), "cpu-ms/doc")
	b.ReportMetric(ms(baseCPU), "base-cpu-ms/doc")
	b.ReportMetric(pubCPU.Seconds()/baseCPU.Seconds(), "ratio")
	b.ReportMetric(n/pubCPU.Seconds(), "docs/cpu-s")
	b.ReportMetric(ms(pubWall), "wall-ms/doc")
	b.ReportMetric(ms(baseWall), "base-wall-ms/doc")
}

// publishChunk publishes docs; last: the end of the bulk publish, when
// the deferred index work is done, as yusuan publish does at the end.
// (A function of its own, so that profilers can single it out.)
//
//go:noinline
func publishChunk(ctx context.Context, b *testing.B, db *store.DB, docs []benchDoc, last bool) {
	for _, d := range docs {
		if _, err := db.Publish(ctx, d.pub); err != nil {
			b.Fatal(err)
		}
	}
	if last {
		if err := db.Maintain(ctx); err != nil {
			b.Fatal(err)
		}
	}
}

// baselineChunk inserts the fact lines of docs with the prepared
// statement and returns how many.
//
//go:noinline
func baselineChunk(ctx context.Context, b *testing.B, stmt *sql.Stmt, id int64, docs []benchDoc) int {
	lines := 0
	for _, d := range docs {
		year := d.pub.Document.Year
		for _, f := range d.facts {
			if _, err := stmt.ExecContext(ctx, id, year, string(f.Table), f.Scheme, f.Code, f.Column, int64(f.Amount)); err != nil {
				b.Fatal(err)
			}
		}
		lines += len(d.facts)
	}
	return lines
}
