package cli

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"github.com/yusuan/yusuan/check"
	"github.com/yusuan/yusuan/internal/lazyre"
	"github.com/yusuan/yusuan/internal/limits"
	"github.com/yusuan/yusuan/layout"
	"github.com/yusuan/yusuan/read"
	"github.com/yusuan/yusuan/workbook"
)

// inputs is what the command line's paths expand to.
type inputs struct {
	files   []string               // files to read, in order
	bad     []check.DocumentResult // paths that cannot be read, folders with nothing to check
	skipped []string               // files in folders that are not disclosures
}

// walkInputs expands the paths given on the command line. A file named
// there is always read; in a folder (followed through symbolic links,
// each folder once, so a link loop ends), a file is read when its content
// says it is a disclosure, whatever its name: a PDF, an XLSX workbook, an
// old .xls (to say how to convert it), or text with a text extension.
// Every other file is counted as skipped, and a folder with nothing to
// read is an unreadable input. "-" is standard input.
func walkInputs(args []string) inputs {
	var in inputs
	seenDir := map[string]bool{}
	seenFile := map[string]bool{}
	addFile := func(p string) {
		key := p
		if r, err := filepath.EvalSymlinks(p); err == nil {
			key = r
		}
		if !seenFile[key] {
			seenFile[key] = true
			in.files = append(in.files, p)
		}
	}
	bad := func(p, msg string) {
		in.bad = append(in.bad, check.DocumentResult{Source: p, Error: msg, Findings: []check.Finding{}})
	}
	var walk func(dir string) int
	walk = func(dir string) int {
		real, err := filepath.EvalSymlinks(dir)
		if err != nil {
			bad(dir, fileError(err))
			return 0
		}
		if seenDir[real] {
			return 0
		}
		seenDir[real] = true
		entries, err := os.ReadDir(dir)
		if err != nil {
			bad(dir, fileError(err))
			return 0
		}
		found := 0
		for _, e := range entries {
			p := filepath.Join(dir, e.Name())
			if strings.HasPrefix(e.Name(), ".") {
				in.skipped = append(in.skipped, p)
				continue
			}
			st, err := os.Stat(p) // follows a link
			if err != nil {
				bad(p, fileError(err))
				continue
			}
			switch {
			case st.IsDir():
				found += walk(p)
			case !st.Mode().IsRegular():
				in.skipped = append(in.skipped, p)
			case isDisclosure(p):
				addFile(p)
				found++
			default:
				in.skipped = append(in.skipped, p)
			}
		}
		return found
	}
	for _, a := range args {
		if a == limits.Stdin {
			in.files = append(in.files, a)
			continue
		}
		st, err := os.Stat(a)
		if err != nil {
			bad(a, fileError(err))
			continue
		}
		if !st.IsDir() {
			in.files = append(in.files, a) // named twice, read twice
			continue
		}
		before := len(in.skipped)
		if walk(a) == 0 && !seenDirOnly(in.bad, a) {
			msg := "文件夹中没有可检查的文件（预算文件、Document JSON、PDF、XLSX 或文本）"
			if n := len(in.skipped) - before; n > 0 {
				msg += fmt.Sprintf("；已跳过 %d 个其他文件", n)
			}
			bad(a, msg)
		}
	}
	return in
}

// seenDirOnly reports whether the folder itself was already reported as
// unreadable (so it is not also reported as empty).
func seenDirOnly(bad []check.DocumentResult, dir string) bool {
	for _, b := range bad {
		if b.Source == dir {
			return true
		}
	}
	return false
}

// textExts are the names under which text files are disclosures or budget
// files; text under any other name in a folder (notes, code) is skipped.
var textExts = map[string]bool{".yaml": true, ".yml": true, ".json": true, ".txt": true, ".md": true}

// isDisclosure sniffs a file found in a folder.
func isDisclosure(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return true // reading it will say why it cannot be read
	}
	defer f.Close()
	head := make([]byte, 1024)
	n, _ := io.ReadFull(f, head)
	head = head[:n]
	ext := strings.ToLower(filepath.Ext(path))
	switch {
	case bytes.Contains(head, []byte("%PDF-")):
		return true
	case bytes.HasPrefix(head, []byte("PK\x03\x04")):
		return ext == ".xlsx" || isWorkbook(path)
	case bytes.HasPrefix(head, []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}):
		return ext == ".xls"
	case n == 0:
		return textExts[ext] // an empty .yaml is an error worth reporting
	}
	return textExts[ext] && !bytes.ContainsRune(head, 0)
}

// isWorkbook tells an XLSX from other zip files (.docx, .zip) by its
// directory, which is read without unpacking anything.
func isWorkbook(path string) bool {
	zr, err := zip.OpenReader(path)
	if err != nil {
		return false
	}
	defer zr.Close()
	for _, f := range zr.File {
		if f.Name == "xl/workbook.xml" {
			return true
		}
	}
	return false
}

// skippedNote tells how many files a folder walk left out, naming a few.
func skippedNote(skipped []string) string {
	if len(skipped) == 0 {
		return ""
	}
	s := append([]string(nil), skipped...)
	sort.Strings(s)
	names := s[:min(len(s), 3)]
	more := ""
	if len(s) > 3 {
		more = " 等"
	}
	return fmt.Sprintf("已跳过 %d 个不是预算公开文件的文件或隐藏项（%s%s）", len(s), strings.Join(names, "、"), more)
}

// fileError says in Chinese why a path cannot be opened.
func fileError(err error) string {
	switch {
	case os.IsNotExist(err):
		return "文件或文件夹不存在"
	case os.IsPermission(err):
		return "没有读取权限"
	}
	var pe *os.PathError
	if ok := asPathError(err, &pe); ok {
		return "无法读取：" + pe.Err.Error()
	}
	return err.Error()
}

func asPathError(err error, pe **os.PathError) bool {
	p, ok := err.(*os.PathError)
	if ok {
		*pe = p
	}
	return ok
}

// expandInputs is walkInputs for commands that do not report skipped
// files.
func expandInputs(args []string) (files []string, bad []check.DocumentResult) {
	in := walkInputs(args)
	return in.files, in.bad
}

// stdinName is how messages name standard input ("-").
const stdinName = "标准输入"

type stdinCache struct {
	once sync.Once
	data []byte
	err  error
}

var stdin = &stdinCache{}

// readInput reads an input file within the size limit; "-" is standard
// input, read once and kept, so a command may look at it twice (to tell
// what it is, then to read it).
func readInput(path string) (name string, data []byte, err error) {
	return readInputInto(path, nil)
}

// readInputInto is readInput reading a file into buf when it is large
// enough (standard input is read once and never into buf).
func readInputInto(path string, buf []byte) (name string, data []byte, err error) {
	if path == limits.Stdin {
		stdin.once.Do(func() { stdin.data, stdin.err = limits.ReadFile(limits.Stdin) })
		if le, ok := stdin.err.(*limits.Error); ok {
			le.File = stdinName
		}
		return stdinName, stdin.data, stdin.err
	}
	data, err = limits.ReadFileInto(path, buf)
	if pe, ok := err.(*os.PathError); ok {
		err = fmt.Errorf("%s: %s", path, fileError(pe))
	}
	return path, data, err
}

// yamlKey is the first line of a budget file that is not a comment.
var yamlKey = lazyre.New(`^[a-z_]+:(\s|$)`)

// inputKind tells what an input is from its content, its name only
// breaking the tie between YAML and text: "budget", "json" (a budget or
// a Document JSON), or "published" (PDF, XLSX, text). A yusuan fill-in
// workbook (docs/template.md) is a budget.
func inputKind(path string, b []byte) string {
	switch read.Kind(b) {
	case layout.KindXLSX:
		if workbook.IsTemplate(b) {
			return "budget"
		}
		return "published"
	case layout.KindPDF, "xls":
		return "published"
	}
	t := bytes.TrimLeft(b, " \t\r\n\ufeff")
	if len(t) > 0 && t[0] == '{' {
		return "json"
	}
	switch strings.ToLower(filepath.Ext(path)) {
	case ".yaml", ".yml":
		return "budget"
	case ".txt", ".md":
		return "published"
	}
	for _, line := range bytes.SplitN(t, []byte("\n"), 200) {
		line = bytes.TrimSpace(line)
		if len(line) == 0 || line[0] == '#' {
			continue
		}
		if yamlKey.Match(line) {
			return "budget"
		}
		break
	}
	return "published"
}
