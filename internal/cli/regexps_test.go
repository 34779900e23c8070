package cli

import (
	"testing"

	"github.com/yusuan/yusuan/internal/lazyre"
)

// TestRegexpsCompile compiles every regular expression of the packages
// the command uses. They are compiled on first use (internal/lazyre), so
// a bad pattern on a path no other test takes would otherwise only show
// when a user reaches it.
func TestRegexpsCompile(t *testing.T) {
	if expr, err := lazyre.CompileAll(); err != nil {
		t.Fatalf("%s: %v", expr, err)
	}
}
