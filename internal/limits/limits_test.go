package limits

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestReadFileRefusesAFileBeyondTheLimit(t *testing.T) {
	defer Set(Current())
	l := Default
	l.InputBytes = 1000
	Set(l)
	dir := t.TempDir()
	small, big := filepath.Join(dir, "small.txt"), filepath.Join(dir, "big.txt")
	os.WriteFile(small, []byte(strings.Repeat("a", 1000)), 0o644)
	os.WriteFile(big, []byte(strings.Repeat("a", 1001)), 0o644)
	if b, err := ReadFile(small); err != nil || len(b) != 1000 {
		t.Errorf("at the limit: %d bytes, %v", len(b), err)
	}
	_, err := ReadFile(big)
	var le *Error
	if !errors.As(err, &le) || !strings.Contains(err.Error(), "big.txt: 文件大小超过上限 1000 字节（实为 1001 字节）") || !strings.Contains(err.Error(), "--max-input-size") {
		t.Errorf("beyond the limit: %v", err)
	}
	// A stream (here a FIFO-like pipe given as standard input) stops at
	// the limit.
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	go func() {
		w.Write([]byte(strings.Repeat("b", 5000)))
		w.Close()
	}()
	old := os.Stdin
	os.Stdin = r
	defer func() { os.Stdin = old }()
	if _, err := ReadFile(Stdin); !errors.As(err, &le) || le.Got != "" {
		t.Errorf("stream beyond the limit: %v", err)
	}
}

func TestSize(t *testing.T) {
	for n, want := range map[int64]string{512: "512 字节", 2048: "2.0 KiB", 128 << 20: "128 MiB", 3 << 30: "3 GiB", 1536 << 10: "1.5 MiB"} {
		if got := Size(n); got != want {
			t.Errorf("Size(%d) = %q, want %q", n, got, want)
		}
	}
}
