package portal_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/yusuan/yusuan/portal"
)

// Pages are made once per state of the database: the same request while
// nothing is published is served from memory (no API call), and a new
// generation makes the page anew.
func TestPagesKeptUntilSomethingIsPublished(t *testing.T) {
	srv, _ := site(t) // a store with publications, for the API it serves
	var calls atomic.Int64
	api := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		// The real API, reached over HTTP from the test site.
		resp, err := http.Get(srv.URL + r.URL.RequestURI())
		if err != nil {
			http.Error(w, err.Error(), 500)
			return
		}
		defer resp.Body.Close()
		for k, vs := range resp.Header {
			w.Header()[k] = vs
		}
		w.WriteHeader(resp.StatusCode)
		io.Copy(w, resp.Body)
	})
	var gen atomic.Int64
	gen.Store(1)
	pg, err := portal.New(api, portal.WithGeneration(func(context.Context) (int64, error) { return gen.Load(), nil }))
	if err != nil {
		t.Fatal(err)
	}
	get := func() (int, string) {
		rec := httptest.NewRecorder()
		pg.ServeHTTP(rec, httptest.NewRequest("GET", "/", nil))
		return rec.Code, rec.Body.String()
	}
	code, first := get()
	made := calls.Load()
	if code != 200 || made == 0 {
		t.Fatalf("first request: %d, %d API calls", code, made)
	}
	code, again := get()
	if code != 200 || again != first || calls.Load() != made {
		t.Errorf("second request: %d, same page %v, %d more API calls; want it from memory", code, again == first, calls.Load()-made)
	}
	gen.Store(2)
	if code, _ := get(); code != 200 || calls.Load() == made {
		t.Error("a new generation did not make the page anew")
	}
	// A page served from memory carries the same headers.
	rec := httptest.NewRecorder()
	pg.ServeHTTP(rec, httptest.NewRequest("GET", "/", nil))
	if rec.Header().Get("Content-Security-Policy") == "" || !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/html") {
		t.Errorf("page from memory: headers %v", rec.Header())
	}
	// Errors are not kept: each is made again.
	for i := 0; i < 2; i++ {
		rec := httptest.NewRecorder()
		pg.ServeHTTP(rec, httptest.NewRequest("GET", "/nope", nil))
		if rec.Code != 404 || rec.Header().Get("Content-Security-Policy") == "" {
			t.Errorf("404 page: %d, CSP %q", rec.Code, rec.Header().Get("Content-Security-Policy"))
		}
	}
}
