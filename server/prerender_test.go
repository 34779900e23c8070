package server

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"

	"github.com/yusuan/yusuan"
	"github.com/yusuan/yusuan/store"
	"github.com/yusuan/yusuan/store/storetest"
)

// TestPrerender: every latest publication is rendered in every served
// format ahead of time, once; a download afterwards renders nothing.
func TestPrerender(t *testing.T) {
	db, err := store.Open(context.Background(), storetest.SQLite(t), store.Options{Migrate: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	doc, _ := compileExample(t)
	v1 := publish(t, db, doc, "003", "v1")
	v2 := publish(t, db, doc, "003", "v2") // a second version: v1 is no longer latest
	other := *doc
	other.Year = 2022
	other.Department = yusuan.Department{Code: "004", Name: "郑州市测试局"}
	third := publish(t, db, &other, "004", "other")
	var renders atomic.Int64
	srv := New(db, Options{Formats: []string{"md", "csv"}, Render: func(d *yusuan.Document, format string) (store.Rendered, error) {
		renders.Add(1)
		return store.Rendered{ContentType: "text/plain; charset=utf-8", FileName: "f." + format, Data: []byte(format + d.Department.Name)}, nil
	}})
	made, err := srv.Prerender(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if made != 4 || renders.Load() != 4 {
		t.Errorf("made %d (rendered %d), want 2 latest publications × 2 formats", made, renders.Load())
	}
	if again, _ := srv.Prerender(context.Background()); again != 0 {
		t.Errorf("a second pass made %d", again)
	}
	ts := httptest.NewServer(srv)
	defer ts.Close()
	for _, id := range []int64{v2, third} {
		for _, f := range []string{"md", "csv"} {
			resp, err := http.Get(fmt.Sprintf("%s/api/v1/publications/%d/files/%s", ts.URL, id, f))
			if err != nil {
				t.Fatal(err)
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode != 200 {
				t.Errorf("%d %s: %d", id, f, resp.StatusCode)
			}
		}
	}
	if renders.Load() != 4 {
		t.Errorf("downloads rendered again: %d renderings", renders.Load())
	}
	_ = v1
}
