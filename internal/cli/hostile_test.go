package cli

import (
	"archive/zip"
	"bufio"
	"bytes"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
	"strings"
	"sync"
	"syscall"
	"testing"

	"github.com/yusuan/yusuan/internal/limits"
)

// The hostile-input corpus (issue 12): files that once cost gigabytes or
// minutes, crashed a parser, or were accepted without a word. Each one
// must end in exit status 2 with a message naming the file, write
// nothing, and stay under maxRSS, measured on the real binary.
//
// testdata/hostile/budget/ is run through build, document/ through
// render, published/ through import, and every file through check.
// hostileCorpus below generates the committed files (go test -run
// TestHostileCorpus -update-hostile rewrites them); the big ones are made
// in the test, never committed.

var updateHostile = flag.Bool("update-hostile", false, "rewrite testdata/hostile from hostileCorpus")

// maxRSS is the peak memory any hostile input may cost the process. The
// costliest input within the limits is a budget file of just under
// --max-tokens tokens (the YAML library needs about 400 bytes a
// token); see docs/limits.md.
const maxRSS = 768 << 20

const hostileDir = "../../testdata/hostile"

// hostileCorpus returns the committed corpus, by path under hostileDir.
func hostileCorpus() map[string][]byte {
	minimal, err := os.ReadFile(minimalBudget)
	if err != nil {
		panic(err)
	}
	edit := func(old, new string) []byte {
		if !bytes.Contains(minimal, []byte(old)) {
			panic("minimal.yaml has no " + old)
		}
		return bytes.Replace(minimal, []byte(old), []byte(new), 1)
	}
	rnd := rand.New(rand.NewPCG(12, 12))
	random := func(n int) []byte {
		b := make([]byte, n)
		for i := range b {
			b[i] = byte(rnd.IntN(256))
		}
		return b
	}
	repeat := func(s string, n int) string { return strings.Repeat(s, n) }
	merges := func(levels int) []byte {
		var b strings.Builder
		b.WriteString("u0: &u0 {a: 1, b: 2}\n")
		for i := 1; i <= levels; i++ {
			fmt.Fprintf(&b, "u%d: &u%d {<<: [*u%d, *u%d]}\n", i, i, i-1, i-1)
		}
		return []byte(b.String())
	}
	laughs := func(open, close string) []byte {
		var b strings.Builder
		b.WriteString("a0: &a0 " + open + "lol, lol, lol, lol, lol, lol, lol, lol, lol" + close + "\n")
		for i := 1; i <= 9; i++ {
			fmt.Fprintf(&b, "a%d: &a%d [", i, i)
			for j := 0; j < 9; j++ {
				if j > 0 {
					b.WriteString(", ")
				}
				fmt.Fprintf(&b, "*a%d", i-1)
			}
			b.WriteString("]\n")
		}
		return []byte(b.String())
	}
	hugeLines := func(amount string) []byte {
		var b strings.Builder
		for i := 0; i < 100; i++ {
			b.WriteString(`  - {unit: "901001", function: "2010301", econ: "30101", gov_econ: "50101", nature: basic, source: appropriation, amount: ` + amount + "}\n")
		}
		return edit("expenditure:\n", "expenditure:\n"+b.String())
	}
	zipOf := func(files map[string][]byte) []byte {
		var buf bytes.Buffer
		zw := zip.NewWriter(&buf)
		names := make([]string, 0, len(files))
		for n := range files {
			names = append(names, n)
		}
		sort.Strings(names)
		for _, n := range names {
			w, _ := zw.Create(n)
			w.Write(files[n])
		}
		zw.Close()
		return buf.Bytes()
	}
	workbook := []byte(`<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheets><sheet name="a" sheetId="1"/></sheets></workbook>`)
	encrypted, _ := os.ReadFile("../../testdata/import/encrypted.pdf")
	scanned, _ := os.ReadFile("../../testdata/import/scanned.pdf")
	doc := func(body string) []byte { return []byte(`{"schema": "yusuan.document/v1",` + "\n" + body + "}\n") }

	return map[string][]byte{
		// Budget files (build).
		"budget/merge-keys-24-levels.yaml":   merges(24),
		"budget/billion-laughs.yaml":         laughs("[", "]"),
		"budget/billion-laughs-mapping.yaml": []byte(strings.Replace(string(laughs("[", "]")), "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]", "a0: &a0 {a: 1, b: 2, c: 3, d: 4, e: 5, f: 6, g: 7, h: 8, i: 9}", 1)),
		"budget/deep-flow-sequences.yaml":    []byte("duties: " + repeat("[", 5000) + repeat("]", 5000) + "\n"),
		"budget/deep-flow-mappings.yaml":     []byte(repeat("{a: ", 2000) + "1" + repeat("}", 2000) + "\n"),
		"budget/deep-block-sequences.yaml":   []byte("duties:\n  " + repeat("- ", 5000) + "x\n"),
		"budget/deep-block-mappings.yaml": []byte(func() string {
			var b strings.Builder
			for i := 0; i < 300; i++ {
				b.WriteString(repeat(" ", i) + "k:\n")
			}
			return b.String()
		}()),
		"budget/deep-nesting.json":               []byte(`{"duties": ` + repeat("[", 5000) + repeat("]", 5000) + "}\n"),
		"budget/sum-wraps-int64.yaml":            hugeLines(`"999,999,999,999,999.99"`),
		"budget/sum-wraps-int64-numbers.yaml":    hugeLines("99999999999999"),
		"budget/amount-inf.yaml":                 edit("amount: 800000}", "amount: .inf}"),
		"budget/amount-negative-inf.yaml":        edit("amount: 800000}", "amount: -.inf}"),
		"budget/amount-nan.yaml":                 edit("amount: 800000}", "amount: .nan}"),
		"budget/amount-1e300.yaml":               edit("amount: 800000}", "amount: 1e300}"),
		"budget/amount-20-digits.yaml":           edit("amount: 800000}", "amount: 12345678901234567890}"),
		"budget/amount-sub-fen.yaml":             edit("amount: 800000}", "amount: 0.001}"),
		"budget/amount-missing.yaml":             edit("source: appropriation, amount: 800000}", "source: appropriation}"),
		"budget/amount-null.yaml":                edit("amount: 800000}", "amount: null}"),
		"budget/count-fractional.yaml":           edit("authorized: 10,", "authorized: 10.5,"),
		"budget/count-huge.yaml":                 edit("authorized: 10,", "authorized: 99999999999999999999999,"),
		"budget/date-impossible.yaml":            edit(`as_of: "2020-12-31"`, `as_of: "2020-13-45"`),
		"budget/year-huge.yaml":                  edit("year: 2021", "year: 99999999999999999999"),
		"budget/procurement-quantity-wraps.yaml": edit("procurement: 本部门无政府采购预算\n", "procurement: 本部门无政府采购预算\nprocurement:\n  - {unit: \"901001\", function: \"2010301\", econ: \"30201\", nature: basic, purpose: 办公, catalog: 办公, item: 纸, measure: 箱, quantity: 9000000000000000000, unit_price: 100, amount: 100, category: goods}\n"),
		"budget/empty.yaml":                      {},
		"budget/whitespace.yaml":                 []byte("  \n\t\n"),
		"budget/comments-only.yaml":              []byte("# nothing but a comment\n"),
		"budget/two-documents.yaml":              append(append([]byte{}, minimal...), []byte("---\nyear: 2022\n")...),
		"budget/random-bytes.yaml":               random(4096),
		"budget/nul-bytes.yaml":                  bytes.Repeat([]byte{0}, 1024),
		"budget/utf16-without-bom.yaml":          []byte("y\x00e\x00a\x00r\x00:\x00 \x002\x000\x002\x001\x00\n\x00"),
		"budget/unterminated-quote.yaml":         edit(`name: 示例局}`, `name: "示例局}`),
		"budget/undefined-alias.yaml":            edit("duties: [负责示例工作。]", "duties: *nothing"),
		"budget/self-alias.yaml":                 edit("duties: [负责示例工作。]", "duties: &d [*d]"),
		"budget/string-for-mapping.yaml":         edit(`department: {code: "901", name: 示例局}`, "department: 示例局"),
		"budget/duplicate-keys.yaml":             edit("year: 2021", "year: 2021\nyear: 2022"),
		"budget/tab-indentation.yaml":            []byte("year: 2021\nunits:\n\t- code: 1\n"),
		"budget/pdf-named-yaml.yaml":             append([]byte("%PDF-1.7\n"), random(2048)...),

		// Document JSON (render).
		"document/deep-nesting.json":    []byte(repeat("[", 100000)),
		"document/truncated.json":       doc(`"tables": [{"kind": "summary", "rows": [`)[:60],
		"document/kind-is-number.json":  doc(`"tables": [{"kind": 5}]`),
		"document/cell-1e400.json":      doc(`"tables": [{"kind": "summary", "rows": [{"cells": {"a": 1e400}}]}]`),
		"document/cell-nan.json":        doc(`"tables": [{"kind": "summary", "rows": [{"cells": {"a": NaN}}]}]`),
		"document/cells-sum-wraps.json": doc(`"tables": [{"kind": "summary", "unit": "元", "rows": [` + strings.TrimSuffix(repeat(`{"code": "", "name": "x", "cells": {"a": 999999999999999.99}},`, 100), ",") + `]}]`),
		"document/unknown-field.json":   doc(`"tabels": []`),
		"document/trailing-data.json":   append(doc(`"tables": []`), []byte("{}")...),
		"document/other-schema.json":    []byte(`{"schema": "other/v9", "tables": []}`),
		"document/unknown-kind.json":    doc(`"tables": [{"kind": "bogus"}]`),
		"document/bad-unit.json":        doc(`"tables": [{"kind": "summary", "unit": "千元"}]`),
		"document/empty.json":           {},
		"document/null.json":            []byte("null"),
		"document/array.json":           []byte("[]"),
		"document/bad-utf8.json":        doc("\"title\": \"\xff\xfe\xfd\", \"tables\": [{\"kind\": 5}]"),

		// Published files (import).
		"published/garbage.pdf":           append([]byte("%PDF-1.7\n"), append(random(8192), []byte("\n%%EOF\n")...)...),
		"published/truncated.pdf":         append([]byte("%PDF-1.7\n"), random(4096)...),
		"published/header-only.pdf":       []byte("%PDF-1.7\n%%EOF\n"),
		"published/encrypted.pdf":         encrypted,
		"published/scanned.pdf":           scanned,
		"published/zip-bomb.xlsx":         zipOf(map[string][]byte{"xl/workbook.xml": workbook, "xl/worksheets/sheet1.xml": make([]byte, 4<<20)}),
		"published/zip-not-workbook.xlsx": zipOf(map[string][]byte{"word/document.xml": []byte("<w/>")}),
		"published/zip-corrupt.xlsx":      append([]byte("PK\x03\x04"), random(2048)...),
		"published/old-excel.xls":         append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, random(1024)...),
		"published/random-bytes.txt":      random(8192),
		"published/nul-bytes.txt":         bytes.Repeat([]byte("预算\x00"), 100),
		"published/control-characters.md": bytes.Repeat([]byte("表\x01\x02\x03\x1b[31m\n"), 50),
		"published/utf16-odd-length.txt":  append([]byte{0xFF, 0xFE}, []byte("a\x00b\x00c")...),
		"published/empty.txt":             {},
		"published/no-tables.txt":         []byte(repeat("这是一段没有任何预算表的文字。\n", 50)),
		"published/html-tags.md":          []byte(repeat("<p><b><i><span>", 5000) + "\n"),
		"published/pdf-named-txt.txt":     append([]byte("%PDF-1.4\n"), random(1024)...),
	}
}

// commandFor is the command a corpus file is run through, writing to out.
func commandFor(rel, path, out string) []string {
	switch strings.SplitN(rel, "/", 2)[0] {
	case "budget":
		return []string{"build", path, "--format", "md,json", "-o", out}
	case "document":
		return []string{"render", path, "--format", "md", "-o", out}
	}
	return []string{"import", path, "-o", filepath.Join(out, "doc.json")}
}

func TestHostileCorpus(t *testing.T) {
	if *updateHostile {
		os.RemoveAll(hostileDir)
		for rel, b := range hostileCorpus() {
			p := filepath.Join(hostileDir, rel)
			os.MkdirAll(filepath.Dir(p), 0o755)
			if err := os.WriteFile(p, b, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	if runtime.GOOS != "linux" {
		t.Skip("peak memory is read from Linux rusage")
	}
	needPDF(t)
	bin := buildYusuan(t)
	baselineRSS(t, bin)
	var files []string
	filepath.WalkDir(hostileDir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			files = append(files, p)
		}
		return nil
	})
	if len(files) < 50 {
		t.Fatalf("%d files in %s, want at least 50 (go test -run TestHostileCorpus -update-hostile)", len(files), hostileDir)
	}
	for _, p := range files {
		rel, _ := filepath.Rel(hostileDir, p)
		rel = filepath.ToSlash(rel)
		t.Run(rel, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "out")
			runHostile(t, bin, filepath.Base(p), commandFor(rel, p, out)...)
			assertNothingWritten(t, out)
			runHostile(t, bin, filepath.Base(p), "check", p)
		})
	}
}

// TestHostileGenerated runs the inputs too big to commit: each is made
// in a temporary folder, and must end like the corpus within maxRSS.
func TestHostileGenerated(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("peak memory is read from Linux rusage")
	}
	if testing.Short() {
		t.Skip("writes 300 MB of files")
	}
	bin := buildYusuan(t)
	dir := t.TempDir()
	// Files are written in pieces: a child's peak memory on Linux starts
	// at its parent's at the fork, so the test must stay small itself.
	write := func(name string, size int, fill func(w *bufio.Writer)) string {
		p := filepath.Join(dir, name)
		f, err := os.Create(p)
		if err != nil {
			t.Fatal(err)
		}
		w := bufio.NewWriterSize(f, 1<<16)
		fill(w)
		if err := w.Flush(); err != nil {
			t.Fatal(err)
		}
		if err := f.Close(); err != nil {
			t.Fatal(err)
		}
		return p
	}
	repeat := func(w *bufio.Writer, s string, n int) {
		for i := 0; i < n; i++ {
			w.WriteString(s)
		}
	}
	rnd := rand.New(rand.NewPCG(9, 9))
	defer baselineRSS(t, bin)
	cases := []struct {
		name string
		args func(path, out string) []string
		path string
	}{
		// Case 3: a 200 KB budget nested 100,000 deep took 15–20 GB.
		{"deep-100000.yaml", nil, write("deep-100000.yaml", 200_010, func(w *bufio.Writer) {
			w.WriteString("duties: ")
			repeat(w, "[", 100_000)
			repeat(w, "]", 100_000)
			w.WriteString("\n")
		})},
		// Case 3: 1,000,000 deep crashed out of memory.
		{"deep-1000000.yaml", nil, write("deep-1000000.yaml", 2_000_010, func(w *bufio.Writer) {
			w.WriteString("duties: ")
			repeat(w, "[", 1_000_000)
			repeat(w, "]", 1_000_000)
			w.WriteString("\n")
		})},
		// Case 9: 200 MB of garbage named .yaml took 3.5 GB and 21 s.
		{"garbage-200mb.yaml", nil, write("garbage-200mb.yaml", 200<<20, func(w *bufio.Writer) {
			chunk := make([]byte, 1<<20)
			for i := 0; i < 200; i++ {
				for j := range chunk {
					chunk[j] = byte(rnd.IntN(256))
				}
				w.Write(chunk)
			}
		})},
		// Within the size limit, dense with tokens.
		{"tokens-100mb.yaml", nil, write("tokens-100mb.yaml", 100<<20, func(w *bufio.Writer) {
			w.WriteString("duties: [")
			repeat(w, "1,", 50<<20-8)
			w.WriteString("1]\n")
		})},
		// Just within the token limit: the most a budget file may cost.
		{"tokens-at-limit.yaml", nil, write("tokens-at-limit.yaml", limits.Default.Tokens, func(w *bufio.Writer) {
			w.WriteString("duties: [")
			repeat(w, "x,", limits.Default.Tokens/2-10)
			w.WriteString("x]\n")
		})},
		// Just within the row limit: tab-separated rows of a table.
		{"rows-at-limit.txt", nil, write("rows-at-limit.txt", 23<<20, func(w *bufio.Writer) {
			for i := 0; i < limits.Default.Rows-10; i++ {
				fmt.Fprintf(w, "一般公共服务支出\t%d\t%d\t%d\n", i, 2*i, 3*i)
			}
		})},
		// Document JSON of 3,000,000 empty rows took 1.4 GB to render.
		{"rows-3000000.json", nil, write("rows-3000000.json", 100<<20, func(w *bufio.Writer) {
			w.WriteString(`{"schema": "yusuan.document/v1", "tables": [`)
			for t := 0; t < 20; t++ {
				if t > 0 {
					w.WriteString(",")
				}
				w.WriteString(`{"kind": "summary", "number": 1, "title": "t", "unit": "元", "columns": [], "rows": [`)
				for r := 0; r < 150_000; r++ {
					if r > 0 {
						w.WriteString(",")
					}
					w.WriteString(`{"code": "", "name": "", "cells": {}}`)
				}
				w.WriteString("]}")
			}
			w.WriteString("]}\n")
		})},
		// Just within the token limit: rows of ten cells, refused only
		// after decoding (the table kind is unknown).
		{"values-at-limit.json", nil, write("values-at-limit.json", 20<<20, func(w *bufio.Writer) {
			w.WriteString(`{"schema": "yusuan.document/v1", "tables": [{"kind": "bogus", "rows": [`)
			for r := 0; r < limits.Default.Tokens/24; r++ {
				if r > 0 {
					w.WriteString(",")
				}
				w.WriteString(`{"cells": {"a": 1, "b": 2, "c": 3, "d": 4, "e": 5, "f": 6, "g": 7, "h": 8, "i": 9, "j": 10}}`)
			}
			w.WriteString("]}]}\n")
		})},
		// Case 9: an 18 MB text file of short lines took 5.7 GB.
		{"short-lines-18mb.txt", nil, write("short-lines-18mb.txt", 18<<20, func(w *bufio.Writer) {
			repeat(w, "a\n", 9<<20)
		})},
		{"deep-100000.json", nil, write("deep-100000.json", 1_000_000, func(w *bufio.Writer) {
			w.WriteString(`{"schema": "yusuan.document/v1", "tables": `)
			repeat(w, "[", 500_000)
		})},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "out")
			rel := "budget/"
			if strings.HasSuffix(c.name, ".txt") {
				rel = "published/"
			} else if strings.HasSuffix(c.name, ".json") {
				rel = "document/"
			}
			runHostile(t, bin, c.name, commandFor(rel+c.name, c.path, out)...)
			assertNothingWritten(t, out)
			runHostile(t, bin, c.name, "check", c.path)
		})
	}
}

// buildYusuan builds the command once per test binary.
func buildYusuan(t *testing.T) string {
	t.Helper()
	builtOnce.Do(func() {
		dir, err := os.MkdirTemp("", "yusuan-hostile")
		if err != nil {
			builtErr = err
			return
		}
		builtBin = filepath.Join(dir, "yusuan")
		out, err := exec.Command("go", "build", "-o", builtBin, "github.com/yusuan/yusuan/cmd/yusuan").CombinedOutput()
		if err != nil {
			builtErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if builtErr != nil {
		t.Fatal(builtErr)
	}
	return builtBin
}

// baselineRSS is the peak memory the binary reports for --version, run
// the same way: what the measurement costs before any input is read (on
// Linux it includes the test process's own memory at the fork).
func baselineRSS(t *testing.T, bin string) int64 {
	t.Helper()
	cmd := exec.Command(bin, "--version")
	if err := cmd.Run(); err != nil {
		t.Fatal(err)
	}
	rss := int64(cmd.ProcessState.SysUsage().(*syscall.Rusage).Maxrss) << 10
	if rss > maxRSS/4 {
		t.Fatalf("baseline peak memory %d MiB: too close to the bound %d MiB to measure anything", rss>>20, maxRSS>>20)
	}
	t.Logf("baseline peak memory (yusuan --version): %d MiB; bound %d MiB", rss>>20, maxRSS>>20)
	return rss
}

// runHostile runs the binary and asserts exit status 2, a message naming
// the file, and peak memory under maxRSS.
func runHostile(t *testing.T, bin, name string, args ...string) {
	t.Helper()
	cmd := exec.Command(bin, args...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	if cmd.ProcessState == nil {
		t.Fatalf("%v: %v", args, err)
	}
	code := cmd.ProcessState.ExitCode()
	rss := int64(cmd.ProcessState.SysUsage().(*syscall.Rusage).Maxrss) << 10 // KiB on Linux
	msg := stdout.String() + stderr.String()
	if code != ExitInput {
		t.Errorf("%s %s: exit %d, want 2\n%s", args[0], name, code, firstLines(msg, 5))
	}
	if !strings.Contains(msg, name) {
		t.Errorf("%s %s: the message does not name the file:\n%s", args[0], name, firstLines(msg, 5))
	}
	if m := libraryEnglish.FindString(msg); m != "" {
		t.Errorf("%s %s: raw library text %q in the message:\n%s", args[0], name, m, firstLines(msg, 5))
	}
	if strings.Contains(msg, "panic") || strings.Contains(msg, "goroutine ") {
		t.Errorf("%s %s: crashed:\n%s", args[0], name, firstLines(msg, 10))
	}
	t.Logf("%s %s: exit %d, peak memory %d MiB", args[0], name, code, rss>>20)
	if rss > maxRSS {
		t.Errorf("%s %s: peak memory %d MiB, bound %d MiB", args[0], name, rss>>20, maxRSS>>20)
	}
}

func assertNothingWritten(t *testing.T, out string) {
	t.Helper()
	entries, err := os.ReadDir(out)
	if err == nil && len(entries) > 0 {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Errorf("wrote %v", names)
	}
}

func firstLines(s string, n int) string {
	lines := strings.SplitN(s, "\n", n+1)
	if len(lines) > n {
		lines = lines[:n]
	}
	return strings.Join(lines, "\n")
}

// libraryEnglish is text of the libraries yusuan uses that must not reach
// a user untranslated.
var libraryEnglish = regexp.MustCompile(`was used where|cannot unmarshal|(?:^|[\s：(（])json: |invalid character|not a valid|unexpected end|must be specified|%%EOF|unsupported input|unknown field|already defined|could not find|exit status`)

var (
	builtOnce sync.Once
	builtBin  string
	builtErr  error
)
