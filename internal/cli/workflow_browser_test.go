package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/yusuan/yusuan"
	"github.com/yusuan/yusuan/store"
	"github.com/yusuan/yusuan/store/storetest"
)

// chromiumPath finds Debian's chromium; without it the test is skipped,
// except in CI (CI=true), where it must be installed.
func chromiumPath(t *testing.T) string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("chromium is not installed (apt-get install chromium)")
	}
	t.Skip("chromium is not installed (apt-get install chromium); skipping the browser walk")
	return ""
}

// TestWorkflowBrowser walks the workflow in headless Chromium as the
// people do: the preparer of 郑州市人民政府办公厅 signs in, uploads the
// example budget as a filled workbook (made by `yusuan template --from`,
// with a slip of duplicated punctuation in one sentence), sees the
// warning, explains it and submits; the approver passes it, the finance
// reviewer passes it and publishes it; it appears on the public portal,
// and the audit trail (as `yusuan audit export` writes it) shows each
// step by its account.
func TestWorkflowBrowser(t *testing.T) {
	exe := chromiumPath(t)
	storetest.Each(t, func(t *testing.T, dsn string) { workflowBrowser(t, exe, dsn) })
}

// workflowBrowser is the walk on one database.
func workflowBrowser(t *testing.T, exe, dsn string) {
	ctx := context.Background()
	dir := t.TempDir()
	db, err := store.Open(ctx, dsn, store.Options{Migrate: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.SaveOrganization(ctx, yusuan.Organization{Code: "003", Name: "郑州市人民政府办公厅"}, &yusuan.Region{Code: "410100", Name: "郑州市"}); err != nil {
		t.Fatal(err)
	}
	const pw = "Browser-walk-pw1"
	for _, nu := range []store.NewUser{
		{Name: "zhang", Role: yusuan.RolePreparer, Organization: "003"},
		{Name: "wang", Role: yusuan.RoleApprover, Organization: "003"},
		{Name: "li", Role: yusuan.RoleFinance, Region: "410100"},
	} {
		nu.Password = pw
		if _, err := db.CreateUser(ctx, nu, store.Actor{Name: "system:test", Remote: "cli"}); err != nil {
			t.Fatal(err)
		}
	}

	// The example workbook, with 。。 at the end of the scope sentence.
	src, err := os.ReadFile("../../examples/zhengzhou-2021-gov-office/budget.yaml")
	if err != nil {
		t.Fatal(err)
	}
	const scope = "scope: 郑州市人民政府办公厅2021年部门预算公开包括机关本级预算和下属单位预算。"
	if !bytes.Contains(src, []byte(scope+"\n")) {
		t.Fatal("the example's scope sentence changed; update the test")
	}
	yamlPath := filepath.Join(dir, "budget.yaml")
	os.WriteFile(yamlPath, bytes.Replace(src, []byte(scope+"\n"), []byte(scope+"。\n"), 1), 0o644)
	xlsx, err := templateFrom(yamlPath, "", "")
	if err != nil {
		t.Fatal(err)
	}
	xlsxPath := filepath.Join(dir, "郑州市人民政府办公厅2021年预算.xlsx")
	if err := os.WriteFile(xlsxPath, xlsx, 0o644); err != nil {
		t.Fatal(err)
	}

	st, err := newSite(db, slog.New(slog.DiscardHandler), serveOptions{})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(st.root)
	defer srv.Close()

	actx, cancel := chromedp.NewExecAllocator(ctx,
		chromedp.ExecPath(exe), chromedp.UserDataDir(t.TempDir()), chromedp.Flag("headless", true), chromedp.NoSandbox,
		chromedp.DisableGPU, chromedp.NoFirstRun, chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-extensions", true),
		chromedp.Flag("disable-dev-shm-usage", true), chromedp.Flag("no-proxy-server", true), chromedp.WindowSize(1280, 900))
	defer cancel()
	bctx, cancel := chromedp.NewContext(actx)
	defer cancel()
	bctx, cancel = context.WithTimeout(bctx, 5*time.Minute)
	defer cancel()

	do := func(what string, steps ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(bctx, steps...); err != nil {
			body, _ := chromedp.Run(bctx, chromedp.Evaluate[string]("document.body ? document.body.innerText : ''"))
			t.Fatalf("%s: %v\npage: %s", what, err, firstBytes([]byte(body)))
		}
	}
	text := func(sel string) string {
		t.Helper()
		v, err := chromedp.Run(bctx, chromedp.Evaluate[string](`(function(){var e=document.querySelector(`+jsQuote(sel)+`);return e?e.textContent.trim():"";})()`))
		if err != nil {
			t.Fatalf("text of %s: %v", sel, err)
		}
		return v
	}
	// waitText waits until the element of sel shows want.
	waitText := func(what, sel, want string) {
		t.Helper()
		deadline := time.Now().Add(30 * time.Second)
		for !strings.Contains(text(sel), want) {
			if time.Now().After(deadline) {
				body, _ := chromedp.Run(bctx, chromedp.Evaluate[string]("document.body ? document.body.innerText : ''"))
				t.Fatalf("%s: %s does not show %q after 30 s; page: %s", what, sel, want, firstBytes([]byte(body)))
			}
			time.Sleep(100 * time.Millisecond)
		}
	}
	// shot writes a screenshot of the page to docs/screenshots with
	// YUSUAN_SCREENSHOTS=1 (docs/workflow.md shows it).
	shot := func(name string) {
		t.Helper()
		if os.Getenv("YUSUAN_SCREENSHOTS") != "1" {
			return
		}
		png, err := chromedp.Run(bctx, chromedp.FullScreenshot(100))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join("..", "..", "docs", "screenshots", name), png, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	signIn := func(name string) {
		t.Helper()
		do("sign in as "+name,
			chromedp.Navigate(srv.URL+"/desk/login"),
			chromedp.WaitVisible("#name"),
			chromedp.SendKeys("#name", name),
			chromedp.SendKeys("#password", pw),
			chromedp.Submit("#password"))
		waitText("sign in as "+name, ".who", name)
	}
	signOut := func() {
		t.Helper()
		do("sign out", chromedp.Click(".who button"), chromedp.WaitVisible("#name"))
	}

	// The preparer uploads, sees the warning, explains it and submits.
	signIn("zhang")
	do("upload",
		chromedp.Navigate(srv.URL+"/desk/drafts"),
		chromedp.WaitVisible("#file"),
		chromedp.SetUploadFiles("#file", []string{xlsxPath}),
		chromedp.Submit("#file"))
	waitText("upload", "#state", "草稿")
	draftURL, err := chromedp.Run(bctx, chromedp.Location())
	if err != nil {
		t.Fatal(err)
	}
	if findings := text("ol.findings"); !strings.Contains(findings, "NAR-016") || !strings.Contains(findings, "重复的标点") {
		t.Fatalf("the draft page does not show the warning: %s", findings)
	}
	if errs, unexplained := text("#errors"), text("#unexplained"); errs != "0" || unexplained != "1" {
		t.Fatalf("errors %s, unexplained %s; want 0 and 1", errs, unexplained)
	}
	do("explain",
		chromedp.SendKeys(`textarea[name="text"]`, "“。。”为录入时多打的句号，公开文本将改为一个句号。"),
		chromedp.Submit(`textarea[name="text"]`))
	waitText("explain", "#unexplained", "0")
	shot("desk-draft-desktop.png")
	do("submit", chromedp.Click("#do-submit"))
	waitText("submit", "#state", "已提交")
	signOut()

	// The approver passes it; the finance reviewer passes and publishes.
	signIn("wang")
	do("open as approver", chromedp.Navigate(draftURL))
	waitText("open as approver", "#state", "已提交")
	do("department approval", chromedp.Click("#do-approve"))
	waitText("department approval", "#state", "部门已审核")
	signOut()
	signIn("li")
	do("open as finance", chromedp.Navigate(draftURL))
	waitText("open as finance", "#state", "部门已审核")
	do("finance approval", chromedp.Click("#do-approve"))
	waitText("finance approval", "#state", "财政已审核")
	shot("desk-review-desktop.png")
	// Until it is published, nothing of it is public.
	for _, path := range []string{"/api/v1/publications", "/api/v1/search?q=" + url.QueryEscape("郑州市人民政府办公厅"), "/"} {
		resp, err := http.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if strings.Contains(path, "search") {
			// The answer repeats the query: it must find nothing.
			b = bytes.ReplaceAll(b, []byte(`"q":"郑州市人民政府办公厅"`), nil)
		}
		if bytes.Contains(b, []byte("郑州市人民政府办公厅")) {
			t.Errorf("%s shows the draft before it is published", path)
		}
	}
	do("publish", chromedp.Click("#do-publish"))
	waitText("publish", "#state", "已公开")
	href, err := chromedp.Run(bctx, chromedp.AttributeValue("#publication", "href"))
	if err != nil || !strings.HasPrefix(href.Value, "/pub/") {
		t.Fatalf("link to the publication: %q %v", href.Value, err)
	}
	signOut()

	// The public portal shows it, to a browser signed out.
	do("public page", chromedp.Navigate(srv.URL+href.Value), chromedp.WaitReady("h1"))
	if title := text("h1"); !strings.Contains(title, "郑州市人民政府办公厅") || !strings.Contains(title, "2021") {
		t.Fatalf("the public page %s is titled %q", href.Value, title)
	}
	do("portal home", chromedp.Navigate(srv.URL+"/"), chromedp.WaitReady("body"))
	if home := text("body"); !strings.Contains(home, "郑州市人民政府办公厅") {
		t.Error("the portal's home page does not list the published budget")
	}
	if resp, err := http.Get(srv.URL + "/api/v1/search?q=" + url.QueryEscape("郑州市人民政府办公厅")); err != nil {
		t.Fatal(err)
	} else {
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if bytes.Contains(b, []byte(`"results":[]`)) {
			t.Errorf("the search does not find the published budget: %s", firstBytes(b))
		}
	}

	// The audit trail, exported as `yusuan audit export` writes it.
	export := filepath.Join(dir, "audit.json")
	if code, _, stderr := run2(t, "audit", "export", "-o", export, "--db", dsn); code != ExitOK {
		t.Fatalf("audit export: %s", stderr)
	}
	b, err := os.ReadFile(export)
	if err != nil {
		t.Fatal(err)
	}
	// One JSON object a line: the head, then the entries.
	var entries []store.AuditEntry
	for i, line := range bytes.Split(bytes.TrimSpace(b), []byte("\n")) {
		var e store.AuditEntry
		if err := json.Unmarshal(line, &e); err != nil {
			t.Fatalf("audit export line %d: %v", i+1, err)
		}
		if i > 0 {
			entries = append(entries, e)
		}
	}
	var steps []string
	for _, e := range entries {
		if strings.HasPrefix(e.Action, "draft.") || e.Action == "publish" {
			steps = append(steps, e.Actor+" "+e.Action)
			if e.Remote == "" {
				t.Errorf("entry %d has no remote address", e.Seq)
			}
		}
	}
	want := []string{"zhang draft.create", "zhang draft.explain", "zhang draft.submit", "wang draft.approve", "li draft.approve", "li draft.publish", "li publish"}
	if strings.Join(steps, "\n") != strings.Join(want, "\n") {
		t.Errorf("audit trail steps:\n%s\nwant:\n%s", strings.Join(steps, "\n"), strings.Join(want, "\n"))
	}
	if code, out, stderr := run2(t, "audit", "verify", "--db", dsn); code != ExitOK {
		t.Errorf("audit verify: exit %d %s%s", code, out, stderr)
	}
}

func jsQuote(s string) string { b, _ := json.Marshal(s); return string(b) }

// run2 runs a command (run of the other tests, without stdin).
func run2(t *testing.T, args ...string) (int, string, string) { return runIn(t, "", args...) }
