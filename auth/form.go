package auth

import (
	"bytes"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/url"
)

// peekMax is how much of a multipart body is read to find the CSRF token
// in its first part; the rest is left for the handler, with its limits.
const peekMax = 16 << 10

// formToken is the csrf_token field of a form body. A url-encoded form is
// parsed (net/http reads at most 10 MB of it) and stays parsed for the
// handler; of a multipart form only the first part is looked at, from the
// first bytes of the body, which are then put back in front of the rest.
func formToken(r *http.Request) string {
	if r.Body == nil {
		return ""
	}
	ct, params, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil {
		return ""
	}
	switch ct {
	case "application/x-www-form-urlencoded":
		if err := r.ParseForm(); err != nil {
			return ""
		}
		return r.PostForm.Get(CSRFField)
	case "multipart/form-data":
		buf := make([]byte, peekMax)
		n, _ := io.ReadFull(r.Body, buf)
		head := buf[:n]
		r.Body = readCloser{io.MultiReader(bytes.NewReader(head), r.Body), r.Body}
		p, err := multipart.NewReader(bytes.NewReader(head), params["boundary"]).NextPart()
		if err != nil || p.FormName() != CSRFField {
			return ""
		}
		v, _ := io.ReadAll(io.LimitReader(p, 256))
		return string(bytes.TrimSpace(v))
	}
	return ""
}

type readCloser struct {
	io.Reader
	io.Closer
}

func urlQueryEscape(s string) string { return url.QueryEscape(s) }
