package store

import (
	"context"
	"database/sql"
	"sync"
)

// stmtCache keeps prepared statements by their query text (with "?"
// placeholders). A statement is prepared on the database once, outside
// any transaction, and then used inside transactions through
// Tx.StmtContext, which prepares it again only on a connection that has
// not run it yet: publishing parses its statements once per connection,
// not once per publication. Preparing outside the transaction matters:
// preparing takes a connection of the pool, and a transaction that waited
// for one while holding its own could wait forever when the pool is full.
type stmtCache struct {
	mu sync.Mutex
	m  map[string]*sql.Stmt
}

// prepare prepares the statements of qs not prepared yet. Call it before
// beginning the transaction that uses them.
func (s *DB) prepare(ctx context.Context, qs ...string) error {
	for _, q := range qs {
		s.stmts.mu.Lock()
		_, ok := s.stmts.m[q]
		s.stmts.mu.Unlock()
		if ok {
			continue
		}
		st, err := s.db.PrepareContext(ctx, s.Rebind(q))
		if err != nil {
			return s.classify(err)
		}
		s.stmts.mu.Lock()
		if s.stmts.m == nil {
			s.stmts.m = map[string]*sql.Stmt{}
		}
		if _, ok := s.stmts.m[q]; ok {
			st.Close()
		} else {
			s.stmts.m[q] = st
		}
		s.stmts.mu.Unlock()
	}
	return nil
}

// txStmt is statement q for use in tx: the prepared one when prepare has
// seen q, else q prepared for this transaction only.
func (s *DB) txStmt(ctx context.Context, tx *sql.Tx, q string) (*sql.Stmt, error) {
	s.stmts.mu.Lock()
	st := s.stmts.m[q]
	s.stmts.mu.Unlock()
	if st != nil {
		return tx.StmtContext(ctx, st), nil
	}
	st, err := tx.PrepareContext(ctx, s.Rebind(q))
	return st, s.classify(err)
}

// txExec runs statement q in tx.
func (s *DB) txExec(ctx context.Context, tx *sql.Tx, q string, args ...any) error {
	st, err := s.txStmt(ctx, tx, q)
	if err != nil {
		return err
	}
	_, err = st.ExecContext(ctx, args...)
	return s.classify(err)
}

// txQueryRow runs statement q in tx and scans its one row into dest.
func (s *DB) txQueryRow(ctx context.Context, tx *sql.Tx, q string, args []any, dest ...any) error {
	st, err := s.txStmt(ctx, tx, q)
	if err != nil {
		return err
	}
	return st.QueryRowContext(ctx, args...).Scan(dest...)
}

// closeStmts closes the prepared statements (on Close).
func (s *DB) closeStmts() {
	s.stmts.mu.Lock()
	defer s.stmts.mu.Unlock()
	for _, st := range s.stmts.m {
		st.Close()
	}
	s.stmts.m = nil
}
