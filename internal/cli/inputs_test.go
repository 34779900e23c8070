package cli

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

func runCLI(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = Main(args, &out, &errb)
	return code, out.String(), errb.String()
}

const minimalBudget = "../../testdata/budgets/minimal.yaml"

// Issue 12, case 8: a link to a folder is followed, a link loop ends, an
// empty folder is an unreadable input, skipped files are counted, and a
// disclosure is recognized by its content, not its name.
func TestCheckFolders(t *testing.T) {
	dir := t.TempDir()
	real := filepath.Join(dir, "real")
	empty := filepath.Join(dir, "empty")
	for _, d := range []string{real, empty} {
		if err := os.Mkdir(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	copyFile(t, minimalBudget, filepath.Join(real, "budget.yaml"))
	// Document JSON under a name that says nothing.
	if code, _, errs := runCLI(t, "build", minimalBudget, "--format", "json", "-o", filepath.Join(dir, "built")); code != 0 {
		t.Fatalf("build: %d %s", code, errs)
	}
	copyFile(t, filepath.Join(dir, "built", "minimal.json"), filepath.Join(real, "document.dat"))
	os.WriteFile(filepath.Join(real, "photo.png"), []byte("\x89PNG\r\n\x1a\n\x00\x00"), 0o644)
	os.WriteFile(filepath.Join(real, "notes.csv"), []byte("a,b\n"), 0o644)
	os.Symlink(real, filepath.Join(real, "loop"))
	link := filepath.Join(dir, "link")
	if err := os.Symlink(real, link); err != nil {
		t.Skip("no symbolic links here:", err)
	}

	t.Run("link to a folder", func(t *testing.T) {
		code, out, errs := runCLI(t, "check", link)
		if !strings.Contains(out, "共检查 1 个文件") || !strings.Contains(out, "budget.yaml") {
			t.Errorf("checked: %s", out)
		}
		if !strings.Contains(errs, "已跳过 3 个") {
			t.Errorf("stderr %q: want the two skipped files and the .dat counted", errs)
		}
		if code != 0 && code != 1 {
			t.Errorf("exit %d", code)
		}
	})
	t.Run("empty folder", func(t *testing.T) {
		code, out, _ := runCLI(t, "check", empty)
		if code != ExitInput || !strings.Contains(out, "文件夹中没有可检查的文件") {
			t.Errorf("exit %d, %s", code, out)
		}
	})
	t.Run("a disclosure named without its extension", func(t *testing.T) {
		code, out, errs := runCLI(t, "check", filepath.Join(real, "document.dat"))
		if code == ExitInput || !strings.Contains(out, "共检查 1 个文件") {
			t.Errorf("exit %d, %s %s", code, out, errs)
		}
	})
}

// Issue 12, case 9: -j has a bound.
func TestCheckJobsIsBounded(t *testing.T) {
	code, _, errs := runCLI(t, "check", "-j", "100000", minimalBudget)
	if code != ExitInput || !strings.Contains(errs, "--max-jobs") {
		t.Errorf("exit %d, %q", code, errs)
	}
	if code, _, errs := runCLI(t, "check", "-j", "100000", "--max-jobs", "100000", minimalBudget); code == ExitInput {
		t.Errorf("raised limit: exit %d, %q", code, errs)
	}
}

// Issue 12, case 12: usage errors exit 2 with a Chinese message; --version;
// "-" reads standard input.
func TestUsageErrorsExit2InChinese(t *testing.T) {
	for _, args := range [][]string{
		{"frobnicate"},
		{"build"},
		{"check"},
		{"check", "--bogus", minimalBudget},
		{"check", "-j", "x", minimalBudget},
		{"build", minimalBudget, "--format", "nope"},
		{"check", "--max-depth", "0", minimalBudget},
		{"check", "--max-input-size", "lots", minimalBudget},
	} {
		code, _, errs := runCLI(t, args...)
		if code != ExitInput {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
		if !strings.ContainsFunc(errs, func(r rune) bool { return r >= 0x4e00 && r <= 0x9fff }) {
			t.Errorf("%v: message not in Chinese: %q", args, errs)
		}
	}
}

func TestVersion(t *testing.T) {
	code, out, _ := runCLI(t, "--version")
	if code != 0 || !strings.HasPrefix(out, "yusuan ") || !strings.Contains(out, "go1.") {
		t.Errorf("exit %d, %q", code, out)
	}
}

func TestStdin(t *testing.T) {
	f, err := os.Open(minimalBudget)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	old := os.Stdin
	os.Stdin = f
	defer func() { os.Stdin = old }()
	stdin = &stdinCache{}
	dir := t.TempDir()
	code, _, errs := runCLI(t, "build", "-", "--format", "json", "-o", dir)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if _, err := os.Stat(filepath.Join(dir, "budget.json")); err != nil {
		t.Error(err)
	}
}

// Issue 12, case 12: Document JSON errors name the file and the line, in
// Chinese; a catalog file's error is not blamed on the budget file.
func TestErrorsNameThePlace(t *testing.T) {
	dir := t.TempDir()
	write := func(name, s string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"render", write("kind.json", "{\"schema\": \"yusuan.document/v1\",\n\"tables\": [{\"kind\": 5}]}"), "--format", "md", "-o", dir}, "kind.json:2: tables.kind：类型错误"},
		{[]string{"render", write("huge.json", "{\"schema\": \"yusuan.document/v1\",\n\"tables\": [\n{\"rows\": [{\"cells\": {\"a\": 1e400}}]}]}"), "--format", "md", "-o", dir}, "huge.json:3: \"1e400\""},
		{[]string{"render", write("cut.json", "{\"schema\": \"yusuan.document/v1\",\n\"tables\": ["), "--format", "md", "-o", dir}, "cut.json: 文件不完整"},
		{[]string{"render", write("field.json", "{\"schema\": \"yusuan.document/v1\",\n\"tabels\": []}"), "--format", "md", "-o", dir}, "field.json:2: 未知字段 \"tabels\""},
		{[]string{"build", minimalBudget, "--catalog", write("bad.csv", "code,name\n9999999,坏\n"), "-o", dir}, "bad.csv:1"},
	}
	for _, tt := range tests {
		code, _, errs := runCLI(t, tt.args...)
		if code != ExitInput || !strings.Contains(errs, tt.want) || strings.Contains(errs, "minimal.yaml:") {
			t.Errorf("%v: exit %d, %q, want %q", tt.args[:2], code, errs, tt.want)
		}
	}
}

// Issue 12, case 10: a partly scanned PDF imports with a warning naming
// the pages without a text layer.
func TestPartlyScannedPDFIsAWarning(t *testing.T) {
	needPDF(t)
	if _, err := exec.LookPath("qpdf"); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("qpdf is required in CI:", err)
		}
		t.Skip("qpdf missing")
	}
	dir := t.TempDir()
	sample := "../../testdata/disclosures/shanghai-putuo-2025-zhengfu-bangongshi.pdf"
	partly := filepath.Join(dir, "partly.pdf")
	out, err := exec.Command("qpdf", "--empty", "--pages", sample, "1-4", "../../testdata/import/scanned.pdf", "1", sample, "5-z", "--", partly).CombinedOutput()
	if err != nil {
		t.Fatalf("qpdf: %v %s", err, out)
	}
	code, _, errs := runCLI(t, "import", partly, "-o", filepath.Join(dir, "doc.json"))
	if code != 0 || !strings.Contains(errs, "第 5 页没有文字层") {
		t.Errorf("exit %d, %q", code, errs)
	}
	// A page limit is enforced before the pages are laid out.
	code, _, errs = runCLI(t, "import", "--max-pages", "3", partly)
	if code != ExitInput || !strings.Contains(errs, "PDF 页数超过上限 3") {
		t.Errorf("exit %d, %q", code, errs)
	}
}

// Issue 12, case 9: a text file of many short lines is refused before it
// is laid out.
func TestTextLinesAreBounded(t *testing.T) {
	p := filepath.Join(t.TempDir(), "lines.txt")
	if err := os.WriteFile(p, bytes.Repeat([]byte("a\n"), 1000), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, errs := runCLI(t, "import", "--max-rows", "500", p)
	if code != ExitInput || !strings.Contains(errs, "lines.txt: 文本行数超过上限 500") {
		t.Errorf("exit %d, %q", code, errs)
	}
}

// Every limit is a flag; a limit hit is exit 2 naming the file and flag.
func TestLimitFlags(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"build", "--max-input-size", "1KiB", minimalBudget, "-o", t.TempDir()}, "minimal.yaml: 文件大小超过上限 1.0 KiB"},
		{[]string{"build", "--max-tokens", "100", minimalBudget, "-o", t.TempDir()}, "--max-tokens"},
		{[]string{"build", "--max-depth", "1", minimalBudget, "-o", t.TempDir()}, "minimal.yaml:5:"},
		{[]string{"check", "--max-items", "1", minimalBudget}, "--max-items"},
	}
	for _, tt := range tests {
		code, out, errs := runCLI(t, tt.args...)
		if code != ExitInput || !strings.Contains(out+errs, tt.want) {
			t.Errorf("%v: exit %d, %q, want %q", tt.args, code, out+errs, tt.want)
		}
	}
	// The next run has the defaults again.
	if code, _, errs := runCLI(t, "build", minimalBudget, "--format", "json", "-o", t.TempDir()); code != 0 {
		t.Errorf("defaults not restored: exit %d, %s", code, errs)
	}
}
