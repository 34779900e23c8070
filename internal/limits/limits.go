// Package limits holds the bounds yusuan puts on any input before it
// starts work on it, so that a hostile or broken file costs bounded time
// and memory and ends with a clear message instead of exhausting the
// machine. docs/limits.md lists each limit, its default, the flag that
// overrides it and the measurement behind the default.
package limits

import (
	"fmt"
	"io"
	"os"
	"sync/atomic"
)

// Limits are the bounds in force.
type Limits struct {
	// InputBytes bounds the size of any input file read into memory.
	InputBytes int64
	// Tokens bounds the tokens of a budget file (YAML or JSON; the YAML
	// parser needs about 400 bytes of memory per token) and the values of
	// a Document JSON.
	Tokens int
	// Depth bounds the nesting of lists and mappings in a budget file or
	// Document JSON.
	Depth int
	// Expansion bounds the nodes that YAML aliases and merge keys add when
	// they are expanded (the "billion laughs" attack multiplies them).
	Expansion int
	// Rows bounds the lines of a text file and the rows of a sheet.
	Rows int
	// Items bounds the entries of any one list of a budget file or of a
	// Document JSON (expenditure lines, procurement items, table rows).
	Items int
	// Pages bounds the pages of a PDF.
	Pages int
	// Jobs bounds the documents checked at once.
	Jobs int
}

// Default are the limits when no flag changes them.
var Default = Limits{
	InputBytes: 128 << 20,
	Tokens:     1_500_000,
	Depth:      64,
	Expansion:  100_000,
	Rows:       500_000,
	Items:      200_000,
	Pages:      2_000,
	Jobs:       64,
}

var current atomic.Pointer[Limits]

func init() { Set(Default) }

// Current returns the limits in force.
func Current() Limits { return *current.Load() }

// Set puts l in force (the command line does, from its flags).
func Set(l Limits) { current.Store(&l) }

// Error reports an input beyond a limit.
type Error struct {
	File string
	What string // what was counted, in Chinese: 文件大小, 嵌套层数 …
	Got  string // what was found, "" when counting stopped at the limit
	Max  string
	Flag string // the flag that raises the limit
}

func (e *Error) Error() string {
	got := ""
	if e.Got != "" {
		got = "（实为 " + e.Got + "）"
	}
	prefix := ""
	if e.File != "" {
		prefix = e.File + ": "
	}
	return fmt.Sprintf("%s%s超过上限 %s%s；如确需处理，可用 %s 提高上限（见 docs/limits.md）", prefix, e.What, e.Max, got, e.Flag)
}

// Size formats a byte count for messages.
func Size(n int64) string {
	switch {
	case n >= 1<<30 && n%(1<<30) == 0:
		return fmt.Sprintf("%d GiB", n>>30)
	case n >= 1<<20:
		if n%(1<<20) == 0 {
			return fmt.Sprintf("%d MiB", n>>20)
		}
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d 字节", n)
}

// TooLarge is the error for a file of size bytes (or more, when size is
// negative: the file is a stream and reading stopped at the limit).
func TooLarge(name string, size int64) *Error {
	e := &Error{File: name, What: "文件大小", Max: Size(Current().InputBytes), Flag: "--max-input-size"}
	if size >= 0 {
		e.Got = Size(size)
	}
	return e
}

// Stdin is the name "-" stands for.
const Stdin = "-"

// ReadFile reads a whole input file, refusing one beyond InputBytes before
// reading it (and a stream as soon as it passes the limit). The name "-"
// reads standard input.
func ReadFile(name string) ([]byte, error) { return ReadFileInto(name, nil) }

// ReadFileInto is ReadFile reading a regular file into buf when it is
// large enough (its contents are overwritten), else into a new buffer.
func ReadFileInto(name string, buf []byte) ([]byte, error) {
	max := Current().InputBytes
	var r io.Reader
	if name == Stdin {
		r = os.Stdin
	} else {
		f, err := os.Open(name)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		st, err := f.Stat()
		if err != nil {
			return nil, err
		}
		if st.IsDir() {
			return nil, fmt.Errorf("%s: 是文件夹，不是文件", name)
		}
		if st.Mode().IsRegular() {
			if st.Size() > max {
				return nil, TooLarge(name, st.Size())
			}
			// Read into a buffer of the file's size: growing one by
			// doubling would cost up to twice the file.
			var b []byte
			if int64(cap(buf)) >= st.Size() {
				b = buf[:st.Size()]
			} else {
				b = make([]byte, st.Size())
			}
			n, err := io.ReadFull(f, b)
			if err != nil && err != io.ErrUnexpectedEOF {
				return nil, err
			}
			return b[:n], nil
		}
		r = f
	}
	b, err := io.ReadAll(io.LimitReader(r, max+1))
	if err != nil {
		return nil, err
	}
	if int64(len(b)) > max {
		return nil, TooLarge(name, -1)
	}
	return b, nil
}

// Count is an error for a count beyond a limit.
func Count(name, what string, got, max int, flag string) *Error {
	g := ""
	if got > 0 {
		g = fmt.Sprint(got)
	}
	return &Error{File: name, What: what, Got: g, Max: fmt.Sprint(max), Flag: flag}
}
