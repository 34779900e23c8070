package portal_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/yusuan/yusuan"
	"github.com/yusuan/yusuan/catalog"
	"github.com/yusuan/yusuan/compile"
	"github.com/yusuan/yusuan/demo"
	"github.com/yusuan/yusuan/portal"
	"github.com/yusuan/yusuan/profile"
	"github.com/yusuan/yusuan/render/markdown"
	"github.com/yusuan/yusuan/server"
	"github.com/yusuan/yusuan/store"
	"github.com/yusuan/yusuan/store/storetest"
)

// demoRegion is a generated region published into a store and served on
// loopback the way `yusuan serve` serves it: the API under /api/v1, the
// portal elsewhere, Markdown downloads rendered on demand.
type demoRegion struct {
	srv   *httptest.Server
	depts []demo.Department
	pubs  []int64 // publication ids, in publishing order
}

// hostileName is a department name made to break out of HTML, a script
// and a CSV cell.
const hostileName = `示例市"'><script>alert(1)</script>=cmd|' /C calc'!A0局`

func newDemoRegion(tb testing.TB, dsn string, departments int, hostile bool) *demoRegion {
	tb.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, dsn, store.Options{Migrate: true})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	p, err := profile.LoadFile("zhengzhou-2021")
	if err != nil {
		tb.Fatal(err)
	}
	ds, err := demo.Generate(catalog.Load, demo.Options{Departments: departments, FirstYear: 2025, LastYear: 2026, Seed: 7, Profile: p.ID})
	if err != nil {
		tb.Fatal(err)
	}
	if hostile && len(ds) > 1 {
		// A name as a hostile document may carry it: the pages must show
		// it as text, not run it.
		ds[1].Name = hostileName
		for _, b := range ds[1].Budgets {
			b.Department.Name = hostileName
		}
	}
	r := &demoRegion{depts: ds}
	for _, d := range ds {
		for _, b := range d.Budgets {
			cat, _ := catalog.Load(b.Year)
			doc, err := compile.Compile(b, p, cat)
			if err != nil {
				tb.Fatal(err)
			}
			dj, err := json.Marshal(doc)
			if err != nil {
				tb.Fatal(err)
			}
			res, err := db.Publish(ctx, yusuan.NewPublication{
				Organization: yusuan.Organization{Code: d.Code, Name: d.Name, Region: "999900"},
				Region:       &yusuan.Region{Code: "999900", Name: "示例市"},
				FileName:     fmt.Sprintf("%s-%d.json", d.Code, b.Year), File: dj,
				Document: doc, DocumentJSON: dj, Facts: yusuan.Facts(doc),
				// As the CLI publishes: the findings of the check, here none.
				FindingsJSON: []byte(`{"schema":"yusuan.findings/v1","documents":[]}`),
			})
			if err != nil {
				tb.Fatal(err)
			}
			r.pubs = append(r.pubs, res.Publication.ID)
		}
	}
	api := server.New(db, server.Options{Formats: []string{"md"}, Render: func(doc *yusuan.Document, format string) (store.Rendered, error) {
		if format != "md" {
			return store.Rendered{}, fmt.Errorf("unknown format %q", format)
		}
		dp, err := profile.LoadFile(doc.Profile)
		if err != nil {
			return store.Rendered{}, err
		}
		return store.Rendered{ContentType: "text/markdown; charset=utf-8", FileName: "budget.md", Data: markdown.Render(doc, dp)}, nil
	}})
	// As yusuan serve makes it: pages kept until something is published.
	pg, err := portal.New(api, portal.WithGeneration(db.Generation))
	if err != nil {
		tb.Fatal(err)
	}
	r.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		if strings.HasPrefix(req.URL.Path, "/api/") {
			api.ServeHTTP(w, req)
			return
		}
		pg.ServeHTTP(w, req)
	}))
	tb.Cleanup(r.srv.Close)
	return r
}

// pageTypes are the portal's pages, one of each kind, on the demo region.
func (r *demoRegion) pageTypes() []struct{ name, path string } {
	a, b := r.depts[0], r.depts[len(r.depts)-1]
	return []struct{ name, path string }{
		{"home", "/"},
		{"org", "/org/" + a.Code},
		{"pub", fmt.Sprintf("/pub/%d", r.pubs[len(r.pubs)-1])},
		{"three-public", "/three-public"},
		{"compare", "/compare?org=" + a.Code + "&org=" + b.Code + "&year=2026"},
		{"subject", "/subject/2010301"},
		{"downloads", "/downloads?year=2026"},
		{"search", "/search?q=" + a.Code},
	}
}

// BenchmarkPages requests each page type b.N times, 32 at once, over
// loopback on SQLite and PostgreSQL, and reports the latency percentiles,
// the failed requests and the page weight (HTML, CSS and portal.js; the
// chart library is left out: it is one immutable, cached asset).
//
//	go test ./portal -run '^$' -bench Pages -benchtime 2000x
func BenchmarkPages(b *testing.B) {
	storetest.EachB(b, func(b *testing.B, dsn string) {
		r := newDemoRegion(b, dsn, 20, false)
		client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}, Timeout: 30 * time.Second}
		// The baseline: the style sheet, served from memory, is the floor
		// of loopback HTTP under the same load.
		resp, err := client.Get(r.srv.URL + "/")
		if err != nil {
			b.Fatal(err)
		}
		home, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		var sheet string
		for _, m := range assetRef.FindAllStringSubmatch(string(home), -1) {
			if strings.HasSuffix(m[1], ".css") {
				sheet = m[1]
			}
		}
		if sheet == "" {
			b.Fatal("the home page links no style sheet")
		}
		pages := append([]struct{ name, path string }{{"baseline-css", sheet}}, r.pageTypes()...)
		for _, pt := range pages {
			b.Run(pt.name, func(b *testing.B) {
				weight, err := pageWeight(client, r.srv.URL, pt.path)
				if err != nil {
					b.Fatal(err)
				}
				lat := make([]time.Duration, b.N)
				var next, failed atomic.Int64
				var wg sync.WaitGroup
				b.ResetTimer()
				for range 32 {
					wg.Add(1)
					go func() {
						defer wg.Done()
						for {
							i := next.Add(1) - 1
							if i >= int64(b.N) {
								return
							}
							t0 := time.Now()
							resp, err := client.Get(r.srv.URL + pt.path)
							if err == nil {
								_, err = io.Copy(io.Discard, resp.Body)
								resp.Body.Close()
								if err == nil && resp.StatusCode != 200 {
									err = fmt.Errorf("status %d", resp.StatusCode)
								}
							}
							lat[i] = time.Since(t0)
							if err != nil {
								failed.Add(1)
							}
						}
					}()
				}
				wg.Wait()
				b.StopTimer()
				slices.Sort(lat)
				ms := func(q float64) float64 { return float64(lat[int(q*float64(len(lat)-1))]) / 1e6 }
				b.ReportMetric(ms(0.50), "p50-ms")
				b.ReportMetric(ms(0.99), "p99-ms")
				b.ReportMetric(float64(failed.Load()), "errors")
				b.ReportMetric(float64(weight), "page-bytes")
				if weight >= 300<<10 {
					b.Errorf("%s weighs %d bytes before the chart library, want < 300 KB", pt.path, weight)
				}
			})
		}
	})
}

// pageWeight is the bytes of a page and of every asset it loads except
// the chart library.
func pageWeight(c *http.Client, base, path string) (int, error) {
	get := func(u string) ([]byte, error) {
		resp, err := c.Get(base + u)
		if err != nil {
			return nil, err
		}
		defer resp.Body.Close()
		if resp.StatusCode != 200 {
			return nil, fmt.Errorf("%s: status %d", u, resp.StatusCode)
		}
		return io.ReadAll(resp.Body)
	}
	page, err := get(path)
	if err != nil {
		return 0, err
	}
	n := len(page)
	for _, m := range assetRef.FindAllStringSubmatch(string(page), -1) {
		if strings.Contains(m[1], "echarts") {
			continue
		}
		a, err := get(m[1])
		if err != nil {
			return 0, err
		}
		n += len(a)
	}
	return n, nil
}
