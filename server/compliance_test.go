package server_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/yusuan/yusuan"
	"github.com/yusuan/yusuan/compliance"
	"github.com/yusuan/yusuan/internal/cli"
	"github.com/yusuan/yusuan/server"
	"github.com/yusuan/yusuan/store"
	"github.com/yusuan/yusuan/store/storetest"
)

// GET /api/v1/compliance: only a finance reviewer of the region and an
// administrator see it (401 for nobody, 403 for anybody else); the JSON
// matches the OpenAPI schema, the statuses count days from the approval
// date to today, and format=csv downloads the same rows for Excel.
func TestComplianceAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dsn string) {
		var out, errOut bytes.Buffer
		if code := cli.Main([]string{"publish", "--db", dsn, "--region", "410100", "--region-name", "郑州市",
			"../examples/zhengzhou-2021-gov-office/budget.yaml"}, &out, &errOut); code != 0 {
			t.Fatalf("publish: %d %s", code, errOut.String())
		}
		ctx := context.Background()
		db, err := store.Open(ctx, dsn, store.Options{Migrate: true})
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		if err := db.SaveOrganization(ctx, yusuan.Organization{Code: "009", Name: "=cmd|' /C calc'!A0", Region: "410100"}, nil); err != nil {
			t.Fatal(err)
		}
		approved := yusuan.NewDate(2021, 2, 1)
		if _, err := db.SetApprovals(ctx, []store.ApprovalChange{
			{Organization: "003", Year: 2021, ApprovedOn: approved},
			{Organization: "009", Year: 2021, ApprovedOn: approved},
		}, "test", "test"); err != nil {
			t.Fatal(err)
		}
		users := map[string]*yusuan.User{
			"fin":      {Name: "fin", Role: yusuan.RoleFinance, Region: "410100"},
			"fin-kf":   {Name: "fin-kf", Role: yusuan.RoleFinance, Region: "410200"},
			"admin":    {Name: "admin", Role: yusuan.RoleAdmin},
			"prep":     {Name: "prep", Role: yusuan.RolePreparer, Organization: "003"},
			"appr":     {Name: "appr", Role: yusuan.RoleApprover, Organization: "003"},
			"disabled": {Name: "disabled", Role: yusuan.RoleFinance, Region: "410100", Disabled: true},
		}
		api := server.New(db, server.Options{})
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if u := users[r.Header.Get("X-Test-User")]; u != nil {
				r = r.WithContext(yusuan.WithUser(r.Context(), u))
			}
			api.ServeHTTP(w, r)
		}))
		defer srv.Close()
		schema := openAPISchemas(t)
		get := func(user, query string, status int) *http.Response {
			t.Helper()
			req, _ := http.NewRequest("GET", srv.URL+"/api/v1/compliance"+query, nil)
			req.Header.Set("X-Test-User", user)
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			if resp.StatusCode != status {
				t.Fatalf("%s %s: %d, want %d", user, query, resp.StatusCode, status)
			}
			if resp.Header.Get("Cache-Control") != "no-store" {
				t.Errorf("%s %s: Cache-Control %q", user, query, resp.Header.Get("Cache-Control"))
			}
			return resp
		}
		get("", "?region=410100&year=2021", http.StatusUnauthorized)
		get("prep", "?region=410100&year=2021", http.StatusForbidden)
		get("appr", "?region=410100&year=2021", http.StatusForbidden)
		get("fin-kf", "?region=410100&year=2021", http.StatusForbidden)
		get("disabled", "?region=410100&year=2021", http.StatusForbidden)
		get("admin", "?year=2021", http.StatusBadRequest) // an administrator names the region
		get("fin", "?year=20x1", http.StatusBadRequest)
		get("fin", "?year=2021&sort=bogus", http.StatusBadRequest)
		get("fin", "?year=2021&format=xml", http.StatusBadRequest)

		today := yusuan.DateOf(time.Now())
		for _, user := range []string{"fin", "admin"} {
			resp := get(user, "?region=410100&year=2021&sort=status", http.StatusOK)
			var raw any
			var rep compliance.Report
			b := readAll(t, resp)
			json.Unmarshal(b, &raw)
			if err := schema("/components/schemas/Compliance").Validate(raw); err != nil {
				t.Errorf("does not match the schema: %v", err)
			}
			if err := json.Unmarshal(b, &rep); err != nil {
				t.Fatal(err)
			}
			if len(rep.Rows) != 2 || rep.Totals.Late != 1 || rep.Totals.Overdue != 1 {
				t.Fatalf("%s: %s", user, b)
			}
			// Sorted by status: the overdue one, then the late one.
			o, l := rep.Rows[0], rep.Rows[1]
			due := yusuan.NewDate(2021, 2, 21)
			if o.Organization.Code != "009" || o.Status != compliance.Overdue || o.DaysLate != due.DaysUntil(today) {
				t.Errorf("overdue row = %+v", o)
			}
			if l.Organization.Code != "003" || l.Status != compliance.Late || l.DaysLate != due.DaysUntil(today) ||
				l.Completeness == nil || l.Completeness.Percent != 100 || l.Latest == nil {
				t.Errorf("late row = %+v", l)
			}
		}

		resp := get("fin", "?year=2021&format=csv", http.StatusOK)
		b := readAll(t, resp)
		if ct := resp.Header.Get("Content-Type"); ct != "text/csv; charset=utf-8" || !strings.Contains(resp.Header.Get("Content-Disposition"), "attachment") {
			t.Errorf("csv headers: %q %q", ct, resp.Header.Get("Content-Disposition"))
		}
		if !bytes.HasPrefix(b, []byte("\ufeff单位编码,")) {
			t.Fatalf("csv starts %q", b[:20])
		}
		recs, err := csv.NewReader(bytes.NewReader(b[3:])).ReadAll()
		if err != nil || len(recs) != 3 {
			t.Fatalf("csv: %v %q", err, recs)
		}
		if recs[1][0] != "003" || recs[1][4] != "2021-02-01" || recs[1][5] != "2021-02-21" || !strings.HasPrefix(recs[1][7], "逾期") {
			t.Errorf("csv row = %q", recs[1])
		}
		if recs[2][1] != "'=cmd|' /C calc'!A0" {
			t.Errorf("a formula name is not neutralised: %q", recs[2][1])
		}
	})
}

func readAll(t *testing.T, resp *http.Response) []byte {
	t.Helper()
	defer resp.Body.Close()
	var b bytes.Buffer
	if _, err := b.ReadFrom(resp.Body); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}
