// Package server is yusuan's read-only public API over the store: regions,
// organizations, publications with their documents, findings, versions,
// diffs and rendered files, and OLAP cubes in the style of OpenSpending's
// babbage API. It keeps no state outside the database, so several
// instances can serve one database behind a load balancer.
package server

import (
	"compress/gzip"
	"context"
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/yusuan/yusuan"
	"github.com/yusuan/yusuan/store"
	"github.com/yusuan/yusuan/workflow"
)

// RenderFunc renders a document in a format ("html", "pdf", "xlsx", "md",
// "csv", "fdp"); formats of several files come back as one zip.
type RenderFunc func(doc *yusuan.Document, format string) (store.Rendered, error)

// Options configure the server.
type Options struct {
	Render RenderFunc
	// Formats lists the formats Render accepts, in order.
	Formats []string
	Logger  *slog.Logger
	// Workflow serves the drafts API (/api/v1/drafts); nil answers 404
	// there.
	Workflow *workflow.Service
}

// Server is the HTTP handler of the API.
type Server struct {
	db  *store.DB
	o   Options
	mux *http.ServeMux
	log *slog.Logger
	// renderMu serializes renderings of one key within this process.
	renderMu sync.Mutex
	// patterns are the routes, for the OpenAPI test.
	patterns []string
}

// New makes the API handler on the store.
func New(db *store.DB, o Options) *Server {
	s := &Server{db: db, o: o, mux: http.NewServeMux(), log: o.Logger}
	if s.log == nil {
		s.log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	s.routes()
	return s
}

// Routes lists the routes the server registered ("GET /api/v1/regions"),
// for the tests that walk every route.
func (s *Server) Routes() []string { return append([]string(nil), s.patterns...) }

func (s *Server) routes() {
	h := func(pattern string, f func(w http.ResponseWriter, r *http.Request) error) {
		s.patterns = append(s.patterns, pattern)
		s.mux.HandleFunc(pattern, func(w http.ResponseWriter, r *http.Request) {
			if err := f(w, r); err != nil {
				s.fail(w, r, err)
			}
		})
	}
	h("GET /healthz", func(w http.ResponseWriter, r *http.Request) error {
		return writeJSON(w, r, map[string]string{"status": "ok"}, false)
	})
	h("GET /readyz", func(w http.ResponseWriter, r *http.Request) error {
		ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
		defer cancel()
		if err := s.db.Ping(ctx); err != nil {
			return err
		}
		return writeJSON(w, r, map[string]string{"status": "ready"}, false)
	})
	h("GET /api/v1/openapi.json", func(w http.ResponseWriter, r *http.Request) error {
		return writeBytes(w, r, "application/json", openAPI, true)
	})
	h("GET /api/v1/regions", s.regions)
	h("GET /api/v1/organizations", s.organizations)
	h("GET /api/v1/search", s.search)
	h("GET /api/v1/publications", s.publications)
	h("GET /api/v1/publications/{id}", s.publication)
	h("GET /api/v1/publications/{id}/findings", s.findings)
	h("GET /api/v1/publications/{id}/versions", s.versions)
	h("GET /api/v1/publications/{id}/diff", s.diff)
	h("GET /api/v1/publications/{id}/files/{format}", s.file)
	h("GET /api/v1/cubes", s.cubes)
	h("GET /api/v1/cubes/{cube}/model", s.cubeModel)
	h("GET /api/v1/cubes/{cube}/aggregate", s.aggregate)
	h("GET /api/v1/cubes/{cube}/facts", s.facts)
	h("GET /api/v1/cubes/{cube}/members/{dimension}", s.members)
	s.draftRoutes(h)
	h("GET /api/v1/compliance", s.compliance)
	s.mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead && !strings.HasPrefix(r.URL.Path, "/api/v1/drafts") {
			s.fail(w, r, &apiError{http.StatusMethodNotAllowed, "只支持 GET"})
			return
		}
		s.fail(w, r, &apiError{http.StatusNotFound, "没有这个地址：" + r.URL.Path})
	})
}

// ServeHTTP adds what every response needs: a body limit, CORS for GET,
// gzip, a request log, and recovery from a panic.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	rec := &statusWriter{ResponseWriter: w, status: 200}
	defer func() {
		if e := recover(); e != nil {
			s.log.Error("panic", "path", r.URL.Path, "error", fmt.Sprint(e))
			s.fail(rec, r, fmt.Errorf("内部错误"))
		}
		s.log.Info("request", "method", r.Method, "path", r.URL.Path, "query", r.URL.RawQuery, "status", rec.status,
			"bytes", rec.n, "duration_ms", time.Since(start).Milliseconds(), "remote", r.RemoteAddr)
	}()
	limit := int64(1 << 16)
	if isUpload(r) {
		limit = UploadLimit()
	}
	r.Body = http.MaxBytesReader(rec, r.Body, limit)
	h := rec.Header()
	h.Set("Access-Control-Allow-Origin", "*")
	h.Set("Access-Control-Allow-Methods", "GET, HEAD, OPTIONS")
	h.Set("Access-Control-Expose-Headers", "ETag, Link")
	h.Set("X-Content-Type-Options", "nosniff")
	if r.Method == http.MethodOptions {
		h.Set("Access-Control-Allow-Headers", "If-None-Match, Accept-Encoding")
		h.Set("Access-Control-Max-Age", "86400")
		rec.WriteHeader(http.StatusNoContent)
		return
	}
	var out http.ResponseWriter = rec
	if strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
		gz := &gzipWriter{ResponseWriter: rec}
		defer gz.Close()
		out = gz
	}
	s.mux.ServeHTTP(out, r)
}

type statusWriter struct {
	http.ResponseWriter
	status int
	n      int64
}

func (w *statusWriter) WriteHeader(code int) {
	w.status = code
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	n, err := w.ResponseWriter.Write(b)
	w.n += int64(n)
	return n, err
}

// gzipWriter compresses responses of compressible types, decided when the
// header is written.
type gzipWriter struct {
	http.ResponseWriter
	gz      *gzip.Writer
	decided bool
}

func (w *gzipWriter) WriteHeader(code int) {
	if !w.decided {
		w.decided = true
		h := w.Header()
		ct := h.Get("Content-Type")
		compressible := strings.HasPrefix(ct, "application/json") || strings.HasPrefix(ct, "text/") || strings.Contains(ct, "markdown")
		if compressible && code == http.StatusOK && h.Get("Content-Encoding") == "" {
			h.Del("Content-Length")
			h.Set("Content-Encoding", "gzip")
			h.Add("Vary", "Accept-Encoding")
			w.gz = gzip.NewWriter(w.ResponseWriter)
		}
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *gzipWriter) Write(b []byte) (int, error) {
	if !w.decided {
		w.WriteHeader(http.StatusOK)
	}
	if w.gz != nil {
		return w.gz.Write(b)
	}
	return w.ResponseWriter.Write(b)
}

func (w *gzipWriter) Close() {
	if w.gz != nil {
		w.gz.Close()
	}
}

// apiError is an error with its HTTP status; its message is for people.
type apiError struct {
	status int
	msg    string
}

func (e *apiError) Error() string { return e.msg }

func badRequest(format string, args ...any) error {
	return &apiError{http.StatusBadRequest, fmt.Sprintf(format, args...)}
}

func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	status := http.StatusInternalServerError
	msg := "内部错误"
	var ae *apiError
	var ue *store.UnavailableError
	var mbe *http.MaxBytesError
	var we *workflow.Error
	var ue2 *UploadError
	switch {
	case errors.As(err, &ae):
		status, msg = ae.status, ae.msg
	case errors.As(err, &ue2):
		status, msg = ue2.Status, ue2.Msg
	case errors.As(err, &we):
		status, msg = WorkflowStatus(we.Kind), we.Msg
		if status == http.StatusUnauthorized {
			w.Header().Set("WWW-Authenticate", `Bearer realm="yusuan"`)
		}
	case errors.Is(err, yusuan.ErrNotFound):
		status, msg = http.StatusNotFound, "没有找到："+err.Error()
	case errors.As(err, &ue):
		status, msg = http.StatusServiceUnavailable, "数据库暂时不可用，请稍后再试"
		w.Header().Set("Retry-After", "5")
	case errors.As(err, &mbe):
		status, msg = http.StatusRequestEntityTooLarge, "请求体太大"
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		status, msg = http.StatusServiceUnavailable, "请求超时"
	}
	if status >= 500 {
		s.log.Error("request failed", "path", r.URL.Path, "status", status, "error", err.Error())
	}
	w.Header().Del("ETag")
	w.Header().Del("Content-Encoding")
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(map[string]any{"error": map[string]any{"status": status, "message": msg}})
}

// writeJSON writes v; immutable responses get an ETag and answer 304 to a
// matching If-None-Match.
func writeJSON(w http.ResponseWriter, r *http.Request, v any, immutable bool) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return writeBytes(w, r, "application/json; charset=utf-8", append(b, '\n'), immutable)
}

func writeBytes(w http.ResponseWriter, r *http.Request, contentType string, b []byte, immutable bool) error {
	h := w.Header()
	h.Set("Content-Type", contentType)
	if immutable {
		sum := sha256.Sum256(b)
		etag := `"` + hex.EncodeToString(sum[:16]) + `"`
		h.Set("ETag", etag)
		h.Set("Cache-Control", "public, max-age=86400")
		if match := r.Header.Get("If-None-Match"); match != "" && etagMatch(match, etag) {
			w.WriteHeader(http.StatusNotModified)
			return nil
		}
	} else {
		h.Set("Cache-Control", "no-cache")
	}
	if r.Method == http.MethodHead {
		h.Set("Content-Length", strconv.Itoa(len(b)))
		w.WriteHeader(http.StatusOK)
		return nil
	}
	_, err := w.Write(b)
	return err
}

func etagMatch(header, etag string) bool {
	for _, p := range strings.Split(header, ",") {
		p = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(p), "W/"))
		if p == etag || p == "*" {
			return true
		}
	}
	return false
}

func pathID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id < 1 {
		return 0, badRequest("发布编号 %q 不是正整数", r.PathValue("id"))
	}
	return id, nil
}

func (s *Server) regions(w http.ResponseWriter, r *http.Request) error {
	if _, err := params(r); err != nil {
		return err
	}
	rs, err := s.db.Regions(r.Context())
	if err != nil {
		return err
	}
	return writeJSON(w, r, map[string]any{"regions": rs}, false)
}

func (s *Server) organizations(w http.ResponseWriter, r *http.Request) error {
	q, err := params(r, "region", "q")
	if err != nil {
		return err
	}
	if len([]rune(q.Get("q"))) > 100 {
		return badRequest("q 太长（最多 100 个字）")
	}
	os, err := s.db.Organizations(r.Context(), yusuan.OrganizationFilter{Region: q.Get("region"), Query: q.Get("q")})
	if err != nil {
		return err
	}
	return writeJSON(w, r, map[string]any{"organizations": os}, false)
}

// search finds organizations, projects, 科目 and narrative paragraphs by
// a substring of their text, ranked (store.DB.Search).
func (s *Server) search(w http.ResponseWriter, r *http.Request) error {
	q, err := params(r, "q", "kind", "year", "limit")
	if err != nil {
		return err
	}
	sq := store.SearchQuery{Q: strings.TrimSpace(q.Get("q")), Kind: q.Get("kind")}
	if sq.Year, err = intParam(q.Get("year"), "year", 1990, 2100); err != nil {
		return err
	}
	if sq.Limit, err = intParam(q.Get("limit"), "limit", 1, store.MaxSearchLimit); err != nil {
		return err
	}
	if err := store.CheckSearchQuery(sq); err != nil {
		_, msg, _ := strings.Cut(err.Error(), ": ")
		return badRequest("%s", msg)
	}
	hits, err := s.db.Search(r.Context(), sq)
	if err != nil {
		return err
	}
	if hits == nil {
		hits = []store.SearchHit{}
	}
	return writeJSON(w, r, map[string]any{"q": sq.Q, "results": hits}, false)
}

// publicationsPage is the largest page the API serves, and the default.
const (
	maxPublicationsPage     = 500
	defaultPublicationsPage = 100
)

func (s *Server) publications(w http.ResponseWriter, r *http.Request) error {
	q, err := params(r, "organization", "year", "kind", "level", "after", "limit", "version")
	if err != nil {
		return err
	}
	f := yusuan.PublicationFilter{Organization: q.Get("organization"), Kind: q.Get("kind"), Level: q.Get("level"), Limit: defaultPublicationsPage}
	if f.Year, err = intParam(q.Get("year"), "year", 1990, 2100); err != nil {
		return err
	}
	after, err := intParam(q.Get("after"), "after", 0, 1<<62)
	if err != nil {
		return err
	}
	f.After = int64(after)
	if v := q.Get("limit"); v != "" {
		if f.Limit, err = intParam(v, "limit", 1, maxPublicationsPage); err != nil {
			return err
		}
	}
	if f.Kind != "" && f.Kind != yusuan.DocBudget && f.Kind != yusuan.DocFinal {
		return badRequest("kind 只能是 budget 或 final")
	}
	if f.Level != "" && f.Level != yusuan.LevelDepartment && f.Level != yusuan.LevelBudgetUnit {
		return badRequest("level 只能是 department 或 unit")
	}
	switch q.Get("version") {
	case "", "latest":
	case "all":
		f.AllVersions = true
	default:
		return badRequest("version 只能是 latest 或 all")
	}
	ps, err := s.db.Publications(r.Context(), f)
	if err != nil {
		return err
	}
	resp := map[string]any{"publications": ps, "next": nil}
	if len(ps) == f.Limit {
		next := *r.URL
		nq := next.Query()
		nq.Set("after", strconv.FormatInt(ps[len(ps)-1].ID, 10))
		next.RawQuery = nq.Encode()
		resp["next"] = next.RequestURI()
		w.Header().Set("Link", "<"+next.RequestURI()+`>; rel="next"`)
	}
	return writeJSON(w, r, resp, false)
}

func (s *Server) publication(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	p, err := s.db.Publication(r.Context(), id)
	if err != nil {
		return err
	}
	doc, err := s.db.DocumentJSON(r.Context(), id)
	if err != nil {
		return err
	}
	// "latest" changes when a new version arrives: not immutable.
	return writeJSON(w, r, map[string]any{"publication": p, "document": json.RawMessage(doc)}, false)
}

func (s *Server) findings(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	b, err := s.db.FindingsJSON(r.Context(), id)
	if err != nil {
		return err
	}
	return writeBytes(w, r, "application/json; charset=utf-8", b, true)
}

func (s *Server) versions(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	vs, err := s.db.Versions(r.Context(), id)
	if err != nil {
		return err
	}
	return writeJSON(w, r, map[string]any{"versions": vs}, false)
}

func (s *Server) document(ctx context.Context, id int64) (*yusuan.Document, []byte, error) {
	b, err := s.db.DocumentJSON(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	var d yusuan.Document
	if err := json.Unmarshal(b, &d); err != nil {
		return nil, nil, fmt.Errorf("publication %d: stored document: %w", id, err)
	}
	return &d, b, nil
}

func (s *Server) diff(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	q, err := params(r, "against")
	if err != nil {
		return err
	}
	against, err := strconv.ParseInt(q.Get("against"), 10, 64)
	if err != nil || against < 1 {
		return badRequest("需要 against=发布编号（正整数）")
	}
	after, _, err := s.document(r.Context(), id)
	if err != nil {
		return err
	}
	before, _, err := s.document(r.Context(), against)
	if err != nil {
		return err
	}
	changes := yusuan.DiffDocuments(before, after)
	if changes == nil {
		changes = []yusuan.CellChange{}
	}
	return writeJSON(w, r, map[string]any{"publication": id, "against": against, "changes": changes}, true)
}

func (s *Server) file(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	format := r.PathValue("format")
	known := false
	for _, f := range s.o.Formats {
		known = known || f == format
	}
	if !known || s.o.Render == nil {
		return &apiError{http.StatusNotFound, fmt.Sprintf("没有格式 %q；可用：%s", format, strings.Join(s.o.Formats, ", "))}
	}
	out, _, err := s.rendering(r.Context(), id, format)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Disposition", contentDisposition(out.FileName))
	return writeBytes(w, r, out.ContentType, out.Data, true)
}

// rendering returns publication id in format from the cache, rendering
// and caching it first when it is not there (made reports whether it
// was).
func (s *Server) rendering(ctx context.Context, id int64, format string) (out store.Rendered, made bool, err error) {
	doc, raw, err := s.document(ctx, id)
	if err != nil {
		return out, false, err
	}
	sum := sha256.Sum256(raw)
	key := hex.EncodeToString(sum[:])
	out, ok, err := s.db.CachedRendering(ctx, key, format)
	if err != nil || ok {
		return out, false, err
	}
	s.renderMu.Lock()
	defer s.renderMu.Unlock()
	out, ok, err = s.db.CachedRendering(ctx, key, format)
	if err != nil || ok {
		return out, false, err
	}
	out, err = s.o.Render(doc, format)
	if err != nil {
		return out, false, err
	}
	// A read replica cannot store the rendering: serve it anyway; the
	// next request renders it again.
	if cerr := s.db.CacheRendering(ctx, key, format, out); cerr != nil {
		s.log.Warn("rendered file not cached", "publication", id, "format", format, "error", cerr.Error())
	}
	return out, true, nil
}

// Prerender renders every latest publication in every served format that
// is not cached yet, so that 数据下载 serves files made ahead of time
// rather than while a reader waits. It returns how many it made; it stops
// when ctx is done.
func (s *Server) Prerender(ctx context.Context) (int, error) {
	if s.o.Render == nil {
		return 0, nil
	}
	made := 0
	var after int64
	for {
		pubs, err := s.db.Publications(ctx, yusuan.PublicationFilter{After: after, Limit: 500})
		if err != nil {
			return made, err
		}
		if len(pubs) == 0 {
			return made, nil
		}
		for _, p := range pubs {
			after = p.ID
			for _, f := range s.o.Formats {
				if err := ctx.Err(); err != nil {
					return made, err
				}
				_, m, err := s.rendering(ctx, p.ID, f)
				if err != nil {
					// One document that does not render must not stop the
					// others; a reader asking for it gets the error.
					s.log.Warn("prerender failed", "publication", p.ID, "format", f, "error", err.Error())
					continue
				}
				if m {
					made++
				}
			}
		}
	}
}

// contentDisposition names a download, with the UTF-8 name for browsers.
func contentDisposition(name string) string {
	ascii := strings.Map(func(r rune) rune {
		if r < 0x20 || r > 0x7e || r == '"' || r == '\\' {
			return '_'
		}
		return r
	}, name)
	return fmt.Sprintf(`attachment; filename="%s"; filename*=UTF-8''%s`, ascii, urlPathEscape(name))
}

func urlPathEscape(s string) string {
	var b strings.Builder
	for _, c := range []byte(s) {
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("-._~", c) >= 0 {
			b.WriteByte(c)
			continue
		}
		fmt.Fprintf(&b, "%%%02X", c)
	}
	return b.String()
}

func intParam(v, name string, lo, hi int) (int, error) {
	if v == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < lo || n > hi {
		return 0, badRequest("%s=%q 不是 %d–%d 之间的整数", name, v, lo, hi)
	}
	return n, nil
}

// params parses the query strictly — Go's URL.Query silently drops what
// it cannot parse — with "&" as the only separator, so that a cut's values
// may be separated by a literal ";" (cut=year:2021;2022, as in babbage),
// and refuses parameters the route does not know.
func params(r *http.Request, known ...string) (url.Values, error) {
	q := url.Values{}
	if r.URL.RawQuery != "" {
		for _, part := range strings.Split(r.URL.RawQuery, "&") {
			if part == "" {
				continue
			}
			k, v, _ := strings.Cut(part, "=")
			key, err1 := url.QueryUnescape(k)
			val, err2 := url.QueryUnescape(v)
			if err1 != nil || err2 != nil {
				return nil, badRequest("查询参数 %q 无法解析（%%编码不正确）", part)
			}
			q[key] = append(q[key], val)
		}
	}
	return q, onlyParams(q, known...)
}

// onlyParams refuses query parameters the route does not know.
func onlyParams(q map[string][]string, known ...string) error {
	for k, vs := range q {
		ok := false
		for _, n := range known {
			ok = ok || n == k
		}
		if !ok {
			return badRequest("不认识的参数 %q；可用：%s", k, strings.Join(known, ", "))
		}
		if len(vs) > 1 {
			return badRequest("参数 %q 出现了 %d 次", k, len(vs))
		}
	}
	return nil
}

//go:embed openapi.json
var openAPI []byte
