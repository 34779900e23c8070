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

// MaxPage is the largest page of publications one call returns.
const MaxPage = 1000

const pubColumns = `p.id, o.code, o.name, COALESCE(o.region_code, ''), COALESCE(o.parent_code, ''),
	p.year, p.kind, p.level, p.version, p.latest, p.published_at, p.profile, p.file_name, p.file_sha256, p.file_size,
	p.errors, p.warnings, p.reason`

const pubFrom = ` FROM publication p JOIN organization o ON o.id = p.organization_id`

type scanner interface{ Scan(dest ...any) error }

func scanPublication(r scanner) (yusuan.Publication, error) {
	var p yusuan.Publication
	var latest int
	var at string
	err := r.Scan(&p.ID, &p.Organization.Code, &p.Organization.Name, &p.Organization.Region, &p.Organization.Parent,
		&p.Year, &p.Kind, &p.Level, &p.Version, &latest, &at, &p.Profile, &p.FileName, &p.FileSHA256, &p.FileSize,
		&p.Errors, &p.Warnings, &p.Reason)
	if err != nil {
		return p, err
	}
	p.Latest = latest == 1
	t, err := time.Parse(time.RFC3339Nano, at)
	if err != nil {
		return p, fmt.Errorf("publication %d: bad published_at %q", p.ID, at)
	}
	p.PublishedAt = t
	return p, nil
}

type queryer interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

func (s *DB) publication(ctx context.Context, q queryer, id int64) (yusuan.Publication, error) {
	p, err := scanPublication(q.QueryRowContext(ctx, s.Rebind(`SELECT `+pubColumns+pubFrom+` WHERE p.id = ?`), id))
	if errors.Is(err, sql.ErrNoRows) {
		return p, fmt.Errorf("publication %d: %w", id, yusuan.ErrNotFound)
	}
	if err != nil {
		return p, s.classify(err)
	}
	return p, nil
}

// Publication returns one publication's metadata.
func (s *DB) Publication(ctx context.Context, id int64) (yusuan.Publication, error) {
	return s.publication(ctx, s.db, id)
}

// Publications lists publications in ID order after f.After.
func (s *DB) Publications(ctx context.Context, f yusuan.PublicationFilter) ([]yusuan.Publication, error) {
	var where []string
	var args []any
	if f.Organization != "" {
		where = append(where, "o.code = ?")
		args = append(args, f.Organization)
	}
	if f.Region != "" {
		where = append(where, "o.region_code = ?")
		args = append(args, f.Region)
	}
	if f.Year != 0 {
		where = append(where, "p.year = ?")
		args = append(args, f.Year)
	}
	if f.Kind != "" {
		where = append(where, "p.kind = ?")
		args = append(args, f.Kind)
	}
	if f.Level != "" {
		where = append(where, "p.level = ?")
		args = append(args, f.Level)
	}
	if !f.AllVersions {
		where = append(where, "p.latest = 1")
	}
	where = append(where, "p.id > ?")
	args = append(args, f.After)
	limit := f.Limit
	if limit <= 0 || limit > MaxPage {
		limit = MaxPage
	}
	q := `SELECT ` + pubColumns + pubFrom + ` WHERE ` + strings.Join(where, " AND ") + fmt.Sprintf(` ORDER BY p.id LIMIT %d`, limit)
	return s.listPublications(ctx, q, args...)
}

func (s *DB) listPublications(ctx context.Context, q string, args ...any) ([]yusuan.Publication, error) {
	rows, err := s.db.QueryContext(ctx, s.Rebind(q), args...)
	if err != nil {
		return nil, s.classify(err)
	}
	defer rows.Close()
	out := []yusuan.Publication{}
	for rows.Next() {
		p, err := scanPublication(rows)
		if err != nil {
			return nil, s.classify(err)
		}
		out = append(out, p)
	}
	return out, s.classify(rows.Err())
}

// Versions lists every version of the publication's organization, year
// and kind, oldest first.
func (s *DB) Versions(ctx context.Context, id int64) ([]yusuan.Publication, error) {
	if _, err := s.Publication(ctx, id); err != nil {
		return nil, err
	}
	return s.listPublications(ctx, `SELECT `+pubColumns+pubFrom+`
		JOIN publication x ON x.organization_id = p.organization_id AND x.year = p.year AND x.kind = p.kind
		WHERE x.id = ? ORDER BY p.version`, id)
}

func (s *DB) blob(ctx context.Context, col string, id int64) ([]byte, error) {
	var b []byte
	err := s.db.QueryRowContext(ctx, s.Rebind(`SELECT `+col+` FROM publication WHERE id = ?`), id).Scan(&b)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("publication %d: %w", id, yusuan.ErrNotFound)
	}
	return b, s.classify(err)
}

// DocumentJSON returns the publication's Document JSON.
func (s *DB) DocumentJSON(ctx context.Context, id int64) ([]byte, error) {
	return s.blob(ctx, "document_json", id)
}

// FindingsJSON returns the publication's findings (Findings JSON).
func (s *DB) FindingsJSON(ctx context.Context, id int64) ([]byte, error) {
	return s.blob(ctx, "findings_json", id)
}

// File returns the original file as published.
func (s *DB) File(ctx context.Context, id int64) (string, []byte, error) {
	var name string
	var b []byte
	err := s.db.QueryRowContext(ctx, s.Rebind(`SELECT file_name, file_bytes FROM publication WHERE id = ?`), id).Scan(&name, &b)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil, fmt.Errorf("publication %d: %w", id, yusuan.ErrNotFound)
	}
	return name, b, s.classify(err)
}

// Regions lists every region by code.
func (s *DB) Regions(ctx context.Context) ([]yusuan.Region, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT code, name, level FROM region ORDER BY code`)
	if err != nil {
		return nil, s.classify(err)
	}
	defer rows.Close()
	out := []yusuan.Region{}
	for rows.Next() {
		var r yusuan.Region
		if err := rows.Scan(&r.Code, &r.Name, &r.Level); err != nil {
			return nil, s.classify(err)
		}
		out = append(out, r)
	}
	return out, s.classify(rows.Err())
}

// Organizations lists organizations of a region whose code or name
// contains the query, by code.
func (s *DB) Organizations(ctx context.Context, f yusuan.OrganizationFilter) ([]yusuan.Organization, error) {
	q := `SELECT code, name, COALESCE(region_code, ''), COALESCE(parent_code, '') FROM organization WHERE 1 = 1`
	var args []any
	if f.Region != "" {
		q += ` AND region_code = ?`
		args = append(args, f.Region)
	}
	if f.Query != "" {
		q += ` AND (name LIKE ? ESCAPE '\' OR code LIKE ? ESCAPE '\')`
		like := "%" + escapeLike(f.Query) + "%"
		args = append(args, like, like)
	}
	q += ` ORDER BY code`
	rows, err := s.db.QueryContext(ctx, s.Rebind(q), args...)
	if err != nil {
		return nil, s.classify(err)
	}
	defer rows.Close()
	out := []yusuan.Organization{}
	for rows.Next() {
		var o yusuan.Organization
		if err := rows.Scan(&o.Code, &o.Name, &o.Region, &o.Parent); err != nil {
			return nil, s.classify(err)
		}
		out = append(out, o)
	}
	return out, s.classify(rows.Err())
}

func escapeLike(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return r.Replace(s)
}

// PriorDocument returns the document of the latest version of last year's
// publication (year − 1) of the same kind of the organization: by its
// code, else by its name in its region. It returns nil when there is none.
func (s *DB) PriorDocument(ctx context.Context, org yusuan.Organization, year int, kind string) (*yusuan.Document, error) {
	if kind == "" {
		kind = yusuan.DocBudget
	}
	var b []byte
	err := s.db.QueryRowContext(ctx, s.Rebind(`SELECT p.document_json FROM publication p JOIN organization o ON o.id = p.organization_id
		WHERE (o.code = ? OR (o.name = ? AND (? = '' OR COALESCE(o.region_code, '') = ?)))
		  AND p.year = ? AND p.kind = ? AND p.latest = 1
		ORDER BY CASE WHEN o.code = ? THEN 0 ELSE 1 END, p.id DESC LIMIT 1`),
		org.Code, org.Name, org.Region, org.Region, year-1, kind, org.Code).Scan(&b)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, s.classify(err)
	}
	var d yusuan.Document
	if err := json.Unmarshal(b, &d); err != nil {
		return nil, fmt.Errorf("%s: 上年发布的文档无法读取：%w", s.Where, err)
	}
	return &d, nil
}

// Generation says which state of the database a reader sees: it changes
// whenever a publication or a version is stored (the highest publication
// ID), so that made pages can be kept until then.
func (s *DB) Generation(ctx context.Context) (int64, error) {
	var g int64
	err := s.db.QueryRowContext(ctx, `SELECT COALESCE(MAX(id), 0) FROM publication`).Scan(&g)
	return g, s.classify(err)
}
