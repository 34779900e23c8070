package cli

import (
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/yusuan/yusuan/store"
	"github.com/yusuan/yusuan/store/storetest"
)

// yusuan serve routes /desk/ through the auth middleware. Two servers on
// one database (both kinds): a session made by one is valid on the other,
// a lockout earned on one holds on the other, and signing out on one ends
// the session on both; the public portal sets no cookie.
func TestServeDeskAcrossInstances(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dsn string) {
		if code, _, stderr := run(t, "db", "migrate", "--db", dsn); code != 0 {
			t.Fatalf("migrate: %s", stderr)
		}
		const pw = "serve-Test-pw1"
		for _, args := range [][]string{
			{"user", "add", "zhang", "--role", "approver", "--organization", "003"},
			{"user", "add", "wang", "--role", "admin"},
		} {
			if code, _, stderr := runIn(t, pw+"\n", append(args, "--password-stdin", "--db", dsn)...); code != 0 {
				t.Fatalf("%v: %s", args, stderr)
			}
		}
		a, b := startServe(t, dsn), startServe(t, dsn)
		jar, _ := cookiejar.New(nil)
		c := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
		csrfRE := regexp.MustCompile(`name="csrf_token" value="([^"]+)"`)
		fetch := func(method, u string, form url.Values) (*http.Response, string) {
			t.Helper()
			var body io.Reader
			if form != nil {
				body = strings.NewReader(form.Encode())
			}
			req, _ := http.NewRequest(method, u, body)
			req.Header.Set("Accept", "text/html")
			if form != nil {
				req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			}
			res, err := c.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer res.Body.Close()
			bs, _ := io.ReadAll(res.Body)
			return res, string(bs)
		}
		token := func(u string) string {
			t.Helper()
			_, body := fetch("GET", u, nil)
			m := csrfRE.FindStringSubmatch(body)
			if m == nil {
				t.Fatalf("no csrf token on %s:\n%s", u, body)
			}
			return m[1]
		}
		// The portal is public: no cookie.
		if res, _ := fetch("GET", a+"/", nil); res.StatusCode != 200 || len(res.Cookies()) != 0 {
			t.Errorf("portal home: %d, cookies %v", res.StatusCode, res.Cookies())
		}
		if res, _ := fetch("GET", a+"/desk", nil); res.StatusCode != http.StatusMovedPermanently || res.Header.Get("Location") != "/desk/" {
			t.Errorf("/desk: %d %s", res.StatusCode, res.Header.Get("Location"))
		}
		// Signed in on a (the browser's cookies are per host:port, so
		// carry the session cookie to b by hand).
		res, body := fetch("POST", a+"/desk/login", url.Values{"csrf_token": {token(a + "/desk/login")}, "name": {"zhang"}, "password": {pw}})
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("sign in on a: %d\n%s", res.StatusCode, body)
		}
		au, _ := url.Parse(a)
		bu, _ := url.Parse(b)
		jar.SetCookies(bu, jar.Cookies(au))
		if res, body := fetch("GET", b+"/desk/account", nil); res.StatusCode != 200 || !strings.Contains(body, "审核人") {
			t.Fatalf("a's session on b: %d\n%s", res.StatusCode, body)
		}
		// Sign out on b ends the session on a too.
		if res, _ := fetch("POST", b+"/desk/logout", url.Values{"csrf_token": {token(b + "/desk/account")}}); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("sign out on b: %d", res.StatusCode)
		}
		if res, _ := fetch("GET", a+"/desk/account", nil); res.StatusCode != http.StatusSeeOther {
			t.Errorf("a's session after signing out on b: %d", res.StatusCode)
		}
		// Wrong passwords spread over both servers lock the account on
		// both.
		for i := 0; i < store.MaxFailedSignIns; i++ {
			base := []string{a, b}[i%2]
			res, _ := fetch("POST", base+"/desk/login", url.Values{"csrf_token": {token(base + "/desk/login")}, "name": {"wang"}, "password": {"wrong-password"}})
			if want := map[bool]int{true: http.StatusLocked, false: http.StatusUnauthorized}[i == store.MaxFailedSignIns-1]; res.StatusCode != want {
				t.Fatalf("wrong password %d on %s: %d, want %d", i+1, base, res.StatusCode, want)
			}
		}
		for _, base := range []string{a, b} {
			if res, _ := fetch("POST", base+"/desk/login", url.Values{"csrf_token": {token(base + "/desk/login")}, "name": {"wang"}, "password": {pw}}); res.StatusCode != http.StatusLocked {
				t.Errorf("right password on %s while locked: %d", base, res.StatusCode)
			}
		}
		// A state-changing request without a CSRF token is refused.
		if res, _ := fetch("POST", a+"/desk/logout", url.Values{}); res.StatusCode != http.StatusForbidden {
			t.Errorf("sign out without a CSRF token: %d", res.StatusCode)
		}
		// The API: an invalid bearer token is refused, a public read
		// without one is served.
		req, _ := http.NewRequest("GET", a+"/api/v1/publications", nil)
		req.Header.Set("Authorization", "Bearer "+store.TokenPrefix+"nope")
		if res, err := http.DefaultClient.Do(req); err != nil || res.StatusCode != http.StatusUnauthorized {
			t.Errorf("bad bearer token on the API: %v %v", res.StatusCode, err)
		} else {
			res.Body.Close()
		}
		if res, _ := httpGet(t, a+"/api/v1/publications"); res.StatusCode != 200 {
			t.Errorf("anonymous API read: %d", res.StatusCode)
		}
	})
}
