// Package workflow is preparing, reviewing and publishing a disclosure
// (docs/workflow.md): a preparer (填报人) uploads a workbook, budget file
// or published file as a draft, which is read or compiled and checked; a
// draft with errors cannot be submitted and each warning needs a written
// explanation; the organization's approver (审核人) and the region's
// finance reviewer (财政审核人) pass it or return it with a comment; the
// finance reviewer publishes it as an immutable publication version.
// Which role may take which step is yusuan.DraftTransitions; this package
// adds whose drafts an account may see and touch (its organization, or
// its region's organizations) and writes every action to the audit trail.
package workflow

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/yusuan/yusuan"
	"github.com/yusuan/yusuan/catalog"
	"github.com/yusuan/yusuan/check"
	"github.com/yusuan/yusuan/internal/limits"
	"github.com/yusuan/yusuan/store"
)

// Loader reads or compiles an uploaded file into a document: a fill-in
// workbook or budget file is compiled, a published file imported. The
// command line gives the same loader `yusuan check` uses.
type Loader func(name string, data []byte) (*yusuan.Document, *yusuan.Profile, error)

// Service runs the workflow on a store.
type Service struct {
	DB   *store.DB
	Load Loader
	// Now is the clock (nil: time.Now).
	Now func() time.Time
}

// Actor is who acts and from where (a remote address, for the audit trail).
type Actor struct {
	User   *yusuan.User
	Remote string
}

// Kind is the kind of a refusal, which an HTTP handler maps to a status.
type Kind int

const (
	Unauthenticated Kind = iota + 1 // no signed-in account: 401
	Forbidden                       // the account may not do this: 403
	NotFound                        // no such draft, or not one the account may see: 404
	Invalid                         // the request or the upload is wrong: 400
	Conflict                        // the draft's state does not allow it: 409
)

// Error is a refusal with a message in Chinese for the person acting.
type Error struct {
	Kind Kind
	Msg  string
}

func (e *Error) Error() string { return e.Msg }

func refuse(k Kind, format string, args ...any) error {
	return &Error{Kind: k, Msg: fmt.Sprintf(format, args...)}
}

// MaxTextRunes bounds an explanation, a comment or a reason.
const MaxTextRunes = 4000

func (s *Service) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

// user returns the acting account, refusing an anonymous or disabled one.
func user(a Actor) (*yusuan.User, error) {
	if a.User == nil || a.User.Disabled || !a.User.Role.Valid() {
		return nil, refuse(Unauthenticated, "请先登录")
	}
	return a.User, nil
}

// CanSee says whether u may read d: preparers and approvers the drafts of
// their organization, finance reviewers those of their region's
// organizations, administrators every draft (read only).
func CanSee(u *yusuan.User, d store.Draft) bool {
	if u == nil || u.Disabled {
		return false
	}
	switch u.Role {
	case yusuan.RolePreparer, yusuan.RoleApprover:
		return u.Organization != "" && u.Organization == d.Organization.Code
	case yusuan.RoleFinance:
		return u.Region != "" && u.Region == d.Organization.Region
	case yusuan.RoleAdmin:
		return true
	}
	return false
}

// draft loads a draft the actor may see; one it may not see is not found,
// so that its existence is not told either.
func (s *Service) draft(ctx context.Context, u *yusuan.User, id int64) (store.Draft, error) {
	d, err := s.DB.Draft(ctx, id)
	if errors.Is(err, yusuan.ErrNotFound) || (err == nil && !CanSee(u, d)) {
		return store.Draft{}, refuse(NotFound, "没有找到草稿 %d", id)
	}
	return d, err
}

// List returns the drafts the actor may see.
func (s *Service) List(ctx context.Context, a Actor) ([]store.Draft, error) {
	u, err := user(a)
	if err != nil {
		return nil, err
	}
	f := store.DraftFilter{}
	switch u.Role {
	case yusuan.RolePreparer, yusuan.RoleApprover:
		if u.Organization == "" {
			return []store.Draft{}, nil
		}
		f.Organization = u.Organization
	case yusuan.RoleFinance:
		if u.Region == "" {
			return []store.Draft{}, nil
		}
		f.Region = u.Region
	}
	ds, err := s.DB.Drafts(ctx, f)
	if err != nil {
		return nil, err
	}
	out := ds[:0]
	for _, d := range ds {
		if CanSee(u, d) {
			out = append(out, d)
		}
	}
	return out, nil
}

// Finding is one finding of a draft with its key and, for a warning, the
// preparer's explanation.
type Finding struct {
	Key string `json:"key"`
	check.Finding
	Place       string             `json:"place"`
	Explanation *store.Explanation `json:"explanation,omitempty"`
}

// View is everything about a draft its page and the API show.
type View struct {
	Draft        store.Draft          `json:"draft"`
	Findings     []Finding            `json:"findings"`
	Unexplained  int                  `json:"unexplained"`
	Events       []store.DraftEvent   `json:"events"`
	Comments     []store.DraftComment `json:"comments"`
	Explanations []store.Explanation  `json:"explanations"`
	// Actions are the steps the viewer may take now.
	Actions []yusuan.DraftTransition `json:"actions"`
	// Published says a publication of the same organization, year and
	// kind exists: publishing this draft is a correction and needs a
	// public reason.
	Published bool `json:"correction"`
}

// Get returns a draft the actor may see, with its findings, explanations,
// comments, events and the actions open to the actor.
func (s *Service) Get(ctx context.Context, a Actor, id int64) (View, error) {
	u, err := user(a)
	if err != nil {
		return View{}, err
	}
	d, err := s.draft(ctx, u, id)
	if err != nil {
		return View{}, err
	}
	v := View{Draft: d}
	if v.Findings, err = s.findings(ctx, id); err != nil {
		return View{}, err
	}
	if v.Explanations, err = s.DB.Explanations(ctx, id); err != nil {
		return View{}, err
	}
	byKey := map[string]*store.Explanation{}
	for i := range v.Explanations {
		byKey[v.Explanations[i].FindingKey] = &v.Explanations[i]
	}
	for i := range v.Findings {
		f := &v.Findings[i]
		if f.Severity == check.Warning {
			f.Explanation = byKey[f.Key]
			if f.Explanation == nil {
				v.Unexplained++
			}
		}
	}
	if v.Events, err = s.DB.DraftEvents(ctx, id); err != nil {
		return View{}, err
	}
	if v.Comments, err = s.DB.DraftComments(ctx, id); err != nil {
		return View{}, err
	}
	if v.Published, err = s.published(ctx, d); err != nil {
		return View{}, err
	}
	v.Actions = []yusuan.DraftTransition{}
	for _, t := range yusuan.DraftTransitions {
		if t.From == d.State && t.Role == u.Role {
			v.Actions = append(v.Actions, t)
		}
	}
	return v, nil
}

// findings reads a draft's stored findings and keys them.
func (s *Service) findings(ctx context.Context, id int64) ([]Finding, error) {
	b, err := s.DB.DraftBlob(ctx, id, "findings_json")
	if err != nil {
		return nil, err
	}
	var rep check.Report
	if err := json.Unmarshal(b, &rep); err != nil {
		return nil, fmt.Errorf("草稿 %d：检查结果无法读取：%w", id, err)
	}
	out := []Finding{}
	for _, d := range rep.Documents {
		for _, f := range d.Findings {
			out = append(out, Finding{Key: FindingKey(f), Finding: f, Place: Place(f)})
		}
	}
	return out, nil
}

// FindingKey names a finding across uploads: the same rule at the same
// place with the same message has the same key, so an explanation stays
// with a warning that comes back unchanged and a changed warning needs a
// new one.
func FindingKey(f check.Finding) string {
	h := sha256.New()
	src := ""
	if f.Source != nil {
		src = f.Source.String()
	}
	for _, p := range []string{f.Rule, f.Table, fmt.Sprint(f.TableNumber), f.Row, f.Column, src, f.Message} {
		fmt.Fprintf(h, "%d:%s\n", len(p), p)
	}
	return hex.EncodeToString(h.Sum(nil))[:16]
}

// Place says where a finding is, for people: the table, row and column,
// and the place in the file.
func Place(f check.Finding) string {
	var parts []string
	if f.TableTitle != "" {
		parts = append(parts, f.TableTitle)
	} else if f.Table != "" {
		parts = append(parts, f.Table)
	}
	if f.Row != "" {
		parts = append(parts, f.Row)
	}
	if f.Column != "" {
		parts = append(parts, f.Column)
	}
	if f.Source != nil {
		if s := f.Source.String(); s != "" {
			parts = append(parts, s)
		}
	}
	return strings.Join(parts, " · ")
}

// published says whether the draft's organization, year and kind already
// have a publication.
func (s *Service) published(ctx context.Context, d store.Draft) (bool, error) {
	ps, err := s.DB.Publications(ctx, yusuan.PublicationFilter{Organization: d.Organization.Code, Year: d.Year, Kind: d.Kind, Limit: 1})
	return len(ps) > 0, err
}

// prepare reads, compiles or imports and checks an upload.
func (s *Service) prepare(ctx context.Context, u *yusuan.User, name string, data []byte) (store.DraftUpload, error) {
	name = cleanName(name)
	if len(data) == 0 {
		return store.DraftUpload{}, refuse(Invalid, "%s：文件为空", name)
	}
	if int64(len(data)) > limits.Current().InputBytes {
		return store.DraftUpload{}, refuse(Invalid, "%s", limits.TooLarge(name, int64(len(data))).Error())
	}
	org, err := s.DB.Organization(ctx, u.Organization)
	if errors.Is(err, yusuan.ErrNotFound) {
		return store.DraftUpload{}, refuse(Invalid, "单位 %s 尚未登记，请管理员先登记单位及其所属地区", u.Organization)
	} else if err != nil {
		return store.DraftUpload{}, err
	}
	doc, prof, err := s.load(name, data)
	if err != nil {
		var le *limits.Error
		if errors.As(err, &le) {
			return store.DraftUpload{}, refuse(Invalid, "%s", le.Error())
		}
		return store.DraftUpload{}, refuse(Invalid, "%s", err.Error())
	}
	if doc.Year == 0 {
		return store.DraftUpload{}, refuse(Invalid, "%s：无法确定预算年度", name)
	}
	if c := doc.Department.Code; c != "" && c != org.Code {
		return store.DraftUpload{}, refuse(Invalid, "%s：文件中的单位编码 %s 与本单位 %s（%s）不符", name, c, org.Code, org.Name)
	}
	kind, level := doc.Kind, doc.Level
	if kind == "" {
		kind = yusuan.DocBudget
	}
	if level == "" {
		level = yusuan.LevelDepartment
	}
	cctx := check.Context{Profile: prof}
	cctx.Catalog, _ = catalog.Load(doc.Year)
	if cctx.Prior, err = s.DB.PriorDocument(ctx, org, doc.Year, kind); err != nil {
		return store.DraftUpload{}, err
	}
	res := check.NewResult(name, doc, check.Check(doc, cctx))
	var findings bytes.Buffer
	if err := check.NewReport([]check.DocumentResult{res}).WriteJSON(&findings); err != nil {
		return store.DraftUpload{}, err
	}
	docJSON, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		return store.DraftUpload{}, err
	}
	errs, warns := check.Count(res.Findings)
	return store.DraftUpload{
		Organization: org.Code, Year: doc.Year, Kind: kind, Level: level, Profile: doc.Profile,
		FileName: name, File: data, DocumentJSON: append(docJSON, '\n'), FindingsJSON: findings.Bytes(),
		Errors: errs, Warnings: warns,
	}, nil
}

// load runs the loader, turning a panic on a hostile file into an error.
func (s *Service) load(name string, data []byte) (doc *yusuan.Document, p *yusuan.Profile, err error) {
	defer func() {
		if e := recover(); e != nil {
			doc, p, err = nil, nil, fmt.Errorf("%s：内部错误：%v", name, e)
		}
	}()
	return s.Load(name, data)
}

// cleanName keeps the base name of an uploaded file, in valid UTF-8 and
// of reasonable length.
func cleanName(name string) string {
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	name = strings.ToValidUTF8(name, "_")
	name = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return '_'
		}
		return r
	}, name)
	if r := []rune(name); len(r) > 200 {
		name = string(r[:200])
	}
	if name == "" {
		name = "upload"
	}
	return name
}

// Create makes a draft of an upload; only a preparer, for its own
// organization.
func (s *Service) Create(ctx context.Context, a Actor, name string, data []byte) (store.Draft, error) {
	u, err := user(a)
	if err != nil {
		return store.Draft{}, err
	}
	if u.Role != yusuan.RolePreparer || u.Organization == "" {
		return store.Draft{}, refuse(Forbidden, "只有本单位的填报人可以上传草稿")
	}
	up, err := s.prepare(ctx, u, name, data)
	if err != nil {
		return store.Draft{}, err
	}
	d, err := s.DB.CreateDraft(ctx, up, u.Name, u.Role, s.now())
	if err != nil {
		return store.Draft{}, err
	}
	return d, s.audit(ctx, a, "draft.create", d, "", stateJSON(d))
}

// Upload replaces the file of a draft in state 草稿 (after it was returned,
// or to fix errors); the upload must be of the same year and kind.
func (s *Service) Upload(ctx context.Context, a Actor, id int64, name string, data []byte) (store.Draft, error) {
	u, err := user(a)
	if err != nil {
		return store.Draft{}, err
	}
	d, err := s.draft(ctx, u, id)
	if err != nil {
		return store.Draft{}, err
	}
	if u.Role != yusuan.RolePreparer {
		return store.Draft{}, refuse(Forbidden, "只有本单位的填报人可以上传文件")
	}
	if d.State != yusuan.DraftOpen {
		return store.Draft{}, refuse(Conflict, "草稿当前为“%s”，只有草稿状态可以重新上传", d.State.Title())
	}
	up, err := s.prepare(ctx, u, name, data)
	if err != nil {
		return store.Draft{}, err
	}
	if up.Year != d.Year || up.Kind != d.Kind {
		return store.Draft{}, refuse(Invalid, "%s 是 %d 年%s，本草稿是 %d 年%s；请另建草稿", up.FileName, up.Year, kindTitle(up.Kind), d.Year, kindTitle(d.Kind))
	}
	nd, err := s.DB.ReplaceDraftFile(ctx, id, up, u.Name, u.Role, s.now())
	if errors.Is(err, store.ErrDraftMoved) {
		return store.Draft{}, refuse(Conflict, "%s", err.Error())
	}
	if err != nil {
		return store.Draft{}, err
	}
	return nd, s.audit(ctx, a, "draft.upload", nd, stateJSON(d), stateJSON(nd))
}

func kindTitle(k string) string {
	if k == yusuan.DocFinal {
		return "决算"
	}
	return "预算"
}

// Explain stores the preparer's explanation of one warning of a draft in
// state 草稿.
func (s *Service) Explain(ctx context.Context, a Actor, id int64, key, text string) error {
	u, err := user(a)
	if err != nil {
		return err
	}
	d, err := s.draft(ctx, u, id)
	if err != nil {
		return err
	}
	if u.Role != yusuan.RolePreparer {
		return refuse(Forbidden, "只有本单位的填报人可以说明警告")
	}
	if d.State != yusuan.DraftOpen {
		return refuse(Conflict, "草稿当前为“%s”，只有草稿状态可以填写说明", d.State.Title())
	}
	text = strings.TrimSpace(text)
	if err := checkText("说明", text, true); err != nil {
		return err
	}
	fs, err := s.findings(ctx, id)
	if err != nil {
		return err
	}
	var found *Finding
	for i := range fs {
		if fs[i].Key == key && fs[i].Severity == check.Warning {
			found = &fs[i]
		}
	}
	if found == nil {
		return refuse(Invalid, "草稿 %d 没有编号为 %q 的警告", id, key)
	}
	// The audit trail keeps what a new explanation replaces.
	var before string
	xs, err := s.DB.Explanations(ctx, id)
	if err != nil {
		return err
	}
	for _, e := range xs {
		if e.FindingKey == key {
			b, _ := json.Marshal(map[string]string{"finding": key, "rule": e.Rule, "place": e.Place, "explanation": e.Text, "author": e.Author})
			before = string(b)
		}
	}
	x := store.Explanation{FindingKey: key, Rule: found.Rule, Place: found.Place, Text: text, Author: u.Name, At: s.now()}
	if err := s.DB.ExplainFinding(ctx, id, x); errors.Is(err, store.ErrDraftMoved) {
		return refuse(Conflict, "%s", err.Error())
	} else if err != nil {
		return err
	}
	after, _ := json.Marshal(map[string]string{"finding": key, "rule": found.Rule, "place": found.Place, "explanation": text})
	return s.audit(ctx, a, "draft.explain", d, before, string(after))
}

// Comment stores a reviewer's comment on a finding, a table or the whole
// draft; approvers and finance reviewers comment on drafts they review.
func (s *Service) Comment(ctx context.Context, a Actor, id int64, target, text string) (store.DraftComment, error) {
	u, err := user(a)
	if err != nil {
		return store.DraftComment{}, err
	}
	d, err := s.draft(ctx, u, id)
	if err != nil {
		return store.DraftComment{}, err
	}
	if u.Role != yusuan.RoleApprover && u.Role != yusuan.RoleFinance {
		return store.DraftComment{}, refuse(Forbidden, "只有审核人和财政审核人可以提出审核意见")
	}
	if d.State == yusuan.DraftPublished {
		return store.DraftComment{}, refuse(Conflict, "草稿已公开，不能再提意见")
	}
	text = strings.TrimSpace(text)
	if err := checkText("意见", text, true); err != nil {
		return store.DraftComment{}, err
	}
	target = strings.TrimSpace(target)
	if err := checkText("意见对象", target, false); err != nil {
		return store.DraftComment{}, err
	}
	c, err := s.DB.AddDraftComment(ctx, id, store.DraftComment{Target: target, Text: text, Author: u.Name, Role: u.Role, At: s.now()})
	if err != nil {
		return c, err
	}
	after, _ := json.Marshal(map[string]string{"target": target, "comment": text})
	return c, s.audit(ctx, a, "draft.comment", d, "", string(after))
}

func checkText(what, text string, required bool) error {
	switch {
	case required && text == "":
		return refuse(Invalid, "%s不能为空", what)
	case !utf8.ValidString(text):
		return refuse(Invalid, "%s不是有效的 UTF-8 文本", what)
	case utf8.RuneCountInString(text) > MaxTextRunes:
		return refuse(Invalid, "%s超过 %d 字", what, MaxTextRunes)
	}
	return nil
}

// Act takes a step of yusuan.DraftTransitions: submit, approve, return or
// publish. Returning needs a comment; submitting needs no errors and an
// explanation of every warning; publishing a correction needs a public
// reason.
func (s *Service) Act(ctx context.Context, a Actor, id int64, action, comment, reason string) (store.Draft, error) {
	u, err := user(a)
	if err != nil {
		return store.Draft{}, err
	}
	d, err := s.draft(ctx, u, id)
	if err != nil {
		return store.Draft{}, err
	}
	t, ok := yusuan.Transition(action, d.State, u.Role)
	if !ok {
		for _, x := range yusuan.DraftTransitions {
			if x.Action == action && x.From == d.State {
				return store.Draft{}, refuse(Forbidden, "草稿当前为“%s”，“%s”须由%s进行", d.State.Title(), x.Title, x.Role.Title())
			}
		}
		known := false
		for _, x := range yusuan.DraftTransitions {
			known = known || x.Action == action
		}
		if !known {
			return store.Draft{}, refuse(Invalid, "未知的操作 %q", action)
		}
		return store.Draft{}, refuse(Conflict, "草稿当前为“%s”，不能进行此操作", d.State.Title())
	}
	comment, reason = strings.TrimSpace(comment), strings.TrimSpace(reason)
	if err := checkText("意见", comment, action == "return"); err != nil {
		return store.Draft{}, err
	}
	if err := checkText("更正原因", reason, false); err != nil {
		return store.Draft{}, err
	}
	ev := store.DraftEvent{At: s.now(), Actor: u.Name, Role: u.Role, Action: action, From: t.From, To: t.To, Comment: comment}
	var pub yusuan.Publication
	switch action {
	case "submit":
		v, err := s.Get(ctx, a, id)
		if err != nil {
			return store.Draft{}, err
		}
		// Judge the upload the findings are of, and submit only that one
		// (MoveDraftIf below): a re-upload meanwhile is not submitted
		// unchecked.
		d = v.Draft
		if d.State != t.From {
			return store.Draft{}, refuse(Conflict, "%s", store.ErrDraftMoved.Error())
		}
		if d.Errors > 0 {
			return store.Draft{}, refuse(Conflict, "草稿有 %d 个错误，改正并重新上传后才能提交", d.Errors)
		}
		if v.Unexplained > 0 {
			return store.Draft{}, refuse(Conflict, "还有 %d 个警告没有说明；每个警告都须填写说明后才能提交", v.Unexplained)
		}
	case "publish":
		if d.Errors > 0 {
			return store.Draft{}, refuse(Conflict, "草稿有 %d 个错误，不能公开", d.Errors)
		}
		if pub, err = s.publish(ctx, d, reason); err != nil {
			return store.Draft{}, err
		}
	}
	if err := s.DB.MoveDraftIf(ctx, id, ev, reason, pub.ID, d.FileSHA256); errors.Is(err, store.ErrDraftMoved) {
		return store.Draft{}, refuse(Conflict, "%s", err.Error())
	} else if err != nil {
		return store.Draft{}, err
	}
	nd, err := s.DB.Draft(ctx, id)
	if err != nil {
		return store.Draft{}, err
	}
	after := stateJSON(nd)
	if comment != "" {
		after = addJSON(after, "comment", comment)
	}
	if err := s.audit(ctx, a, "draft."+action, nd, stateJSON(d), after); err != nil {
		return nd, err
	}
	if pub.ID != 0 {
		b, _ := json.Marshal(map[string]any{
			"organization": pub.Organization.Code, "name": pub.Organization.Name, "year": pub.Year, "kind": pub.Kind,
			"level": pub.Level, "version": pub.Version, "file": pub.FileName, "file_sha256": pub.FileSHA256,
			"draft": id, "reason": pub.Reason,
		})
		if _, err := s.DB.Audit(ctx, store.AuditEntry{Actor: u.Name, Action: "publish", Object: fmt.Sprintf("publication:%d", pub.ID), Remote: a.Remote, After: string(b)}); err != nil {
			return nd, err
		}
	}
	return nd, nil
}

// publish stores the draft as a new publication version; a correction
// (the organization, year and kind have one already) needs a reason.
func (s *Service) publish(ctx context.Context, d store.Draft, reason string) (yusuan.Publication, error) {
	corr, err := s.published(ctx, d)
	if err != nil {
		return yusuan.Publication{}, err
	}
	if corr && reason == "" {
		return yusuan.Publication{}, refuse(Invalid, "%s %d 年%s已经公开过；更正须填写公开的更正原因", d.Organization.Name, d.Year, kindTitle(d.Kind))
	}
	if !corr {
		reason = ""
	}
	if d.Organization.Name == "" {
		return yusuan.Publication{}, refuse(Conflict, "单位 %s 尚未登记，不能公开", d.Organization.Code)
	}
	docJSON, err := s.DB.DraftBlob(ctx, d.ID, "document_json")
	if err != nil {
		return yusuan.Publication{}, err
	}
	var doc yusuan.Document
	if err := json.Unmarshal(docJSON, &doc); err != nil {
		return yusuan.Publication{}, fmt.Errorf("草稿 %d：文档无法读取：%w", d.ID, err)
	}
	findings, err := s.DB.DraftBlob(ctx, d.ID, "findings_json")
	if err != nil {
		return yusuan.Publication{}, err
	}
	// Read last: an upload replaces file, document and findings at once,
	// so the file being the one reviewed (d, read in state 财政已审核)
	// means the document and findings read before it are too. Otherwise
	// the draft was returned and re-uploaded meanwhile, and what would
	// be published is not what was reviewed.
	file, err := s.DB.DraftBlob(ctx, d.ID, "file_bytes")
	if err != nil {
		return yusuan.Publication{}, err
	}
	if sum := sha256.Sum256(file); hex.EncodeToString(sum[:]) != d.FileSHA256 {
		return yusuan.Publication{}, refuse(Conflict, "%s", store.ErrDraftMoved.Error())
	}
	res, err := s.DB.Publish(ctx, yusuan.NewPublication{
		Organization: d.Organization, FileName: d.FileName, File: file, Document: &doc, DocumentJSON: docJSON,
		FindingsJSON: findings, Errors: d.Errors, Warnings: d.Warnings, Facts: yusuan.Facts(&doc), Reason: reason, Now: s.now(),
		// Another draft may have been published since corr was read.
		ReasonRequired: true,
	})
	if errors.Is(err, store.ErrReasonRequired) {
		return yusuan.Publication{}, refuse(Invalid, "%s %d 年%s刚刚已由他人公开；更正须填写公开的更正原因", d.Organization.Name, d.Year, kindTitle(d.Kind))
	}
	if err != nil {
		return yusuan.Publication{}, err
	}
	return res.Publication, nil
}

func stateJSON(d store.Draft) string {
	m := map[string]any{"state": d.State, "organization": d.Organization.Code, "year": d.Year, "kind": d.Kind,
		"file": d.FileName, "file_sha256": d.FileSHA256, "errors": d.Errors, "warnings": d.Warnings}
	if d.Publication != 0 {
		m["publication"] = d.Publication
	}
	if d.Reason != "" {
		m["reason"] = d.Reason
	}
	b, _ := json.Marshal(m)
	return string(b)
}

func addJSON(obj, key, value string) string {
	var m map[string]any
	if json.Unmarshal([]byte(obj), &m) != nil {
		return obj
	}
	m[key] = value
	b, _ := json.Marshal(m)
	return string(b)
}

func (s *Service) audit(ctx context.Context, a Actor, action string, d store.Draft, before, after string) error {
	_, err := s.DB.Audit(ctx, store.AuditEntry{Actor: a.User.Name, Action: action, Object: fmt.Sprintf("draft:%d", d.ID),
		Remote: a.Remote, Before: before, After: after})
	return err
}

// File returns a draft's uploaded file, for an account that may see it.
func (s *Service) File(ctx context.Context, a Actor, id int64) (string, []byte, error) {
	u, err := user(a)
	if err != nil {
		return "", nil, err
	}
	d, err := s.draft(ctx, u, id)
	if err != nil {
		return "", nil, err
	}
	b, err := s.DB.DraftBlob(ctx, id, "file_bytes")
	return d.FileName, b, err
}
