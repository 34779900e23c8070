package store_test

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"

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
//	go test ./store -run '^$' -bench 'Publish|FactInsert' -cpu 1 -benchtime 400x
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
			file, _ := json.Marshal(bud)
			dj, _ := json.Marshal(doc)
			facts := yusuan.Facts(doc)
			out = append(out, benchDoc{pub: yusuan.NewPublication{
				Organization: yusuan.Organization{Code: fmt.Sprintf("D%05d", i), Name: d.Name},
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

func BenchmarkPublish(b *testing.B) {
	docs := benchDocs(b, b.N)
	db, err := store.Open(context.Background(), storetest.SQLite(b), store.Options{Migrate: true})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	lines := 0
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := db.Publish(context.Background(), docs[i].pub); err != nil {
			b.Fatal(err)
		}
		lines += len(docs[i].facts)
	}
	b.StopTimer()
	b.ReportMetric(float64(lines)/float64(b.N), "facts/doc")
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "docs/s")
}

func BenchmarkFactInsertBaseline(b *testing.B) {
	docs := benchDocs(b, b.N)
	db, err := store.Open(context.Background(), storetest.SQLite(b), store.Options{Migrate: true})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	// The facts need a publication to point to.
	res, err := db.Publish(ctx, docs[0].pub)
	if err != nil {
		b.Fatal(err)
	}
	id := res.Publication.ID
	b.ResetTimer()
	tx, err := db.SQL().BeginTx(ctx, nil)
	if err != nil {
		b.Fatal(err)
	}
	stmt, err := tx.PrepareContext(ctx, `INSERT INTO fact (publication_id, organization_id, year, kind, level, latest, table_kind, scheme, code, col, amount)
		VALUES (?, 1, 2021, 'budget', 'department', 0, ?, ?, ?, ?, ?)`)
	if err != nil {
		b.Fatal(err)
	}
	for i := 0; i < b.N; i++ {
		for _, f := range docs[i].facts {
			if _, err := stmt.ExecContext(ctx, id, string(f.Table), f.Scheme, f.Code, f.Column, int64(f.Amount)); err != nil {
				b.Fatal(err)
			}
		}
	}
	stmt.Close()
	if err := tx.Commit(); err != nil {
		b.Fatal(err)
	}
	b.StopTimer()
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "docs/s")
}
