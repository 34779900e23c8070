package portal_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/yusuan/yusuan"
	"github.com/yusuan/yusuan/catalog"
	"github.com/yusuan/yusuan/compile"
	"github.com/yusuan/yusuan/demo"
	"github.com/yusuan/yusuan/portal"
	"github.com/yusuan/yusuan/profile"
	"github.com/yusuan/yusuan/server"
	"github.com/yusuan/yusuan/store"
	"github.com/yusuan/yusuan/store/storetest"
)

// site publishes a small demo region (two years, the second department in
// two versions) and serves the portal over the API.
func site(t testing.TB) (*httptest.Server, map[string]int64) {
	t.Helper()
	db, err := store.Open(context.Background(), storetest.SQLite(t), store.Options{Migrate: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	p, _ := profile.LoadFile("zhengzhou-2021")
	ds, err := demo.Generate(catalog.Load, demo.Options{Departments: 3, FirstYear: 2025, LastYear: 2026, Seed: 4, Profile: p.ID})
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]int64{}
	pub := func(d demo.Department, b *yusuan.Budget, file, reason string) int64 {
		cat, _ := catalog.Load(b.Year)
		doc, err := compile.Compile(b, p, cat)
		if err != nil {
			t.Fatal(err)
		}
		dj, _ := json.Marshal(doc)
		res, err := db.Publish(context.Background(), yusuan.NewPublication{
			Organization: yusuan.Organization{Code: d.Code, Name: d.Name, Region: "999900"},
			Region:       &yusuan.Region{Code: "999900", Name: "示例市"}, FileName: "b.json", File: []byte(file),
			Document: doc, DocumentJSON: dj, FindingsJSON: []byte(`{"schema":"yusuan.findings/v1","documents":[{"source":"b.json","findings":[{"rule":"NAR-001","severity":"warning","message":"示例警告"}]}]}`),
			Warnings: 1, Facts: yusuan.Facts(doc), Reason: reason,
		})
		if err != nil {
			t.Fatal(err)
		}
		return res.Publication.ID
	}
	for _, d := range ds {
		for _, b := range d.Budgets {
			ids[d.Code] = pub(d, b, d.Code+string(rune('0'+b.Year%10)), "")
		}
	}
	// A second version of the last department's 2026 budget.
	last := ds[len(ds)-1]
	b := last.Budgets[1]
	b.Expenditure[0].Amount += 100
	b.Income[0].Amount += 100
	ids["v2"] = pub(last, b, "second version", CorrectionReason)
	api := server.New(db, server.Options{Formats: []string{"md"}})
	pg, err := portal.New(api)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/api/") {
			api.ServeHTTP(w, r)
			return
		}
		pg.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	return srv, ids
}

func page(t *testing.T, url string) (*http.Response, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

// CorrectionReason is the public reason of the site's second version.
const CorrectionReason = "更正一般公共服务支出的金额"

// TestCorrectionReason: the reason of a correction is shown beside the
// version history, on the new version's page and on the old one's.
func TestCorrectionReason(t *testing.T) {
	srv, ids := site(t)
	_, v2 := page(t, fmt.Sprintf("%s/pub/%d", srv.URL, ids["v2"]))
	if !strings.Contains(v2, "本版更正原因：</strong>"+CorrectionReason) || !strings.Contains(v2, "更正原因："+CorrectionReason) {
		t.Error("the corrected version's page does not show its reason")
	}
	// The first version of the same budget: the history shows the reason.
	var vs struct {
		Versions []yusuan.Publication `json:"versions"`
	}
	_, b := page(t, fmt.Sprintf("%s/api/v1/publications/%d/versions", srv.URL, ids["v2"]))
	if err := json.Unmarshal([]byte(b), &vs); err != nil || len(vs.Versions) != 2 || vs.Versions[1].Reason != CorrectionReason || vs.Versions[0].Reason != "" {
		t.Fatalf("versions %s, %v", b, err)
	}
	_, v1 := page(t, fmt.Sprintf("%s/pub/%d", srv.URL, vs.Versions[0].ID))
	if !strings.Contains(v1, "更正原因："+CorrectionReason) || strings.Contains(v1, "本版更正原因") {
		t.Error("the first version's page does not show the reason of the version that replaced it, or claims one of its own")
	}
}

var assetRef = regexp.MustCompile(`(?:src|href)="(/assets/[^"]+)"`)

func TestPages(t *testing.T) {
	srv, ids := site(t)
	for _, c := range []struct {
		path string
		want []string
	}{
		{"/", []string{"2026 年预算公开", "支出预算合计", "按功能分类", "下载数据（CSV）", "/api/v1/cubes/expenditure/aggregate", "演示数据"}},
		{"/?year=2025", []string{"2025 年预算公开"}},
		{"/org/101", []string{"历年支出", "第 1 版"}},
		{"/pub/" + jsonID(ids["v2"]), []string{"第 2 版", "与上一版相比改动的单元格", "示例警告", "/files/md"}},
		{"/three-public", []string{"“三公”经费", "公务接待费", "上年"}},
		{"/search?q=%E7%A4%BA%E4%BE%8B", []string{"/org/101"}},
		{"/org/101", []string{"年度对比", "基本支出与项目支出", "比上年"}},
		{"/subject/201", []string{"科目 201 一般公共服务支出", "各部门历年支出"}},
		{"/compare?org=101&org=102&year=2026", []string{"部门对比 · 2026 年", "按功能分类", "checked", "2026 年机关运行经费（万元）", `<th scope="row">机关运行经费</th>`}},
		{"/compare", []string{"选择要对比的部门"}},
		{"/downloads?year=2026", []string{"数据下载 · 2026 年", "/files/pdf", "format=csv"}},
	} {
		resp, body := page(t, srv.URL+c.path)
		if resp.StatusCode != 200 {
			t.Errorf("%s: %d %s", c.path, resp.StatusCode, body[strings.Index(body, "<main>"):])
			continue
		}
		csp := resp.Header.Get("Content-Security-Policy")
		if !strings.Contains(csp, "default-src 'none'") || !strings.Contains(csp, "script-src 'self'") {
			t.Errorf("%s: CSP %q", c.path, csp)
		}
		for _, w := range c.want {
			if !strings.Contains(body, w) {
				t.Errorf("%s does not show %q", c.path, w)
			}
		}
		if strings.Contains(body, "http://") || strings.Contains(body, "https://") {
			t.Errorf("%s refers to another host", c.path)
		}
		for _, m := range assetRef.FindAllStringSubmatch(body, -1) {
			resp, _ := page(t, srv.URL+m[1])
			if resp.StatusCode != 200 || !strings.Contains(resp.Header.Get("Cache-Control"), "immutable") {
				t.Errorf("asset %s: %d %q", m[1], resp.StatusCode, resp.Header.Get("Cache-Control"))
			}
		}
	}
	for _, bad := range []string{"/nope", "/org/none", "/pub/999", "/pub/x", "/?year=abc", "/subject/20", "/subject/abc", "/compare?org=1&org=2&org=3&org=4&org=5&org=6&org=7&org=8&org=9&org=10&org=11"} {
		if resp, body := page(t, srv.URL+bad); resp.StatusCode < 400 || !strings.Contains(body, "返回首页") {
			t.Errorf("%s: %d", bad, resp.StatusCode)
		}
	}
}

func jsonID(id int64) string { b, _ := json.Marshal(id); return string(b) }

// 年度对比 shows 机关运行经费 year by year as each year's disclosure states
// it (the demo's narrative: 机关运行经费安排 X 万元), with the change on the
// year before, and links the data.
func TestOperatingCostAcrossYears(t *testing.T) {
	srv, _ := site(t)
	var list struct {
		Publications []struct {
			ID   int64 `json:"id"`
			Year int   `json:"year"`
		} `json:"publications"`
	}
	resp, body := page(t, srv.URL+"/api/v1/publications?organization=101")
	if resp.StatusCode != 200 || json.Unmarshal([]byte(body), &list) != nil || len(list.Publications) != 2 {
		t.Fatalf("publications of 101: %d %s", resp.StatusCode, body)
	}
	printed := map[int]string{}
	for _, p := range list.Publications {
		var one struct {
			Document yusuan.Document `json:"document"`
		}
		_, body := page(t, fmt.Sprintf("%s/api/v1/publications/%d", srv.URL, p.ID))
		if err := json.Unmarshal([]byte(body), &one); err != nil {
			t.Fatal(err)
		}
		for _, s := range one.Document.Narrative {
			for _, f := range s.Figures {
				if f.Ref == "operating_cost" && f.Kind == yusuan.FigureAmount && printed[p.Year] == "" {
					printed[p.Year] = f.Printed
				}
			}
		}
	}
	if len(printed) != 2 {
		t.Fatalf("the demo narratives state 机关运行经费 for %v; want both years", printed)
	}
	_, body = page(t, srv.URL+"/org/101")
	i := strings.Index(body, "机关运行经费（万元）与上年相比")
	if i < 0 {
		t.Fatal("/org/101 has no 机关运行经费 across years")
	}
	sec := body[i:]
	sec = sec[:strings.Index(sec, "</table>")]
	if !strings.Contains(sec, `href="/api/v1/cubes/operating_cost/aggregate?drilldown=year&amp;order=year:asc&amp;cut=organization:101%7ckind:budget"`) {
		t.Errorf("the 机关运行经费 table does not link its data: %s", sec)
	}
	row := regexp.MustCompile(`<th scope="row">(\d{4})</th><td class="num">([0-9,.]+)</td>\s*<td class="num">([^<]*)</td>`)
	rows := row.FindAllStringSubmatch(sec, -1)
	if len(rows) != 2 {
		t.Fatalf("机关运行经费 rows: %q", rows)
	}
	amounts := map[string]float64{}
	for _, r := range rows {
		year, _ := strconv.Atoi(r[1])
		got, _ := strconv.ParseFloat(strings.ReplaceAll(r[2], ",", ""), 64)
		want, _ := strconv.ParseFloat(strings.ReplaceAll(printed[year], ",", ""), 64)
		if got != want {
			t.Errorf("%d: page shows %s 万元, the narrative %s", year, r[2], printed[year])
		}
		amounts[r[1]] = got
	}
	d := amounts["2026"] - amounts["2025"]
	want := "持平"
	switch {
	case d > 0:
		want = fmt.Sprintf("增加 %s 万元", money(d))
	case d < 0:
		want = fmt.Sprintf("减少 %s 万元", money(-d))
	}
	if rows[1][3] != want {
		t.Errorf("2026 比上年: %q, want %q", rows[1][3], want)
	}
}

// money prints 万元 with two decimals and thousands separators, as the pages do.
func money(v float64) string {
	s := strconv.FormatFloat(v, 'f', 2, 64)
	intPart, frac, _ := strings.Cut(s, ".")
	for i := len(intPart) - 3; i > 0; i -= 3 {
		intPart = intPart[:i] + "," + intPart[i:]
	}
	return intPart + "." + frac
}

// A department that publishes a year's budget and its final accounts has
// its years compared budget to budget, and the region's pages (首页, 部门对比,
// 科目, “三公”经费) count budgets: the two are never summed.
func TestOrgYearsOfOneKind(t *testing.T) {
	db, err := store.Open(context.Background(), storetest.SQLite(t), store.Options{Migrate: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	p, _ := profile.LoadFile("zhengzhou-2021")
	ds, err := demo.Generate(catalog.Load, demo.Options{Departments: 1, FirstYear: 2025, LastYear: 2026, Seed: 4, Profile: p.ID})
	if err != nil {
		t.Fatal(err)
	}
	d := ds[0]
	publish := func(doc *yusuan.Document, file string) {
		dj, _ := json.Marshal(doc)
		if _, err := db.Publish(context.Background(), yusuan.NewPublication{
			Organization: yusuan.Organization{Code: d.Code, Name: d.Name, Region: "999900"},
			Region:       &yusuan.Region{Code: "999900", Name: "示例市"}, FileName: "b.json", File: []byte(file),
			Document: doc, DocumentJSON: dj, Facts: yusuan.Facts(doc),
		}); err != nil {
			t.Fatal(err)
		}
	}
	var docs []*yusuan.Document
	for i, b := range d.Budgets {
		cat, _ := catalog.Load(b.Year)
		doc, err := compile.Compile(b, p, cat)
		if err != nil {
			t.Fatal(err)
		}
		docs = append(docs, doc)
		publish(doc, fmt.Sprint("budget", i))
	}
	// The 2025 figures published once more as that year's final accounts.
	var final yusuan.Document
	dj, _ := json.Marshal(docs[0])
	json.Unmarshal(dj, &final)
	final.Kind = yusuan.DocFinal
	publish(&final, "final")
	api := server.New(db, server.Options{Formats: []string{"md"}})
	pg, err := portal.New(api)
	if err != nil {
		t.Fatal(err)
	}
	rec := httptest.NewRecorder()
	pg.ServeHTTP(rec, httptest.NewRequest("GET", "/org/"+d.Code, nil))
	body := rec.Body.String()
	if rec.Code != 200 {
		t.Fatalf("/org/%s: %d", d.Code, rec.Code)
	}
	total := func(doc *yusuan.Document) yusuan.Amount {
		var sum yusuan.Amount
		for _, f := range yusuan.Facts(doc) {
			if f.Table == yusuan.KindExpenditure && f.Scheme == yusuan.FactFunctional && len(f.Code) == 7 && (f.Column == "basic" || f.Column == "project") {
				sum += f.Amount
			}
		}
		return sum
	}
	for i, doc := range docs {
		want := fmt.Sprintf(`<th scope="row">%d</th><td class="num">%s</td>`, doc.Year, money(float64(total(doc))/1e6))
		if !strings.Contains(body, want) {
			t.Errorf("year %d: the page does not show the budget's %s 万元 alone (doc %d)", doc.Year, money(float64(total(doc))/1e6), i)
		}
	}
	if !strings.Contains(body, "历年支出预算与上年相比") {
		t.Error("the page does not say the years compared are budgets")
	}
	// The region's pages are of budgets (预算公开): the final accounts of
	// 2025 are not added to its budget on any of them.
	budget := money(float64(total(docs[0])) / 1e6)
	doubled := money(float64(2*total(docs[0])) / 1e6)
	for _, path := range []string{"/?year=2025", "/compare?org=" + d.Code + "&year=2025&per=person", "/subject/201"} {
		rec := httptest.NewRecorder()
		pg.ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
		body := rec.Body.String()
		if rec.Code != 200 {
			t.Fatalf("%s: %d", path, rec.Code)
		}
		if path != "/subject/201" && !strings.Contains(body, budget) && !strings.Contains(body, strings.ReplaceAll(budget, ",", "")) {
			t.Errorf("%s does not show the budget's %s 万元", path, budget)
		}
		if strings.Contains(body, doubled) {
			t.Errorf("%s shows %s 万元, the budget and the final accounts summed", path, doubled)
		}
	}
	var three struct {
		Summary struct {
			Amount json.Number `json:"amount"`
		} `json:"summary"`
	}
	rec = httptest.NewRecorder()
	pg.ServeHTTP(rec, httptest.NewRequest("GET", "/three-public?year=2025", nil))
	var link string
	for _, m := range regexp.MustCompile(`href="(/api/v1/cubes/three_public/aggregate\?drilldown=item[^"]*)"`).FindAllStringSubmatch(rec.Body.String(), -1) {
		if !strings.Contains(m[1], "format=csv") {
			link = m[1]
		}
	}
	if link == "" {
		t.Error("/three-public links no items aggregate")
	} else {
		arec := httptest.NewRecorder()
		api.ServeHTTP(arec, httptest.NewRequest("GET", strings.ReplaceAll(link, "&amp;", "&"), nil))
		json.Unmarshal(arec.Body.Bytes(), &three)
		var want yusuan.Amount
		for _, f := range yusuan.Facts(docs[0]) {
			if f.Table == yusuan.KindThreePublic && f.Scheme == yusuan.FactKey && f.Column == "amount" && f.Code != "operating_cost" {
				want += f.Amount
			}
		}
		if got, _ := yusuan.ParseAmount(three.Summary.Amount.String()); got != want {
			t.Errorf("/three-public of 2025 sums %v 分, the budget's 三公 is %v", got, want)
		}
	}
}
