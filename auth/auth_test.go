package auth

import (
	"bytes"
	"context"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"
)

func TestLimiter(t *testing.T) {
	l := newLimiter(3, 10*time.Second)
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := 0; i < 3; i++ {
		if w := l.take("a", now); w != 0 {
			t.Fatalf("take %d: wait %v", i+1, w)
		}
	}
	if w := l.take("a", now); w != 10*time.Second {
		t.Errorf("fourth at once: wait %v, want 10s", w)
	}
	if w := l.take("b", now); w != 0 {
		t.Errorf("another address waits %v", w)
	}
	if w := l.take("a", now.Add(4*time.Second)); w != 6*time.Second {
		t.Errorf("after 4 s: wait %v, want 6s", w)
	}
	if w := l.take("a", now.Add(10*time.Second)); w != 0 {
		t.Errorf("after 10 s: wait %v", w)
	}
	// Full buckets are forgotten: the map does not grow with every
	// address ever seen.
	l.take("a", now.Add(time.Hour))
	if len(l.buckets) != 1 {
		t.Errorf("%d buckets kept after an hour, want 1", len(l.buckets))
	}
}

// withState is r as the middleware passes it on, with session secret.
func withState(r *http.Request, secret string) *http.Request {
	return r.WithContext(context.WithValue(r.Context(), stateKey{}, &state{session: secret}))
}

func TestCheckCSRFForms(t *testing.T) {
	secret := newSecret()
	good := csrfFor(secret)
	form := func(v url.Values) *http.Request {
		r := httptest.NewRequest("POST", "/desk/x", strings.NewReader(v.Encode()))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		return withState(r, secret)
	}
	if err := CheckCSRF(form(url.Values{"csrf_token": {good}, "a": {"1"}})); err != nil {
		t.Errorf("good url-encoded token: %v", err)
	}
	r := form(url.Values{"csrf_token": {good}, "a": {"1"}})
	CheckCSRF(r)
	if r.PostFormValue("a") != "1" {
		t.Error("the handler lost the form the check parsed")
	}
	for _, bad := range []string{"", good[:20], csrfFor(newSecret())} {
		if err := CheckCSRF(form(url.Values{"csrf_token": {bad}})); err != ErrCSRF {
			t.Errorf("token %q: %v", bad, err)
		}
	}
	multi := func(fields ...string) *http.Request {
		var b bytes.Buffer
		mw := multipart.NewWriter(&b)
		for i := 0; i+1 < len(fields); i += 2 {
			mw.WriteField(fields[i], fields[i+1])
		}
		mw.Close()
		r := httptest.NewRequest("POST", "/desk/x", &b)
		r.Header.Set("Content-Type", mw.FormDataContentType())
		return withState(r, secret)
	}
	r = multi("csrf_token", good, "note", "整个表单")
	if err := CheckCSRF(r); err != nil {
		t.Errorf("good multipart token: %v", err)
	}
	if err := r.ParseMultipartForm(1 << 20); err != nil || r.FormValue("note") != "整个表单" {
		t.Errorf("the handler reads the multipart form after the check: %v %q", err, r.FormValue("note"))
	}
	for name, r := range map[string]*http.Request{"after another field": multi("note", "x", "csrf_token", good), "none": multi("note", "x"), "empty body": multi()} {
		if err := CheckCSRF(r); err != ErrCSRF {
			t.Errorf("multipart, token %s: %v", name, err)
		}
	}
	// A body cut short or with a wrong boundary is refused, not a panic.
	r = httptest.NewRequest("POST", "/desk/x", strings.NewReader("--xx\r\nContent-Disposition: form-data; name=\"csrf_token\"\r\n\r\n"+good))
	r.Header.Set("Content-Type", "multipart/form-data; boundary=yy")
	r = withState(r, secret)
	if err := CheckCSRF(r); err != ErrCSRF {
		t.Errorf("wrong boundary: %v", err)
	}
	rest, _ := io.ReadAll(r.Body)
	if !strings.HasSuffix(string(rest), good) {
		t.Errorf("the peeked body is not given back whole: %q", rest)
	}
	// Outside the middleware: an error, never a pass.
	if err := CheckCSRF(httptest.NewRequest("POST", "/desk/x", nil)); err == nil {
		t.Error("a request that skipped the middleware passed")
	}
}

// TestFormBodyBounded: a url-encoded form larger than MaxFormBytes is
// refused (413) before any handler runs, however good its CSRF token;
// net/http alone would read 10 MB of it.
func TestFormBodyBounded(t *testing.T) {
	a := New(nil, Options{})
	called := false
	h := a.Middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { called = true }))
	secret := newSecret()
	post := func(extra int) *httptest.ResponseRecorder {
		called = false
		body := url.Values{CSRFField: {csrfFor(secret)}, "text": {strings.Repeat("x", extra)}}.Encode()
		r := httptest.NewRequest("POST", "/desk/drafts/1/comments", strings.NewReader(body))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		r.AddCookie(&http.Cookie{Name: PreCookie, Value: secret})
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		return w
	}
	if w := post(40 << 10); w.Code != http.StatusOK || !called {
		t.Fatalf("a 40 KB form: %d, handler called %v", w.Code, called)
	}
	if w := post(2 << 20); w.Code != http.StatusRequestEntityTooLarge || called {
		t.Fatalf("a 2 MiB form: %d, handler called %v; want 413 before the handler", w.Code, called)
	}
}
