package portal_test

import (
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// FuzzPageParameters sends any text as the search and filter parameters
// of every page type (q, year, org, a 科目 code, a department code, a
// publication ID): the portal answers a page or a Chinese error page,
// never a server error, with its headers, and a parameter that holds
// markup never comes back unescaped.
func FuzzPageParameters(f *testing.F) {
	srv, _ := site(f)
	for _, s := range []string{"示例", "2026", "101", "<script>alert(1)</script>", "\"'><img src=x onerror=1>", "%zz", "2010301", "-1", "1e400", "year:2026", "\x00", strings.Repeat("很", 300), "=cmd|' /C calc'!A0"} {
		for k := uint8(0); k < 8; k++ {
			f.Add(k, s)
		}
	}
	f.Fuzz(func(t *testing.T, kind uint8, s string) {
		// Between two markers, so that a parameter found in the page is
		// this parameter, not markup of the page that happens to read the
		// same (`"b` of class="brand").
		s = "qz7" + s + "7zq"
		q := url.QueryEscape(s)
		var path string
		switch kind % 8 {
		case 0:
			path = "/search?q=" + q
		case 1:
			path = "/?year=" + q
		case 2:
			path = "/compare?org=" + q + "&org=101&year=" + q
		case 3:
			path = "/downloads?year=" + q
		case 4:
			path = "/three-public?year=" + q
		case 5:
			path = "/subject/" + url.PathEscape(s)
		case 6:
			path = "/org/" + url.PathEscape(s)
		case 7:
			path = "/pub/" + url.PathEscape(s)
		}
		resp, err := http.Get(srv.URL + path)
		if err != nil {
			t.Skip(err) // a URL the client refuses to send
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode >= 500 && resp.StatusCode != http.StatusServiceUnavailable {
			t.Fatalf("%s: %d", path, resp.StatusCode)
		}
		if !strings.Contains(resp.Header.Get("Content-Security-Policy"), "default-src 'none'") {
			t.Fatalf("%s: no CSP", path)
		}
		if strings.ContainsAny(s, "<>\"") && strings.Contains(string(body), s) {
			t.Fatalf("%s: the parameter %q came back unescaped", path, s)
		}
	})
}
