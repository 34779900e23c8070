package store_test

import (
	"context"
	"testing"

	"github.com/yusuan/yusuan/store"
	"github.com/yusuan/yusuan/store/storetest"
)

// Search on SQLite over 240 publications of the demo region (40
// departments × 6 years), against the baseline of the same query as a
// LIKE scan of the index table in the same run:
//
//	go test ./store -run '^$' -bench 'Search' -cpu 1
//
// Trigram is Search itself with a query of 4 characters (the FTS5 trigram
// index); Short is a 2-character query (which Search answers by a LIKE
// scan, as trigrams need 3); LikeBaseline scans for the 4-character query.
func BenchmarkSearch(b *testing.B) {
	ctx := context.Background()
	docs := benchDocs(b, 240)
	db, err := store.Open(ctx, storetest.SQLite(b), store.Options{Migrate: true})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	for _, d := range docs {
		if _, err := db.Publish(ctx, d.pub); err != nil {
			b.Fatal(err)
		}
	}
	if err := db.Maintain(ctx); err != nil {
		b.Fatal(err)
	}
	var entries int
	if err := db.SQL().QueryRow(`SELECT COUNT(*) FROM search_entry`).Scan(&entries); err != nil {
		b.Fatal(err)
	}
	const q = "政务公开"
	found, err := db.Search(ctx, store.SearchQuery{Q: q, Limit: 50})
	if err != nil || len(found) == 0 {
		b.Fatalf("Search(%s) = %d results, %v", q, len(found), err)
	}
	run := func(name string, f func() int) {
		b.Run(name, func(b *testing.B) {
			n := 0
			for i := 0; i < b.N; i++ {
				n = f()
			}
			b.ReportMetric(float64(entries), "entries")
			b.ReportMetric(float64(n), "results")
		})
	}
	run("Trigram", func() int {
		h, err := db.Search(ctx, store.SearchQuery{Q: q, Limit: 50})
		if err != nil {
			b.Fatal(err)
		}
		return len(h)
	})
	run("Short", func() int {
		h, err := db.Search(ctx, store.SearchQuery{Q: "公开", Limit: 50})
		if err != nil {
			b.Fatal(err)
		}
		return len(h)
	})
	run("LikeBaseline", func() int {
		rows, err := db.SQL().Query(`SELECT e.kind, e.publication_id, e.body FROM search_entry e WHERE e.body LIKE ?
			ORDER BY CASE WHEN e.kind = 'narrative' THEN 1 ELSE 0 END, length(e.body), e.year DESC, e.id LIMIT 50`, "%"+q+"%")
		if err != nil {
			b.Fatal(err)
		}
		n := 0
		for rows.Next() {
			n++
		}
		rows.Close()
		return n
	})
}
