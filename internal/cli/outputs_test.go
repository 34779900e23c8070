package cli

import (
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/goccy/go-yaml"

	"github.com/yusuan/yusuan"
)

const seed = "../../testdata/disclosures/zhengzhou-2021-gov-office.txt"

// tree lists every entry under dir with its type and size, to see that a
// refused command changed nothing.
func tree(t *testing.T, dir string) string {
	t.Helper()
	var b strings.Builder
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		fi, _ := os.Lstat(p)
		rel, _ := filepath.Rel(dir, p)
		b.WriteString(rel + " " + fi.Mode().String())
		if fi.Mode().IsRegular() {
			data, _ := os.ReadFile(p)
			fmt.Fprintf(&b, " %d %x", len(data), sha256.Sum256(data))
		}
		b.WriteString("\n")
		return nil
	})
	return b.String()
}

// TestOutputNeverReplacesSpecialFiles: issue 12 case 1. "yusuan import X
// -o /dev/null" as root replaced the machine's /dev/null with a JSON file;
// FIFOs and symbolic links were replaced the same way. Each is refused,
// with the reason, exit status 2, and left as it was.
func TestOutputNeverReplacesSpecialFiles(t *testing.T) {
	for _, c := range []struct {
		name string
		make func(t *testing.T, p string)
		want string
	}{
		{"device", func(t *testing.T, p string) {
			// A copy of /dev/null's node in a temporary folder, never the real one.
			if err := syscall.Mknod(p, syscall.S_IFCHR|0o666, 1<<8|3); err != nil {
				t.Skipf("mknod needs root: %v", err)
			}
		}, "设备文件"},
		{"fifo", func(t *testing.T, p string) {
			if err := syscall.Mkfifo(p, 0o644); err != nil {
				t.Skipf("mkfifo: %v", err)
			}
		}, "命名管道"},
		{"symlink", func(t *testing.T, p string) {
			os.WriteFile(p+".target", []byte("someone else's"), 0o644)
			os.Symlink(filepath.Base(p)+".target", p)
		}, "符号链接"},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			target := filepath.Join(dir, "doc.json")
			c.make(t, target)
			before := tree(t, dir)
			code, stdout, stderr := run(t, "import", seed, "-o", target)
			if code != ExitInput {
				t.Errorf("exit status %d, want 2; stderr:\n%s", code, stderr)
			}
			if !strings.Contains(stderr, "不能写入 "+target) || !strings.Contains(stderr, c.want) {
				t.Errorf("stderr does not name %s and say %q:\n%s", target, c.want, lastLine(stderr))
			}
			if stdout != "" {
				t.Errorf("stdout: %q", stdout)
			}
			if after := tree(t, dir); after != before {
				t.Errorf("changed:\nbefore\n%s\nafter\n%s", before, after)
			}
			// build and render are held to the same rule.
			dir2 := t.TempDir()
			c.make(t, filepath.Join(dir2, "budget.md"))
			before = tree(t, dir2)
			if code, _, stderr := run(t, "build", example, "--format", "md,json", "-o", dir2); code != ExitInput || !strings.Contains(stderr, c.want) {
				t.Errorf("build: exit status %d, stderr %s", code, lastLine(stderr))
			}
			if after := tree(t, dir2); after != before {
				t.Errorf("build changed:\nbefore\n%s\nafter\n%s", before, after)
			}
		})
	}
}

func lastLine(s string) string {
	s = strings.TrimSpace(s)
	return s[strings.LastIndexByte(s, '\n')+1:]
}

// TestBuildNeverOverwritesItsInput: issue 12 case 2. "yusuan build
// budget.json -o ." replaced the budget with its Document JSON, exit 0.
// The input is recognised by identity, also through a hard link.
func TestBuildNeverOverwritesItsInput(t *testing.T) {
	y, err := os.ReadFile(example)
	if err != nil {
		t.Fatal(err)
	}
	js, err := yaml.YAMLToJSON(y)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	budget := filepath.Join(dir, "budget.json")
	os.WriteFile(budget, js, 0o644)
	// The JSON budget itself builds.
	if code, _, stderr := run(t, "build", budget, "--format", "md", "-o", filepath.Join(dir, "site")); code != 0 {
		t.Fatalf("the JSON budget does not build: %d %s", code, stderr)
	}
	os.RemoveAll(filepath.Join(dir, "site"))
	other := filepath.Join(dir, "other")
	os.Mkdir(other, 0o755)
	os.Link(budget, filepath.Join(other, "budget.json"))
	for _, out := range []string{dir, other} {
		before := tree(t, dir)
		code, stdout, stderr := run(t, "build", budget, "--format", "md,json", "-o", out)
		if code != ExitInput {
			t.Errorf("-o %s: exit status %d, want 2", out, code)
		}
		if !strings.Contains(stderr, "输入文件") {
			t.Errorf("-o %s: stderr does not say the target is the input:\n%s", out, stderr)
		}
		if stdout != "" {
			t.Errorf("stdout %q", stdout)
		}
		if after := tree(t, dir); after != before {
			t.Errorf("-o %s changed files:\nbefore\n%s\nafter\n%s", out, before, after)
		}
	}
	if b, _ := os.ReadFile(budget); string(b) != string(js) {
		t.Errorf("the budget was overwritten")
	}
}

// TestAllFormatsOrNone: issue 12 case 7. A folder named like one of the
// outputs fails the build before anything is written.
func TestAllFormatsOrNone(t *testing.T) {
	for _, blocker := range []string{"budget.pdf", "budget.xlsx", "budget-fdp/datapackage.json", "budget-csv"} {
		t.Run(blocker, func(t *testing.T) {
			dir := t.TempDir()
			if blocker == "budget-csv" {
				os.WriteFile(filepath.Join(dir, blocker), []byte("a file where a folder goes"), 0o644)
			} else {
				os.MkdirAll(filepath.Join(dir, blocker, "inside"), 0o755)
			}
			before := tree(t, dir)
			code, stdout, stderr := run(t, "build", example, "--format", "all", "-o", dir)
			if code != ExitInput {
				t.Errorf("exit status %d, want 2: %s", code, stderr)
			}
			if !strings.Contains(stderr, blocker) {
				t.Errorf("stderr does not name %s: %s", blocker, stderr)
			}
			if stdout != "" {
				t.Errorf("stdout lists files: %s", stdout)
			}
			if after := tree(t, dir); after != before {
				t.Errorf("written despite the error:\nbefore\n%s\nafter\n%s", before, after)
			}
		})
	}
}

// TestRebuildRemovesStaleOutputs: issue 12 case 7. Rebuilding after a
// project was removed left that project's CSV files behind. They are
// removed (they are exactly as yusuan wrote them) and named on stderr;
// a file the user put in the folder stays.
func TestRebuildRemovesStaleOutputs(t *testing.T) {
	dir := t.TempDir()
	site := filepath.Join(dir, "site")
	if code, _, stderr := run(t, "build", example, "--format", "json", "-o", dir); code != 0 {
		t.Fatal(stderr)
	}
	if code, _, stderr := run(t, "render", filepath.Join(dir, "budget.json"), "--format", "csv,md", "-o", site); code != 0 {
		t.Fatal(stderr)
	}
	last := filepath.Join(site, "budget-csv", "12-performance_project-7.csv")
	if _, err := os.Stat(last); err != nil {
		t.Fatalf("the example has no 7th project table: %v", err)
	}
	mine := filepath.Join(site, "budget-csv", "说明.txt")
	os.WriteFile(mine, []byte("my notes"), 0o644)

	// The same document without its last project table.
	doc := readDoc(t, filepath.Join(dir, "budget.json"))
	n := len(doc.Tables)
	if doc.Tables[n-1].Kind != yusuan.KindPerformanceProject {
		t.Fatalf("last table is %s", doc.Tables[n-1].Kind)
	}
	doc.Tables = doc.Tables[:n-1]
	b, _ := json.Marshal(doc)
	os.Mkdir(filepath.Join(dir, "v2"), 0o755)
	v2 := filepath.Join(dir, "v2", "budget.json")
	os.WriteFile(v2, b, 0o644)
	code, stdout, stderr := run(t, "render", v2, "--format", "csv,md", "-o", site)
	if code != 0 {
		t.Fatal(stderr)
	}
	for _, stale := range []string{last, strings.TrimSuffix(last, ".csv") + "-indicators.csv"} {
		if _, err := os.Stat(stale); err == nil {
			t.Errorf("%s is left from the previous build", stale)
		}
		if !strings.Contains(stderr, stale) {
			t.Errorf("stderr does not name the removed %s:\n%s", stale, stderr)
		}
	}
	if _, err := os.Stat(mine); err != nil {
		t.Errorf("the user's own file was removed")
	}
	if !strings.Contains(stdout, "12-performance_project-6.csv") {
		t.Errorf("stdout does not list what was written:\n%s", stdout)
	}
}

// TestOutputDash: "-o -" writes the one output file to standard output,
// and is a usage error when the formats make several files.
func TestOutputDash(t *testing.T) {
	dir := t.TempDir()
	code, stdout, stderr := run(t, "build", example, "--format", "md", "-o", "-")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	run(t, "build", example, "--format", "md", "-o", dir)
	want, _ := os.ReadFile(filepath.Join(dir, "budget.md"))
	if stdout != string(want) {
		t.Errorf("stdout is not budget.md (%d bytes, want %d)", len(stdout), len(want))
	}
	if _, err := os.Stat("-"); err == nil {
		t.Errorf("a file named - was written")
	}
	code, stdout, stderr = run(t, "build", example, "--format", "md,csv", "-o", "-")
	if code != ExitInput || stdout != "" || !strings.Contains(stderr, "-o -") {
		t.Errorf("several files to stdout: exit %d, stdout %d bytes, stderr %s", code, len(stdout), stderr)
	}
	code, stdout, _ = run(t, "import", seed, "-o", "-")
	if code != 0 || !strings.HasPrefix(stdout, "{") {
		t.Errorf("import -o -: exit %d, stdout %.40q", code, stdout)
	}
}

// TestImportOutputIsAFolder: "-o DIR/" names no file.
func TestImportOutputIsAFolder(t *testing.T) {
	dir := t.TempDir()
	code, _, stderr := run(t, "import", seed, "-o", dir+"/")
	if code != ExitInput || !strings.Contains(stderr, "文件名") {
		t.Errorf("exit %d: %s", code, lastLine(stderr))
	}
	code, _, stderr = run(t, "import", seed, "-o", dir)
	if code != ExitInput || !strings.Contains(stderr, "文件夹") {
		t.Errorf("exit %d: %s", code, lastLine(stderr))
	}
}
