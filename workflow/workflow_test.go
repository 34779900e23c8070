package workflow_test

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/yusuan/yusuan"
	"github.com/yusuan/yusuan/check"
	"github.com/yusuan/yusuan/internal/cli"
	"github.com/yusuan/yusuan/store"
	"github.com/yusuan/yusuan/store/storetest"
	"github.com/yusuan/yusuan/workflow"
)

// accounts of the tests: an organization 901 in region 410100, another
// organization 902 in region 410200.
var (
	preparer  = &yusuan.User{ID: 1, Name: "prep901", Role: yusuan.RolePreparer, Organization: "901"}
	approver  = &yusuan.User{ID: 2, Name: "appr901", Role: yusuan.RoleApprover, Organization: "901"}
	finance   = &yusuan.User{ID: 3, Name: "fin410100", Role: yusuan.RoleFinance, Region: "410100"}
	otherPrep = &yusuan.User{ID: 4, Name: "prep902", Role: yusuan.RolePreparer, Organization: "902"}
	otherAppr = &yusuan.User{ID: 5, Name: "appr902", Role: yusuan.RoleApprover, Organization: "902"}
	otherFin  = &yusuan.User{ID: 6, Name: "fin410200", Role: yusuan.RoleFinance, Region: "410200"}
	admin     = &yusuan.User{ID: 7, Name: "admin", Role: yusuan.RoleAdmin}
)

func as(u *yusuan.User) workflow.Actor { return workflow.Actor{User: u, Remote: "192.0.2.1:5000"} }

func setup(t *testing.T, dsn string) *workflow.Service {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, dsn, store.Options{Migrate: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.SaveOrganization(ctx, yusuan.Organization{Code: "901", Name: "示例局"}, &yusuan.Region{Code: "410100", Name: "郑州市"}); err != nil {
		t.Fatal(err)
	}
	if err := db.SaveOrganization(ctx, yusuan.Organization{Code: "902", Name: "另一局"}, &yusuan.Region{Code: "410200", Name: "开封市"}); err != nil {
		t.Fatal(err)
	}
	return &workflow.Service{DB: db, Load: cli.LoadUpload}
}

func kindOf(err error) workflow.Kind {
	var we *workflow.Error
	if errors.As(err, &we) {
		return we.Kind
	}
	return 0
}

func mustKind(t *testing.T, what string, err error, k workflow.Kind) {
	t.Helper()
	if kindOf(err) != k {
		t.Fatalf("%s: got %v (kind %d), want kind %d", what, err, kindOf(err), k)
	}
}

func read(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestWorkflow walks a budget from upload to publication and a correction
// after it, with every refusal on the way: another organization's or
// region's accounts do not see the draft, warnings must be explained
// before submitting, returning needs a comment, only the finance reviewer
// passes finance review and publishes, a correction needs a reason.
func TestWorkflow(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		w := setup(t, dsn)
		budget := read(t, "../testdata/budgets/minimal.yaml")

		_, err := w.Create(ctx, as(approver), "minimal.yaml", budget)
		mustKind(t, "approver uploads", err, workflow.Forbidden)
		_, err = w.Create(ctx, workflow.Actor{}, "minimal.yaml", budget)
		mustKind(t, "anonymous uploads", err, workflow.Unauthenticated)
		_, err = w.Create(ctx, as(otherPrep), "minimal.yaml", budget)
		mustKind(t, "another organization's preparer uploads 901's budget", err, workflow.Invalid)

		d, err := w.Create(ctx, as(preparer), "minimal.yaml", budget)
		if err != nil {
			t.Fatal(err)
		}
		if d.State != yusuan.DraftOpen || d.Year != 2021 || d.Errors != 0 || d.Warnings == 0 {
			t.Fatalf("created %+v", d)
		}
		for _, u := range []*yusuan.User{otherPrep, otherAppr, otherFin} {
			_, err := w.Get(ctx, as(u), d.ID)
			mustKind(t, u.Name+" reads 901's draft", err, workflow.NotFound)
			ds, err := w.List(ctx, as(u))
			if err != nil || len(ds) != 0 {
				t.Fatalf("%s lists %d drafts, %v", u.Name, len(ds), err)
			}
			_, err = w.Act(ctx, as(u), d.ID, "approve", "", "")
			mustKind(t, u.Name+" approves 901's draft", err, workflow.NotFound)
		}
		for _, u := range []*yusuan.User{preparer, approver, finance, admin} {
			ds, err := w.List(ctx, as(u))
			if err != nil || len(ds) != 1 || ds[0].ID != d.ID {
				t.Fatalf("%s lists %+v, %v", u.Name, ds, err)
			}
		}

		v, err := w.Get(ctx, as(preparer), d.ID)
		if err != nil {
			t.Fatal(err)
		}
		if v.Unexplained != d.Warnings || len(v.Actions) != 1 || v.Actions[0].Action != "submit" {
			t.Fatalf("view: %d unexplained of %d warnings, actions %+v", v.Unexplained, d.Warnings, v.Actions)
		}
		_, err = w.Act(ctx, as(preparer), d.ID, "submit", "", "")
		mustKind(t, "submit with unexplained warnings", err, workflow.Conflict)
		if !strings.Contains(err.Error(), "没有说明") {
			t.Errorf("message %q", err)
		}
		err = w.Explain(ctx, as(approver), d.ID, v.Findings[0].Key, "理由")
		mustKind(t, "approver explains", err, workflow.Forbidden)
		err = w.Explain(ctx, as(preparer), d.ID, "0000000000000000", "理由")
		mustKind(t, "explaining no warning", err, workflow.Invalid)
		for _, f := range v.Findings {
			if f.Severity != check.Warning {
				continue
			}
			err = w.Explain(ctx, as(preparer), d.ID, f.Key, "  ")
			mustKind(t, "empty explanation", err, workflow.Invalid)
			if err := w.Explain(ctx, as(preparer), d.ID, f.Key, "本年新设，无上年数："+f.Rule); err != nil {
				t.Fatal(err)
			}
		}
		_, err = w.Act(ctx, as(approver), d.ID, "submit", "", "")
		mustKind(t, "approver submits", err, workflow.Forbidden)
		if _, err := w.Act(ctx, as(preparer), d.ID, "submit", "", ""); err != nil {
			t.Fatal(err)
		}
		err = w.Explain(ctx, as(preparer), d.ID, v.Findings[0].Key, "改")
		mustKind(t, "explaining a submitted draft", err, workflow.Conflict)

		_, err = w.Act(ctx, as(approver), d.ID, "return", "", "")
		mustKind(t, "return without a comment", err, workflow.Invalid)
		if _, err := w.Act(ctx, as(approver), d.ID, "return", "请补充项目说明", ""); err != nil {
			t.Fatal(err)
		}
		// Back in 草稿: the explanations stay with the warnings.
		if _, err := w.Upload(ctx, as(preparer), d.ID, "minimal.yaml", budget); err != nil {
			t.Fatal(err)
		}
		if v, _ := w.Get(ctx, as(preparer), d.ID); v.Unexplained != 0 {
			t.Fatalf("after the same file again, %d warnings unexplained", v.Unexplained)
		}
		if _, err := w.Act(ctx, as(preparer), d.ID, "submit", "", ""); err != nil {
			t.Fatal(err)
		}
		if _, err := w.Comment(ctx, as(approver), d.ID, "表3", "金额已核对"); err != nil {
			t.Fatal(err)
		}
		_, err = w.Comment(ctx, as(preparer), d.ID, "", "我也说两句")
		mustKind(t, "preparer comments", err, workflow.Forbidden)
		_, err = w.Act(ctx, as(finance), d.ID, "approve", "", "")
		mustKind(t, "finance approves before the department", err, workflow.Forbidden)
		if _, err := w.Act(ctx, as(approver), d.ID, "approve", "", ""); err != nil {
			t.Fatal(err)
		}
		for _, u := range []*yusuan.User{preparer, approver, admin} {
			_, err := w.Act(ctx, as(u), d.ID, "approve", "", "")
			mustKind(t, u.Name+" passes finance review", err, workflow.Forbidden)
		}
		if _, err := w.Act(ctx, as(finance), d.ID, "approve", "", ""); err != nil {
			t.Fatal(err)
		}
		for _, u := range []*yusuan.User{preparer, approver, admin} {
			_, err := w.Act(ctx, as(u), d.ID, "publish", "", "")
			mustKind(t, u.Name+" publishes", err, workflow.Forbidden)
		}
		pd, err := w.Act(ctx, as(finance), d.ID, "publish", "", "")
		if err != nil {
			t.Fatal(err)
		}
		if pd.State != yusuan.DraftPublished || pd.Publication == 0 {
			t.Fatalf("published draft %+v", pd)
		}
		pub, err := w.DB.Publication(ctx, pd.Publication)
		if err != nil || pub.Version != 1 || pub.FileSHA256 != d.FileSHA256 || pub.Organization.Code != "901" || pub.Reason != "" {
			t.Fatalf("publication %+v, %v", pub, err)
		}
		_, err = w.Act(ctx, as(finance), d.ID, "return", "撤回", "")
		mustKind(t, "returning a published draft", err, workflow.Conflict)

		// A correction: a new draft of the same budget, published with a
		// public reason, becomes version 2; version 1 stays as it was.
		fixed := []byte(strings.Replace(string(budget), "完成示例工作。", "完成示例工作，更正后。", 1))
		d2, err := w.Create(ctx, as(preparer), "minimal-fixed.yaml", fixed)
		if err != nil {
			t.Fatal(err)
		}
		v2, _ := w.Get(ctx, as(preparer), d2.ID)
		for _, f := range v2.Findings {
			if f.Severity == check.Warning {
				if err := w.Explain(ctx, as(preparer), d2.ID, f.Key, "同上"); err != nil {
					t.Fatal(err)
				}
			}
		}
		for _, step := range []struct {
			u      *yusuan.User
			action string
		}{{preparer, "submit"}, {approver, "approve"}, {finance, "approve"}} {
			if _, err := w.Act(ctx, as(step.u), d2.ID, step.action, "", ""); err != nil {
				t.Fatalf("%s %s: %v", step.u.Name, step.action, err)
			}
		}
		if v2, _ := w.Get(ctx, as(finance), d2.ID); !v2.Published {
			t.Error("the view does not say publishing is a correction")
		}
		_, err = w.Act(ctx, as(finance), d2.ID, "publish", "", "")
		mustKind(t, "a correction without a reason", err, workflow.Invalid)
		pd2, err := w.Act(ctx, as(finance), d2.ID, "publish", "", "更正绩效目标表述")
		if err != nil {
			t.Fatal(err)
		}
		vs, err := w.DB.Versions(ctx, pd2.Publication)
		if err != nil || len(vs) != 2 || vs[1].Reason != "更正绩效目标表述" || vs[0].ID != pub.ID || vs[0].Latest {
			t.Fatalf("versions %+v, %v", vs, err)
		}

		// Every action is in the audit trail, chained.
		var actions []string
		if err := w.DB.AuditEntries(ctx, func(e store.AuditEntry) error {
			if e.Remote != "192.0.2.1:5000" {
				t.Errorf("entry %d without the remote address: %+v", e.Seq, e)
			}
			actions = append(actions, e.Actor+" "+e.Action)
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		got := strings.Join(actions, "\n")
		for _, want := range []string{"prep901 draft.create", "prep901 draft.explain", "prep901 draft.submit", "appr901 draft.return",
			"prep901 draft.upload", "appr901 draft.comment", "appr901 draft.approve", "fin410100 draft.approve", "fin410100 draft.publish", "fin410100 publish"} {
			if !strings.Contains(got, want) {
				t.Errorf("audit trail lacks %q:\n%s", want, got)
			}
		}
		if strings.Contains(got, "prep902") || strings.Contains(got, "admin") {
			t.Errorf("refused actions were recorded as done:\n%s", got)
		}
		if n, b, err := w.DB.VerifyAudit(ctx); err != nil || b != nil || n != int64(len(actions)) {
			t.Fatalf("VerifyAudit = %d, %v, %v", n, b, err)
		}
	})
}

// TestErrorsBlockSubmit: a disclosure with errors (the reference
// disclosure as published, 7 errors) becomes a draft showing them and
// cannot be submitted.
func TestErrorsBlockSubmit(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		w := setup(t, dsn)
		if err := w.DB.SaveOrganization(ctx, yusuan.Organization{Code: "003", Name: "郑州市人民政府办公厅"}, &yusuan.Region{Code: "410100", Name: "郑州市"}); err != nil {
			t.Fatal(err)
		}
		prep := &yusuan.User{Name: "prep003", Role: yusuan.RolePreparer, Organization: "003"}
		d, err := w.Create(ctx, as(prep), "zhengzhou-2021-gov-office.txt", read(t, "../testdata/disclosures/zhengzhou-2021-gov-office.txt"))
		if err != nil {
			t.Fatal(err)
		}
		if d.Errors == 0 {
			t.Fatalf("no errors found in the reference disclosure: %+v", d)
		}
		_, err = w.Act(ctx, as(prep), d.ID, "submit", "", "")
		mustKind(t, "submit with errors", err, workflow.Conflict)
		if !strings.Contains(err.Error(), "错误") {
			t.Errorf("message %q", err)
		}
	})
}

// TestBadUploads: what cannot be read is refused with the file's name and
// nothing is stored.
func TestBadUploads(t *testing.T) {
	ctx := context.Background()
	w := setup(t, storetest.SQLite(t))
	for name, data := range map[string][]byte{
		"empty.yaml":  nil,
		"bad.yaml":    []byte("profile: zhengzhou-2021\nyear: [\n"),
		"bomb.xlsx":   append([]byte("PK\x03\x04"), make([]byte, 100)...),
		"nothing.txt": []byte("这不是预算公开文件。\n"),
	} {
		_, err := w.Create(ctx, as(preparer), name, data)
		mustKind(t, name, err, workflow.Invalid)
		if !strings.Contains(err.Error(), name) {
			t.Errorf("%s: message %q does not name the file", name, err)
		}
	}
	// Zip bombs: a fill-in workbook and a published workbook whose sheet
	// expands from a few kilobytes to 16 MiB, refused by the readers'
	// bounds with a message, not read whole.
	for _, sheet := range []string{"_yusuan", "Sheet1"} {
		name := "bomb-" + sheet + ".xlsx"
		_, err := w.Create(ctx, as(preparer), name, zipBomb(t, sheet))
		mustKind(t, name, err, workflow.Invalid)
		if !strings.Contains(err.Error(), "压缩炸弹") || !strings.Contains(err.Error(), name) {
			t.Errorf("%s: %v", name, err)
		}
	}
	if ds, _ := w.DB.Drafts(ctx, store.DraftFilter{}); len(ds) != 0 {
		t.Fatalf("bad uploads stored %d drafts", len(ds))
	}
}

func zipBomb(t *testing.T, sheet string) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, body := range map[string]string{
		"[Content_Types].xml":        `<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>`,
		"xl/workbook.xml":            `<workbook><sheets><sheet name="` + sheet + `" sheetId="1"/></sheets></workbook>`,
		"xl/_rels/workbook.xml.rels": `<Relationships><Relationship Id="rId1" Target="worksheets/sheet1.xml"/></Relationships>`,
	} {
		f, _ := zw.Create(name)
		f.Write([]byte(body))
	}
	f, _ := zw.Create("xl/worksheets/sheet1.xml")
	f.Write(make([]byte, 16<<20))
	zw.Close()
	if buf.Len() > 1<<20 {
		t.Fatalf("the bomb is %d bytes", buf.Len())
	}
	return buf.Bytes()
}
