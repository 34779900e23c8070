// Package portal is the public portal: server-rendered pages in Chinese
// over the same store and API as `yusuan serve`. Every figure on a page
// comes from an API call made in-process, and each chart or table links
// to that call (as JSON and CSV), so what a reader sees is what they can
// download. Assets are embedded and served under hashed, immutable URLs;
// nothing is loaded from another host, and the Content-Security-Policy
// allows only this origin.
package portal

import (
	"bytes"
	"context"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/yusuan/yusuan"
	"github.com/yusuan/yusuan/render/html"
	"github.com/yusuan/yusuan/store"
)

//go:embed templates/*.tmpl
var templateFS embed.FS

//go:embed assets/portal.css assets/portal.js assets/htmx.min.js
var assetFS embed.FS

// asset is an embedded file served under a URL that names its hash.
type asset struct {
	name, contentType string
	data              []byte
}

// Portal serves the pages; api is the JSON API they read.
type Portal struct {
	// generation, when set, says which state of the database a page was
	// made from: pages are kept in memory and served again until it
	// changes (a new publication or version), then made anew.
	generation func(ctx context.Context) (int64, error)
	cache      pageCache
	api        http.Handler
	tmpl       *template.Template
	assets     map[string]asset // by hashed path
	urls       map[string]string
}

// Option configures the portal.
type Option func(*Portal)

// WithGeneration keeps made pages in memory while gen returns the same
// value (store.DB.Generation): the pages are the same for every reader
// until something is published.
func WithGeneration(gen func(ctx context.Context) (int64, error)) Option {
	return func(p *Portal) { p.generation = gen }
}

// New makes the portal over the API handler (server.New).
func New(api http.Handler, opts ...Option) (*Portal, error) {
	p := &Portal{api: api, assets: map[string]asset{}, urls: map[string]string{}}
	for _, o := range opts {
		o(p)
	}
	css, _ := assetFS.ReadFile("assets/portal.css")
	js, _ := assetFS.ReadFile("assets/portal.js")
	hx, _ := assetFS.ReadFile("assets/htmx.min.js")
	for _, a := range []asset{
		{"portal.css", "text/css; charset=utf-8", css},
		{"portal.js", "text/javascript; charset=utf-8", js},
		{"htmx.min.js", "text/javascript; charset=utf-8", hx},
		{"echarts.min.js", "text/javascript; charset=utf-8", []byte(html.ECharts())},
	} {
		sum := sha256.Sum256(a.data)
		path := "/assets/" + hex.EncodeToString(sum[:6]) + "-" + a.name
		p.assets[path] = a
		p.urls[a.name] = path
	}
	t, err := template.New("").Funcs(template.FuncMap{
		"asset": func(name string) string { return p.urls[name] },
		"wan":   wan,
		"pct":   pct,
		"kind":  kindName,
		"query": url.QueryEscape,
		"csv":   func(u string) string { return u + sep(u) + "format=csv" },
		"add":   func(a, b int) int { return a + b },
		"dict": func(kv ...any) map[string]any {
			m := map[string]any{}
			for i := 0; i+1 < len(kv); i += 2 {
				m[fmt.Sprint(kv[i])] = kv[i+1]
			}
			return m
		},
	}).ParseFS(templateFS, "templates/*.tmpl")
	if err != nil {
		return nil, err
	}
	p.tmpl = t
	return p, nil
}

func sep(u string) string {
	if strings.Contains(u, "?") {
		return "&"
	}
	return "?"
}

// csp allows this origin only; the chart data is JSON in the page.
const csp = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

// ServeHTTP routes a page request.
func (p *Portal) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if a, ok := p.assets[r.URL.Path]; ok {
		w.Header().Set("Content-Type", a.contentType)
		w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
		w.Header().Set("X-Content-Type-Options", "nosniff")
		w.Write(a.data)
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		p.fail(w, r, &pageError{http.StatusMethodNotAllowed, "只支持 GET"})
		return
	}
	if p.generation == nil {
		p.servePage(w, r)
		return
	}
	gen, err := p.generation(r.Context())
	if err != nil {
		p.servePage(w, r) // the page says what is wrong with the database
		return
	}
	key := r.URL.RequestURI()
	if isPart(r) {
		key = "part " + key // the fragment, not the page
	}
	if body, ok := p.cache.get(key, gen); ok {
		p.write(w, http.StatusOK, body)
		return
	}
	rec := httptest.NewRecorder()
	p.servePage(rec, r)
	if rec.Code == http.StatusOK {
		p.cache.put(key, gen, rec.Body.Bytes())
	}
	for k, vs := range rec.Header() {
		w.Header()[k] = vs
	}
	w.WriteHeader(rec.Code)
	w.Write(rec.Body.Bytes())
}

// servePage renders the page the request asks for.
func (p *Portal) servePage(w http.ResponseWriter, r *http.Request) {
	var err error
	switch path := r.URL.Path; {
	case path == "/":
		err = p.home(w, r)
	case strings.HasPrefix(path, "/org/"):
		err = p.organization(w, r, strings.TrimPrefix(path, "/org/"))
	case strings.HasPrefix(path, "/pub/"):
		err = p.publication(w, r, strings.TrimPrefix(path, "/pub/"))
	case path == "/three-public":
		err = p.threePublic(w, r)
	case path == "/search":
		err = p.search(w, r)
	case strings.HasPrefix(path, "/subject/"):
		err = p.subject(w, r, strings.TrimPrefix(path, "/subject/"))
	case path == "/compare":
		err = p.compare(w, r)
	case path == "/downloads":
		err = p.downloads(w, r)
	case path == "/api-docs":
		err = p.apiDocs(w, r)
	default:
		err = &pageError{http.StatusNotFound, "没有这个页面"}
	}
	if err != nil {
		p.fail(w, r, err)
	}
}

type pageError struct {
	status int
	msg    string
}

func (e *pageError) Error() string { return e.msg }

func (p *Portal) fail(w http.ResponseWriter, r *http.Request, err error) {
	status, msg := http.StatusInternalServerError, "内部错误"
	if pe, ok := err.(*pageError); ok {
		status, msg = pe.status, pe.msg
	}
	var b bytes.Buffer
	name := "error.tmpl"
	if isPart(r) {
		name = "error-part"
	}
	p.tmpl.ExecuteTemplate(&b, name, map[string]any{"Title": "出错了", "Status": status, "Message": msg})
	p.write(w, status, b.Bytes())
}

// isPart tells an htmx request for a page's changing part (a form's
// results) from a request for the whole page. A history restore asks
// for the whole page.
func isPart(r *http.Request) bool {
	return r.Header.Get("HX-Request") == "true" && r.Header.Get("HX-History-Restore-Request") != "true"
}

// renderPart renders the page name, or for an htmx request only its part
// (a template the page itself includes, so both show the same).
func (p *Portal) renderPart(w http.ResponseWriter, r *http.Request, name, part string, data map[string]any) error {
	if isPart(r) {
		data["Part"] = true
		name = part
	}
	return p.render(w, name, data)
}

func (p *Portal) write(w http.ResponseWriter, status int, b []byte) {
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Content-Security-Policy", csp)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "same-origin")
	h.Set("X-Frame-Options", "DENY") // frame-ancestors, for browsers without CSP 2
	h.Set("Cache-Control", "no-cache")
	h.Set("Vary", "HX-Request, HX-History-Restore-Request") // a form's results come as a page or as its part
	w.WriteHeader(status)
	w.Write(b)
}

func (p *Portal) render(w http.ResponseWriter, name string, data map[string]any) error {
	var b bytes.Buffer
	if err := p.tmpl.ExecuteTemplate(&b, name, data); err != nil {
		return err
	}
	p.write(w, http.StatusOK, b.Bytes())
	return nil
}

// get calls the API in-process and decodes its JSON answer into v.
func (p *Portal) get(apiURL string, v any) error {
	rec := httptest.NewRecorder()
	p.api.ServeHTTP(rec, httptest.NewRequest("GET", apiURL, nil))
	switch {
	case rec.Code == http.StatusNotFound:
		return &pageError{http.StatusNotFound, "没有找到"}
	case rec.Code == http.StatusBadRequest:
		var e struct {
			Error struct{ Message string } `json:"error"`
		}
		json.Unmarshal(rec.Body.Bytes(), &e)
		return &pageError{http.StatusBadRequest, e.Error.Message + "（" + apiURL + "）"}
	case rec.Code == http.StatusServiceUnavailable:
		return &pageError{http.StatusServiceUnavailable, "数据库暂时不可用，请稍后再试"}
	case rec.Code != http.StatusOK:
		return fmt.Errorf("%s: status %d", apiURL, rec.Code)
	}
	dec := json.NewDecoder(rec.Body)
	dec.UseNumber()
	return dec.Decode(v)
}

// cell is one aggregate cell as the pages use it.
type cell struct {
	Key, Name string
	Amount    yusuan.Amount
	Share     float64 // of the total, in percent
}

type aggregate struct {
	Cells   []map[string]any `json:"cells"`
	Summary struct {
		Amount json.Number `json:"amount"`
	} `json:"summary"`
}

// cells reads an aggregate drilled by one dimension into cells.
func (p *Portal) cells(apiURL, dim string) ([]cell, yusuan.Amount, error) {
	var a aggregate
	if err := p.get(apiURL, &a); err != nil {
		return nil, 0, err
	}
	total, _ := yusuan.ParseAmount(a.Summary.Amount.String())
	var out []cell
	for _, c := range a.Cells {
		amt, _ := yusuan.ParseAmount(fmt.Sprint(c["amount"]))
		name, _ := c[dim+".name"].(string)
		out = append(out, cell{Key: fmt.Sprint(c[dim]), Name: name, Amount: amt})
	}
	for i := range out {
		if total != 0 {
			out[i].Share = float64(out[i].Amount) * 100 / float64(total)
		}
	}
	return out, total, nil
}

// chart is what portal.js draws: a bar chart over the table beside it.
type chart struct {
	ID     string    `json:"id"`
	Title  string    `json:"title"`
	Labels []string  `json:"labels"`
	Values []float64 `json:"values"` // 万元
}

func chartOf(id, title string, cs []cell) template.JS {
	c := chart{ID: id, Title: title}
	for _, x := range cs {
		label := x.Name
		if label == "" {
			label = x.Key
		}
		c.Labels = append(c.Labels, label)
		w, _ := strconv.ParseFloat(x.Amount.Wan(2), 64)
		c.Values = append(c.Values, w)
	}
	b, _ := json.Marshal(c)
	return template.JS(b)
}

// wan prints an amount in 万元 with two decimals and separators.
func wan(a yusuan.Amount) string {
	s := a.Wan(2)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	intPart, frac, _ := strings.Cut(s, ".")
	var b strings.Builder
	for i, r := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	out := b.String()
	if frac != "" {
		out += "." + frac
	}
	if neg {
		out = "-" + out
	}
	return out
}

func pct(f float64) string { return strconv.FormatFloat(f, 'f', 2, 64) + "%" }

func kindName(k string) string {
	if k == yusuan.DocFinal {
		return "决算"
	}
	return "预算"
}

// years lists the years that have publications, newest first.
func (p *Portal) years() ([]int, error) {
	var m struct {
		Members []map[string]any `json:"members"`
	}
	if err := p.get("/api/v1/cubes/expenditure/members/year", &m); err != nil {
		return nil, err
	}
	var ys []int
	for _, x := range m.Members {
		if n, err := strconv.Atoi(fmt.Sprint(x["year"])); err == nil {
			ys = append(ys, n)
		}
	}
	sort.Sort(sort.Reverse(sort.IntSlice(ys)))
	return ys, nil
}

func (p *Portal) home(w http.ResponseWriter, r *http.Request) error {
	ys, err := p.years()
	if err != nil {
		return err
	}
	year := 0
	if len(ys) > 0 {
		year = ys[0]
	}
	if v := r.URL.Query().Get("year"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			return &pageError{http.StatusBadRequest, "年度不正确"}
		}
		year = n
	}
	data := map[string]any{"Title": "预算公开", "Years": ys, "Year": year}
	if year == 0 {
		return p.render(w, "home.tmpl", data)
	}
	cut := fmt.Sprintf("cut=year:%d|kind:budget", year)
	classURL := "/api/v1/cubes/expenditure/aggregate?drilldown=function.class&order=amount:desc&" + cut
	classes, total, err := p.cells(classURL, "function.class")
	if err != nil {
		return err
	}
	orgURL := "/api/v1/cubes/expenditure/aggregate?drilldown=organization&order=amount:desc&pagesize=50&" + cut
	orgs, _, err := p.cells(orgURL, "organization")
	if err != nil {
		return err
	}
	var pubs struct {
		Publications []yusuan.Publication `json:"publications"`
	}
	if err := p.get(fmt.Sprintf("/api/v1/publications?year=%d&limit=500", year), &pubs); err != nil {
		return err
	}
	status := map[string]int{}
	errs := 0
	for _, pb := range pubs.Publications {
		status[kindName(pb.Kind)]++
		if pb.Errors > 0 {
			errs++
		}
	}
	latest := append([]yusuan.Publication{}, pubs.Publications...)
	sort.Slice(latest, func(i, j int) bool { return latest[i].PublishedAt.After(latest[j].PublishedAt) })
	if len(latest) > 10 {
		latest = latest[:10]
	}
	data["Total"] = total
	data["Classes"] = classes
	data["ClassURL"] = classURL
	data["ClassChart"] = chartOf("classes", fmt.Sprintf("%d 年支出按功能分类（万元）", year), classes)
	data["Orgs"] = orgs
	data["OrgURL"] = orgURL
	data["Latest"] = latest
	data["Published"] = len(pubs.Publications)
	data["Status"] = status
	data["WithErrors"] = errs
	return p.render(w, "home.tmpl", data)
}

func (p *Portal) organization(w http.ResponseWriter, r *http.Request, code string) error {
	if code == "" || strings.ContainsAny(code, "/?#") {
		return &pageError{http.StatusNotFound, "没有这个单位"}
	}
	listURL := "/api/v1/publications?version=all&limit=500&organization=" + url.QueryEscape(code)
	var pubs struct {
		Publications []yusuan.Publication `json:"publications"`
	}
	if err := p.get(listURL, &pubs); err != nil {
		return err
	}
	if len(pubs.Publications) == 0 {
		return &pageError{http.StatusNotFound, "没有这个单位的发布"}
	}
	sort.SliceStable(pubs.Publications, func(i, j int) bool {
		a, b := pubs.Publications[i], pubs.Publications[j]
		if a.Year != b.Year {
			return a.Year > b.Year
		}
		if a.Kind != b.Kind {
			return a.Kind < b.Kind
		}
		return a.Version > b.Version
	})
	// The years compared are of one kind: the budgets where the
	// department publishes any (a year's 预算 and 决算 summed would be
	// neither), else its final accounts.
	kind := pubs.Publications[0].Kind
	for _, pub := range pubs.Publications {
		if pub.Kind == yusuan.DocBudget {
			kind = yusuan.DocBudget
		}
	}
	orgCut := "cut=organization:" + url.QueryEscape(code) + "|kind:" + url.QueryEscape(kind)
	yearURL := "/api/v1/cubes/expenditure/aggregate?drilldown=year&order=year:asc&" + orgCut
	byYear, _, err := p.cells(yearURL, "year")
	if err != nil {
		return err
	}
	org := pubs.Publications[0].Organization
	nature, err := p.crossTable("基本支出与项目支出（万元）", "/api/v1/cubes/expenditure/aggregate?drilldown=nature|year&"+orgCut, "nature", "year")
	if err != nil {
		return err
	}
	classes, err := p.crossTable("按功能分类（万元）", "/api/v1/cubes/expenditure/aggregate?drilldown=function.class|year&pagesize=10000&"+orgCut, "function.class", "year")
	if err != nil {
		return err
	}
	three, err := p.crossTable("“三公”经费（万元）", "/api/v1/cubes/three_public/aggregate?drilldown=item|year&"+orgCut, "item", "year")
	if err != nil {
		return err
	}
	// 机关运行经费 as each year's disclosure states it (its 三公 table or
	// its narrative), with the change on the year before.
	opURL := "/api/v1/cubes/operating_cost/aggregate?drilldown=year&order=year:asc&" + orgCut
	operating, _, err := p.cells(opURL, "year")
	if err != nil {
		return err
	}
	return p.render(w, "org.tmpl", map[string]any{
		"Title": org.Name, "Org": org, "Publications": pubs.Publications, "ListURL": listURL, "KindName": kindName(kind),
		"ByYear": series(byYear), "YearURL": yearURL, "YearChart": chartOf("years", "历年支出"+kindName(kind)+"（万元）", byYear),
		"Tables":    []*table{nature, classes, three},
		"Operating": series(operating), "OperatingURL": opURL,
	})
}

var formats = []struct{ Key, Name string }{
	{"html", "网页"}, {"pdf", "PDF"}, {"xlsx", "Excel"}, {"md", "Markdown"}, {"csv", "CSV（zip）"}, {"fdp", "Fiscal Data Package（zip）"},
}

func (p *Portal) publication(w http.ResponseWriter, r *http.Request, idText string) error {
	id, err := strconv.ParseInt(idText, 10, 64)
	if err != nil || id < 1 {
		return &pageError{http.StatusNotFound, "没有这个发布"}
	}
	base := "/api/v1/publications/" + strconv.FormatInt(id, 10)
	var pub struct {
		Publication yusuan.Publication `json:"publication"`
		Document    yusuan.Document    `json:"document"`
	}
	if err := p.get(base, &pub); err != nil {
		return err
	}
	var vs struct {
		Versions []yusuan.Publication `json:"versions"`
	}
	if err := p.get(base+"/versions", &vs); err != nil {
		return err
	}
	var findings struct {
		Documents []struct {
			Findings []struct {
				Rule, Severity, Message, Expected, Actual, Detail string
			} `json:"findings"`
		} `json:"documents"`
	}
	if err := p.get(base+"/findings", &findings); err != nil {
		var syn *json.UnmarshalTypeError
		if !errors.As(err, &syn) {
			return err
		}
		// Findings stored in another shape (an older store wrote []):
		// the page shows none rather than failing.
	}
	type finding struct{ Rule, Severity, Message, Expected, Actual, Detail string }
	var fs []finding
	for _, d := range findings.Documents {
		for _, f := range d.Findings {
			if f.Severity != "info" {
				fs = append(fs, finding(f))
			}
		}
	}
	// What changed against the previous version, if any.
	var changes []yusuan.CellChange
	var prevID int64
	for _, v := range vs.Versions {
		if v.Version == pub.Publication.Version-1 {
			prevID = v.ID
		}
	}
	if prevID != 0 {
		var d struct {
			Changes []yusuan.CellChange `json:"changes"`
		}
		if err := p.get(fmt.Sprintf("%s/diff?against=%d", base, prevID), &d); err != nil {
			return err
		}
		changes = d.Changes
		if len(changes) > 200 {
			changes = changes[:200]
		}
	}
	return p.render(w, "pub.tmpl", map[string]any{
		"Title": fmt.Sprintf("%s %d 年%s", pub.Publication.Organization.Name, pub.Publication.Year, kindName(pub.Publication.Kind)),
		"Pub":   pub.Publication, "Doc": &pub.Document, "Versions": vs.Versions, "Findings": fs, "Formats": formats, "Base": base,
		"Changes": changes, "PrevID": prevID,
	})
}

func (p *Portal) threePublic(w http.ResponseWriter, r *http.Request) error {
	ys, err := p.years()
	if err != nil {
		return err
	}
	if len(ys) == 0 {
		return p.render(w, "three.tmpl", map[string]any{"Title": "“三公”经费"})
	}
	year := ys[0]
	if v := r.URL.Query().Get("year"); v != "" {
		if year, err = strconv.Atoi(v); err != nil {
			return &pageError{http.StatusBadRequest, "年度不正确"}
		}
	}
	q := func(y int) string {
		return fmt.Sprintf("/api/v1/cubes/three_public/aggregate?drilldown=organization&order=amount:desc&pagesize=500&cut=year:%d|kind:budget", y)
	}
	cur, total, err := p.cells(q(year), "organization")
	if err != nil {
		return err
	}
	prev, prevTotal, err := p.cells(q(year-1), "organization")
	if err != nil {
		return err
	}
	last := map[string]yusuan.Amount{}
	for _, c := range prev {
		last[c.Key] = c.Amount
	}
	type row struct {
		cell
		Last      yusuan.Amount
		HasLast   bool
		Change    yusuan.Amount
		Growth    string
		Direction string
	}
	var rows []row
	for _, c := range cur {
		rw := row{cell: c}
		if l, ok := last[c.Key]; ok {
			rw.Last, rw.HasLast, rw.Change = l, true, c.Amount-l
			switch {
			case rw.Change > 0:
				rw.Direction = "增加"
			case rw.Change < 0:
				rw.Direction = "减少" // worded with the size, as series does
				rw.Change = -rw.Change
			default:
				rw.Direction = "持平"
			}
			if l != 0 {
				rw.Growth = pct(float64(rw.Change) * 100 / float64(l))
			}
		}
		rows = append(rows, rw)
	}
	itemsURL := fmt.Sprintf("/api/v1/cubes/three_public/aggregate?drilldown=item&cut=year:%d|kind:budget", year)
	items, _, err := p.cells(itemsURL, "item")
	if err != nil {
		return err
	}
	return p.render(w, "three.tmpl", map[string]any{
		"Title": "“三公”经费", "Year": year, "Years": ys, "Rows": rows, "Total": total, "PrevTotal": prevTotal,
		"URL": q(year), "Items": items, "ItemsURL": itemsURL, "ItemsChart": chartOf("items", fmt.Sprintf("%d 年“三公”经费构成（万元）", year), items),
	})
}

// searchGroup is one kind of search result as the page lists it.
type searchGroup struct {
	Kind, Title string
	Hits        []searchItem
}

// searchItem is one result: where it links, what it names and the snippet
// with the match (escaped by the template, marked with <mark>).
type searchItem struct {
	URL, Name, Meta string
	Snippet         store.Snippet
}

// searchLimit is how many index entries a search page asks the API for.
const searchLimit = 200

// search lists what the search index finds, grouped by kind in the order
// of the API's ranking: departments and units (one line per organization),
// projects and narrative paragraphs (per publication), functional 科目
// (one line per code, linking to the 科目 page) and economic 科目 (per
// publication, since they have no page of their own). A query that looks
// like an organization code also finds the organization by its code.
func (p *Portal) search(w http.ResponseWriter, r *http.Request) error {
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	data := map[string]any{"Title": "搜索", "Q": q}
	if q == "" {
		return p.renderPart(w, r, "search.tmpl", "search-result", data)
	}
	if len([]rune(q)) > store.MaxSearchQuery {
		return &pageError{http.StatusBadRequest, fmt.Sprintf("搜索词太长（最多 %d 个字）", store.MaxSearchQuery)}
	}
	var res struct {
		Results []store.SearchHit `json:"results"`
	}
	if err := p.get(fmt.Sprintf("/api/v1/search?q=%s&limit=%d", url.QueryEscape(q), searchLimit), &res); err != nil {
		return err
	}
	groups := []*searchGroup{
		{Kind: store.SearchOrg, Title: "部门和单位"},
		{Kind: store.SearchProject, Title: "项目"},
		{Kind: store.SearchSubject, Title: "科目"},
		{Kind: store.SearchNarrative, Title: "情况说明"},
	}
	byKind := map[string]*searchGroup{}
	for _, g := range groups {
		byKind[g.Kind] = g
	}
	seen := map[string]bool{}
	addOrg := func(code, name string, sn store.Snippet) {
		if !seen["org:"+code] {
			seen["org:"+code] = true
			byKind[store.SearchOrg].Hits = append(byKind[store.SearchOrg].Hits, searchItem{URL: "/org/" + url.PathEscape(code), Name: name, Meta: code, Snippet: sn})
		}
	}
	if isCode(q) {
		var orgs struct {
			Organizations []yusuan.Organization `json:"organizations"`
		}
		if err := p.get("/api/v1/organizations?q="+url.QueryEscape(q), &orgs); err != nil {
			return err
		}
		for _, o := range orgs.Organizations {
			if strings.Contains(strings.ToLower(o.Code), strings.ToLower(q)) {
				addOrg(o.Code, o.Name, store.MakeSnippet(o.Name, q, 40))
			}
		}
	}
	econ := map[string]int{}   // economic 科目 → index in its group
	econCount := map[int]int{} // index → publications listing it
	for _, h := range res.Results {
		pub := fmt.Sprintf("/pub/%d", h.PublicationID)
		meta := fmt.Sprintf("%s · %d 年%s", h.OrgName, h.Year, kindName(h.DocKind))
		g := byKind[h.Kind]
		switch {
		case g == nil:
			continue
		case h.Kind == store.SearchOrg:
			addOrg(h.OrgCode, h.Text, h.Snippet)
			continue
		case h.Kind == store.SearchSubject && h.Title == store.SubjectFunctional:
			if seen["subject:"+h.Code+h.Text] {
				continue
			}
			seen["subject:"+h.Code+h.Text] = true
			g.Hits = append(g.Hits, searchItem{URL: "/subject/" + url.PathEscape(h.Code), Name: h.Code + " " + h.Text, Meta: h.Title, Snippet: h.Snippet})
		case h.Kind == store.SearchSubject:
			// Economic 科目 have no page: one line per code and name,
			// linking to its first publication, with how many list it.
			k := "econ:" + h.Code + "\x00" + h.Text
			if i, ok := econ[k]; ok {
				econCount[i]++
				continue
			}
			econ[k] = len(g.Hits)
			g.Hits = append(g.Hits, searchItem{URL: pub, Name: h.Code + " " + h.Text, Meta: h.Title + " · " + meta, Snippet: h.Snippet})
			econCount[len(g.Hits)-1] = 1
		case h.Kind == store.SearchNarrative:
			g.Hits = append(g.Hits, searchItem{URL: pub, Name: h.Title, Meta: meta, Snippet: h.Snippet})
		default:
			g.Hits = append(g.Hits, searchItem{URL: pub, Name: h.Text, Meta: meta, Snippet: h.Snippet})
		}
	}
	for i, n := range econCount {
		if n > 1 {
			h := &byKind[store.SearchSubject].Hits[i]
			h.Meta += fmt.Sprintf(" 等 %d 份发布", n)
		}
	}
	var shown []*searchGroup
	for _, g := range groups {
		if len(g.Hits) > 0 {
			shown = append(shown, g)
		}
	}
	data["Groups"] = shown
	data["More"] = len(res.Results) == searchLimit
	data["APIURL"] = fmt.Sprintf("/api/v1/search?q=%s&limit=%d", url.QueryEscape(q), searchLimit)
	return p.renderPart(w, r, "search.tmpl", "search-result", data)
}

// isCode reports whether s could be (part of) an organization code:
// ASCII letters and digits only.
func isCode(s string) bool {
	for _, c := range s {
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z') {
			return false
		}
	}
	return s != ""
}

// yoy is one year of a department's figure with its change from the year
// before, worded as a narrative prints it.
type yoy struct {
	Year      string
	Amount    yusuan.Amount
	HasPrev   bool
	Change    yusuan.Amount
	Direction string // 增加, 减少, 持平
	Growth    string // "12.34%", or "" when last year is 0
}

// series turns cells keyed by year into year-on-year rows.
func series(cs []cell) []yoy {
	sort.Slice(cs, func(i, j int) bool { return cs[i].Key < cs[j].Key })
	out := make([]yoy, len(cs))
	for i, c := range cs {
		out[i] = yoy{Year: c.Key, Amount: c.Amount}
		if i == 0 {
			continue
		}
		prevYear, _ := strconv.Atoi(cs[i-1].Key)
		year, _ := strconv.Atoi(c.Key)
		if prevYear != year-1 {
			continue // a gap: no year-on-year figure
		}
		prev := cs[i-1].Amount
		out[i].HasPrev = true
		out[i].Change = c.Amount - prev
		switch {
		case out[i].Change > 0:
			out[i].Direction = "增加"
		case out[i].Change < 0:
			out[i].Direction = "减少"
			out[i].Change = -out[i].Change
		default:
			out[i].Direction = "持平"
		}
		if prev != 0 {
			out[i].Growth = pct(float64(out[i].Change) * 100 / float64(prev))
		}
	}
	return out
}

// table is a two-way table of amounts (rows × years), for the comparison
// pages.
type table struct {
	Caption string
	URL     string
	Cols    []string
	Rows    []tableRow
}

type tableRow struct {
	Key, Name string
	Values    []*yusuan.Amount // nil: no figure
}

// crossTable reads an aggregate drilled by rowDim|colDim into a table.
func (p *Portal) crossTable(caption, apiURL, rowDim, colDim string) (*table, error) {
	var a aggregate
	if err := p.get(apiURL, &a); err != nil {
		return nil, err
	}
	t := &table{Caption: caption, URL: apiURL}
	colIndex := map[string]int{}
	rowIndex := map[string]int{}
	for _, c := range a.Cells {
		col := fmt.Sprint(c[colDim])
		if _, ok := colIndex[col]; !ok {
			colIndex[col] = len(t.Cols)
			t.Cols = append(t.Cols, col)
		}
	}
	sort.Strings(t.Cols)
	for i, c := range t.Cols {
		colIndex[c] = i
	}
	for _, c := range a.Cells {
		key := fmt.Sprint(c[rowDim])
		i, ok := rowIndex[key]
		if !ok {
			i = len(t.Rows)
			rowIndex[key] = i
			name, _ := c[rowDim+".name"].(string)
			t.Rows = append(t.Rows, tableRow{Key: key, Name: name, Values: make([]*yusuan.Amount, len(t.Cols))})
		}
		amt, _ := yusuan.ParseAmount(fmt.Sprint(c["amount"]))
		t.Rows[i].Values[colIndex[fmt.Sprint(c[colDim])]] = &amt
	}
	sort.Slice(t.Rows, func(i, j int) bool { return t.Rows[i].Key < t.Rows[j].Key })
	return t, nil
}

// subject is one functional code across departments and years.
func (p *Portal) subject(w http.ResponseWriter, r *http.Request, code string) error {
	var dim string
	switch len(code) {
	case 3:
		dim = "function.class"
	case 5:
		dim = "function.section"
	case 7:
		dim = "function.item"
	}
	if dim == "" || strings.Trim(code, "0123456789") != "" {
		return &pageError{http.StatusNotFound, "科目编码应为 3、5 或 7 位数字"}
	}
	cut := "cut=" + dim + ":" + code + "|kind:budget"
	t, err := p.crossTable("各部门历年支出（万元）", "/api/v1/cubes/expenditure/aggregate?drilldown=organization|year&pagesize=10000&"+cut, "organization", "year")
	if err != nil {
		return err
	}
	yearURL := "/api/v1/cubes/expenditure/aggregate?drilldown=year&" + cut
	years, _, err := p.cells(yearURL, "year")
	if err != nil {
		return err
	}
	name := ""
	var m struct {
		Members []map[string]any `json:"members"`
	}
	if err := p.get("/api/v1/cubes/expenditure/members/"+dim+"?"+cut, &m); err == nil && len(m.Members) > 0 {
		name, _ = m.Members[0][dim+".name"].(string)
	}
	return p.render(w, "subject.tmpl", map[string]any{
		"Title": code + " " + name, "Code": code, "Name": name, "Table": t,
		"Years": series(years), "YearURL": yearURL, "YearChart": chartOf("subject", "历年合计（万元）", years),
	})
}

// compare shows several departments side by side in one year.
func (p *Portal) compare(w http.ResponseWriter, r *http.Request) error {
	orgs := r.URL.Query()["org"]
	if len(orgs) > 10 {
		return &pageError{http.StatusBadRequest, "最多同时比较 10 个部门"}
	}
	ys, err := p.years()
	if err != nil {
		return err
	}
	selected := map[string]bool{}
	for _, o := range orgs {
		selected[o] = true
	}
	data := map[string]any{"Title": "部门对比", "Orgs": orgs, "Years": ys, "Selected": selected}
	if len(orgs) == 0 || len(ys) == 0 {
		var all struct {
			Organizations []yusuan.Organization `json:"organizations"`
		}
		if err := p.get("/api/v1/organizations", &all); err != nil {
			return err
		}
		data["All"] = all.Organizations
		return p.renderPart(w, r, "compare.tmpl", "compare-result", data)
	}
	year := ys[0]
	if v := r.URL.Query().Get("year"); v != "" {
		if year, err = strconv.Atoi(v); err != nil {
			return &pageError{http.StatusBadRequest, "年度不正确"}
		}
	}
	esc := make([]string, len(orgs))
	for i, o := range orgs {
		esc[i] = url.QueryEscape(o)
	}
	cut := fmt.Sprintf("cut=year:%d|kind:budget|organization:%s", year, strings.Join(esc, ";"))
	nature, err := p.crossTable(fmt.Sprintf("%d 年基本支出与项目支出（万元）", year), "/api/v1/cubes/expenditure/aggregate?drilldown=nature|organization&"+cut, "nature", "organization")
	if err != nil {
		return err
	}
	classes, err := p.crossTable(fmt.Sprintf("%d 年按功能分类（万元）", year), "/api/v1/cubes/expenditure/aggregate?drilldown=function.class|organization&pagesize=10000&"+cut, "function.class", "organization")
	if err != nil {
		return err
	}
	three, err := p.crossTable(fmt.Sprintf("%d 年“三公”经费（万元）", year), "/api/v1/cubes/three_public/aggregate?drilldown=item|organization&"+cut, "item", "organization")
	if err != nil {
		return err
	}
	// 机关运行经费, one row: each department's as its disclosure states it.
	operating, err := p.crossTable(fmt.Sprintf("%d 年机关运行经费（万元）", year), "/api/v1/cubes/operating_cost/aggregate?drilldown=year|organization&"+cut, "year", "organization")
	if err != nil {
		return err
	}
	for i := range operating.Rows {
		operating.Rows[i].Name = "机关运行经费"
	}
	names := map[string]string{}
	var all struct {
		Organizations []yusuan.Organization `json:"organizations"`
	}
	if err := p.get("/api/v1/organizations", &all); err != nil {
		return err
	}
	for _, o := range all.Organizations {
		names[o.Code] = o.Name
	}
	data["Year"] = year
	data["Tables"] = []*table{nature, classes, three, operating}
	data["Names"] = names
	data["All"] = all.Organizations
	if r.URL.Query().Get("per") == "person" {
		pp, err := p.perPerson(orgs, year, nature)
		if err != nil {
			return err
		}
		data["PerPerson"] = pp
	}
	return p.renderPart(w, r, "compare.tmpl", "compare-result", data)
}

// personCol is one department of the per-person comparison.
type personCol struct {
	Org    string
	Staff  int64  // 编制人数 as the narrative prints it; 0 when not printed
	Total  string // 支出合计, 万元
	Per    string // 人均支出, 万元 per person; "" without 编制人数
	DocURL string // the API call the 编制人数 is read from
}

// perPerson divides each department's expenditure of the year by its
// 编制人数 where its narrative prints one (the figure staffing.authorized of
// its latest publication of the year).
func (p *Portal) perPerson(orgs []string, year int, nature *table) ([]personCol, error) {
	totals := map[string]yusuan.Amount{}
	for ci, org := range nature.Cols {
		for _, r := range nature.Rows {
			if v := r.Values[ci]; v != nil {
				totals[org] += *v
			}
		}
	}
	var out []personCol
	for _, org := range orgs {
		c := personCol{Org: org, Total: totals[org].Wan(2)}
		var pubs struct {
			Publications []yusuan.Publication `json:"publications"`
		}
		if err := p.get(fmt.Sprintf("/api/v1/publications?year=%d&limit=1&organization=%s", year, url.QueryEscape(org)), &pubs); err != nil {
			return nil, err
		}
		if len(pubs.Publications) > 0 {
			c.DocURL = fmt.Sprintf("/api/v1/publications/%d", pubs.Publications[0].ID)
			var one struct {
				Document yusuan.Document `json:"document"`
			}
			if err := p.get(c.DocURL, &one); err != nil {
				return nil, err
			}
			c.Staff = printedCount(&one.Document, "staffing.authorized")
		}
		if c.Staff > 0 {
			// 万元 per person, half up to 2 decimals: 分 × 100 ÷ (10^6 × staff).
			c.Per = yusuan.RoundDiv(int64(totals[org]), 1_000_000*c.Staff, 2)
		}
		out = append(out, c)
	}
	return out, nil
}

// printedCount is a count the narrative prints for ref (编制 275 人), or 0.
func printedCount(doc *yusuan.Document, ref string) int64 {
	for _, s := range doc.Narrative {
		for _, f := range s.Figures {
			if f.Ref == ref && f.Kind == yusuan.FigureCount {
				if n, err := strconv.ParseInt(strings.ReplaceAll(f.Printed, ",", ""), 10, 64); err == nil {
					return n
				}
			}
		}
	}
	return 0
}

// downloads lists every latest publication of a year with its files.
func (p *Portal) downloads(w http.ResponseWriter, r *http.Request) error {
	ys, err := p.years()
	if err != nil {
		return err
	}
	data := map[string]any{"Title": "数据下载", "Years": ys, "Formats": formats}
	if len(ys) == 0 {
		return p.render(w, "downloads.tmpl", data)
	}
	year := ys[0]
	if v := r.URL.Query().Get("year"); v != "" {
		if year, err = strconv.Atoi(v); err != nil {
			return &pageError{http.StatusBadRequest, "年度不正确"}
		}
	}
	listURL := fmt.Sprintf("/api/v1/publications?year=%d&limit=500", year)
	var pubs struct {
		Publications []yusuan.Publication `json:"publications"`
	}
	if err := p.get(listURL, &pubs); err != nil {
		return err
	}
	sort.Slice(pubs.Publications, func(i, j int) bool {
		return pubs.Publications[i].Organization.Code < pubs.Publications[j].Organization.Code
	})
	data["Year"] = year
	data["Publications"] = pubs.Publications
	data["ListURL"] = listURL
	data["Cubes"] = []string{"expenditure", "income", "three_public", "operating_cost", "basic_econ"}
	return p.render(w, "downloads.tmpl", data)
}

// pageCache keeps made pages by request URI and database generation,
// bounded: when full it starts over (pages are cheap to make again).
type pageCache struct {
	mu    sync.Mutex
	pages map[string]cachedPage
}

type cachedPage struct {
	gen  int64
	body []byte
}

// maxCachedPages bounds the memory the cache takes (pages weigh < 20 KB).
const maxCachedPages = 2000

func (c *pageCache) get(key string, gen int64) ([]byte, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	pg, ok := c.pages[key]
	if !ok || pg.gen != gen {
		return nil, false
	}
	return pg.body, true
}

func (c *pageCache) put(key string, gen int64, body []byte) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.pages == nil || len(c.pages) >= maxCachedPages {
		c.pages = map[string]cachedPage{}
	}
	c.pages[key] = cachedPage{gen: gen, body: append([]byte(nil), body...)}
}

// apiOperation is one operation of the OpenAPI document as the API
// documentation page prints it.
type apiOperation struct {
	Method, Path, Summary, Description string
	Params                             []apiParam
	Responses                          []apiResponse
	// Example is a URL to try, for an operation without path parameters.
	Example string
}

type apiParam struct {
	Name, In, Description, Type string
	Required                    bool
}

type apiResponse struct{ Code, Description string }

// apiDocs renders the API documentation from the OpenAPI document the API
// serves, so the page cannot drift from the API.
func (p *Portal) apiDocs(w http.ResponseWriter, r *http.Request) error {
	type schema struct {
		Type    string `json:"type"`
		Enum    []any  `json:"enum"`
		Minimum *json.Number
		Maximum *json.Number
	}
	type response struct {
		Ref         string `json:"$ref"`
		Description string `json:"description"`
	}
	type operation struct {
		Summary     string `json:"summary"`
		Description string `json:"description"`
		Parameters  []struct {
			Name        string `json:"name"`
			In          string `json:"in"`
			Required    bool   `json:"required"`
			Description string `json:"description"`
			Schema      schema `json:"schema"`
		} `json:"parameters"`
		Responses map[string]response `json:"responses"`
	}
	var doc struct {
		Info struct {
			Title, Version, Description string
		} `json:"info"`
		Paths      map[string]map[string]operation `json:"paths"`
		Components struct {
			Responses map[string]response `json:"responses"`
		} `json:"components"`
	}
	const docURL = "/api/v1/openapi.json"
	if err := p.get(docURL, &doc); err != nil {
		return err
	}
	var ops []apiOperation
	for path, methods := range doc.Paths {
		for method, op := range methods {
			o := apiOperation{Method: strings.ToUpper(method), Path: path, Summary: op.Summary, Description: op.Description}
			for _, prm := range op.Parameters {
				t := prm.Schema.Type
				if len(prm.Schema.Enum) > 0 {
					var vs []string
					for _, v := range prm.Schema.Enum {
						vs = append(vs, fmt.Sprint(v))
					}
					t += "：" + strings.Join(vs, "、")
				}
				if prm.Schema.Minimum != nil || prm.Schema.Maximum != nil {
					lo, hi := "", ""
					if prm.Schema.Minimum != nil {
						lo = prm.Schema.Minimum.String()
					}
					if prm.Schema.Maximum != nil {
						hi = prm.Schema.Maximum.String()
					}
					t += "（" + lo + "–" + hi + "）"
				}
				o.Params = append(o.Params, apiParam{Name: prm.Name, In: map[string]string{"path": "路径", "query": "查询"}[prm.In], Description: prm.Description, Type: t, Required: prm.Required})
			}
			for code, resp := range op.Responses {
				d := resp.Description
				if name, ok := strings.CutPrefix(resp.Ref, "#/components/responses/"); ok {
					d = doc.Components.Responses[name].Description
				}
				o.Responses = append(o.Responses, apiResponse{code, d})
			}
			sort.Slice(o.Responses, func(i, j int) bool { return o.Responses[i].Code < o.Responses[j].Code })
			if o.Method == "GET" && !strings.Contains(path, "{") {
				o.Example = path
			}
			ops = append(ops, o)
		}
	}
	sort.Slice(ops, func(i, j int) bool { return ops[i].Path < ops[j].Path })
	return p.render(w, "apidocs.tmpl", map[string]any{"Title": "开放数据接口", "Info": doc.Info, "Ops": ops, "DocURL": docURL})
}
