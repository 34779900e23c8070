package outdir

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// snapshot lists every entry under dir with its type and content, so a
// test can assert that a refused write changed nothing at all.
func snapshot(t *testing.T, dir string) string {
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
			b.WriteString(" " + digest(data))
		}
		if fi.Mode()&os.ModeSymlink != 0 {
			target, _ := os.Readlink(p)
			b.WriteString(" -> " + target)
		}
		b.WriteString("\n")
		return nil
	})
	return b.String()
}

func mustRefuse(t *testing.T, err error, want string) {
	t.Helper()
	var re *RefusedError
	if !errors.As(err, &re) {
		t.Fatalf("err = %v, want a refusal saying %q", err, want)
	}
	if !strings.Contains(re.Error(), want) {
		t.Errorf("refusal %q does not say %q", re.Error(), want)
	}
}

// TestRefusesWhatIsNotARegularFile: issue 12 case 1. As root, writing
// "-o /dev/null" renamed a temporary file over the device; FIFOs and
// symbolic links were replaced the same way. Each is refused before
// anything is written, and the refusal says why.
func TestRefusesWhatIsNotARegularFile(t *testing.T) {
	cases := []struct {
		name string
		make func(t *testing.T, p string)
		want string
	}{
		{"fifo", func(t *testing.T, p string) {
			if err := syscall.Mkfifo(p, 0o644); err != nil {
				t.Skipf("mkfifo: %v", err)
			}
		}, "命名管道（FIFO）"},
		{"symlink to a file", func(t *testing.T, p string) {
			other := filepath.Join(filepath.Dir(filepath.Dir(p)), "elsewhere.txt")
			os.WriteFile(other, []byte("not yours"), 0o644)
			if err := os.Symlink(other, p); err != nil {
				t.Fatal(err)
			}
		}, "符号链接"},
		{"dangling symlink", func(t *testing.T, p string) {
			if err := os.Symlink("/nonexistent/yusuan", p); err != nil {
				t.Fatal(err)
			}
		}, "符号链接"},
		{"device", func(t *testing.T, p string) {
			// A copy of /dev/null's node (char 1,3), made only where we may:
			// the test never points at the machine's real devices.
			if err := syscall.Mknod(p, syscall.S_IFCHR|0o666, 1<<8|3); err != nil {
				t.Skipf("mknod needs root: %v", err)
			}
		}, "设备文件"},
		{"folder", func(t *testing.T, p string) {
			os.Mkdir(p, 0o755)
			os.WriteFile(filepath.Join(p, "inside"), []byte("x"), 0o644)
		}, "文件夹"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			root := t.TempDir()
			dir := filepath.Join(root, "out")
			os.Mkdir(dir, 0o755)
			c.make(t, filepath.Join(dir, "doc.json"))
			before := snapshot(t, root)
			_, err := Write(dir, []File{{Name: "a.md", Data: []byte("a")}, {Name: "doc.json", Data: []byte("{}")}}, Options{})
			mustRefuse(t, err, c.want)
			if after := snapshot(t, root); after != before {
				t.Errorf("a refused write changed the folder:\nbefore\n%s\nafter\n%s", before, after)
			}
		})
	}
}

// TestRefusesSymlinkedSubfolder: a folder inside the output folder that is
// a symbolic link would carry the write elsewhere.
func TestRefusesSymlinkedSubfolder(t *testing.T) {
	root := t.TempDir()
	dir, away := filepath.Join(root, "out"), filepath.Join(root, "away")
	os.Mkdir(dir, 0o755)
	os.Mkdir(away, 0o755)
	os.Symlink(away, filepath.Join(dir, "budget-csv"))
	before := snapshot(t, root)
	_, err := Write(dir, []File{{Name: "budget-csv/01.csv", Data: []byte("x")}}, Options{})
	mustRefuse(t, err, "符号链接")
	if after := snapshot(t, root); after != before {
		t.Errorf("changed:\n%s\n%s", before, after)
	}
}

// TestRefusesInputs: issue 12 case 2. An input is recognised by identity,
// whatever name reaches it: the same path, a hard link, or a symbolic
// link given as the input.
func TestRefusesInputs(t *testing.T) {
	root := t.TempDir()
	in := filepath.Join(root, "budget.json")
	os.WriteFile(in, []byte(`{"year": 2021}`), 0o644)
	hard := filepath.Join(root, "out", "budget.json")
	os.Mkdir(filepath.Join(root, "out"), 0o755)
	if err := os.Link(in, hard); err != nil {
		t.Fatal(err)
	}
	viaLink := filepath.Join(root, "link.json")
	os.Symlink(in, viaLink)
	for name, c := range map[string]struct{ dir, input string }{
		"same path":               {root, in},
		"relative spelling":       {filepath.Join(root, "out", ".."), in},
		"hard link":               {filepath.Join(root, "out"), in},
		"input given via symlink": {root, viaLink},
	} {
		t.Run(name, func(t *testing.T) {
			before := snapshot(t, root)
			_, err := Write(c.dir, []File{{Name: "budget.md", Data: []byte("# x")}, {Name: "budget.json", Data: []byte("{}")}}, Options{Inputs: []string{c.input}, Document: "budget"})
			mustRefuse(t, err, "输入文件")
			if after := snapshot(t, root); after != before {
				t.Errorf("changed:\n%s\n%s", before, after)
			}
		})
	}
}

// TestAllOrNothing: issue 12 case 7. A folder named like an output that
// sorts last fails the write before any other file, folder or temporary
// file is made.
func TestAllOrNothing(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "site")
	os.MkdirAll(filepath.Join(dir, "zz.pdf"), 0o755)
	before := snapshot(t, root)
	_, err := Write(dir, []File{
		{Name: "a.md", Data: []byte("a")},
		{Name: "budget-csv/01.csv", Data: []byte("1")},
		{Name: "new/deeper/x.csv", Data: []byte("2")},
		{Name: "zz.pdf", Data: []byte("%PDF")},
	}, Options{Document: "budget"})
	mustRefuse(t, err, "文件夹")
	if after := snapshot(t, root); after != before {
		t.Errorf("changed:\nbefore\n%s\nafter\n%s", before, after)
	}
	// An output folder that is a file is refused, and nothing is made.
	file := filepath.Join(root, "file")
	os.WriteFile(file, []byte("x"), 0o644)
	_, err = Write(filepath.Join(file, "sub"), []File{{Name: "a", Data: nil}}, Options{})
	mustRefuse(t, err, "不是文件夹")
	_, err = Write(file, []File{{Name: "a", Data: nil}}, Options{})
	mustRefuse(t, err, "不是文件夹")
}

func TestWritesAndReplacesRegularFiles(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "a", "b")
	res, err := Write(dir, []File{{Name: "x.md", Data: []byte("one")}, {Name: "csv/t.csv", Data: []byte("1")}}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Written) != 2 {
		t.Errorf("written %v", res.Written)
	}
	if _, err := Write(dir, []File{{Name: "x.md", Data: []byte("two")}}, Options{}); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "x.md")); string(b) != "two" {
		t.Errorf("x.md = %q", b)
	}
	if fi, _ := os.Stat(filepath.Join(dir, "x.md")); fi.Mode().Perm() != 0o644 {
		t.Errorf("mode %v", fi.Mode())
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 2 {
		t.Errorf("left behind: %v", ents)
	}
}

// TestStaleOutputs: issue 12 case 7. Rebuilding a document removes the
// files its previous build wrote and this one does not (the CSV of a
// removed project); a stale file changed since is kept and listed; other
// documents' files and files yusuan never wrote are left alone.
func TestStaleOutputs(t *testing.T) {
	dir := t.TempDir()
	first := []File{
		{Name: "budget.md", Data: []byte("v1")},
		{Name: "budget-csv/12-project-1.csv", Data: []byte("p1")},
		{Name: "budget-csv/12-project-2.csv", Data: []byte("p2")},
		{Name: "budget-csv/12-project-3.csv", Data: []byte("p3")},
		{Name: "budget-old/only.csv", Data: []byte("o")},
	}
	if _, err := Write(dir, first, Options{Document: "budget"}); err != nil {
		t.Fatal(err)
	}
	if _, err := Write(dir, []File{{Name: "other.md", Data: []byte("o")}, {Name: "budget-csv/12-project-3.csv", Data: []byte("theirs")}}, Options{Document: "other"}); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "budget-csv", "README.txt"), []byte("mine"), 0o644)
	os.WriteFile(filepath.Join(dir, "budget-csv", "12-project-2.csv"), []byte("edited by hand"), 0o644)

	res, err := Write(dir, []File{{Name: "budget.md", Data: []byte("v2")}}, Options{Document: "budget"})
	if err != nil {
		t.Fatal(err)
	}
	exists := func(name string) bool { _, err := os.Lstat(filepath.Join(dir, name)); return err == nil }
	if exists("budget-csv/12-project-1.csv") || exists("budget-old") {
		t.Errorf("stale outputs left: removed %v", res.Removed)
	}
	for _, keep := range []string{"budget-csv/12-project-2.csv", "budget-csv/README.txt", "budget-csv/12-project-3.csv", "other.md"} {
		if !exists(keep) {
			t.Errorf("%s was removed", keep)
		}
	}
	if len(res.Removed) != 2 || len(res.Kept) != 1 || !strings.HasSuffix(res.Kept[0], "12-project-2.csv") {
		t.Errorf("removed %v kept %v", res.Removed, res.Kept)
	}
	// A hand-edited manifest cannot make yusuan delete outside the folder.
	outside := filepath.Join(filepath.Dir(dir), "outside.txt")
	os.WriteFile(outside, []byte("x"), 0o644)
	m := `{"schema":"yusuan.outputs/v1","documents":{"budget":{"files":{"../outside.txt":"` + digest([]byte("x")) + `"}}}}`
	os.WriteFile(filepath.Join(dir, ManifestName), []byte(m), 0o644)
	if _, err := Write(dir, []File{{Name: "budget.md", Data: []byte("v3")}}, Options{Document: "budget"}); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(outside); err != nil {
		t.Errorf("a file outside the folder was removed")
	}
}

// TestSignalRemovesTemporaryFiles: issue 12 case 7. Ctrl-C (SIGINT) or
// SIGTERM while the files are being written leaves no temporary file and
// no output: the child process below is interrupted after its first
// temporary file.
func TestSignalRemovesTemporaryFiles(t *testing.T) {
	if dir := os.Getenv("YUSUAN_OUTDIR_CHILD"); dir != "" {
		sig := syscall.SIGINT
		if os.Getenv("YUSUAN_OUTDIR_SIGNAL") == "TERM" {
			sig = syscall.SIGTERM
		}
		afterTemp = func(string) {
			syscall.Kill(os.Getpid(), sig)
			select {} // the handler exits the process
		}
		var files []File
		for i := range 50 {
			files = append(files, File{Name: filepath.Join("csv", string(rune('a'+i%26))+strings.Repeat("x", i)+".csv"), Data: bytes.Repeat([]byte("1"), 1<<16)})
		}
		Write(dir, files, Options{})
		os.Exit(3) // not reached when the signal works
	}
	for _, sig := range []string{"INT", "TERM"} {
		t.Run(sig, func(t *testing.T) {
			dir := t.TempDir()
			os.WriteFile(filepath.Join(dir, "keep.txt"), []byte("k"), 0o644)
			before := snapshot(t, dir)
			cmd := exec.Command(os.Args[0], "-test.run=^TestSignalRemovesTemporaryFiles$")
			cmd.Env = append(os.Environ(), "YUSUAN_OUTDIR_CHILD="+dir, "YUSUAN_OUTDIR_SIGNAL="+sig)
			out, err := cmd.CombinedOutput()
			var ee *exec.ExitError
			if !errors.As(err, &ee) {
				t.Fatalf("child: %v\n%s", err, out)
			}
			want := map[string]int{"INT": 130, "TERM": 143}[sig]
			if ee.ExitCode() != want {
				t.Errorf("exit status %d, want %d\n%s", ee.ExitCode(), want, out)
			}
			after := snapshot(t, dir)
			if strings.Contains(after, tempPrefix) {
				t.Errorf("temporary files left:\n%s", after)
			}
			// The csv folder the write made may remain, empty; nothing else.
			after = strings.ReplaceAll(after, "csv drwxr-xr-x\n", "")
			if after != before {
				t.Errorf("interrupted write left:\n%s", after)
			}
		})
	}
}
