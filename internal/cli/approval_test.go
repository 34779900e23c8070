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

// yusuan approval set, import and list, and publish --approved: dates
// stored and audited; a file with bad rows names each by its line and
// stores nothing (exit 2).
func TestApprovalCommands(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dsn string) {
		dir := t.TempDir()
		code, _, stderr := run(t, "publish", "--db", dsn, "--region", "410100", "--region-name", "郑州市", "--approved", "2021-02-10",
			"../../examples/zhengzhou-2021-gov-office/budget.yaml")
		if code != ExitOK {
			t.Fatalf("publish: exit %d\n%s", code, stderr)
		}
		code, stdout, stderr := run(t, "approval", "set", "003", "2021", "2021-02-12", "--db", dsn)
		if code != ExitOK || !strings.Contains(stdout, "已修改  003 郑州市人民政府办公厅 2021年预算 批复日期 2021-02-12（原为 2021-02-10）") {
			t.Fatalf("set: exit %d\n%s%s", code, stdout, stderr)
		}
		if code, _, stderr := run(t, "approval", "set", "404", "2021", "2021-02-12", "--db", dsn); code != ExitInput || !strings.Contains(stderr, "404 尚未登记") {
			t.Errorf("unknown organization: exit %d\n%s", code, stderr)
		}
		if code, _, stderr := run(t, "approval", "set", "003", "2021", "2021-02-30", "--db", dsn); code != ExitInput || !strings.Contains(stderr, "不存在") {
			t.Errorf("a day that does not exist: exit %d\n%s", code, stderr)
		}

		// A file with two bad rows: both named, nothing stored.
		bad := filepath.Join(dir, "bad.csv")
		os.WriteFile(bad, []byte("\ufeff单位编码,年度,批复日期\n003,2022,2022-02-01\n004,二〇二二,2022-02-01\n005,2022,2022-13-01\n"), 0o644)
		code, _, stderr = run(t, "approval", "import", "--db", dsn, bad)
		if code != ExitInput || !strings.Contains(stderr, "bad.csv:3: 年度") || !strings.Contains(stderr, "bad.csv:4: 日期") || !strings.Contains(stderr, "未作任何改动") {
			t.Errorf("bad rows: exit %d\n%s", code, stderr)
		}
		// A good file with a row for an organization nobody registered:
		// named by its line, and the other rows are not stored either.
		unknown := filepath.Join(dir, "unknown.csv")
		os.WriteFile(unknown, []byte("单位编码,年度,批复日期\n003,2022,2022-02-01\n777,2022,2022-02-03\n"), 0o644)
		if code, _, stderr := run(t, "approval", "import", "--db", dsn, unknown); code != ExitInput || !strings.Contains(stderr, "unknown.csv:3: 单位编码 777 尚未登记") {
			t.Errorf("unknown organization: exit %d\n%s", code, stderr)
		}
		good := filepath.Join(dir, "good.csv")
		os.WriteFile(good, []byte("单位编码,年度,批复日期,单位名称,类型,备注\n003,2022,2022/2/1,,预算,\n777,2022,2022年2月3日,新设局,预算,新单位\n003,2021,2022-05-20,,决算,\n"), 0o644)
		code, stdout, stderr = run(t, "approval", "import", "--db", dsn, "--region", "410100", good)
		if code != ExitOK || !strings.Contains(stdout, "共 3 条：新录入 3，修改 0，未变化 0") {
			t.Fatalf("import: exit %d\n%s%s", code, stdout, stderr)
		}
		code, stdout, _ = run(t, "approval", "list", "--db", dsn, "--region", "410100")
		for _, want := range []string{"003\t郑州市人民政府办公厅\t2021年预算\t批复日期 2021-02-12", "003\t郑州市人民政府办公厅\t2021年决算\t批复日期 2022-05-20",
			"777\t新设局\t2022年预算\t批复日期 2022-02-03", "共 4 条"} {
			if code != ExitOK || !strings.Contains(stdout, want) {
				t.Errorf("list lacks %q:\n%s", want, stdout)
			}
		}
		s, err := store.Open(context.Background(), dsn, store.Options{ReadOnly: true})
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		var actions []string
		s.AuditEntries(context.Background(), func(e store.AuditEntry) error { actions = append(actions, e.Action); return nil })
		if got := strings.Join(actions, " "); got != "publish approval.set approval.set approval.set approval.set approval.set" {
			t.Errorf("audit trail: %s", got)
		}
	})
}

func TestParseApprovalCSV(t *testing.T) {
	for _, c := range []struct{ name, in, want string }{
		{"empty", "", "文件为空"},
		{"header only", "单位编码,年度,批复日期\n", "只有表头"},
		{"missing column", "单位编码,批复日期\n003,2022-01-01\n", "表头缺少列 年度"},
		{"duplicate", "单位编码,年度,批复日期\n003,2022,2022-01-01\n003,2022,2022-01-02\n", "x.csv:3: 与第 2 行重复"},
		{"bad kind", "单位编码,年度,批复日期,类型\n003,2022,2022-01-01,计划\n", "x.csv:2: 类型"},
		{"quote", "单位编码,年度,批复日期\n\"003,2022,2022-01-01\n", "x.csv:"},
	} {
		if _, _, err := parseApprovalCSV("x.csv", []byte(c.in), "budget", ""); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want %q", c.name, err, c.want)
		}
	}
	// GB18030, as Excel on a Chinese Windows saves a CSV file.
	gb := []byte{0xb5, 0xa5, 0xce, 0xbb, 0xb1, 0xe0, 0xc2, 0xeb, ',', 0xc4, 0xea, 0xb6, 0xc8, ',', 0xc5, 0xfa, 0xb8, 0xb4, 0xc8, 0xd5, 0xc6, 0xda, '\r', '\n'}
	gb = append(gb, "003,2022,2022-01-05\r\n"...)
	cs, lines, err := parseApprovalCSV("gb.csv", gb, "budget", "")
	if err != nil || len(cs) != 1 || cs[0].Organization != "003" || cs[0].ApprovedOn.String() != "2022-01-05" || lines[0] != 2 {
		t.Errorf("GB18030: %+v %v %v", cs, lines, err)
	}
}
