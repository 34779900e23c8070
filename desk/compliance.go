package desk

import (
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/yusuan/yusuan"
	"github.com/yusuan/yusuan/auth"
	"github.com/yusuan/yusuan/compliance"
	"github.com/yusuan/yusuan/store"
)

// The compliance dashboard (合规看板, docs/compliance.md): for finance
// reviewers, their region; for administrators, any region. The rows come
// from compliance.Load, the order from the sort and desc parameters of
// the URL (every column header is a link), so the page needs no script;
// the CSV is the API's (/api/v1/compliance?format=csv).

// complianceRoles may open the page; a finance reviewer only for the
// region of the account (compliance.Allowed).
var complianceRoles = []yusuan.Role{yusuan.RoleFinance, yusuan.RoleAdmin}

func init() {
	Register(func(d *Desk) error {
		d.Handle("GET /desk/compliance", auth.RequireRole(complianceRoles...)(http.HandlerFunc(d.compliance)))
		d.Handle("POST /desk/compliance/approval", auth.RequireRole(complianceRoles...)(http.HandlerFunc(d.setApproval)))
		d.AddNav(NavItem{Title: "合规看板", Path: "/desk/compliance", Roles: complianceRoles})
		d.Funcs(template.FuncMap{
			"day": func(v yusuan.Date) string {
				if v.IsZero() {
					return "—"
				}
				return v.String()
			},
			"join": strings.Join,
		})
		return nil
	})
}

// complianceColumn is a header of the table: its sort link and state.
type complianceColumn struct {
	Title, Href, Sort string // Sort is aria-sort: ascending, descending or none
}

func (d *Desk) compliance(w http.ResponseWriter, r *http.Request) {
	u := yusuan.UserFrom(r.Context())
	now := time.Now()
	q, err := compliance.ParseQuery(r.URL.Query(), u, now)
	if err != nil {
		d.Error(w, r, http.StatusBadRequest, err.Error())
		return
	}
	regions, err := d.Store.Regions(r.Context())
	if err != nil {
		d.complianceUnavailable(w, r, err)
		return
	}
	if q.Region == "" && len(regions) > 0 {
		q.Region = regions[0].Code // an administrator's first look
	}
	if q.Region != "" && !compliance.Allowed(u, q.Region) {
		d.Error(w, r, http.StatusForbidden, fmt.Sprintf("%s（%s）无权查看地区 %s 的合规看板：需要该地区的财政审核人或管理员", u.Name, u.Role.Title(), q.Region))
		return
	}
	data := map[string]any{"Title": "合规看板", "Query": q, "KindTitle": yusuan.KindTitle(q.Kind), "Days": compliance.Days}
	if u.Role == yusuan.RoleAdmin {
		data["Regions"] = regions
	}
	for _, rg := range regions {
		if rg.Code == q.Region {
			data["RegionName"] = rg.Name
		}
	}
	if q.Region == "" {
		d.Render(w, r, http.StatusOK, "compliance.tmpl", data)
		return
	}
	rep, err := compliance.Load(r.Context(), d.Store, q.Region, q.Year, q.Kind, yusuan.DateOf(now))
	if err != nil {
		d.complianceUnavailable(w, r, err)
		return
	}
	compliance.Sort(rep.Rows, q.Sort, q.Desc)
	var cols []complianceColumn
	for _, k := range compliance.SortKeys {
		c := complianceColumn{Title: k.Title, Sort: "none"}
		next := q
		next.Sort, next.Desc = k.Key, false
		if q.Sort == k.Key {
			c.Sort = "ascending"
			if q.Desc {
				c.Sort = "descending"
			}
			next.Desc = !q.Desc
		}
		c.Href = "/desk/compliance?" + next.Values("").Encode()
		cols = append(cols, c)
	}
	data["Report"] = rep
	data["Columns"] = cols
	data["CSV"] = "/api/v1/compliance?" + q.Values("csv").Encode()
	data["JSON"] = "/api/v1/compliance?" + q.Values("").Encode()
	data["Years"] = yearChoices(q.Year, now)
	data["Self"] = "/desk/compliance?" + url.Values{"region": {q.Region}}.Encode()
	d.Render(w, r, http.StatusOK, "compliance.tmpl", data)
}

// yearChoices are the years the form offers: from five years back to
// next year, and the year shown.
func yearChoices(shown int, now time.Time) []int {
	y := now.In(yusuan.ChinaTime).Year()
	var out []int
	for v := y + 1; v >= y-5; v-- {
		out = append(out, v)
	}
	if shown > y+1 || shown < y-5 {
		out = append(out, shown)
	}
	return out
}

func (d *Desk) complianceUnavailable(w http.ResponseWriter, r *http.Request, err error) {
	d.Log.Error("compliance", "error", err.Error())
	d.Error(w, r, http.StatusServiceUnavailable, "数据库暂时不可用，请稍后再试")
}

// setApproval enters or corrects an organization's approval date (批复日期)
// from the dashboard, as yusuan approval set does: a finance reviewer for
// the organizations of the region, an administrator for any; the change
// is audited with the account and its address. It returns to the
// dashboard of the organization's region, year and kind, in the order
// the form came from.
func (d *Desk) setApproval(w http.ResponseWriter, r *http.Request) {
	u := yusuan.UserFrom(r.Context())
	code := strings.TrimSpace(r.PostFormValue("organization"))
	back := url.Values{"year": {r.PostFormValue("year")}, "kind": {r.PostFormValue("kind")}, "sort": {r.PostFormValue("sort")}, "desc": {r.PostFormValue("desc")}}
	q, err := compliance.ParseQuery(back, u, time.Now())
	if err != nil {
		d.Error(w, r, http.StatusBadRequest, err.Error())
		return
	}
	on, err := yusuan.ParseDate(r.PostFormValue("approved_on"))
	if err != nil {
		d.Error(w, r, http.StatusBadRequest, "批复日期："+err.Error())
		return
	}
	orgs, err := d.Store.Organizations(r.Context(), yusuan.OrganizationFilter{Query: code})
	if err != nil {
		d.complianceUnavailable(w, r, err)
		return
	}
	var org *yusuan.Organization
	for i := range orgs {
		if code != "" && orgs[i].Code == code {
			org = &orgs[i]
		}
	}
	// An organization of another region is answered as one not
	// registered: the answer tells nobody outside the region that a code
	// exists, nor where.
	if org == nil || !compliance.Allowed(u, org.Region) {
		d.Error(w, r, http.StatusNotFound, "您所在地区没有单位编码为 "+code+" 的单位")
		return
	}
	_, err = d.Store.SetApprovals(r.Context(), []store.ApprovalChange{{Organization: org.Code, Year: q.Year, Kind: q.Kind, ApprovedOn: on}}, u.Name, auth.Remote(r))
	var ae *store.ApprovalError
	switch {
	case errors.As(err, &ae):
		d.Error(w, r, http.StatusBadRequest, ae.Error())
		return
	case err != nil:
		d.complianceUnavailable(w, r, err)
		return
	}
	q.Region = org.Region
	http.Redirect(w, r, "/desk/compliance?"+q.Values("").Encode(), http.StatusSeeOther)
}
