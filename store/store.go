// Package store keeps publications in SQLite (embedded, pure Go, the
// default) or PostgreSQL (for servers), behind the yusuan.Store interface.
// The schema is created and upgraded by embedded migrations (goose); both
// databases run the same queries, written once with "?" placeholders.
package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"embed"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	_ "github.com/jackc/pgx/v5/stdlib" // database/sql driver "pgx"
	"github.com/pressly/goose/v3"
	_ "modernc.org/sqlite" // database/sql driver "sqlite"

	"github.com/yusuan/yusuan"
)

//go:embed migrations
var migrations embed.FS

// Dialect is the kind of database.
type Dialect string

const (
	SQLite   Dialect = "sqlite"
	Postgres Dialect = "postgres"
)

// DB is a store on one database.
type DB struct {
	db      *sql.DB
	dialect Dialect
	// Where says which database this is, for messages (no password).
	Where string
	// stmts are publishing's prepared statements.
	stmts stmtCache
}

var _ yusuan.Store = (*DB)(nil)

// EnvDB is the environment variable that gives the default --db.
const EnvDB = "YUSUAN_DB"

// Options control Open.
type Options struct {
	// Migrate applies pending migrations on open. A new or older SQLite
	// file is always migrated (it belongs to this program); a PostgreSQL
	// database is only migrated when asked, by `yusuan db migrate`.
	Migrate bool
	// ReadOnly opens an SQLite file without creating it.
	ReadOnly bool
}

// BehindError says the database schema is older than this program.
type BehindError struct {
	Where           string
	Current, Target int64
}

func (e *BehindError) Error() string {
	return fmt.Sprintf("%s: 数据库结构版本为 %d，本程序需要 %d；请先运行 yusuan db migrate --db %s", e.Where, e.Current, e.Target, e.Where)
}

// AheadError says the database was migrated by a newer program.
type AheadError struct {
	Where           string
	Current, Target int64
}

func (e *AheadError) Error() string {
	return fmt.Sprintf("%s: 数据库结构版本为 %d，比本程序支持的 %d 新；请使用新版 yusuan", e.Where, e.Current, e.Target)
}

// UnavailableError says the database cannot be reached or used now (a
// server that is down, a locked or unreadable file); a server answers 503.
type UnavailableError struct {
	Where string
	Err   error
}

func (e *UnavailableError) Error() string {
	return fmt.Sprintf("%s: 数据库不可用：%s（%v）", e.Where, e.reason(), e.Err)
}

// reason says in Chinese what the driver's message means.
func (e *UnavailableError) reason() string {
	m := e.Err.Error()
	switch {
	case strings.Contains(m, "disk is full"), strings.Contains(m, "SQLITE_FULL"), strings.Contains(m, "no space left"):
		return "磁盘已满，未写入的发布没有保存，已保存的完整无损"
	case strings.Contains(m, "database is locked"), strings.Contains(m, "SQLITE_BUSY"):
		return "数据库被其他进程锁定，等待 15 秒后放弃"
	case strings.Contains(m, "malformed"), strings.Contains(m, "not a database"):
		return "数据库文件已损坏"
	case strings.Contains(m, "readonly"), strings.Contains(m, "permission denied"):
		return "没有写入权限"
	case strings.Contains(m, "connect"), strings.Contains(m, "refused"), strings.Contains(m, "timeout"):
		return "无法连接数据库服务器"
	}
	return "数据库出错"
}

func (e *UnavailableError) Unwrap() error { return e.Err }

// Parse tells the dialect and the driver's data source name of a --db
// value: "postgres://…" or "postgresql://…" is PostgreSQL; "sqlite:PATH"
// or a plain path is an SQLite file.
func Parse(dsn string) (Dialect, string, error) {
	switch {
	case dsn == "":
		return "", "", fmt.Errorf("没有指定数据库：请用 --db 指定（SQLite 文件路径，或 postgres://…），或设置环境变量 %s", EnvDB)
	case strings.HasPrefix(dsn, "postgres://"), strings.HasPrefix(dsn, "postgresql://"):
		return Postgres, dsn, nil
	case strings.HasPrefix(dsn, "sqlite:"):
		p := strings.TrimPrefix(dsn, "sqlite:")
		if p == "" {
			return "", "", fmt.Errorf("%s：sqlite: 后面缺少文件路径", dsn)
		}
		return SQLite, p, nil
	case strings.Contains(dsn, "://"):
		return "", "", fmt.Errorf("%s：不支持的数据库类型；请用 SQLite 文件路径或 postgres://…", redact(dsn))
	}
	return SQLite, dsn, nil
}

// Open opens (and for SQLite creates and migrates) the store at dsn.
func Open(ctx context.Context, dsn string, o Options) (*DB, error) {
	s, err := connect(ctx, dsn, o)
	if err != nil {
		return nil, err
	}
	if s.dialect == SQLite {
		o.Migrate = !o.ReadOnly
	}
	if err := s.checkSchema(ctx, o.Migrate); err != nil {
		s.db.Close()
		return nil, err
	}
	return s, nil
}

// connect opens the database of dsn and checks that it answers.
func connect(ctx context.Context, dsn string, o Options) (*DB, error) {
	dialect, src, err := Parse(dsn)
	if err != nil {
		return nil, err
	}
	s := &DB{dialect: dialect, Where: redact(dsn)}
	switch dialect {
	case SQLite:
		if err := s.openSQLite(src, o); err != nil {
			return nil, err
		}
	case Postgres:
		db, err := sql.Open("pgx", src)
		if err != nil {
			return nil, &UnavailableError{Where: s.Where, Err: err}
		}
		db.SetMaxOpenConns(16)
		db.SetConnMaxIdleTime(5 * time.Minute)
		s.db = db
	}
	if err := s.db.PingContext(ctx); err != nil {
		s.db.Close()
		return nil, &UnavailableError{Where: s.Where, Err: pgMessage(err)}
	}
	return s, nil
}

func (s *DB) openSQLite(path string, o Options) error {
	st, err := os.Stat(path)
	switch {
	case err == nil && !st.Mode().IsRegular():
		return fmt.Errorf("%s：不是普通文件，不能作为数据库", path)
	case err == nil:
		if err := sniffSQLite(path, st.Size()); err != nil {
			return err
		}
	case errors.Is(err, fs.ErrNotExist) && o.ReadOnly:
		return fmt.Errorf("%s：数据库文件不存在", path)
	case errors.Is(err, fs.ErrNotExist):
		if dir := filepath.Dir(path); dir != "" {
			if _, err := os.Stat(dir); err != nil {
				return fmt.Errorf("%s：目录 %s 不存在", path, dir)
			}
		}
	default:
		return &UnavailableError{Where: path, Err: err}
	}
	q := "?_pragma=foreign_keys(1)&_pragma=journal_mode(WAL)&_pragma=busy_timeout(15000)&_pragma=synchronous(NORMAL)&_txlock=immediate"
	if o.ReadOnly {
		q += "&mode=ro"
	}
	db, err := sql.Open("sqlite", "file:"+path+q)
	if err != nil {
		return &UnavailableError{Where: path, Err: err}
	}
	// One writer at a time is what SQLite allows; readers go in parallel
	// under WAL.
	db.SetMaxOpenConns(8)
	s.db = db
	return nil
}

// sniffSQLite refuses a file that is not an SQLite database before the
// driver touches it (it would otherwise fail later, or overwrite it).
func sniffSQLite(path string, size int64) error {
	if size == 0 {
		return nil // an empty file: created by the user, becomes the database
	}
	f, err := os.Open(path)
	if err != nil {
		return &UnavailableError{Where: path, Err: err}
	}
	defer f.Close()
	head := make([]byte, 16)
	if n, _ := f.Read(head); n < 16 || string(head) != "SQLite format 3\x00" {
		return fmt.Errorf("%s：不是 SQLite 数据库文件（文件头不对），未作任何改动", path)
	}
	return nil
}

func (s *DB) migrationsFS() fs.FS {
	sub, err := fs.Sub(migrations, "migrations/"+string(s.dialect))
	if err != nil {
		panic(err) // embedded at build time
	}
	return sub
}

func (s *DB) provider() (*goose.Provider, error) {
	d := goose.DialectSQLite3
	if s.dialect == Postgres {
		d = goose.DialectPostgres
	}
	return goose.NewProvider(d, s.db, s.migrationsFS())
}

// checkSchema migrates or verifies that the schema is current.
func (s *DB) checkSchema(ctx context.Context, migrate bool) error {
	p, err := s.provider()
	if err != nil {
		return err
	}
	if migrate {
		res, err := p.Up(ctx)
		if err != nil {
			return s.classify(fmt.Errorf("数据库迁移失败：%w", err))
		}
		return s.afterMigrate(ctx, res)
	}
	cur, target, err := p.GetVersions(ctx)
	if err != nil {
		return s.classify(err)
	}
	switch {
	case cur < target:
		return &BehindError{Where: s.Where, Current: cur, Target: target}
	case cur > target:
		return &AheadError{Where: s.Where, Current: cur, Target: target}
	}
	return nil
}

// searchMigration is the migration that creates the search index.
const searchMigration = 4

// afterMigrate fills what a migration created but SQL alone cannot: the
// search index of the publications stored before it, whose texts are in
// their Document JSON.
func (s *DB) afterMigrate(ctx context.Context, res []*goose.MigrationResult) error {
	for _, r := range res {
		if r.Source != nil && r.Source.Version == searchMigration {
			if _, err := s.Reindex(ctx); err != nil {
				return fmt.Errorf("数据库迁移后建立搜索索引失败：%w", err)
			}
		}
		if r.Source != nil && r.Source.Version == operatingCostMigration {
			if err := s.backfillOperatingCost(ctx); err != nil {
				return fmt.Errorf("数据库迁移后补充机关运行经费失败：%w", err)
			}
		}
	}
	return nil
}

// operatingCostMigration is the migration that adds the cube
// operating_cost.
const operatingCostMigration = 9

// backfillOperatingCost adds the 机关运行经费 fact line of every stored
// version (yusuan.OperatingCostFact of its Document JSON) and the summary
// rows of the latest ones, in one transaction; lines already there are
// replaced, so it is safe to run again.
func (s *DB) backfillOperatingCost(ctx context.Context) error {
	where := ""
	for _, c := range Cubes {
		if c.Name == "operating_cost" {
			where = strings.ReplaceAll(c.Where, "f.", "")
		}
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return s.classify(err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `DELETE FROM fact_rollup WHERE `+where); err != nil {
		return s.classify(err)
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM fact WHERE `+where); err != nil {
		return s.classify(err)
	}
	type pub struct {
		id, org     int64
		year        int
		kind, level string
		region      string
		latest      int
	}
	rows, err := tx.QueryContext(ctx, `SELECT p.id, p.organization_id, p.year, p.kind, p.level, COALESCE(o.region_code, ''), p.latest
		FROM publication p JOIN organization o ON o.id = p.organization_id ORDER BY p.id`)
	if err != nil {
		return s.classify(err)
	}
	var pubs []pub
	for rows.Next() {
		var p pub
		if err := rows.Scan(&p.id, &p.org, &p.year, &p.kind, &p.level, &p.region, &p.latest); err != nil {
			rows.Close()
			return s.classify(err)
		}
		pubs = append(pubs, p)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return s.classify(err)
	}
	for _, p := range pubs {
		var b []byte
		if err := tx.QueryRowContext(ctx, s.Rebind(`SELECT document_json FROM publication WHERE id = ?`), p.id).Scan(&b); err != nil {
			return s.classify(err)
		}
		d, ok := yusuan.DecodeDocumentFast(b)
		if !ok {
			d = &yusuan.Document{}
			if err := json.Unmarshal(b, d); err != nil {
				return fmt.Errorf("%s: 发布 %d 的文档无法读取：%w", s.Where, p.id, err)
			}
		}
		f, ok := yusuan.OperatingCostFact(d)
		if !ok {
			continue
		}
		if _, err := tx.ExecContext(ctx, s.Rebind(`INSERT INTO fact (publication_id, organization_id, year, kind, level, region_code, latest, table_kind, scheme, code, col, amount)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`), p.id, p.org, p.year, p.kind, p.level, p.region, p.latest,
			string(f.Table), f.Scheme, f.Code, f.Column, int64(f.Amount)); err != nil {
			return s.classify(err)
		}
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO fact_rollup (year, kind, level, region_code, table_kind, scheme, code, col, amount, lines)
		SELECT year, kind, level, region_code, table_kind, scheme, code, col, SUM(amount), COUNT(*)
		FROM fact WHERE latest = 1 AND `+where+`
		GROUP BY year, kind, level, region_code, table_kind, scheme, code, col`); err != nil {
		return s.classify(err)
	}
	return s.classify(tx.Commit())
}

// Migrate applies pending migrations and returns the versions applied.
func (s *DB) Migrate(ctx context.Context) ([]int64, error) {
	p, err := s.provider()
	if err != nil {
		return nil, err
	}
	res, err := p.Up(ctx)
	if err != nil {
		return nil, s.classify(err)
	}
	if err := s.afterMigrate(ctx, res); err != nil {
		return nil, err
	}
	var vs []int64
	for _, r := range res {
		vs = append(vs, r.Source.Version)
	}
	return vs, nil
}

// MigrationStatus is one migration and whether it is applied.
type MigrationStatus struct {
	Version   int64
	Name      string
	Applied   bool
	AppliedAt time.Time
}

// Status lists every migration this program knows and its state.
func (s *DB) Status(ctx context.Context) ([]MigrationStatus, error) {
	p, err := s.provider()
	if err != nil {
		return nil, err
	}
	st, err := p.Status(ctx)
	if err != nil {
		return nil, s.classify(err)
	}
	out := make([]MigrationStatus, len(st))
	for i, m := range st {
		out[i] = MigrationStatus{Version: m.Source.Version, Name: filepath.Base(m.Source.Path), Applied: m.State == goose.StateApplied, AppliedAt: m.AppliedAt}
	}
	return out, nil
}

// OpenForMigration opens a database without checking its schema version.
func OpenForMigration(ctx context.Context, dsn string) (*DB, error) {
	return connect(ctx, dsn, Options{})
}

// Dialect is the kind of database.
func (s *DB) Dialect() Dialect { return s.dialect }

// SQL is the database handle, for benchmarks and the cubes.
func (s *DB) SQL() *sql.DB { return s.db }

// Close closes the database.
func (s *DB) Close() error {
	s.closeStmts()
	return s.db.Close()
}

// Ping checks the database is reachable (for /readyz).
func (s *DB) Ping(ctx context.Context) error {
	if err := s.db.PingContext(ctx); err != nil {
		return &UnavailableError{Where: s.Where, Err: pgMessage(err)}
	}
	return nil
}

// Rebind turns "?" placeholders into the dialect's ("$1" for PostgreSQL).
func (s *DB) Rebind(q string) string {
	if s.dialect != Postgres {
		return q
	}
	var b strings.Builder
	n := 0
	for i := 0; i < len(q); i++ {
		if q[i] == '?' {
			n++
			fmt.Fprintf(&b, "$%d", n)
			continue
		}
		b.WriteByte(q[i])
	}
	return b.String()
}

// classify turns driver errors that mean "not now" into UnavailableError.
func (s *DB) classify(err error) error {
	if err == nil {
		return nil
	}
	msg := err.Error()
	var pgErr *pgconn.PgError
	switch {
	case errors.As(err, &pgErr):
		// SQL errors from the server: not an outage.
		return err
	case strings.Contains(msg, "database is locked"), strings.Contains(msg, "SQLITE_BUSY"),
		strings.Contains(msg, "connection refused"), strings.Contains(msg, "failed to connect"),
		strings.Contains(msg, "disk is full"), strings.Contains(msg, "SQLITE_FULL"),
		strings.Contains(msg, "database disk image is malformed"), strings.Contains(msg, "file is not a database"),
		strings.Contains(msg, "readonly database"):
		return &UnavailableError{Where: s.Where, Err: err}
	}
	return err
}

func pgMessage(err error) error {
	var ce *pgconn.ConnectError
	if errors.As(err, &ce) {
		return fmt.Errorf("无法连接 PostgreSQL：%v", ce.Unwrap())
	}
	return err
}

// redact removes a password from a URL-shaped DSN.
func redact(dsn string) string {
	i := strings.Index(dsn, "://")
	if i < 0 {
		return dsn
	}
	rest := dsn[i+3:]
	at := strings.Index(rest, "@")
	if at < 0 {
		return dsn
	}
	cred := rest[:at]
	if c := strings.Index(cred, ":"); c >= 0 {
		cred = cred[:c] + ":***"
	}
	return dsn[:i+3] + cred + rest[at:]
}

// OrgCode is the code of an organization that has none printed: a stable
// code made from its region and name ("N" + 12 hex digits of SHA-256).
func OrgCode(region, name string) string {
	h := sha256.Sum256([]byte(region + "\x00" + name))
	return "N" + hex.EncodeToString(h[:6])
}

func sha256Hex(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}
