package cli

import (
	"fmt"
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"strconv"
	"strings"
	"sync/atomic"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/yusuan/yusuan/internal/limits"
)

// limitOptions are the flags that override internal/limits; every command
// has them, and docs/limits.md lists them with their defaults.
type limitOptions struct {
	size                                               sizeValue
	tokens, depth, expansion, rows, items, pages, jobs int
}

func limitFlags(root *cobra.Command) *limitOptions {
	d := limits.Default
	o := &limitOptions{size: sizeValue(d.InputBytes)}
	f := root.PersistentFlags()
	f.Var(&o.size, "max-input-size", "largest input file read, e.g. 128MiB or 2GiB (docs/limits.md)")
	f.IntVar(&o.tokens, "max-tokens", d.Tokens, "most tokens of a budget file or values of a Document JSON (docs/limits.md)")
	f.IntVar(&o.depth, "max-depth", d.Depth, "deepest nesting of lists and mappings in a budget file or Document JSON")
	f.IntVar(&o.expansion, "max-expansion", d.Expansion, "most nodes YAML aliases and merge keys may add")
	f.IntVar(&o.rows, "max-rows", d.Rows, "most lines of a text file or rows of a sheet")
	f.IntVar(&o.items, "max-items", d.Items, "most entries of one list of a budget file or Document JSON")
	f.IntVar(&o.pages, "max-pages", d.Pages, "most pages of a PDF")
	f.IntVar(&o.jobs, "max-jobs", d.Jobs, "most documents checked at once (-j)")
	return o
}

// apply puts the limits in force; every run sets all of them, so one
// in-process run never inherits another's.
func (o *limitOptions) apply() error {
	for _, c := range []struct {
		name string
		v    int
	}{{"--max-tokens", o.tokens}, {"--max-depth", o.depth}, {"--max-expansion", o.expansion}, {"--max-rows", o.rows}, {"--max-items", o.items}, {"--max-pages", o.pages}, {"--max-jobs", o.jobs}} {
		if c.v <= 0 {
			return inputError{fmt.Errorf("%s 应为正整数，实为 %d", c.name, c.v)}
		}
	}
	if o.size <= 0 {
		return inputError{fmt.Errorf("--max-input-size 应大于零")}
	}
	limits.Set(limits.Limits{InputBytes: int64(o.size), Tokens: o.tokens, Depth: o.depth, Expansion: o.expansion, Rows: o.rows, Items: o.items, Pages: o.pages, Jobs: o.jobs})
	return nil
}

// sizeValue is a byte count written with an optional unit: 1048576,
// 512KiB, 128MiB, 2GiB (KB, MB, GB and K, M, G are the same binary units).
type sizeValue int64

var _ pflag.Value = (*sizeValue)(nil)

func (s *sizeValue) String() string { return limits.Size(int64(*s)) }
func (s *sizeValue) Type() string   { return "size" }

func (s *sizeValue) Set(v string) error {
	t := strings.ToUpper(strings.TrimSpace(strings.ReplaceAll(v, " ", "")))
	mult := int64(1)
	for _, u := range []struct {
		suffix string
		m      int64
	}{{"GIB", 1 << 30}, {"MIB", 1 << 20}, {"KIB", 1 << 10}, {"GB", 1 << 30}, {"MB", 1 << 20}, {"KB", 1 << 10}, {"G", 1 << 30}, {"M", 1 << 20}, {"K", 1 << 10}, {"B", 1}} {
		if strings.HasSuffix(t, u.suffix) {
			t, mult = strings.TrimSuffix(t, u.suffix), u.m
			break
		}
	}
	n, err := strconv.ParseInt(t, 10, 64)
	if err != nil || n <= 0 || n > (1<<62)/mult {
		return fmt.Errorf("应为正的字节数，例如 128MiB")
	}
	*s = sizeValue(n * mult)
	return nil
}

// batchGC lets the garbage collector of a short batch process (import,
// check) run less often while little is live: the heap may grow to five
// times what is live (GOGC=400) before a collection, instead of twice,
// as long as less than 64 MiB is live; past that, as after every
// collection it looks again, the usual GOGC=100 holds. Reading and
// checking documents allocates much and keeps little, and this cuts the
// CPU time of check on a folder of imported documents by about a fifth
// (scripts/bench-check.sh); a large input or report grows the heap as it
// would have (no memory limit to run the collector against:
// TestHostileGenerated holds the peaks). GOGC set in the environment is
// left as it is.
func batchGC() {
	if os.Getenv("GOGC") != "" || !gcTuned.CompareAndSwap(false, true) {
		return
	}
	tuneGC()
}

var gcTuned atomic.Bool

// gcSentinel is garbage whose finalizer runs once a collection has
// found it unreachable: after every cycle, as it arms a new one.
type gcSentinel struct{ _ [16]byte }

var gcPercent atomic.Int32

func tuneGC() {
	live := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(live)
	want := int32(400)
	if live[0].Value.Kind() == metrics.KindUint64 && live[0].Value.Uint64() > 64<<20 {
		want = 100
	}
	if gcPercent.Swap(want) != want {
		debug.SetGCPercent(int(want))
	}
	runtime.SetFinalizer(&gcSentinel{}, func(*gcSentinel) { tuneGC() })
}
