package portal_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/yusuan/yusuan/portal"
)

// The forms of 部门对比 and 搜索 work without script (a GET to the page)
// and, with htmx, fetch only the part that changes: the same URL with
// HX-Request answers the results without the page around them, and a
// history restore gets the whole page again. An error comes as a
// fragment too, with its status. Pages kept in memory keep the two apart.
func TestFormParts(t *testing.T) {
	srv, _ := site(t)
	api := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		resp, err := http.Get(srv.URL + r.URL.RequestURI())
		if err != nil {
			http.Error(w, err.Error(), 500)
			return
		}
		defer resp.Body.Close()
		for k, vs := range resp.Header {
			w.Header()[k] = vs
		}
		w.WriteHeader(resp.StatusCode)
		io.Copy(w, resp.Body)
	})
	pg, err := portal.New(api, portal.WithGeneration(func(context.Context) (int64, error) { return 1, nil }))
	if err != nil {
		t.Fatal(err)
	}
	get := func(path string, hdr ...string) (*httptest.ResponseRecorder, string) {
		req := httptest.NewRequest("GET", path, nil)
		for i := 0; i+1 < len(hdr); i += 2 {
			req.Header.Set(hdr[i], hdr[i+1])
		}
		rec := httptest.NewRecorder()
		pg.ServeHTTP(rec, req)
		return rec, rec.Body.String()
	}
	for _, c := range []struct {
		path, target string
		want         []string
	}{
		{"/compare?org=101&org=102&year=2026", `<div id="compare-result" aria-live="polite">`,
			[]string{`<h1 id="page-title" hx-swap-oob="true">部门对比 · 2026 年</h1>`, "2026 年按功能分类", "<title>部门对比 · 预算公开</title>"}},
		{"/compare", `<div id="compare-result" aria-live="polite">`, []string{"请在上面选择部门"}},
		{"/search?q=%E7%A4%BA%E4%BE%8B", `<div id="search-result" aria-live="polite">`, []string{`href="/org/101"`, "部门和单位"}},
	} {
		for round := 0; round < 2; round++ { // the second round from memory
			rec, full := get(c.path)
			if rec.Code != 200 || !strings.Contains(full, "<!DOCTYPE html>") || !strings.Contains(full, c.target) || !strings.Contains(full, `hx-get="`) {
				t.Fatalf("%s: whole page %d lacks the form's target %q", c.path, rec.Code, c.target)
			}
			if !strings.Contains(rec.Header().Get("Vary"), "HX-Request") {
				t.Errorf("%s: Vary %q", c.path, rec.Header().Get("Vary"))
			}
			rec, part := get(c.path, "HX-Request", "true")
			if rec.Code != 200 || strings.Contains(part, "<html") || strings.Contains(part, "<form") || strings.Contains(part, "<script src") {
				t.Fatalf("%s: part %d is not a fragment:\n%s", c.path, rec.Code, part)
			}
			if rec.Header().Get("Content-Security-Policy") == "" {
				t.Errorf("%s: the part has no CSP", c.path)
			}
			for _, w := range c.want {
				if !strings.Contains(part, w) {
					t.Errorf("%s: the part does not hold %q:\n%s", c.path, w, part)
				}
			}
			// The page holds the same results as its part.
			results := strings.TrimSpace(part[strings.Index(part, "</title>")+len("</title>"):])
			if i := strings.Index(results, "</h1>"); strings.HasPrefix(results, "<h1") && i > 0 {
				results = strings.TrimSpace(results[i+len("</h1>"):])
			}
			if !strings.Contains(full, results) {
				t.Errorf("%s: the page does not hold the part's results", c.path)
			}
			if _, restored := get(c.path, "HX-Request", "true", "HX-History-Restore-Request", "true"); restored != full {
				t.Errorf("%s: a history restore does not get the whole page", c.path)
			}
		}
	}
	rec, part := get("/compare?org=1&org=2&org=3&org=4&org=5&org=6&org=7&org=8&org=9&org=10&org=11", "HX-Request", "true")
	if rec.Code != 400 || part != `<p class="error" role="alert">最多同时比较 10 个部门</p>` {
		t.Errorf("an error as a part: %d %q", rec.Code, part)
	}
}

// htmx is served like the other assets: from this server, under a hashed,
// immutable URL, configured for the strict CSP (no inline styles, no eval).
func TestHTMXAsset(t *testing.T) {
	srv, _ := site(t)
	_, body := page(t, srv.URL+"/compare")
	var src string
	for _, m := range assetRef.FindAllStringSubmatch(body, -1) {
		if strings.HasSuffix(m[1], "-htmx.min.js") {
			src = m[1]
		}
	}
	if src == "" {
		t.Fatal("the page does not load htmx from this server")
	}
	resp, js := page(t, srv.URL+src)
	if resp.StatusCode != 200 || !strings.Contains(resp.Header.Get("Cache-Control"), "immutable") || !strings.Contains(js, `version:"2.`) {
		t.Errorf("%s: %d %q, htmx 2: %v", src, resp.StatusCode, resp.Header.Get("Cache-Control"), strings.Contains(js, `version:"2.`))
	}
	for _, w := range []string{`"includeIndicatorStyles":false`, `"allowEval":false`, `"allowScriptTags":false`} {
		if !strings.Contains(body, w) {
			t.Errorf("htmx config lacks %s", w)
		}
	}
}
