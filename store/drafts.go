package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/yusuan/yusuan"
)

// Drafts are disclosures on their way to publication (docs/workflow.md):
// an organization's budget or final accounts of a year as last uploaded,
// checked, explained, reviewed, and moved through yusuan.DraftTransitions.
// The store keeps what was done; who may do it is decided by package
// workflow.

// Draft is one draft without its file and JSON (DraftBlob reads those).
type Draft struct {
	ID           int64               `json:"id"`
	Organization yusuan.Organization `json:"organization"`
	Year         int                 `json:"year"`
	Kind         string              `json:"kind"`
	Level        string              `json:"level"`
	State        yusuan.DraftState   `json:"state"`
	StateTitle   string              `json:"state_title"`
	Profile      string              `json:"profile"`
	FileName     string              `json:"file_name"`
	FileSHA256   string              `json:"file_sha256"`
	FileSize     int64               `json:"file_size"`
	Errors       int                 `json:"errors"`
	Warnings     int                 `json:"warnings"`
	CreatedBy    string              `json:"created_by"`
	CreatedAt    time.Time           `json:"created_at"`
	UpdatedAt    time.Time           `json:"updated_at"`
	// Reason is the public reason given when the draft corrects a
	// published disclosure.
	Reason string `json:"reason,omitempty"`
	// Publication is the publication the draft became (0 until published).
	Publication int64 `json:"publication,omitempty"`
}

// DraftUpload is a checked upload: the file, what it was read or compiled
// into, and its findings.
type DraftUpload struct {
	Organization string // the organization's code
	Year         int
	Kind, Level  string
	Profile      string
	FileName     string
	File         []byte
	DocumentJSON []byte
	FindingsJSON []byte
	Errors       int
	Warnings     int
}

// DraftEvent is one transition of a draft.
type DraftEvent struct {
	ID      int64             `json:"id"`
	At      time.Time         `json:"at"`
	Actor   string            `json:"actor"`
	Role    yusuan.Role       `json:"role"`
	Action  string            `json:"action"`
	From    yusuan.DraftState `json:"from"`
	To      yusuan.DraftState `json:"to"`
	Comment string            `json:"comment,omitempty"`
}

// Explanation is the preparer's written explanation of one warning
// (说明), kept with the draft.
type Explanation struct {
	FindingKey string    `json:"finding"`
	Rule       string    `json:"rule"`
	Place      string    `json:"place"`
	Text       string    `json:"text"`
	Author     string    `json:"author"`
	At         time.Time `json:"at"`
}

// DraftComment is a reviewer's comment on a finding, a table or the whole
// draft (Target empty).
type DraftComment struct {
	ID     int64       `json:"id"`
	Target string      `json:"target,omitempty"`
	Text   string      `json:"text"`
	Author string      `json:"author"`
	Role   yusuan.Role `json:"role"`
	At     time.Time   `json:"at"`
}

// DraftFilter selects drafts: of one organization, or of the
// organizations of one region; none selects every draft.
type DraftFilter struct {
	Organization string
	Region       string
	State        yusuan.DraftState
}

// ErrDraftMoved says a draft was not in the state an action expected:
// someone else moved it first.
var ErrDraftMoved = errors.New("草稿状态已被他人改变，请刷新后重试")

const draftColumns = `d.id, d.org_code, COALESCE(o.name, ''), COALESCE(o.region_code, ''), COALESCE(o.parent_code, ''),
	d.year, d.kind, d.level, d.state, d.profile, d.file_name, d.file_sha256, d.file_size, d.errors, d.warnings,
	d.created_by, d.created_at, d.updated_at, d.reason, COALESCE(d.publication_id, 0)`

const draftFrom = ` FROM draft d LEFT JOIN organization o ON o.code = d.org_code`

func scanDraft(r scanner) (Draft, error) {
	var d Draft
	var created, updated, state string
	err := r.Scan(&d.ID, &d.Organization.Code, &d.Organization.Name, &d.Organization.Region, &d.Organization.Parent,
		&d.Year, &d.Kind, &d.Level, &state, &d.Profile, &d.FileName, &d.FileSHA256, &d.FileSize, &d.Errors, &d.Warnings,
		&d.CreatedBy, &created, &updated, &d.Reason, &d.Publication)
	if err != nil {
		return d, err
	}
	d.State = yusuan.DraftState(state)
	d.StateTitle = d.State.Title()
	d.CreatedAt, _ = time.Parse(atFormat, created)
	d.UpdatedAt, _ = time.Parse(atFormat, updated)
	return d, nil
}

func stamp(t time.Time) string {
	if t.IsZero() {
		t = time.Now()
	}
	return t.UTC().Format(atFormat)
}

func parseStamp(s string) time.Time {
	t, _ := time.Parse(atFormat, s)
	return t
}

func validUpload(u DraftUpload) error {
	switch {
	case u.Organization == "":
		return errors.New("草稿没有单位编码")
	case u.Year < 1990 || u.Year > 2100:
		return fmt.Errorf("年度 %d 不在 1990–2100 之间", u.Year)
	case u.Kind != yusuan.DocBudget && u.Kind != yusuan.DocFinal:
		return fmt.Errorf("未知的公开类别 %q", u.Kind)
	case u.Level != yusuan.LevelDepartment && u.Level != yusuan.LevelBudgetUnit:
		return fmt.Errorf("未知的预算级次 %q", u.Level)
	case len(u.File) == 0 || len(u.DocumentJSON) == 0 || len(u.FindingsJSON) == 0:
		return errors.New("草稿缺少文件、Document JSON 或检查结果")
	}
	return nil
}

// CreateDraft stores a new draft (state 草稿) of an upload, by the named
// account, and records the creation as its first event.
func (s *DB) CreateDraft(ctx context.Context, u DraftUpload, by string, role yusuan.Role, now time.Time) (Draft, error) {
	if err := validUpload(u); err != nil {
		return Draft{}, err
	}
	at := stamp(now)
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return Draft{}, s.classify(err)
	}
	defer tx.Rollback()
	var id int64
	err = tx.QueryRowContext(ctx, s.Rebind(`INSERT INTO draft (org_code, year, kind, level, state, profile, file_name, file_sha256, file_size,
		file_bytes, document_json, findings_json, errors, warnings, created_by, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`),
		u.Organization, u.Year, u.Kind, u.Level, string(yusuan.DraftOpen), u.Profile, u.FileName, sha256Hex(u.File), int64(len(u.File)),
		u.File, u.DocumentJSON, u.FindingsJSON, u.Errors, u.Warnings, by, at, at).Scan(&id)
	if err != nil {
		return Draft{}, s.classify(err)
	}
	if err := s.addEvent(ctx, tx, id, DraftEvent{At: parseStamp(at), Actor: by, Role: role, Action: "create", To: yusuan.DraftOpen}); err != nil {
		return Draft{}, err
	}
	if err := tx.Commit(); err != nil {
		return Draft{}, s.classify(err)
	}
	return s.Draft(ctx, id)
}

// ReplaceDraftFile puts a new upload in place of a draft's file, its
// document and findings; only a draft in state 草稿 takes one, and the
// upload must be of the same organization, year and kind.
func (s *DB) ReplaceDraftFile(ctx context.Context, id int64, u DraftUpload, by string, role yusuan.Role, now time.Time) (Draft, error) {
	if err := validUpload(u); err != nil {
		return Draft{}, err
	}
	at := stamp(now)
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return Draft{}, s.classify(err)
	}
	defer tx.Rollback()
	res, err := tx.ExecContext(ctx, s.Rebind(`UPDATE draft SET level = ?, profile = ?, file_name = ?, file_sha256 = ?, file_size = ?,
		file_bytes = ?, document_json = ?, findings_json = ?, errors = ?, warnings = ?, updated_at = ?
		WHERE id = ? AND state = ? AND org_code = ? AND year = ? AND kind = ?`),
		u.Level, u.Profile, u.FileName, sha256Hex(u.File), int64(len(u.File)), u.File, u.DocumentJSON, u.FindingsJSON, u.Errors, u.Warnings, at,
		id, string(yusuan.DraftOpen), u.Organization, u.Year, u.Kind)
	if err != nil {
		return Draft{}, s.classify(err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return Draft{}, ErrDraftMoved
	}
	if err := s.addEvent(ctx, tx, id, DraftEvent{At: parseStamp(at), Actor: by, Role: role, Action: "upload", From: yusuan.DraftOpen, To: yusuan.DraftOpen, Comment: u.FileName}); err != nil {
		return Draft{}, err
	}
	if err := tx.Commit(); err != nil {
		return Draft{}, s.classify(err)
	}
	return s.Draft(ctx, id)
}

func (s *DB) addEvent(ctx context.Context, tx *sql.Tx, id int64, e DraftEvent) error {
	_, err := tx.ExecContext(ctx, s.Rebind(`INSERT INTO draft_event (draft_id, at, actor, role, action, from_state, to_state, comment)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`), id, stamp(e.At), e.Actor, string(e.Role), e.Action, string(e.From), string(e.To), e.Comment)
	return s.classify(err)
}

// Draft returns one draft.
func (s *DB) Draft(ctx context.Context, id int64) (Draft, error) {
	d, err := scanDraft(s.db.QueryRowContext(ctx, s.Rebind(`SELECT `+draftColumns+draftFrom+` WHERE d.id = ?`), id))
	if errors.Is(err, sql.ErrNoRows) {
		return d, fmt.Errorf("草稿 %d：%w", id, yusuan.ErrNotFound)
	}
	return d, s.classify(err)
}

// Drafts lists the drafts f selects, the most recently changed first.
func (s *DB) Drafts(ctx context.Context, f DraftFilter) ([]Draft, error) {
	q := `SELECT ` + draftColumns + draftFrom + ` WHERE 1 = 1`
	var args []any
	if f.Organization != "" {
		q += ` AND d.org_code = ?`
		args = append(args, f.Organization)
	}
	if f.Region != "" {
		q += ` AND o.region_code = ?`
		args = append(args, f.Region)
	}
	if f.State != "" {
		q += ` AND d.state = ?`
		args = append(args, string(f.State))
	}
	rows, err := s.db.QueryContext(ctx, s.Rebind(q+` ORDER BY d.updated_at DESC, d.id DESC`), args...)
	if err != nil {
		return nil, s.classify(err)
	}
	defer rows.Close()
	out := []Draft{}
	for rows.Next() {
		d, err := scanDraft(rows)
		if err != nil {
			return nil, s.classify(err)
		}
		out = append(out, d)
	}
	return out, s.classify(rows.Err())
}

// DraftBlob returns one of a draft's stored contents: "file_bytes",
// "document_json" or "findings_json".
func (s *DB) DraftBlob(ctx context.Context, id int64, col string) ([]byte, error) {
	switch col {
	case "file_bytes", "document_json", "findings_json":
	default:
		return nil, fmt.Errorf("draft: unknown content %q", col)
	}
	var b []byte
	err := s.db.QueryRowContext(ctx, s.Rebind(`SELECT `+col+` FROM draft WHERE id = ?`), id).Scan(&b)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("草稿 %d：%w", id, yusuan.ErrNotFound)
	}
	return b, s.classify(err)
}

// MoveDraft takes a draft from e.From to e.To and records the event, in
// one transaction; ErrDraftMoved when the draft is no longer in e.From.
// reason (a correction's public reason) and publication are stored when
// given.
func (s *DB) MoveDraft(ctx context.Context, id int64, e DraftEvent, reason string, publication int64) error {
	return s.MoveDraftIf(ctx, id, e, reason, publication, "")
}

// MoveDraftIf is MoveDraft that also requires the draft's file to be
// the one of SHA-256 fileSHA256 (when not ""): a step decided on the
// findings of one upload is not taken on another that replaced it
// meanwhile (ErrDraftMoved).
func (s *DB) MoveDraftIf(ctx context.Context, id int64, e DraftEvent, reason string, publication int64, fileSHA256 string) error {
	if e.At.IsZero() {
		e.At = time.Now()
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return s.classify(err)
	}
	defer tx.Rollback()
	q := `UPDATE draft SET state = ?, updated_at = ?`
	args := []any{string(e.To), stamp(e.At)}
	if reason != "" {
		q += `, reason = ?`
		args = append(args, reason)
	}
	if publication != 0 {
		q += `, publication_id = ?`
		args = append(args, publication)
	}
	q += ` WHERE id = ? AND state = ?`
	args = append(args, id, string(e.From))
	if fileSHA256 != "" {
		q += ` AND file_sha256 = ?`
		args = append(args, fileSHA256)
	}
	res, err := tx.ExecContext(ctx, s.Rebind(q), args...)
	if err != nil {
		return s.classify(err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return ErrDraftMoved
	}
	if err := s.addEvent(ctx, tx, id, e); err != nil {
		return err
	}
	return s.classify(tx.Commit())
}

// DraftEvents lists a draft's transitions, oldest first.
func (s *DB) DraftEvents(ctx context.Context, id int64) ([]DraftEvent, error) {
	rows, err := s.db.QueryContext(ctx, s.Rebind(`SELECT id, at, actor, role, action, from_state, to_state, comment
		FROM draft_event WHERE draft_id = ? ORDER BY id`), id)
	if err != nil {
		return nil, s.classify(err)
	}
	defer rows.Close()
	out := []DraftEvent{}
	for rows.Next() {
		var e DraftEvent
		var at, role, from, to string
		if err := rows.Scan(&e.ID, &at, &e.Actor, &role, &e.Action, &from, &to, &e.Comment); err != nil {
			return nil, s.classify(err)
		}
		e.At, e.Role, e.From, e.To = parseStamp(at), yusuan.Role(role), yusuan.DraftState(from), yusuan.DraftState(to)
		out = append(out, e)
	}
	return out, s.classify(rows.Err())
}

// ExplainFinding stores (or replaces) the explanation of one warning of a
// draft in state 草稿; ErrDraftMoved when the draft is in another state.
func (s *DB) ExplainFinding(ctx context.Context, id int64, x Explanation) error {
	if strings.TrimSpace(x.Text) == "" || x.FindingKey == "" {
		return errors.New("说明不能为空")
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return s.classify(err)
	}
	defer tx.Rollback()
	var state string
	q := `SELECT state FROM draft WHERE id = ?`
	if s.dialect == Postgres {
		q += ` FOR UPDATE`
	}
	if err := tx.QueryRowContext(ctx, s.Rebind(q), id).Scan(&state); errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("草稿 %d：%w", id, yusuan.ErrNotFound)
	} else if err != nil {
		return s.classify(err)
	}
	if state != string(yusuan.DraftOpen) {
		return ErrDraftMoved
	}
	_, err = tx.ExecContext(ctx, s.Rebind(`INSERT INTO draft_explanation (draft_id, finding_key, rule, place, text, author, at)
		VALUES (?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (draft_id, finding_key) DO UPDATE SET rule = excluded.rule, place = excluded.place, text = excluded.text,
			author = excluded.author, at = excluded.at`), id, x.FindingKey, x.Rule, x.Place, x.Text, x.Author, stamp(x.At))
	if err != nil {
		return s.classify(err)
	}
	return s.classify(tx.Commit())
}

// Explanations lists a draft's explanations by finding key.
func (s *DB) Explanations(ctx context.Context, id int64) ([]Explanation, error) {
	rows, err := s.db.QueryContext(ctx, s.Rebind(`SELECT finding_key, rule, place, text, author, at
		FROM draft_explanation WHERE draft_id = ? ORDER BY finding_key`), id)
	if err != nil {
		return nil, s.classify(err)
	}
	defer rows.Close()
	out := []Explanation{}
	for rows.Next() {
		var x Explanation
		var at string
		if err := rows.Scan(&x.FindingKey, &x.Rule, &x.Place, &x.Text, &x.Author, &at); err != nil {
			return nil, s.classify(err)
		}
		x.At = parseStamp(at)
		out = append(out, x)
	}
	return out, s.classify(rows.Err())
}

// AddDraftComment stores a comment on a draft.
func (s *DB) AddDraftComment(ctx context.Context, id int64, c DraftComment) (DraftComment, error) {
	if strings.TrimSpace(c.Text) == "" {
		return c, errors.New("意见不能为空")
	}
	if c.At.IsZero() {
		c.At = time.Now()
	}
	c.At = parseStamp(stamp(c.At))
	err := s.db.QueryRowContext(ctx, s.Rebind(`INSERT INTO draft_comment (draft_id, target, text, author, role, at)
		VALUES (?, ?, ?, ?, ?, ?) RETURNING id`), id, c.Target, c.Text, c.Author, string(c.Role), stamp(c.At)).Scan(&c.ID)
	return c, s.classify(err)
}

// DraftComments lists a draft's comments, oldest first.
func (s *DB) DraftComments(ctx context.Context, id int64) ([]DraftComment, error) {
	rows, err := s.db.QueryContext(ctx, s.Rebind(`SELECT id, target, text, author, role, at
		FROM draft_comment WHERE draft_id = ? ORDER BY id`), id)
	if err != nil {
		return nil, s.classify(err)
	}
	defer rows.Close()
	out := []DraftComment{}
	for rows.Next() {
		var c DraftComment
		var at, role string
		if err := rows.Scan(&c.ID, &c.Target, &c.Text, &c.Author, &role, &at); err != nil {
			return nil, s.classify(err)
		}
		c.At, c.Role = parseStamp(at), yusuan.Role(role)
		out = append(out, c)
	}
	return out, s.classify(rows.Err())
}

// Organization returns one organization by code.
func (s *DB) Organization(ctx context.Context, code string) (yusuan.Organization, error) {
	o := yusuan.Organization{Code: code}
	err := s.db.QueryRowContext(ctx, s.Rebind(`SELECT name, COALESCE(region_code, ''), COALESCE(parent_code, '') FROM organization WHERE code = ?`), code).
		Scan(&o.Name, &o.Region, &o.Parent)
	if errors.Is(err, sql.ErrNoRows) {
		return o, fmt.Errorf("单位 %s：%w", code, yusuan.ErrNotFound)
	}
	return o, s.classify(err)
}

// SaveOrganization registers an organization (and its region, when given)
// or updates its name, region and parent.
func (s *DB) SaveOrganization(ctx context.Context, o yusuan.Organization, r *yusuan.Region) error {
	if o.Code == "" || o.Name == "" {
		return errors.New("单位编码和名称都不能为空")
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return s.classify(err)
	}
	defer tx.Rollback()
	if r != nil {
		if r.Code == "" || r.Name == "" {
			return errors.New("地区编码和名称都不能为空")
		}
		if _, err := tx.ExecContext(ctx, s.Rebind(qRegion), r.Code, r.Name, r.Level); err != nil {
			return s.classify(err)
		}
		if o.Region == "" {
			o.Region = r.Code
		}
	}
	var id int64
	var name, region, parent string
	if err := tx.QueryRowContext(ctx, s.Rebind(qOrganization), o.Code, o.Name, nullString(o.Region), nullString(o.Parent)).Scan(&id, &name, &region, &parent); err != nil {
		return s.classify(err)
	}
	return s.classify(tx.Commit())
}
