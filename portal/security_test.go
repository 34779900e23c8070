package portal_test

import (
	"net/http"
	"strings"
	"testing"
)

// TestSecurityHeaders: every page — each page type, an error page, a
// refused method — and every asset carries the headers that keep a page
// from being framed, sniffed or leaking its address, with a strict CSP.
func TestSecurityHeaders(t *testing.T) {
	srv, ids := site(t)
	pages := []string{"/", "/org/101", "/pub/" + jsonID(ids["v2"]), "/three-public", "/search?q=%E7%A4%BA%E4%BE%8B",
		"/subject/201", "/compare?org=101&org=102&year=2026", "/downloads?year=2026", "/api-docs", "/nope", "/pub/x"}
	check := func(what string, h http.Header, html bool) {
		t.Helper()
		if h.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("%s: X-Content-Type-Options %q", what, h.Get("X-Content-Type-Options"))
		}
		if !html {
			return
		}
		csp := h.Get("Content-Security-Policy")
		for _, want := range []string{"default-src 'none'", "script-src 'self'", "frame-ancestors 'none'", "base-uri 'none'", "form-action 'self'"} {
			if !strings.Contains(csp, want) {
				t.Errorf("%s: CSP %q lacks %s", what, csp, want)
			}
		}
		if strings.Contains(csp, "unsafe-inline") || strings.Contains(csp, "unsafe-eval") || strings.Contains(csp, "*") {
			t.Errorf("%s: CSP %q allows too much", what, csp)
		}
		if h.Get("X-Frame-Options") != "DENY" {
			t.Errorf("%s: X-Frame-Options %q", what, h.Get("X-Frame-Options"))
		}
		if h.Get("Referrer-Policy") != "same-origin" {
			t.Errorf("%s: Referrer-Policy %q", what, h.Get("Referrer-Policy"))
		}
		if ct := h.Get("Content-Type"); ct != "text/html; charset=utf-8" {
			t.Errorf("%s: Content-Type %q", what, ct)
		}
	}
	for _, path := range pages {
		resp, body := page(t, srv.URL+path)
		check(path, resp.Header, true)
		for _, m := range assetRef.FindAllStringSubmatch(body, -1) {
			resp, _ := page(t, srv.URL+m[1])
			check(m[1], resp.Header, false)
		}
	}
	req, _ := http.NewRequest(http.MethodPost, srv.URL+"/", strings.NewReader("x=1"))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("POST /: %d", resp.StatusCode)
	}
	check("POST /", resp.Header, true)
}
