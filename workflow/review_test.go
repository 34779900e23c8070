package workflow_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/yusuan/yusuan"
	"github.com/yusuan/yusuan/check"
	"github.com/yusuan/yusuan/store"
	"github.com/yusuan/yusuan/store/storetest"
	"github.com/yusuan/yusuan/workflow"
)

// The tests of the security review (docs/security-review.md).

// explainAll explains every warning of draft id.
func explainAll(t *testing.T, w *workflow.Service, id int64) {
	t.Helper()
	ctx := context.Background()
	v, err := w.Get(ctx, as(preparer), id)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range v.Findings {
		if f.Severity == check.Warning {
			if err := w.Explain(ctx, as(preparer), id, f.Key, "本年新设，无上年数"); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// withErrors is the stored Document JSON of draft id with its total
// changed, so that the check finds an error in it.
func withErrors(t *testing.T, w *workflow.Service, id int64) []byte {
	t.Helper()
	b, err := w.DB.DraftBlob(context.Background(), id, "document_json")
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	if !strings.Contains(s, `"total": 1234567.89`) {
		t.Fatal("the minimal budget's total is not where the test expects it")
	}
	return []byte(strings.Replace(s, `"total": 1234567.89`, `"total": 1234999.89`, 1))
}

// onNextClock runs f once, the next time the workflow reads its clock,
// which Act does after it has loaded the draft and before it checks and
// moves it: f is what another account does at that moment.
func onNextClock(w *workflow.Service, f func()) {
	armed := true
	w.Now = func() time.Time {
		if armed {
			armed = false
			f()
		}
		return time.Now()
	}
}

// TestExplanationReplacedIsAudited: a new explanation of a warning
// replaces the stored one, and the audit trail keeps the old text as the
// entry's before.
func TestExplanationReplacedIsAudited(t *testing.T) {
	ctx := context.Background()
	w := setup(t, storetest.SQLite(t))
	d, err := w.Create(ctx, as(preparer), "minimal.yaml", read(t, "../testdata/budgets/minimal.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	v, err := w.Get(ctx, as(preparer), d.ID)
	if err != nil {
		t.Fatal(err)
	}
	var key string
	for _, f := range v.Findings {
		if f.Severity == check.Warning {
			key = f.Key
			break
		}
	}
	if key == "" {
		t.Fatal("the minimal budget has no warning")
	}
	if err := w.Explain(ctx, as(preparer), d.ID, key, "第一次的说明"); err != nil {
		t.Fatal(err)
	}
	if err := w.Explain(ctx, as(preparer), d.ID, key, "第二次的说明"); err != nil {
		t.Fatal(err)
	}
	var got []store.AuditEntry
	if err := w.DB.AuditEntries(ctx, func(e store.AuditEntry) error {
		if e.Action == "draft.explain" {
			got = append(got, e)
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 {
		t.Fatalf("%d draft.explain entries, want 2", len(got))
	}
	if got[0].Before != "" || !strings.Contains(got[1].Before, "第一次的说明") || !strings.Contains(got[1].After, "第二次的说明") {
		t.Fatalf("the replaced explanation is not in the audit trail: first before %q, second before %q after %q", got[0].Before, got[1].Before, got[1].After)
	}
}

// TestSubmitJudgesTheUploadItSubmits: a re-upload with an error that
// lands while a submit is being decided is not submitted on the findings
// of the upload before it.
func TestSubmitJudgesTheUploadItSubmits(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		w := setup(t, dsn)
		d, err := w.Create(ctx, as(preparer), "minimal.yaml", read(t, "../testdata/budgets/minimal.yaml"))
		if err != nil {
			t.Fatal(err)
		}
		explainAll(t, w, d.ID)
		bad := withErrors(t, w, d.ID)
		onNextClock(w, func() {
			nd, err := w.Upload(ctx, as(preparer), d.ID, "minimal.json", bad)
			if err != nil || nd.Errors == 0 {
				t.Errorf("re-upload with an error: %+v, %v", nd, err)
			}
			explainAll(t, w, d.ID)
		})
		_, err = w.Act(ctx, as(preparer), d.ID, "submit", "", "")
		mustKind(t, "submit racing a re-upload with an error", err, workflow.Conflict)
		nd, err := w.DB.Draft(ctx, d.ID)
		if err != nil {
			t.Fatal(err)
		}
		if nd.State != yusuan.DraftOpen {
			t.Fatalf("a draft with %d errors was moved to %s", nd.Errors, nd.State)
		}
	})
}

// TestPublishPublishesWhatWasReviewed: when the draft is returned and
// re-uploaded while a finance reviewer publishes it, the new, unreviewed
// file is not published.
func TestPublishPublishesWhatWasReviewed(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		w := setup(t, dsn)
		budget := read(t, "../testdata/budgets/minimal.yaml")
		d, err := w.Create(ctx, as(preparer), "minimal.yaml", budget)
		if err != nil {
			t.Fatal(err)
		}
		explainAll(t, w, d.ID)
		for _, step := range []struct {
			u      *yusuan.User
			action string
		}{{preparer, "submit"}, {approver, "approve"}, {finance, "approve"}} {
			if _, err := w.Act(ctx, as(step.u), d.ID, step.action, "", ""); err != nil {
				t.Fatal(step.action, err)
			}
		}
		changed := append(append([]byte(nil), budget...), "\n# 未经审核的改动\n"...)
		onNextClock(w, func() {
			if _, err := w.Act(ctx, as(finance), d.ID, "return", "再改一下", ""); err != nil {
				t.Error(err)
			}
			if _, err := w.Upload(ctx, as(preparer), d.ID, "minimal.yaml", changed); err != nil {
				t.Error(err)
			}
		})
		_, err = w.Act(ctx, as(finance), d.ID, "publish", "", "")
		mustKind(t, "publish racing a return and re-upload", err, workflow.Conflict)
		ps, err := w.DB.Publications(ctx, yusuan.PublicationFilter{Organization: "901"})
		if err != nil {
			t.Fatal(err)
		}
		if len(ps) != 0 {
			t.Fatalf("published %d versions of a file nobody reviewed (sha256 %s, reviewed %s)", len(ps), ps[0].FileSHA256, d.FileSHA256)
		}
	})
}
