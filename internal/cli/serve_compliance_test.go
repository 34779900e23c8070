package cli

import (
	"html"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/yusuan/yusuan/store/storetest"
)

// The finance bureau's whole use of the dashboard through yusuan serve
// (both databases): dates entered on the command line, a finance reviewer
// signed in at /desk/login sees the region's rows, downloads the CSV the
// page links to with the same session, and a script reads the JSON with
// a bearer token.
func TestServeCompliance(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dsn string) {
		dir := t.TempDir()
		if code, _, stderr := run(t, "publish", "--db", dsn, "--region", "410100", "--region-name", "郑州市", "--approved", "2021-02-01",
			"../../examples/zhengzhou-2021-gov-office/budget.yaml"); code != 0 {
			t.Fatalf("publish: %s", stderr)
		}
		csvFile := filepath.Join(dir, "批复.csv")
		os.WriteFile(csvFile, []byte("单位编码,年度,批复日期,单位名称\n005,2021,2021-03-01,未公开局\n"), 0o644)
		if code, _, stderr := run(t, "approval", "import", "--db", dsn, "--region", "410100", csvFile); code != 0 {
			t.Fatalf("import: %s", stderr)
		}
		const pw = "compliance-Test-pw1"
		if code, _, stderr := runIn(t, pw+"\n", "user", "add", "li", "--role", "finance", "--region", "410100", "--password-stdin", "--db", dsn); code != 0 {
			t.Fatalf("user add: %s", stderr)
		}
		code, stdout, stderr := run(t, "token", "create", "li", "--db", dsn)
		if code != 0 {
			t.Fatalf("token create: %s", stderr)
		}
		tok := strings.TrimSpace(strings.SplitN(stdout, "\n", 2)[0])

		base := startServe(t, dsn)
		jar, _ := cookiejar.New(nil)
		c := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
		fetch := func(method, u string, form url.Values, header ...string) (*http.Response, string) {
			t.Helper()
			var body io.Reader
			if form != nil {
				body = strings.NewReader(form.Encode())
			}
			req, _ := http.NewRequest(method, u, body)
			req.Header.Set("Accept", "text/html")
			if form != nil {
				req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			}
			for i := 0; i+1 < len(header); i += 2 {
				req.Header.Set(header[i], header[i+1])
			}
			res, err := c.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer res.Body.Close()
			bs, _ := io.ReadAll(res.Body)
			return res, string(bs)
		}
		if res, _ := fetch("GET", base+"/desk/compliance", nil); res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/desk/login") {
			t.Fatalf("anonymous: %d %s", res.StatusCode, res.Header.Get("Location"))
		}
		_, login := fetch("GET", base+"/desk/login", nil)
		m := regexp.MustCompile(`name="csrf_token" value="([^"]+)"`).FindStringSubmatch(login)
		if m == nil {
			t.Fatal("no csrf token on the sign-in page")
		}
		if res, body := fetch("POST", base+"/desk/login", url.Values{"csrf_token": {m[1]}, "name": {"li"}, "password": {pw}, "next": {"/desk/compliance?year=2021"}}); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("sign in: %d\n%s", res.StatusCode, body)
		}
		res, page := fetch("GET", base+"/desk/compliance?year=2021", nil)
		if res.StatusCode != 200 {
			t.Fatalf("page: %d\n%s", res.StatusCode, page)
		}
		for _, want := range []string{"郑州市人民政府办公厅", "未公开局", "已逾期", "下载 CSV"} {
			if !strings.Contains(page, want) {
				t.Errorf("the page lacks %q", want)
			}
		}
		link := regexp.MustCompile(`href="(/api/v1/compliance\?[^"]*format=csv[^"]*)"`).FindStringSubmatch(page)
		if link == nil {
			t.Fatalf("no CSV link on the page")
		}
		res, csv := fetch("GET", base+html.UnescapeString(link[1]), nil)
		if res.StatusCode != 200 || !strings.HasPrefix(csv, "\ufeff单位编码,单位名称") || !strings.Contains(csv, "\r\n005,未公开局,2021,预算,2021-03-01,2021-03-21,,已逾期") {
			t.Errorf("CSV with the session: %d\n%s", res.StatusCode, csv)
		}
		// A script: the bearer token, no cookie.
		c.Jar = nil
		res, body := fetch("GET", base+"/api/v1/compliance?year=2021", nil, "Authorization", "Bearer "+tok, "Accept", "application/json")
		if res.StatusCode != 200 || !strings.Contains(body, `"organizations":2`) || !strings.Contains(body, `"status":"overdue"`) {
			t.Errorf("JSON with the token: %d\n%s", res.StatusCode, body)
		}
		if res, _ := fetch("GET", base+"/api/v1/compliance?region=410100&year=2021", nil, "Accept", "application/json"); res.StatusCode != http.StatusUnauthorized {
			t.Errorf("JSON without credentials: %d", res.StatusCode)
		}
	})
}
