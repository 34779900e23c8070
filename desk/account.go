package desk

import (
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/yusuan/yusuan/auth"
	"github.com/yusuan/yusuan/store"
)

func init() {
	Register(func(d *Desk) error {
		d.Handle("POST /desk/account/password", auth.RequireUser(http.HandlerFunc(d.changePassword)))
		d.Handle("POST /desk/account/sessions", auth.RequireUser(http.HandlerFunc(d.signOutElsewhere)))
		return nil
	})
}

// changePassword is the form of the account page that sets a new
// password: the current one, the new one twice.
func (d *Desk) changePassword(w http.ResponseWriter, r *http.Request) {
	cur, next, again := r.PostFormValue("current"), r.PostFormValue("new"), r.PostFormValue("again")
	fail := func(status int, msg string) {
		d.accountPage(w, r, status, map[string]any{"PasswordError": msg})
	}
	if next != again {
		fail(http.StatusBadRequest, "两次输入的新密码不一致")
		return
	}
	err := d.Auth.ChangePassword(r, cur, next)
	var rl *auth.RateLimitError
	var se *store.SignInError
	switch {
	case err == nil:
		d.accountPage(w, r, http.StatusOK, map[string]any{"PasswordDone": true})
	case errors.As(err, &rl):
		w.Header().Set("Retry-After", strconv.Itoa(int(rl.RetryAfter/time.Second)+1))
		fail(http.StatusTooManyRequests, rl.Error())
	case errors.As(err, &se) && se.Reason == "password":
		fail(http.StatusUnauthorized, "当前密码不正确")
	case errors.As(err, &se) && se.Reason == "locked":
		fail(http.StatusLocked, se.Error())
	case errors.As(err, &se):
		fail(http.StatusForbidden, se.Error())
	case store.CheckPasswordRules(next) != nil:
		fail(http.StatusBadRequest, err.Error())
	case next == cur:
		fail(http.StatusBadRequest, err.Error())
	default:
		d.Log.Error("change password", "error", err.Error())
		fail(http.StatusServiceUnavailable, "数据库暂时不可用，请稍后再试")
	}
}

// signOutElsewhere ends the user's sessions on other devices.
func (d *Desk) signOutElsewhere(w http.ResponseWriter, r *http.Request) {
	n, err := d.Auth.SignOutElsewhere(r)
	if err != nil {
		d.Log.Error("signout elsewhere", "error", err.Error())
		d.Error(w, r, http.StatusServiceUnavailable, "数据库暂时不可用，请稍后再试")
		return
	}
	d.accountPage(w, r, http.StatusOK, map[string]any{"SessionsEnded": n, "SessionsDone": true})
}
