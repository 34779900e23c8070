package store

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/yusuan/yusuan"
)

func testUpload(org string, year int, file string) DraftUpload {
	return DraftUpload{Organization: org, Year: year, Kind: yusuan.DocBudget, Level: yusuan.LevelDepartment, Profile: "general",
		FileName: "budget.yaml", File: []byte(file), DocumentJSON: []byte(`{"schema":"yusuan.document/v1"}`),
		FindingsJSON: []byte(`{"documents":[]}`), Warnings: 1}
}

// TestDrafts walks a draft through its states in the store: created with
// an event, moved only from the state the mover saw, explained, commented,
// listed by organization and by region.
func TestDrafts(t *testing.T) {
	forEachDB(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s := mustOpen(t, dsn)
		if err := s.SaveOrganization(ctx, yusuan.Organization{Code: "901", Name: "示例局"}, &yusuan.Region{Code: "410100", Name: "郑州市"}); err != nil {
			t.Fatal(err)
		}
		if err := s.SaveOrganization(ctx, yusuan.Organization{Code: "902", Name: "另一局", Region: "410200"}, &yusuan.Region{Code: "410200", Name: "开封市"}); err != nil {
			t.Fatal(err)
		}
		now := time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)
		d, err := s.CreateDraft(ctx, testUpload("901", 2026, "A"), "张三", yusuan.RolePreparer, now)
		if err != nil {
			t.Fatal(err)
		}
		if d.State != yusuan.DraftOpen || d.Organization.Name != "示例局" || d.Organization.Region != "410100" || d.FileSHA256 != sha256Hex([]byte("A")) || !d.CreatedAt.Equal(now) {
			t.Fatalf("created %+v", d)
		}
		if _, err := s.CreateDraft(ctx, testUpload("902", 2026, "B"), "李四", yusuan.RolePreparer, now); err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct {
			f    DraftFilter
			want int
		}{{DraftFilter{Organization: "901"}, 1}, {DraftFilter{Region: "410200"}, 1}, {DraftFilter{Region: "999"}, 0}, {DraftFilter{}, 2}} {
			ds, err := s.Drafts(ctx, c.f)
			if err != nil || len(ds) != c.want {
				t.Errorf("Drafts(%+v) = %d drafts, %v; want %d", c.f, len(ds), err, c.want)
			}
		}
		if err := s.ExplainFinding(ctx, d.ID, Explanation{FindingKey: "k1", Rule: "NAR-016", Place: "表1", Text: "原因如下", Author: "张三", At: now}); err != nil {
			t.Fatal(err)
		}
		if err := s.ExplainFinding(ctx, d.ID, Explanation{FindingKey: "k1", Rule: "NAR-016", Place: "表1", Text: "改写的原因", Author: "张三", At: now}); err != nil {
			t.Fatal(err)
		}
		xs, err := s.Explanations(ctx, d.ID)
		if err != nil || len(xs) != 1 || xs[0].Text != "改写的原因" {
			t.Fatalf("Explanations = %+v, %v", xs, err)
		}
		submit := DraftEvent{At: now.Add(time.Minute), Actor: "张三", Role: yusuan.RolePreparer, Action: "submit", From: yusuan.DraftOpen, To: yusuan.DraftSubmitted}
		if err := s.MoveDraft(ctx, d.ID, submit, "", 0); err != nil {
			t.Fatal(err)
		}
		// The same move again: the draft is no longer where it was.
		if err := s.MoveDraft(ctx, d.ID, submit, "", 0); !errors.Is(err, ErrDraftMoved) {
			t.Fatalf("second submit: %v, want ErrDraftMoved", err)
		}
		if err := s.ExplainFinding(ctx, d.ID, Explanation{FindingKey: "k2", Text: "晚了", Author: "张三"}); !errors.Is(err, ErrDraftMoved) {
			t.Fatalf("explaining a submitted draft: %v", err)
		}
		if _, err := s.ReplaceDraftFile(ctx, d.ID, testUpload("901", 2026, "C"), "张三", yusuan.RolePreparer, now); !errors.Is(err, ErrDraftMoved) {
			t.Fatalf("replacing the file of a submitted draft: %v", err)
		}
		if _, err := s.AddDraftComment(ctx, d.ID, DraftComment{Target: "表3", Text: "请核对", Author: "王五", Role: yusuan.RoleApprover}); err != nil {
			t.Fatal(err)
		}
		cs, err := s.DraftComments(ctx, d.ID)
		if err != nil || len(cs) != 1 || cs[0].Target != "表3" || cs[0].Role != yusuan.RoleApprover {
			t.Fatalf("DraftComments = %+v, %v", cs, err)
		}
		evs, err := s.DraftEvents(ctx, d.ID)
		if err != nil || len(evs) != 2 || evs[0].Action != "create" || evs[1].Action != "submit" || evs[1].To != yusuan.DraftSubmitted {
			t.Fatalf("DraftEvents = %+v, %v", evs, err)
		}
		got, err := s.Draft(ctx, d.ID)
		if err != nil || got.State != yusuan.DraftSubmitted || got.StateTitle != "已提交" {
			t.Fatalf("Draft = %+v, %v", got, err)
		}
		if b, err := s.DraftBlob(ctx, d.ID, "file_bytes"); err != nil || string(b) != "A" {
			t.Fatalf("DraftBlob = %q, %v", b, err)
		}
		if _, err := s.Draft(ctx, 999); !errors.Is(err, yusuan.ErrNotFound) {
			t.Fatalf("Draft(999): %v", err)
		}
	})
}

// TestPublicationImmutable: the database itself refuses changing or
// deleting a stored publication; only a newer version may take its place
// as the latest, with its public reason kept.
func TestPublicationImmutable(t *testing.T) {
	forEachDB(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s := mustOpen(t, dsn)
		r1, err := s.Publish(ctx, newPub("003", 2021, "A", 100))
		if err != nil {
			t.Fatal(err)
		}
		p2 := newPub("003", 2021, "B", 200)
		p2.ReasonRequired = true
		if _, err := s.Publish(ctx, p2); !errors.Is(err, ErrReasonRequired) {
			t.Fatalf("a correction without its reason: %v", err)
		}
		p2.Reason = "更正表3合计数"
		r2, err := s.Publish(ctx, p2)
		if err != nil {
			t.Fatal(err)
		}
		vs, err := s.Versions(ctx, r2.Publication.ID)
		if err != nil || len(vs) != 2 || vs[0].Reason != "" || vs[1].Reason != "更正表3合计数" || r2.Publication.Reason != "更正表3合计数" {
			t.Fatalf("Versions = %+v, %v", vs, err)
		}
		id := r1.Publication.ID
		for _, q := range []string{
			`UPDATE publication SET file_bytes = ? WHERE id = ?`,
			`UPDATE publication SET document_json = ? WHERE id = ?`,
			`UPDATE publication SET reason = ? WHERE id = ?`,
		} {
			if _, err := s.db.ExecContext(ctx, s.Rebind(q), []byte("x"), id); err == nil {
				t.Errorf("%s: the database allowed changing a publication", q)
			}
		}
		if _, err := s.db.ExecContext(ctx, s.Rebind(`UPDATE publication SET latest = 1 WHERE id = ?`), id); err == nil {
			t.Error("a replaced version became the latest again")
		}
		if _, err := s.db.ExecContext(ctx, s.Rebind(`DELETE FROM publication WHERE id = ?`), id); err == nil {
			t.Error("the database allowed deleting a publication")
		}
		if s.dialect == Postgres {
			if _, err := s.db.ExecContext(ctx, `TRUNCATE publication CASCADE`); err == nil {
				t.Error("the database allowed truncating publications")
			}
		}
		name, b, err := s.File(ctx, id)
		if err != nil || name != "budget.yaml" || string(b) != "A" {
			t.Fatalf("File = %q %q %v", name, b, err)
		}
	})
}
