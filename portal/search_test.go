package portal_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
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

// The search page lists what the index finds, grouped by kind, with
// links and the match marked; names and paragraphs from a document are
// escaped, never injected.
func TestSearchPage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dsn string) {
		db, err := store.Open(context.Background(), dsn, store.Options{Migrate: true})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		p, _ := profile.LoadFile("zhengzhou-2021")
		ds, err := demo.Generate(catalog.Load, demo.Options{Departments: 1, FirstYear: 2026, LastYear: 2026, Seed: 4, Profile: p.ID})
		if err != nil {
			t.Fatal(err)
		}
		d, b := ds[0], ds[0].Budgets[0]
		cat, _ := catalog.Load(b.Year)
		doc, err := compile.Compile(b, p, cat)
		if err != nil {
			t.Fatal(err)
		}
		hostile := `<script>alert("x")</script>政务公开 & 信息公开`
		doc.Narrative = append(doc.Narrative, yusuan.Section{Key: "extra", Part: 2, Title: "<b>其他说明</b>", Paragraphs: []string{hostile}})
		dj, _ := json.Marshal(doc)
		res, err := db.Publish(context.Background(), yusuan.NewPublication{
			Organization: yusuan.Organization{Code: d.Code, Name: d.Name + "<i>", Region: "999900"},
			Region:       &yusuan.Region{Code: "999900", Name: "示例市"}, FileName: "b.json", File: []byte("x"),
			Document: doc, DocumentJSON: dj, FindingsJSON: []byte(`[]`), Facts: yusuan.Facts(doc),
		})
		if err != nil {
			t.Fatal(err)
		}
		pub := "/pub/" + jsonID(res.Publication.ID)
		// Another department with the same tables: its economic 科目 share
		// one line with the first's.
		if _, err := db.Publish(context.Background(), yusuan.NewPublication{
			Organization: yusuan.Organization{Code: "T2", Name: "另一个局", Region: "999900"},
			FileName:     "b.json", File: []byte("y"),
			Document: doc, DocumentJSON: dj, FindingsJSON: []byte(`[]`), Facts: yusuan.Facts(doc),
		}); err != nil {
			t.Fatal(err)
		}
		api := server.New(db, server.Options{})
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

		// A project, a paragraph, a 科目 and the organization.
		for _, c := range []struct {
			q    string
			want []string
		}{
			{"公开", []string{`<h2>情况说明</h2>`, `href="` + pub + `"`, `<mark>公开</mark>`,
				`&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;政务<mark>公开</mark> &amp; 信息公开`, `&lt;b&gt;其他说明&lt;/b&gt;`}},
			{"行政运行", []string{`<h2>科目</h2>`, `href="/subject/2010`, `<mark>行政运行</mark>`, "支出功能分类科目"}},
			{d.Name, []string{`<h2>部门和单位</h2>`, `href="/org/` + d.Code + `"`, `<mark>` + d.Name + `</mark>&lt;i&gt;`}},
			{"办公费", []string{`<mark>办公费</mark>`, "支出经济分类科目", " 等 2 份发布"}},
			{d.Code, []string{`<h2>部门和单位</h2>`, `href="/org/` + d.Code + `"`}},
		} {
			resp, body := page(t, srv.URL+"/search?q="+url.QueryEscape(c.q))
			if resp.StatusCode != 200 {
				t.Errorf("search %q: %d", c.q, resp.StatusCode)
				continue
			}
			for _, w := range c.want {
				if !strings.Contains(body, w) {
					t.Errorf("search %q does not show %s", c.q, w)
				}
			}
			if strings.Contains(body, "<script>alert") || strings.Contains(body, "<i>") || strings.Contains(body, "<b>其他") {
				t.Errorf("search %q injects markup from the document", c.q)
			}
		}
		if _, body := page(t, srv.URL+"/search?q="+url.QueryEscape("办公费")); strings.Count(body, ">30201 办公费</a>") != 1 {
			t.Errorf("办公费: 30201 listed %d times", strings.Count(body, ">30201 办公费</a>"))
		}
		// Groups come in order: departments, projects, 科目, paragraphs.
		_, body := page(t, srv.URL+"/search?q="+url.QueryEscape("公开"))
		if i, j := strings.Index(body, "<h2>项目</h2>"), strings.Index(body, "<h2>情况说明</h2>"); i < 0 || j < i {
			t.Errorf("公开: project group at %d, paragraphs at %d", i, j)
		}
		if resp, body := page(t, srv.URL+"/search?q="+url.QueryEscape("没有这样的文字")); resp.StatusCode != 200 || !strings.Contains(body, "没有找到") {
			t.Errorf("no result: %d", resp.StatusCode)
		}
		for _, bad := range []string{strings.Repeat("政", 101), "a\x00b"} {
			if resp, body := page(t, srv.URL+"/search?q="+url.QueryEscape(bad)); resp.StatusCode != 400 || !strings.Contains(body, "返回首页") {
				t.Errorf("search %q: %d", bad, resp.StatusCode)
			}
		}
	})
}
