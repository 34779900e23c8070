package compliance

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/yusuan/yusuan"
	"github.com/yusuan/yusuan/store"
	"github.com/yusuan/yusuan/store/storetest"
)

// Load reads a region from a store — organizations, units, approval
// dates, every version — on both databases, and judges completeness on
// the stored document.
func TestLoad(t *testing.T) {
	doc, _ := compileExample(t)
	docJSON, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	storetest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s, err := store.Open(ctx, dsn, store.Options{Migrate: true})
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		publish := func(org yusuan.Organization, file string, at string) {
			now, _ := time.Parse(time.RFC3339, at)
			d := *doc
			d.Year = 2026
			if _, err := s.Publish(ctx, yusuan.NewPublication{Organization: org, Region: &yusuan.Region{Code: org.Region, Name: "某市"},
				FileName: "budget.yaml", File: []byte(file), Document: &d, DocumentJSON: docJSON, FindingsJSON: []byte(`[]`),
				Errors: 2, Warnings: 5, Now: now}); err != nil {
				t.Fatal(err)
			}
		}
		publish(yusuan.Organization{Code: "003", Name: "办公厅", Region: "410100"}, "v1", "2026-03-21T15:00:00Z")
		publish(yusuan.Organization{Code: "003", Name: "办公厅", Region: "410100"}, "v2", "2026-04-02T15:00:00Z")
		publish(yusuan.Organization{Code: "003001", Name: "办公厅机关", Region: "410100", Parent: "003"}, "u1", "2026-03-10T15:00:00Z")
		publish(yusuan.Organization{Code: "004", Name: "外地局", Region: "410200"}, "x", "2026-03-10T15:00:00Z")
		if _, err := s.SetApprovals(ctx, []store.ApprovalChange{
			{Organization: "003", Year: 2026, ApprovedOn: date(t, "2026-03-01")},
			{Organization: "003002", Name: "办公厅中心", Region: "410100", Parent: "003", Year: 2026, ApprovedOn: date(t, "2026-03-01")},
			{Organization: "005", Name: "未公开局", Region: "410100", Year: 2026, ApprovedOn: date(t, "2026-03-05")},
		}, "test", "test"); err != nil {
			t.Fatal(err)
		}
		rep, err := Load(ctx, s, "410100", 2026, "", date(t, "2026-04-15"))
		if err != nil {
			t.Fatal(err)
		}
		if len(rep.Rows) != 2 || rep.Rows[0].Organization.Code != "003" || rep.Rows[1].Organization.Code != "005" {
			t.Fatalf("rows = %+v", rep.Rows)
		}
		r := rep.Rows[0]
		if r.Status != OnTime || r.PublishedOn.String() != "2026-03-21" || r.Latest == nil || r.Latest.Version != 2 || r.Latest.Errors != 2 {
			t.Errorf("003 = %+v", r)
		}
		if r.Completeness == nil || r.Completeness.TablesRequired != 13 || r.Completeness.Percent != 100 {
			t.Errorf("003 completeness = %+v", r.Completeness)
		}
		if r.Units.Total != 2 || r.Units.Published != 1 || len(r.Units.Missing) != 1 || r.Units.Missing[0] != "办公厅中心" {
			t.Errorf("003 units = %+v", r.Units)
		}
		if r := rep.Rows[1]; r.Status != Overdue || r.DaysLate != 21 {
			t.Errorf("005 = %+v", r)
		}
	})
}
