package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"os"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/yusuan/yusuan"
	"github.com/yusuan/yusuan/auth"
	"github.com/yusuan/yusuan/check"
	"github.com/yusuan/yusuan/store"
	"github.com/yusuan/yusuan/store/storetest"
	"github.com/yusuan/yusuan/workflow"
)

// The authorization test walks every route the site registers — the API's
// and the desk's, read from the handlers themselves, so that a new route
// cannot escape it — as every role and as nobody, and checks who gets
// through: another organization's (or region's) accounts never read or
// change a draft, only the finance reviewer of the draft's region passes
// finance review and publishes, nobody changes a publication, and
// anonymous requests reach only what is public. Routes that change a
// draft get a fresh draft in the state where the action is possible for
// someone, so a refusal is the role's or the scope's, never the state's.

// principal is one way of asking: an account's bearer token for the API,
// its session (and CSRF token) for the desk; the zero value is anonymous.
type principal struct {
	name   string
	user   *yusuan.User
	token  string
	cookie string
	csrf   string
}

// sideA are the accounts that may see organization 003's drafts; the
// others (and anonymous) may not.
var sideA = map[string]bool{"prepA": true, "apprA": true, "finA": true, "admin": true}

type authzEnv struct {
	t       *testing.T
	ctx     context.Context
	db      *store.DB
	wf      *workflow.Service
	url     string
	who     []principal
	clean   store.DraftUpload // the example budget: no errors, no warnings
	warned  store.DraftUpload // a budget with warnings
	warnKey string            // the key of one of its warnings
	pub     int64             // a publication of 003
	example []byte
}

func newAuthzEnv(t *testing.T, dsn string) *authzEnv {
	ctx := context.Background()
	db, err := store.Open(ctx, dsn, store.Options{Migrate: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	for _, o := range []struct{ code, name, region, rname string }{
		{"003", "郑州市人民政府办公厅", "410100", "郑州市"}, {"901", "示例局", "410100", "郑州市"}, {"902", "另一局", "410200", "开封市"},
	} {
		if err := db.SaveOrganization(ctx, yusuan.Organization{Code: o.code, Name: o.name}, &yusuan.Region{Code: o.region, Name: o.rname}); err != nil {
			t.Fatal(err)
		}
	}
	st, err := newSite(db, slog.New(slog.DiscardHandler), serveOptions{})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(st.root)
	t.Cleanup(srv.Close)
	e := &authzEnv{t: t, ctx: ctx, db: db, wf: &workflow.Service{DB: db, Load: LoadUpload}, url: srv.URL}
	e.who = []principal{{name: "anonymous"}}
	by := store.Actor{Name: "system:test", Remote: "cli"}
	for _, nu := range []store.NewUser{
		{Name: "prepA", Role: yusuan.RolePreparer, Organization: "003"},
		{Name: "apprA", Role: yusuan.RoleApprover, Organization: "003"},
		{Name: "finA", Role: yusuan.RoleFinance, Region: "410100"},
		{Name: "admin", Role: yusuan.RoleAdmin},
		{Name: "prepB", Role: yusuan.RolePreparer, Organization: "902"},
		{Name: "apprB", Role: yusuan.RoleApprover, Organization: "902"},
		{Name: "finB", Role: yusuan.RoleFinance, Region: "410200"},
	} {
		nu.Password = "correct horse battery staple"
		u, err := db.CreateUser(ctx, nu, by)
		if err != nil {
			t.Fatal(err)
		}
		tok, _, err := db.CreateToken(ctx, nu.Name, "authz", by)
		if err != nil {
			t.Fatal(err)
		}
		p := principal{name: nu.Name, user: u, token: tok}
		p.cookie, p.csrf = e.session(u)
		e.who = append(e.who, p)
	}

	// The uploads fresh drafts are made of.
	e.example, err = os.ReadFile("../../examples/zhengzhou-2021-gov-office/budget.yaml")
	if err != nil {
		t.Fatal(err)
	}
	e.clean = e.upload(e.who[1].user, "budget.yaml", e.example)
	if e.clean.Errors != 0 || e.clean.Warnings != 0 {
		t.Fatalf("the example has %d errors, %d warnings", e.clean.Errors, e.clean.Warnings)
	}
	minimal, err := os.ReadFile("../../testdata/budgets/minimal.yaml")
	if err != nil {
		t.Fatal(err)
	}
	e.warned = e.upload(&yusuan.User{Name: "fixture", Role: yusuan.RolePreparer, Organization: "901"}, "minimal.yaml", minimal)
	e.warned.Organization = "003"
	var rep check.Report
	json.Unmarshal(e.warned.FindingsJSON, &rep)
	for _, f := range rep.Documents[0].Findings {
		if f.Severity == check.Warning {
			e.warnKey = workflow.FindingKey(f)
		}
	}
	if e.warnKey == "" {
		t.Fatal("minimal.yaml has no warning")
	}
	// A publication of 003, through the workflow.
	d := e.fresh(yusuan.DraftFinanceApproved, false)
	if _, err := e.wf.Act(ctx, workflow.Actor{User: e.who[3].user, Remote: "test"}, d, "publish", "", ""); err != nil {
		t.Fatal(err)
	}
	got, _ := db.Draft(ctx, d)
	e.pub = got.Publication
	return e
}

// upload makes a draft of a file through the workflow and returns what
// it stored, to copy into fresh drafts.
func (e *authzEnv) upload(u *yusuan.User, name string, data []byte) store.DraftUpload {
	d, err := e.wf.Create(e.ctx, workflow.Actor{User: u, Remote: "test"}, name, data)
	if err != nil {
		e.t.Fatal(err)
	}
	up := store.DraftUpload{Organization: d.Organization.Code, Year: d.Year, Kind: d.Kind, Level: d.Level, Profile: d.Profile,
		FileName: d.FileName, Errors: d.Errors, Warnings: d.Warnings}
	for col, dst := range map[string]*[]byte{"file_bytes": &up.File, "document_json": &up.DocumentJSON, "findings_json": &up.FindingsJSON} {
		if *dst, err = e.db.DraftBlob(e.ctx, d.ID, col); err != nil {
			e.t.Fatal(err)
		}
	}
	return up
}

// session starts a session of u and reads the CSRF token of its pages.
func (e *authzEnv) session(u *yusuan.User) (cookie, csrf string) {
	tok, err := e.db.CreateSession(e.ctx, u.ID, "test", time.Now(), time.Hour, "")
	if err != nil {
		e.t.Fatal(err)
	}
	cookie = auth.SessionCookie + "=" + tok
	req, _ := http.NewRequest("GET", e.url+"/desk/account", nil)
	req.Header.Set("Cookie", cookie)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	m := regexp.MustCompile(`name="` + auth.CSRFField + `" value="([^"]+)"`).FindSubmatch(b)
	if m == nil {
		e.t.Fatalf("no CSRF token on the account page of %s (%d)", u.Name, resp.StatusCode)
	}
	return cookie, string(m[1])
}

// fresh makes a draft of 003 in state, with warnings (explained, except
// one when the draft is open) or without.
func (e *authzEnv) fresh(state yusuan.DraftState, warned bool) int64 {
	up := e.clean
	if warned {
		up = e.warned
	}
	d, err := e.db.CreateDraft(e.ctx, up, "fixture", yusuan.RolePreparer, time.Now())
	if err != nil {
		e.t.Fatal(err)
	}
	path := []yusuan.DraftState{yusuan.DraftOpen, yusuan.DraftSubmitted, yusuan.DraftDeptApproved, yusuan.DraftFinanceApproved}
	for i := 0; i+1 < len(path) && path[i] != state; i++ {
		if err := e.db.MoveDraft(e.ctx, d.ID, store.DraftEvent{Actor: "fixture", Role: yusuan.RoleAdmin, Action: "fixture", From: path[i], To: path[i+1]}, "", 0); err != nil {
			e.t.Fatal(err)
		}
	}
	return d.ID
}

// request is one call of a route.
type request struct {
	method, path, contentType string
	body                      []byte
}

// do sends r as p: with its bearer token under /api/, with its session
// cookie and CSRF token under /desk/.
func (e *authzEnv) do(p principal, r request) (int, []byte, string) {
	req, _ := http.NewRequest(r.method, e.url+r.path, bytes.NewReader(r.body))
	if r.contentType != "" {
		req.Header.Set("Content-Type", r.contentType)
	}
	if strings.HasPrefix(r.path, "/desk/") {
		req.Header.Set("Accept", "text/html")
		if p.cookie != "" {
			req.Header.Set("Cookie", p.cookie)
			req.Header.Set(auth.CSRFHeader, p.csrf)
		}
	} else if p.token != "" {
		req.Header.Set("Authorization", "Bearer "+p.token)
	}
	resp, err := (&http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}).Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, b, resp.Header.Get("Location")
}

func multipartBody(name string, data []byte) (string, []byte) {
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	fw, _ := mw.CreateFormFile("file", name)
	fw.Write(data)
	mw.Close()
	return mw.FormDataContentType(), b.Bytes()
}

func jsonBody(v any) (string, []byte) {
	b, _ := json.Marshal(v)
	return "application/json", b
}

func formBody(kv ...string) (string, []byte) {
	var parts []string
	for i := 0; i+1 < len(kv); i += 2 {
		parts = append(parts, kv[i]+"="+urlEscape(kv[i+1]))
	}
	return "application/x-www-form-urlencoded", []byte(strings.Join(parts, "&"))
}

func urlEscape(s string) string {
	var b strings.Builder
	for _, c := range []byte(s) {
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.' {
			b.WriteByte(c)
		} else {
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	return b.String()
}

// A rule says how to call a route and who may.
type rule struct {
	// state and warned: the route acts on a fresh draft in that state.
	state  yusuan.DraftState
	warned bool
	// body is the request's body for a draft (id) on the API or the desk.
	body func(e *authzEnv, desk bool) (string, []byte)
	// allowed are the accounts that get through; nil: everyone signed in.
	allowed []string
	// public: anonymous gets through too (the public API and portal).
	public bool
	// loose: only checked to answer without a server error (sign-in,
	// sign-out, assets, the desk's own not-found page).
	loose bool
	// after is the state the draft must be in when allowed.
	after yusuan.DraftState
	// query is the query string of the request as p.
	query func(p principal) string
}

func act(comment, reason string) func(*authzEnv, bool) (string, []byte) {
	return func(e *authzEnv, desk bool) (string, []byte) {
		if desk {
			return formBody("comment", comment, "reason", reason)
		}
		return jsonBody(map[string]string{"comment": comment, "reason": reason})
	}
}

// rules: each route under /api/v1/drafts and /desk/drafts, by method and
// the path after the prefix; the API's other routes are public, the
// desk's others are for any signed-in user. Routes with two rules are
// walked twice (approve and return at the department's and at the
// finance bureau's stage).
var draftRules = map[string][]rule{
	"GET ":              {{allowed: nil}},
	"POST ":             {{allowed: []string{"prepA"}, body: func(e *authzEnv, _ bool) (string, []byte) { return multipartBody("budget.yaml", e.example) }}},
	"GET /{id}":         {{state: yusuan.DraftOpen, allowed: []string{"prepA", "apprA", "finA", "admin"}}},
	"GET /{id}/file":    {{state: yusuan.DraftOpen, allowed: []string{"prepA", "apprA", "finA", "admin"}}},
	"POST /{id}/file":   {{state: yusuan.DraftOpen, allowed: []string{"prepA"}, after: yusuan.DraftOpen, body: func(e *authzEnv, _ bool) (string, []byte) { return multipartBody("budget.yaml", e.example) }}},
	"POST /{id}/submit": {{state: yusuan.DraftOpen, allowed: []string{"prepA"}, after: yusuan.DraftSubmitted, body: act("", "")}},
	"POST /{id}/explanations": {{state: yusuan.DraftOpen, warned: true, allowed: []string{"prepA"}, after: yusuan.DraftOpen, body: func(e *authzEnv, desk bool) (string, []byte) {
		if desk {
			return formBody("finding", e.warnKey, "text", "说明")
		}
		return jsonBody(map[string]string{"finding": e.warnKey, "text": "说明"})
	}}},
	"POST /{id}/comments": {{state: yusuan.DraftSubmitted, allowed: []string{"apprA", "finA"}, after: yusuan.DraftSubmitted, body: func(e *authzEnv, desk bool) (string, []byte) {
		if desk {
			return formBody("target", "表1", "text", "意见")
		}
		return jsonBody(map[string]string{"target": "表1", "text": "意见"})
	}}},
	"POST /{id}/approve": {
		{state: yusuan.DraftSubmitted, allowed: []string{"apprA"}, after: yusuan.DraftDeptApproved, body: act("", "")},
		{state: yusuan.DraftDeptApproved, allowed: []string{"finA"}, after: yusuan.DraftFinanceApproved, body: act("", "")},
	},
	"POST /{id}/return": {
		{state: yusuan.DraftSubmitted, allowed: []string{"apprA"}, after: yusuan.DraftOpen, body: act("请修改", "")},
		{state: yusuan.DraftDeptApproved, allowed: []string{"finA"}, after: yusuan.DraftOpen, body: act("请修改", "")},
		{state: yusuan.DraftFinanceApproved, allowed: []string{"finA"}, after: yusuan.DraftOpen, body: act("请修改", "")},
	},
	"POST /{id}/publish": {{state: yusuan.DraftFinanceApproved, allowed: []string{"finA"}, after: yusuan.DraftPublished, body: act("", "更正：重新公开")}},
}

// otherRules are the routes outside the drafts that not every signed-in
// account may use.
var otherRules = map[string][]rule{
	// The compliance dashboard: a region's finance reviewers and the
	// administrators.
	"GET /api/v1/compliance": {{allowed: []string{"finA", "finB", "admin"}, query: adminRegion}},
	"GET /desk/compliance":   {{allowed: []string{"finA", "finB", "admin"}, query: adminRegion}},
	// An approval date entered on the dashboard: 003 is in finA's region.
	"POST /desk/compliance/approval": {{allowed: []string{"finA", "admin"}, body: func(*authzEnv, bool) (string, []byte) {
		return formBody("organization", "003", "year", "2021", "kind", "budget", "approved_on", "2021-02-01")
	}}},
	// The account page's password change: every signed-in account, for
	// itself; a body that changes the password, so that a refusal is the
	// route's, not the form's.
	"POST /desk/account/password": {{body: func(*authzEnv, bool) (string, []byte) {
		return formBody("current", "correct horse battery staple", "new", "correct horse battery staple 2", "again", "correct horse battery staple 2")
	}}},
}

// adminRegion names a region for an administrator, who has none of its
// own; a finance reviewer gets its own.
func adminRegion(p principal) string {
	if p.user != nil && p.user.Role == yusuan.RoleAdmin {
		return "?region=410100"
	}
	return ""
}

// ruleFor finds the rules of a route.
func ruleFor(pattern string) ([]rule, bool) {
	method, path, found := strings.Cut(pattern, " ")
	if !found {
		method, path = "", pattern
	}
	for _, prefix := range []string{"/api/v1/drafts", "/desk/drafts"} {
		if rest, ok := strings.CutPrefix(path, prefix); ok {
			rs, ok := draftRules[method+" "+rest]
			return rs, ok
		}
	}
	if rs, ok := otherRules[method+" "+path]; ok {
		return rs, true
	}
	switch {
	case path == "/desk/login", path == "/desk/logout", path == "/desk/assets/", path == "/desk/":
		return []rule{{loose: true}}, true
	case strings.HasPrefix(path, "/desk/"):
		return []rule{{allowed: nil}}, true
	case method == "GET" && (strings.HasPrefix(path, "/api/v1/") || path == "/healthz" || path == "/readyz"):
		return []rule{{public: true}}, true
	}
	return nil, false
}

var params = strings.NewReplacer("{cube}", "expenditure", "{dimension}", "function.class", "{format}", "md", "{$}", "")

func TestAuthorization(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dsn string) {
		e := newAuthzEnv(t, dsn)
		st, _ := newSite(e.db, slog.New(slog.DiscardHandler), serveOptions{})
		routes := append(st.api.Routes(), st.desk.Routes()...)
		sort.Strings(routes)
		if len(routes) < 30 {
			t.Fatalf("only %d routes found: %v", len(routes), routes)
		}
		before := e.publications()
		walked := 0
		for _, pattern := range routes {
			rules, ok := ruleFor(pattern)
			if !ok {
				// A route nobody classified: it must at least refuse
				// anonymous requests.
				t.Logf("route %s has no rule here: checked only that anonymous requests are refused", pattern)
				rules = []rule{{allowed: nil}}
			}
			method, path, found := strings.Cut(pattern, " ")
			if !found {
				// A pattern of every method: its own path, read.
				method, path = "GET", pattern+"nope"
			}
			desk := strings.HasPrefix(path, "/desk/")
			for _, r := range rules {
				for _, p := range e.who {
					walked++
					req := request{method: method, path: params.Replace(path)}
					var id int64
					if strings.Contains(req.path, "{id}") {
						if strings.Contains(req.path, "/publications/") {
							id = e.pub
						} else {
							id = e.fresh(r.state, r.warned)
						}
						req.path = strings.Replace(req.path, "{id}", fmt.Sprint(id), 1)
					}
					if r.body != nil {
						req.contentType, req.body = r.body(e, desk)
					}
					if r.query != nil {
						req.path += r.query(p)
					}
					status, body, loc := e.do(p, req)
					e.judge(pattern, r, p, id, status, body, loc, desk)
				}
			}
		}
		// Publications: refused to every method but GET, on every role.
		for _, p := range e.who {
			for _, m := range []string{"POST", "PUT", "PATCH", "DELETE"} {
				for _, path := range []string{fmt.Sprintf("/api/v1/publications/%d", e.pub), fmt.Sprintf("/api/v1/publications/%d/files/md", e.pub), "/api/v1/publications"} {
					if status, b, _ := e.do(p, request{method: m, path: path, contentType: "application/json", body: []byte(`{}`)}); status < 400 {
						t.Errorf("%s %s as %s: %d %s", m, path, p.name, status, b)
					}
				}
			}
		}
		// Nothing published changed; only finA published, and every new
		// version is a correction with its reason.
		after := e.publications()
		for id, sum := range before {
			if after[id] != sum {
				t.Errorf("publication %d changed during the walk", id)
			}
		}
		e.checkAudit()
		t.Logf("%d routes, %d requests", len(routes), walked)
	})
}

// judge checks one answer against the rule.
func (e *authzEnv) judge(pattern string, r rule, p principal, id int64, status int, body []byte, loc string, desk bool) {
	t := e.t
	t.Helper()
	where := fmt.Sprintf("%s as %s", pattern, p.name)
	if status >= 500 {
		t.Errorf("%s: %d %s", where, status, firstBytes(body))
		return
	}
	if r.loose {
		return
	}
	ok := status < 300 || status == http.StatusSeeOther && desk && !strings.HasPrefix(loc, "/desk/login")
	if p.user == nil {
		if r.public {
			if status == 401 || status == 403 {
				t.Errorf("%s: %d on a public route", where, status)
			}
			return
		}
		if ok {
			t.Errorf("%s: anonymous got through: %d %s", where, status, firstBytes(body))
		}
		if !desk && status != http.StatusUnauthorized {
			t.Errorf("%s: %d, want 401", where, status)
		}
		return
	}
	if r.public {
		if status == 401 || status == 403 {
			t.Errorf("%s: %d on a public route", where, status)
		}
		return
	}
	allowed := r.allowed == nil
	for _, a := range r.allowed {
		allowed = allowed || a == p.name
	}
	switch {
	case allowed && !ok:
		t.Errorf("%s: refused (%d %s), want allowed", where, status, firstBytes(body))
	case !allowed && ok:
		t.Errorf("%s: allowed (%d), want refused", where, status)
	case !allowed && status != 403 && status != 404 && status != 400:
		t.Errorf("%s: %d, want 403, 404 or 400", where, status)
	case !allowed && id != 0 && !sideA[p.name] && status != 404:
		// Another organization's draft does not exist for them.
		t.Errorf("%s: %d, want 404 (the draft of another organization)", where, status)
	}
	if id != 0 && r.after != "" && allowed && ok {
		d, err := e.db.Draft(e.ctx, id)
		if err != nil || d.State != r.after {
			t.Errorf("%s: draft in state %s after, want %s", where, d.State, r.after)
		}
	}
	if id != 0 && !allowed {
		d, _ := e.db.Draft(e.ctx, id)
		if d.State != r.state {
			t.Errorf("%s: refused, yet the draft moved from %s to %s", where, r.state, d.State)
		}
	}
	// Another side's accounts see nothing of organization 003 on any
	// page or answer that is not public.
	if !sideA[p.name] && (bytes.Contains(body, []byte("郑州市人民政府办公厅")) || bytes.Contains(body, []byte(`"code":"003"`))) {
		t.Errorf("%s: the answer shows organization 003", where)
	}
}

func firstBytes(b []byte) string {
	if len(b) > 200 {
		return string(b[:200]) + "…"
	}
	return string(b)
}

// publications fingerprints every stored publication: its file, document
// and findings.
func (e *authzEnv) publications() map[int64]string {
	out := map[int64]string{}
	ps, err := e.db.Publications(e.ctx, yusuan.PublicationFilter{AllVersions: true})
	if err != nil {
		e.t.Fatal(err)
	}
	for _, p := range ps {
		dj, _ := e.db.DocumentJSON(e.ctx, p.ID)
		fj, _ := e.db.FindingsJSON(e.ctx, p.ID)
		out[p.ID] = fmt.Sprintf("%s %x %x %s %d", p.FileSHA256, dj, fj, p.Reason, p.Version)
	}
	return out
}

// checkAudit: the trail is whole, and each workflow action in it was
// taken by an account allowed to take it.
func (e *authzEnv) checkAudit() {
	may := map[string]map[string]bool{
		"draft.create":  {"prepA": true, "fixture": true},
		"draft.upload":  {"prepA": true},
		"draft.explain": {"prepA": true},
		"draft.submit":  {"prepA": true},
		"draft.comment": {"apprA": true, "finA": true},
		"draft.approve": {"apprA": true, "finA": true},
		"draft.return":  {"apprA": true, "finA": true},
		"draft.publish": {"finA": true},
		"publish":       {"finA": true},
		"approval.set":  {"finA": true, "admin": true},
	}
	if err := e.db.AuditEntries(e.ctx, func(a store.AuditEntry) error {
		if who, ok := may[a.Action]; ok && !who[a.Actor] {
			e.t.Errorf("audit entry %d: %s by %s", a.Seq, a.Action, a.Actor)
		}
		return nil
	}); err != nil {
		e.t.Fatal(err)
	}
	if _, b, err := e.db.VerifyAudit(e.ctx); err != nil || b != nil {
		e.t.Fatalf("audit trail: %v %v", b, err)
	}
}
