package yusuan

import (
	"context"
	"time"
)

// Accounts and roles of the preparing, reviewing and publishing workflow.
// A preparer (填报人) and an approver (审核人) belong to one organization;
// a finance reviewer (财政审核人) to a region; an administrator (管理员)
// manages accounts. Who may move a draft from which state to which is
// declared as data in DraftTransitions.

// Role is what an account may do.
type Role string

const (
	RolePreparer Role = "preparer" // 填报人: prepares and submits its organization's drafts
	RoleApprover Role = "approver" // 审核人: approves its organization's submitted drafts
	RoleFinance  Role = "finance"  // 财政审核人: reviews and publishes the drafts of a region
	RoleAdmin    Role = "admin"    // 管理员: manages accounts
)

// Roles lists every role, in the order a form offers them.
var Roles = []Role{RolePreparer, RoleApprover, RoleFinance, RoleAdmin}

// Title is the role's official Chinese name, as the pages show it.
func (r Role) Title() string {
	switch r {
	case RolePreparer:
		return "填报人"
	case RoleApprover:
		return "审核人"
	case RoleFinance:
		return "财政审核人"
	case RoleAdmin:
		return "管理员"
	}
	return string(r)
}

// Valid reports whether r is one of Roles.
func (r Role) Valid() bool {
	for _, x := range Roles {
		if x == r {
			return true
		}
	}
	return false
}

// User is an account. Organization is set for preparers and approvers,
// Region for finance reviewers.
type User struct {
	ID           int64     `json:"id"`
	Name         string    `json:"name"`
	Role         Role      `json:"role"`
	Organization string    `json:"organization,omitempty"`
	Region       string    `json:"region,omitempty"`
	Disabled     bool      `json:"disabled,omitempty"`
	CreatedAt    time.Time `json:"created_at"`
}

type userKey struct{}

// WithUser returns a context that carries the signed-in user.
func WithUser(ctx context.Context, u *User) context.Context {
	return context.WithValue(ctx, userKey{}, u)
}

// UserFrom returns the signed-in user of a request's context, or nil for
// an anonymous request.
func UserFrom(ctx context.Context) *User {
	u, _ := ctx.Value(userKey{}).(*User)
	return u
}

// DraftState is where a draft stands in the workflow.
type DraftState string

const (
	DraftOpen            DraftState = "draft"            // 草稿
	DraftSubmitted       DraftState = "submitted"        // 已提交
	DraftDeptApproved    DraftState = "dept_approved"    // 部门已审核
	DraftFinanceApproved DraftState = "finance_approved" // 财政已审核
	DraftPublished       DraftState = "published"        // 已公开
)

// Title is the state's Chinese name.
func (s DraftState) Title() string {
	switch s {
	case DraftOpen:
		return "草稿"
	case DraftSubmitted:
		return "已提交"
	case DraftDeptApproved:
		return "部门已审核"
	case DraftFinanceApproved:
		return "财政已审核"
	case DraftPublished:
		return "已公开"
	}
	return string(s)
}

// DraftTransition is one step a role may take: an action that moves a
// draft from one state to another. Returning a draft requires a comment.
type DraftTransition struct {
	Action string     `json:"action"`
	From   DraftState `json:"from"`
	To     DraftState `json:"to"`
	Role   Role       `json:"role"`
	Title  string     `json:"title"`
}

// DraftTransitions is the workflow: 草稿 → 已提交 → 部门已审核 → 财政已审核 →
// 已公开, or back to 草稿 with comments.
var DraftTransitions = []DraftTransition{
	{Action: "submit", From: DraftOpen, To: DraftSubmitted, Role: RolePreparer, Title: "提交"},
	{Action: "approve", From: DraftSubmitted, To: DraftDeptApproved, Role: RoleApprover, Title: "部门审核通过"},
	{Action: "return", From: DraftSubmitted, To: DraftOpen, Role: RoleApprover, Title: "退回"},
	{Action: "approve", From: DraftDeptApproved, To: DraftFinanceApproved, Role: RoleFinance, Title: "财政审核通过"},
	{Action: "return", From: DraftDeptApproved, To: DraftOpen, Role: RoleFinance, Title: "退回"},
	{Action: "publish", From: DraftFinanceApproved, To: DraftPublished, Role: RoleFinance, Title: "公开"},
	{Action: "return", From: DraftFinanceApproved, To: DraftOpen, Role: RoleFinance, Title: "退回"},
}

// Transition finds the step action takes from state for role.
func Transition(action string, from DraftState, role Role) (DraftTransition, bool) {
	for _, t := range DraftTransitions {
		if t.Action == action && t.From == from && t.Role == role {
			return t, true
		}
	}
	return DraftTransition{}, false
}
