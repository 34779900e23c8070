package cli

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/yusuan/yusuan/store"
	"github.com/yusuan/yusuan/store/storetest"
)

// yusuan publish records each publication in the audit trail; yusuan
// audit verify finds a row altered or removed and names it (exit 1); an
// export verifies offline, and a change to it is found the same way.
func TestAuditVerifyAndExport(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dsn string) {
		dir := t.TempDir()
		code, _, stderr := run(t, "publish", "--db", dsn, "../../examples/zhengzhou-2021-gov-office/budget.yaml",
			"../../examples/central-2024-xinfangju-final/budget.yaml", "../../testdata/budgets/minimal.yaml")
		if code != ExitOK {
			t.Fatalf("publish: exit %d\n%s", code, stderr)
		}
		code, stdout, stderr := run(t, "audit", "verify", "--db", dsn)
		if code != ExitOK || !strings.Contains(stdout, "审计记录完整，共 3 条") {
			t.Fatalf("verify: exit %d\n%s%s", code, stdout, stderr)
		}
		export := filepath.Join(dir, "audit.jsonl")
		if code, _, stderr := run(t, "audit", "export", "--db", dsn, "-o", export); code != ExitOK {
			t.Fatalf("export: exit %d\n%s", code, stderr)
		}
		if code, stdout, stderr := run(t, "audit", "verify", "--file", export); code != ExitOK || !strings.Contains(stdout, "共 3 条") {
			t.Fatalf("verify export: exit %d\n%s%s", code, stdout, stderr)
		}
		data, _ := os.ReadFile(export)
		lines := strings.Split(string(data), "\n")
		if !strings.Contains(lines[2], `"action":"publish"`) || !strings.Contains(lines[2], `"object":"publication:2"`) {
			t.Fatalf("the second entry is %s", lines[2])
		}
		// An export with its second entry removed.
		cut := filepath.Join(dir, "cut.jsonl")
		os.WriteFile(cut, []byte(strings.Join(append(lines[:2:2], lines[3:]...), "\n")), 0o644)
		if code, _, stderr := run(t, "audit", "verify", "--file", cut); code != ExitFindings || !strings.Contains(stderr, "审计记录第 2 条：缺失") {
			t.Errorf("verify a cut export: exit %d\n%s", code, stderr)
		}
		// The database, with its triggers dropped, altered in row 2.
		s, err := store.Open(context.Background(), dsn, store.Options{})
		if err != nil {
			t.Fatal(err)
		}
		qs := []string{`DROP TRIGGER audit_entry_no_update`, `UPDATE audit_entry SET after_state = '{}' WHERE seq = 2`}
		if s.Dialect() == store.Postgres {
			qs[0] = `ALTER TABLE audit_entry DISABLE TRIGGER USER`
		}
		for _, q := range qs {
			if _, err := s.SQL().Exec(q); err != nil {
				t.Fatal(q, err)
			}
		}
		s.Close()
		code, _, stderr = run(t, "audit", "verify", "--db", dsn)
		if code != ExitFindings || !strings.Contains(stderr, "审计记录第 2 条：内容被改动") {
			t.Errorf("verify altered: exit %d\n%s", code, stderr)
		}
	})
	if code, _, _ := run(t, "audit", "verify", "--db", filepath.Join(t.TempDir(), "none.db")); code != ExitInput {
		t.Errorf("a missing database: exit %d", code)
	}
}
