package server

import (
	"encoding/json"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/yusuan/yusuan/store"
	"github.com/yusuan/yusuan/store/storetest"
)

type searchResp struct {
	Q       string            `json:"q"`
	Results []store.SearchHit `json:"results"`
}

// GET /api/v1/search on the example (郑州市人民政府办公厅 2021): "政务公开"
// finds the project 郑州市政务公开工作管理专项经费 and the narrative
// paragraphs that mention it, names first, in the latest versions only.
func TestSearchAPI(t *testing.T) {
	compile := schemas(t)
	schema := compile("/paths/~1api~1v1~1search/get/responses/200/content/application~1json/schema")
	storetest.Each(t, func(t *testing.T, dsn string) {
		f := newFixture(t, dsn)
		search := func(query string) searchResp {
			t.Helper()
			resp, body := get(t, f.srv.URL+"/api/v1/search?"+query)
			if resp.StatusCode != 200 {
				t.Fatalf("search?%s: %d %s", query, resp.StatusCode, body)
			}
			var v any
			json.Unmarshal(body, &v)
			if err := schema.Validate(v); err != nil {
				t.Fatalf("search?%s does not match its schema: %v", query, err)
			}
			var r searchResp
			if err := json.Unmarshal(body, &r); err != nil {
				t.Fatal(err)
			}
			return r
		}
		r := search("q=" + url.QueryEscape(" 政务公开 "))
		if r.Q != "政务公开" {
			t.Errorf("q = %q", r.Q)
		}
		var project, paragraphs int
		narrative := false
		for _, h := range r.Results {
			if h.PublicationID == f.v1 {
				t.Errorf("a replaced version is searchable: %+v", h)
			}
			if h.Kind == store.SearchNarrative {
				narrative = true
				paragraphs++
			} else if narrative {
				t.Errorf("name %q after a paragraph", h.Text)
			}
			if h.Kind == store.SearchProject && h.Text == "郑州市政务公开工作管理专项经费" {
				project++
			}
			if h.Snippet.Match != "政务公开" {
				t.Errorf("snippet %+v", h.Snippet)
			}
		}
		// The example is published for 2021 (v2) and 2022 (other).
		if project != 2 || paragraphs < 2 {
			t.Fatalf("政务公开: %d projects, %d paragraphs: %+v", project, paragraphs, r.Results)
		}
		r = search("q=" + url.QueryEscape("政务公开") + "&kind=project&year=2022&limit=5")
		if len(r.Results) != 1 || r.Results[0].PublicationID != f.otherPub {
			t.Fatalf("filtered: %+v", r.Results)
		}
		r = search("q=" + url.QueryEscape("行政运行") + "&kind=subject&limit=1")
		if len(r.Results) != 1 || r.Results[0].Code != "2010301" || r.Results[0].Title != store.SubjectFunctional {
			t.Fatalf("行政运行: %+v", r.Results)
		}
		if r := search("q=" + url.QueryEscape("政_公%")); len(r.Results) != 0 {
			t.Fatalf("_ and %% are not wildcards: %d results", len(r.Results))
		}
		for _, bad := range []string{"", "q=", "q=%20", "q=" + strings.Repeat("政", 101), "q=a&kind=table", "q=a&year=20x", "q=a&limit=0",
			"q=a&limit=201", "q=a&q=b", "q=a&sort=x", "q=%ff", "q=a%00b", "q=%zz"} {
			resp, body := get(t, f.srv.URL+"/api/v1/search?"+bad)
			var e struct {
				Error struct {
					Message string `json:"message"`
				} `json:"error"`
			}
			json.Unmarshal(body, &e)
			if resp.StatusCode != 400 || e.Error.Message == "" {
				t.Errorf("search?%s: %d %s", bad, resp.StatusCode, body)
			}
		}
	})
}

// FuzzSearchAPI gives any raw query string to /api/v1/search: the answer
// is 200 with results or 400 with a message, always JSON, never 5xx.
//
//	go test ./server -run '^$' -fuzz FuzzSearchAPI -fuzztime 30s
func FuzzSearchAPI(f *testing.F) {
	for _, s := range []string{"q=%E6%94%BF%E5%8A%A1", "q=a&kind=org", "q=%", "q=%25", "q=%00", "q=a&year=2021&limit=1", "q=a&limit=99999999999999999999",
		"q=%22%20OR%201%3D1", "q=" + strings.Repeat("%E6%94%BF", 100), "kind=&q=x", "q=a;b", "q=a&&q=b", "=", "&", "q"} {
		f.Add(s)
	}
	fx := newBenchFixture(f, storetest.SQLite(f))
	f.Fuzz(func(t *testing.T, raw string) {
		// Straight to the handler: the raw query need not be a valid URL.
		req := httptest.NewRequest("GET", "/api/v1/search", nil)
		req.URL.RawQuery = raw
		rec := httptest.NewRecorder()
		fx.srv.Config.Handler.ServeHTTP(rec, req)
		resp, body := rec.Result(), rec.Body.Bytes()
		var v map[string]any
		if err := json.Unmarshal(body, &v); err != nil {
			t.Fatalf("search?%s: %d, not JSON: %s", raw, resp.StatusCode, body)
		}
		switch resp.StatusCode {
		case 200:
			if _, ok := v["results"].([]any); !ok {
				t.Fatalf("search?%s: 200 without results: %s", raw, body)
			}
		case 400:
			if e, _ := v["error"].(map[string]any); e == nil || e["message"] == "" {
				t.Fatalf("search?%s: 400 without a message: %s", raw, body)
			}
		default:
			t.Fatalf("search?%s: %d %s", raw, resp.StatusCode, body)
		}
	})
}
