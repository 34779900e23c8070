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

	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return yusuan.PublishResult{}, s.classify(err)
	}
	defer tx.Rollback()

	if p.Region != nil {
		_, err = tx.ExecContext(ctx, s.Rebind(`INSERT INTO region (code, name, level) VALUES (?, ?, ?)
			ON CONFLICT (code) DO UPDATE SET name = excluded.name, level = excluded.level`),
			p.Region.Code, p.Region.Name, p.Region.Level)
		if err != nil {
			return yusuan.PublishResult{}, s.classify(err)
		}
	}
	var orgID int64
	err = tx.QueryRowContext(ctx, s.Rebind(`INSERT INTO organization (code, name, region_code, parent_code) VALUES (?, ?, ?, ?)
		ON CONFLICT (code) DO UPDATE SET name = excluded.name,
			region_code = COALESCE(excluded.region_code, organization.region_code),
			parent_code = COALESCE(excluded.parent_code, organization.parent_code)
		RETURNING id`),
		p.Organization.Code, p.Organization.Name, nullString(p.Organization.Region), nullString(p.Organization.Parent)).Scan(&orgID)
	if err != nil {
		return yusuan.PublishResult{}, s.classify(err)
	}
	if s.dialect == Postgres {
		// Serialize publishers of one organization: the second waits
		// here and then sees the first's version.
		if _, err := tx.ExecContext(ctx, `SELECT id FROM organization WHERE id = $1 FOR UPDATE`, orgID); err != nil {
			return yusuan.PublishResult{}, s.classify(err)
		}
	}

	var prevID int64
	var prevVersion int
	var prevSum string
	err = tx.QueryRowContext(ctx, s.Rebind(`SELECT id, version, file_sha256 FROM publication
		WHERE organization_id = ? AND year = ? AND kind = ? AND latest = 1`), orgID, p.Document.Year, kind).
		Scan(&prevID, &prevVersion, &prevSum)
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
	default:
		if _, err := tx.ExecContext(ctx, s.Rebind(`UPDATE publication SET latest = 0 WHERE id = ?`), prevID); err != nil {
			return yusuan.PublishResult{}, s.classify(err)
		}
		if _, err := tx.ExecContext(ctx, s.Rebind(`UPDATE fact SET latest = 0 WHERE publication_id = ?`), prevID); err != nil {
			return yusuan.PublishResult{}, s.classify(err)
		}
	}

	var id int64
	err = tx.QueryRowContext(ctx, s.Rebind(`INSERT INTO publication
		(organization_id, year, kind, level, version, latest, published_at, profile, file_name, file_sha256, file_size,
		 file_bytes, document_json, findings_json, errors, warnings)
		VALUES (?, ?, ?, ?, ?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`),
		orgID, p.Document.Year, kind, level, prevVersion+1, now.Format(time.RFC3339Nano), p.Document.Profile,
		p.FileName, sum, int64(len(p.File)), p.File, p.DocumentJSON, p.FindingsJSON, p.Errors, p.Warnings).Scan(&id)
	if err != nil {
		return yusuan.PublishResult{}, s.classify(err)
	}
	var region string
	if err := tx.QueryRowContext(ctx, s.Rebind(`SELECT COALESCE(region_code, '') FROM organization WHERE id = ?`), orgID).Scan(&region); err != nil {
		return yusuan.PublishResult{}, s.classify(err)
	}
	if err := s.insertFacts(ctx, tx, id, orgID, p.Document.Year, kind, level, region, p.Facts); err != nil {
		return yusuan.PublishResult{}, err
	}
	if err := s.rollup(ctx, tx, prevID, id); err != nil {
		return yusuan.PublishResult{}, err
	}
	if err := s.index(ctx, tx, prevID, id, p.Organization.Code, p.Document.Year, searchEntries(p.Organization.Name, p.Document)); err != nil {
		return yusuan.PublishResult{}, err
	}
	pub, err := s.publication(ctx, tx, id)
	if err != nil {
		return yusuan.PublishResult{}, err
	}
	if err := tx.Commit(); err != nil {
		return yusuan.PublishResult{}, s.classify(err)
	}
	return yusuan.PublishResult{Publication: pub}, nil
}

// factBatch is how many fact rows go into one INSERT statement.
const factBatch = 100

func (s *DB) insertFacts(ctx context.Context, tx *sql.Tx, pubID, orgID int64, year int, kind, level, region string, facts []yusuan.Fact) error {
	const cols = 12
	var stmt *sql.Stmt
	for start := 0; start < len(facts); start += factBatch {
		end := min(start+factBatch, len(facts))
		n := end - start
		args := make([]any, 0, n*cols)
		for _, f := range facts[start:end] {
			args = append(args, pubID, orgID, year, kind, level, region, 1, string(f.Table), f.Scheme, f.Code, f.Column, int64(f.Amount))
		}
		q := factInsert(n)
		var err error
		if n == factBatch {
			if stmt == nil {
				if stmt, err = tx.PrepareContext(ctx, s.Rebind(q)); err != nil {
					return s.classify(err)
				}
				defer stmt.Close()
			}
			_, err = stmt.ExecContext(ctx, args...)
		} else {
			_, err = tx.ExecContext(ctx, s.Rebind(q), args...)
		}
		if err != nil {
			return s.classify(err)
		}
	}
	return nil
}

func factInsert(n int) string {
	var b strings.Builder
	b.WriteString(`INSERT INTO fact (publication_id, organization_id, year, kind, level, region_code, latest, table_kind, scheme, code, col, amount) VALUES `)
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString("(?,?,?,?,?,?,?,?,?,?,?,?)")
	}
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

// rollup moves the summary table from the replaced version's facts (prev,
// 0 when none) to the new one's — only the lines some cube reads — in one
// statement whose rows are taken in
// key order, so that concurrent publishers lock summary rows in the same
// order. On PostgreSQL publishers also take one advisory lock for it:
// two publishers of different organizations touch the same summary rows.
func (s *DB) rollup(ctx context.Context, tx *sql.Tx, prev, id int64) error {
	if s.dialect == Postgres {
		if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock(7392041)`); err != nil {
			return s.classify(err)
		}
	}
	_, err := tx.ExecContext(ctx, s.Rebind(`INSERT INTO fact_rollup (year, kind, level, region_code, table_kind, scheme, code, col, amount, lines)
		SELECT year, kind, level, region_code, table_kind, scheme, code, col, SUM(sgn * amount), SUM(sgn)
		FROM (SELECT f.year, f.kind, f.level, f.region_code, f.table_kind, f.scheme, f.code, f.col, f.amount,
		             CASE WHEN f.publication_id = ? THEN 1 ELSE -1 END AS sgn
		      FROM fact f WHERE f.publication_id IN (?, ?) AND `+cubeLines()+`) x
		GROUP BY year, kind, level, region_code, table_kind, scheme, code, col
		ORDER BY year, kind, level, region_code, table_kind, scheme, code, col
		ON CONFLICT (year, kind, level, region_code, table_kind, scheme, code, col)
		DO UPDATE SET amount = fact_rollup.amount + excluded.amount, lines = fact_rollup.lines + excluded.lines`), id, id, prev)
	return s.classify(err)
}
