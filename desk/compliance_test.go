package desk

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/yusuan/yusuan"
	"github.com/yusuan/yusuan/budgetfile"
	"github.com/yusuan/yusuan/catalog"
	"github.com/yusuan/yusuan/compile"
	"github.com/yusuan/yusuan/profile"
	"github.com/yusuan/yusuan/store"
	"github.com/yusuan/yusuan/store/storetest"
)

// publishExample stores the bundled example (郑州市人民政府办公厅 2021,
// code 003) as published in region 410100 on 10 March 2021.
func publishExample(t *testing.T, s *store.DB) {
	t.Helper()
	b, err := budgetfile.Load("../examples/zhengzhou-2021-gov-office/budget.yaml", catalog.Load)
	if err != nil {
		t.Fatal(err)
	}
	p, err := profile.Load(b.Profile)
	if err != nil {
		t.Fatal(err)
	}
	cat, err := catalog.Load(b.Year)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := compile.Compile(b, p, cat)
	if err != nil {
		t.Fatal(err)
	}
	dj, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Publish(context.Background(), yusuan.NewPublication{
		Organization: yusuan.Organization{Code: doc.Department.Code, Name: doc.Department.Name, Region: "410100"},
		Region:       &yusuan.Region{Code: "410100", Name: "郑州市"},
		FileName:     "budget.yaml", File: []byte("example"), Document: doc, DocumentJSON: dj, FindingsJSON: []byte(`[]`),
		Now: time.Date(2021, 3, 10, 2, 0, 0, 0, time.UTC),
	}); err != nil {
		t.Fatal(err)
	}
}

// The compliance dashboard through the real sign-in and middleware, on
// both databases: nobody signed in is sent to sign in, a preparer, an
// approver and a finance reviewer of another region get 403, the
// region's reviewer and an administrator see the rows, sorted by the
// column asked for.
func TestCompliancePage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dsn string) {
		e := newEnv(t, dsn, setup{})
		ctx := context.Background()
		publishExample(t, e.s)
		by := store.Actor{Name: "system:test", Remote: "cli"}
		for _, u := range []store.NewUser{
			{Name: "wang", Role: yusuan.RoleFinance, Region: "410200", Password: zhangPW},
			{Name: "root", Role: yusuan.RoleAdmin, Password: zhangPW},
			{Name: "zhao", Role: yusuan.RoleApprover, Organization: "003", Password: zhangPW},
		} {
			if _, err := e.s.CreateUser(ctx, u, by); err != nil {
				t.Fatal(err)
			}
		}
		if err := e.s.SaveOrganization(ctx, yusuan.Organization{Code: "005", Name: "<b>未公开局</b>", Region: "410100"}, &yusuan.Region{Code: "410200", Name: "开封市"}); err != nil {
			t.Fatal(err)
		}
		if _, err := e.s.SetApprovals(ctx, []store.ApprovalChange{{Organization: "003", Year: 2021, ApprovedOn: yusuan.NewDate(2021, 2, 1)},
			{Organization: "005", Year: 2021, ApprovedOn: yusuan.NewDate(2021, 3, 1)}}, "test", "test"); err != nil {
			t.Fatal(err)
		}
		const page = "/desk/compliance?region=410100&year=2021"

		anon := e.browser()
		if r := e.get(anon, page); r.status != http.StatusSeeOther || !strings.HasPrefix(r.h.Get("Location"), "/desk/login?next=") {
			t.Errorf("anonymous: %d %s", r.status, r.h.Get("Location"))
		}
		for _, who := range []string{"zhang", "zhao", "wang"} {
			c := e.browser()
			e.signIn(c, who, zhangPW)
			if r := e.get(c, page); r.status != http.StatusForbidden || !strings.Contains(r.body, "无权") {
				t.Errorf("%s: %d\n%s", who, r.status, r.body)
			}
			home := e.get(c, "/desk/")
			if has := strings.Contains(home.body, `href="/desk/compliance"`); has != (who == "wang") {
				t.Errorf("%s: the link to the dashboard shown: %v", who, has)
			}
		}
		// wang's own region: no departments yet.
		c := e.browser()
		e.signIn(c, "wang", zhangPW)
		if r := e.get(c, "/desk/compliance?year=2021"); r.status != http.StatusOK || !strings.Contains(r.body, "开封市") || !strings.Contains(r.body, "该地区还没有部门") {
			t.Errorf("own region: %d\n%s", r.status, r.body)
		}

		for _, who := range []string{"li", "root"} {
			c := e.browser()
			e.signIn(c, who, zhangPW)
			r := e.get(c, page+"&sort=status")
			if r.status != http.StatusOK {
				t.Fatalf("%s: %d\n%s", who, r.status, r.body)
			}
			for _, want := range []string{"合规看板", "郑州市", "郑州市人民政府办公厅", "2021-02-21", "2021-03-10", "逾期17天公开", "已逾期", "&lt;b&gt;未公开局&lt;/b&gt;",
				`href="/api/v1/compliance?format=csv&amp;kind=budget&amp;region=410100&amp;sort=status&amp;year=2021"`, `aria-sort="ascending"`, "100.0%"} {
				if !strings.Contains(r.body, want) {
					t.Errorf("%s: the page lacks %q", who, want)
				}
			}
			// Sorted by status: the overdue 005 before the late 003; the
			// header links to the reverse order.
			if i, j := strings.Index(r.body, "<td>005</td>"), strings.Index(r.body, "<td>003</td>"); i < 0 || j < 0 || i > j {
				t.Errorf("%s: rows not by status (%d, %d)", who, i, j)
			}
			if !strings.Contains(r.body, `sort=status&amp;year=2021&amp;desc=1`) && !regexp.MustCompile(`desc=1[^"]*sort=status`).MatchString(r.body) {
				t.Errorf("%s: no link to the reverse order", who)
			}
			if hasSelect := strings.Contains(r.body, `<select id="region"`); hasSelect != (who == "root") {
				t.Errorf("%s: region choice shown: %v", who, hasSelect)
			}
		}
		if r := e.get(c, "/desk/compliance?year=abc"); r.status != http.StatusBadRequest {
			t.Errorf("a bad year: %d", r.status)
		}

		// Entering a date on the page: wang may not for 005 (another
		// region), nor li without the CSRF token; li may, and it is audited
		// with li's name and address; a bad date is refused.
		form := url.Values{"organization": {"005"}, "year": {"2021"}, "kind": {"budget"}, "approved_on": {"2021-03-03"}, "sort": {"status"}}
		form.Set("csrf_token", e.csrf(c, "/desk/compliance?year=2021"))
		// As for a code nobody registered: the answer does not tell wang
		// that 005 exists, nor its region.
		if r := e.post(c, "/desk/compliance/approval", form); r.status != http.StatusNotFound || strings.Contains(r.body, "410100") {
			t.Errorf("wang enters 005's date: %d\n%s", r.status, r.body)
		}
		li := e.browser()
		e.signIn(li, "li", zhangPW)
		form.Del("csrf_token")
		if r := e.post(li, "/desk/compliance/approval", form); r.status != http.StatusForbidden {
			t.Errorf("without a CSRF token: %d", r.status)
		}
		form.Set("csrf_token", e.csrf(li, page))
		r := e.post(li, "/desk/compliance/approval", form)
		if r.status != http.StatusSeeOther || r.h.Get("Location") != "/desk/compliance?kind=budget&region=410100&sort=status&year=2021" {
			t.Fatalf("li enters 005's date: %d %s\n%s", r.status, r.h.Get("Location"), r.body)
		}
		if r := e.get(li, r.h.Get("Location")); !strings.Contains(r.body, "2021-03-03") || !strings.Contains(r.body, "2021-03-23") {
			t.Errorf("the new date is not shown")
		}
		var last store.AuditEntry
		e.s.AuditEntries(ctx, func(a store.AuditEntry) error { last = a; return nil })
		if last.Action != "approval.set" || last.Actor != "li" || last.Remote != "127.0.0.1" || !strings.Contains(last.Before, "2021-03-01") || !strings.Contains(last.After, "2021-03-03") {
			t.Errorf("audit entry = %+v", last)
		}
		for _, bad := range []url.Values{{"approved_on": {"2021-02-30"}}, {"organization": {"404"}}, {"year": {"1850"}}} {
			f := url.Values{}
			for k, v := range form {
				f[k] = v
			}
			for k, v := range bad {
				f[k] = v
			}
			if r := e.post(li, "/desk/compliance/approval", f); r.status != http.StatusBadRequest && r.status != http.StatusNotFound {
				t.Errorf("%v: %d", bad, r.status)
			}
		}
	})
}
