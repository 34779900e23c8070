package store

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/yusuan/yusuan"
)

var cli = Actor{Name: "system:test", Remote: "cli"}

func TestPasswordHash(t *testing.T) {
	h, err := HashPassword("correct horse")
	if err != nil {
		t.Fatal(err)
	}
	p := DefaultPasswordParams
	if want := "$argon2id$v=19$m=19456,t=2,p=1$"; !strings.HasPrefix(h, want) {
		t.Fatalf("hash %s does not begin with %s", h, want)
	}
	if strings.Contains(h, "correct horse") {
		t.Fatal("the hash holds the password")
	}
	for pw, want := range map[string]bool{"correct horse": true, "correct hors": false, "": false, "Correct horse": false} {
		if ok, err := CheckPassword(h, pw); err != nil || ok != want {
			t.Errorf("CheckPassword(%q) = %v, %v; want %v", pw, ok, err, want)
		}
	}
	// Two hashes of one password differ (salted).
	if h2, _ := HashPassword("correct horse"); h2 == h {
		t.Error("two hashes of one password are equal: no salt")
	}
	// The parameters come from the string: a hash made with others checks.
	weak, _ := hashPassword("pw-under-other-params", PasswordParams{Memory: 64, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32})
	if ok, err := CheckPassword(weak, "pw-under-other-params"); !ok || err != nil {
		t.Errorf("hash with m=64,t=1: %v %v", ok, err)
	}
	_ = p
	for _, bad := range []string{"", "plain", "$argon2i$v=19$m=64,t=1,p=1$c2FsdHNhbHQ$" + strings.Repeat("A", 43),
		"$argon2id$v=19$m=4294967295,t=1,p=1$c2FsdHNhbHQ$" + strings.Repeat("A", 43), // 4 TiB
		"$argon2id$v=19$m=64,t=1000,p=1$c2FsdHNhbHQ$" + strings.Repeat("A", 43),
		"$argon2id$v=19$m=64,t=1,p=1$$" + strings.Repeat("A", 43)} {
		if _, err := CheckPassword(bad, "x"); err == nil {
			t.Errorf("CheckPassword accepted hash %q", bad)
		}
	}
}

func TestCheckNewUser(t *testing.T) {
	ok := []NewUser{
		{Name: "zhang", Role: yusuan.RolePreparer, Organization: "003", Password: "12345678"},
		{Name: "张三", Role: yusuan.RoleApprover, Organization: "003", Region: "410100", Password: "12345678"},
		{Name: "li.si@czj", Role: yusuan.RoleFinance, Region: "410100", Password: "12345678"},
		{Name: "admin", Role: yusuan.RoleAdmin, Password: "12345678"},
	}
	for _, u := range ok {
		if err := CheckNewUser(u); err != nil {
			t.Errorf("%+v: %v", u, err)
		}
	}
	bad := map[string]NewUser{
		"用户名不能为空":               {Role: yusuan.RoleAdmin, Password: "12345678"},
		"不能有空格":                 {Name: "a b", Role: yusuan.RoleAdmin, Password: "12345678"},
		"角色 \"boss\"":           {Name: "a", Role: "boss", Password: "12345678"},
		"--organization 给出单位代码": {Name: "a", Role: yusuan.RolePreparer, Password: "12345678"},
		"--region 给出地区代码":       {Name: "a", Role: yusuan.RoleFinance, Password: "12345678"},
		"请去掉 --organization":    {Name: "a", Role: yusuan.RoleFinance, Region: "4101", Organization: "003", Password: "12345678"},
		"密码太短":                  {Name: "a", Role: yusuan.RoleAdmin, Password: "1234567"},
		"单位代码 \"0 3\" 无效":       {Name: "a", Role: yusuan.RolePreparer, Organization: "0 3", Password: "12345678"},
	}
	for want, u := range bad {
		if err := CheckNewUser(u); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%+v: error %v, want one saying %s", u, err, want)
		}
	}
}

// auditText is every audit entry as one string, to look for secrets in.
func auditText(t *testing.T, s *DB) (string, []AuditEntry) {
	t.Helper()
	var b strings.Builder
	var es []AuditEntry
	if err := s.AuditEntries(context.Background(), func(e AuditEntry) error {
		es = append(es, e)
		b.WriteString(strings.Join([]string{e.Actor, e.Action, e.Object, e.Remote, e.Before, e.After}, "|") + "\n")
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return b.String(), es
}

func TestUsersAndSignIn(t *testing.T) {
	forEachDB(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s := mustOpen(t, dsn)
		const pw = "S3cret-pässword"
		u, err := s.CreateUser(ctx, NewUser{Name: "zhang", Role: yusuan.RolePreparer, Organization: "003", Password: pw}, cli)
		if err != nil {
			t.Fatal(err)
		}
		if u.ID == 0 || u.Role != yusuan.RolePreparer || u.Organization != "003" {
			t.Fatalf("created %+v", u)
		}
		if _, err := s.CreateUser(ctx, NewUser{Name: "zhang", Role: yusuan.RoleAdmin, Password: pw}, cli); !errors.Is(err, ErrUserExists) {
			t.Errorf("a second zhang: %v", err)
		}
		got, err := s.UserByName(ctx, "zhang")
		if err != nil || got.ID != u.ID || !got.CreatedAt.Equal(u.CreatedAt) {
			t.Fatalf("UserByName = %+v, %v", got, err)
		}
		if _, err := s.UserByID(ctx, 999); !errors.Is(err, yusuan.ErrNotFound) {
			t.Errorf("UserByID(999): %v", err)
		}
		var stored string
		s.SQL().QueryRow(`SELECT password_hash FROM users WHERE name = 'zhang'`).Scan(&stored)
		if !strings.HasPrefix(stored, "$argon2id$") || strings.Contains(stored, pw) {
			t.Errorf("stored password %q", stored)
		}

		now := time.Now()
		if got, err := s.SignIn(ctx, SignInAttempt{Name: "zhang", Password: pw, Remote: "10.0.0.1", At: now}); err != nil || got.ID != u.ID {
			t.Fatalf("good sign-in: %+v %v", got, err)
		}
		var se *SignInError
		if _, err := s.SignIn(ctx, SignInAttempt{Name: "zhang", Password: "wrong", Remote: "10.0.0.1", At: now}); !errors.As(err, &se) || se.Reason != "password" {
			t.Fatalf("wrong password: %v", err)
		}
		if _, err := s.SignIn(ctx, SignInAttempt{Name: "nobody", Password: pw, Remote: "10.0.0.1", At: now}); !errors.As(err, &se) || se.Reason != "password" || err.Error() != "用户名或密码不正确" {
			t.Fatalf("unknown user: %v", err)
		}
		// A good sign-in clears the count: four wrong, one good, four
		// wrong do not lock.
		for i := 0; i < 3; i++ {
			s.SignIn(ctx, SignInAttempt{Name: "zhang", Password: "wrong", At: now})
		}
		if _, err := s.SignIn(ctx, SignInAttempt{Name: "zhang", Password: pw, At: now}); err != nil {
			t.Fatalf("good sign-in after 4 wrong: %v", err)
		}
		for i := 1; i < MaxFailedSignIns; i++ {
			if _, err := s.SignIn(ctx, SignInAttempt{Name: "zhang", Password: "wrong", At: now}); !errors.As(err, &se) || se.Reason != "password" {
				t.Fatalf("wrong password %d: %v", i, err)
			}
		}
		// The fifth in a row locks, and then even the right password is
		// refused until the lockout ends.
		if _, err := s.SignIn(ctx, SignInAttempt{Name: "zhang", Password: "wrong", At: now}); !errors.As(err, &se) || se.Reason != "locked" || !se.Until.Equal(now.UTC().Add(LockoutDuration).Truncate(time.Microsecond)) {
			t.Fatalf("fifth wrong password: %v (%+v)", err, se)
		}
		if _, err := s.SignIn(ctx, SignInAttempt{Name: "zhang", Password: pw, At: now.Add(LockoutDuration - time.Second)}); !errors.As(err, &se) || se.Reason != "locked" || !strings.Contains(err.Error(), "已锁定") {
			t.Fatalf("right password while locked: %v", err)
		}
		acc, _ := s.UserByName(ctx, "zhang")
		if !acc.Locked(now) || acc.Locked(now.Add(LockoutDuration)) {
			t.Errorf("locked until %v", acc.LockedUntil)
		}
		if _, err := s.SignIn(ctx, SignInAttempt{Name: "zhang", Password: pw, At: now.Add(LockoutDuration + time.Second)}); err != nil {
			t.Fatalf("right password after the lockout: %v", err)
		}
		acc, _ = s.UserByName(ctx, "zhang")
		if acc.FailedAttempts != 0 || !acc.LockedUntil.IsZero() {
			t.Errorf("after a good sign-in: %d failures, locked until %v", acc.FailedAttempts, acc.LockedUntil)
		}

		// A disabled account cannot sign in, even with its password.
		if err := s.SetDisabled(ctx, "zhang", true, cli); err != nil {
			t.Fatal(err)
		}
		if _, err := s.SignIn(ctx, SignInAttempt{Name: "zhang", Password: pw}); !errors.As(err, &se) || se.Reason != "disabled" {
			t.Fatalf("disabled: %v", err)
		}
		if err := s.SetDisabled(ctx, "nobody", true, cli); !errors.Is(err, yusuan.ErrNotFound) {
			t.Errorf("disable nobody: %v", err)
		}

		text, es := auditText(t, s)
		if strings.Contains(text, pw) || strings.Contains(text, "wrong") {
			t.Errorf("the audit trail holds a password:\n%s", text)
		}
		actions := map[string]int{}
		for _, e := range es {
			actions[e.Action]++
		}
		want := map[string]int{"user_add": 1, "signin": 3, "signin_failed": 1 + 1 + 3 + MaxFailedSignIns + 1, "signin_locked": 1, "user_disable": 1}
		for a, n := range want {
			if actions[a] != n {
				t.Errorf("%d %s entries, want %d (all: %v)", actions[a], a, n, actions)
			}
		}
		if n, b, err := s.VerifyAudit(ctx); err != nil || b != nil || n != int64(len(es)) {
			t.Errorf("verify: %d %v %v", n, b, err)
		}
		if es[len(es)-2].Actor != "system:test" || es[len(es)-2].Object != "user:zhang" {
			t.Errorf("disable entry %+v", es[len(es)-2])
		}
	})
}

func TestSessions(t *testing.T) {
	forEachDB(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s := mustOpen(t, dsn)
		u, err := s.CreateUser(ctx, NewUser{Name: "wang", Role: yusuan.RoleApprover, Organization: "003", Password: "password1"}, cli)
		if err != nil {
			t.Fatal(err)
		}
		now := time.Now()
		tok, err := s.CreateSession(ctx, u.ID, "10.0.0.2", now, time.Hour, "")
		if err != nil || len(tok) < 40 {
			t.Fatalf("CreateSession: %q %v", tok, err)
		}
		var stored int
		s.SQL().QueryRow(s.Rebind(`SELECT COUNT(*) FROM sessions WHERE token_sha256 = ?`), tok).Scan(&stored)
		if stored != 0 {
			t.Error("the session token is stored in clear")
		}
		ss, err := s.Session(ctx, tok, now.Add(time.Minute))
		if err != nil || ss.User.Name != "wang" || ss.Remote != "10.0.0.2" {
			t.Fatalf("Session = %+v, %v", ss, err)
		}
		if _, err := s.Session(ctx, tok, now.Add(time.Hour)); !errors.Is(err, yusuan.ErrNotFound) {
			t.Errorf("expired session: %v", err)
		}
		if _, err := s.Session(ctx, tok+"x", now); !errors.Is(err, yusuan.ErrNotFound) {
			t.Errorf("unknown session: %v", err)
		}
		// A new session replacing it ends the old one.
		tok2, err := s.CreateSession(ctx, u.ID, "10.0.0.2", now, time.Hour, tok)
		if err != nil || tok2 == tok {
			t.Fatal(tok2, err)
		}
		if _, err := s.Session(ctx, tok, now); !errors.Is(err, yusuan.ErrNotFound) {
			t.Errorf("replaced session still valid: %v", err)
		}
		if err := s.EndSession(ctx, tok2, "10.0.0.2"); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Session(ctx, tok2, now); !errors.Is(err, yusuan.ErrNotFound) {
			t.Errorf("ended session still valid: %v", err)
		}
		// Disabling ends every session.
		tok3, _ := s.CreateSession(ctx, u.ID, "", now, time.Hour, "")
		s.SetDisabled(ctx, "wang", true, cli)
		if _, err := s.Session(ctx, tok3, now); !errors.Is(err, yusuan.ErrNotFound) {
			t.Errorf("session of a disabled user: %v", err)
		}
		text, _ := auditText(t, s)
		for _, secret := range []string{tok, tok2, tok3} {
			if strings.Contains(text, secret) {
				t.Error("a session token is in the audit trail")
			}
		}
		if !strings.Contains(text, "wang|signout|user:wang|10.0.0.2") {
			t.Errorf("no sign-out entry:\n%s", text)
		}
	})
}

func TestAPITokens(t *testing.T) {
	forEachDB(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s := mustOpen(t, dsn)
		if _, err := s.CreateUser(ctx, NewUser{Name: "li", Role: yusuan.RoleFinance, Region: "410100", Password: "password1"}, cli); err != nil {
			t.Fatal(err)
		}
		tok, at, err := s.CreateToken(ctx, "li", "nightly upload", cli)
		if err != nil || !strings.HasPrefix(tok, TokenPrefix) || at.ID == 0 || at.User != "li" {
			t.Fatalf("CreateToken: %q %+v %v", tok, at, err)
		}
		if _, _, err := s.CreateToken(ctx, "nobody", "", cli); !errors.Is(err, yusuan.ErrNotFound) {
			t.Errorf("token for nobody: %v", err)
		}
		u, err := s.TokenUser(ctx, tok, time.Time{})
		if err != nil || u.Name != "li" || u.Region != "410100" {
			t.Fatalf("TokenUser = %+v, %v", u, err)
		}
		for _, bad := range []string{"", tok[:len(tok)-1], "x" + tok, TokenPrefix} {
			if _, err := s.TokenUser(ctx, bad, time.Time{}); !errors.Is(err, yusuan.ErrNotFound) {
				t.Errorf("TokenUser(%q): %v", bad, err)
			}
		}
		ts, err := s.Tokens(ctx, "li")
		if err != nil || len(ts) != 1 || ts[0].LastUsed.IsZero() || ts[0].Name != "nightly upload" {
			t.Fatalf("Tokens = %+v, %v", ts, err)
		}
		// Disabled user: refused; enabled again: accepted.
		s.SetDisabled(ctx, "li", true, cli)
		if _, err := s.TokenUser(ctx, tok, time.Time{}); !errors.Is(err, yusuan.ErrNotFound) {
			t.Errorf("token of a disabled user: %v", err)
		}
		s.SetDisabled(ctx, "li", false, cli)
		if _, err := s.TokenUser(ctx, tok, time.Time{}); err != nil {
			t.Errorf("token of a re-enabled user: %v", err)
		}
		if r, err := s.RevokeToken(ctx, at.ID, cli); err != nil || r.RevokedAt.IsZero() {
			t.Fatalf("revoke: %+v %v", r, err)
		}
		if _, err := s.TokenUser(ctx, tok, time.Time{}); !errors.Is(err, yusuan.ErrNotFound) {
			t.Errorf("revoked token: %v", err)
		}
		if _, err := s.RevokeToken(ctx, 999, cli); !errors.Is(err, yusuan.ErrNotFound) {
			t.Errorf("revoke 999: %v", err)
		}
		text, _ := auditText(t, s)
		if strings.Contains(text, tok) || strings.Contains(text, tok[len(TokenPrefix):]) {
			t.Error("the token is in the audit trail")
		}
		for _, want := range []string{"token_create|token:1", "token_revoke|token:1", `"name":"nightly upload"`} {
			if !strings.Contains(text, want) {
				t.Errorf("audit trail lacks %s:\n%s", want, text)
			}
		}
	})
}

// BenchmarkPasswordHash is the cost of one sign-in's hash with the
// default parameters (docs/accounts.md).
func BenchmarkPasswordHash(b *testing.B) {
	h, err := HashPassword("benchmark password")
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if ok, _ := CheckPassword(h, "benchmark password"); !ok {
			b.Fatal("no match")
		}
	}
}

func TestPasswordChangeResetUnlock(t *testing.T) {
	forEachDB(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s := mustOpen(t, dsn)
		u, err := s.CreateUser(ctx, NewUser{Name: "zhao", Role: yusuan.RoleApprover, Organization: "005", Password: "first-password"}, cli)
		if err != nil {
			t.Fatal(err)
		}
		now := time.Now()
		keep, _ := s.CreateSession(ctx, u.ID, "", now, time.Hour, "")
		other, _ := s.CreateSession(ctx, u.ID, "", now, time.Hour, "")
		if err := s.ChangePassword(ctx, SignInAttempt{Name: "zhao", Password: "first-password"}, "short", keep); err == nil || !strings.Contains(err.Error(), "密码太短") {
			t.Errorf("a short new password: %v", err)
		}
		if err := s.ChangePassword(ctx, SignInAttempt{Name: "zhao", Password: "first-password"}, "first-password", keep); err == nil {
			t.Error("the same password again was accepted")
		}
		var se *SignInError
		if err := s.ChangePassword(ctx, SignInAttempt{Name: "zhao", Password: "not-it"}, "second-password", keep); !errors.As(err, &se) || se.Reason != "password" {
			t.Fatalf("a wrong current password: %v", err)
		}
		if a, _ := s.UserByName(ctx, "zhao"); a.FailedAttempts != 1 {
			t.Errorf("a wrong current password did not count: %d", a.FailedAttempts)
		}
		if err := s.ChangePassword(ctx, SignInAttempt{Name: "zhao", Password: "first-password"}, "second-password", keep); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Session(ctx, keep, now); err != nil {
			t.Errorf("the session that changed the password ended: %v", err)
		}
		if _, err := s.Session(ctx, other, now); !errors.Is(err, yusuan.ErrNotFound) {
			t.Errorf("another session outlives a password change: %v", err)
		}
		if _, err := s.SignIn(ctx, SignInAttempt{Name: "zhao", Password: "first-password"}); err == nil {
			t.Error("the old password still signs in")
		}
		if _, err := s.SignIn(ctx, SignInAttempt{Name: "zhao", Password: "second-password"}); err != nil {
			t.Errorf("the new password: %v", err)
		}
		// Locked out, then unlocked by an administrator.
		for i := 0; i < MaxFailedSignIns; i++ {
			s.SignIn(ctx, SignInAttempt{Name: "zhao", Password: "x"})
		}
		if _, err := s.SignIn(ctx, SignInAttempt{Name: "zhao", Password: "second-password"}); !errors.As(err, &se) || se.Reason != "locked" {
			t.Fatalf("not locked: %v", err)
		}
		if err := s.Unlock(ctx, "zhao", cli); err != nil {
			t.Fatal(err)
		}
		if _, err := s.SignIn(ctx, SignInAttempt{Name: "zhao", Password: "second-password"}); err != nil {
			t.Errorf("after unlock: %v", err)
		}
		// A reset ends every session.
		if err := s.ResetPassword(ctx, "zhao", "third-password", cli); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Session(ctx, keep, now); !errors.Is(err, yusuan.ErrNotFound) {
			t.Errorf("a session outlives a reset: %v", err)
		}
		if _, err := s.SignIn(ctx, SignInAttempt{Name: "zhao", Password: "third-password"}); err != nil {
			t.Errorf("the reset password: %v", err)
		}
		if err := s.ResetPassword(ctx, "nobody", "third-password", cli); !errors.Is(err, yusuan.ErrNotFound) {
			t.Errorf("reset nobody: %v", err)
		}
		text, _ := auditText(t, s)
		for _, pw := range []string{"first-password", "second-password", "third-password"} {
			if strings.Contains(text, pw) {
				t.Errorf("the audit trail holds %s", pw)
			}
		}
		for _, want := range []string{"zhao|password_change_failed|user:zhao", "zhao|password_change|user:zhao", "system:test|user_unlock|user:zhao", "system:test|password_reset|user:zhao"} {
			if !strings.Contains(text, want) {
				t.Errorf("the audit trail lacks %s", want)
			}
		}
	})
}
