package yamlfile

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/goccy/go-yaml/lexer"

	"github.com/yusuan/yusuan/internal/limits"
)

// Issue 12, cases 3, 4 and 9: files that made the YAML library take
// gigabytes or minutes are refused with a limit error naming the file.
func TestHostileYAMLIsRefusedByALimit(t *testing.T) {
	merges := func(levels int) string {
		var b strings.Builder
		b.WriteString("u0: &u0 {a: 1, b: 2}\n")
		for i := 1; i <= levels; i++ {
			fmt.Fprintf(&b, "u%d: &u%d {<<: [*u%d, *u%d]}\n", i, i, i-1, i-1)
		}
		return b.String()
	}
	laughs := func(levels int) string {
		var b strings.Builder
		b.WriteString("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n")
		for i := 1; i <= levels; i++ {
			fmt.Fprintf(&b, "a%d: &a%d [*a%[3]d, *a%[3]d, *a%[3]d, *a%[3]d, *a%[3]d, *a%[3]d, *a%[3]d, *a%[3]d, *a%[3]d]\n", i, i, i-1)
		}
		return b.String()
	}
	tests := []struct {
		name, src, want string
	}{
		{"flow nesting 100,000 deep (case 3)", "duties: " + strings.Repeat("[", 100_000) + strings.Repeat("]", 100_000) + "\n", "b.yaml:1:"},
		{"flow mappings 1,000 deep", strings.Repeat("{a: ", 1000) + "1" + strings.Repeat("}", 1000) + "\n", "嵌套层数"},
		{"block sequences on one line", "duties:\n  " + strings.Repeat("- ", 5000) + "x\n", "嵌套层数"},
		{"indented block mappings", func() string {
			var b strings.Builder
			for i := 0; i < 200; i++ {
				b.WriteString(strings.Repeat(" ", i) + "k:\n")
			}
			return b.String()
		}(), "嵌套层数"},
		{"24 levels of merge keys (case 4)", merges(24), "--max-expansion"},
		{"billion laughs", laughs(9), "--max-expansion"},
		{"garbage of many tokens (case 9)", strings.Repeat("a,", 1_100_000), "--max-tokens"},
		{"a list longer than the item limit", "duties:\n" + strings.Repeat("- a\n", limits.Default.Items+1), "--max-items"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var v map[string]any
			_, err := Decode("b.yaml", []byte(tt.src), &v)
			var le *limits.Error
			if !errors.As(err, &le) {
				t.Fatalf("error = %v, want a limit error", err)
			}
			if msg := err.Error(); !strings.HasPrefix(msg, "b.yaml") || !strings.Contains(msg, tt.want) || !strings.Contains(msg, "docs/limits.md") {
				t.Errorf("error = %q, want the file and %q", msg, tt.want)
			}
		})
	}
}

// Files within the limits still decode, aliases and merge keys included.
func TestBoundsAdmitOrdinaryFiles(t *testing.T) {
	tests := []string{
		"a: &a {x: 1, y: 2}\nb:\n  <<: *a\n  z: 3\nc: [*a, *a]\n",
		"l1:\n  l2:\n    l3:\n      - - - [[{a: [1]}]]\n",
		"duties: " + strings.Repeat("[", 30) + strings.Repeat("]", 30) + "\n",
		"s: 'a [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[ b'\n",
	}
	for _, src := range tests {
		var v map[string]any
		if _, err := Decode("b.yaml", []byte(src), &v); err != nil {
			t.Errorf("%q: %v", src, err)
		}
	}
}

func TestEstimateTokensIsAnUpperBound(t *testing.T) {
	for _, src := range []string{"a: b\n", "a: [1,2,{c: d}]\n", "- - [a, b]\n", "x: 2021-01-01T00:00:00Z\n", "? a\n: b\n", "!!str 1\n", "%YAML 1.2\n---\na: 1\n...\n", "- x\n- 'y z'\n", "k: |\n  text\n  more\n", "a:b:c\n", "{a:1,b:[x,y]}", "&a x: *a\n", "'a''b' : \"c\\\"d\"\n"} {
		if est, got := estimateTokens([]byte(src)), len(lexer.Tokenize(src)); est < got {
			t.Errorf("%q: estimate %d < %d tokens", src, est, got)
		}
	}
}
