// Package lazyre holds regular expressions that are compiled on first
// use rather than when the program starts. A package-level
// regexp.MustCompile runs in the package's initialisation, in every
// process, whether or not the command ever matches it: yusuan's packages
// declare more than a hundred, and compiling them all was a good part of
// the CPU time of a short command such as `yusuan import X.pdf`
// (docs/reading.md, Performance). A Regexp here is compiled once, by the
// first goroutine that uses it; after that each use costs one atomic load.
//
// A pattern that does not compile panics on first use, as MustCompile
// would at start-up; CompileAll compiles every pattern declared, so a test
// can find such a pattern without running every path.
package lazyre

import (
	"regexp"
	"sync"
	"sync/atomic"
)

// Regexp is a regular expression compiled on first use. Its methods are
// those of regexp.Regexp that yusuan uses; Re gives the compiled one.
type Regexp struct {
	expr string
	re   atomic.Pointer[regexp.Regexp]
	mu   sync.Mutex
}

var (
	mu  sync.Mutex
	all []*Regexp
)

// New declares a regular expression, compiled when it is first used.
func New(expr string) *Regexp {
	r := &Regexp{expr: expr}
	mu.Lock()
	all = append(all, r)
	mu.Unlock()
	return r
}

// CompileAll compiles every regular expression declared with New so far
// and returns the first that does not compile, with its error.
func CompileAll() (expr string, err error) {
	mu.Lock()
	rs := append([]*Regexp(nil), all...)
	mu.Unlock()
	for _, r := range rs {
		if _, err := regexp.Compile(r.expr); err != nil {
			return r.expr, err
		}
	}
	return "", nil
}

// Re returns the compiled regular expression. Once compiled it is one
// atomic load, small enough to be inlined into the callers.
func (r *Regexp) Re() *regexp.Regexp {
	if re := r.re.Load(); re != nil {
		return re
	}
	return r.compile()
}

func (r *Regexp) compile() *regexp.Regexp {
	r.mu.Lock()
	defer r.mu.Unlock()
	if re := r.re.Load(); re != nil {
		return re
	}
	re := regexp.MustCompile(r.expr)
	r.re.Store(re)
	return re
}

func (r *Regexp) String() string                 { return r.expr }
func (r *Regexp) Match(b []byte) bool            { return r.Re().Match(b) }
func (r *Regexp) MatchString(s string) bool      { return r.Re().MatchString(s) }
func (r *Regexp) Find(b []byte) []byte           { return r.Re().Find(b) }
func (r *Regexp) FindIndex(b []byte) []int       { return r.Re().FindIndex(b) }
func (r *Regexp) FindSubmatch(b []byte) [][]byte { return r.Re().FindSubmatch(b) }
func (r *Regexp) FindAllSubmatch(b []byte, n int) [][][]byte {
	return r.Re().FindAllSubmatch(b, n)
}
func (r *Regexp) FindString(s string) string           { return r.Re().FindString(s) }
func (r *Regexp) FindStringIndex(s string) []int       { return r.Re().FindStringIndex(s) }
func (r *Regexp) FindStringSubmatch(s string) []string { return r.Re().FindStringSubmatch(s) }
func (r *Regexp) FindStringSubmatchIndex(s string) []int {
	return r.Re().FindStringSubmatchIndex(s)
}
func (r *Regexp) FindAllString(s string, n int) []string { return r.Re().FindAllString(s, n) }
func (r *Regexp) FindAllStringIndex(s string, n int) [][]int {
	return r.Re().FindAllStringIndex(s, n)
}
func (r *Regexp) FindAllStringSubmatch(s string, n int) [][]string {
	return r.Re().FindAllStringSubmatch(s, n)
}
func (r *Regexp) FindAllStringSubmatchIndex(s string, n int) [][]int {
	return r.Re().FindAllStringSubmatchIndex(s, n)
}
func (r *Regexp) ReplaceAll(src, repl []byte) []byte { return r.Re().ReplaceAll(src, repl) }
func (r *Regexp) ReplaceAllString(src, repl string) string {
	return r.Re().ReplaceAllString(src, repl)
}
func (r *Regexp) ReplaceAllLiteralString(src, repl string) string {
	return r.Re().ReplaceAllLiteralString(src, repl)
}
func (r *Regexp) ReplaceAllStringFunc(src string, repl func(string) string) string {
	return r.Re().ReplaceAllStringFunc(src, repl)
}
func (r *Regexp) Split(s string, n int) []string { return r.Re().Split(s, n) }
func (r *Regexp) SubexpNames() []string          { return r.Re().SubexpNames() }
func (r *Regexp) SubexpIndex(name string) int    { return r.Re().SubexpIndex(name) }
func (r *Regexp) NumSubexp() int                 { return r.Re().NumSubexp() }
