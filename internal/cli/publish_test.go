package cli

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/yusuan/yusuan"
	"github.com/yusuan/yusuan/store"
)

const exampleBudget = "../../examples/zhengzhou-2021-gov-office/budget.yaml"

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	b, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// A folder with a good budget, the seed text and a broken file: the good
// ones are stored, the broken one is named, exit 2; publishing again makes
// no new version; a changed file makes version 2.
func TestPublishFolder(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "in")
	os.Mkdir(in, 0o755)
	copyFile(t, exampleBudget, filepath.Join(in, "budget.yaml"))
	copyFile(t, "../../testdata/budgets/bad/syntax.yaml", filepath.Join(in, "broken.yaml"))
	db := filepath.Join(dir, "y.db")

	code, stdout, stderr := run(t, "publish", "--db", db, "--region", "410100", "--region-name", "郑州市", "--format", "json", in)
	if code != ExitInput {
		t.Fatalf("exit %d, want 2 (one unreadable input); stderr %s", code, stderr)
	}
	var sum publishSummary
	if err := json.Unmarshal([]byte(stdout), &sum); err != nil {
		t.Fatalf("summary is not JSON: %v\n%s", err, stdout)
	}
	if sum.Files != 2 || sum.Published != 1 || sum.Unreadable != 1 {
		t.Fatalf("summary %+v", sum)
	}
	for _, o := range sum.Outcomes {
		if strings.HasSuffix(o.File, "broken.yaml") && (o.Status != "unreadable" || !strings.Contains(o.Error, "broken.yaml:")) {
			t.Errorf("broken file outcome %+v: want unreadable with file:line", o)
		}
	}

	code, stdout, _ = run(t, "publish", "--db", db, "--region", "410100", filepath.Join(in, "budget.yaml"))
	if code != 0 || !strings.Contains(stdout, "未变化") {
		t.Fatalf("same file again: exit %d, %s", code, stdout)
	}

	// Change the budget: a new version.
	b, _ := os.ReadFile(exampleBudget)
	changed := strings.Replace(string(b), "郑州市人民政府办公厅", "郑州市人民政府办公厅", 1) + "\n# revised\n"
	os.WriteFile(filepath.Join(in, "budget.yaml"), []byte(changed), 0o644)
	code, stdout, stderr = run(t, "publish", "--db", db, "--region", "410100", filepath.Join(in, "budget.yaml"))
	if code != 0 || !strings.Contains(stdout, "第2版") {
		t.Fatalf("changed file: exit %d, %s %s", code, stdout, stderr)
	}

	s, err := store.Open(context.Background(), db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	pubs, err := s.Publications(context.Background(), yusuan.PublicationFilter{AllVersions: true})
	if err != nil || len(pubs) != 2 {
		t.Fatalf("publications %d, %v; want 2 versions", len(pubs), err)
	}
	doc, err := s.DocumentJSON(context.Background(), pubs[1].ID)
	if err != nil || !strings.Contains(string(doc), yusuan.DocumentSchema) {
		t.Errorf("stored Document JSON: %.80s %v", doc, err)
	}
	f, err := s.FindingsJSON(context.Background(), pubs[1].ID)
	if err != nil || !strings.Contains(string(f), `"documents"`) {
		t.Errorf("stored findings: %.80s %v", f, err)
	}
}

func TestPublishUsageErrors(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "y.db")
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"publish", "--db", db, "--region", "999999", exampleBudget}, "--region-name"},
		{[]string{"publish", "--db", db, "--org-code", "1", exampleBudget, exampleBudget}, "单个文件"},
		{[]string{"publish", "--db", "mysql://x/y", exampleBudget}, "不支持的数据库"},
		{[]string{"publish", "--db", exampleBudget, exampleBudget}, "不是 SQLite 数据库"},
	} {
		code, _, stderr := run(t, c.args...)
		if code != ExitInput || !strings.Contains(stderr, c.want) {
			t.Errorf("%v: exit %d, stderr %q; want 2 and %q", c.args, code, stderr, c.want)
		}
	}
	if b, _ := os.ReadFile(exampleBudget); !strings.Contains(string(b), "department") {
		t.Fatal("the budget file given as --db was changed")
	}
}

func TestDBCommands(t *testing.T) {
	db := filepath.Join(t.TempDir(), "y.db")
	code, stdout, stderr := run(t, "db", "status", "--db", db)
	if code != 0 || !strings.Contains(stdout, "待应用") {
		t.Fatalf("status of a new file: exit %d %q %q", code, stdout, stderr)
	}
	code, stdout, _ = run(t, "db", "migrate", "--db", db)
	if code != 0 || !strings.Contains(stdout, "已应用迁移") {
		t.Fatalf("migrate: exit %d %q", code, stdout)
	}
	code, stdout, _ = run(t, "db", "migrate", "--db", db)
	if code != 0 || !strings.Contains(stdout, "已是最新") {
		t.Fatalf("migrate again: exit %d %q", code, stdout)
	}
}
