// Package auth signs users in and tells handlers who is asking. Its
// middleware resolves the principal of a request, from a session cookie
// (a browser signed in at /desk/login) or an "Authorization: Bearer"
// API token (a script), and puts it in the request's context with
// yusuan.WithUser; handlers read it with yusuan.UserFrom and guard
// themselves with RequireUser and RequireRole.
//
// Cookies are HttpOnly, SameSite=Strict, and Secure when the request came
// over TLS (or, behind a trusted reverse proxy, when it says so). Every
// state-changing request that is not authenticated by a bearer token must
// carry a CSRF token (CSRFToken, checked by the middleware with
// CheckCSRF): the HMAC of the session token, or before sign-in of a
// random pre-session cookie, sent back in the form field csrf_token or
// the header X-CSRF-Token. A missing or wrong token is refused with 403.
//
// Sign-in is rate limited per remote address (a token bucket in the
// memory of each instance), and an account is locked after
// store.MaxFailedSignIns wrong passwords (in the database, so across
// instances). A sign-in always starts a new session and ends any the
// browser had: a session id planted before sign-in is never the one
// after.
package auth

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"log/slog"
	"math"
	"mime"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/yusuan/yusuan"
	"github.com/yusuan/yusuan/store"
)

// MaxFormBytes bounds a url-encoded form's body (an explanation or a
// comment of workflow.MaxTextRunes characters is about 40 KB encoded).
const MaxFormBytes = 1 << 20

// Cookie names.
const (
	SessionCookie = "yusuan_session"
	// PreCookie holds a random value the CSRF token of a browser not
	// signed in (the sign-in form) is bound to.
	PreCookie = "yusuan_pre"
)

// CSRFField is the form field, CSRFHeader the header, of a CSRF token.
const (
	CSRFField  = "csrf_token"
	CSRFHeader = "X-CSRF-Token"
)

// Options configure Auth; zero values take the defaults.
type Options struct {
	// SessionTTL is how long a session lasts after sign-in (12 hours).
	SessionTTL time.Duration
	// IdleTimeout ends a session not used for this long (2 hours).
	IdleTimeout time.Duration
	// TrustProxy believes X-Forwarded-Proto (https means the browser
	// came over TLS) and the last address of X-Forwarded-For (the remote
	// address). Set it only behind a reverse proxy that sets both.
	TrustProxy bool
	// SignInBurst sign-ins may come from one address at once (10), then
	// one every SignInEvery (6 seconds).
	SignInBurst int
	SignInEvery time.Duration
	// FormPrefix is where the pages with forms are (/desk/): an anonymous
	// browser there gets a pre-session cookie for its CSRF token.
	FormPrefix string
	// Logger receives sign-ins and refusals (never a password or token).
	Logger *slog.Logger
	// Now is the clock (time.Now), for tests.
	Now func() time.Time
}

// Auth is the authentication of one server.
type Auth struct {
	s       *store.DB
	o       Options
	limiter *limiter
}

// New makes the authentication over the accounts of s.
func New(s *store.DB, o Options) *Auth {
	if o.SessionTTL <= 0 {
		o.SessionTTL = 12 * time.Hour
	}
	if o.IdleTimeout <= 0 {
		o.IdleTimeout = 2 * time.Hour
	}
	if o.SignInBurst <= 0 {
		o.SignInBurst = 10
	}
	if o.SignInEvery <= 0 {
		o.SignInEvery = 6 * time.Second
	}
	if o.FormPrefix == "" {
		o.FormPrefix = "/desk/"
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	return &Auth{s: s, o: o, limiter: newLimiter(o.SignInBurst, o.SignInEvery)}
}

// state is what the middleware learnt of a request.
type state struct {
	remote  string
	secure  bool
	bearer  bool   // authenticated by an API token
	session string // the valid session token of the cookie
	pre     string // the pre-session value
	planted string // a session cookie's value, valid or not (ended at sign-in)
}

type stateKey struct{}

func stateOf(r *http.Request) *state {
	st, _ := r.Context().Value(stateKey{}).(*state)
	return st
}

// Remote is the address a request came from (without port), as the
// middleware determined it; "" outside the middleware.
func Remote(r *http.Request) string {
	if st := stateOf(r); st != nil {
		return st.remote
	}
	return ""
}

func (a *Auth) remote(r *http.Request) string {
	if a.o.TrustProxy {
		if xff := r.Header.Values("X-Forwarded-For"); len(xff) > 0 {
			parts := strings.Split(xff[len(xff)-1], ",")
			if ip := strings.TrimSpace(parts[len(parts)-1]); net.ParseIP(ip) != nil {
				return ip
			}
		}
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

func (a *Auth) secure(r *http.Request) bool {
	return r.TLS != nil || a.o.TrustProxy && strings.EqualFold(r.Header.Get("X-Forwarded-Proto"), "https")
}

func unsafeMethod(m string) bool {
	return m != http.MethodGet && m != http.MethodHead && m != http.MethodOptions
}

// Middleware resolves the principal of every request, and refuses a
// state-changing request without a good CSRF token (403), an invalid
// bearer token (401), and answers 503 when the database is unavailable.
// Requests under /api/ without any cookie or Authorization header are
// anonymous and need no CSRF token: no credential rides on them.
func (a *Auth) Middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		now := a.o.Now()
		st := &state{remote: a.remote(r), secure: a.secure(r)}
		if h := r.Header.Get("Authorization"); h != "" {
			scheme, tok, _ := strings.Cut(h, " ")
			if !strings.EqualFold(scheme, "Bearer") || strings.TrimSpace(tok) == "" {
				w.Header().Set("WWW-Authenticate", `Bearer realm="yusuan"`)
				Deny(w, r, http.StatusUnauthorized, "Authorization 头应为 Bearer 令牌（由 yusuan token create 生成）")
				return
			}
			u, err := a.s.TokenUser(ctx, strings.TrimSpace(tok), now)
			switch {
			case errors.Is(err, yusuan.ErrNotFound):
				w.Header().Set("WWW-Authenticate", `Bearer realm="yusuan", error="invalid_token"`)
				a.o.Logger.Warn("bearer token refused", "remote", st.remote, "path", r.URL.Path)
				Deny(w, r, http.StatusUnauthorized, "令牌无效、已撤销，或其用户已停用")
				return
			case err != nil:
				a.unavailable(w, r, err)
				return
			}
			st.bearer = true
			ctx = yusuan.WithUser(ctx, u)
		} else {
			if c, err := r.Cookie(SessionCookie); err == nil && c.Value != "" {
				st.planted = c.Value
				ss, err := a.s.Session(ctx, c.Value, now)
				switch {
				case err == nil && now.Sub(ss.LastSeen) > a.o.IdleTimeout:
					if err := a.s.EndSession(ctx, c.Value, st.remote); err != nil {
						a.unavailable(w, r, err)
						return
					}
					a.clearCookie(w, st, SessionCookie)
				case err == nil:
					st.session = c.Value
					u := ss.User
					ctx = yusuan.WithUser(ctx, &u)
				case errors.Is(err, yusuan.ErrNotFound):
					a.clearCookie(w, st, SessionCookie)
				default:
					a.unavailable(w, r, err)
					return
				}
			}
			if c, err := r.Cookie(PreCookie); err == nil && validSecret(c.Value) {
				st.pre = c.Value
			}
			if st.session == "" && st.pre == "" && strings.HasPrefix(r.URL.Path, a.o.FormPrefix) {
				// A browser that may be shown a form: give it the value
				// its CSRF token is bound to.
				st.pre = newSecret()
				a.setCookie(w, st, PreCookie, st.pre, 0)
			}
		}
		r = r.WithContext(context.WithValue(ctx, stateKey{}, st))
		if unsafeMethod(r.Method) && r.Body != nil {
			if ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); ct == "application/x-www-form-urlencoded" {
				// Parsed here, for its CSRF token, before any handler
				// could bound it: net/http alone would read 10 MB.
				r.Body = http.MaxBytesReader(w, r.Body, MaxFormBytes)
				var mbe *http.MaxBytesError
				if err := r.ParseForm(); errors.As(err, &mbe) {
					a.o.Logger.Warn("form too large", "remote", st.remote, "path", r.URL.Path)
					Deny(w, r, http.StatusRequestEntityTooLarge, fmt.Sprintf("表单超过 %d KiB", MaxFormBytes>>10))
					return
				}
			}
		}
		if unsafeMethod(r.Method) && !st.bearer && (st.planted != "" || st.pre != "" || !strings.HasPrefix(r.URL.Path, "/api/")) {
			if err := CheckCSRF(r); err != nil {
				a.o.Logger.Warn("csrf refused", "remote", st.remote, "path", r.URL.Path, "reason", err.Error())
				Deny(w, r, http.StatusForbidden, err.Error())
				return
			}
		}
		next.ServeHTTP(w, r)
	})
}

func (a *Auth) unavailable(w http.ResponseWriter, r *http.Request, err error) {
	a.o.Logger.Error("accounts unavailable", "path", r.URL.Path, "error", err.Error())
	Deny(w, r, http.StatusServiceUnavailable, "数据库暂时不可用，请稍后再试")
}

func (a *Auth) setCookie(w http.ResponseWriter, st *state, name, value string, maxAge time.Duration) {
	c := &http.Cookie{Name: name, Value: value, Path: "/", HttpOnly: true, Secure: st.secure, SameSite: http.SameSiteStrictMode}
	if maxAge > 0 {
		c.MaxAge = int(maxAge / time.Second)
	}
	http.SetCookie(w, c)
}

func (a *Auth) clearCookie(w http.ResponseWriter, st *state, name string) {
	http.SetCookie(w, &http.Cookie{Name: name, Value: "", Path: "/", MaxAge: -1, HttpOnly: true, Secure: st.secure, SameSite: http.SameSiteStrictMode})
}

func newSecret() string {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

// validSecret accepts what newSecret makes, so no cookie value of another
// shape becomes a key.
func validSecret(s string) bool {
	b, err := base64.RawURLEncoding.DecodeString(s)
	return err == nil && len(b) == 32
}

// ErrCSRF is returned by CheckCSRF for a missing or wrong token.
var ErrCSRF = errors.New("表单已失效或来源不明（CSRF 令牌缺失或不符），请刷新页面后重试")

func csrfFor(secret string) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte("yusuan csrf v1"))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

// CSRFToken is the CSRF token to put in the forms of a page answering r
// (a hidden field named CSRFField, placed first in the form), or "" when
// r did not pass through the middleware or carries a bearer token.
func CSRFToken(r *http.Request) string {
	st := stateOf(r)
	switch {
	case st == nil || st.bearer:
		return ""
	case st.session != "":
		return csrfFor(st.session)
	case st.pre != "":
		return csrfFor(st.pre)
	}
	return ""
}

// CSRFField is the hidden form field carrying the CSRF token, for
// templates.
func CSRFInput(r *http.Request) template.HTML {
	return template.HTML(`<input type="hidden" name="` + CSRFField + `" value="` + template.HTMLEscapeString(CSRFToken(r)) + `">`)
}

// CheckCSRF checks the CSRF token of a state-changing request: the
// X-CSRF-Token header, else the csrf_token field of a url-encoded form,
// else the first part of a multipart form (read without taking the body
// from the handler). A request authenticated by a bearer token passes.
// The middleware calls it on every state-changing request.
func CheckCSRF(r *http.Request) error {
	st := stateOf(r)
	if st == nil {
		return errors.New("auth: the request did not pass through the middleware")
	}
	if st.bearer {
		return nil
	}
	secret := st.session
	if secret == "" {
		secret = st.pre
	}
	if secret == "" {
		return ErrCSRF
	}
	got := r.Header.Get(CSRFHeader)
	if got == "" {
		got = formToken(r)
	}
	want := csrfFor(secret)
	if got == "" || subtle.ConstantTimeCompare([]byte(got), []byte(want)) != 1 {
		return ErrCSRF
	}
	return nil
}

// Deny answers an authentication or authorization failure: a small page
// for a browser, the API's JSON error otherwise.
func Deny(w http.ResponseWriter, r *http.Request, status int, msg string) {
	h := w.Header()
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	if wantsHTML(r) {
		h.Set("Content-Type", "text/html; charset=utf-8")
		h.Set("Content-Security-Policy", CSP)
		h.Set("X-Frame-Options", "DENY")
		w.WriteHeader(status)
		fmt.Fprintf(w, "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>%d</title></head><body><h1>%s</h1><p>%s</p><p><a href=\"/desk/login\">登录</a> · <a href=\"/\">返回首页</a></p></body></html>\n",
			status, template.HTMLEscapeString(http.StatusText(status)), template.HTMLEscapeString(msg))
		return
	}
	h.Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(map[string]any{"error": map[string]any{"status": status, "message": msg}})
}

// CSP is the Content-Security-Policy of the pages: this origin only, as
// the portal's.
const CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

// wantsHTML tells a browser's page request from an API call.
func wantsHTML(r *http.Request) bool {
	if strings.HasPrefix(r.URL.Path, "/api/") || r.Header.Get("Authorization") != "" {
		return false
	}
	return strings.Contains(r.Header.Get("Accept"), "text/html") || r.Header.Get("Accept") == "" && r.Method != http.MethodGet
}

// RequireUser lets only a signed-in user through: a browser asking for a
// page is sent to the sign-in page, anything else gets 401.
func RequireUser(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if yusuan.UserFrom(r.Context()) == nil {
			if r.Method == http.MethodGet && wantsHTML(r) {
				http.Redirect(w, r, "/desk/login?next="+urlQueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
				return
			}
			Deny(w, r, http.StatusUnauthorized, "需要登录")
			return
		}
		next.ServeHTTP(w, r)
	})
}

// RequireRole lets through only a signed-in user of one of roles (403 for
// another role; as RequireUser when nobody is signed in).
func RequireRole(roles ...yusuan.Role) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return RequireUser(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			u := yusuan.UserFrom(r.Context())
			for _, role := range roles {
				if u.Role == role {
					next.ServeHTTP(w, r)
					return
				}
			}
			var names []string
			for _, role := range roles {
				names = append(names, role.Title())
			}
			Deny(w, r, http.StatusForbidden, fmt.Sprintf("%s（%s）无权进行此操作：需要%s", u.Name, u.Role.Title(), strings.Join(names, "或")))
		}))
	}
}

// RateLimitError says a sign-in came too soon after too many.
type RateLimitError struct{ RetryAfter time.Duration }

func (e *RateLimitError) Error() string {
	return fmt.Sprintf("登录尝试过于频繁，请 %d 秒后再试", int(math.Ceil(e.RetryAfter.Seconds())))
}

// SignIn checks name and password for the request r and, when they are
// right, starts a new session: the session cookie the browser had, if any,
// is ended and replaced, and the pre-session cookie removed. Errors are
// *RateLimitError, *store.SignInError, or the database's. Only the name
// of a successful sign-in is logged.
func (a *Auth) SignIn(w http.ResponseWriter, r *http.Request, name, password string) (*yusuan.User, error) {
	st := stateOf(r)
	if st == nil {
		return nil, errors.New("auth: the request did not pass through the middleware")
	}
	now := a.o.Now()
	if wait := a.limiter.take(st.remote, now); wait > 0 {
		a.o.Logger.Warn("signin rate limited", "remote", st.remote)
		return nil, &RateLimitError{RetryAfter: wait}
	}
	u, err := a.s.SignIn(r.Context(), store.SignInAttempt{Name: name, Password: password, Remote: st.remote, At: now})
	if err != nil {
		var se *store.SignInError
		if errors.As(err, &se) {
			a.o.Logger.Warn("signin refused", "reason", se.Reason, "remote", st.remote)
		}
		return nil, err
	}
	token, err := a.s.CreateSession(r.Context(), u.ID, st.remote, now, a.o.SessionTTL, st.planted)
	if err != nil {
		return nil, err
	}
	a.setCookie(w, st, SessionCookie, token, a.o.SessionTTL)
	if st.pre != "" {
		a.clearCookie(w, st, PreCookie)
	}
	st.session, st.planted, st.pre = token, token, ""
	a.o.Logger.Info("signin", "user", u.Name, "role", string(u.Role), "remote", st.remote)
	return u, nil
}

// ChangePassword sets a new password for the signed-in user of r, who
// gives the current one: a wrong one counts towards the lockout, as at
// sign-in. The user's other sessions end, this one stays. Errors are
// *RateLimitError, *store.SignInError, a rule the new password breaks,
// or the database's.
func (a *Auth) ChangePassword(r *http.Request, current, next string) error {
	st := stateOf(r)
	u := yusuan.UserFrom(r.Context())
	if st == nil || u == nil || st.session == "" {
		return errors.New("需要登录")
	}
	now := a.o.Now()
	if wait := a.limiter.take(st.remote, now); wait > 0 {
		return &RateLimitError{RetryAfter: wait}
	}
	err := a.s.ChangePassword(r.Context(), store.SignInAttempt{Name: u.Name, Password: current, Remote: st.remote, At: now}, next, st.session)
	if err == nil {
		a.o.Logger.Info("password changed", "user", u.Name, "remote", st.remote)
	}
	return err
}

// Sessions lists the sessions of the signed-in user of r, this one
// marked Current; none for a request without a session (a bearer token).
func (a *Auth) Sessions(r *http.Request) ([]store.Session, error) {
	st, u := stateOf(r), yusuan.UserFrom(r.Context())
	if st == nil || u == nil || st.session == "" {
		return nil, nil
	}
	return a.s.UserSessions(r.Context(), u.ID, st.session, a.o.Now())
}

// SignOutElsewhere ends the other sessions of the signed-in user of r
// and returns how many ended.
func (a *Auth) SignOutElsewhere(r *http.Request) (int64, error) {
	st, u := stateOf(r), yusuan.UserFrom(r.Context())
	if st == nil || u == nil || st.session == "" {
		return 0, errors.New("需要登录")
	}
	n, err := a.s.EndOtherSessions(r.Context(), u.ID, st.session, st.remote)
	if err == nil {
		a.o.Logger.Info("signout elsewhere", "user", u.Name, "sessions", n, "remote", st.remote)
	}
	return n, err
}

// SignOut ends the session of r and removes its cookie.
func (a *Auth) SignOut(w http.ResponseWriter, r *http.Request) error {
	st := stateOf(r)
	if st == nil || st.planted == "" {
		return nil
	}
	if err := a.s.EndSession(r.Context(), st.planted, st.remote); err != nil {
		return err
	}
	a.clearCookie(w, st, SessionCookie)
	if u := yusuan.UserFrom(r.Context()); u != nil {
		a.o.Logger.Info("signout", "user", u.Name, "remote", st.remote)
	}
	st.session, st.planted = "", ""
	return nil
}

// limiter is a token bucket per remote address, in memory: each instance
// of a server limits the attempts it sees.
type limiter struct {
	mu      sync.Mutex
	burst   float64
	every   time.Duration
	buckets map[string]*bucket
	sweep   time.Time
}

type bucket struct {
	tokens float64
	last   time.Time
}

func newLimiter(burst int, every time.Duration) *limiter {
	return &limiter{burst: float64(burst), every: every, buckets: map[string]*bucket{}}
}

// take spends a token of key's bucket and returns 0, or how long until
// one is there.
func (l *limiter) take(key string, now time.Time) time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	if now.Sub(l.sweep) > time.Minute {
		// Forget the addresses whose buckets are full again.
		full := time.Duration(l.burst) * l.every
		for k, b := range l.buckets {
			if now.Sub(b.last) > full {
				delete(l.buckets, k)
			}
		}
		l.sweep = now
	}
	b := l.buckets[key]
	if b == nil {
		b = &bucket{tokens: l.burst, last: now}
		l.buckets[key] = b
	}
	if el := now.Sub(b.last); el > 0 {
		b.tokens = math.Min(l.burst, b.tokens+float64(el)/float64(l.every))
		b.last = now
	}
	if b.tokens >= 1 {
		b.tokens--
		return 0
	}
	return time.Duration((1 - b.tokens) * float64(l.every))
}
