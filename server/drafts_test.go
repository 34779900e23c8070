package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/yusuan/yusuan"
	"github.com/yusuan/yusuan/internal/cli"
	"github.com/yusuan/yusuan/internal/limits"
	"github.com/yusuan/yusuan/server"
	"github.com/yusuan/yusuan/store"
	"github.com/yusuan/yusuan/store/storetest"
	"github.com/yusuan/yusuan/workflow"
)

// testUsers are the accounts of the API tests, chosen by the X-Test-User
// header in place of the auth middleware, which puts the signed-in user
// into the context the same way.
var testUsers = map[string]*yusuan.User{
	"prep":  {Name: "prep", Role: yusuan.RolePreparer, Organization: "901"},
	"appr":  {Name: "appr", Role: yusuan.RoleApprover, Organization: "901"},
	"fin":   {Name: "fin", Role: yusuan.RoleFinance, Region: "410100"},
	"other": {Name: "other", Role: yusuan.RolePreparer, Organization: "902"},
}

type draftsAPI struct {
	t      *testing.T
	url    string
	db     *store.DB
	schema func(ref string) *jsonschema.Schema
}

func newDraftsAPI(t *testing.T, dsn string) *draftsAPI {
	ctx := context.Background()
	db, err := store.Open(ctx, dsn, store.Options{Migrate: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	for _, o := range []struct{ code, name, region, rname string }{{"901", "示例局", "410100", "郑州市"}, {"902", "另一局", "410200", "开封市"}} {
		if err := db.SaveOrganization(ctx, yusuan.Organization{Code: o.code, Name: o.name}, &yusuan.Region{Code: o.region, Name: o.rname}); err != nil {
			t.Fatal(err)
		}
	}
	api := server.New(db, server.Options{Workflow: &workflow.Service{DB: db, Load: cli.LoadUpload}})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if u := testUsers[r.Header.Get("X-Test-User")]; u != nil {
			r = r.WithContext(yusuan.WithUser(r.Context(), u))
		}
		api.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	return &draftsAPI{t: t, url: srv.URL, db: db, schema: openAPISchemas(t)}
}

func openAPISchemas(t *testing.T) func(string) *jsonschema.Schema {
	b, err := os.ReadFile("openapi.json")
	if err != nil {
		t.Fatal(err)
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
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

// do sends a request as user and checks the status and, for JSON, the
// schema of the answer.
func (a *draftsAPI) do(user, method, path, contentType string, body []byte, status int, schema string) []byte {
	a.t.Helper()
	req, _ := http.NewRequest(method, a.url+path, bytes.NewReader(body))
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if user != "" {
		req.Header.Set("X-Test-User", user)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		a.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != status {
		a.t.Fatalf("%s %s as %q: %d, want %d: %s", method, path, user, resp.StatusCode, status, b)
	}
	if cc := resp.Header.Get("Cache-Control"); strings.HasPrefix(path, "/api/v1/drafts") && cc != "no-store" {
		a.t.Errorf("%s %s: Cache-Control %q, want no-store", method, path, cc)
	}
	if schema != "" {
		v, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
		if err != nil {
			a.t.Fatalf("%s %s: not JSON: %v", method, path, err)
		}
		if err := a.schema(schema).Validate(v); err != nil {
			a.t.Errorf("%s %s does not match %s: %v", method, path, schema, err)
		}
	}
	return b
}

func multipartFile(t *testing.T, name string, data []byte) (string, []byte) {
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	fw, err := mw.CreateFormFile("file", name)
	if err != nil {
		t.Fatal(err)
	}
	fw.Write(data)
	mw.Close()
	return mw.FormDataContentType(), b.Bytes()
}

const (
	viewSchema = "/components/schemas/DraftView"
	errSchema  = "/components/schemas/Error"
)

// TestDraftsAPI walks a draft through the API: every answer matches the
// OpenAPI document, every refusal has its status.
func TestDraftsAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dsn string) {
		a := newDraftsAPI(t, dsn)
		budget, err := os.ReadFile("../testdata/budgets/minimal.yaml")
		if err != nil {
			t.Fatal(err)
		}
		ct, body := multipartFile(t, "minimal.yaml", budget)
		a.do("", "POST", "/api/v1/drafts", ct, body, 401, errSchema)
		a.do("appr", "POST", "/api/v1/drafts", ct, body, 403, errSchema)
		a.do("prep", "POST", "/api/v1/drafts", "application/octet-stream", budget, 415, errSchema)
		var v workflow.View
		json.Unmarshal(a.do("prep", "POST", "/api/v1/drafts", ct, body, 201, viewSchema), &v)
		id := v.Draft.ID
		p := fmt.Sprintf("/api/v1/drafts/%d", id)
		a.do("prep", "GET", "/api/v1/drafts", "", nil, 200, "/paths/~1api~1v1~1drafts/get/responses/200/content/application~1json/schema")
		a.do("other", "GET", p, "", nil, 404, errSchema)
		a.do("", "GET", p, "", nil, 401, errSchema)
		a.do("prep", "GET", "/api/v1/drafts/x", "", nil, 400, errSchema)
		if f := a.do("fin", "GET", p+"/file", "", nil, 200, ""); !bytes.Equal(f, budget) {
			t.Error("the file downloaded is not the file uploaded")
		}
		a.do("prep", "POST", p+"/submit", "", nil, 409, errSchema)
		for _, f := range v.Findings {
			if f.Severity == "warning" {
				b, _ := json.Marshal(map[string]string{"finding": f.Key, "text": "说明：" + f.Rule})
				a.do("prep", "POST", p+"/explanations", "application/json", b, 200, viewSchema)
			}
		}
		a.do("prep", "POST", p+"/submit", "application/json", []byte(`{"comment":"请审核","extra":1}`), 400, errSchema)
		a.do("prep", "POST", p+"/submit", "application/json", []byte(`{"comment":"请审核"}`), 200, viewSchema)
		a.do("appr", "POST", p+"/comments", "application/json", []byte(`{"target":"表1","text":"已核对"}`), 201, viewSchema)
		a.do("appr", "POST", p+"/return", "", nil, 400, errSchema)
		a.do("fin", "POST", p+"/approve", "", nil, 403, errSchema)
		a.do("appr", "POST", p+"/approve", "", nil, 200, viewSchema)
		a.do("fin", "POST", p+"/approve", "", nil, 200, viewSchema)
		a.do("appr", "POST", p+"/publish", "", nil, 403, errSchema)
		json.Unmarshal(a.do("fin", "POST", p+"/publish", "", nil, 200, viewSchema), &v)
		if v.Draft.State != yusuan.DraftPublished || v.Draft.Publication == 0 || len(v.Actions) != 0 {
			t.Fatalf("after publishing: %+v", v.Draft)
		}
		// Published: the public API has it; no method changes it.
		a.do("", "GET", fmt.Sprintf("/api/v1/publications/%d", v.Draft.Publication), "", nil, 200, "")
		for _, m := range []string{"POST", "PUT", "PATCH", "DELETE"} {
			a.do("fin", m, fmt.Sprintf("/api/v1/publications/%d", v.Draft.Publication), "application/json", []byte(`{}`), 405, errSchema)
		}
		a.do("fin", "POST", p+"/return", "application/json", []byte(`{"comment":"撤回"}`), 409, errSchema)
		a.do("prep", "POST", p+"/file", ct, body, 409, errSchema)
	})
}

// TestUploadLimit: an upload beyond the input limit is refused with 413
// and the limit named, before it is read whole.
func TestUploadLimit(t *testing.T) {
	a := newDraftsAPI(t, storetest.SQLite(t))
	old := limits.Current()
	l := old
	l.InputBytes = 4 << 10
	limits.Set(l)
	defer limits.Set(old)
	ct, body := multipartFile(t, "big.yaml", bytes.Repeat([]byte("# 注释\n"), 2<<10))
	b := a.do("prep", "POST", "/api/v1/drafts", ct, body, 413, errSchema)
	if !strings.Contains(string(b), "文件大小超过上限 4.0 KiB") {
		t.Errorf("message %s", b)
	}
	if ds, _ := a.db.Drafts(context.Background(), store.DraftFilter{}); len(ds) != 0 {
		t.Errorf("%d drafts stored", len(ds))
	}
}
