package store

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"
)

func appendN(t *testing.T, s *DB, n int) []AuditEntry {
	t.Helper()
	var out []AuditEntry
	for i := 0; i < n; i++ {
		e, err := s.Audit(context.Background(), AuditEntry{Actor: fmt.Sprintf("user%d", i%3), Action: "submit", Object: fmt.Sprintf("draft:%d", i),
			Remote: "127.0.0.1", Before: `{"status":"草稿"}`, After: `{"status":"已提交"}`})
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, e)
	}
	return out
}

// Entries are numbered and chained, and the whole trail verifies.
func TestAuditChain(t *testing.T) {
	forEachDB(t, func(t *testing.T, dsn string) {
		s := mustOpen(t, dsn)
		ctx := context.Background()
		if n, b, err := s.VerifyAudit(ctx); err != nil || b != nil || n != 0 {
			t.Fatalf("empty trail: %d %v %v", n, b, err)
		}
		es := appendN(t, s, 5)
		for i, e := range es {
			if e.Seq != int64(i+1) || e.Hash != AuditHash(e) {
				t.Errorf("entry %d: seq %d, hash %s", i, e.Seq, e.Hash)
			}
			if i > 0 && e.PrevHash != es[i-1].Hash {
				t.Errorf("entry %d is not chained to the one before", e.Seq)
			}
		}
		var read []AuditEntry
		if err := s.AuditEntries(ctx, func(e AuditEntry) error { read = append(read, e); return nil }); err != nil {
			t.Fatal(err)
		}
		for i := range es {
			if read[i] != es[i] {
				t.Errorf("entry %d read back as %+v, written %+v", i+1, read[i], es[i])
			}
		}
		if n, b, err := s.VerifyAudit(ctx); err != nil || b != nil || n != 5 {
			t.Fatalf("verify: %d %v %v", n, b, err)
		}
		// The database refuses to change or remove an entry.
		for _, q := range []string{`UPDATE audit_entry SET actor = 'x' WHERE seq = 2`, `DELETE FROM audit_entry WHERE seq = 5`,
			`UPDATE audit_head SET seq = 3`, `DELETE FROM audit_head`} {
			if _, err := s.SQL().ExecContext(ctx, q); err == nil {
				t.Errorf("%s was allowed", q)
			}
		}
		if _, err := s.Audit(ctx, AuditEntry{Action: "publish"}); err == nil {
			t.Error("an entry without an actor was appended")
		}
	})
}

// Appenders at once still make one chain.
func TestAuditConcurrentAppends(t *testing.T) {
	forEachDB(t, func(t *testing.T, dsn string) {
		s := mustOpen(t, dsn)
		var wg sync.WaitGroup
		errs := make(chan error, 40)
		for g := 0; g < 4; g++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := 0; i < 10; i++ {
					if _, err := s.Audit(context.Background(), AuditEntry{Actor: fmt.Sprint("g", g), Action: "approve"}); err != nil {
						errs <- err
					}
				}
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Error(err)
		}
		if n, b, err := s.VerifyAudit(context.Background()); err != nil || b != nil || n != 40 {
			t.Fatalf("verify: %d %v %v", n, b, err)
		}
	})
}

// Someone with access to the database goes around the triggers: altering
// or removing one entry makes the verification fail, naming it.
func TestAuditTampering(t *testing.T) {
	cases := []struct {
		name   string
		tamper []string // statements, ? = a value from the trail
		seq    int64
		reason string
	}{
		{"altered", []string{`UPDATE audit_entry SET actor = 'someone else' WHERE seq = 3`}, 3, "内容被改动"},
		{"time altered", []string{`UPDATE audit_entry SET at = '2020-01-01T00:00:00.000000Z' WHERE seq = 2`}, 2, "内容被改动"},
		{"removed", []string{`DELETE FROM audit_entry WHERE seq = 3`}, 3, "缺失"},
		{"first removed", []string{`DELETE FROM audit_entry WHERE seq = 1`}, 1, "缺失"},
		{"last removed", []string{`DELETE FROM audit_entry WHERE seq = 5`}, 5, "缺失"},
		{"last removed with the head moved back", []string{`DELETE FROM audit_entry WHERE seq = 5`, `UPDATE audit_head SET seq = 4`}, 4, "与记录头的哈希不符"},
		{"altered and rehashed", []string{`REHASH 3`}, 3, "重算了哈希"},
		{"added around the log", []string{`INSERT INTO audit_entry (seq, at, actor, action, prev_hash, hash) VALUES (6, '2026-01-01T00:00:00.000000Z', 'x', 'publish', 'h', 'h')`}, 6, "内容被改动"},
		{"head removed", []string{`DELETE FROM audit_head`}, 6, "记录头"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			forEachDB(t, func(t *testing.T, dsn string) {
				s := mustOpen(t, dsn)
				ctx := context.Background()
				es := appendN(t, s, 5)
				disable := []string{`DROP TRIGGER audit_entry_no_update`, `DROP TRIGGER audit_entry_no_delete`, `DROP TRIGGER audit_head_forward`, `DROP TRIGGER audit_head_no_delete`}
				if s.Dialect() == Postgres {
					disable = []string{`ALTER TABLE audit_entry DISABLE TRIGGER USER`, `ALTER TABLE audit_head DISABLE TRIGGER USER`}
				}
				for _, q := range disable {
					if _, err := s.SQL().ExecContext(ctx, q); err != nil {
						t.Fatal(q, err)
					}
				}
				for _, q := range c.tamper {
					if n, ok := strings.CutPrefix(q, "REHASH "); ok {
						// Alter entry n and recompute its hash: the chain
						// breaks at the link to the next entry.
						var seq int64
						fmt.Sscan(n, &seq)
						e := es[seq-1]
						e.Actor = "someone else"
						e.Hash = AuditHash(e)
						if _, err := s.SQL().ExecContext(ctx, s.Rebind(`UPDATE audit_entry SET actor = ?, hash = ? WHERE seq = ?`), e.Actor, e.Hash, seq); err != nil {
							t.Fatal(err)
						}
						continue
					}
					if _, err := s.SQL().ExecContext(ctx, q); err != nil {
						t.Fatal(q, err)
					}
				}
				_, b, err := s.VerifyAudit(ctx)
				if err != nil {
					t.Fatal(err)
				}
				if b == nil {
					t.Fatal("tampering not found")
				}
				if b.Seq != c.seq || !strings.Contains(b.Reason, c.reason) {
					t.Errorf("break at %d (%s), want %d (%s)", b.Seq, b.Reason, c.seq, c.reason)
				}
			})
		})
	}
}

// The hash covers every field: changing any one changes it.
func TestAuditHashCoversEveryField(t *testing.T) {
	e := AuditEntry{Seq: 1, At: time.Date(2026, 5, 1, 8, 0, 0, 0, time.UTC), Actor: "a", Action: "b", Object: "c", Remote: "d", Before: "e", After: "f", PrevHash: zeroHash}
	h := AuditHash(e)
	for i, change := range []func(*AuditEntry){
		func(e *AuditEntry) { e.Seq = 2 },
		func(e *AuditEntry) { e.At = e.At.Add(time.Microsecond) },
		func(e *AuditEntry) { e.Actor = "ab"; e.Action = "" },
		func(e *AuditEntry) { e.Object = "" },
		func(e *AuditEntry) { e.Remote = "x" },
		func(e *AuditEntry) { e.Before = "" },
		func(e *AuditEntry) { e.After = "F" },
		func(e *AuditEntry) { e.PrevHash = strings.Repeat("1", 64) },
	} {
		x := e
		change(&x)
		if AuditHash(x) == h {
			t.Errorf("change %d leaves the hash as it was", i)
		}
	}
}
