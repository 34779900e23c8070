//go:build ignore

// gen writes compiled/ID.json for every embedded profile: the profile as
// parsed from data/ID.yaml, with the SHA-256 of that YAML; compiled/index.json,
// every profile reduced to what detection reads (profile.Summarize); and
// compiled/general.json, the general reading profile. Each is used only
// while its hash matches the YAML, so a stale one costs time, never
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
	var index []profile.Snapshot
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
		index = append(index, profile.Snapshot{SHA256: hex.EncodeToString(sum[:]), Profile: profile.Summarize(p)})
	}
	write("index.json", index)
	g, err := profile.ParseReading("general.yaml", profile.GeneralYAML())
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	sum := sha256.Sum256(profile.GeneralYAML())
	write("general.json", profile.GeneralSnapshot{SHA256: hex.EncodeToString(sum[:]), Reading: g})
}

func write(name string, v any) {
	out, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	if err := os.WriteFile(filepath.Join("compiled", name), append(out, '\n'), 0o644); err != nil {
		panic(err)
	}
}
