// Package storetest gives tests a fresh database of each kind: an SQLite
// file in a temporary folder, and a PostgreSQL database created for the
// test and dropped after it. PostgreSQL is skipped when unreachable,
// except under CI=true, where a missing server fails the test.
package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // database/sql driver "pgx"
)

// AdminDSN is the PostgreSQL maintenance database tests create databases
// from: $YUSUAN_TEST_PG, else the local server as user postgres.
func AdminDSN() string {
	if v := os.Getenv("YUSUAN_TEST_PG"); v != "" {
		return v
	}
	return "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"
}

// SQLite returns the path of a new SQLite database file.
func SQLite(t testing.TB) string {
	return filepath.Join(t.TempDir(), "yusuan.db")
}

// Postgres creates a fresh database and returns its DSN.
func Postgres(t testing.TB) string {
	t.Helper()
	admin, err := sql.Open("pgx", AdminDSN())
	if err == nil {
		ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
		err = admin.PingContext(ctx)
		cancel()
	}
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("PostgreSQL is not reachable at %s under CI: %v", AdminDSN(), err)
		}
		t.Skipf("PostgreSQL not reachable (%v); set YUSUAN_TEST_PG or start it", err)
	}
	b := make([]byte, 6)
	rand.Read(b)
	name := "yusuan_test_" + hex.EncodeToString(b)
	if _, err := admin.Exec(`CREATE DATABASE ` + name); err != nil {
		t.Fatalf("create database: %v", err)
	}
	t.Cleanup(func() {
		admin.Exec(`DROP DATABASE IF EXISTS ` + name + ` WITH (FORCE)`)
		admin.Close()
	})
	u := AdminDSN()
	// Replace the database name of the admin URL.
	return replaceDB(u, name)
}

func replaceDB(dsn, name string) string {
	// postgres://user@host:port/db?params
	q := ""
	if i := indexByte(dsn, '?'); i >= 0 {
		dsn, q = dsn[:i], dsn[i:]
	}
	slash := -1
	for i := len("postgres://"); i < len(dsn); i++ {
		if dsn[i] == '/' {
			slash = i
			break
		}
	}
	if slash < 0 {
		return fmt.Sprintf("%s/%s%s", dsn, name, q)
	}
	return dsn[:slash+1] + name + q
}

func indexByte(s string, c byte) int {
	for i := 0; i < len(s); i++ {
		if s[i] == c {
			return i
		}
	}
	return -1
}

var kinds = []struct {
	name string
	dsn  func(testing.TB) string
}{{"sqlite", SQLite}, {"postgres", Postgres}}

// Each runs f as a subtest against a fresh SQLite and a fresh PostgreSQL
// database.
func Each(t *testing.T, f func(t *testing.T, dsn string)) {
	for _, c := range kinds {
		t.Run(c.name, func(t *testing.T) { f(t, c.dsn(t)) })
	}
}

// EachB is Each for benchmarks.
func EachB(b *testing.B, f func(b *testing.B, dsn string)) {
	for _, c := range kinds {
		b.Run(c.name, func(b *testing.B) { f(b, c.dsn(b)) })
	}
}
