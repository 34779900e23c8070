package desk

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"

	"github.com/yusuan/yusuan"
	"github.com/yusuan/yusuan/auth"
	"github.com/yusuan/yusuan/check"
	"github.com/yusuan/yusuan/server"
	"github.com/yusuan/yusuan/store"
	"github.com/yusuan/yusuan/workflow"
)

// The drafts pages (docs/workflow.md): my drafts and the upload form, a
// draft's page with its findings, an explanation box for each warning,
// the reviewers' comments and the actions the account may take now. The
// pages only translate forms into calls of workflow.Service, which
// decides who may do what, exactly as for the API.

func init() { Register(draftPages) }

func draftPages(d *Desk) error {
	d.AddNav(NavItem{Title: "草稿", Path: "/desk/drafts", Roles: []yusuan.Role{yusuan.RolePreparer, yusuan.RoleApprover, yusuan.RoleFinance, yusuan.RoleAdmin}})
	d.Funcs(map[string]any{
		"severity": severityTitle,
		"actionName": func(a string) string {
			if t, ok := map[string]string{"create": "上传建立", "upload": "重新上传", "submit": "提交", "approve": "审核通过", "return": "退回", "publish": "公开"}[a]; ok {
				return t
			}
			return a
		},
		"kindName": func(k string) string {
			if k == yusuan.DocFinal {
				return "决算"
			}
			return "预算"
		},
	})
	user := func(f func(w http.ResponseWriter, r *http.Request)) http.Handler {
		return auth.RequireUser(http.HandlerFunc(f))
	}
	d.Handle("GET /desk/drafts", user(d.draftList))
	d.Handle("POST /desk/drafts", user(d.draftCreate))
	d.Handle("GET /desk/drafts/{id}", user(d.draftPage))
	d.Handle("GET /desk/drafts/{id}/file", user(d.draftFile))
	d.Handle("POST /desk/drafts/{id}/file", user(d.draftUpload))
	d.Handle("POST /desk/drafts/{id}/explanations", user(d.draftExplain))
	d.Handle("POST /desk/drafts/{id}/comments", user(d.draftComment))
	for _, t := range []string{"submit", "approve", "return", "publish"} {
		d.Handle("POST /desk/drafts/{id}/"+t, user(d.draftAct(t)))
	}
	return nil
}

func severityTitle(s check.Severity) string {
	switch s {
	case check.Error:
		return "错误"
	case check.Warning:
		return "警告"
	}
	return "提示"
}

func actor(r *http.Request) workflow.Actor {
	return workflow.Actor{User: yusuan.UserFrom(r.Context()), Remote: auth.Remote(r)}
}

// failure is the status and message of an error of the workflow.
func (d *Desk) failure(err error) (int, string) {
	var we *workflow.Error
	var ue *server.UploadError
	var mbe *http.MaxBytesError
	switch {
	case errors.As(err, &we):
		return server.WorkflowStatus(we.Kind), we.Msg
	case errors.As(err, &ue):
		return ue.Status, ue.Msg
	case errors.As(err, &mbe):
		return http.StatusRequestEntityTooLarge, "上传的文件太大"
	}
	var una *store.UnavailableError
	if errors.As(err, &una) {
		return http.StatusServiceUnavailable, "数据库暂时不可用，请稍后再试"
	}
	d.Log.Error("drafts", "error", err.Error())
	return http.StatusInternalServerError, "内部错误"
}

func (d *Desk) workflow(w http.ResponseWriter, r *http.Request) *workflow.Service {
	if d.Workflow == nil {
		d.Error(w, r, http.StatusNotFound, "本服务器未启用填报与审核")
	}
	return d.Workflow
}

func pageID(w http.ResponseWriter, r *http.Request, d *Desk) (int64, bool) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id < 1 {
		d.Error(w, r, http.StatusNotFound, "没有这个草稿")
		return 0, false
	}
	return id, true
}

func (d *Desk) draftList(w http.ResponseWriter, r *http.Request) {
	d.renderList(w, r, http.StatusOK, "")
}

func (d *Desk) renderList(w http.ResponseWriter, r *http.Request, status int, msg string) {
	wf := d.workflow(w, r)
	if wf == nil {
		return
	}
	ds, err := wf.List(r.Context(), actor(r))
	if err != nil {
		st, m := d.failure(err)
		d.Error(w, r, st, m)
		return
	}
	u := yusuan.UserFrom(r.Context())
	d.Render(w, r, status, "drafts.tmpl", map[string]any{
		"Title": "草稿", "Drafts": ds, "Error": msg,
		"CanUpload": u.Role == yusuan.RolePreparer && u.Organization != "",
	})
}

func (d *Desk) draftCreate(w http.ResponseWriter, r *http.Request) {
	wf := d.workflow(w, r)
	if wf == nil {
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, server.UploadLimit())
	name, data, err := server.ReadUpload(r)
	if err == nil {
		var dr store.Draft
		if dr, err = wf.Create(r.Context(), actor(r), name, data); err == nil {
			http.Redirect(w, r, fmt.Sprintf("/desk/drafts/%d", dr.ID), http.StatusSeeOther)
			return
		}
	}
	st, msg := d.failure(err)
	d.renderList(w, r, st, msg)
}

func (d *Desk) draftPage(w http.ResponseWriter, r *http.Request) {
	if id, ok := pageID(w, r, d); ok {
		d.renderDraft(w, r, id, http.StatusOK, "")
	}
}

func (d *Desk) renderDraft(w http.ResponseWriter, r *http.Request, id int64, status int, msg string) {
	wf := d.workflow(w, r)
	if wf == nil {
		return
	}
	v, err := wf.Get(r.Context(), actor(r), id)
	if err != nil {
		st, m := d.failure(err)
		d.Error(w, r, st, m)
		return
	}
	u := yusuan.UserFrom(r.Context())
	counts := map[string]int{}
	for _, f := range v.Findings {
		counts[string(f.Severity)]++
	}
	d.Render(w, r, status, "draft.tmpl", map[string]any{
		"Title": fmt.Sprintf("草稿 %d：%s %d 年%s", v.Draft.ID, v.Draft.Organization.Name, v.Draft.Year, map[bool]string{true: "决算", false: "预算"}[v.Draft.Kind == yusuan.DocFinal]),
		"V":     v, "Error": msg, "Counts": counts,
		"CanExplain": u.Role == yusuan.RolePreparer && v.Draft.State == yusuan.DraftOpen,
		"CanComment": (u.Role == yusuan.RoleApprover || u.Role == yusuan.RoleFinance) && v.Draft.State != yusuan.DraftPublished,
	})
}

func (d *Desk) draftFile(w http.ResponseWriter, r *http.Request) {
	wf := d.workflow(w, r)
	id, ok := pageID(w, r, d)
	if wf == nil || !ok {
		return
	}
	name, b, err := wf.File(r.Context(), actor(r), id)
	if err != nil {
		st, m := d.failure(err)
		d.Error(w, r, st, m)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "application/octet-stream")
	h.Set("Content-Disposition", fmt.Sprintf("attachment; filename*=UTF-8''%s", escapeFileName(name)))
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	w.Write(b)
}

func escapeFileName(s string) string {
	const hex = "0123456789ABCDEF"
	var out []byte
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '-' || c == '_' {
			out = append(out, c)
		} else {
			out = append(out, '%', hex[c>>4], hex[c&15])
		}
	}
	return string(out)
}

// after answers a form: back to the draft's page (at anchor) when it
// worked, the page with the message and the status when it did not.
func (d *Desk) after(w http.ResponseWriter, r *http.Request, id int64, anchor string, err error) {
	if err == nil {
		http.Redirect(w, r, fmt.Sprintf("/desk/drafts/%d%s", id, anchor), http.StatusSeeOther)
		return
	}
	st, msg := d.failure(err)
	if st == http.StatusNotFound || st == http.StatusUnauthorized {
		d.Error(w, r, st, msg)
		return
	}
	d.renderDraft(w, r, id, st, msg)
}

func (d *Desk) draftUpload(w http.ResponseWriter, r *http.Request) {
	wf := d.workflow(w, r)
	id, ok := pageID(w, r, d)
	if wf == nil || !ok {
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, server.UploadLimit())
	name, data, err := server.ReadUpload(r)
	if err == nil {
		_, err = wf.Upload(r.Context(), actor(r), id, name, data)
	}
	d.after(w, r, id, "", err)
}

func (d *Desk) draftExplain(w http.ResponseWriter, r *http.Request) {
	wf := d.workflow(w, r)
	id, ok := pageID(w, r, d)
	if wf == nil || !ok {
		return
	}
	key := r.PostFormValue("finding")
	err := wf.Explain(r.Context(), actor(r), id, key, r.PostFormValue("text"))
	d.after(w, r, id, "#f-"+key, err)
}

func (d *Desk) draftComment(w http.ResponseWriter, r *http.Request) {
	wf := d.workflow(w, r)
	id, ok := pageID(w, r, d)
	if wf == nil || !ok {
		return
	}
	_, err := wf.Comment(r.Context(), actor(r), id, r.PostFormValue("target"), r.PostFormValue("text"))
	d.after(w, r, id, "#comments", err)
}

func (d *Desk) draftAct(action string) func(w http.ResponseWriter, r *http.Request) {
	return func(w http.ResponseWriter, r *http.Request) {
		wf := d.workflow(w, r)
		id, ok := pageID(w, r, d)
		if wf == nil || !ok {
			return
		}
		_, err := wf.Act(r.Context(), actor(r), id, action, r.PostFormValue("comment"), r.PostFormValue("reason"))
		d.after(w, r, id, "", err)
	}
}
