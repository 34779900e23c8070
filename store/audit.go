package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// The audit trail is an append-only log of every action of the workflow:
// who did what to which object, when, from where, and the state before
// and after. Entries are numbered 1, 2, 3 … and chained: each holds the
// SHA-256 of the entry before it (PrevHash) and its own (Hash) over all
// its fields, so a row altered or removed breaks the chain exactly there,
// and audit_head, which keeps the number and hash of the last entry,
// shows entries removed from the end. Migration 00006 adds the tables and
// triggers that refuse changing and deleting entries; VerifyAudit finds
// the first broken entry when someone went around them.

// AuditEntry is one action of the audit trail.
type AuditEntry struct {
	Seq      int64     `json:"seq"`
	At       time.Time `json:"at"`
	Actor    string    `json:"actor"`            // who: an account name, or the system user of a command
	Action   string    `json:"action"`           // what: publish, submit, approve, return …
	Object   string    `json:"object,omitempty"` // to what: publication:12, draft:3 …
	Remote   string    `json:"remote,omitempty"` // from where: an address, or "cli"
	Before   string    `json:"before,omitempty"` // the state before (JSON or text)
	After    string    `json:"after,omitempty"`  // the state after
	PrevHash string    `json:"prev_hash"`
	Hash     string    `json:"hash"`
}

// AuditSchema names the format of an exported audit trail.
const AuditSchema = "yusuan.audit/v1"

// zeroHash is the PrevHash of the first entry.
var zeroHash = strings.Repeat("0", 64)

// atFormat is how an entry's time is stored and hashed: UTC, to the
// microsecond, both databases alike.
const atFormat = "2006-01-02T15:04:05.000000Z"

// AuditHash is the SHA-256 of an entry over every field but Hash, each
// written with its length so that no two entries encode alike.
func AuditHash(e AuditEntry) string {
	h := sha256.New()
	h.Write([]byte(AuditSchema + "\n"))
	for _, f := range []string{strconv.FormatInt(e.Seq, 10), e.At.UTC().Format(atFormat), e.Actor, e.Action, e.Object, e.Remote, e.Before, e.After, e.PrevHash} {
		fmt.Fprintf(h, "%d:%s\n", len(f), f)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// Audit appends an entry and returns it as stored: numbered, timed (now,
// when At is zero) and chained.
func (s *DB) Audit(ctx context.Context, e AuditEntry) (AuditEntry, error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return AuditEntry{}, s.classify(err)
	}
	defer tx.Rollback()
	e, err = s.auditTx(ctx, tx, e)
	if err != nil {
		return AuditEntry{}, err
	}
	if err := tx.Commit(); err != nil {
		return AuditEntry{}, s.classify(err)
	}
	return e, nil
}

// auditTx appends an entry inside tx, so that a change and the entry that
// records it are committed together or not at all.
func (s *DB) auditTx(ctx context.Context, tx *sql.Tx, e AuditEntry) (AuditEntry, error) {
	if strings.TrimSpace(e.Actor) == "" || strings.TrimSpace(e.Action) == "" {
		return AuditEntry{}, errors.New("审计记录须有操作人和操作")
	}
	if e.At.IsZero() {
		e.At = time.Now()
	}
	e.At = e.At.UTC().Truncate(time.Microsecond)
	// The head row serializes appenders: SQLite's transactions take the
	// write lock when they begin (_txlock=immediate), PostgreSQL's lock
	// the row here.
	q := `SELECT seq, hash FROM audit_head WHERE id = 1`
	if s.dialect == Postgres {
		q += ` FOR UPDATE`
	}
	var seq int64
	var prev string
	if err := tx.QueryRowContext(ctx, q).Scan(&seq, &prev); err != nil {
		return AuditEntry{}, s.classify(err)
	}
	e.Seq, e.PrevHash = seq+1, prev
	e.Hash = AuditHash(e)
	if _, err := tx.ExecContext(ctx, s.Rebind(`INSERT INTO audit_entry (seq, at, actor, action, object, remote, before_state, after_state, prev_hash, hash)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
		e.Seq, e.At.Format(atFormat), e.Actor, e.Action, e.Object, e.Remote, e.Before, e.After, e.PrevHash, e.Hash); err != nil {
		return AuditEntry{}, s.classify(err)
	}
	if _, err := tx.ExecContext(ctx, s.Rebind(`UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1`), e.Seq, e.Hash); err != nil {
		return AuditEntry{}, s.classify(err)
	}
	return e, nil
}

// AuditHead is the number and hash of the last entry, as audit_head keeps
// them (0 and zeros for an empty trail).
type AuditHead struct {
	Seq  int64  `json:"seq"`
	Hash string `json:"hash"`
}

var errNoHead = errors.New("审计记录头（audit_head）已被删除")

// AuditHead returns the head of the trail.
func (s *DB) AuditHead(ctx context.Context) (AuditHead, error) {
	var h AuditHead
	err := s.db.QueryRowContext(ctx, `SELECT seq, hash FROM audit_head WHERE id = 1`).Scan(&h.Seq, &h.Hash)
	if errors.Is(err, sql.ErrNoRows) {
		return AuditHead{}, errNoHead
	}
	return h, s.classify(err)
}

// AuditEntries calls fn for every entry in order of number.
func (s *DB) AuditEntries(ctx context.Context, fn func(AuditEntry) error) error {
	rows, err := s.db.QueryContext(ctx, `SELECT seq, at, actor, action, object, remote, before_state, after_state, prev_hash, hash FROM audit_entry ORDER BY seq`)
	if err != nil {
		return s.classify(err)
	}
	defer rows.Close()
	for rows.Next() {
		var e AuditEntry
		var at string
		if err := rows.Scan(&e.Seq, &at, &e.Actor, &e.Action, &e.Object, &e.Remote, &e.Before, &e.After, &e.PrevHash, &e.Hash); err != nil {
			return s.classify(err)
		}
		t, err := time.Parse(atFormat, at)
		if err != nil {
			// A time not as written: the hash will not match, and the
			// entry is reported as altered.
			t = time.Time{}
		}
		e.At = t
		if err := fn(e); err != nil {
			return err
		}
	}
	return s.classify(rows.Err())
}

// AuditBreak is where the chain is broken: the first entry that was
// altered, removed or added around the log, and how.
type AuditBreak struct {
	Seq    int64  `json:"seq"`
	Reason string `json:"reason"`
}

func (b *AuditBreak) Error() string {
	return fmt.Sprintf("审计记录第 %d 条：%s", b.Seq, b.Reason)
}

// AuditVerifier checks a trail entry by entry; Verify of the store and
// the check of an exported trail use it alike.
type AuditVerifier struct {
	next   int64
	prev   string
	last   AuditEntry
	broken *AuditBreak
}

// NewAuditVerifier starts a check at the first entry.
func NewAuditVerifier() *AuditVerifier { return &AuditVerifier{next: 1, prev: zeroHash} }

// Add checks the next entry; it returns the first break found, then keeps
// returning it.
func (v *AuditVerifier) Add(e AuditEntry) *AuditBreak {
	if v.broken != nil {
		return v.broken
	}
	switch {
	case e.Seq > v.next:
		v.broken = &AuditBreak{Seq: v.next, Reason: fmt.Sprintf("缺失（已被删除）：第 %d 条之后是第 %d 条", v.next-1, e.Seq)}
	case e.Seq < v.next:
		v.broken = &AuditBreak{Seq: e.Seq, Reason: "编号重复或顺序错乱"}
	case e.Hash != AuditHash(e):
		v.broken = &AuditBreak{Seq: e.Seq, Reason: "内容被改动：哈希与记录内容不符"}
	case e.PrevHash != v.prev:
		// The entry is intact, the one before it is not what it was: it
		// was altered and its hash recomputed.
		v.broken = &AuditBreak{Seq: e.Seq - 1, Reason: fmt.Sprintf("被改动并重算了哈希：第 %d 条记下的前一条哈希与它不符", e.Seq)}
	default:
		v.next, v.prev, v.last = e.Seq+1, e.Hash, e
	}
	return v.broken
}

// End checks the last entry against the head and returns the first break,
// or nil when the trail is whole; n is the number of entries checked.
func (v *AuditVerifier) End(h AuditHead) (n int64, broken *AuditBreak) {
	n = v.next - 1
	if v.broken != nil {
		return n, v.broken
	}
	switch {
	case h.Seq > n:
		v.broken = &AuditBreak{Seq: n + 1, Reason: fmt.Sprintf("缺失（已被删除）：记录头记有 %d 条，实有 %d 条", h.Seq, n)}
	case h.Seq < n:
		v.broken = &AuditBreak{Seq: h.Seq + 1, Reason: fmt.Sprintf("不是经审计记录写入的：记录头只记有 %d 条", h.Seq)}
	case n > 0 && h.Hash != v.last.Hash, n == 0 && h.Hash != zeroHash:
		v.broken = &AuditBreak{Seq: n, Reason: "与记录头的哈希不符：最后一条被改动"}
	}
	return n, v.broken
}

// VerifyAudit checks the whole trail; it returns the number of entries
// and the first break (nil when the trail is whole).
func (s *DB) VerifyAudit(ctx context.Context) (int64, *AuditBreak, error) {
	v := NewAuditVerifier()
	if err := s.AuditEntries(ctx, func(e AuditEntry) error { v.Add(e); return nil }); err != nil {
		return 0, nil, err
	}
	h, err := s.AuditHead(ctx)
	if errors.Is(err, errNoHead) {
		n, b := v.End(AuditHead{Seq: v.next - 1, Hash: v.prev})
		if b == nil {
			b = &AuditBreak{Seq: n + 1, Reason: "记录头（audit_head）被删除，无法确认最后几条是否被删除"}
		}
		return n, b, nil
	}
	if err != nil {
		return 0, nil, err
	}
	n, b := v.End(h)
	return n, b, nil
}
