package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/yusuan/yusuan"
)

// Approval dates (批复日期): migration 00011. A date is set for an
// organization, a year and a kind; setting another date replaces it, and
// every change is appended to the audit trail in the same transaction.

// ApprovalChange is one date to set. The organization is found by its
// code; when it is not stored yet, Name and Region (a stored region)
// declare it, as a department of that region, or a unit of Parent.
type ApprovalChange struct {
	Organization string
	Name         string
	Region       string
	Parent       string
	Year         int
	Kind         string // DocBudget (default) or DocFinal
	ApprovedOn   yusuan.Date
}

// ApprovalError says which change (its index in the list) could not be
// made; nothing of the list was stored.
type ApprovalError struct {
	Index int
	Err   error
}

func (e *ApprovalError) Error() string { return e.Err.Error() }
func (e *ApprovalError) Unwrap() error { return e.Err }

// ApprovalResult says what SetApprovals did with one change.
type ApprovalResult struct {
	Approval yusuan.Approval
	// Previous is the date replaced (zero when there was none).
	Previous yusuan.Date
	// Unchanged: the same date was already set; nothing was written.
	Unchanged bool
}

// ApprovalFilter selects approval dates; zero fields select all.
type ApprovalFilter struct {
	Region       string
	Organization string
	Year         int
	Kind         string
}

// SetApprovals sets the dates in one transaction, with an audit entry
// (action approval.set, before and after) for each date changed: all of
// them or, on the first change that cannot be made, none.
func (s *DB) SetApprovals(ctx context.Context, changes []ApprovalChange, actor, remote string) ([]ApprovalResult, error) {
	for i, c := range changes {
		if err := validApproval(c); err != nil {
			return nil, &ApprovalError{Index: i, Err: err}
		}
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, s.classify(err)
	}
	defer tx.Rollback()
	now := time.Now().UTC().Truncate(time.Microsecond)
	out := make([]ApprovalResult, 0, len(changes))
	for i, c := range changes {
		res, err := s.setApproval(ctx, tx, c, actor, remote, now)
		if err != nil {
			var ue *UnavailableError
			if errors.As(err, &ue) {
				return nil, err
			}
			return nil, &ApprovalError{Index: i, Err: err}
		}
		out = append(out, res)
	}
	if err := tx.Commit(); err != nil {
		return nil, s.classify(err)
	}
	return out, nil
}

func validApproval(c ApprovalChange) error {
	switch {
	case strings.TrimSpace(c.Organization) == "":
		return errors.New("缺少单位编码")
	case c.Year < 1900 || c.Year > 9999:
		return fmt.Errorf("年度 %d 无效", c.Year)
	case c.Kind != "" && c.Kind != yusuan.DocBudget && c.Kind != yusuan.DocFinal:
		return fmt.Errorf("类型 %q 无效：应为 budget（预算）或 final（决算）", c.Kind)
	case c.ApprovedOn.IsZero():
		return errors.New("缺少批复日期")
	}
	// A budget is approved around the start of its year, final accounts
	// the year after: a date years away is a typing slip.
	if y := c.ApprovedOn.Year(); y < c.Year-1 || y > c.Year+2 {
		return fmt.Errorf("批复日期 %s 与年度 %d 相差过远", c.ApprovedOn, c.Year)
	}
	return nil
}

func (s *DB) setApproval(ctx context.Context, tx *sql.Tx, c ApprovalChange, actor, remote string, now time.Time) (ApprovalResult, error) {
	kind := c.Kind
	if kind == "" {
		kind = yusuan.DocBudget
	}
	org, id, err := s.approvalOrganization(ctx, tx, c)
	if err != nil {
		return ApprovalResult{}, err
	}
	res := ApprovalResult{Approval: yusuan.Approval{Organization: org, Year: c.Year, Kind: kind, ApprovedOn: c.ApprovedOn, SetAt: now, SetBy: actor}}
	var prev string
	err = tx.QueryRowContext(ctx, s.Rebind(`SELECT approved_on FROM approval WHERE organization_id = ? AND year = ? AND kind = ?`), id, c.Year, kind).Scan(&prev)
	switch {
	case errors.Is(err, sql.ErrNoRows):
	case err != nil:
		return res, s.classify(err)
	default:
		if res.Previous, err = yusuan.ParseDate(prev); err != nil {
			return res, fmt.Errorf("已存的批复日期 %q 无法读取", prev)
		}
		if res.Previous == c.ApprovedOn {
			res.Unchanged = true
			return res, nil
		}
	}
	if _, err := tx.ExecContext(ctx, s.Rebind(`INSERT INTO approval (organization_id, year, kind, approved_on, set_at, set_by) VALUES (?, ?, ?, ?, ?, ?)
		ON CONFLICT (organization_id, year, kind) DO UPDATE SET approved_on = excluded.approved_on, set_at = excluded.set_at, set_by = excluded.set_by`),
		id, c.Year, kind, c.ApprovedOn.String(), now.Format(time.RFC3339Nano), actor); err != nil {
		return res, s.classify(err)
	}
	state := func(d yusuan.Date) string {
		if d.IsZero() {
			return ""
		}
		b, _ := json.Marshal(map[string]any{"organization": org.Code, "year": c.Year, "kind": kind, "approved_on": d.String()})
		return string(b)
	}
	_, err = s.auditTx(ctx, tx, AuditEntry{At: now, Actor: actor, Action: "approval.set", Remote: remote,
		Object: fmt.Sprintf("approval:%s/%d/%s", org.Code, c.Year, kind), Before: state(res.Previous), After: state(c.ApprovedOn)})
	return res, err
}

// approvalOrganization finds the organization of c, or declares it when
// c names it and its region.
func (s *DB) approvalOrganization(ctx context.Context, tx *sql.Tx, c ApprovalChange) (yusuan.Organization, int64, error) {
	org := yusuan.Organization{Code: c.Organization}
	var id int64
	err := tx.QueryRowContext(ctx, s.Rebind(`SELECT id, name, COALESCE(region_code, ''), COALESCE(parent_code, '') FROM organization WHERE code = ?`), c.Organization).
		Scan(&id, &org.Name, &org.Region, &org.Parent)
	if err == nil {
		return org, id, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return org, 0, s.classify(err)
	}
	if c.Name == "" || c.Region == "" {
		return org, 0, fmt.Errorf("单位编码 %s 尚未登记：请先发布该单位的公开文件，或给出单位名称和地区编码以登记", c.Organization)
	}
	var n int
	if err := tx.QueryRowContext(ctx, s.Rebind(`SELECT COUNT(*) FROM region WHERE code = ?`), c.Region).Scan(&n); err != nil {
		return org, 0, s.classify(err)
	}
	if n == 0 {
		return org, 0, fmt.Errorf("地区 %s 尚未登记", c.Region)
	}
	org = yusuan.Organization{Code: c.Organization, Name: c.Name, Region: c.Region, Parent: c.Parent}
	err = tx.QueryRowContext(ctx, s.Rebind(`INSERT INTO organization (code, name, region_code, parent_code) VALUES (?, ?, ?, ?) RETURNING id`),
		org.Code, org.Name, org.Region, nullString(org.Parent)).Scan(&id)
	return org, id, s.classify(err)
}

// Approvals lists the approval dates f selects, by organization code,
// year and kind.
func (s *DB) Approvals(ctx context.Context, f ApprovalFilter) ([]yusuan.Approval, error) {
	q := `SELECT o.code, o.name, COALESCE(o.region_code, ''), COALESCE(o.parent_code, ''), a.year, a.kind, a.approved_on, a.set_at, a.set_by
		FROM approval a JOIN organization o ON o.id = a.organization_id WHERE 1 = 1`
	var args []any
	for _, w := range []struct {
		cond string
		v    any
		set  bool
	}{{` AND o.region_code = ?`, f.Region, f.Region != ""}, {` AND o.code = ?`, f.Organization, f.Organization != ""},
		{` AND a.year = ?`, f.Year, f.Year != 0}, {` AND a.kind = ?`, f.Kind, f.Kind != ""}} {
		if w.set {
			q += w.cond
			args = append(args, w.v)
		}
	}
	q += ` ORDER BY o.code, a.year, a.kind`
	rows, err := s.db.QueryContext(ctx, s.Rebind(q), args...)
	if err != nil {
		return nil, s.classify(err)
	}
	defer rows.Close()
	out := []yusuan.Approval{}
	for rows.Next() {
		var a yusuan.Approval
		var on, at string
		if err := rows.Scan(&a.Organization.Code, &a.Organization.Name, &a.Organization.Region, &a.Organization.Parent, &a.Year, &a.Kind, &on, &at, &a.SetBy); err != nil {
			return nil, s.classify(err)
		}
		if a.ApprovedOn, err = yusuan.ParseDate(on); err != nil {
			return nil, fmt.Errorf("%s: 批复日期 %q 无法读取（%s %d）", s.Where, on, a.Organization.Code, a.Year)
		}
		a.SetAt, _ = time.Parse(time.RFC3339Nano, at)
		out = append(out, a)
	}
	return out, s.classify(rows.Err())
}
