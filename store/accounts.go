package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/yusuan/yusuan"
)

// Accounts of the workflow: users with a role (yusuan.Role), their
// sign-in sessions and their API tokens. Migration 00012 adds the tables.
// No secret is stored in clear: passwords as argon2id hashes
// (password.go), session and API tokens as their SHA-256, the random
// value itself handed out once. Every change to an account and every
// sign-in, good or not, is written to the audit trail in the same
// transaction as the change; no entry holds a password or a token.

// Lockout: after MaxFailedSignIns wrong passwords in a row an account is
// locked for LockoutDuration, whatever address the attempts came from.
// The count and the end of the lockout are in the database, so they hold
// across the instances of a server.
const (
	MaxFailedSignIns = 5
	LockoutDuration  = 15 * time.Minute
)

// Actor is who makes a change, for the audit trail: an account name or
// the system user of a command, and where from (an address, or "cli").
type Actor struct {
	Name   string
	Remote string
}

// Account is a user with its sign-in state.
type Account struct {
	yusuan.User
	FailedAttempts int       `json:"failed_attempts"`
	LockedUntil    time.Time `json:"locked_until,omitzero"`
}

// Locked reports whether the account is locked at now.
func (a *Account) Locked(now time.Time) bool { return now.Before(a.LockedUntil) }

// NewUser is an account to create.
type NewUser struct {
	Name         string
	Role         yusuan.Role
	Organization string
	Region       string
	Password     string
}

// ErrUserExists is returned when a name is taken.
var ErrUserExists = errors.New("用户名已存在")

// CheckNewUser says what is wrong with u, in Chinese, or nil: a name, a
// known role, the organization of a preparer or approver, the region of a
// finance reviewer, and a password long enough.
func CheckNewUser(u NewUser) error {
	if err := checkUserName(u.Name); err != nil {
		return err
	}
	if !u.Role.Valid() {
		var names []string
		for _, r := range yusuan.Roles {
			names = append(names, fmt.Sprintf("%s（%s）", r, r.Title()))
		}
		return fmt.Errorf("角色 %q 无效：应为 %s 之一", u.Role, strings.Join(names, "、"))
	}
	for _, c := range []struct{ what, v string }{{"单位代码", u.Organization}, {"地区代码", u.Region}} {
		if c.v != "" && !validCode(c.v) {
			return fmt.Errorf("%s %q 无效：只能由字母、数字、- 和 _ 组成，最长 64 个字符", c.what, c.v)
		}
	}
	switch u.Role {
	case yusuan.RolePreparer, yusuan.RoleApprover:
		if u.Organization == "" {
			return fmt.Errorf("%s（%s）属于一个单位：请用 --organization 给出单位代码", u.Role.Title(), u.Role)
		}
	case yusuan.RoleFinance:
		if u.Region == "" {
			return fmt.Errorf("%s（%s）属于一个地区：请用 --region 给出地区代码", u.Role.Title(), u.Role)
		}
		if u.Organization != "" {
			return fmt.Errorf("%s（%s）属于一个地区，不属于单位：请去掉 --organization", u.Role.Title(), u.Role)
		}
	case yusuan.RoleAdmin:
		if u.Organization != "" || u.Region != "" {
			return fmt.Errorf("%s（%s）不属于单位或地区：请去掉 --organization 和 --region", u.Role.Title(), u.Role)
		}
	}
	return CheckPasswordRules(u.Password)
}

func checkUserName(name string) error {
	if name == "" {
		return errors.New("用户名不能为空")
	}
	if !utf8.ValidString(name) || utf8.RuneCountInString(name) > 64 {
		return fmt.Errorf("用户名 %q 无效：最长 64 个字符", name)
	}
	for _, r := range name {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) && !strings.ContainsRune("._-@", r) {
			return fmt.Errorf("用户名 %q 无效：只能由文字、数字和 . _ - @ 组成，不能有空格", name)
		}
	}
	return nil
}

func validCode(c string) bool {
	if len(c) > 64 {
		return false
	}
	for _, r := range c {
		if !(r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r == '-' || r == '_') {
			return false
		}
	}
	return true
}

func fmtTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Truncate(time.Microsecond).Format(atFormat)
}

func parseTime(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	return time.Parse(atFormat, s)
}

func nowOr(t time.Time) time.Time {
	if t.IsZero() {
		return time.Now()
	}
	return t
}

// auditJSON is v as the before or after state of an audit entry.
func auditJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err) // maps of strings and numbers
	}
	return string(b)
}

func userState(u *yusuan.User) map[string]any {
	m := map[string]any{"name": u.Name, "role": u.Role, "disabled": u.Disabled}
	if u.Organization != "" {
		m["organization"] = u.Organization
	}
	if u.Region != "" {
		m["region"] = u.Region
	}
	return m
}

// CreateUser adds an account with its password hashed.
func (s *DB) CreateUser(ctx context.Context, nu NewUser, by Actor) (*yusuan.User, error) {
	if err := CheckNewUser(nu); err != nil {
		return nil, err
	}
	hash, err := HashPassword(nu.Password)
	if err != nil {
		return nil, err
	}
	u := &yusuan.User{Name: nu.Name, Role: nu.Role, Organization: nu.Organization, Region: nu.Region, CreatedAt: time.Now().UTC().Truncate(time.Microsecond)}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, s.classify(err)
	}
	defer tx.Rollback()
	var taken int
	if err := tx.QueryRowContext(ctx, s.Rebind(`SELECT COUNT(*) FROM users WHERE name = ?`), u.Name).Scan(&taken); err != nil {
		return nil, s.classify(err)
	}
	if taken > 0 {
		return nil, fmt.Errorf("%w：%s", ErrUserExists, u.Name)
	}
	if err := tx.QueryRowContext(ctx, s.Rebind(`INSERT INTO users (name, role, organization, region, password_hash, created_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id`),
		u.Name, string(u.Role), u.Organization, u.Region, hash, fmtTime(u.CreatedAt)).Scan(&u.ID); err != nil {
		return nil, s.classify(err)
	}
	if _, err := s.auditTx(ctx, tx, AuditEntry{Actor: by.Name, Remote: by.Remote, Action: "user_add", Object: "user:" + u.Name, After: auditJSON(userState(u))}); err != nil {
		return nil, err
	}
	if err := tx.Commit(); err != nil {
		return nil, s.classify(err)
	}
	return u, nil
}

const userColumns = `id, name, role, organization, region, disabled, failed_attempts, locked_until, created_at`

// scanAccount reads a row of userColumns and then the extra columns.
func scanAccount(sc interface{ Scan(...any) error }, extra ...any) (*Account, error) {
	var a Account
	var role, locked, created string
	var disabled int
	dest := []any{&a.ID, &a.Name, &role, &a.Organization, &a.Region, &disabled, &a.FailedAttempts, &locked, &created}
	if err := sc.Scan(append(dest, extra...)...); err != nil {
		return nil, err
	}
	a.Role, a.Disabled = yusuan.Role(role), disabled != 0
	var err1, err2 error
	a.LockedUntil, err1 = parseTime(locked)
	a.CreatedAt, err2 = parseTime(created)
	if err := errors.Join(err1, err2); err != nil {
		return nil, fmt.Errorf("用户 %s：时间格式不对：%v", a.Name, err)
	}
	return &a, nil
}

func (s *DB) account(ctx context.Context, where string, arg any) (*Account, error) {
	a, err := scanAccount(s.db.QueryRowContext(ctx, s.Rebind(`SELECT `+userColumns+` FROM users WHERE `+where+` = ?`), arg))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, yusuan.ErrNotFound
	}
	return a, s.classify(err)
}

// UserByName returns the account of name, or yusuan.ErrNotFound.
func (s *DB) UserByName(ctx context.Context, name string) (*Account, error) {
	return s.account(ctx, "name", name)
}

// UserByID returns the account of id, or yusuan.ErrNotFound.
func (s *DB) UserByID(ctx context.Context, id int64) (*Account, error) {
	return s.account(ctx, "id", id)
}

// Users lists every account by name.
func (s *DB) Users(ctx context.Context) ([]Account, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+userColumns+` FROM users ORDER BY name`)
	if err != nil {
		return nil, s.classify(err)
	}
	defer rows.Close()
	var out []Account
	for rows.Next() {
		a, err := scanAccount(rows)
		if err != nil {
			return nil, s.classify(err)
		}
		out = append(out, *a)
	}
	return out, s.classify(rows.Err())
}

// SetDisabled disables or enables the account of name. Disabling ends its
// sessions at once; its API tokens are refused while it stays disabled.
func (s *DB) SetDisabled(ctx context.Context, name string, disabled bool, by Actor) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return s.classify(err)
	}
	defer tx.Rollback()
	var id int64
	var was int
	err = tx.QueryRowContext(ctx, s.Rebind(`SELECT id, disabled FROM users WHERE name = ?`), name).Scan(&id, &was)
	if errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("没有用户 %s：%w", name, yusuan.ErrNotFound)
	}
	if err != nil {
		return s.classify(err)
	}
	v, action := 0, "user_enable"
	if disabled {
		v, action = 1, "user_disable"
	}
	if _, err := tx.ExecContext(ctx, s.Rebind(`UPDATE users SET disabled = ? WHERE id = ?`), v, id); err != nil {
		return s.classify(err)
	}
	if disabled {
		if _, err := tx.ExecContext(ctx, s.Rebind(`DELETE FROM sessions WHERE user_id = ?`), id); err != nil {
			return s.classify(err)
		}
	}
	if _, err := s.auditTx(ctx, tx, AuditEntry{Actor: by.Name, Remote: by.Remote, Action: action, Object: "user:" + name,
		Before: auditJSON(map[string]any{"disabled": was != 0}), After: auditJSON(map[string]any{"disabled": disabled})}); err != nil {
		return err
	}
	return s.classify(tx.Commit())
}

// SignInError says why a sign-in was refused.
type SignInError struct {
	// Reason is "password" (no such account or a wrong password: the two
	// are not told apart), "locked" or "disabled".
	Reason string
	// Until is when a lockout ends.
	Until time.Time
}

func (e *SignInError) Error() string {
	switch e.Reason {
	case "locked":
		return fmt.Sprintf("登录失败次数过多，账号已锁定，请于 %s 后再试", e.Until.In(beijing).Format("15:04"))
	case "disabled":
		return "账号已停用，请联系管理员"
	}
	return "用户名或密码不正确"
}

// beijing is the time zone the messages give times in.
var beijing = time.FixedZone("CST", 8*3600)

// SignInAttempt is one sign-in: the name and password typed, the address
// it came from, and when (now, when zero).
type SignInAttempt struct {
	Name     string
	Password string
	Remote   string
	At       time.Time
}

// SignIn checks a name and password. A wrong password counts towards the
// lockout, a good one clears the count; a locked or disabled account is
// refused (a *SignInError). Every attempt is written to the audit trail,
// without the password; an attempt naming no account is recorded as
// "anonymous", since what was typed as a name may be a password.
func (s *DB) SignIn(ctx context.Context, at SignInAttempt) (*yusuan.User, error) {
	return s.checkCredentials(ctx, at, "signin", nil)
}

// checkCredentials checks a name and password as SignIn does, recording
// the attempt as action (action_failed, action_locked when refused); when
// they are right, onSuccess makes its change in the same transaction.
func (s *DB) checkCredentials(ctx context.Context, at SignInAttempt, action string, onSuccess func(tx *sql.Tx, a *Account) error) (*yusuan.User, error) {
	now := nowOr(at.At).UTC()
	var hash string
	var a *Account
	var err error
	if checkUserName(at.Name) == nil {
		a, err = scanAccount(s.db.QueryRowContext(ctx, s.Rebind(`SELECT `+userColumns+`, password_hash FROM users WHERE name = ?`), at.Name), &hash)
	} else {
		err = sql.ErrNoRows
	}
	if errors.Is(err, sql.ErrNoRows) {
		// As long as a wrong password takes.
		CheckPassword(dummyHash(), at.Password)
		_, err := s.Audit(ctx, AuditEntry{At: now, Actor: "anonymous", Remote: at.Remote, Action: action + "_failed", After: auditJSON(map[string]any{"reason": "unknown_user"})})
		return nil, errors.Join(&SignInError{Reason: "password"}, err)
	}
	if err != nil {
		return nil, s.classify(err)
	}
	entry := AuditEntry{At: now, Actor: a.Name, Remote: at.Remote, Object: "user:" + a.Name}
	if a.Locked(now) {
		entry.Action, entry.After = action+"_locked", auditJSON(map[string]any{"locked_until": fmtTime(a.LockedUntil)})
		_, err := s.Audit(ctx, entry)
		return nil, errors.Join(&SignInError{Reason: "locked", Until: a.LockedUntil}, err)
	}
	ok, err := CheckPassword(hash, at.Password)
	if err != nil {
		return nil, fmt.Errorf("用户 %s：%w", a.Name, err)
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, s.classify(err)
	}
	defer tx.Rollback()
	var refused *SignInError
	switch {
	case !ok:
		// Counted in the database, so that attempts at once on several
		// instances all count.
		var n int
		if err := tx.QueryRowContext(ctx, s.Rebind(`UPDATE users SET failed_attempts = failed_attempts + 1 WHERE id = ? RETURNING failed_attempts`), a.ID).Scan(&n); err != nil {
			return nil, s.classify(err)
		}
		refused = &SignInError{Reason: "password"}
		entry.Action, entry.After = action+"_failed", auditJSON(map[string]any{"reason": "password", "failed_attempts": n})
		if n >= MaxFailedSignIns {
			until := now.Add(LockoutDuration).Truncate(time.Microsecond)
			if _, err := tx.ExecContext(ctx, s.Rebind(`UPDATE users SET failed_attempts = 0, locked_until = ? WHERE id = ?`), fmtTime(until), a.ID); err != nil {
				return nil, s.classify(err)
			}
			refused = &SignInError{Reason: "locked", Until: until}
			entry.After = auditJSON(map[string]any{"reason": "password", "failed_attempts": n, "locked_until": fmtTime(until)})
		}
	case a.Disabled:
		refused = &SignInError{Reason: "disabled"}
		entry.Action, entry.After = action+"_failed", auditJSON(map[string]any{"reason": "disabled"})
	default:
		if _, err := tx.ExecContext(ctx, s.Rebind(`UPDATE users SET failed_attempts = 0, locked_until = '' WHERE id = ?`), a.ID); err != nil {
			return nil, s.classify(err)
		}
		if onSuccess != nil {
			if err := onSuccess(tx, a); err != nil {
				return nil, err
			}
		}
		entry.Action = action
	}
	if _, err := s.auditTx(ctx, tx, entry); err != nil {
		return nil, err
	}
	if err := tx.Commit(); err != nil {
		return nil, s.classify(err)
	}
	if refused != nil {
		return nil, refused
	}
	u := a.User
	return &u, nil
}

// ChangePassword sets a new password for the user of at, who must give the
// current one (at.Password): a wrong one counts towards the lockout as a
// wrong sign-in does, so a stolen session cannot be used to guess it. The
// user's other sessions end; the one of keep (the session making the
// change) stays.
func (s *DB) ChangePassword(ctx context.Context, at SignInAttempt, newPassword, keep string) error {
	if err := CheckPasswordRules(newPassword); err != nil {
		return err
	}
	if newPassword == at.Password {
		return errors.New("新密码不能与当前密码相同")
	}
	hash, err := HashPassword(newPassword)
	if err != nil {
		return err
	}
	_, err = s.checkCredentials(ctx, at, "password_change", func(tx *sql.Tx, a *Account) error {
		if _, err := tx.ExecContext(ctx, s.Rebind(`UPDATE users SET password_hash = ? WHERE id = ?`), hash, a.ID); err != nil {
			return s.classify(err)
		}
		_, err := tx.ExecContext(ctx, s.Rebind(`DELETE FROM sessions WHERE user_id = ? AND token_sha256 <> ?`), a.ID, sha256Hex([]byte(keep)))
		return s.classify(err)
	})
	return err
}

// ResetPassword sets the password of name without the old one (an
// administrator's reset), lifts a lockout and ends every session of the
// account.
func (s *DB) ResetPassword(ctx context.Context, name, password string, by Actor) error {
	if err := CheckPasswordRules(password); err != nil {
		return err
	}
	hash, err := HashPassword(password)
	if err != nil {
		return err
	}
	return s.updateUser(ctx, name, "password_reset", by, func(tx *sql.Tx, id int64) error {
		if _, err := tx.ExecContext(ctx, s.Rebind(`UPDATE users SET password_hash = ?, failed_attempts = 0, locked_until = '' WHERE id = ?`), hash, id); err != nil {
			return s.classify(err)
		}
		_, err := tx.ExecContext(ctx, s.Rebind(`DELETE FROM sessions WHERE user_id = ?`), id)
		return s.classify(err)
	})
}

// Unlock lifts the lockout of name and clears its count of wrong
// passwords.
func (s *DB) Unlock(ctx context.Context, name string, by Actor) error {
	return s.updateUser(ctx, name, "user_unlock", by, func(tx *sql.Tx, id int64) error {
		_, err := tx.ExecContext(ctx, s.Rebind(`UPDATE users SET failed_attempts = 0, locked_until = '' WHERE id = ?`), id)
		return s.classify(err)
	})
}

// updateUser makes change to the account of name and records action in
// the same transaction.
func (s *DB) updateUser(ctx context.Context, name, action string, by Actor, change func(tx *sql.Tx, id int64) error) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return s.classify(err)
	}
	defer tx.Rollback()
	var id int64
	err = tx.QueryRowContext(ctx, s.Rebind(`SELECT id FROM users WHERE name = ?`), name).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("没有用户 %s：%w", name, yusuan.ErrNotFound)
	}
	if err != nil {
		return s.classify(err)
	}
	if err := change(tx, id); err != nil {
		return err
	}
	if _, err := s.auditTx(ctx, tx, AuditEntry{Actor: by.Name, Remote: by.Remote, Action: action, Object: "user:" + name}); err != nil {
		return err
	}
	return s.classify(tx.Commit())
}

// Session is a signed-in browser: whose, since when, until when, last
// seen when and from where.
type Session struct {
	User      yusuan.User
	CreatedAt time.Time
	ExpiresAt time.Time
	LastSeen  time.Time
	Remote    string
	// Current is set by UserSessions for the session of its keep token.
	Current bool
}

// UserSessions lists the sessions of user id not expired at now, the
// latest used first; the one of token current is marked Current.
func (s *DB) UserSessions(ctx context.Context, userID int64, current string, now time.Time) ([]Session, error) {
	rows, err := s.db.QueryContext(ctx, s.Rebind(`SELECT token_sha256, created_at, expires_at, last_seen, remote FROM sessions
		WHERE user_id = ? AND expires_at > ? ORDER BY last_seen DESC, created_at DESC`), userID, fmtTime(nowOr(now)))
	if err != nil {
		return nil, s.classify(err)
	}
	defer rows.Close()
	cur := sha256Hex([]byte(current))
	var out []Session
	for rows.Next() {
		var key, created, expires, seen string
		var ss Session
		if err := rows.Scan(&key, &created, &expires, &seen, &ss.Remote); err != nil {
			return nil, s.classify(err)
		}
		var e1, e2, e3 error
		ss.CreatedAt, e1 = parseTime(created)
		ss.ExpiresAt, e2 = parseTime(expires)
		ss.LastSeen, e3 = parseTime(seen)
		if err := errors.Join(e1, e2, e3); err != nil {
			return nil, fmt.Errorf("会话时间格式不对：%v", err)
		}
		ss.Current = current != "" && key == cur
		out = append(out, ss)
	}
	return out, s.classify(rows.Err())
}

// EndOtherSessions ends every session of user id but the one of keep
// (signing out elsewhere), records it, and returns how many ended.
func (s *DB) EndOtherSessions(ctx context.Context, userID int64, keep, remote string) (int64, error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return 0, s.classify(err)
	}
	defer tx.Rollback()
	var name string
	err = tx.QueryRowContext(ctx, s.Rebind(`SELECT name FROM users WHERE id = ?`), userID).Scan(&name)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, fmt.Errorf("没有编号为 %d 的用户：%w", userID, yusuan.ErrNotFound)
	}
	if err != nil {
		return 0, s.classify(err)
	}
	res, err := tx.ExecContext(ctx, s.Rebind(`DELETE FROM sessions WHERE user_id = ? AND token_sha256 <> ?`), userID, sha256Hex([]byte(keep)))
	if err != nil {
		return 0, s.classify(err)
	}
	n, _ := res.RowsAffected()
	if _, err := s.auditTx(ctx, tx, AuditEntry{Actor: name, Remote: remote, Action: "signout_others", Object: "user:" + name, After: auditJSON(map[string]any{"sessions_ended": n})}); err != nil {
		return 0, err
	}
	return n, s.classify(tx.Commit())
}

// newSecret is 32 random bytes in URL-safe base64 after prefix.
func newSecret(prefix string) string {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		panic(err) // crypto/rand does not fail on supported systems
	}
	return prefix + base64.RawURLEncoding.EncodeToString(b)
}

// CreateSession starts a session of user id until now+ttl and returns its
// token, the only place it appears: the database keeps its SHA-256. The
// session of replace, when given, ends (a sign-in never keeps a session
// id the browser had before: no session fixation), and so do sessions
// that expired.
func (s *DB) CreateSession(ctx context.Context, userID int64, remote string, now time.Time, ttl time.Duration, replace string) (string, error) {
	now = nowOr(now)
	token := newSecret("")
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return "", s.classify(err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, s.Rebind(`DELETE FROM sessions WHERE expires_at < ? OR token_sha256 = ?`), fmtTime(now), sha256Hex([]byte(replace))); err != nil {
		return "", s.classify(err)
	}
	if _, err := tx.ExecContext(ctx, s.Rebind(`INSERT INTO sessions (token_sha256, user_id, created_at, expires_at, last_seen, remote) VALUES (?, ?, ?, ?, ?, ?)`),
		sha256Hex([]byte(token)), userID, fmtTime(now), fmtTime(now.Add(ttl)), fmtTime(now), remote); err != nil {
		return "", s.classify(err)
	}
	return token, s.classify(tx.Commit())
}

// touchEvery is how often a session's or token's last use is written.
const touchEvery = time.Minute

// Session returns the session of token at now, or yusuan.ErrNotFound when there
// is none, it expired or its user is disabled. Its last use is written at
// most once a minute.
func (s *DB) Session(ctx context.Context, token string, now time.Time) (*Session, error) {
	if token == "" {
		return nil, yusuan.ErrNotFound
	}
	now = nowOr(now)
	key := sha256Hex([]byte(token))
	var ss Session
	var created, expires, seen string
	a, err := scanAccount(s.db.QueryRowContext(ctx, s.Rebind(`SELECT `+userColumnsOf("u")+`, s.created_at, s.expires_at, s.last_seen, s.remote
		FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_sha256 = ?`), key), &created, &expires, &seen, &ss.Remote)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, yusuan.ErrNotFound
	}
	if err != nil {
		return nil, s.classify(err)
	}
	ss.User = a.User
	var e1, e2, e3 error
	ss.CreatedAt, e1 = parseTime(created)
	ss.ExpiresAt, e2 = parseTime(expires)
	ss.LastSeen, e3 = parseTime(seen)
	if err := errors.Join(e1, e2, e3); err != nil {
		return nil, fmt.Errorf("会话时间格式不对：%v", err)
	}
	if a.Disabled || !now.Before(ss.ExpiresAt) {
		return nil, yusuan.ErrNotFound
	}
	if now.Sub(ss.LastSeen) >= touchEvery {
		if _, err := s.db.ExecContext(ctx, s.Rebind(`UPDATE sessions SET last_seen = ? WHERE token_sha256 = ?`), fmtTime(now), key); err != nil {
			return nil, s.classify(err)
		}
	}
	return &ss, nil
}

// userColumnsOf is userColumns of the table aliased as t.
func userColumnsOf(t string) string {
	return t + "." + strings.ReplaceAll(userColumns, ", ", ", "+t+".")
}

// EndSession deletes the session of token (signing out) and records it in
// the audit trail; a token of no session is not an error.
func (s *DB) EndSession(ctx context.Context, token, remote string) error {
	if token == "" {
		return nil
	}
	key := sha256Hex([]byte(token))
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return s.classify(err)
	}
	defer tx.Rollback()
	var name string
	err = tx.QueryRowContext(ctx, s.Rebind(`SELECT u.name FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_sha256 = ?`), key).Scan(&name)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	if err != nil {
		return s.classify(err)
	}
	if _, err := tx.ExecContext(ctx, s.Rebind(`DELETE FROM sessions WHERE token_sha256 = ?`), key); err != nil {
		return s.classify(err)
	}
	if _, err := s.auditTx(ctx, tx, AuditEntry{Actor: name, Remote: remote, Action: "signout", Object: "user:" + name}); err != nil {
		return err
	}
	return s.classify(tx.Commit())
}

// TokenPrefix begins every API token, so that a token pasted where it
// should not be is easy to recognise (and for secret scanners).
const TokenPrefix = "yusuan_"

// APIToken is a bearer token of a user for scripts; the token itself is
// shown once, when it is created.
type APIToken struct {
	ID        int64     `json:"id"`
	Name      string    `json:"name"`
	User      string    `json:"user"`
	CreatedAt time.Time `json:"created_at"`
	LastUsed  time.Time `json:"last_used,omitzero"`
	RevokedAt time.Time `json:"revoked_at,omitzero"`
}

// CreateToken makes an API token for the account of user, labelled name,
// and returns it: the only time it is seen.
func (s *DB) CreateToken(ctx context.Context, user, name string, by Actor) (string, APIToken, error) {
	if utf8.RuneCountInString(name) > 100 || strings.ContainsFunc(name, unicode.IsControl) {
		return "", APIToken{}, fmt.Errorf("令牌名称 %q 无效：最长 100 个字符，不能有控制字符", name)
	}
	token := newSecret(TokenPrefix)
	t := APIToken{Name: name, User: user, CreatedAt: time.Now().UTC().Truncate(time.Microsecond)}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return "", t, s.classify(err)
	}
	defer tx.Rollback()
	var uid int64
	err = tx.QueryRowContext(ctx, s.Rebind(`SELECT id FROM users WHERE name = ?`), user).Scan(&uid)
	if errors.Is(err, sql.ErrNoRows) {
		return "", t, fmt.Errorf("没有用户 %s：%w", user, yusuan.ErrNotFound)
	}
	if err != nil {
		return "", t, s.classify(err)
	}
	if err := tx.QueryRowContext(ctx, s.Rebind(`INSERT INTO api_tokens (token_sha256, name, user_id, created_at) VALUES (?, ?, ?, ?) RETURNING id`),
		sha256Hex([]byte(token)), name, uid, fmtTime(t.CreatedAt)).Scan(&t.ID); err != nil {
		return "", t, s.classify(err)
	}
	if _, err := s.auditTx(ctx, tx, AuditEntry{Actor: by.Name, Remote: by.Remote, Action: "token_create", Object: fmt.Sprintf("token:%d", t.ID),
		After: auditJSON(map[string]any{"user": user, "name": name})}); err != nil {
		return "", t, err
	}
	if err := tx.Commit(); err != nil {
		return "", t, s.classify(err)
	}
	return token, t, nil
}

// TokenUser returns the user of an API token at now, or yusuan.ErrNotFound when
// the token is unknown or revoked or its user disabled. Its last use is
// written at most once a minute.
func (s *DB) TokenUser(ctx context.Context, token string, now time.Time) (*yusuan.User, error) {
	if !strings.HasPrefix(token, TokenPrefix) {
		return nil, yusuan.ErrNotFound
	}
	now = nowOr(now)
	var id int64
	var revoked, used string
	a, err := scanAccount(s.db.QueryRowContext(ctx, s.Rebind(`SELECT `+userColumnsOf("u")+`, t.id, t.revoked_at, t.last_used
		FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.token_sha256 = ?`), sha256Hex([]byte(token))), &id, &revoked, &used)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, yusuan.ErrNotFound
	}
	if err != nil {
		return nil, s.classify(err)
	}
	if revoked != "" || a.Disabled {
		return nil, yusuan.ErrNotFound
	}
	if last, err := parseTime(used); err != nil || now.Sub(last) >= touchEvery {
		if _, err := s.db.ExecContext(ctx, s.Rebind(`UPDATE api_tokens SET last_used = ? WHERE id = ?`), fmtTime(now), id); err != nil {
			return nil, s.classify(err)
		}
	}
	u := a.User
	return &u, nil
}

const tokenColumns = `t.id, t.name, u.name, t.created_at, t.last_used, t.revoked_at`

func scanToken(sc interface{ Scan(...any) error }) (APIToken, error) {
	var t APIToken
	var created, used, revoked string
	if err := sc.Scan(&t.ID, &t.Name, &t.User, &created, &used, &revoked); err != nil {
		return t, err
	}
	var e1, e2, e3 error
	t.CreatedAt, e1 = parseTime(created)
	t.LastUsed, e2 = parseTime(used)
	t.RevokedAt, e3 = parseTime(revoked)
	return t, errors.Join(e1, e2, e3)
}

// Tokens lists the API tokens of user (of every user when ""), oldest
// first, revoked ones too.
func (s *DB) Tokens(ctx context.Context, user string) ([]APIToken, error) {
	q := `SELECT ` + tokenColumns + ` FROM api_tokens t JOIN users u ON u.id = t.user_id`
	var args []any
	if user != "" {
		q += ` WHERE u.name = ?`
		args = append(args, user)
	}
	rows, err := s.db.QueryContext(ctx, s.Rebind(q+` ORDER BY t.id`), args...)
	if err != nil {
		return nil, s.classify(err)
	}
	defer rows.Close()
	var out []APIToken
	for rows.Next() {
		t, err := scanToken(rows)
		if err != nil {
			return nil, s.classify(err)
		}
		out = append(out, t)
	}
	return out, s.classify(rows.Err())
}

// RevokeToken revokes the API token id for good and returns it; revoking
// it again changes nothing.
func (s *DB) RevokeToken(ctx context.Context, id int64, by Actor) (APIToken, error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return APIToken{}, s.classify(err)
	}
	defer tx.Rollback()
	t, err := scanToken(tx.QueryRowContext(ctx, s.Rebind(`SELECT `+tokenColumns+` FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.id = ?`), id))
	if errors.Is(err, sql.ErrNoRows) {
		return t, fmt.Errorf("没有编号为 %d 的令牌：%w", id, yusuan.ErrNotFound)
	}
	if err != nil {
		return t, s.classify(err)
	}
	if !t.RevokedAt.IsZero() {
		return t, nil
	}
	t.RevokedAt = time.Now().UTC().Truncate(time.Microsecond)
	if _, err := tx.ExecContext(ctx, s.Rebind(`UPDATE api_tokens SET revoked_at = ? WHERE id = ?`), fmtTime(t.RevokedAt), id); err != nil {
		return t, s.classify(err)
	}
	if _, err := s.auditTx(ctx, tx, AuditEntry{Actor: by.Name, Remote: by.Remote, Action: "token_revoke", Object: fmt.Sprintf("token:%d", id),
		After: auditJSON(map[string]any{"user": t.User, "name": t.Name})}); err != nil {
		return t, err
	}
	return t, s.classify(tx.Commit())
}
