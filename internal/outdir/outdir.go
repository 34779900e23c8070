// Package outdir writes a set of output files all or nothing, and never
// destroys anything it did not write.
//
// Every target is checked before anything is written: a target may only
// be a regular file (or not exist yet) inside the output folder, never an
// input of the run (compared by file identity, not by name), a folder, a
// symbolic link, a device, a FIFO or a socket. Then every file is written
// in full to a temporary file beside its destination, and only when all of
// them are written are they renamed into place. Temporary files are
// removed on failure and on SIGINT/SIGTERM. The rules are in
// docs/outputs.md.
package outdir

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/signal"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"syscall"
)

// File is one output.
type File struct {
	Name string // slash-separated, relative to the output folder
	Data []byte
}

// Options say what a write must not touch and what it replaces.
type Options struct {
	// Inputs are the files the outputs are made from. None of them is
	// ever replaced, whatever name it is reached by (hard links and
	// symbolic links included). Names that do not exist are ignored.
	Inputs []string
	// Document names the set of files, usually the input's base name.
	// When set, the folder's manifest (ManifestName) records what was
	// written for it, and files the previous write of the same document
	// wrote but this one did not — the CSV of a project since removed —
	// are deleted if they are still exactly as written, and listed as
	// kept otherwise.
	Document string
}

// Result says what a write did.
type Result struct {
	Written []string // paths written, sorted
	Removed []string // stale outputs of the same document removed
	Kept    []string // stale outputs kept because they changed since written
}

// ManifestName is the file in the output folder that lists, per document,
// the files yusuan wrote there and their SHA-256.
const ManifestName = ".yusuan-outputs.json"

// tempPrefix starts every temporary file's name.
const tempPrefix = ".yusuan-tmp-"

// RefusedError is a target that must not be written, and why (in
// Chinese, for the user).
type RefusedError struct {
	Path   string
	Reason string
}

func (e *RefusedError) Error() string { return fmt.Sprintf("不能写入 %s：%s", e.Path, e.Reason) }

func refuse(path, format string, args ...any) error {
	return &RefusedError{Path: path, Reason: fmt.Sprintf(format, args...)}
}

// Write writes files into dir (created if needed). Nothing is created or
// changed unless every target passes the checks above; on any error no
// destination file is created or changed and temporary files are removed.
func Write(dir string, files []File, opt Options) (res *Result, err error) {
	files = append([]File(nil), files...)
	sort.Slice(files, func(i, j int) bool { return files[i].Name < files[j].Name })
	inputs := statInputs(opt.Inputs)

	var old map[string]string
	others := map[string]bool{} // files other documents wrote
	if opt.Document != "" {
		m := readManifest(dir)
		old = m.Documents[opt.Document].Files
		for doc, mf := range m.Documents {
			for name := range mf.Files {
				if doc != opt.Document {
					others[name] = true
				}
			}
		}
		m.set(opt.Document, files)
		b, err := json.MarshalIndent(m, "", "  ")
		if err != nil {
			return nil, err
		}
		files = append(files, File{Name: ManifestName, Data: append(b, '\n')})
	}

	mkdirs, err := verify(dir, files, inputs)
	if err != nil {
		return nil, err
	}

	stop := watchSignals()
	defer stop()

	var created []string // folders this write created, outermost first
	var temps []string
	defer func() {
		if err == nil {
			return
		}
		for _, t := range temps {
			os.Remove(t)
			untrack(t)
		}
		for i := len(created) - 1; i >= 0; i-- {
			os.Remove(created[i]) // only succeeds when still empty
		}
	}()
	for _, d := range mkdirs {
		if err = os.Mkdir(d, 0o755); err != nil && !errors.Is(err, fs.ErrExist) {
			return nil, fmt.Errorf("无法创建文件夹 %s：%w", d, err)
		}
		if err == nil {
			created = append(created, d)
		}
		err = nil
	}
	for _, f := range files {
		dst := filepath.Join(dir, filepath.FromSlash(f.Name))
		var t string
		t, err = writeTemp(dst, f.Data)
		if t != "" {
			temps = append(temps, t)
		}
		if err != nil {
			return nil, fmt.Errorf("无法写入 %s：%w", dst, err)
		}
		if afterTemp != nil {
			afterTemp(t)
		}
	}

	// Renames are not interrupted: a signal handler waits for them.
	renaming.Lock()
	for i, f := range files {
		dst := filepath.Join(dir, filepath.FromSlash(f.Name))
		if err = os.Rename(temps[i], dst); err != nil {
			renaming.Unlock()
			return nil, fmt.Errorf("无法写入 %s：%w", dst, err)
		}
		untrack(temps[i])
	}
	renaming.Unlock()
	temps = nil
	syncDirs(dir, files)

	res = &Result{}
	now := map[string]bool{}
	for _, f := range files {
		now[f.Name] = true
		if f.Name != ManifestName {
			res.Written = append(res.Written, filepath.Join(dir, filepath.FromSlash(f.Name)))
		}
	}
	var stale []string
	for name := range old {
		if !now[name] && !others[name] {
			stale = append(stale, name)
		}
	}
	sort.Strings(stale)
	for _, name := range stale {
		if !filepath.IsLocal(filepath.FromSlash(name)) {
			continue // a manifest edited by hand: never leave the folder
		}
		p := filepath.Join(dir, filepath.FromSlash(name))
		if !unchanged(dir, name, old[name]) {
			if _, err := os.Lstat(p); err == nil {
				res.Kept = append(res.Kept, p)
			}
			continue
		}
		if os.Remove(p) == nil {
			res.Removed = append(res.Removed, p)
			removeEmptyParents(dir, name)
		}
	}
	return res, nil
}

// statInputs returns the identities of the inputs that exist.
func statInputs(paths []string) []os.FileInfo {
	var out []os.FileInfo
	for _, p := range paths {
		if p == "" {
			continue
		}
		if fi, err := os.Stat(p); err == nil {
			out = append(out, fi)
		}
	}
	return out
}

// verify checks every target before anything is written and returns the
// folders to create, outermost first.
func verify(dir string, files []File, inputs []os.FileInfo) ([]string, error) {
	var mkdirs []string
	planned := map[string]bool{}
	fi, err := os.Stat(dir)
	switch {
	case notExist(err):
		// Create the missing folders from the outermost one that is missing.
		var missing []string
		for d := filepath.Clean(dir); ; d = filepath.Dir(d) {
			fi, err := os.Stat(d)
			if err == nil {
				if !fi.IsDir() {
					return nil, refuse(d, "已存在同名的文件，不是文件夹")
				}
				break
			}
			if !notExist(err) {
				return nil, fmt.Errorf("无法使用输出文件夹 %s：%w", dir, err)
			}
			missing = append(missing, d)
			if filepath.Dir(d) == d {
				break
			}
		}
		for i := len(missing) - 1; i >= 0; i-- {
			mkdirs = append(mkdirs, missing[i])
			planned[missing[i]] = true
		}
	case err != nil:
		return nil, fmt.Errorf("无法使用输出文件夹 %s：%w", dir, err)
	case !fi.IsDir():
		return nil, refuse(dir, "它不是文件夹（%s）；输出文件夹须是文件夹", kind(fi.Mode()))
	}

	seen := map[string]bool{}
	for _, f := range files {
		name := filepath.FromSlash(f.Name)
		if f.Name == "" || !filepath.IsLocal(name) {
			return nil, fmt.Errorf("内部错误：输出文件名 %q 不在输出文件夹内", f.Name)
		}
		if seen[name] {
			return nil, fmt.Errorf("内部错误：输出文件 %q 重复", f.Name)
		}
		seen[name] = true
		// Every folder between dir and the file is a real folder inside
		// dir: a symbolic link there would carry the write elsewhere.
		parts := strings.Split(name, string(filepath.Separator))
		p := dir
		for _, part := range parts[:len(parts)-1] {
			p = filepath.Join(p, part)
			if planned[p] {
				continue
			}
			fi, err := os.Lstat(p)
			switch {
			case errors.Is(err, fs.ErrNotExist):
				mkdirs = append(mkdirs, p)
				planned[p] = true
			case err != nil:
				return nil, fmt.Errorf("无法使用 %s：%w", p, err)
			case fi.Mode()&fs.ModeSymlink != 0:
				return nil, refuse(p, "它是符号链接；yusuan 只在输出文件夹内写文件，不跟随链接写到别处")
			case !fi.IsDir():
				return nil, refuse(p, "已存在同名的%s，不是文件夹", kind(fi.Mode()))
			}
		}
		dst := filepath.Join(dir, name)
		if planned[filepath.Dir(dst)] {
			continue // in a folder still to be made: nothing there yet
		}
		fi, err := os.Lstat(dst)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			continue
		case err != nil:
			return nil, fmt.Errorf("无法使用 %s：%w", dst, err)
		case fi.Mode().IsRegular():
			for _, in := range inputs {
				if os.SameFile(fi, in) {
					return nil, refuse(dst, "它就是输入文件 %s，写入会覆盖输入；请用 -o 指定另一个文件夹或文件名", in.Name())
				}
			}
		case fi.IsDir():
			return nil, refuse(dst, "已存在同名的文件夹；yusuan 不替换文件夹")
		default:
			return nil, refuse(dst, "它是%s；yusuan 只替换普通文件", kind(fi.Mode()))
		}
	}
	return mkdirs, nil
}

// notExist reports a path that does not exist, also because a folder on
// the way is a file (ENOTDIR).
func notExist(err error) bool {
	return errors.Is(err, fs.ErrNotExist) || errors.Is(err, syscall.ENOTDIR)
}

// kind names a file's type for a message.
func kind(m fs.FileMode) string {
	switch {
	case m&fs.ModeSymlink != 0:
		return "符号链接"
	case m&fs.ModeDevice != 0:
		return "设备文件"
	case m&fs.ModeNamedPipe != 0:
		return "命名管道（FIFO）"
	case m&fs.ModeSocket != 0:
		return "套接字"
	case m.IsDir():
		return "文件夹"
	case m.IsRegular():
		return "普通文件"
	}
	return "特殊文件"
}

// writeTemp writes data to a new temporary file beside dst.
func writeTemp(dst string, data []byte) (string, error) {
	tmp, err := os.CreateTemp(filepath.Dir(dst), tempPrefix+"*")
	if err != nil {
		return "", err
	}
	name := tmp.Name()
	track(name)
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return name, err
	}
	// On disk before the rename makes it the file: after a power cut the
	// folder holds the old file or the whole new one, never an empty one.
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return name, err
	}
	if err := tmp.Close(); err != nil {
		return name, err
	}
	return name, os.Chmod(name, 0o644)
}

// manifest is ManifestName's content.
type manifest struct {
	Schema    string                  `json:"schema"`
	Documents map[string]manifestFile `json:"documents"`
}

type manifestFile struct {
	Files map[string]string `json:"files"` // name → sha256:hex
}

const manifestSchema = "yusuan.outputs/v1"

// readManifest reads dir's manifest; a missing or unreadable one is empty
// (nothing is then removed as stale).
func readManifest(dir string) *manifest {
	m := &manifest{Schema: manifestSchema, Documents: map[string]manifestFile{}}
	p := filepath.Join(dir, ManifestName)
	fi, err := os.Lstat(p)
	if err != nil || !fi.Mode().IsRegular() || fi.Size() > 16<<20 {
		return m
	}
	b, err := os.ReadFile(p)
	if err != nil {
		return m
	}
	var r manifest
	if json.Unmarshal(b, &r) != nil || r.Schema != manifestSchema || r.Documents == nil {
		return m
	}
	return &r
}

func (m *manifest) set(doc string, files []File) {
	fs := map[string]string{}
	for _, f := range files {
		fs[f.Name] = digest(f.Data)
	}
	m.Documents[doc] = manifestFile{Files: fs}
}

func digest(b []byte) string {
	s := sha256.Sum256(b)
	return "sha256:" + hex.EncodeToString(s[:])
}

// unchanged reports whether dir/name is a regular file, reached without
// symbolic links, whose content still has the digest written.
func unchanged(dir, name, want string) bool {
	p := dir
	for _, part := range strings.Split(filepath.FromSlash(name), string(filepath.Separator)) {
		p = filepath.Join(p, part)
		fi, err := os.Lstat(p)
		if err != nil || fi.Mode()&fs.ModeSymlink != 0 {
			return false
		}
	}
	fi, err := os.Lstat(p)
	if err != nil || !fi.Mode().IsRegular() || fi.Size() > 1<<30 {
		return false
	}
	b, err := os.ReadFile(p)
	return err == nil && bytes.Equal([]byte(digest(b)), []byte(want))
}

// removeEmptyParents removes the folders of name inside dir that are left
// empty.
func removeEmptyParents(dir, name string) {
	for d := filepath.Dir(filepath.FromSlash(name)); d != "." && d != string(filepath.Separator); d = filepath.Dir(d) {
		if os.Remove(filepath.Join(dir, d)) != nil {
			return
		}
	}
}

// Temporary files still to be renamed or removed, for the signal handler.
var (
	liveMu   sync.Mutex
	live     = map[string]bool{}
	renaming sync.Mutex // held while a write renames its files
)

// afterTemp, when set (by tests), runs after each temporary file is written.
var afterTemp func(path string)

func track(p string) {
	liveMu.Lock()
	live[p] = true
	liveMu.Unlock()
}

func untrack(p string) {
	liveMu.Lock()
	delete(live, p)
	liveMu.Unlock()
}

// watchSignals removes the temporary files and exits on SIGINT or SIGTERM
// until stop is called; a write that is renaming finishes first, so the
// folder holds all the new files or none.
func watchSignals() (stop func()) {
	ch := make(chan os.Signal, 1)
	done := make(chan struct{})
	signal.Notify(ch, os.Interrupt, syscall.SIGTERM)
	go func() {
		select {
		case s := <-ch:
			renaming.Lock()
			liveMu.Lock()
			for p := range live {
				os.Remove(p)
			}
			code := 130 // 128 + SIGINT, as a shell reports it
			if s == syscall.SIGTERM {
				code = 143
			}
			os.Exit(code)
		case <-done:
		}
	}()
	return func() {
		signal.Stop(ch)
		close(done)
	}
}

// syncDirs flushes the folders the renames changed, so that the new names
// survive a power cut. Some file systems cannot sync a folder; that is not
// an error of the write.
func syncDirs(dir string, files []File) {
	seen := map[string]bool{}
	for _, f := range files {
		d := filepath.Dir(filepath.Join(dir, filepath.FromSlash(f.Name)))
		if seen[d] {
			continue
		}
		seen[d] = true
		if h, err := os.Open(d); err == nil {
			h.Sync()
			h.Close()
		}
	}
}
