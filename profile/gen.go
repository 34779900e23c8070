//go:build ignore

// gen writes compiled/ID.json for every embedded profile: the profile as
// parsed from data/ID.yaml, with the SHA-256 of that YAML. Load uses the
// snapshot only while the hash matches, so a stale one costs time, never
// correctness. Run: go generate ./profile
package main

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/yusuan/yusuan/profile"
)

func main() {
	files, err := filepath.Glob("data/*.yaml")
	if err != nil {
		panic(err)
	}
	old, _ := filepath.Glob("compiled/*.json")
	for _, f := range old {
		os.Remove(f)
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			panic(err)
		}
		id := strings.TrimSuffix(filepath.Base(f), ".yaml")
		p, err := profile.Parse(id+".yaml", b)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		sum := sha256.Sum256(b)
		out, err := json.Marshal(profile.Snapshot{SHA256: hex.EncodeToString(sum[:]), Profile: p})
		if err != nil {
			panic(err)
		}
		if err := os.WriteFile(filepath.Join("compiled", id+".json"), append(out, '\n'), 0o644); err != nil {
			panic(err)
		}
	}
}
