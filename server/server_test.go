package server

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"sort"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/yusuan/yusuan"
	"github.com/yusuan/yusuan/budgetfile"
	"github.com/yusuan/yusuan/catalog"
	"github.com/yusuan/yusuan/compile"
	"github.com/yusuan/yusuan/profile"
	"github.com/yusuan/yusuan/render/html"
	"github.com/yusuan/yusuan/render/markdown"
	"github.com/yusuan/yusuan/store"
	"github.com/yusuan/yusuan/store/storetest"
)

const example = "../examples/zhengzhou-2021-gov-office/budget.yaml"

// fixture is a store with the example budget in two versions (the second
// with one changed figure) and a second department of another year.
type fixture struct {
	db       *store.DB
	srv      *httptest.Server
	doc      *yusuan.Document
	v1, v2   int64
	otherPub int64
}

func compileExample(t testing.TB) (*yusuan.Document, *yusuan.Profile) {
	t.Helper()
	b, err := budgetfile.Load(example, catalog.Load)
	if err != nil {
		t.Fatal(err)
	}
	p, err := profile.LoadFile(b.Profile)
	if err != nil {
		t.Fatal(err)
	}
	cat, err := catalog.Load(b.Year)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := compile.Compile(b, p, cat)
	if err != nil {
		t.Fatal(err)
	}
	return doc, p
}

func publish(t testing.TB, db *store.DB, doc *yusuan.Document, code, file string) int64 {
	t.Helper()
	dj, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	res, err := db.Publish(context.Background(), yusuan.NewPublication{
		Organization: yusuan.Organization{Code: code, Name: doc.Department.Name},
		Region:       &yusuan.Region{Code: "410100", Name: "郑州市", Level: "city"},
		FileName:     "budget.yaml", File: []byte(file), Document: doc, DocumentJSON: dj,
		FindingsJSON: []byte(`{"schema":"yusuan.findings/v1","summary":{"documents":1,"errors":0,"warnings":0,"infos":0,"unreadable":0},"documents":[{"source":"budget.yaml","profile":"zhengzhou-2021","department":"x","year":2021,"findings":[]}]}`),
		Facts:        yusuan.Facts(doc),
	})
	if err != nil {
		t.Fatal(err)
	}
	return res.Publication.ID
}

func newFixture(t *testing.T, dsn string) *fixture { return newBenchFixture(t, dsn) }

// newBenchFixture is newFixture for tests and benchmarks.
func newBenchFixture(t testing.TB, dsn string) *fixture {
	t.Helper()
	db, err := store.Open(context.Background(), dsn, store.Options{Migrate: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	doc, p := compileExample(t)
	f := &fixture{db: db, doc: doc}
	f.v1 = publish(t, db, doc, "003", "v1")
	// Version 2: the first item row of the expenditure table changes.
	var doc2 yusuan.Document
	b, _ := json.Marshal(doc)
	json.Unmarshal(b, &doc2)
	exp := doc2.Table(yusuan.KindExpenditure)
	for i := range exp.Rows {
		if len(exp.Rows[i].Code) == 7 {
			exp.Rows[i].Cells["total"] = yusuan.AmountValue(exp.Rows[i].Amount("total") + 100)
			exp.Rows[i].Cells["basic"] = yusuan.AmountValue(exp.Rows[i].Amount("basic") + 100)
			break
		}
	}
	f.v2 = publish(t, db, &doc2, "003", "v2")
	other := *doc
	other.Year = 2022
	other.Department = yusuan.Department{Code: "004", Name: "郑州市测试局"}
	f.otherPub = publish(t, db, &other, "004", "other")
	srv := New(db, Options{Formats: []string{"md", "html"}, Render: func(d *yusuan.Document, format string) (store.Rendered, error) {
		switch format {
		case "md":
			return store.Rendered{ContentType: "text/markdown; charset=utf-8", FileName: "budget.md", Data: markdown.Render(d, p)}, nil
		default:
			b, err := html.Render(d, p)
			return store.Rendered{ContentType: "text/html; charset=utf-8", FileName: "budget.html", Data: b}, err
		}
	}})
	f.srv = httptest.NewServer(srv)
	t.Cleanup(f.srv.Close)
	return f
}

func get(t *testing.T, url string, header ...string) (*http.Response, []byte) {
	t.Helper()
	req, _ := http.NewRequest("GET", url, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	// Ask for identity so the transport does not decompress silently.
	if req.Header.Get("Accept-Encoding") == "" {
		req.Header.Set("Accept-Encoding", "identity")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, b
}

// schemas compiles the response schemas of the OpenAPI document.
func schemas(t *testing.T) func(ref string) *jsonschema.Schema {
	t.Helper()
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(openAPI))
	if err != nil {
		t.Fatalf("openapi.json is not JSON: %v", err)
	}
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2020)
	if err := c.AddResource("https://yusuan.example/openapi.json", doc); err != nil {
		t.Fatal(err)
	}
	return func(ref string) *jsonschema.Schema {
		s, err := c.Compile("https://yusuan.example/openapi.json#" + ref)
		if err != nil {
			t.Fatalf("compile %s: %v", ref, err)
		}
		return s
	}
}

// Every route the server registers is in the OpenAPI document, and every
// path of the document is served.
func TestRoutesAreDocumented(t *testing.T) {
	var spec struct {
		OpenAPI string                    `json:"openapi"`
		Paths   map[string]map[string]any `json:"paths"`
	}
	if err := json.Unmarshal(openAPI, &spec); err != nil {
		t.Fatal(err)
	}
	if spec.OpenAPI != "3.1.0" {
		t.Errorf("openapi = %q, want 3.1.0", spec.OpenAPI)
	}
	s := New(nil, Options{})
	served := map[string]bool{}
	for _, p := range s.patterns {
		method, path, _ := strings.Cut(p, " ")
		served[path] = true
		ops, ok := spec.Paths[path]
		if !ok {
			t.Errorf("route %s is not in openapi.json", p)
			continue
		}
		if _, ok := ops[strings.ToLower(method)]; !ok {
			t.Errorf("route %s: openapi.json has no %s operation", p, method)
		}
	}
	for path := range spec.Paths {
		if !served[path] {
			t.Errorf("openapi.json documents %s, which is not served", path)
		}
	}
}

// Sample responses of every JSON route validate against the schemas of
// the OpenAPI document, on both databases.
func TestResponsesMatchOpenAPI(t *testing.T) {
	compile := schemas(t)
	storetest.Each(t, func(t *testing.T, dsn string) {
		f := newFixture(t, dsn)
		id := func(n int64) string { return jsonNumber(n) }
		cases := []struct {
			path   string
			status int
			schema string
		}{
			{"/healthz", 200, "/components/schemas/Status"},
			{"/readyz", 200, "/components/schemas/Status"},
			{"/api/v1/regions", 200, "/paths/~1api~1v1~1regions/get/responses/200/content/application~1json/schema"},
			{"/api/v1/organizations?q=郑州", 200, "/paths/~1api~1v1~1organizations/get/responses/200/content/application~1json/schema"},
			{"/api/v1/search?q=政务公开", 200, "/paths/~1api~1v1~1search/get/responses/200/content/application~1json/schema"},
			{"/api/v1/search?q=政务公开&kind=table", 400, "/components/schemas/Error"},
			{"/api/v1/publications?limit=1", 200, "/paths/~1api~1v1~1publications/get/responses/200/content/application~1json/schema"},
			{"/api/v1/publications/" + id(f.v2), 200, "/paths/~1api~1v1~1publications~1{id}/get/responses/200/content/application~1json/schema"},
			{"/api/v1/publications/" + id(f.v2) + "/findings", 200, "/components/schemas/Findings"},
			{"/api/v1/publications/" + id(f.v2) + "/versions", 200, "/paths/~1api~1v1~1publications~1{id}~1versions/get/responses/200/content/application~1json/schema"},
			{"/api/v1/publications/" + id(f.v2) + "/diff?against=" + id(f.v1), 200, "/paths/~1api~1v1~1publications~1{id}~1diff/get/responses/200/content/application~1json/schema"},
			{"/api/v1/cubes", 200, "/paths/~1api~1v1~1cubes/get/responses/200/content/application~1json/schema"},
			{"/api/v1/cubes/expenditure/model", 200, "/components/schemas/CubeModel"},
			{"/api/v1/cubes/expenditure/aggregate?drilldown=function.class|year&order=amount:desc", 200, "/components/schemas/Aggregate"},
			{"/api/v1/cubes/three_public/aggregate?drilldown=item|organization", 200, "/components/schemas/Aggregate"},
			{"/api/v1/cubes/income/aggregate", 200, "/components/schemas/Aggregate"},
			{"/api/v1/cubes/basic_econ/facts?pagesize=5", 200, "/paths/~1api~1v1~1cubes~1{cube}~1facts/get/responses/200/content/application~1json/schema"},
			{"/api/v1/cubes/expenditure/members/function.class", 200, "/paths/~1api~1v1~1cubes~1{cube}~1members~1{dimension}/get/responses/200/content/application~1json/schema"},
			{"/api/v1/publications/99999", 404, "/components/schemas/Error"},
			{"/api/v1/publications/abc", 400, "/components/schemas/Error"},
			{"/api/v1/cubes/nope/model", 404, "/components/schemas/Error"},
			{"/api/v1/cubes/expenditure/aggregate?drilldown=secret", 400, "/components/schemas/Error"},
		}
		for _, c := range cases {
			resp, body := get(t, f.srv.URL+c.path)
			if resp.StatusCode != c.status {
				t.Errorf("GET %s: %d, want %d: %s", c.path, resp.StatusCode, c.status, body)
				continue
			}
			v, err := jsonschema.UnmarshalJSON(bytes.NewReader(body))
			if err != nil {
				t.Errorf("GET %s: not JSON: %v", c.path, err)
				continue
			}
			if err := compile(c.schema).Validate(v); err != nil {
				t.Errorf("GET %s does not match %s: %v", c.path, c.schema, err)
			}
		}
	})
}

func jsonNumber(n int64) string { b, _ := json.Marshal(n); return string(b) }

type aggregateResp struct {
	Cells []map[string]any `json:"cells"`
	Total int              `json:"total_cell_count"`
	Sum   struct {
		Amount json.Number `json:"amount"`
	} `json:"summary"`
}

// The expenditure cube, drilled by function class, gives the sums of the
// latest version's item rows, computed here from the document itself.
func TestAggregateSums(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dsn string) {
		f := newFixture(t, dsn)
		resp, body := get(t, f.srv.URL+"/api/v1/cubes/expenditure/aggregate?drilldown=function.class&cut=year:2022")
		if resp.StatusCode != 200 {
			t.Fatalf("%d %s", resp.StatusCode, body)
		}
		var got aggregateResp
		dec := json.NewDecoder(bytes.NewReader(body))
		dec.UseNumber()
		if err := dec.Decode(&got); err != nil {
			t.Fatal(err)
		}
		want := map[string]yusuan.Amount{}
		var total yusuan.Amount
		for _, r := range f.doc.Table(yusuan.KindExpenditure).Rows {
			if len(r.Code) == 7 {
				a := r.Amount("basic") + r.Amount("project")
				want[r.Code[:3]] += a
				total += a
			}
		}
		if len(got.Cells) != len(want) || got.Total != len(want) {
			t.Fatalf("cells %d (count %d), want %d: %s", len(got.Cells), got.Total, len(want), body)
		}
		for _, c := range got.Cells {
			code := c["function.class"].(string)
			if c["amount"].(json.Number).String() != want[code].String() {
				t.Errorf("class %s = %s, want %s", code, c["amount"], want[code])
			}
			if c["function.class.name"] == "" {
				t.Errorf("class %s has no name", code)
			}
		}
		if got.Sum.Amount.String() != total.String() {
			t.Errorf("summary %s, want %s", got.Sum.Amount, total)
		}
		// Version 2 of 2021 counts, not version 1: +100 分 on one item.
		_, body = get(t, f.srv.URL+"/api/v1/cubes/expenditure/aggregate?cut=year:2021")
		var y21 aggregateResp
		dec = json.NewDecoder(bytes.NewReader(body))
		dec.UseNumber()
		dec.Decode(&y21)
		if y21.Sum.Amount.String() != (total + 100).String() {
			t.Errorf("2021 latest = %s, want %s (version 2)", y21.Sum.Amount, total+100)
		}
		_, body = get(t, f.srv.URL+"/api/v1/cubes/expenditure/aggregate?cut=year:2021&version=all")
		dec = json.NewDecoder(bytes.NewReader(body))
		dec.UseNumber()
		dec.Decode(&y21)
		if y21.Sum.Amount.String() != (2*total + 100).String() {
			t.Errorf("2021 all versions = %s, want %s", y21.Sum.Amount, 2*total+100)
		}
		// Every cube gives the same from the summary table as from the
		// fact lines, for a year with one version.
		for _, c := range store.Cubes {
			sum := func(extra string) string {
				_, body := get(t, f.srv.URL+"/api/v1/cubes/"+c.Name+"/aggregate?cut=year:2022"+extra)
				var a aggregateResp
				dec := json.NewDecoder(bytes.NewReader(body))
				dec.UseNumber()
				dec.Decode(&a)
				return a.Sum.Amount.String()
			}
			if r, f := sum(""), sum("&version=all"); r != f || r == "" {
				t.Errorf("cube %s: summary table %s, fact lines %s", c.Name, r, f)
			}
		}
		// Hostile input is bound, never spliced: matches nothing.
		resp, body = get(t, f.srv.URL+"/api/v1/cubes/expenditure/aggregate?cut=organization:003'%20OR%20'1'='1")
		if resp.StatusCode != 200 || !strings.Contains(string(body), `"total_cell_count":1`) || !strings.Contains(string(body), `"summary":{"amount":0}`) {
			t.Errorf("quoted cut: %d %s", resp.StatusCode, body)
		}
		// Several values of a cut, separated by a literal ";".
		_, body = get(t, f.srv.URL+"/api/v1/cubes/expenditure/aggregate?cut=year:2021;2022")
		var both aggregateResp
		dec = json.NewDecoder(bytes.NewReader(body))
		dec.UseNumber()
		dec.Decode(&both)
		if both.Sum.Amount.String() != (2*total + 100).String() {
			t.Errorf("cut=year:2021;2022 = %s, want %s", both.Sum.Amount, 2*total+100)
		}
		for _, bad := range []string{"drilldown=year;DROP", "cut=year", "cut=year:%zz", "pagesize=100000", "order=amount:sideways", "order=year", "format=xml", "page=0", "unknown=1"} {
			resp, body := get(t, f.srv.URL+"/api/v1/cubes/expenditure/aggregate?"+bad)
			if resp.StatusCode != 400 || !strings.Contains(string(body), "message") {
				t.Errorf("%s: %d %s, want 400 with a message", bad, resp.StatusCode, body)
			}
		}
		// CSV: a header and one line per cell.
		resp, body = get(t, f.srv.URL+"/api/v1/cubes/three_public/aggregate?drilldown=item&format=csv")
		lines := strings.Split(strings.TrimSpace(strings.TrimPrefix(string(body), "\ufeff")), "\n")
		if resp.Header.Get("Content-Type") != "text/csv; charset=utf-8" || lines[0] != "item,item.name,amount" || len(lines) < 2 {
			t.Errorf("csv: %s %q", resp.Header.Get("Content-Type"), lines)
		}
	})
}

func TestCachingCompressionAndErrors(t *testing.T) {
	f := newFixture(t, storetest.SQLite(t))
	base := f.srv.URL + "/api/v1/publications/" + jsonNumber(f.v1)

	resp, _ := get(t, base+"/findings")
	etag := resp.Header.Get("ETag")
	if etag == "" {
		t.Fatal("findings have no ETag")
	}
	resp, body := get(t, base+"/findings", "If-None-Match", etag)
	if resp.StatusCode != http.StatusNotModified || len(body) != 0 {
		t.Errorf("If-None-Match: %d with %d bytes, want 304 and no body", resp.StatusCode, len(body))
	}

	resp, body = get(t, base, "Accept-Encoding", "gzip")
	if resp.Header.Get("Content-Encoding") != "gzip" {
		t.Fatalf("no gzip: %v", resp.Header)
	}
	zr, err := gzip.NewReader(bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	plain, _ := io.ReadAll(zr)
	if !json.Valid(plain) {
		t.Error("gzip body is not JSON")
	}
	if resp.Header.Get("Access-Control-Allow-Origin") != "*" {
		t.Error("no CORS header on GET")
	}

	// Rendered on first request, then served from the cache.
	resp, md := get(t, base+"/files/md")
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/markdown") || !bytes.Contains(md, []byte(f.doc.Department.Name)) {
		t.Fatalf("md: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	var n int
	f.db.SQL().QueryRow(`SELECT COUNT(*) FROM rendered`).Scan(&n)
	resp2, md2 := get(t, base+"/files/md")
	var n2 int
	f.db.SQL().QueryRow(`SELECT COUNT(*) FROM rendered`).Scan(&n2)
	if n != 1 || n2 != 1 || !bytes.Equal(md, md2) || resp2.Header.Get("ETag") != resp.Header.Get("ETag") {
		t.Errorf("cache: %d then %d rows; same bytes %v", n, n2, bytes.Equal(md, md2))
	}
	if resp, _ := get(t, base+"/files/exe"); resp.StatusCode != 404 {
		t.Errorf("unknown format: %d", resp.StatusCode)
	}

	// The diff of version 2 against version 1 is the one changed cell.
	_, body = get(t, f.srv.URL+"/api/v1/publications/"+jsonNumber(f.v2)+"/diff?against="+jsonNumber(f.v1))
	var d struct {
		Changes []yusuan.CellChange `json:"changes"`
	}
	json.Unmarshal(body, &d)
	if len(d.Changes) != 2 || d.Changes[0].Column != "total" || d.Changes[1].Column != "basic" || d.Changes[0].After.Num-d.Changes[0].Before.Num != 100 {
		t.Errorf("diff = %+v", d.Changes)
	}

	// Keyset pages follow "next" to the end.
	next := "/api/v1/publications?limit=1&version=all"
	var ids []int64
	for i := 0; next != "" && i < 10; i++ {
		_, body := get(t, f.srv.URL+next)
		var page struct {
			Publications []yusuan.Publication `json:"publications"`
			Next         *string              `json:"next"`
		}
		json.Unmarshal(body, &page)
		for _, p := range page.Publications {
			ids = append(ids, p.ID)
		}
		next = ""
		if page.Next != nil {
			next = *page.Next
		}
	}
	if len(ids) != 3 || !sort.SliceIsSorted(ids, func(i, j int) bool { return ids[i] < ids[j] }) {
		t.Errorf("pages gave %v, want the 3 publications in order", ids)
	}

	if resp, _ := get(t, f.srv.URL+"/api/v1/regions?x=1"); resp.StatusCode != 400 {
		t.Errorf("unknown parameter: %d", resp.StatusCode)
	}
	req, _ := http.NewRequest("POST", f.srv.URL+"/api/v1/regions", strings.NewReader("{}"))
	if resp, err := http.DefaultClient.Do(req); err != nil || resp.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("POST: %v %v", resp.StatusCode, err)
	}

	// The database goes away: 503, not a crash.
	f.db.Close()
	resp, body = get(t, f.srv.URL+"/api/v1/regions")
	if resp.StatusCode != http.StatusServiceUnavailable && resp.StatusCode != http.StatusInternalServerError {
		t.Errorf("closed database: %d %s", resp.StatusCode, body)
	}
	if resp, _ := get(t, f.srv.URL+"/readyz"); resp.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("readyz on a closed database: %d, want 503", resp.StatusCode)
	}
}
