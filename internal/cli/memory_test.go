package cli

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
)

// TestLargeBudgetMemory: a budget file of 20,000 procurement items
// (4.6 MB, about 740,000 tokens, half the default --max-tokens) built by
// the binary, its long list decoded in parts (internal/yamlfile/split.go)
// and, for the baseline in the same run, whole (YUSUAN_YAML_WHOLE=1):
// the same output, and the peak memory of the parts under half the
// whole's. The figures are in docs/limits.md.
func TestLargeBudgetMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a 4.6 MB budget twice")
	}
	bin := buildYusuan(t)
	base := baselineRSS(t, bin)
	min, err := os.ReadFile(minimalBudget)
	if err != nil {
		t.Fatal(err)
	}
	b := bytes.Replace(min, []byte("  procurement: 本部门无政府采购预算\n"), nil, 1)
	b = bytes.Replace(b, []byte("reasons:\n"), []byte("reasons:\n  procurement: 采购增加\n"), 1)
	var items bytes.Buffer
	items.WriteString("\nprocurement:\n")
	for i := 0; i < 20000; i++ {
		fmt.Fprintf(&items, "  - unit: \"901001\"\n    function: \"2010301\"\n    econ: \"30201\"\n    nature: basic\n    purpose: 办公\n    catalog: 办公用品\n    item: 纸张%d\n    measure: 箱\n    quantity: 1\n    unit_price: 5\n    amount: 5\n    category: goods\n", i)
	}
	path := filepath.Join(t.TempDir(), "large.yaml")
	if err := os.WriteFile(path, append(b, items.Bytes()...), 0o644); err != nil {
		t.Fatal(err)
	}
	build := func(whole bool) ([]byte, int64) {
		cmd := exec.Command(bin, "build", path, "--format", "json", "-o", "-")
		cmd.Env = os.Environ()
		if whole {
			cmd.Env = append(cmd.Env, "YUSUAN_YAML_WHOLE=1")
		}
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		if err := cmd.Run(); err != nil {
			t.Fatalf("build (whole %v): %v\n%s", whole, err, stderr.String())
		}
		return stdout.Bytes(), int64(cmd.ProcessState.SysUsage().(*syscall.Rusage).Maxrss) << 10
	}
	wholeOut, wholeRSS := build(true)
	partsOut, partsRSS := build(false)
	if len(partsOut) == 0 || !bytes.Equal(wholeOut, partsOut) {
		t.Fatalf("the build differs when the list is decoded in parts (%d and %d bytes)", len(partsOut), len(wholeOut))
	}
	t.Logf("20,000 procurement items: peak memory %d MiB decoded whole, %d MiB in parts (baseline %d MiB)", wholeRSS>>20, partsRSS>>20, base>>20)
	if partsRSS-base > (wholeRSS-base)/2 {
		t.Errorf("decoding in parts took %d MiB, not under half of the whole's %d MiB", partsRSS>>20, wholeRSS>>20)
	}
}
