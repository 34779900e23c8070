package store

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/yusuan/yusuan"
)

// searchPub is a publication of the 政务公开 kind: a project table, a
// functional and an economic table and a narrative that mentions the
// project.
func searchPub(t testing.TB, org, name string, year int, file string, project string) yusuan.NewPublication {
	t.Helper()
	d := testDoc(year, 100)
	d.Tables = append(d.Tables, yusuan.Table{
		Kind: yusuan.KindPerformanceProject, Number: 12, Title: "项目支出绩效目标表", Unit: "万元", Project: project,
		Columns: []yusuan.Column{{Key: "value", Label: "内容", Type: yusuan.ColText}},
		Rows:    []yusuan.Row{{Name: "项目名称", Key: "project_name", Cells: map[string]yusuan.Value{"value": {Text: project, IsText: true}}}},
	}, yusuan.Table{
		Kind: yusuan.KindGeneralPublicEconomic, Number: 6, Title: "一般公共预算支出情况表（经济分类）", Unit: "元",
		Columns: []yusuan.Column{{Key: "total", Label: "合计", Type: yusuan.ColAmount}},
		Rows: []yusuan.Row{
			{Code: "302", Name: "商品和服务支出", Level: yusuan.LevelClass, Cells: map[string]yusuan.Value{"total": yusuan.AmountValue(100)}},
			{Code: "30201", Name: "办公费", Level: yusuan.LevelSegment, Cells: map[string]yusuan.Value{"total": yusuan.AmountValue(100)}},
		},
	})
	d.Narrative = []yusuan.Section{{
		Key: "projects", Part: 2, Title: "项目支出情况",
		Paragraphs: []string{
			"主要项目：郑州市政务公开工作管理专项经费 693 万元，用于<script>alert(1)</script>网站维护。",
			"机关运行经费主要用于办公费、印刷费。",
		},
	}}
	b, err := json.Marshal(d)
	if err != nil {
		t.Fatal(err)
	}
	return yusuan.NewPublication{
		Organization: yusuan.Organization{Code: org, Name: name, Region: "410100"},
		Region:       &yusuan.Region{Code: "410100", Name: "郑州市", Level: "city"},
		FileName:     "budget.yaml", File: []byte(file),
		Document: d, DocumentJSON: b, FindingsJSON: []byte(`[]`),
		Facts: yusuan.Facts(d),
	}
}

func mustSearch(t *testing.T, s *DB, q SearchQuery) []SearchHit {
	t.Helper()
	hits, err := s.Search(context.Background(), q)
	if err != nil {
		t.Fatalf("Search(%+v): %v", q, err)
	}
	return hits
}

func hitKinds(hits []SearchHit) string {
	var b []string
	for _, h := range hits {
		b = append(b, h.Kind+":"+h.Text)
	}
	return strings.Join(b, " | ")
}

// TestSearch runs twice: with the entries waiting for the FTS5 index
// (SQLite scans them), and with Maintain run after each publication (the
// index serves them). Search must answer the same.
func TestSearch(t *testing.T) {
	for _, maintain := range []bool{false, true} {
		t.Run(map[bool]string{false: "waiting", true: "indexed"}[maintain], func(t *testing.T) { testSearch(t, maintain) })
	}
}

func testSearch(t *testing.T, maintain bool) {
	forEachDB(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s := mustOpen(t, dsn)
		publish := func(p yusuan.NewPublication) {
			t.Helper()
			if _, err := s.Publish(ctx, p); err != nil {
				t.Fatal(err)
			}
			if maintain {
				if err := s.Maintain(ctx); err != nil {
					t.Fatal(err)
				}
			}
		}
		publish(searchPub(t, "001", "郑州市人民政府办公厅", 2021, "A", "郑州市政务公开工作管理专项经费"))
		publish(searchPub(t, "002", "政务公开专项经费", 2021, "B", "政务公开专项经费"))

		// "政务公开" finds the projects, the organization whose name it is
		// part of, and the narrative paragraphs, names before paragraphs
		// and a name equal to the query before the rest.
		hits := mustSearch(t, s, SearchQuery{Q: "政务公开专项经费"})
		if len(hits) < 2 || !hits[0].Exact || hits[0].Text != "政务公开专项经费" {
			t.Fatalf("exact match not first: %s", hitKinds(hits))
		}
		hits = mustSearch(t, s, SearchQuery{Q: "政务公开"})
		var kinds = map[string]int{}
		lastRank := 0
		for _, h := range hits {
			kinds[h.Kind]++
			r := 1
			if h.Kind == SearchNarrative {
				r = 2
			}
			if r < lastRank {
				t.Fatalf("a name after a paragraph: %s", hitKinds(hits))
			}
			lastRank = r
			if !strings.Contains(h.Text, "政务公开") || h.Snippet.Match != "政务公开" {
				t.Fatalf("hit without the match: %+v", h)
			}
			if h.Snippet.Before+h.Snippet.Match+h.Snippet.After != h.Text && h.Kind != SearchNarrative {
				t.Fatalf("snippet %+v is not the name %q", h.Snippet, h.Text)
			}
		}
		// Two projects (one per publication; the project row repeats the
		// table's project), one organization, one paragraph each.
		if kinds[SearchProject] != 2 || kinds[SearchOrg] != 1 || kinds[SearchNarrative] != 2 || kinds[SearchSubject] != 0 {
			t.Fatalf("kinds %v: %s", kinds, hitKinds(hits))
		}
		if h := hits[len(hits)-1]; h.Title != "项目支出情况" || h.OrgName == "" || h.Year != 2021 || h.DocKind != yusuan.DocBudget {
			t.Fatalf("paragraph hit %+v", h)
		}

		// Subjects with their code and classification.
		hits = mustSearch(t, s, SearchQuery{Q: "行政运行", Kind: SearchSubject})
		if len(hits) != 2 || hits[0].Code != "2010301" || hits[0].Title != SubjectFunctional {
			t.Fatalf("行政运行: %s %+v", hitKinds(hits), hits)
		}
		hits = mustSearch(t, s, SearchQuery{Q: "商品和服务", Kind: SearchSubject, Limit: 1})
		if len(hits) != 1 || hits[0].Code != "302" || hits[0].Title != SubjectEconomic {
			t.Fatalf("商品和服务: %+v", hits)
		}
		// Queries shorter than a trigram (LIKE), and a kind filter.
		hits = mustSearch(t, s, SearchQuery{Q: "办公"})
		if kinds := hitKinds(hits); !strings.Contains(kinds, "subject:办公费") || !strings.Contains(kinds, "org:郑州市人民政府办公厅") || !strings.Contains(kinds, "narrative:机关运行经费") {
			t.Fatalf("办公: %s", kinds)
		}
		hits = mustSearch(t, s, SearchQuery{Q: "费", Kind: SearchNarrative})
		if len(hits) != 4 {
			t.Fatalf("费 in paragraphs: %s", hitKinds(hits))
		}
		// LIKE's wildcards and FTS5's syntax in a query are plain text.
		for _, q := range []string{"%", "_", `\`, `"政务`, `政务 OR 办公`, `NEAR(政务)`, `*`, "'; DROP TABLE search_entry; --"} {
			if hits := mustSearch(t, s, SearchQuery{Q: q}); len(hits) != 0 {
				t.Fatalf("%q found %s", q, hitKinds(hits))
			}
		}
		// Latin letters ignore case.
		if hits := mustSearch(t, s, SearchQuery{Q: "SCRIPT"}); len(hits) != 2 || hits[0].Snippet.Match != "script" {
			t.Fatalf("SCRIPT: %+v", hits)
		}
		if hits := mustSearch(t, s, SearchQuery{Q: "政务公开", Year: 2022}); len(hits) != 0 {
			t.Fatalf("year filter: %s", hitKinds(hits))
		}

		// A new version replaces the old one's entries.
		publish(searchPub(t, "002", "政务公开专项经费", 2021, "B2", "政府网站运行维护经费"))
		hits = mustSearch(t, s, SearchQuery{Q: "政务公开", Kind: SearchProject})
		if len(hits) != 1 || hits[0].OrgCode != "001" {
			t.Fatalf("after a new version: %s", hitKinds(hits))
		}
		hits = mustSearch(t, s, SearchQuery{Q: "政府网站运行"})
		if len(hits) != 1 {
			t.Fatalf("new version's project: %s", hitKinds(hits))
		}
		// Entries of replaced versions are gone once Maintain ran (at
		// once on PostgreSQL).
		if err := s.Maintain(ctx); err != nil {
			t.Fatal(err)
		}
		var n int
		if err := s.db.QueryRow(`SELECT COUNT(*) FROM search_entry e JOIN publication p ON p.id = e.publication_id WHERE p.latest = 0`).Scan(&n); err != nil || n != 0 {
			t.Fatalf("entries of replaced versions: %d %v", n, err)
		}
		if s.dialect == SQLite {
			checkFTS(t, s)
		}

		// The index rebuilt from the Document JSON is the one publish made.
		before := dumpIndex(t, s)
		if _, err := s.db.Exec(`DELETE FROM search_entry`); err != nil {
			t.Fatal(err)
		}
		if hits := mustSearch(t, s, SearchQuery{Q: "政务公开"}); len(hits) != 0 {
			t.Fatalf("emptied index still finds %s", hitKinds(hits))
		}
		if n, err := s.Reindex(ctx); err != nil || n != 2 {
			t.Fatalf("Reindex = %d, %v", n, err)
		}
		if after := dumpIndex(t, s); after != before {
			t.Fatalf("reindexed:\n%s\npublished:\n%s", after, before)
		}
		if hits := mustSearch(t, s, SearchQuery{Q: "政务公开"}); len(hits) != 4 {
			t.Fatalf("after Reindex: %s", hitKinds(hits))
		}
	})
}

// checkFTS compares the FTS5 index with the entries it should hold (those
// up to search_fts_state.synced): FTS5's own integrity check, with the
// external content table, fails when a row is missing or extra.
func checkFTS(t *testing.T, s *DB) {
	t.Helper()
	if _, err := s.db.Exec(`INSERT INTO search_fts (search_fts, rank) VALUES ('integrity-check', 1)`); err != nil {
		t.Fatalf("FTS5 index differs from the entries: %v", err)
	}
}

func dumpIndex(t *testing.T, s *DB) string {
	t.Helper()
	rows, err := s.db.Query(`SELECT publication_id, org_code, year, kind, code, title, body FROM search_entry ORDER BY publication_id, kind, code, title, body`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var b strings.Builder
	for rows.Next() {
		var id int64
		var org, kind, code, title, body string
		var year int
		if err := rows.Scan(&id, &org, &year, &kind, &code, &title, &body); err != nil {
			t.Fatal(err)
		}
		b.WriteString(strings.Join([]string{org, kind, code, title, body}, "\t") + "\n")
	}
	return b.String()
}

// Publications stored before the search migration are indexed when it
// is applied.
func TestSearchMigrationIndexesStoredPublications(t *testing.T) {
	forEachDB(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s := mustOpen(t, dsn)
		if _, err := s.Publish(ctx, searchPub(t, "001", "郑州市人民政府办公厅", 2021, "A", "政务公开专项经费")); err != nil {
			t.Fatal(err)
		}
		p, err := s.provider()
		if err != nil {
			t.Fatal(err)
		}
		if _, err := p.DownTo(ctx, searchMigration-1); err != nil {
			t.Fatal(err)
		}
		vs, err := s.Migrate(ctx)
		if err != nil || len(vs) == 0 || vs[0] != searchMigration {
			t.Fatalf("Migrate = %v, %v", vs, err)
		}
		if hits := mustSearch(t, s, SearchQuery{Q: "政务公开"}); len(hits) != 2 {
			t.Fatalf("after migrating: %s", hitKinds(hits))
		}
	})
}

// modernc.org/sqlite is built with FTS5 and its trigram tokenizer: a
// Chinese substring of three characters matches.
func TestSQLiteFTS5Trigram(t *testing.T) {
	s := mustOpen(t, "sqlite:"+t.TempDir()+"/t.db")
	if _, err := s.db.Exec(`CREATE VIRTUAL TABLE t USING fts5(body, tokenize='trigram'); INSERT INTO t (body) VALUES ('郑州市政务公开工作管理专项经费')`); err != nil {
		t.Fatalf("FTS5 trigram: %v", err)
	}
	var n int
	if err := s.db.QueryRow(`SELECT COUNT(*) FROM t WHERE t MATCH ?`, `"政务公开"`).Scan(&n); err != nil || n != 1 {
		t.Fatalf("MATCH 政务公开 = %d, %v", n, err)
	}
	if err := s.db.QueryRow(`SELECT COUNT(*) FROM t WHERE t MATCH ?`, `"公开经费"`).Scan(&n); err != nil || n != 0 {
		t.Fatalf("MATCH 公开经费 = %d, %v", n, err)
	}
}

func TestSearchRejects(t *testing.T) {
	for _, q := range []SearchQuery{
		{Q: ""}, {Q: "   "}, {Q: strings.Repeat("政", MaxSearchQuery+1)}, {Q: "a\x00b"}, {Q: "\xff\xfe"},
		{Q: "政务", Kind: "table"}, {Q: "政务", Year: 3000}, {Q: "政务", Limit: MaxSearchLimit + 1}, {Q: "政务", Limit: -1},
	} {
		if err := CheckSearchQuery(q); !errors.Is(err, ErrBadSearch) {
			t.Errorf("CheckSearchQuery(%+v) = %v", q, err)
		}
	}
	if err := CheckSearchQuery(SearchQuery{Q: strings.Repeat("政", MaxSearchQuery), Kind: SearchProject, Year: 2021, Limit: MaxSearchLimit}); err != nil {
		t.Error(err)
	}
}

func TestMakeSnippet(t *testing.T) {
	long := strings.Repeat("甲", 50) + "政务公开" + strings.Repeat("乙", 50)
	got := MakeSnippet(long, "政务公开", 10)
	if got.Before != "…"+strings.Repeat("甲", 10) || got.Match != "政务公开" || got.After != strings.Repeat("乙", 10)+"…" {
		t.Fatalf("%+v", got)
	}
	if got := MakeSnippet("Web 网站", "web", 10); got.Match != "Web" || got.After != " 网站" {
		t.Fatalf("%+v", got)
	}
	if got := MakeSnippet("办公费", "政务", 10); got.Match != "" || got.After != "办公费" {
		t.Fatalf("%+v", got)
	}
}

// asciiLower lowers Latin capitals only, as SQLite's LIKE and the
// trigram tokenizer's folding agree on them.
func asciiLower(s string) string {
	return strings.Map(func(r rune) rune {
		if 'A' <= r && r <= 'Z' {
			return r + 'a' - 'A'
		}
		return r
	}, s)
}

// FuzzSearch checks Search on SQLite against a plain scan of the entries
// in Go: for any valid query, the same entries come back (trigram index
// or LIKE alike), each with the match in its snippet; an invalid query
// is ErrBadSearch, never another error.
//
//	go test ./store -run '^$' -fuzz FuzzSearch -fuzztime 60s
func FuzzSearch(f *testing.F) {
	for _, q := range []string{"政务公开", "公开", "费", "办公费", "%", "_", `\`, `"`, `"政务"`, "政务 公开", "NEAR(a b)", "a*", "SCRIPT", "script>", "（三）", "693 万元", "302", "2010301", "e'", "\x00", "政务公开专项经费"} {
		f.Add(q)
	}
	ctx := context.Background()
	s, err := Open(ctx, "sqlite:"+f.TempDir()+"/f.db", Options{Migrate: true})
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { s.Close() })
	// The first publication's entries are in the FTS5 index, the
	// second's wait for it (Maintain): Search reads both ways at once.
	for i, p := range []yusuan.NewPublication{
		searchPub(f, "001", "郑州市人民政府办公厅", 2021, "A", "郑州市政务公开工作管理专项经费"),
		searchPub(f, "002", "政务公开专项经费", 2022, "B", "政务公开专项经费"),
	} {
		if _, err := s.Publish(ctx, p); err != nil {
			f.Fatal(i, err)
		}
		if i == 0 {
			if err := s.Maintain(ctx); err != nil {
				f.Fatal(err)
			}
		}
	}
	type entry struct{ kind, text string }
	var all []entry
	rows, err := s.db.Query(`SELECT kind, body FROM search_entry`)
	if err != nil {
		f.Fatal(err)
	}
	for rows.Next() {
		var e entry
		rows.Scan(&e.kind, &e.text)
		all = append(all, e)
	}
	rows.Close()
	f.Fuzz(func(t *testing.T, q string) {
		hits, err := s.Search(ctx, SearchQuery{Q: q, Limit: MaxSearchLimit})
		if CheckSearchQuery(SearchQuery{Q: strings.TrimSpace(q)}) != nil {
			if !errors.Is(err, ErrBadSearch) {
				t.Fatalf("Search(%q) = %v, want ErrBadSearch", q, err)
			}
			return
		}
		if err != nil {
			t.Fatalf("Search(%q): %v", q, err)
		}
		tq := asciiLower(strings.TrimSpace(q))
		want := map[entry]int{}
		for _, e := range all {
			if strings.Contains(asciiLower(e.text), tq) {
				want[e]++
			}
		}
		got := map[entry]int{}
		for _, h := range hits {
			got[entry{h.Kind, h.Text}]++
		}
		if len(got) != len(want) {
			t.Fatalf("Search(%q): %d distinct texts, a scan finds %d", q, len(got), len(want))
		}
		for e, n := range want {
			if got[e] != n {
				t.Fatalf("Search(%q): %q found %d times, a scan finds it %d times", q, e.text, got[e], n)
			}
		}
	})
}
