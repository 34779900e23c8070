package yusuan

import "testing"

func TestDraftTransitions(t *testing.T) {
	if _, ok := Transition("submit", DraftOpen, RolePreparer); !ok {
		t.Error("a preparer cannot submit a draft")
	}
	for _, r := range []Role{RolePreparer, RoleApprover, RoleAdmin} {
		if _, ok := Transition("approve", DraftDeptApproved, r); ok {
			t.Errorf("%s can pass the finance review", r)
		}
		if _, ok := Transition("publish", DraftFinanceApproved, r); ok {
			t.Errorf("%s can publish", r)
		}
	}
	if _, ok := Transition("publish", DraftDeptApproved, RoleFinance); ok {
		t.Error("a draft not passed by the finance review can be published")
	}
	for _, tr := range DraftTransitions {
		if tr.From == DraftPublished {
			t.Errorf("a published draft moves on: %+v", tr)
		}
		if !tr.Role.Valid() || tr.Title == "" {
			t.Errorf("transition %+v has no valid role or title", tr)
		}
	}
}
