package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/yusuan/yusuan"
)

// The statements of Publish, prepared once (stmt.go).
const (
	qRegion = `INSERT INTO region (code, name, level) VALUES (?, ?, ?)
		ON CONFLICT (code) DO UPDATE SET name = excluded.name, level = excluded.level`
	qOrganization = `INSERT INTO organization (code, name, region_code, parent_code) VALUES (?, ?, ?, ?)
		ON CONFLICT (code) DO UPDATE SET name = excluded.name,
			region_code = COALESCE(excluded.region_code, organization.region_code),
			parent_code = COALESCE(excluded.parent_code, organization.parent_code)
		RETURNING id, name, COALESCE(region_code, ''), COALESCE(parent_code, '')`
	qLockOrganization = `SELECT id FROM organization WHERE id = ? FOR UPDATE`
	qLatest           = `SELECT id, version, file_sha256 FROM publication
		WHERE organization_id = ? AND year = ? AND kind = ? AND latest = 1`
	qUnlatest      = `UPDATE publication SET latest = 0 WHERE id = ?`
	qUnlatestFacts = `UPDATE fact SET latest = 0 WHERE publication_id = ?`
	qPublication   = `INSERT INTO publication
		(organization_id, year, kind, level, version, latest, published_at, profile, file_name, file_sha256, file_size,
		 file_bytes, document_json, findings_json, errors, warnings, reason)
		VALUES (?, ?, ?, ?, ?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`
	qAdvisoryLock = `SELECT pg_advisory_xact_lock(7392041)`
)

// ErrReasonRequired refuses a correction without its public reason
// (NewPublication.ReasonRequired).
var ErrReasonRequired = errors.New("已经公开过：更正须填写公开的更正原因")

// publishStmts are the statements every publication may run.
func (s *DB) publishStmts() []string {
	qs := []string{qRegion, qOrganization, qLatest, qUnlatest, qUnlatestFacts, qPublication, rollupSQL()}
	if s.dialect == Postgres {
		qs = append(qs, qLockOrganization, qAdvisoryLock, qSearchDelete)
	} else {
		qs = append(qs, qSearchStale, qSearchWaiting)
	}
	for n := 1; n <= factBatch; n *= 2 {
		qs = append(qs, factInsertSQL(n))
	}
	for n := 1; n <= searchBatch; n *= 2 {
		qs = append(qs, searchInsertSQL(n))
	}
	return qs
}

// Publish stores p as a new version in one transaction: the region and
// organization (created or updated), the publication, and its facts. When
// the latest version of the same organization, year and kind has the same
// file (SHA-256), nothing is written and the result says Unchanged.
func (s *DB) Publish(ctx context.Context, p yusuan.NewPublication) (yusuan.PublishResult, error) {
	if err := validateNew(&p); err != nil {
		return yusuan.PublishResult{}, err
	}
	now := p.Now
	if now.IsZero() {
		now = time.Now()
	}
	now = now.UTC().Truncate(time.Microsecond)
	sum := sha256Hex(p.File)
	kind, level := docKind(p.Document)
	entries := searchEntries(p.Organization.Name, p.Document)
	if err := s.prepare(ctx, s.publishStmts()...); err != nil {
		return yusuan.PublishResult{}, err
	}

	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return yusuan.PublishResult{}, s.classify(err)
	}
	defer tx.Rollback()

	if p.Region != nil {
		if err := s.txExec(ctx, tx, qRegion, p.Region.Code, p.Region.Name, p.Region.Level); err != nil {
			return yusuan.PublishResult{}, err
		}
	}
	var orgID int64
	org := yusuan.Organization{Code: p.Organization.Code}
	if err := s.txQueryRow(ctx, tx, qOrganization, []any{p.Organization.Code, p.Organization.Name, nullString(p.Organization.Region), nullString(p.Organization.Parent)},
		&orgID, &org.Name, &org.Region, &org.Parent); err != nil {
		return yusuan.PublishResult{}, s.classify(err)
	}
	if s.dialect == Postgres {
		// Serialize publishers of one organization: the second waits
		// here and then sees the first's version.
		if err := s.txExec(ctx, tx, qLockOrganization, orgID); err != nil {
			return yusuan.PublishResult{}, err
		}
	}

	var prevID int64
	var prevVersion int
	var prevSum string
	err = s.txQueryRow(ctx, tx, qLatest, []any{orgID, p.Document.Year, kind}, &prevID, &prevVersion, &prevSum)
	switch {
	case errors.Is(err, sql.ErrNoRows):
	case err != nil:
		return yusuan.PublishResult{}, s.classify(err)
	case prevSum == sum:
		pub, err := s.publication(ctx, tx, prevID)
		if err != nil {
			return yusuan.PublishResult{}, err
		}
		return yusuan.PublishResult{Publication: pub, Unchanged: true}, nil
	case p.ReasonRequired && strings.TrimSpace(p.Reason) == "":
		return yusuan.PublishResult{}, ErrReasonRequired
	default:
		if err := s.txExec(ctx, tx, qUnlatest, prevID); err != nil {
			return yusuan.PublishResult{}, err
		}
		if err := s.txExec(ctx, tx, qUnlatestFacts, prevID); err != nil {
			return yusuan.PublishResult{}, err
		}
	}

	var id int64
	if err := s.txQueryRow(ctx, tx, qPublication, []any{orgID, p.Document.Year, kind, level, prevVersion + 1, now.Format(time.RFC3339Nano), p.Document.Profile,
		p.FileName, sum, int64(len(p.File)), p.File, p.DocumentJSON, p.FindingsJSON, p.Errors, p.Warnings, p.Reason}, &id); err != nil {
		return yusuan.PublishResult{}, s.classify(err)
	}
	if err := s.insertFacts(ctx, tx, id, orgID, p.Document.Year, kind, level, org.Region, p.Facts); err != nil {
		return yusuan.PublishResult{}, err
	}
	if err := s.rollup(ctx, tx, orgID, prevID, id); err != nil {
		return yusuan.PublishResult{}, err
	}
	if err := s.index(ctx, tx, prevID, id, p.Organization.Code, p.Document.Year, entries); err != nil {
		return yusuan.PublishResult{}, err
	}
	if err := s.maintainIfDue(ctx, tx); err != nil {
		return yusuan.PublishResult{}, err
	}
	if err := tx.Commit(); err != nil {
		return yusuan.PublishResult{}, s.classify(err)
	}
	return yusuan.PublishResult{Publication: yusuan.Publication{
		ID: id, Organization: org, Year: p.Document.Year, Kind: kind, Level: level, Version: prevVersion + 1, Latest: true,
		PublishedAt: now, Profile: p.Document.Profile, FileName: p.FileName, FileSHA256: sum, FileSize: int64(len(p.File)),
		Errors: p.Errors, Warnings: p.Warnings, Reason: p.Reason,
	}}, nil
}

// factBatch is the most fact lines one INSERT statement takes; a
// publication's lines go in statements of factBatch lines and then of
// the powers of two that make up the rest, so that a few prepared
// statements serve every count.
const factBatch = 256

func (s *DB) insertFacts(ctx context.Context, tx *sql.Tx, pubID, orgID int64, year int, kind, level, region string, facts []yusuan.Fact) error {
	args := make([]any, 0, 6+factBatch*5)
	for rest := facts; len(rest) > 0; {
		n := factBatch
		for n > len(rest) {
			n /= 2
		}
		args = append(args[:0], pubID, orgID, year, kind, level, region)
		for _, f := range rest[:n] {
			args = append(args, string(f.Table), f.Scheme, f.Code, f.Column, int64(f.Amount))
		}
		if err := s.txExec(ctx, tx, factInsertSQL(n), args...); err != nil {
			return err
		}
		rest = rest[n:]
	}
	return nil
}

// The statements' texts, made once.
var (
	factInsertSQL   = sized(factBatch, factInsert)
	searchInsertSQL = sized(searchBatch, searchInsert)
	rollupSQL       = sync.OnceValue(qRollup)
)

// sized memoizes f for the powers of two up to max.
func sized(max int, f func(n int) string) func(n int) string {
	m := sync.OnceValue(func() map[int]string {
		m := map[int]string{}
		for n := 1; n <= max; n *= 2 {
			m[n] = f(n)
		}
		return m
	})
	return func(n int) string {
		if q, ok := m()[n]; ok {
			return q
		}
		return f(n)
	}
}

// factInsert is the statement inserting n fact lines of one publication:
// the publication's values are bound once, each line's five values after
// them. (PostgreSQL types a VALUES list's parameters as text, hence the
// cast of the amount.)
func factInsert(n int) string {
	var b strings.Builder
	b.WriteString(`INSERT INTO fact (publication_id, organization_id, year, kind, level, region_code, latest, table_kind, scheme, code, col, amount)
		SELECT ?, ?, ?, ?, ?, ?, 1, v.column1, v.column2, v.column3, v.column4, v.column5 FROM (VALUES `)
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString("(?,?,?,?,CAST(? AS BIGINT))")
	}
	b.WriteString(") AS v")
	return b.String()
}

func validateNew(p *yusuan.NewPublication) error {
	switch {
	case p.Document == nil:
		return errors.New("发布失败：没有文档")
	case p.Organization.Code == "":
		return errors.New("发布失败：单位编码为空")
	case p.Organization.Name == "":
		return fmt.Errorf("发布失败：单位 %s 没有名称", p.Organization.Code)
	case p.Document.Year < 1990 || p.Document.Year > 2100:
		return fmt.Errorf("发布失败：年度 %d 不在 1990–2100 之间", p.Document.Year)
	case len(p.DocumentJSON) == 0:
		return errors.New("发布失败：没有 Document JSON")
	case p.Region != nil && (p.Region.Code == "" || p.Region.Name == ""):
		return errors.New("发布失败：地区编码和名称都不能为空")
	}
	if p.Region != nil && p.Organization.Region == "" {
		p.Organization.Region = p.Region.Code
	}
	if len(p.FindingsJSON) == 0 {
		// An empty Findings JSON report (docs/findings-json.md), so that
		// readers of the findings always get the same shape.
		p.FindingsJSON = []byte(`{"schema":"yusuan.findings/v1","summary":{"documents":0,"errors":0,"warnings":0,"infos":0,"unreadable":0},"documents":[]}`)
	}
	return nil
}

func docKind(d *yusuan.Document) (kind, level string) {
	kind, level = d.Kind, d.Level
	if kind == "" {
		kind = yusuan.DocBudget
	}
	if level == "" {
		level = yusuan.LevelDepartment
	}
	return kind, level
}

func nullString(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// qRollup moves the summary table from the replaced version's facts
// (0 when none) to the new one's, both of one organization — only the
// lines some cube reads, found through each cube's partial index
// (migration 00007) — in one statement whose rows are taken in key order,
// so that concurrent publishers lock summary rows in the same order. Its
// parameters, for each cube: the new publication, the organization, the
// new and the replaced publication.
func qRollup() string {
	parts := make([]string, len(Cubes))
	for i, c := range Cubes {
		parts[i] = `SELECT f.year, f.kind, f.level, f.region_code, f.table_kind, f.scheme, f.code, f.col, f.amount,
		             CASE WHEN f.publication_id = ? THEN 1 ELSE -1 END AS sgn
		      FROM fact f WHERE ` + c.Where + ` AND f.latest IN (0, 1) AND f.organization_id = ? AND f.publication_id IN (?, ?)`
	}
	return `INSERT INTO fact_rollup (year, kind, level, region_code, table_kind, scheme, code, col, amount, lines)
		SELECT year, kind, level, region_code, table_kind, scheme, code, col, SUM(sgn * amount), SUM(sgn)
		FROM (` + strings.Join(parts, "\n\t\tUNION ALL ") + `) x
		GROUP BY year, kind, level, region_code, table_kind, scheme, code, col
		ORDER BY year, kind, level, region_code, table_kind, scheme, code, col
		ON CONFLICT (year, kind, level, region_code, table_kind, scheme, code, col)
		DO UPDATE SET amount = fact_rollup.amount + excluded.amount, lines = fact_rollup.lines + excluded.lines`
}

// rollup keeps the summary table in step (qRollup). On PostgreSQL
// publishers also take one advisory lock for it: two publishers of
// different organizations touch the same summary rows.
func (s *DB) rollup(ctx context.Context, tx *sql.Tx, orgID, prev, id int64) error {
	if s.dialect == Postgres {
		if err := s.txExec(ctx, tx, qAdvisoryLock); err != nil {
			return err
		}
	}
	args := make([]any, 0, 4*len(Cubes))
	for range Cubes {
		args = append(args, id, orgID, id, prev)
	}
	return s.txExec(ctx, tx, rollupSQL(), args...)
}
