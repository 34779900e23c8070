package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/yusuan/yusuan"
	"github.com/yusuan/yusuan/store/storetest"
)

// The shared suite: every test in it runs against SQLite (a temporary
// file) and PostgreSQL (a database created for the test and dropped after).
// PostgreSQL tests skip when the server is unreachable, except under
// CI=true, where .ci/run starts it and a missing server is a failure.

func forEachDB(t *testing.T, f func(t *testing.T, dsn string)) { storetest.Each(t, f) }

func postgresDSN(t *testing.T) string { return storetest.Postgres(t) }

func mustOpen(t *testing.T, dsn string) *DB {
	t.Helper()
	s, err := Open(context.Background(), dsn, Options{Migrate: true})
	if err != nil {
		t.Fatalf("Open(%s): %v", dsn, err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// testDoc is a small document with a functional table and a 三公 table.
func testDoc(year int, total yusuan.Amount) *yusuan.Document {
	return &yusuan.Document{
		Schema: yusuan.DocumentSchema, Profile: "general", Year: year,
		Department: yusuan.Department{Code: "003", Name: "测试局"},
		Tables: []yusuan.Table{{
			Kind: yusuan.KindExpenditure, Number: 3, Title: "支出总表", Unit: "元",
			Columns: []yusuan.Column{{Key: "total", Label: "合计", Type: yusuan.ColAmount}, {Key: "basic", Label: "基本支出", Type: yusuan.ColAmount}},
			Rows: []yusuan.Row{
				{Name: "合计", Level: yusuan.LevelTotal, Cells: map[string]yusuan.Value{"total": yusuan.AmountValue(total), "basic": yusuan.AmountValue(total)}},
				{Code: "201", Name: "一般公共服务支出", Level: yusuan.LevelClass, Cells: map[string]yusuan.Value{"total": yusuan.AmountValue(total)}},
				{Code: "2010301", Name: "行政运行", Level: yusuan.LevelItem, Cells: map[string]yusuan.Value{"total": yusuan.AmountValue(total)}},
			},
		}, {
			Kind: yusuan.KindThreePublic, Number: 7, Title: "三公", Unit: "元",
			Columns: []yusuan.Column{{Key: "amount", Label: "金额", Type: yusuan.ColAmount}},
			Rows:    []yusuan.Row{{Name: "公务接待费", Key: "reception", Cells: map[string]yusuan.Value{"amount": yusuan.AmountValue(1234)}}},
		}},
		Narrative: []yusuan.Section{},
	}
}

func newPub(org string, year int, file string, total yusuan.Amount) yusuan.NewPublication {
	d := testDoc(year, total)
	return yusuan.NewPublication{
		Organization: yusuan.Organization{Code: org, Name: "测试局" + org, Region: "410100"},
		Region:       &yusuan.Region{Code: "410100", Name: "郑州市", Level: "city"},
		FileName:     "budget.yaml", File: []byte(file),
		Document: d, DocumentJSON: []byte(`{"schema":"yusuan.document/v1"}`), FindingsJSON: []byte(`[]`),
		Facts: yusuan.Facts(d),
	}
}

func TestPublishVersions(t *testing.T) {
	forEachDB(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s := mustOpen(t, dsn)
		r1, err := s.Publish(ctx, newPub("003", 2021, "A", 100))
		if err != nil {
			t.Fatal(err)
		}
		if r1.Unchanged || r1.Publication.Version != 1 || !r1.Publication.Latest {
			t.Fatalf("first publish = %+v", r1)
		}
		if r1.Publication.FileSHA256 != sha256Hex([]byte("A")) || r1.Publication.FileSize != 1 {
			t.Errorf("file hash/size = %s/%d", r1.Publication.FileSHA256, r1.Publication.FileSize)
		}
		same, err := s.Publish(ctx, newPub("003", 2021, "A", 100))
		if err != nil {
			t.Fatal(err)
		}
		if !same.Unchanged || same.Publication.ID != r1.Publication.ID {
			t.Fatalf("same content again = %+v, want unchanged %d", same, r1.Publication.ID)
		}
		r2, err := s.Publish(ctx, newPub("003", 2021, "B", 200))
		if err != nil {
			t.Fatal(err)
		}
		if r2.Unchanged || r2.Publication.Version != 2 {
			t.Fatalf("changed content = %+v, want version 2", r2)
		}
		old, err := s.Publication(ctx, r1.Publication.ID)
		if err != nil || old.Latest || old.Version != 1 {
			t.Fatalf("version 1 after version 2: %+v, %v", old, err)
		}
		vs, err := s.Versions(ctx, r1.Publication.ID)
		if err != nil || len(vs) != 2 || vs[0].Version != 1 || vs[1].Version != 2 {
			t.Fatalf("Versions = %+v, %v", vs, err)
		}
		// Every version stays readable.
		name, data, err := s.File(ctx, r1.Publication.ID)
		if err != nil || name != "budget.yaml" || string(data) != "A" {
			t.Errorf("File(v1) = %q %q %v", name, data, err)
		}
		// Only the latest version's facts count.
		var n, sum int64
		if err := s.db.QueryRow(`SELECT COUNT(*), COALESCE(SUM(amount), 0) FROM fact WHERE latest = 1 AND scheme = 'functional' AND col = 'total'`).Scan(&n, &sum); err != nil {
			t.Fatal(err)
		}
		if n != 2 || sum != 400 {
			t.Errorf("latest functional facts: %d rows, sum %d; want 2 rows, 400", n, sum)
		}
		// Another year is another publication, version 1.
		r3, err := s.Publish(ctx, newPub("003", 2022, "A", 100))
		if err != nil || r3.Publication.Version != 1 {
			t.Fatalf("other year = %+v, %v", r3, err)
		}
		checkRollup(t, s)
		if _, err := s.Publication(ctx, 99999); !errors.Is(err, yusuan.ErrNotFound) {
			t.Errorf("Publication(99999) error = %v, want ErrNotFound", err)
		}
	})
}

func TestPublicationsFilterAndPages(t *testing.T) {
	forEachDB(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s := mustOpen(t, dsn)
		for i := 0; i < 7; i++ {
			org := fmt.Sprintf("%03d", i)
			if _, err := s.Publish(ctx, newPub(org, 2020+i%2, "v1-"+org, 10)); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := s.Publish(ctx, newPub("000", 2020, "v2", 20)); err != nil {
			t.Fatal(err)
		}
		var all []yusuan.Publication
		var after int64
		for pages := 0; ; pages++ {
			page, err := s.Publications(ctx, yusuan.PublicationFilter{After: after, Limit: 3})
			if err != nil {
				t.Fatal(err)
			}
			if len(page) == 0 {
				break
			}
			all = append(all, page...)
			after = page[len(page)-1].ID
			if pages > 10 {
				t.Fatal("pagination does not end")
			}
		}
		if len(all) != 7 {
			t.Fatalf("latest publications over pages = %d, want 7", len(all))
		}
		if !sort.SliceIsSorted(all, func(i, j int) bool { return all[i].ID < all[j].ID }) {
			t.Error("pages are not in ID order")
		}
		y, err := s.Publications(ctx, yusuan.PublicationFilter{Year: 2021})
		if err != nil || len(y) != 3 {
			t.Errorf("year 2021: %d, %v; want 3", len(y), err)
		}
		v, err := s.Publications(ctx, yusuan.PublicationFilter{Organization: "000", AllVersions: true})
		if err != nil || len(v) != 2 {
			t.Errorf("all versions of 000: %d, %v; want 2", len(v), err)
		}
		orgs, err := s.Organizations(ctx, yusuan.OrganizationFilter{Region: "410100", Query: "局00"})
		if err != nil || len(orgs) != 7 {
			t.Errorf("organizations 局00: %d, %v; want 7", len(orgs), err)
		}
		orgs, err = s.Organizations(ctx, yusuan.OrganizationFilter{Query: "%"})
		if err != nil || len(orgs) != 0 {
			t.Errorf("a literal %% matches %d organizations, %v; want 0", len(orgs), err)
		}
		regs, err := s.Regions(ctx)
		if err != nil || len(regs) != 1 || regs[0].Name != "郑州市" {
			t.Errorf("Regions = %+v, %v", regs, err)
		}
	})
}

// Two publishers of the same organization and year at once get versions 1
// and 2, never a duplicate or a lost one. Separate DB handles stand for
// separate processes (separate connection pools).
func TestConcurrentPublishers(t *testing.T) {
	forEachDB(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		publishAtOnce(t, dsn, 6, func(i int) yusuan.NewPublication {
			return newPub("003", 2021, fmt.Sprintf("content-%d", i), yusuan.Amount(i))
		})
		s := mustOpen(t, dsn)
		pubs, err := s.Publications(ctx, yusuan.PublicationFilter{AllVersions: true})
		if err != nil {
			t.Fatal(err)
		}
		var versions []int
		latest := 0
		for _, p := range pubs {
			versions = append(versions, p.Version)
			if p.Latest {
				latest++
			}
		}
		sort.Ints(versions)
		if fmt.Sprint(versions) != "[1 2 3 4 5 6]" || latest != 1 {
			t.Fatalf("versions %v with %d latest; want 1..6 and one latest", versions, latest)
		}
		checkRollup(t, s)
	})
}

func TestPostgresBehindRefusesToServe(t *testing.T) {
	dsn := postgresDSN(t)
	_, err := Open(context.Background(), dsn, Options{})
	var behind *BehindError
	if !errors.As(err, &behind) {
		t.Fatalf("Open on an empty database = %v, want BehindError", err)
	}
	if behind.Current != 0 || behind.Target < 1 {
		t.Errorf("behind = %+v", behind)
	}
	s, err := OpenForMigration(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	s.Close()
	s2, err := Open(context.Background(), dsn, Options{})
	if err != nil {
		t.Fatalf("Open after migrate: %v", err)
	}
	s2.Close()
}

func TestSQLiteRefusesOtherFiles(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "notes.db")
	content := []byte("this is not a database, and must stay as it is\n")
	os.WriteFile(bad, content, 0o644)
	if _, err := Open(context.Background(), bad, Options{Migrate: true}); err == nil {
		t.Fatal("opened a text file as a database")
	}
	if got, _ := os.ReadFile(bad); string(got) != string(content) {
		t.Fatal("the refused file was changed")
	}
	if _, err := Open(context.Background(), filepath.Join(dir, "missing", "x.db"), Options{}); err == nil {
		t.Fatal("opened a database in a missing folder")
	}
	// A corrupted database (valid header, garbage after it).
	corrupt := filepath.Join(dir, "corrupt.db")
	s := mustOpen(t, corrupt)
	s.Close()
	b, _ := os.ReadFile(corrupt)
	for i := 100; i < len(b); i++ {
		b[i] = 0xA5
	}
	os.WriteFile(corrupt, b, 0o644)
	os.Remove(corrupt + "-wal")
	os.Remove(corrupt + "-shm")
	_, err := Open(context.Background(), corrupt, Options{})
	if err == nil {
		t.Fatal("opened a corrupted database without an error")
	}
}

func TestParseDSN(t *testing.T) {
	for _, c := range []struct {
		in      string
		dialect Dialect
		err     bool
	}{
		{"yusuan.db", SQLite, false},
		{"sqlite:/tmp/x.db", SQLite, false},
		{"postgres://u:p@h/db", Postgres, false},
		{"postgresql://h/db", Postgres, false},
		{"mysql://h/db", "", true},
		{"", "", true},
		{"sqlite:", "", true},
	} {
		d, _, err := Parse(c.in)
		if (err != nil) != c.err || d != c.dialect {
			t.Errorf("Parse(%q) = %q, %v", c.in, d, err)
		}
	}
	if got := redact("postgres://user:secret@host/db"); got != "postgres://user:***@host/db" {
		t.Errorf("redact = %q", got)
	}
}

// checkRollup asserts the summary table equals the latest facts the cubes
// read, summed.
func checkRollup(t *testing.T, s *DB) {
	t.Helper()
	var diff int
	err := s.db.QueryRow(`SELECT COUNT(*) FROM (
		SELECT year, kind, level, region_code, table_kind, scheme, code, col, SUM(amount) AS amount, COUNT(*) AS lines FROM fact f
		WHERE latest = 1 AND ` + cubeLines() + `
		GROUP BY year, kind, level, region_code, table_kind, scheme, code, col) f
		FULL OUTER JOIN (SELECT * FROM fact_rollup WHERE lines <> 0) r
		ON f.year = r.year AND f.kind = r.kind AND f.level = r.level AND f.region_code = r.region_code AND f.table_kind = r.table_kind
		   AND f.scheme = r.scheme AND f.code = r.code AND f.col = r.col
		WHERE f.amount IS NULL OR r.amount IS NULL OR f.amount <> r.amount OR f.lines <> r.lines`).Scan(&diff)
	if err != nil {
		t.Fatal(err)
	}
	if diff != 0 {
		t.Errorf("fact_rollup differs from the latest facts in %d rows", diff)
	}
}

// Publishers of different organizations at once (and two versions each)
// keep the summary table equal to the latest facts.
func TestConcurrentRollup(t *testing.T) {
	forEachDB(t, func(t *testing.T, dsn string) {
		publishAtOnce(t, dsn, 16, func(i int) yusuan.NewPublication {
			return newPub(fmt.Sprintf("%03d", i%4), 2021+i%2, fmt.Sprintf("content-%d", i), yusuan.Amount(100+i))
		})
		checkRollup(t, mustOpen(t, dsn))
	})
}

// The migration that rebuilt the summary table used the cubes' predicates
// as they are in store/cubes.go.
func TestRollupMigrationMatchesCubes(t *testing.T) {
	for _, d := range []string{"sqlite", "postgres"} {
		b, err := migrations.ReadFile("migrations/" + d + "/00005_rollup_cube_lines.sql")
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range Cubes {
			if c.Name == "operating_cost" {
				continue // added by migration 00009, its summary rows by backfillOperatingCost
			}
			if !strings.Contains(string(b), c.Where) {
				t.Errorf("%s migration 00005 does not hold the predicate of cube %s", d, c.Name)
			}
		}
	}
}

// Each cube has a partial index over its lines whose predicate is the
// cube's Where (migration 00007), and on SQLite the planner uses it for a
// cube query over the fact lines, for one by organization and for the
// summary table's upkeep.
func TestCubeIndexes(t *testing.T) {
	for _, d := range []string{"sqlite", "postgres"} {
		var up string
		for _, name := range []string{"00007_fact_cube_indexes.sql", "00009_operating_cost.sql"} {
			b, err := migrations.ReadFile("migrations/" + d + "/" + name)
			if err != nil {
				t.Fatal(err)
			}
			u, _, _ := strings.Cut(string(b), "-- +goose Down")
			up += u
		}
		for _, c := range Cubes {
			want := "CREATE INDEX fact_cube_" + c.Name + " ON fact (latest, organization_id, publication_id)\n    WHERE " + strings.ReplaceAll(c.Where, "f.", "") + ";"
			if !strings.Contains(up, want) {
				t.Errorf("%s migrations 00007 and 00009: no index of cube %s with its predicate; want\n%s", d, c.Name, want)
			}
		}
		if n := strings.Count(up, "CREATE INDEX"); n != len(Cubes) {
			t.Errorf("%s migrations 00007 and 00009 create %d indexes for %d cubes", d, n, len(Cubes))
		}
	}
	s := mustOpen(t, storetest.SQLite(t))
	plan := func(q string, args ...any) string {
		rows, err := s.db.Query(`EXPLAIN QUERY PLAN `+q, args...)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var out []string
		for rows.Next() {
			var id, parent, unused int
			var detail string
			if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
				t.Fatal(err)
			}
			out = append(out, detail)
		}
		return strings.Join(out, "; ")
	}
	for _, c := range Cubes {
		index := "USING INDEX fact_cube_" + c.Name + " "
		for _, q := range []string{
			`SELECT f.year, SUM(f.amount) FROM fact f WHERE ` + c.Where + ` AND f.latest = 1 GROUP BY f.year`,
			`SELECT SUM(f.amount) FROM fact f JOIN organization o ON o.id = f.organization_id WHERE ` + c.Where + ` AND f.latest = 1 AND o.code IN ('001')`,
		} {
			if p := plan(q); !strings.Contains(p, index) {
				t.Errorf("cube %s: the plan does not use its index: %s", c.Name, p)
			}
		}
		if p := plan(`SELECT SUM(f.amount) FROM fact f JOIN organization o ON o.id = f.organization_id WHERE ` + c.Where + ` AND f.latest = 1 AND o.code IN ('001')`); !strings.Contains(p, "(latest=? AND organization_id=?)") {
			t.Errorf("cube %s by organization: %s", c.Name, p)
		}
	}
	args := make([]any, 4*len(Cubes))
	for i := range args {
		args[i] = 1
	}
	if p := plan(qRollup(), args...); strings.Count(p, "(latest=? AND organization_id=? AND publication_id=?)") != len(Cubes) {
		t.Errorf("the summary table's upkeep does not read the cube indexes: %s", p)
	}
}

// A publication stored without findings gets an empty Findings JSON
// report, the shape readers of the findings expect.
func TestDefaultFindingsShape(t *testing.T) {
	s := mustOpen(t, storetest.SQLite(t))
	p := newPub("003", 2021, "A", 1)
	p.FindingsJSON = nil
	r, err := s.Publish(context.Background(), p)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := s.FindingsJSON(context.Background(), r.Publication.ID)
	var rep struct {
		Schema    string `json:"schema"`
		Documents []any  `json:"documents"`
	}
	if err := json.Unmarshal(b, &rep); err != nil || rep.Schema != "yusuan.findings/v1" || rep.Documents == nil {
		t.Errorf("default findings %s: %v", b, err)
	}
}

// publishAtOnce publishes n publications at the same time, each from its
// own DB handle (standing for a process of its own), after migrating.
func publishAtOnce(t *testing.T, dsn string, n int, pub func(i int) yusuan.NewPublication) {
	t.Helper()
	ctx := context.Background()
	mustOpen(t, dsn) // migrate
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			s, err := Open(ctx, dsn, Options{})
			if err != nil {
				errs <- err
				return
			}
			defer s.Close()
			_, err = s.Publish(ctx, pub(i))
			errs <- err
		}(i)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
}

// A database made before the cube operating_cost gets the 机关运行经费 line
// of every stored version from its Document JSON when migrated (down to
// 00008 and up again here), and the summary rows of the latest versions.
func TestOperatingCostMigration(t *testing.T) {
	forEachDB(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s := mustOpen(t, dsn)
		pub := func(org string, year int, file, printed string) {
			p := newPub(org, year, file, 1000)
			p.Document.Narrative = []yusuan.Section{{Key: "operating_cost", Title: "机关运行经费", Paragraphs: []string{"机关运行经费安排 " + printed + " 万元。"},
				Figures: []yusuan.Figure{{Kind: yusuan.FigureAmount, Ref: "operating_cost", Unit: "万元", Decimals: 2, Printed: printed}}}}
			p.Facts = yusuan.Facts(p.Document)
			b, err := json.Marshal(p.Document)
			if err != nil {
				t.Fatal(err)
			}
			p.DocumentJSON = b
			if _, err := s.Publish(ctx, p); err != nil {
				t.Fatal(err)
			}
		}
		pub("001", 2025, "a", "12.34")
		pub("001", 2025, "b", "12.50") // a second version replaces the first
		pub("002", 2025, "c", "1.00")
		pub("001", 2026, "d", "20.00")
		sum := func() (lines, latest int, amount int64) {
			t.Helper()
			if err := s.db.QueryRow(`SELECT COUNT(*), COALESCE(SUM(latest), 0), COALESCE(SUM(CASE WHEN latest = 1 THEN amount ELSE 0 END), 0) FROM fact
				WHERE table_kind = 'three_public' AND scheme = 'key' AND code = 'operating_cost' AND col = 'amount'`).Scan(&lines, &latest, &amount); err != nil {
				t.Fatal(err)
			}
			return
		}
		l0, n0, a0 := sum()
		if l0 != 4 || n0 != 3 || a0 != (1250+100+2000)*10000 {
			t.Fatalf("published: %d lines, %d latest, %d 分", l0, n0, a0)
		}
		p, err := s.provider()
		if err != nil {
			t.Fatal(err)
		}
		if _, err := p.DownTo(ctx, operatingCostMigration-1); err != nil {
			t.Fatal(err)
		}
		if l, _, _ := sum(); l != 0 {
			t.Fatalf("after migrating down: %d lines", l)
		}
		if _, err := s.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
		if l, n, a := sum(); l != l0 || n != n0 || a != a0 {
			t.Errorf("migrated: %d lines, %d latest, %d 分; want %d, %d, %d", l, n, a, l0, n0, a0)
		}
		checkRollup(t, s)
	})
}
