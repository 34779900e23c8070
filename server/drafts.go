package server

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"strconv"
	"strings"

	"github.com/yusuan/yusuan"
	"github.com/yusuan/yusuan/auth"
	"github.com/yusuan/yusuan/internal/limits"
	"github.com/yusuan/yusuan/workflow"
)

// The drafts API (docs/workflow.md): the workflow of package workflow for
// scripts, authenticated by a bearer token (or a session cookie with its
// CSRF token), which the auth middleware in front of the server turns
// into the request's yusuan.User. Only the handlers translate here; who
// may do what is decided by workflow.Service.

// draftActions are the transitions, one route each.
var draftActions = []string{"submit", "approve", "return", "publish"}

func (s *Server) draftRoutes(h func(string, func(http.ResponseWriter, *http.Request) error)) {
	h("GET /api/v1/drafts", s.drafts)
	h("POST /api/v1/drafts", s.createDraft)
	h("GET /api/v1/drafts/{id}", s.draft)
	h("GET /api/v1/drafts/{id}/file", s.draftFile)
	h("POST /api/v1/drafts/{id}/file", s.uploadDraft)
	h("POST /api/v1/drafts/{id}/explanations", s.explain)
	h("POST /api/v1/drafts/{id}/comments", s.comment)
	for _, a := range draftActions {
		h("POST /api/v1/drafts/{id}/"+a, s.act(a))
	}
}

// isUpload tells the requests that carry a file, which get the input
// limit instead of the small body limit of the other requests.
func isUpload(r *http.Request) bool {
	if r.Method != http.MethodPost {
		return false
	}
	p := r.URL.Path
	if p == "/api/v1/drafts" {
		return true
	}
	rest, ok := strings.CutPrefix(p, "/api/v1/drafts/")
	return ok && strings.HasSuffix(rest, "/file") && strings.Count(rest, "/") == 1
}

// UploadLimit is the largest request body of an upload: the input limit
// (docs/limits.md) and room for the multipart form around the file.
func UploadLimit() int64 { return limits.Current().InputBytes + 1<<20 }

func (s *Server) workflow() (*workflow.Service, error) {
	if s.o.Workflow == nil {
		return nil, &apiError{http.StatusNotFound, "本服务器未启用填报与审核"}
	}
	return s.o.Workflow, nil
}

// actor is who asks: the user the auth middleware found, and the remote
// address.
func actor(r *http.Request) workflow.Actor {
	remote := auth.Remote(r)
	if remote == "" {
		// Not behind the middleware (tests): the peer's address.
		remote = r.RemoteAddr
		if host, _, err := net.SplitHostPort(remote); err == nil {
			remote = host
		}
	}
	return workflow.Actor{User: yusuan.UserFrom(r.Context()), Remote: remote}
}

func draftID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id < 1 {
		return 0, badRequest("草稿编号 %q 不是正整数", r.PathValue("id"))
	}
	return id, nil
}

// writePrivate writes a response for one account: never cached.
func writePrivate(w http.ResponseWriter, status int, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, err = w.Write(append(b, '\n'))
	return err
}

func (s *Server) drafts(w http.ResponseWriter, r *http.Request) error {
	wf, err := s.workflow()
	if err != nil {
		return err
	}
	if _, err := params(r); err != nil {
		return err
	}
	ds, err := wf.List(r.Context(), actor(r))
	if err != nil {
		return err
	}
	return writePrivate(w, http.StatusOK, map[string]any{"drafts": ds})
}

func (s *Server) draft(w http.ResponseWriter, r *http.Request) error {
	wf, err := s.workflow()
	if err != nil {
		return err
	}
	id, err := draftID(r)
	if err != nil {
		return err
	}
	v, err := wf.Get(r.Context(), actor(r), id)
	if err != nil {
		return err
	}
	return writePrivate(w, http.StatusOK, v)
}

// view answers a change with the draft as it is now.
func (s *Server) view(w http.ResponseWriter, r *http.Request, wf *workflow.Service, id int64, status int) error {
	v, err := wf.Get(r.Context(), actor(r), id)
	if err != nil {
		return err
	}
	if status == http.StatusCreated {
		w.Header().Set("Location", fmt.Sprintf("/api/v1/drafts/%d", id))
	}
	return writePrivate(w, status, v)
}

// UploadError is a refused upload, with its HTTP status.
type UploadError struct {
	Status int
	Msg    string
}

func (e *UploadError) Error() string { return e.Msg }

// ReadUpload reads the file field of a multipart/form-data request, within
// the input limit; other fields before it are skipped.
func ReadUpload(r *http.Request) (name string, data []byte, err error) {
	if yusuan.UserFrom(r.Context()) == nil {
		// Nobody to take it from: refuse before reading the body.
		return "", nil, &workflow.Error{Kind: workflow.Unauthenticated, Msg: "请先登录"}
	}
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if ct != "multipart/form-data" {
		return "", nil, &UploadError{http.StatusUnsupportedMediaType, "请以 multipart/form-data 上传，文件放在 file 字段"}
	}
	mr, err := r.MultipartReader()
	if err != nil {
		return "", nil, &UploadError{http.StatusBadRequest, fmt.Sprintf("上传的表单无法读取：%v", err)}
	}
	max := limits.Current().InputBytes
	for {
		p, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			return "", nil, &UploadError{http.StatusBadRequest, "表单中没有 file 字段（要上传的文件）"}
		}
		if err != nil {
			var mbe *http.MaxBytesError
			if errors.As(err, &mbe) {
				return "", nil, &UploadError{http.StatusRequestEntityTooLarge, limits.TooLarge("上传的文件", -1).Error()}
			}
			return "", nil, &UploadError{http.StatusBadRequest, fmt.Sprintf("上传的表单无法读取：%v", err)}
		}
		if p.FormName() != "file" {
			io.Copy(io.Discard, io.LimitReader(p, 1<<20))
			continue
		}
		name = p.FileName()
		data, err = io.ReadAll(io.LimitReader(p, max+1))
		if err != nil {
			var mbe *http.MaxBytesError
			if errors.As(err, &mbe) {
				return "", nil, &UploadError{http.StatusRequestEntityTooLarge, limits.TooLarge(name, -1).Error()}
			}
			return "", nil, &UploadError{http.StatusBadRequest, fmt.Sprintf("%s：上传中断：%v", name, err)}
		}
		if int64(len(data)) > max {
			return "", nil, &UploadError{http.StatusRequestEntityTooLarge, limits.TooLarge(name, -1).Error()}
		}
		if name == "" {
			name = "upload"
		}
		return name, data, nil
	}
}

func (s *Server) createDraft(w http.ResponseWriter, r *http.Request) error {
	wf, err := s.workflow()
	if err != nil {
		return err
	}
	name, data, err := ReadUpload(r)
	if err != nil {
		return err
	}
	d, err := wf.Create(r.Context(), actor(r), name, data)
	if err != nil {
		return err
	}
	return s.view(w, r, wf, d.ID, http.StatusCreated)
}

func (s *Server) uploadDraft(w http.ResponseWriter, r *http.Request) error {
	wf, err := s.workflow()
	if err != nil {
		return err
	}
	id, err := draftID(r)
	if err != nil {
		return err
	}
	name, data, err := ReadUpload(r)
	if err != nil {
		return err
	}
	if _, err := wf.Upload(r.Context(), actor(r), id, name, data); err != nil {
		return err
	}
	return s.view(w, r, wf, id, http.StatusOK)
}

func (s *Server) draftFile(w http.ResponseWriter, r *http.Request) error {
	wf, err := s.workflow()
	if err != nil {
		return err
	}
	id, err := draftID(r)
	if err != nil {
		return err
	}
	name, b, err := wf.File(r.Context(), actor(r), id)
	if err != nil {
		return err
	}
	h := w.Header()
	h.Set("Content-Type", "application/octet-stream")
	h.Set("Content-Disposition", contentDisposition(name))
	h.Set("Cache-Control", "no-store")
	_, err = w.Write(b)
	return err
}

// readBody decodes a small JSON body into v; an empty body leaves v as is.
func readBody(r *http.Request, v any) error {
	b, err := io.ReadAll(r.Body)
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return err
		}
		return badRequest("请求体无法读取：%v", err)
	}
	if len(strings.TrimSpace(string(b))) == 0 {
		return nil
	}
	dec := json.NewDecoder(strings.NewReader(string(b)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return badRequest("请求体不是所需的 JSON：%v", err)
	}
	return nil
}

func (s *Server) explain(w http.ResponseWriter, r *http.Request) error {
	wf, err := s.workflow()
	if err != nil {
		return err
	}
	id, err := draftID(r)
	if err != nil {
		return err
	}
	var body struct {
		Finding string `json:"finding"`
		Text    string `json:"text"`
	}
	if err := readBody(r, &body); err != nil {
		return err
	}
	if err := wf.Explain(r.Context(), actor(r), id, body.Finding, body.Text); err != nil {
		return err
	}
	return s.view(w, r, wf, id, http.StatusOK)
}

func (s *Server) comment(w http.ResponseWriter, r *http.Request) error {
	wf, err := s.workflow()
	if err != nil {
		return err
	}
	id, err := draftID(r)
	if err != nil {
		return err
	}
	var body struct {
		Target string `json:"target"`
		Text   string `json:"text"`
	}
	if err := readBody(r, &body); err != nil {
		return err
	}
	if _, err := wf.Comment(r.Context(), actor(r), id, body.Target, body.Text); err != nil {
		return err
	}
	return s.view(w, r, wf, id, http.StatusCreated)
}

func (s *Server) act(action string) func(http.ResponseWriter, *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		wf, err := s.workflow()
		if err != nil {
			return err
		}
		id, err := draftID(r)
		if err != nil {
			return err
		}
		var body struct {
			Comment string `json:"comment"`
			Reason  string `json:"reason"`
		}
		if err := readBody(r, &body); err != nil {
			return err
		}
		if _, err := wf.Act(r.Context(), actor(r), id, action, body.Comment, body.Reason); err != nil {
			return err
		}
		return s.view(w, r, wf, id, http.StatusOK)
	}
}

// WorkflowStatus is the HTTP status of a workflow refusal.
func WorkflowStatus(k workflow.Kind) int {
	switch k {
	case workflow.Unauthenticated:
		return http.StatusUnauthorized
	case workflow.Forbidden:
		return http.StatusForbidden
	case workflow.NotFound:
		return http.StatusNotFound
	case workflow.Conflict:
		return http.StatusConflict
	}
	return http.StatusBadRequest
}
