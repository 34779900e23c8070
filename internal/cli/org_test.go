package cli

import (
	"context"
	"strings"
	"testing"

	"github.com/yusuan/yusuan/store"
	"github.com/yusuan/yusuan/store/storetest"
)

// yusuan org add/list: an organization is registered with its region
// (named the first time), listed, and the registration audited; a wrong
// command line registers nothing.
func TestOrgCommands(t *testing.T) {
	dsn := storetest.SQLite(t)
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"org", "add", "003", "--region", "410100"}, "请用 --name 给出单位名称"},
		{[]string{"org", "add", "003", "--name", "郑州市人民政府办公厅"}, "请用 --region"},
		{[]string{"org", "add", "003", "--name", "郑州市人民政府办公厅", "--region", "410100"}, "地区 410100 尚未登记"},
	} {
		code, out, errOut := runIn(t, "", append(c.args, "--db", dsn)...)
		if code != ExitInput || !strings.Contains(errOut, c.want) {
			t.Errorf("%v: exit %d, %q; want 2 and %s", c.args, code, out+errOut, c.want)
		}
	}
	code, out, errOut := runIn(t, "", "org", "add", "003", "--name", "郑州市人民政府办公厅", "--region", "410100", "--region-name", "郑州市", "--db", dsn)
	if code != ExitOK || !strings.Contains(out, "已登记单位 003 郑州市人民政府办公厅（地区 郑州市）") {
		t.Fatalf("org add: exit %d %s%s", code, out, errOut)
	}
	// The region is known now: its name is not needed again.
	if code, out, errOut := runIn(t, "", "org", "add", "004", "--name", "郑州市财政局", "--region", "410100", "--db", dsn); code != ExitOK {
		t.Fatalf("org add 004: exit %d %s%s", code, out, errOut)
	}
	code, out, _ = runIn(t, "", "org", "list", "--region", "410100", "--db", dsn)
	if code != ExitOK || !strings.Contains(out, "003") || !strings.Contains(out, "郑州市财政局") {
		t.Fatalf("org list: exit %d\n%s", code, out)
	}
	s, err := store.Open(context.Background(), dsn, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	o, err := s.Organization(context.Background(), "003")
	if err != nil || o.Region != "410100" {
		t.Fatalf("organization 003: %+v %v", o, err)
	}
	n := 0
	s.AuditEntries(context.Background(), func(e store.AuditEntry) error {
		if e.Action == "org.add" {
			n++
		}
		return nil
	})
	if n != 2 {
		t.Errorf("%d org.add entries in the audit trail, want 2", n)
	}
}

// TestOrgMoveAudited: registering an organization again in another
// region (which moves its drafts to that region's finance reviewers)
// keeps the region it had as the audit entry's before.
func TestOrgMoveAudited(t *testing.T) {
	dsn := storetest.SQLite(t)
	for _, args := range [][]string{
		{"org", "add", "003", "--name", "郑州市人民政府办公厅", "--region", "410100", "--region-name", "郑州市"},
		{"org", "add", "003", "--name", "郑州市人民政府办公厅", "--region", "410200", "--region-name", "开封市"},
	} {
		if code, out, errOut := runIn(t, "", append(args, "--db", dsn)...); code != ExitOK {
			t.Fatalf("%v: exit %d %s%s", args, code, out, errOut)
		}
	}
	s, err := store.Open(context.Background(), dsn, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var got []store.AuditEntry
	s.AuditEntries(context.Background(), func(e store.AuditEntry) error {
		if e.Action == "org.add" {
			got = append(got, e)
		}
		return nil
	})
	if len(got) != 2 || got[0].Before != "" || !strings.Contains(got[1].Before, `"region":"410100"`) || !strings.Contains(got[1].After, `"region":"410200"`) {
		t.Fatalf("org.add entries %+v: the second should have the old region as before", got)
	}
}
