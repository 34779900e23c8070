package portal_test

import (
	"bytes"
	"context"
	"fmt"
	"image"
	_ "image/jpeg"
	"image/png"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	cdppage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/yusuan/yusuan/store/storetest"
)

// chromium finds Debian's chromium; without it the test is skipped, except
// in CI (CI=true), where it must be installed.
func chromium(t *testing.T) string {
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

// TestBrowser walks the portal of a demo region in headless Chromium the
// way a reader does — 首页 → 部门 → 年度对比 → 搜索 → a download — on a
// 1280 px screen and a 390 px phone, and opens every other page type.
// On every page it checks what the reader sees (names and figures, drawn
// charts), that the page does not scroll sideways, that the console stays
// quiet, and that no request leaves the test server.
//
// With YUSUAN_SCREENSHOTS=1 it writes a screenshot of every page type at
// both widths to docs/screenshots (the ones the README shows), of a region
// without the hostile name.
func TestBrowser(t *testing.T) {
	exe := chromium(t)
	shots := os.Getenv("YUSUAN_SCREENSHOTS") == "1"
	// The screenshots in the README show an ordinary region; the test
	// proper names one department with a hostile name.
	r := newDemoRegion(t, storetest.SQLite(t), 6, !shots)
	dir := ""
	if shots {
		dir = filepath.Join("..", "docs", "screenshots")
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(exe),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.Flag("headless", true),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-default-apps", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("metrics-recording-only", true),
		chromedp.Flag("no-proxy-server", true),
		chromedp.Flag("hide-scrollbars", true),
		chromedp.Flag("font-render-hinting", "none"),
		chromedp.WindowSize(1280, 900),
	}
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancel()
	for _, vp := range []struct {
		name   string
		w, h   int64
		mobile bool
	}{{"desktop", 1280, 900, false}, {"phone", 390, 844, true}} {
		t.Run(vp.name, func(t *testing.T) {
			w := &walker{t: t, base: r.srv.URL, width: vp.w, shots: dir, suffix: vp.name}
			ctx, cancel := chromedp.NewContext(actx)
			defer cancel()
			ctx, cancel = context.WithTimeout(ctx, 5*time.Minute)
			defer cancel()
			w.ctx = ctx
			w.start()
			emu := []chromedp.EmulateViewportOption{chromedp.EmulateScale(1)}
			if vp.mobile {
				emu = append(emu, chromedp.EmulateMobile)
			}
			if err := chromedp.Do(ctx, chromedp.EmulateViewport(vp.w, vp.h, emu...)); err != nil {
				t.Fatal(err)
			}
			w.walk(r)
		})
	}
}

type walker struct {
	t      *testing.T
	ctx    context.Context
	base   string
	width  int64
	shots  string
	suffix string

	mu       sync.Mutex
	problems []string
}

func (w *walker) note(s string) { w.mu.Lock(); w.problems = append(w.problems, s); w.mu.Unlock() }

// start opens the tab and listens to the console, the log and the network.
func (w *walker) start() {
	t := w.t
	if err := chromedp.Do(w.ctx); err != nil {
		t.Fatal(err)
	}
	err := chromedp.Listen(w.ctx, func(ev any) {
		switch e := ev.(type) {
		case *runtime.EventConsoleAPICalled:
			if e.Type == "error" || e.Type == "warning" || e.Type == "assert" {
				var args []string
				for _, a := range e.Args {
					args = append(args, string(a.Value)+a.Description)
				}
				w.note("console " + string(e.Type) + ": " + strings.Join(args, " "))
			}
		case *runtime.EventExceptionThrown:
			w.note("exception: " + e.ExceptionDetails.Text)
		case *log.EventEntryAdded:
			if e.Entry.Level == log.EntryLevelError || e.Entry.Level == log.EntryLevelWarning {
				w.note("log " + string(e.Entry.Level) + ": " + e.Entry.Text + " " + e.Entry.URL)
			}
		case *cdppage.EventJavascriptDialogOpening:
			w.note("a script opened a dialog: " + e.Message)
		case *network.EventRequestWillBeSent:
			if u := e.Request.URL; !strings.HasPrefix(u, w.base+"/") && !strings.HasPrefix(u, "data:") {
				w.note("request leaves the server: " + u)
			}
		case *network.EventLoadingFailed:
			if !e.Canceled {
				w.note("request failed: " + e.ErrorText)
			}
		case *network.EventResponseReceived:
			if e.Response.Status >= 400 {
				w.note(fmt.Sprintf("HTTP %d: %s", e.Response.Status, e.Response.URL))
			}
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, err := range []error{
		call(w.ctx, network.Enable, network.EnableParams{}),
		call(w.ctx, log.Enable, cdp.Empty{}),
		call(w.ctx, runtime.Enable, cdp.Empty{}),
	} {
		if err != nil {
			t.Fatal(err)
		}
	}
}

func call[P any](ctx context.Context, cmd cdp.Command[P, cdp.Empty], p P) error {
	_, err := chromedp.Call(ctx, cmd, p)
	return err
}

func eval[T any](w *walker, js string) T {
	w.t.Helper()
	v, err := chromedp.Run(w.ctx, chromedp.Evaluate[T](js, chromedp.EvalAwaitPromise))
	if err != nil {
		w.t.Fatalf("%s: %v", js, err)
	}
	return v
}

// open loads a page and waits until its charts are drawn.
func (w *walker) open(path string) {
	w.t.Helper()
	if err := chromedp.Do(w.ctx, chromedp.Navigate(w.base+path), chromedp.WaitReady("body")); err != nil {
		w.t.Fatalf("open %s: %v", path, err)
	}
	w.settle()
}

// settle waits for the load to finish and every chart to be drawn.
func (w *walker) settle() {
	w.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		done := eval[bool](w, `document.readyState === "complete" &&
			Array.from(document.querySelectorAll("[data-chart]")).every(function (el) { return el.querySelector("svg") !== null; })`)
		if done {
			break
		}
		if time.Now().After(deadline) {
			w.t.Fatalf("%s: charts not drawn after 10 s", eval[string](w, "location.pathname"))
		}
		time.Sleep(50 * time.Millisecond)
	}
	// The bars grow in for a second: wait until the drawing stands still,
	// so the labels are where the reader finally sees them.
	last := ""
	for time.Now().Before(deadline) {
		now := eval[string](w, `Array.from(document.querySelectorAll("[data-chart] svg")).map(function (s) { return s.innerHTML; }).join("")`)
		if now == last {
			return
		}
		last = now
		time.Sleep(200 * time.Millisecond)
	}
	w.t.Fatalf("%s: charts still moving after 10 s", eval[string](w, "location.pathname"))
}

// follow reads the href of the first link matching sel, as a reader
// clicks it, and opens it.
func (w *walker) follow(sel string) string {
	w.t.Helper()
	href := eval[string](w, `(function () { var a = document.querySelector(`+jsString(sel)+`); return a ? a.getAttribute("href") : ""; })()`)
	if href == "" {
		w.t.Fatalf("%s: no link %s", eval[string](w, "location.pathname"), sel)
	}
	w.open(href)
	return href
}

// sees fails unless the page's visible text holds every string.
func (w *walker) sees(want ...string) {
	w.t.Helper()
	text := eval[string](w, "document.body.innerText")
	path := eval[string](w, "location.pathname + location.search")
	for _, s := range want {
		if !strings.Contains(text, s) {
			w.t.Errorf("%s at %d px: the reader does not see %q", path, w.width, s)
		}
	}
}

// layout checks the page does not scroll sideways and every chart has a
// drawn, non-empty SVG that fits the screen; then it takes the screenshot
// named name (none when name is empty).
func (w *walker) layout(name string) {
	w.t.Helper()
	type geo struct {
		Path        string    `json:"path"`
		ScrollWidth float64   `json:"scrollWidth"`
		InnerWidth  float64   `json:"innerWidth"`
		Wide        []string  `json:"wide"`
		Charts      []float64 `json:"charts"`
		Clipped     []string  `json:"clipped"`
		Overlap     []string  `json:"overlap"`
	}
	g := eval[geo](w, `(function () {
		var wide = [];
		document.querySelectorAll("body *").forEach(function (el) {
			if (el.closest(".table-wrap")) return; // tables scroll in their own box
			var r = el.getBoundingClientRect();
			if (r.width > 0 && r.right > window.innerWidth + 1) wide.push(el.tagName.toLowerCase() + (el.className ? "." + el.className : "") + " " + Math.round(r.right));
		});
		return {path: location.pathname + location.search, scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth, wide: wide.slice(0, 5),
			clipped: Array.from(document.querySelectorAll("[data-chart] svg")).flatMap(function (s) {
				var box = s.getBoundingClientRect();
				return Array.from(s.querySelectorAll("text")).filter(function (t) {
					var r = t.getBoundingClientRect();
					return r.width > 0 && (r.left < box.left - 1 || r.right > box.right + 1);
				}).map(function (t) { return t.textContent; });
			}).slice(0, 5),
			overlap: Array.from(document.querySelectorAll("[data-chart] svg")).flatMap(function (s) {
				var ts = Array.from(s.querySelectorAll("text")).map(function (t) { return {s: t.textContent, r: t.getBoundingClientRect()}; })
					.filter(function (t) { return t.r.width > 0 && t.s !== ""; }), out = [];
				for (var i = 0; i < ts.length; i++) for (var j = i + 1; j < ts.length; j++) {
					var a = ts[i].r, b = ts[j].r;
					if (Math.min(a.right, b.right) - Math.max(a.left, b.left) > 2 && Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 2) out.push(ts[i].s + " / " + ts[j].s);
				}
				return out;
			}).slice(0, 5),
			charts: Array.from(document.querySelectorAll("[data-chart] svg")).map(function (s) { var r = s.getBoundingClientRect(); return r.width * r.height; })};
	})()`)
	if m := doubleSign.FindString(eval[string](w, "document.body.innerText")); m != "" {
		w.t.Errorf("%s words a change as %q", g.Path, m)
	}
	if g.InnerWidth != float64(w.width) {
		w.t.Errorf("%s: window is %v px wide, want %d", g.Path, g.InnerWidth, w.width)
	}
	if g.ScrollWidth > g.InnerWidth {
		w.t.Errorf("%s at %d px scrolls sideways: document is %v px wide; too wide: %v", g.Path, w.width, g.ScrollWidth, g.Wide)
	}
	if len(g.Clipped) > 0 {
		w.t.Errorf("%s at %d px: chart labels cut off at the edge: %q", g.Path, w.width, g.Clipped)
	}
	if len(g.Overlap) > 0 {
		w.t.Errorf("%s at %d px: chart labels overlap: %q", g.Path, w.width, g.Overlap)
	}
	for i, a := range g.Charts {
		if a <= 0 {
			w.t.Errorf("%s: chart %d is drawn empty", g.Path, i)
		}
	}
	// Only the page's own three scripts run; JSON blocks carry chart data.
	if n := eval[int](w, `document.querySelectorAll('script:not([type="application/json"])').length`); n != 3 {
		w.t.Errorf("%s: %d scripts on the page, want the chart library, htmx and portal.js", g.Path, n)
	}
	if w.shots == "" || name == "" {
		return
	}
	shot, err := chromedp.Run(w.ctx, chromedp.CaptureScreenshot())
	if err != nil {
		w.t.Fatal(err)
	}
	img, _, err := image.Decode(bytes.NewReader(shot))
	if err != nil {
		w.t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := (&png.Encoder{CompressionLevel: png.BestCompression}).Encode(&buf, img); err != nil {
		w.t.Fatal(err)
	}
	p := filepath.Join(w.shots, name+"-"+w.suffix+".png")
	if err := os.WriteFile(p, buf.Bytes(), 0o644); err != nil {
		w.t.Fatal(err)
	}
}

func (w *walker) walk(r *demoRegion) {
	t := w.t
	// 首页: the year's total, the departments ranked, a drawn chart.
	w.open("/")
	w.sees("2026 年预算公开", "支出预算合计", "钱花在哪里", "各部门支出", "万元")
	var names []string
	for _, d := range r.depts {
		names = append(names, d.Name)
	}
	w.sees(names...)
	figures := eval[int](w, `document.querySelectorAll("td.num").length`)
	if figures < 10 {
		t.Errorf("home page shows %d figures, want at least 10", figures)
	}
	w.layout("home")

	// 部门: follow the department ranked first.
	href := w.follow(`table a[href^="/org/"]`)
	code := strings.TrimPrefix(href, "/org/")
	var name string
	for _, d := range r.depts {
		if d.Code == code {
			name = d.Name
		}
	}
	if name == "" {
		t.Fatalf("home links to %s, no department of the region", href)
	}
	w.sees(name, "历年支出", "公开的文件", "2025", "2026")
	w.layout("org")

	// 年度对比, on the department page: worded as a narrative prints it.
	if !eval[bool](w, `Array.from(document.querySelectorAll("h2")).some(function (h) { return h.textContent === "年度对比"; })`) {
		t.Errorf("/org/%s has no 年度对比", code)
	}
	w.sees("比上年", "基本支出与项目支出")

	// 搜索: type the department's name into the search form and submit it.
	w.open("/search")
	if err := chromedp.Do(w.ctx, chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		_, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(function () { var q = document.getElementById("q"); q.value = `+jsString(name)+`; q.form.submit(); return true; })()`))
		return err
	})); err != nil {
		t.Fatal(err)
	}
	w.waitPath("/search", "q=")
	w.settle()
	w.sees(name, "部门和单位")
	if !eval[bool](w, `document.querySelector('main a[href="/org/`+code+`"]') !== null`) {
		t.Errorf("searching %q does not link to /org/%s", name, code)
	}
	w.layout("search")

	// 搜索 as the reader types: htmx fetches the results only, the page
	// stays (a marker set on it survives) and its URL follows.
	other := r.depts[1]
	eval[bool](w, `(function () { window.yusuanStay = 1; var q = document.getElementById("q"); q.value = `+jsString(other.Name)+`;
		q.dispatchEvent(new Event("input", {bubbles: true})); return true; })()`)
	w.waitFor(`document.querySelector('#search-result a[href="/org/` + other.Code + `"]') !== null && location.search.indexOf("q=") >= 0`)
	if !eval[bool](w, `window.yusuanStay === 1`) {
		t.Error("typing a search loaded a new page instead of the results")
	}

	// A download: the latest publication's Markdown, from 数据下载.
	w.open("/downloads?year=2026")
	w.sees("数据下载 · 2026 年", name)
	w.layout("downloads")
	dl := eval[string](w, `(function () {
		var a = document.querySelector('a[href$="/files/md"]');
		if (!a) return "no download link";
		return fetch(a.getAttribute("href")).then(function (r) { return r.text().then(function (t) { return r.status + " " + t; }); });
	})()`)
	if !strings.HasPrefix(dl, "200 ") || !strings.Contains(dl, "2026") || len(dl) < 500 {
		t.Errorf("download: %.200q", dl)
	}

	// Every other page type.
	w.follow(`table a[href^="/pub/"]`)
	w.sees("下载", "Markdown")
	w.layout("pub")
	w.open("/three-public")
	w.sees("“三公”经费", "公务接待费")
	w.layout("three-public")
	w.open("/compare?org=" + r.depts[0].Code + "&org=" + r.depts[1].Code + "&year=2026")
	w.sees("部门对比 · 2026 年", r.depts[0].Name, r.depts[1].Name)
	w.layout("compare")
	// Ticking a third department and choosing another year updates the
	// tables in place (htmx), the heading and the URL with them.
	eval[bool](w, `(function () { window.yusuanStay = 1; document.querySelector('input[name="org"][value="`+r.depts[2].Code+`"]').click(); return true; })()`)
	w.waitFor(`Array.from(document.querySelectorAll("#compare-result th")).some(function (th) { return th.textContent === ` + jsString(r.depts[2].Name) + `; }) && location.search.indexOf("org=` + r.depts[2].Code + `") >= 0`)
	eval[bool](w, `(function () { var s = document.getElementById("year"); s.value = "2025"; s.dispatchEvent(new Event("change", {bubbles: true})); return true; })()`)
	w.waitFor(`document.getElementById("page-title").textContent === "部门对比 · 2025 年" && location.search.indexOf("year=2025") >= 0`)
	w.sees("2025 年按功能分类", r.depts[2].Name)
	if !eval[bool](w, `window.yusuanStay === 1`) {
		t.Error("changing the comparison loaded a new page instead of the tables")
	}
	w.layout("") // checked, not photographed: the screenshot shows the page as opened
	w.open("/subject/201")
	w.sees("科目 201 一般公共服务支出", "各部门历年支出")
	w.layout("subject")

	w.mu.Lock()
	defer w.mu.Unlock()
	for _, p := range w.problems {
		t.Errorf("at %d px: %s", w.width, p)
	}
}

// waitFor waits until the script cond is true.
func (w *walker) waitFor(cond string) {
	w.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		ok, err := chromedp.Run(w.ctx, chromedp.Evaluate[bool](cond))
		if err == nil && ok {
			return
		}
		if time.Now().After(deadline) {
			w.t.Fatalf("%s: not so after 10 s: %s", eval[string](w, "location.pathname + location.search"), cond)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// waitPath waits until the tab shows path with a query holding q.
func (w *walker) waitPath(path, q string) {
	w.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		ok, err := chromedp.Run(w.ctx, chromedp.Evaluate[bool](`location.pathname === `+jsString(path)+` && location.search.indexOf(`+jsString(q)+`) >= 0 && document.readyState === "complete"`))
		if err == nil && ok {
			return
		}
		if time.Now().After(deadline) {
			w.t.Fatalf("the form did not lead to %s?%s", path, q)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func jsString(s string) string { return "decodeURIComponent(\"" + url.PathEscape(s) + "\")" }

// doubleSign is a change worded twice: a direction and a minus sign
// (“减少 -2.85”), which a narrative never prints.
var doubleSign = regexp.MustCompile(`(增加|减少|增长|下降)\s*-`)

// TestChangeWording checks every page type words a change once: the
// direction with the size (“减少 2.85”, “下降 9.49%”), never a direction
// with a negative number, and never a bare negative growth rate.
func TestChangeWording(t *testing.T) {
	r := newDemoRegion(t, storetest.SQLite(t), 6, true)
	cell := regexp.MustCompile(`<td class="num">(-[0-9.,]+%?)</td>`)
	for _, pt := range r.pageTypes() {
		resp, body := page(t, r.srv.URL+pt.path)
		if resp.StatusCode != 200 {
			t.Fatalf("%s: %d", pt.path, resp.StatusCode)
		}
		if m := doubleSign.FindString(body); m != "" {
			t.Errorf("%s words a change as %q", pt.path, m)
		}
		if m := cell.FindStringSubmatch(body); m != nil && strings.HasSuffix(m[1], "%") {
			t.Errorf("%s shows a growth rate as %q, not as 下降", pt.path, m[1])
		}
	}
}
