package cli

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/yusuan/yusuan/store"
	"github.com/yusuan/yusuan/store/storetest"
)

func runIn(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := MainIn(args, strings.NewReader(stdin), &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

// yusuan user add/list/disable/enable and yusuan token create/list/revoke,
// on both databases: what they print, what they refuse (exit 2, nothing
// created) and what the audit trail records.
func TestUserAndTokenCommands(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dsn string) {
		const pw = "Päss-w0rd-long"
		if code, out, errOut := runIn(t, "", "db", "migrate", "--db", dsn); code != ExitOK {
			t.Fatalf("migrate: exit %d %s%s", code, out, errOut)
		}
		code, out, errOut := runIn(t, pw+"\n", "user", "add", "zhang", "--role", "preparer", "--organization", "003", "--password-stdin", "--db", dsn)
		if code != ExitOK || !strings.Contains(out, "已添加用户 zhang（填报人，单位 003）") || !strings.Contains(errOut, "单位 003 尚未登记") {
			t.Fatalf("user add: exit %d\n%s%s", code, out, errOut)
		}
		if code, out, errOut := runIn(t, "", "org", "add", "005", "--name", "示例局", "--region", "410100", "--region-name", "郑州市", "--db", dsn); code != ExitOK {
			t.Fatalf("org add: exit %d %s%s", code, out, errOut)
		}
		if code, _, errOut := runIn(t, pw, "user", "add", "zhou", "--role", "approver", "--organization", "005", "--region", "410200", "--password-stdin", "--db", dsn); code != ExitInput || !strings.Contains(errOut, "属于地区 410100，与 --region 410200 不符") {
			t.Errorf("a region that contradicts the organization's: exit %d %s", code, errOut)
		}
		if code, _, errOut := runIn(t, pw, "user", "add", "zhou", "--role", "approver", "--organization", "005", "--password-stdin", "--db", dsn); code != ExitOK || errOut != "" {
			t.Errorf("an approver of a registered organization: exit %d %s", code, errOut)
		}
		if code, out, errOut := runIn(t, pw, "user", "add", "li", "--role", "finance", "--region", "410100", "--password-stdin", "--db", dsn); code != ExitOK || errOut != "" {
			t.Fatalf("user add li: exit %d\n%s%s", code, out, errOut)
		}
		for _, c := range []struct {
			stdin string
			args  []string
			want  string
		}{
			{pw, []string{"user", "add", "wang", "--role", "preparer", "--password-stdin"}, "请用 --organization 给出单位代码"},
			{pw, []string{"user", "add", "wang", "--role", "finance", "--password-stdin"}, "请用 --region 给出地区代码"},
			{pw, []string{"user", "add", "wang", "--role", "boss", "--password-stdin"}, `角色 "boss" 无效`},
			{pw, []string{"user", "add", "wang", "--password-stdin"}, "请用 --role 给出角色"},
			{pw, []string{"user", "add", "wang", "--role", "admin"}, "请用 --password-stdin"},
			{"", []string{"user", "add", "wang", "--role", "admin", "--password-stdin"}, "标准输入中没有密码"},
			{"short\n", []string{"user", "add", "wang", "--role", "admin", "--password-stdin"}, "密码太短"},
			{pw, []string{"user", "add", "zhang", "--role", "admin", "--password-stdin"}, "用户名已存在"},
			{pw, []string{"user", "add", "a b", "--role", "admin", "--password-stdin"}, "不能有空格"},
			{pw, []string{"user", "add", "--role", "admin", "--password-stdin"}, "需要 1 个参数"},
			{"", []string{"user", "disable", "nobody"}, "没有用户 nobody"},
			{"", []string{"token", "create", "nobody"}, "没有用户 nobody"},
			{"", []string{"token", "revoke", "x"}, `令牌编号 "x" 无效`},
			{"", []string{"token", "revoke", "99"}, "没有编号为 99 的令牌"},
		} {
			code, out, errOut := runIn(t, c.stdin, append(c.args, "--db", dsn)...)
			if code != ExitInput || !strings.Contains(errOut, c.want) || strings.Contains(errOut, "not found") {
				t.Errorf("%v: exit %d, stderr %q; want 2 and %s", c.args, code, errOut+out, c.want)
			}
		}
		code, out, _ = runIn(t, "", "user", "list", "--db", dsn)
		if code != ExitOK || !strings.Contains(out, "zhang") || !strings.Contains(out, "财政审核人") || strings.Contains(out, "wang") {
			t.Fatalf("user list: exit %d\n%s", code, out)
		}
		code, tok, errOut := runIn(t, "", "token", "create", "zhang", "--label", "nightly", "--db", dsn)
		tok = strings.TrimSpace(tok)
		if code != ExitOK || !strings.HasPrefix(tok, store.TokenPrefix) || strings.Contains(tok, "\n") || !strings.Contains(errOut, "只显示这一次") {
			t.Fatalf("token create: exit %d %q %s", code, tok, errOut)
		}
		code, out, _ = runIn(t, "", "token", "list", "--db", dsn)
		if code != ExitOK || !strings.Contains(out, "nightly") || strings.Contains(out, tok) {
			t.Fatalf("token list: exit %d\n%s", code, out)
		}

		s, err := store.Open(context.Background(), dsn, store.Options{})
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		if u, err := s.TokenUser(context.Background(), tok, time.Time{}); err != nil || u.Name != "zhang" {
			t.Fatalf("the printed token: %v %v", u, err)
		}
		if code, out, errOut := runIn(t, "", "user", "disable", "zhang", "--db", dsn); code != ExitOK || !strings.Contains(out, "已停用用户 zhang") {
			t.Fatalf("disable: exit %d %s%s", code, out, errOut)
		}
		if _, err := s.TokenUser(context.Background(), tok, time.Time{}); err == nil {
			t.Error("the token of a disabled user still works")
		}
		if code, out, _ := runIn(t, "", "user", "list", "--db", dsn); code != ExitOK || !strings.Contains(out, "已停用") {
			t.Errorf("user list after disable:\n%s", out)
		}
		runIn(t, "", "user", "enable", "zhang", "--db", dsn)
		if code, out, errOut := runIn(t, "", "token", "revoke", "1", "--db", dsn); code != ExitOK || !strings.Contains(out, "已撤销用户 zhang 的接口令牌 1") {
			t.Fatalf("revoke: exit %d %s%s", code, out, errOut)
		}
		if _, err := s.TokenUser(context.Background(), tok, time.Time{}); err == nil {
			t.Error("a revoked token still works")
		}
		if _, err := s.SignIn(context.Background(), store.SignInAttempt{Name: "zhang", Password: pw}); err != nil {
			t.Errorf("sign in with the password given on standard input: %v", err)
		}
		for i := 0; i < store.MaxFailedSignIns; i++ {
			s.SignIn(context.Background(), store.SignInAttempt{Name: "li", Password: "wrong"})
		}
		if code, out, _ := runIn(t, "", "user", "list", "--db", dsn); code != ExitOK || !strings.Contains(out, "锁定至") {
			t.Errorf("user list of a locked account:\n%s", out)
		}
		if code, out, errOut := runIn(t, "", "user", "unlock", "li", "--db", dsn); code != ExitOK || !strings.Contains(out, "已解除用户 li 的锁定") {
			t.Errorf("unlock: exit %d %s%s", code, out, errOut)
		}
		if _, err := s.SignIn(context.Background(), store.SignInAttempt{Name: "li", Password: pw}); err != nil {
			t.Errorf("sign in after unlock: %v", err)
		}
		if code, _, errOut := runIn(t, "new-pass-word\n", "user", "passwd", "li", "--db", dsn); code != ExitInput || !strings.Contains(errOut, "--password-stdin") {
			t.Errorf("passwd without --password-stdin: exit %d %s", code, errOut)
		}
		if code, out, errOut := runIn(t, "new-pass-word\n", "user", "passwd", "li", "--password-stdin", "--db", dsn); code != ExitOK || !strings.Contains(out, "已为用户 li 设置新密码") {
			t.Errorf("passwd: exit %d %s%s", code, out, errOut)
		}
		if _, err := s.SignIn(context.Background(), store.SignInAttempt{Name: "li", Password: "new-pass-word"}); err != nil {
			t.Errorf("sign in with the new password: %v", err)
		}
		var trail strings.Builder
		var actions []string
		s.AuditEntries(context.Background(), func(e store.AuditEntry) error {
			trail.WriteString(e.Actor + e.Before + e.After + e.Object)
			actions = append(actions, e.Action)
			return nil
		})
		if strings.Contains(trail.String(), pw) || strings.Contains(trail.String(), tok) || strings.Contains(trail.String(), "new-pass-word") {
			t.Error("the audit trail holds a password or token")
		}
		if got := strings.Join(actions, " "); got != "user_add org.add user_add user_add token_create user_disable user_enable token_revoke signin"+strings.Repeat(" signin_failed", store.MaxFailedSignIns)+" user_unlock signin password_reset signin" {
			t.Errorf("audit actions: %s", got)
		}
		if code, out, _ := runIn(t, "", "audit", "verify", "--db", dsn); code != ExitOK {
			t.Errorf("audit verify: exit %d %s", code, out)
		}
	})
	if code, _, errOut := runIn(t, "", "user"); code != ExitInput || !strings.Contains(errOut, "请给出子命令") {
		t.Errorf("user without a subcommand: exit %d %s", code, errOut)
	}
	if code, _, errOut := runIn(t, "", "user", "list", "--db", filepath.Join(t.TempDir(), "none.db")); code != ExitInput || !strings.Contains(errOut, "不存在") {
		t.Errorf("list on a missing database: exit %d %s", code, errOut)
	}
}
