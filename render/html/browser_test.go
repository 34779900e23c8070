package html_test

import (
	"context"
	stdhtml "html"
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
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/yusuan/yusuan/render/html"
	"github.com/yusuan/yusuan/render/internal/testdoc"
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
	t.Skip("chromium is not installed (apt-get install chromium); skipping the browser check")
	return ""
}

// TestBrowser opens the page in headless Chromium with the network off:
// it must load with no console error and no request leaving the file, and
// every chart must draw an SVG of non-zero size. Screenshots are kept in
// testdata/artifacts.
func TestBrowser(t *testing.T) {
	exe := chromium(t)
	doc, p := testdoc.Hostile(t) // hostile text must not break or script the page either
	for _, tc := range []struct {
		name string
		doc  func() ([]byte, error)
	}{
		{"example", func() ([]byte, error) { d, p := testdoc.Example(t); return html.Render(d, p) }},
		{"hostile", func() ([]byte, error) { return html.Render(doc, p) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			page, err := tc.doc()
			if err != nil {
				t.Fatal(err)
			}
			path := filepath.Join(t.TempDir(), "page.html")
			if err := os.WriteFile(path, page, 0o644); err != nil {
				t.Fatal(err)
			}
			check(t, exe, path, tc.name)
		})
	}
}

func check(t *testing.T, exe, path, name string) {
	page, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
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
		chromedp.WindowSize(1280, 900),
	}
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancel()
	ctx, cancel := chromedp.NewContext(actx)
	defer cancel()
	ctx, cancel = context.WithTimeout(ctx, 5*time.Minute)
	defer cancel()

	var mu sync.Mutex
	var problems []string
	note := func(s string) { mu.Lock(); problems = append(problems, s); mu.Unlock() }
	// Open the tab first, so the listener sees every event of the load.
	if err := chromedp.Do(ctx); err != nil {
		t.Fatal(err)
	}
	err = chromedp.Listen(ctx, func(ev any) {
		switch e := ev.(type) {
		case *runtime.EventConsoleAPICalled:
			if e.Type == "error" || e.Type == "warning" || e.Type == "assert" {
				var args []string
				for _, a := range e.Args {
					args = append(args, string(a.Value)+a.Description)
				}
				note("console " + string(e.Type) + ": " + strings.Join(args, " "))
			}
		case *runtime.EventExceptionThrown:
			note("exception: " + e.ExceptionDetails.Text)
		case *log.EventEntryAdded:
			if e.Entry.Level == log.EntryLevelError || e.Entry.Level == log.EntryLevelWarning {
				note("log " + string(e.Entry.Level) + ": " + e.Entry.Text + " " + e.Entry.URL)
			}
		case *network.EventRequestWillBeSent:
			if u := e.Request.URL; !strings.HasPrefix(u, "file://") && !strings.HasPrefix(u, "data:") {
				note("network request: " + u)
			}
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, err := range []error{
		call(ctx, network.Enable, network.EnableParams{}),
		call(ctx, log.Enable, cdp.Empty{}),
		call(ctx, runtime.Enable, cdp.Empty{}),
	} {
		if err != nil {
			t.Fatal(err)
		}
	}
	type size struct {
		ID       string  `json:"id"`
		W        float64 `json:"w"`
		H        float64 `json:"h"`
		Rendered bool    `json:"rendered"`
	}
	if err := chromedp.Do(ctx, chromedp.Navigate("file://"+path), chromedp.WaitReady("body"), chromedp.Sleep(300*time.Millisecond)); err != nil {
		t.Fatal(err)
	}
	title, err := chromedp.Run(ctx, chromedp.Title())
	if err != nil {
		t.Fatal(err)
	}
	sizes, err := chromedp.Run(ctx, chromedp.Evaluate[[]size](`Array.from(document.querySelectorAll(".chart")).map(function (el) {
		var g = el.querySelector("svg, canvas"); var r = g ? g.getBoundingClientRect() : {width: 0, height: 0};
		return {id: el.id, w: r.width, h: r.height, rendered: el.getAttribute("data-rendered") === "true"};
	})`))
	if err != nil {
		t.Fatal(err)
	}
	facts, err := chromedp.Run(ctx, chromedp.Evaluate[readerFacts](readerFactsJS))
	if err != nil {
		t.Fatal(err)
	}
	shot, err := chromedp.Run(ctx, chromedp.FullScreenshot(80))
	if err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(2), chromedp.EmulateMobile), chromedp.Reload(), chromedp.WaitReady("body"), chromedp.Sleep(300*time.Millisecond)); err != nil {
		t.Fatal(err)
	}
	mobile, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatal(err)
	}
	phoneWidth, err := chromedp.Run(ctx, chromedp.Evaluate[[]float64](`[document.documentElement.scrollWidth, window.innerWidth]`))
	if err != nil {
		t.Fatal(err)
	}
	// On a phone a grid shows one code column, the joined code.
	codes, err := chromedp.Run(ctx, chromedp.Evaluate[[]int](`(function () {
  var split = 0, joined = 0;
  document.querySelectorAll(".doc-table tbody tr:first-child").forEach(function (tr) {
    tr.querySelectorAll(".code-split").forEach(function (c) { if (getComputedStyle(c).display !== "none") { split++; } });
    tr.querySelectorAll(".code-joined").forEach(function (c) { if (getComputedStyle(c).display !== "none") { joined++; } });
  });
  return [split, joined];
})()`))
	if err != nil {
		t.Fatal(err)
	}
	if name == "example" && (codes[0] != 0 || codes[1] == 0) {
		t.Errorf("on a phone the grids show %d split code cells and %d joined ones in their first rows, want 0 and some", codes[0], codes[1])
	}
	if phoneWidth[0] > phoneWidth[1] {
		t.Errorf("on a phone the page scrolls sideways: %v px wide in %v", phoneWidth[0], phoneWidth[1])
	}
	checkReaderFacts(t, page, facts, name == "example")
	mu.Lock()
	defer mu.Unlock()
	for _, p := range problems {
		t.Error(p)
	}
	if len(sizes) < 4 {
		t.Errorf("%d charts on the page, want at least 4", len(sizes))
	}
	for _, s := range sizes {
		if !s.Rendered || s.W <= 0 || s.H <= 0 {
			t.Errorf("chart %s did not render: %+v", s.ID, s)
		}
	}
	if title == "" {
		t.Error("page has no title")
	}
	dir := filepath.Join("testdata", "artifacts")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for n, b := range map[string][]byte{name + ".jpg": shot, name + "-mobile.png": mobile} {
		p := filepath.Join(dir, n)
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		abs, _ := filepath.Abs(p)
		t.Logf("screenshot: %s", abs)
	}
}

func call[P any](ctx context.Context, cmd cdp.Command[P, cdp.Empty], p P) error {
	_, err := chromedp.Call(ctx, cmd, p)
	return err
}

// readerFacts is what a reader of the drawn page meets, at 1280 px.
type readerFacts struct {
	// Aria are the charts' accessible names after the charts drew.
	Aria []string `json:"aria"`
	// Pies are, per pie chart, the text it draws and its legend's type.
	Pies []struct {
		ID     string `json:"id"`
		Text   string `json:"text"`
		Legend string `json:"legend"`
	} `json:"pies"`
	// Names are the row names of grid tables that wrap to more than two
	// lines.
	Names []string `json:"names"`
	// Hidden are the tables whose row names scroll out of view when the
	// table is scrolled to its right end.
	Hidden []string `json:"hidden"`
	Grids  int      `json:"grids"`
	// Joined counts the joined code cells shown at 1280 px (none: the
	// desktop shows 类 款 项).
	Joined int `json:"joined"`
}

const readerFactsJS = `(function () {
  var out = {aria: [], pies: [], names: [], hidden: [], grids: 0, joined: 0};
  document.querySelectorAll(".code-joined").forEach(function (c) { if (getComputedStyle(c).display !== "none") { out.joined++; } });
  document.querySelectorAll(".chart").forEach(function (el) {
    out.aria.push(el.getAttribute("aria-label") || "");
    var inst = echarts.getInstanceByDom(el);
    if (el.classList.contains("chart-pie") && inst) {
      var lg = inst.getOption().legend;
      out.pies.push({id: el.id, text: Array.from(el.querySelectorAll("svg text")).map(function (t) { return t.textContent; }).join(""), legend: lg && lg[0] ? lg[0].type || "plain" : "none"});
    }
  });
  document.querySelectorAll(".doc-table:not(.form) .table-scroll").forEach(function (box) {
    out.grids++;
    box.querySelectorAll("tbody th").forEach(function (th) {
      var cs = getComputedStyle(th);
      var lines = (th.clientHeight - parseFloat(cs.paddingTop) - parseFloat(cs.paddingBottom)) / parseFloat(cs.lineHeight);
      if (lines > 2.2) { out.names.push(th.textContent + " (" + lines.toFixed(1) + " lines)"); }
    });
    if (box.scrollWidth > box.clientWidth) {
      box.scrollLeft = box.scrollWidth;
      var b = box.getBoundingClientRect();
      box.querySelectorAll("tbody th").forEach(function (th, i) {
        var r = th.getBoundingClientRect();
        if (i < 3 && (r.left < b.left - 1 || r.right > b.right + 1)) { out.hidden.push(box.getAttribute("aria-labelledby") + ": " + th.textContent); }
      });
      box.scrollLeft = 0;
    }
  });
  return out;
})()`

// chartAria reads the accessible names the page gives its charts.
var chartAria = regexp.MustCompile(`class="chart chart-\w+" id="[^"]*" role="img" aria-label="([^"]*)"`)

// layout: also the table layout (not for the hostile document, whose
// 10,000-character name must wrap).
func checkReaderFacts(t *testing.T, page []byte, f readerFacts, layout bool) {
	t.Helper()
	var want []string
	for _, m := range chartAria.FindAllSubmatch(page, -1) {
		want = append(want, stdhtml.UnescapeString(string(m[1])))
	}
	if len(want) == 0 || len(want) != len(f.Aria) {
		t.Errorf("%d charts with accessible names in the page, %d drawn", len(want), len(f.Aria))
	}
	for i := range min(len(want), len(f.Aria)) {
		if f.Aria[i] != want[i] {
			t.Errorf("chart %d: the chart library replaced its accessible name %q with %q", i+1, want[i], f.Aria[i])
		}
	}
	for _, p := range f.Pies {
		if p.Legend == "scroll" {
			t.Errorf("%s: the legend is paged with arrows (on screen and in print), hiding names", p.ID)
		}
	}
	if !layout {
		return
	}
	for _, n := range f.Names {
		t.Errorf("a row name wraps to more than two lines at 1280 px: %.200s", n)
	}
	for _, h := range f.Hidden {
		t.Errorf("the row name scrolls out of view: %.200s", h)
	}
	if f.Grids == 0 {
		t.Error("no grid table found")
	}
	if f.Joined != 0 {
		t.Errorf("at 1280 px %d joined code cells show beside 类 款 项", f.Joined)
	}
}
