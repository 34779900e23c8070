// Package desk is the workflow's web pages under /desk/, in Chinese:
// sign-in and sign-out, the account page and the desk's home, and the
// routes other parts of the workflow add with Register (drafts, review,
// the dashboard). Pages are rendered on the server from embedded
// templates; the one stylesheet is embedded and served under a hashed,
// immutable URL; the Content-Security-Policy allows this origin only, as
// the portal's. Every form carries the CSRF token of auth.CSRFInput, as
// the first field; the auth middleware, which must wrap the desk, checks
// it on every state-changing request.
package desk

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"errors"
	"html/template"
	"log/slog"
	"net/http"
	"net/url"
	"path"
	"strconv"
	"strings"
	"time"

	"github.com/yusuan/yusuan"
	"github.com/yusuan/yusuan/auth"
	"github.com/yusuan/yusuan/store"
	"github.com/yusuan/yusuan/workflow"
)

//go:embed templates/*.tmpl
var templateFS embed.FS

//go:embed assets/desk.css
var assetFS embed.FS

// Prefix is where the desk is served.
const Prefix = "/desk/"

// NavItem is a link of the desk's navigation, shown to the roles listed
// (to every signed-in user when none).
type NavItem struct {
	Title string
	Path  string
	Roles []yusuan.Role
}

// Desk is the handler of /desk/.
type Desk struct {
	Store *store.DB
	Auth  *auth.Auth
	Log   *slog.Logger
	// Workflow serves the drafts pages (drafts.go); the server sets it
	// after New, and the pages answer 404 while it is nil.
	Workflow *workflow.Service

	mux    *http.ServeMux
	tmpl   *template.Template
	funcs  template.FuncMap
	assets map[string]asset
	urls   map[string]string
	nav    []NavItem
	// patterns are the routes Handle added.
	patterns []string
}

type asset struct {
	contentType string
	data        []byte
}

// parts are the routes other files of the package add: each calls
// Register from its init, so a part of the desk is added without touching
// this file.
var parts []func(d *Desk) error

// Register adds a part of the desk: f is called by New to add its routes
// (d.Handle), its links (d.AddNav) and its template functions (d.Funcs,
// before the templates are parsed: templates/*.tmpl are parsed after
// every part is registered).
func Register(f func(d *Desk) error) { parts = append(parts, f) }

// New makes the desk over the store s and the authentication a.
func New(s *store.DB, a *auth.Auth, log *slog.Logger) (*Desk, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	d := &Desk{Store: s, Auth: a, Log: log, mux: http.NewServeMux(), assets: map[string]asset{}, urls: map[string]string{}}
	css, _ := assetFS.ReadFile("assets/desk.css")
	d.addAsset("desk.css", "text/css; charset=utf-8", css)
	d.funcs = template.FuncMap{
		"asset": func(name string) string { return d.urls[name] },
		"time":  formatTime,
	}
	d.Handle("GET /desk/assets/", http.HandlerFunc(d.serveAsset))
	d.Handle("GET /desk/{$}", auth.RequireUser(http.HandlerFunc(d.home)))
	d.Handle("GET /desk/login", http.HandlerFunc(d.loginPage))
	d.Handle("POST /desk/login", http.HandlerFunc(d.login))
	d.Handle("POST /desk/logout", http.HandlerFunc(d.logout))
	d.Handle("GET /desk/account", auth.RequireUser(http.HandlerFunc(d.account)))
	d.Handle("/desk/", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		d.Error(w, r, http.StatusNotFound, "没有这个页面")
	}))
	for _, f := range parts {
		if err := f(d); err != nil {
			return nil, err
		}
	}
	t, err := template.New("").Funcs(d.funcs).ParseFS(templateFS, "templates/*.tmpl")
	if err != nil {
		return nil, err
	}
	d.tmpl = t
	return d, nil
}

func (d *Desk) addAsset(name, contentType string, data []byte) {
	sum := sha256.Sum256(data)
	p := Prefix + "assets/" + hex.EncodeToString(sum[:6]) + "-" + name
	d.assets[p] = asset{contentType, data}
	d.urls[name] = p
}

func (d *Desk) serveAsset(w http.ResponseWriter, r *http.Request) {
	a, ok := d.assets[r.URL.Path]
	if !ok {
		d.Error(w, r, http.StatusNotFound, "没有这个文件")
		return
	}
	w.Header().Set("Content-Type", a.contentType)
	w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Write(a.data)
}

// Handle adds a route; pattern is a net/http pattern under /desk/
// ("GET /desk/drafts/{id}").
func (d *Desk) Handle(pattern string, h http.Handler) {
	d.patterns = append(d.patterns, pattern)
	d.mux.Handle(pattern, h)
}

// Routes lists the routes of the desk, for the tests that walk every
// route.
func (d *Desk) Routes() []string { return append([]string(nil), d.patterns...) }

// AddNav adds a link to the navigation.
func (d *Desk) AddNav(item NavItem) { d.nav = append(d.nav, item) }

// Funcs adds template functions; call it from a part's Register function.
func (d *Desk) Funcs(m template.FuncMap) {
	for k, v := range m {
		d.funcs[k] = v
	}
}

// ServeHTTP serves the desk; wrap it in the auth middleware.
func (d *Desk) ServeHTTP(w http.ResponseWriter, r *http.Request) { d.mux.ServeHTTP(w, r) }

// navFor is the navigation a user sees.
func (d *Desk) navFor(u *yusuan.User) []NavItem {
	if u == nil {
		return nil
	}
	var out []NavItem
	for _, n := range d.nav {
		ok := len(n.Roles) == 0
		for _, r := range n.Roles {
			ok = ok || r == u.Role
		}
		if ok {
			out = append(out, n)
		}
	}
	return out
}

// Render writes the page of template name with data, which also gets
// User (the signed-in user or nil), CSRF (the token), CSRFInput (the
// hidden field to put first in every form) and Nav.
func (d *Desk) Render(w http.ResponseWriter, r *http.Request, status int, name string, data map[string]any) {
	if data == nil {
		data = map[string]any{}
	}
	u := yusuan.UserFrom(r.Context())
	data["User"] = u
	data["CSRF"] = auth.CSRFToken(r)
	data["CSRFInput"] = auth.CSRFInput(r)
	data["Nav"] = d.navFor(u)
	var b bytes.Buffer
	if err := d.tmpl.ExecuteTemplate(&b, name, data); err != nil {
		d.Log.Error("render", "template", name, "error", err.Error())
		status, b = http.StatusInternalServerError, *bytes.NewBufferString("内部错误")
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Content-Security-Policy", auth.CSP)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "same-origin")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Cache-Control", "no-store") // pages of a signed-in user
	w.WriteHeader(status)
	w.Write(b.Bytes())
}

// Error writes an error page.
func (d *Desk) Error(w http.ResponseWriter, r *http.Request, status int, msg string) {
	d.Render(w, r, status, "error.tmpl", map[string]any{"Title": "出错了", "Status": status, "Message": msg})
}

func (d *Desk) home(w http.ResponseWriter, r *http.Request) {
	d.Render(w, r, http.StatusOK, "home.tmpl", map[string]any{"Title": "工作台"})
}

// safeNext is where to go after signing in: a page of the desk, never
// another site.
func safeNext(next string) string {
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || !strings.HasPrefix(next, Prefix) || strings.ContainsAny(next, "\\\r\n\t") {
		return Prefix
	}
	// http.Redirect cleans the path: /desk/../x would leave the desk.
	if c := path.Clean(u.Path); c+"/" != Prefix && !strings.HasPrefix(c, Prefix) {
		return Prefix
	}
	return next
}

func (d *Desk) loginPage(w http.ResponseWriter, r *http.Request) {
	// Shown to a signed-in browser too: signing in again, maybe as
	// someone else, replaces its session.
	next := safeNext(r.URL.Query().Get("next"))
	d.renderLogin(w, r, http.StatusOK, "", "", next)
}

func (d *Desk) renderLogin(w http.ResponseWriter, r *http.Request, status int, msg, name, next string) {
	d.Render(w, r, status, "login.tmpl", map[string]any{
		"Title": "登录", "Error": msg, "Name": name, "Next": next,
		"MaxFailures": store.MaxFailedSignIns, "LockMinutes": int(store.LockoutDuration / time.Minute),
	})
}

func (d *Desk) login(w http.ResponseWriter, r *http.Request) {
	// The middleware has parsed the form to check its CSRF token.
	name, pw, next := strings.TrimSpace(r.PostFormValue("name")), r.PostFormValue("password"), safeNext(r.PostFormValue("next"))
	_, err := d.Auth.SignIn(w, r, name, pw)
	if err == nil {
		http.Redirect(w, r, next, http.StatusSeeOther)
		return
	}
	var rl *auth.RateLimitError
	var se *store.SignInError
	status := http.StatusServiceUnavailable
	msg := "数据库暂时不可用，请稍后再试"
	switch {
	case errors.As(err, &rl):
		w.Header().Set("Retry-After", strconv.Itoa(int(rl.RetryAfter/time.Second)+1))
		status, msg = http.StatusTooManyRequests, rl.Error()
	case errors.As(err, &se):
		msg = se.Error()
		switch se.Reason {
		case "locked":
			status = http.StatusLocked
		case "disabled":
			status = http.StatusForbidden
		default:
			status = http.StatusUnauthorized
		}
	default:
		d.Log.Error("signin", "error", err.Error())
	}
	d.renderLogin(w, r, status, msg, name, next)
}

func (d *Desk) logout(w http.ResponseWriter, r *http.Request) {
	if err := d.Auth.SignOut(w, r); err != nil {
		d.Log.Error("signout", "error", err.Error())
		d.Error(w, r, http.StatusServiceUnavailable, "数据库暂时不可用，请稍后再试")
		return
	}
	http.Redirect(w, r, "/desk/login", http.StatusSeeOther)
}

type sessionRow struct {
	Created, LastSeen, Remote string
	Current                   bool
}

type tokenRow struct {
	ID                             int64
	Name, Created, LastUsed, State string
}

func (d *Desk) account(w http.ResponseWriter, r *http.Request) {
	d.accountPage(w, r, http.StatusOK, nil)
}

// accountPage shows the account of the signed-in user with its API
// tokens, and the outcome of a password change in data.
func (d *Desk) accountPage(w http.ResponseWriter, r *http.Request, status int, data map[string]any) {
	u := yusuan.UserFrom(r.Context())
	ts, err := d.Store.Tokens(r.Context(), u.Name)
	if err != nil {
		d.Log.Error("tokens", "error", err.Error())
		d.Error(w, r, http.StatusServiceUnavailable, "数据库暂时不可用，请稍后再试")
		return
	}
	var rows []tokenRow
	for _, t := range ts {
		state := "有效"
		if !t.RevokedAt.IsZero() {
			state = "已撤销（" + formatTime(t.RevokedAt) + "）"
		}
		rows = append(rows, tokenRow{ID: t.ID, Name: t.Name, Created: formatTime(t.CreatedAt), LastUsed: formatTime(t.LastUsed), State: state})
	}
	ss, err := d.Auth.Sessions(r)
	if err != nil {
		d.Log.Error("sessions", "error", err.Error())
		d.Error(w, r, http.StatusServiceUnavailable, "数据库暂时不可用，请稍后再试")
		return
	}
	var sessions []sessionRow
	for _, s := range ss {
		sessions = append(sessions, sessionRow{Created: formatTime(s.CreatedAt), LastSeen: formatTime(s.LastSeen), Remote: s.Remote, Current: s.Current})
	}
	if data == nil {
		data = map[string]any{}
	}
	data["Title"], data["Created"], data["Tokens"], data["Sessions"] = "我的账号", formatTime(u.CreatedAt), rows, sessions
	data["MinPassword"] = store.MinPasswordLen
	d.Render(w, r, status, "account.tmpl", data)
}

var beijing = time.FixedZone("CST", 8*3600)

// formatTime is a time as the pages show it: Beijing time, to the minute.
func formatTime(t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	return t.In(beijing).Format("2006-01-02 15:04")
}
