package cli

import (
	"context"
	"fmt"
	"log/slog"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/yusuan/yusuan"
	"github.com/yusuan/yusuan/store"
	"github.com/yusuan/yusuan/store/storetest"
)

// TestComplianceBrowser opens the dashboard in headless Chromium as a
// finance reviewer of the demo region: eight departments published today,
// approved 30, 25 or 10 days ago or without a date, two more approved and
// never published, one with two units of which one published. The totals
// count each status; a click on 状态 puts the overdue first, a second
// click reverses the order; a date entered in a row's form changes its
// status. With YUSUAN_SCREENSHOTS=1 it writes
// docs/screenshots/compliance-desktop.png (docs/compliance.md shows it).
func TestComplianceBrowser(t *testing.T) {
	exe := chromiumPath(t)
	storetest.Each(t, func(t *testing.T, dsn string) { complianceBrowser(t, exe, dsn) })
}

// complianceBrowser is the walk on one database.
func complianceBrowser(t *testing.T, exe, dsn string) {
	ctx := context.Background()
	dir := t.TempDir()
	year := time.Now().In(yusuan.ChinaTime).Year()
	if code, _, stderr := run(t, "demo", "--db", dsn, "--departments", "8", "--years", fmt.Sprintf("%d-%d", year, year)); code != 0 {
		t.Fatalf("demo: %s", stderr)
	}
	today := yusuan.DateOf(time.Now())
	var rows []string
	for i, ago := range []int{30, 25, 10, 30, 25, 10, 0, 0} {
		if ago > 0 {
			rows = append(rows, fmt.Sprintf("%d,%d,%s,", 101+i, year, today.AddDays(-ago)))
		}
	}
	rows = append(rows, fmt.Sprintf("201,%d,%s,示例市未公开局（演示数据）", year, today.AddDays(-40)),
		fmt.Sprintf("202,%d,%s,示例市新设中心（演示数据）", year, today.AddDays(-5)))
	csvFile := filepath.Join(dir, "批复日期.csv")
	os.WriteFile(csvFile, []byte("单位编码,年度,批复日期,单位名称\n"+strings.Join(rows, "\n")+"\n"), 0o644)
	if code, _, stderr := run(t, "approval", "import", "--db", dsn, "--region", "999900", csvFile); code != 0 {
		t.Fatalf("import: %s", stderr)
	}
	for _, u := range [][]string{{"101001", "示例市人民政府办公室机关服务中心（演示数据）"}, {"101002", "示例市人民政府办公室信息中心（演示数据）"}} {
		if code, _, stderr := run(t, "approval", "set", u[0], fmt.Sprint(year), today.AddDays(-30).String(), "--name", u[1], "--region", "999900", "--parent", "101", "--db", dsn); code != 0 {
			t.Fatalf("unit: %s", stderr)
		}
	}
	const pw = "Dashboard-walk-pw1"
	if code, _, stderr := runIn(t, pw+"\n", "user", "add", "li", "--role", "finance", "--region", "999900", "--password-stdin", "--db", dsn); code != 0 {
		t.Fatalf("user add: %s", stderr)
	}
	db, err := store.Open(ctx, dsn, store.Options{Migrate: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
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
	eval := func(js string) string {
		t.Helper()
		v, err := chromedp.Run(bctx, chromedp.Evaluate[string](js))
		if err != nil {
			t.Fatalf("%s: %v", js, err)
		}
		return v
	}
	// statuses are the status cells of the rows, top to bottom.
	statuses := func() []string {
		return strings.Split(eval(`Array.from(document.querySelectorAll("table.compliance td.status")).map(e => e.textContent.trim()).join("|")`), "|")
	}

	do("sign in",
		chromedp.Navigate(srv.URL+"/desk/login?next="+"%2Fdesk%2Fcompliance"),
		chromedp.WaitVisible("#name"),
		chromedp.SendKeys("#name", "li"),
		chromedp.SendKeys("#password", pw),
		chromedp.Submit("#password"),
		chromedp.WaitVisible("table.compliance"))
	totals := eval(`document.querySelector("dl.totals").innerText`)
	for _, want := range []string{"10 个，已公开 8 个", "按时公开\n2", "逾期公开\n4", "逾期未公开\n1", "未公开（未到截止日）\n1", "批复日期未录入\n2", "所属单位公开\n0 / 2"} {
		if !strings.Contains(totals, want) {
			t.Errorf("the totals lack %q:\n%s", want, totals)
		}
	}
	do("sort by status", chromedp.Click(`th[aria-sort] a[href*="sort=status"]`), chromedp.WaitVisible(`th[aria-sort="ascending"] a[href*="sort=status"]`))
	s := statuses()
	if len(s) != 10 || s[0] != "已逾期20天未公开" || !strings.HasPrefix(s[1], "逾期10天公开") || s[9] != "按时公开" {
		t.Errorf("by status, worst first: %q", s)
	}
	if os.Getenv("YUSUAN_SCREENSHOTS") == "1" {
		png, err := chromedp.Run(bctx, chromedp.FullScreenshot(100))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join("..", "..", "docs", "screenshots", "compliance-desktop.png"), png, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	do("reverse", chromedp.Click(`th[aria-sort] a[href*="sort=status"]`), chromedp.WaitVisible(`th[aria-sort="descending"] a[href*="sort=status"]`))
	if s := statuses(); len(s) != 10 || s[0] != "按时公开" || s[9] != "已逾期20天未公开" {
		t.Errorf("by status, reversed: %q", s)
	}
	// 107 has no date: 录入 opens its form; a date 20 days ago makes its
	// publication today on time, on the last day.
	form := `details[data-org="107"]`
	do("enter 107's date",
		chromedp.Click(form+` summary`),
		chromedp.WaitVisible(form+` input[name="approved_on"]`),
		chromedp.SetValue(form+` input[name="approved_on"]`, today.AddDays(-20).String()),
		chromedp.Click(form+` button`))
	// The answer is the dashboard again (303), in the same order: wait
	// for its totals to count 107.
	for deadline := time.Now().Add(30 * time.Second); !strings.Contains(eval(`(document.querySelector("dl.totals")||{}).innerText||""`), "按时公开\n3"); {
		if time.Now().After(deadline) {
			t.Fatalf("the totals do not count 107's date: %s", firstBytes([]byte(eval(`document.body.innerText`))))
		}
		time.Sleep(200 * time.Millisecond)
	}
	if got := eval(`document.querySelector('details[data-org="107"]').parentElement.firstChild.textContent.trim()`); got != today.AddDays(-20).String() {
		t.Errorf("107's date shown: %q", got)
	}
	if !strings.Contains(eval(`location.search`), "sort=status") {
		t.Errorf("the order is lost: %s", eval(`location.href`))
	}
	if totals := eval(`document.querySelector("dl.totals").innerText`); !strings.Contains(totals, "按时公开\n3") || !strings.Contains(totals, "批复日期未录入\n1") {
		t.Errorf("after entering 107's date:\n%s", totals)
	}
}
