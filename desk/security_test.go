package desk

import (
	"bytes"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/yusuan/yusuan"
	"github.com/yusuan/yusuan/auth"
	"github.com/yusuan/yusuan/store"
	"github.com/yusuan/yusuan/store/storetest"
)

// The security tests of sign-in, sessions, cookies and CSRF, through the
// desk's real pages and the auth middleware, on both databases.

const (
	zhangPW   = "zhang-Secret-9f3"
	malloryPW = "mallory-Secret-77"
)

type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

type env struct {
	t     *testing.T
	s     *store.DB
	srv   *httptest.Server
	clock *clock
	logs  *syncBuffer
	token string // an API token of zhang
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}
func (b *syncBuffer) String() string { b.mu.Lock(); defer b.mu.Unlock(); return b.b.String() }

type setup struct {
	tls   bool
	opts  auth.Options
	extra func(d *Desk)
}

func newEnv(t *testing.T, dsn string, su setup) *env {
	t.Helper()
	ctx := context.Background()
	s, err := store.Open(ctx, dsn, store.Options{Migrate: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	by := store.Actor{Name: "system:test", Remote: "cli"}
	for _, u := range []store.NewUser{
		{Name: "zhang", Role: yusuan.RolePreparer, Organization: "003", Password: zhangPW},
		{Name: "mallory", Role: yusuan.RolePreparer, Organization: "004", Password: malloryPW},
		{Name: "li", Role: yusuan.RoleFinance, Region: "410100", Password: zhangPW},
	} {
		if _, err := s.CreateUser(ctx, u, by); err != nil && !errors.Is(err, store.ErrUserExists) {
			t.Fatal(err)
		}
	}
	tok, _, err := s.CreateToken(ctx, "zhang", "script", by)
	if err != nil {
		t.Fatal(err)
	}
	e := &env{t: t, s: s, clock: &clock{t: time.Now()}, logs: &syncBuffer{}, token: tok}
	log := slog.New(slog.NewJSONHandler(e.logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	o := su.opts
	o.Logger, o.Now = log, e.clock.now
	if o.SignInBurst == 0 {
		o.SignInBurst = 100
	}
	a := auth.New(s, o)
	d, err := New(s, a, log)
	if err != nil {
		t.Fatal(err)
	}
	// Routes for the tests: a form that echoes an uploaded file, and a
	// page only finance reviewers may see.
	d.Handle("POST /desk/test/upload", auth.RequireUser(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f, _, err := r.FormFile("file")
		if err != nil {
			http.Error(w, err.Error(), 400)
			return
		}
		io.Copy(w, f)
	})))
	d.Handle("GET /desk/test/finance", auth.RequireRole(yusuan.RoleFinance)(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, "finance page of ", yusuan.UserFrom(r.Context()).Name)
	})))
	if su.extra != nil {
		su.extra(d)
	}
	h := a.Middleware(d)
	if su.tls {
		e.srv = httptest.NewTLSServer(h)
	} else {
		e.srv = httptest.NewServer(h)
	}
	t.Cleanup(e.srv.Close)
	return e
}

// browser is a client with its own cookies that does not follow
// redirects.
func (e *env) browser() *http.Client {
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	if e.srv.TLS != nil {
		c.Transport = &http.Transport{TLSClientConfig: &tls.Config{InsecureSkipVerify: true}}
	}
	return c
}

var csrfRE = regexp.MustCompile(`name="csrf_token" value="([^"]+)"`)

type resp struct {
	status int
	body   string
	h      http.Header
	cookie map[string]*http.Cookie
}

func (e *env) do(c *http.Client, req *http.Request) resp {
	e.t.Helper()
	if req.Header.Get("Accept") == "" {
		req.Header.Set("Accept", "text/html")
	}
	res, err := c.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	r := resp{status: res.StatusCode, body: string(b), h: res.Header, cookie: map[string]*http.Cookie{}}
	for _, ck := range res.Cookies() {
		r.cookie[ck.Name] = ck
	}
	return r
}

func (e *env) get(c *http.Client, path string) resp {
	req, _ := http.NewRequest("GET", e.srv.URL+path, nil)
	return e.do(c, req)
}

func (e *env) post(c *http.Client, path string, form url.Values) resp {
	req, _ := http.NewRequest("POST", e.srv.URL+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return e.do(c, req)
}

// csrf is the token of the forms of a page.
func (e *env) csrf(c *http.Client, path string) string {
	e.t.Helper()
	r := e.get(c, path)
	m := csrfRE.FindStringSubmatch(r.body)
	if m == nil {
		e.t.Fatalf("GET %s (%d): no csrf_token in\n%s", path, r.status, r.body)
	}
	return m[1]
}

func (e *env) signIn(c *http.Client, name, pw string) resp {
	e.t.Helper()
	return e.post(c, "/desk/login", url.Values{"csrf_token": {e.csrf(c, "/desk/login")}, "name": {name}, "password": {pw}})
}

func (e *env) cookie(c *http.Client, name string) string {
	u, _ := url.Parse(e.srv.URL)
	for _, ck := range c.Jar.Cookies(u) {
		if ck.Name == name {
			return ck.Value
		}
	}
	return ""
}

func TestSignInAndOut(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dsn string) {
		e := newEnv(t, dsn, setup{})
		c := e.browser()
		login := e.get(c, "/desk/login")
		pre := login.cookie[auth.PreCookie]
		if login.status != 200 || pre == nil || !pre.HttpOnly || pre.SameSite != http.SameSiteStrictMode || pre.Secure {
			t.Fatalf("sign-in page: %d, pre-session cookie %+v", login.status, pre)
		}
		if !strings.Contains(login.body, "<h1>登录</h1>") || login.h.Get("Content-Security-Policy") != auth.CSP || login.h.Get("X-Frame-Options") != "DENY" {
			t.Errorf("sign-in page headers %v", login.h)
		}
		r := e.signIn(c, "zhang", zhangPW)
		if r.status != http.StatusSeeOther || r.h.Get("Location") != "/desk/" {
			t.Fatalf("sign in: %d %s\n%s", r.status, r.h.Get("Location"), r.body)
		}
		sc := r.cookie[auth.SessionCookie]
		if sc == nil || !sc.HttpOnly || sc.SameSite != http.SameSiteStrictMode || sc.Secure || sc.Path != "/" || sc.MaxAge <= 0 {
			t.Fatalf("session cookie over plain HTTP: %+v", sc)
		}
		if ck := r.cookie[auth.PreCookie]; ck == nil || ck.MaxAge >= 0 {
			t.Errorf("the pre-session cookie is not removed at sign-in: %+v", ck)
		}
		home := e.get(c, "/desk/")
		if home.status != 200 || !strings.Contains(home.body, "zhang") || !strings.Contains(home.body, "填报人") || home.h.Get("Cache-Control") != "no-store" {
			t.Fatalf("home: %d\n%s", home.status, home.body)
		}
		acc := e.get(c, "/desk/account")
		if acc.status != 200 || !strings.Contains(acc.body, "003") || !strings.Contains(acc.body, "script") || strings.Contains(acc.body, e.token) {
			t.Fatalf("account page: %d\n%s", acc.status, acc.body)
		}
		// Sign out: the session ends on the server, not only in the
		// browser.
		old := e.cookie(c, auth.SessionCookie)
		out := e.post(c, "/desk/logout", url.Values{"csrf_token": {e.csrf(c, "/desk/account")}})
		if out.status != http.StatusSeeOther || out.h.Get("Location") != "/desk/login" {
			t.Fatalf("sign out: %d", out.status)
		}
		if _, err := e.s.Session(context.Background(), old, e.clock.now()); err == nil {
			t.Error("the session outlives sign-out")
		}
		if r := e.get(c, "/desk/account"); r.status != http.StatusSeeOther || !strings.HasPrefix(r.h.Get("Location"), "/desk/login?next=%2Fdesk%2Faccount") {
			t.Errorf("account page after sign-out: %d %s", r.status, r.h.Get("Location"))
		}
		// next takes the user back to a page of the desk, never elsewhere.
		for next, want := range map[string]string{"/desk/account": "/desk/account", "https://evil.example/": "/desk/", "//evil.example/desk/": "/desk/", "/desk/\\evil": "/desk/"} {
			r := e.post(c, "/desk/login", url.Values{"csrf_token": {e.csrf(c, "/desk/login")}, "name": {"zhang"}, "password": {zhangPW}, "next": {next}})
			if r.status != http.StatusSeeOther || r.h.Get("Location") != want {
				t.Errorf("next=%s: %d to %s, want %s", next, r.status, r.h.Get("Location"), want)
			}
		}
		// The API answers an anonymous script with JSON, a page request
		// with the sign-in page.
		req, _ := http.NewRequest("GET", e.srv.URL+"/desk/test/finance", nil)
		req.Header.Set("Accept", "application/json")
		if r := e.do(e.browser(), req); r.status != 401 || !strings.Contains(r.body, `"status":401`) {
			t.Errorf("anonymous JSON request: %d %s", r.status, r.body)
		}
	})
}

func TestWrongPasswordAndLockout(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dsn string) {
		e := newEnv(t, dsn, setup{})
		c := e.browser()
		r := e.signIn(c, "zhang", "not-the-password")
		if r.status != http.StatusUnauthorized || !strings.Contains(r.body, "用户名或密码不正确") || r.cookie[auth.SessionCookie] != nil {
			t.Fatalf("wrong password: %d %v\n%s", r.status, r.cookie, r.body)
		}
		if !strings.Contains(r.body, `value="zhang"`) {
			t.Error("the name typed is not kept in the form")
		}
		if r := e.signIn(c, "nobody", zhangPW); r.status != http.StatusUnauthorized || !strings.Contains(r.body, "用户名或密码不正确") {
			t.Fatalf("unknown user: %d", r.status)
		}
		for i := 2; i < store.MaxFailedSignIns; i++ {
			if r := e.signIn(c, "zhang", "not-the-password"); r.status != http.StatusUnauthorized {
				t.Fatalf("wrong password %d: %d", i, r.status)
			}
		}
		if r := e.signIn(c, "zhang", "not-the-password"); r.status != http.StatusLocked || !strings.Contains(r.body, "账号已锁定") {
			t.Fatalf("wrong password %d: %d\n%s", store.MaxFailedSignIns, r.status, r.body)
		}
		// Locked: the right password, from another browser, is refused.
		if r := e.signIn(e.browser(), "zhang", zhangPW); r.status != http.StatusLocked || r.cookie[auth.SessionCookie] != nil {
			t.Fatalf("right password while locked: %d", r.status)
		}
		// Another account is not affected.
		if r := e.signIn(e.browser(), "li", zhangPW); r.status != http.StatusSeeOther {
			t.Fatalf("li while zhang is locked: %d", r.status)
		}
		e.clock.add(store.LockoutDuration - time.Minute)
		if r := e.signIn(c, "zhang", zhangPW); r.status != http.StatusLocked {
			t.Fatalf("a minute before the lockout ends: %d", r.status)
		}
		e.clock.add(time.Minute + time.Second)
		if r := e.signIn(c, "zhang", zhangPW); r.status != http.StatusSeeOther {
			t.Fatalf("after the lockout: %d\n%s", r.status, r.body)
		}
	})
}

func TestSignInRateLimit(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dsn string) {
		e := newEnv(t, dsn, setup{opts: auth.Options{SignInBurst: 3, SignInEvery: 10 * time.Second}})
		c := e.browser()
		for i := 0; i < 3; i++ {
			if r := e.signIn(c, "nobody", "x-password"); r.status != http.StatusUnauthorized {
				t.Fatalf("attempt %d: %d", i+1, r.status)
			}
		}
		r := e.signIn(c, "zhang", zhangPW)
		if r.status != http.StatusTooManyRequests || r.h.Get("Retry-After") == "" || !strings.Contains(r.body, "登录尝试过于频繁") || r.cookie[auth.SessionCookie] != nil {
			t.Fatalf("fourth attempt at once: %d %v", r.status, r.h)
		}
		// The limited attempt did not reach the account: no failure
		// counted, no audit entry.
		if a, _ := e.s.UserByName(context.Background(), "zhang"); a.FailedAttempts != 0 {
			t.Errorf("a rate-limited attempt counted: %d", a.FailedAttempts)
		}
		e.clock.add(10 * time.Second)
		if r := e.signIn(c, "zhang", zhangPW); r.status != http.StatusSeeOther {
			t.Fatalf("after 10 s: %d", r.status)
		}
	})
}

// A session id the browser had before signing in (planted by an
// attacker: their own valid session, or any value) is never the one after,
// and stops being valid.
func TestSessionFixation(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dsn string) {
		e := newEnv(t, dsn, setup{})
		attacker := e.browser()
		if r := e.signIn(attacker, "mallory", malloryPW); r.status != http.StatusSeeOther {
			t.Fatal(r.status)
		}
		planted := e.cookie(attacker, auth.SessionCookie)
		for _, value := range []string{planted, "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"} {
			victim := e.browser()
			u, _ := url.Parse(e.srv.URL)
			victim.Jar.SetCookies(u, []*http.Cookie{{Name: auth.SessionCookie, Value: value, Path: "/"}})
			r := e.signIn(victim, "zhang", zhangPW)
			if r.status != http.StatusSeeOther {
				t.Fatalf("sign in with a planted session: %d\n%s", r.status, r.body)
			}
			after := e.cookie(victim, auth.SessionCookie)
			if after == "" || after == value {
				t.Fatalf("session after sign-in %q, planted %q", after, value)
			}
			if r := e.get(victim, "/desk/"); !strings.Contains(r.body, "zhang，您好") {
				t.Errorf("the victim's new session is not zhang's: %d", r.status)
			}
		}
		// The attacker's session was ended by the victim's sign-in: it
		// gives neither mallory's nor zhang's pages.
		if r := e.get(attacker, "/desk/account"); r.status != http.StatusSeeOther {
			t.Errorf("the planted session still works: %d\n%s", r.status, r.body)
		}
	})
}

// Cookies are Secure over TLS (and behind a trusted proxy that says the
// browser came over https), never otherwise.
func TestCookiesOverTLS(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dsn string) {
		e := newEnv(t, dsn, setup{tls: true})
		c := e.browser()
		if ck := e.get(c, "/desk/login").cookie[auth.PreCookie]; ck == nil || !ck.Secure || !ck.HttpOnly || ck.SameSite != http.SameSiteStrictMode {
			t.Errorf("pre-session cookie over TLS: %+v", ck)
		}
		r := e.signIn(c, "zhang", zhangPW)
		sc := r.cookie[auth.SessionCookie]
		if r.status != http.StatusSeeOther || sc == nil || !sc.Secure || !sc.HttpOnly || sc.SameSite != http.SameSiteStrictMode {
			t.Fatalf("session cookie over TLS: %d %+v", r.status, sc)
		}
		if !strings.Contains(r.h.Get("Set-Cookie"), "; Secure") {
			t.Errorf("Set-Cookie %q", r.h.Get("Set-Cookie"))
		}
		for _, trust := range []bool{true, false} {
			p := newEnv(t, dsn, setup{opts: auth.Options{TrustProxy: trust}})
			req, _ := http.NewRequest("GET", p.srv.URL+"/desk/login", nil)
			req.Header.Set("X-Forwarded-Proto", "https")
			ck := p.do(p.browser(), req).cookie[auth.PreCookie]
			if ck == nil || ck.Secure != trust {
				t.Errorf("X-Forwarded-Proto: https with TrustProxy %v: cookie %+v", trust, ck)
			}
		}
	})
}

func TestCSRF(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dsn string) {
		e := newEnv(t, dsn, setup{})
		c := e.browser()
		// The sign-in form itself: without a token, with a wrong one, with
		// none of the pre-session cookie.
		for name, form := range map[string]url.Values{
			"missing": {"name": {"zhang"}, "password": {zhangPW}},
			"wrong":   {"name": {"zhang"}, "password": {zhangPW}, "csrf_token": {"AAAA"}},
		} {
			e.get(c, "/desk/login")
			if r := e.post(c, "/desk/login", form); r.status != http.StatusForbidden || r.cookie[auth.SessionCookie] != nil {
				t.Errorf("sign in with a %s token: %d", name, r.status)
			}
		}
		tok := e.csrf(c, "/desk/login")
		if r := e.post(e.browser(), "/desk/login", url.Values{"name": {"zhang"}, "password": {zhangPW}, "csrf_token": {tok}}); r.status != http.StatusForbidden {
			t.Errorf("another browser's token: %d", r.status)
		}
		if r := e.signIn(c, "zhang", zhangPW); r.status != http.StatusSeeOther {
			t.Fatal(r.status)
		}
		good := e.csrf(c, "/desk/account")
		if good == tok {
			t.Error("the CSRF token did not change with the session")
		}
		other := e.browser()
		e.signIn(other, "li", zhangPW)
		othersToken := e.csrf(other, "/desk/account")
		for name, v := range map[string]url.Values{"missing": {}, "wrong": {"csrf_token": {good[:len(good)-1] + "x"}}, "pre-session": {"csrf_token": {tok}}, "another session's": {"csrf_token": {othersToken}}} {
			if r := e.post(c, "/desk/logout", v); r.status != http.StatusForbidden || !strings.Contains(r.body, "CSRF") {
				t.Errorf("sign out with a %s token: %d", name, r.status)
			}
		}
		if r := e.get(c, "/desk/account"); r.status != 200 {
			t.Fatalf("still signed in after refused sign-outs: %d", r.status)
		}
		// The header works as well as the field.
		req, _ := http.NewRequest("POST", e.srv.URL+"/desk/test/upload", nil)
		req.Header.Set(auth.CSRFHeader, "wrong")
		if r := e.do(c, req); r.status != http.StatusForbidden {
			t.Errorf("wrong header token: %d", r.status)
		}
		// A multipart upload carries the token as its first field; the
		// handler still reads the whole body.
		content := strings.Repeat("预算", 20000) // larger than what is peeked
		upload := func(token string, first bool) resp {
			var b bytes.Buffer
			mw := multipart.NewWriter(&b)
			if first && token != "" {
				mw.WriteField("csrf_token", token)
			}
			fw, _ := mw.CreateFormFile("file", "a.txt")
			fw.Write([]byte(content))
			if !first {
				mw.WriteField("csrf_token", token)
			}
			mw.Close()
			req, _ := http.NewRequest("POST", e.srv.URL+"/desk/test/upload", &b)
			req.Header.Set("Content-Type", mw.FormDataContentType())
			return e.do(c, req)
		}
		if r := upload(good, true); r.status != 200 || r.body != content {
			t.Errorf("multipart with the token first: %d, %d bytes back of %d", r.status, len(r.body), len(content))
		}
		for name, r := range map[string]resp{"missing": upload("", true), "wrong": upload(othersToken, true), "last": upload(good, false)} {
			if r.status != http.StatusForbidden {
				t.Errorf("multipart with the token %s: %d", name, r.status)
			}
		}
		// A bearer token needs no CSRF token: no cookie is involved.
		req, _ = http.NewRequest("POST", e.srv.URL+"/desk/logout", nil)
		req.Header.Set("Authorization", "Bearer "+e.token)
		if r := e.do(&http.Client{CheckRedirect: c.CheckRedirect}, req); r.status != http.StatusSeeOther {
			t.Errorf("bearer POST without CSRF token: %d %s", r.status, r.body)
		}
		if r := e.post(c, "/desk/logout", url.Values{"csrf_token": {good}}); r.status != http.StatusSeeOther {
			t.Errorf("sign out with the right token: %d", r.status)
		}
	})
}

func TestBearerTokens(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dsn string) {
		e := newEnv(t, dsn, setup{})
		api := &http.Client{}
		call := func(auth string) resp {
			req, _ := http.NewRequest("GET", e.srv.URL+"/desk/test/finance", nil)
			req.Header.Set("Accept", "application/json")
			if auth != "" {
				req.Header.Set("Authorization", auth)
			}
			return e.do(api, req)
		}
		// zhang is a preparer: signed in by the token, refused by role.
		if r := call("Bearer " + e.token); r.status != http.StatusForbidden || !strings.Contains(r.body, "财政审核人") {
			t.Errorf("preparer's token on a finance page: %d %s", r.status, r.body)
		}
		lt, _, err := e.s.CreateToken(context.Background(), "li", "", store.Actor{Name: "t", Remote: "cli"})
		if err != nil {
			t.Fatal(err)
		}
		if r := call("Bearer " + lt); r.status != 200 || r.body != "finance page of li" {
			t.Errorf("finance token: %d %s", r.status, r.body)
		}
		for _, bad := range []string{"Bearer", "Basic emhhbmc6eA==", "Bearer " + e.token + "x", "Bearer yusuan_nope"} {
			if r := call(bad); r.status != http.StatusUnauthorized || r.h.Get("WWW-Authenticate") == "" {
				t.Errorf("Authorization %q: %d", bad, r.status)
			}
		}
		ts, _ := e.s.Tokens(context.Background(), "li")
		if _, err := e.s.RevokeToken(context.Background(), ts[0].ID, store.Actor{Name: "t", Remote: "cli"}); err != nil {
			t.Fatal(err)
		}
		if r := call("Bearer " + lt); r.status != http.StatusUnauthorized {
			t.Errorf("revoked token: %d", r.status)
		}
	})
}

func TestDisabledAndIdle(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dsn string) {
		e := newEnv(t, dsn, setup{})
		c := e.browser()
		if r := e.signIn(c, "zhang", zhangPW); r.status != http.StatusSeeOther {
			t.Fatal(r.status)
		}
		if err := e.s.SetDisabled(context.Background(), "zhang", true, store.Actor{Name: "admin", Remote: "cli"}); err != nil {
			t.Fatal(err)
		}
		if r := e.get(c, "/desk/account"); r.status != http.StatusSeeOther {
			t.Errorf("a disabled user's session still works: %d", r.status)
		}
		if r := e.signIn(c, "zhang", zhangPW); r.status != http.StatusForbidden || !strings.Contains(r.body, "账号已停用") || r.cookie[auth.SessionCookie] != nil {
			t.Errorf("a disabled user signs in: %d", r.status)
		}
		// A session unused for longer than the idle timeout ends.
		c = e.browser()
		if r := e.signIn(c, "li", zhangPW); r.status != http.StatusSeeOther {
			t.Fatal(r.status)
		}
		e.clock.add(90 * time.Minute)
		if r := e.get(c, "/desk/test/finance"); r.status != 200 {
			t.Fatalf("after 90 minutes: %d", r.status)
		}
		e.clock.add(2*time.Hour + time.Minute)
		if r := e.get(c, "/desk/test/finance"); r.status != http.StatusSeeOther {
			t.Errorf("after more than 2 idle hours: %d", r.status)
		}
	})
}

// Neither the log nor the audit trail ever holds a password or a token,
// whatever happens: good and bad sign-ins, a password typed as the name,
// bearer calls, sign-out.
func TestSecretsNeverLogged(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dsn string) {
		e := newEnv(t, dsn, setup{})
		c := e.browser()
		e.signIn(c, "zhang", "wrong-"+zhangPW)
		e.signIn(c, zhangPW, zhangPW) // the password typed into the name field
		e.signIn(c, "zhang", zhangPW)
		session := e.cookie(c, auth.SessionCookie)
		req, _ := http.NewRequest("GET", e.srv.URL+"/desk/account", nil)
		req.Header.Set("Authorization", "Bearer "+e.token)
		e.do(&http.Client{}, req)
		req, _ = http.NewRequest("GET", e.srv.URL+"/desk/account", nil)
		req.Header.Set("Authorization", "Bearer "+e.token+"x")
		e.do(&http.Client{}, req)
		e.post(c, "/desk/logout", url.Values{"csrf_token": {"bad"}})
		e.post(c, "/desk/logout", url.Values{"csrf_token": {e.csrf(c, "/desk/account")}})

		var trail strings.Builder
		actions := map[string]int{}
		if err := e.s.AuditEntries(context.Background(), func(a store.AuditEntry) error {
			fmt.Fprintf(&trail, "%+v\n", a)
			actions[a.Action]++
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		logs := e.logs.String()
		if !strings.Contains(logs, `"msg":"signin"`) || !strings.Contains(logs, `"msg":"signin refused"`) || !strings.Contains(logs, `"msg":"csrf refused"`) {
			t.Errorf("the log lacks sign-in events:\n%s", logs)
		}
		if actions["signin"] != 1 || actions["signin_failed"] != 2 || actions["signout"] != 1 {
			t.Errorf("audit actions %v", actions)
		}
		for what, secret := range map[string]string{"password": zhangPW, "session": session, "token": e.token, "token body": strings.TrimPrefix(e.token, store.TokenPrefix)} {
			if strings.Contains(logs, secret) {
				t.Errorf("the log holds the %s:\n%s", what, logs)
			}
			if strings.Contains(trail.String(), secret) {
				t.Errorf("the audit trail holds the %s:\n%s", what, trail.String())
			}
		}
	})
}

func TestChangePassword(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dsn string) {
		e := newEnv(t, dsn, setup{})
		c, other := e.browser(), e.browser()
		e.signIn(c, "zhang", zhangPW)
		e.signIn(other, "zhang", zhangPW)
		const newPW = "brand-New-pw-42"
		change := func(cur, next, again string, withToken bool) resp {
			v := url.Values{"current": {cur}, "new": {next}, "again": {again}}
			if withToken {
				v.Set("csrf_token", e.csrf(c, "/desk/account"))
			}
			return e.post(c, "/desk/account/password", v)
		}
		if r := change(zhangPW, newPW, newPW, false); r.status != http.StatusForbidden {
			t.Errorf("without a CSRF token: %d", r.status)
		}
		if r := change(zhangPW, newPW, newPW+"x", true); r.status != http.StatusBadRequest || !strings.Contains(r.body, "两次输入的新密码不一致") {
			t.Errorf("new passwords that differ: %d", r.status)
		}
		if r := change("wrong-current", newPW, newPW, true); r.status != http.StatusUnauthorized || !strings.Contains(r.body, "当前密码不正确") {
			t.Errorf("a wrong current password: %d", r.status)
		}
		if r := change(zhangPW, "short", "short", true); r.status != http.StatusBadRequest || !strings.Contains(r.body, "密码太短") {
			t.Errorf("a short new password: %d\n%s", r.status, r.body)
		}
		if r := change(zhangPW, newPW, newPW, true); r.status != 200 || !strings.Contains(r.body, "密码已修改") {
			t.Fatalf("change: %d\n%s", r.status, r.body)
		}
		if r := e.get(c, "/desk/account"); r.status != 200 {
			t.Errorf("the session that changed the password ended: %d", r.status)
		}
		if r := e.get(other, "/desk/account"); r.status != http.StatusSeeOther {
			t.Errorf("another session outlives the change: %d", r.status)
		}
		if r := e.signIn(e.browser(), "zhang", zhangPW); r.status != http.StatusUnauthorized {
			t.Errorf("the old password: %d", r.status)
		}
		if r := e.signIn(e.browser(), "zhang", newPW); r.status != http.StatusSeeOther {
			t.Errorf("the new password: %d", r.status)
		}
		var trail strings.Builder
		e.s.AuditEntries(context.Background(), func(a store.AuditEntry) error { fmt.Fprintf(&trail, "%+v\n", a); return nil })
		for _, secret := range []string{zhangPW, newPW, "wrong-current"} {
			if strings.Contains(e.logs.String(), secret) || strings.Contains(trail.String(), secret) {
				t.Errorf("a password (%s) is in the log or the audit trail", secret)
			}
		}
	})
}

// The account page lists the user's sessions and ends the others.
func TestSignOutElsewhere(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dsn string) {
		e := newEnv(t, dsn, setup{})
		c, other, third := e.browser(), e.browser(), e.browser()
		e.signIn(c, "zhang", zhangPW)
		e.signIn(other, "zhang", zhangPW)
		e.signIn(third, "li", zhangPW)
		page := e.get(c, "/desk/account")
		if n := strings.Count(page.body, "<td>127.0.0.1</td>"); n != 2 || strings.Count(page.body, "当前会话") != 1 || !strings.Contains(page.body, "退出其他设备") {
			t.Fatalf("account page lists %d sessions:\n%s", n, page.body)
		}
		if r := e.post(c, "/desk/account/sessions", url.Values{}); r.status != http.StatusForbidden {
			t.Errorf("without a CSRF token: %d", r.status)
		}
		r := e.post(c, "/desk/account/sessions", url.Values{"csrf_token": {e.csrf(c, "/desk/account")}})
		if r.status != 200 || !strings.Contains(r.body, "已退出其他设备上的 1 个会话") || strings.Count(r.body, "<td>127.0.0.1</td>") != 1 {
			t.Fatalf("sign out elsewhere: %d\n%s", r.status, r.body)
		}
		if r := e.get(other, "/desk/account"); r.status != http.StatusSeeOther {
			t.Errorf("the other session survived: %d", r.status)
		}
		if r := e.get(third, "/desk/account"); r.status != 200 {
			t.Errorf("another user's session ended: %d", r.status)
		}
		if r := e.get(c, "/desk/account"); r.status != 200 {
			t.Errorf("this session ended: %d", r.status)
		}
	})
}
