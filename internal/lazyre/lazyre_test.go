package lazyre

import (
	"sync"
	"testing"
)

func TestLazy(t *testing.T) {
	r := New(`(\d+)年`)
	if r.re.Load() != nil {
		t.Fatal("compiled before first use")
	}
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if m := r.FindStringSubmatch("2026年预算"); len(m) != 2 || m[1] != "2026" {
				t.Errorf("FindStringSubmatch = %q", m)
			}
		}()
	}
	wg.Wait()
	if r.String() != `(\d+)年` || r.Re() != r.Re() {
		t.Fatal("not compiled once")
	}
}

func TestCompileAll(t *testing.T) {
	New(`ok`)
	if expr, err := CompileAll(); err != nil {
		t.Fatalf("%s: %v", expr, err)
	}
	New(`(unclosed`)
	if expr, err := CompileAll(); err == nil || expr != `(unclosed` {
		t.Fatalf("CompileAll = %q, %v; want the bad pattern", expr, err)
	}
	defer func() {
		if recover() == nil {
			t.Fatal("a bad pattern did not panic on first use")
		}
	}()
	all[len(all)-1].MatchString("x")
}
