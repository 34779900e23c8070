package cli

import (
	"bufio"
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// wantOf reads a bad budget's expected message from its "# want:" line.
func wantOf(t *testing.T, path string) string {
	special := map[string]string{
		"empty.yaml":              "文件为空",
		"json-unknown-field.json": `未知字段 "departmnt"`,
	}
	if w, ok := special[filepath.Base(path)]; ok {
		return w
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	if sc.Scan() {
		if w, ok := strings.CutPrefix(sc.Text(), "# want: "); ok {
			return w
		}
	}
	t.Fatalf("%s has no '# want:' line", path)
	return ""
}

// located is a message that names the file and, when the problem is in
// the file, its line: budget.yaml:12:5: or budget.yaml: for whole-file ones.
var located = regexp.MustCompile(`^yusuan: [^\s:]+\.(yaml|json)(:\d+(:\d+)?)?: `)

func TestBadBudgetsFailClearlyWithStatus2(t *testing.T) {
	files, _ := filepath.Glob("../../testdata/budgets/bad/*")
	if len(files) < 20 {
		t.Fatalf("only %d bad budgets", len(files))
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			out := t.TempDir()
			var stdout, stderr bytes.Buffer
			code := Main([]string{"build", f, "-o", filepath.Join(out, "site")}, &stdout, &stderr)
			if code != ExitInput {
				t.Errorf("exit status %d, want %d; stderr:\n%s", code, ExitInput, stderr.String())
			}
			msg := stderr.String()
			if want := wantOf(t, f); !strings.Contains(msg, want) {
				t.Errorf("stderr does not say %q:\n%s", want, msg)
			}
			if !located.MatchString(msg) {
				t.Errorf("stderr does not start with the file's name and place:\n%s", msg)
			}
			if strings.Contains(msg, "panic") || strings.Contains(msg, "goroutine") {
				t.Errorf("panic:\n%s", msg)
			}
			// Nothing is written, not even the output directory's contents.
			if entries, _ := os.ReadDir(filepath.Join(out, "site")); len(entries) > 0 {
				t.Errorf("output written despite the error: %v", entries)
			}
			if stdout.Len() > 0 {
				t.Errorf("stdout not empty: %q", stdout.String())
			}
		})
	}
}

func TestBuildWritesMarkdownAndJSON(t *testing.T) {
	out := t.TempDir()
	var stdout, stderr bytes.Buffer
	code := Main([]string{"build", "../../examples/zhengzhou-2021-gov-office/budget.yaml", "--format", "md,json", "-o", out}, &stdout, &stderr)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	md, err := os.ReadFile(filepath.Join(out, "budget.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"# 2021 年郑州市人民政府办公厅部门预算说明", "| 本年收入合计 | 96,619,907 | 本年支出合计 | 96,619,907 |", "基本支出 5433 万元，占比 56.23%"} {
		if !bytes.Contains(md, []byte(want)) {
			t.Errorf("budget.md lacks %q", want)
		}
	}
	js, err := os.ReadFile(filepath.Join(out, "budget.json"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(js, []byte(`"schema": "yusuan.document/v1"`)) {
		t.Errorf("budget.json lacks the schema")
	}
}

func TestUnknownFormatIsAnInputError(t *testing.T) {
	var stdout, stderr bytes.Buffer
	code := Main([]string{"build", "../../examples/zhengzhou-2021-gov-office/budget.yaml", "--format", "docx", "-o", t.TempDir()}, &stdout, &stderr)
	if code != ExitInput || !strings.Contains(stderr.String(), `未知的输出格式 "docx"`) {
		t.Errorf("exit %d, stderr %q", code, stderr.String())
	}
}
