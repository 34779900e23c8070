package store

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/yusuan/yusuan"
)

// Approval dates: set, replaced, kept unchanged, listed by region; every
// change is an audit entry with the dates before and after; a list with
// one bad change stores nothing.
func TestApprovals(t *testing.T) {
	forEachDB(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s := mustOpen(t, dsn)
		if _, err := s.Publish(ctx, newPub("003", 2026, "A", 100)); err != nil {
			t.Fatal(err)
		}
		d1, _ := yusuan.ParseDate("2026-02-20")
		d2, _ := yusuan.ParseDate("2026-02-22")
		res, err := s.SetApprovals(ctx, []ApprovalChange{
			{Organization: "003", Year: 2026, ApprovedOn: d1},
			{Organization: "003", Year: 2025, Kind: yusuan.DocFinal, ApprovedOn: d2},
			{Organization: "007", Name: "新登记局", Region: "410100", Year: 2026, ApprovedOn: d1},
		}, "system:test", "cli")
		if err != nil {
			t.Fatal(err)
		}
		if len(res) != 3 || res[0].Unchanged || !res[0].Previous.IsZero() || res[0].Approval.Kind != yusuan.DocBudget || res[2].Approval.Organization.Region != "410100" {
			t.Fatalf("results = %+v", res)
		}
		// The same date again changes nothing; another replaces it.
		res, err = s.SetApprovals(ctx, []ApprovalChange{{Organization: "003", Year: 2026, ApprovedOn: d1}}, "system:test", "cli")
		if err != nil || !res[0].Unchanged {
			t.Fatalf("same date: %+v %v", res, err)
		}
		res, err = s.SetApprovals(ctx, []ApprovalChange{{Organization: "003", Year: 2026, ApprovedOn: d2}}, "system:test", "cli")
		if err != nil || res[0].Unchanged || res[0].Previous != d1 {
			t.Fatalf("new date: %+v %v", res, err)
		}
		// A bad change in a list: nothing of the list is stored.
		_, err = s.SetApprovals(ctx, []ApprovalChange{
			{Organization: "003", Year: 2026, ApprovedOn: d1},
			{Organization: "999", Year: 2026, ApprovedOn: d1},
		}, "system:test", "cli")
		var ae *ApprovalError
		if !errors.As(err, &ae) || ae.Index != 1 || !strings.Contains(err.Error(), "999 尚未登记") {
			t.Fatalf("unknown organization: %v", err)
		}
		as, err := s.Approvals(ctx, ApprovalFilter{Region: "410100", Year: 2026})
		if err != nil {
			t.Fatal(err)
		}
		if len(as) != 2 || as[0].Organization.Code != "003" || as[0].ApprovedOn != d2 || as[1].Organization.Code != "007" || as[0].SetBy != "system:test" {
			t.Fatalf("approvals = %+v", as)
		}
		var entries []AuditEntry
		s.AuditEntries(ctx, func(e AuditEntry) error { entries = append(entries, e); return nil })
		if len(entries) != 4 {
			t.Fatalf("%d audit entries, want 4 (three set, one replaced)", len(entries))
		}
		last := entries[3]
		if last.Action != "approval.set" || last.Object != "approval:003/2026/budget" ||
			!strings.Contains(last.Before, `"approved_on":"2026-02-20"`) || !strings.Contains(last.After, `"approved_on":"2026-02-22"`) {
			t.Errorf("last entry = %+v", last)
		}
		if n, b, err := s.VerifyAudit(ctx); err != nil || b != nil || n != 4 {
			t.Errorf("verify: %d %v %v", n, b, err)
		}
		// Bad values are refused before anything is written.
		for _, c := range []ApprovalChange{
			{Organization: "003", Year: 2026},
			{Organization: "003", Year: 2026, Kind: "plan", ApprovedOn: d1},
			{Organization: "003", Year: 2020, ApprovedOn: d1},
			{Organization: "", Year: 2026, ApprovedOn: d1},
		} {
			if _, err := s.SetApprovals(ctx, []ApprovalChange{c}, "system:test", "cli"); err == nil {
				t.Errorf("%+v accepted", c)
			}
		}
	})
}

// Publications of one region (the compliance dashboard reads a region's).
func TestPublicationsByRegion(t *testing.T) {
	forEachDB(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s := mustOpen(t, dsn)
		if _, err := s.Publish(ctx, newPub("003", 2026, "A", 100)); err != nil {
			t.Fatal(err)
		}
		other := newPub("004", 2026, "B", 100)
		other.Organization.Region = "410200"
		other.Region = &yusuan.Region{Code: "410200", Name: "开封市"}
		if _, err := s.Publish(ctx, other); err != nil {
			t.Fatal(err)
		}
		for region, want := range map[string]string{"410100": "003", "410200": "004", "": "003 004", "999999": ""} {
			ps, err := s.Publications(ctx, yusuan.PublicationFilter{Region: region, Year: 2026})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, p := range ps {
				got = append(got, p.Organization.Code)
			}
			if strings.Join(got, " ") != want {
				t.Errorf("region %q: %v, want %s", region, got, want)
			}
		}
	})
}
