package yamlfile

import (
	"strings"
	"testing"

	"github.com/goccy/go-yaml/lexer"

	"github.com/yusuan/yusuan"
)

type doc struct {
	Year   int `json:"year"`
	Income []struct {
		Unit   string        `json:"unit"`
		Amount yusuan.Amount `json:"amount"`
	} `json:"income"`
}

func TestDecodeErrorsNameFileLineAndPath(t *testing.T) {
	tests := []struct {
		name, src, want string
	}{
		{"sub-fen", "year: 2021\nincome:\n  - unit: x\n    amount: 12.345\n", "b.yaml:4:13: income[0].amount:"},
		{"unknown field", "year: 2021\nincome:\n  - unit: x\n    amont: 12.34\n", "b.yaml:4:5: income[0].amont: 未知字段"},
		{"wrong type", "year: x2021\n", "b.yaml:1:7: year: 类型错误：应为整数，实为文字"},
		{"duplicate key", "year: 2021\nyear: 2022\n", "b.yaml:2:1"},
		{"empty", "  \n", "b.yaml: 文件为空"},
		{"syntax", "year: [2021\n", "b.yaml:1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var d doc
			_, err := Decode("b.yaml", []byte(tt.src), &d)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error = %v, want it to contain %q", err, tt.want)
			}
		})
	}
}

func TestLocate(t *testing.T) {
	var d doc
	f, err := Decode("b.yaml", []byte("year: 2021\nincome:\n  - unit: x\n    amount: 12.34\n"), &d)
	if err != nil {
		t.Fatal(err)
	}
	if got := f.Errorf("income[0].amount", "bad").Error(); got != "b.yaml:4:13: income[0].amount: bad" {
		t.Errorf("got %q", got)
	}
	// A missing field points at its owner.
	if got := f.Errorf("income[0].source", "missing").Error(); !strings.HasPrefix(got, "b.yaml:3:") {
		t.Errorf("got %q", got)
	}
}

func FuzzDecode(f *testing.F) {
	f.Add([]byte("year: 2021\nincome:\n  - unit: x\n    amount: 12.34\n"))
	f.Add([]byte("{\"year\": 2021}"))
	f.Add([]byte("year: &a 1\nincome: *a\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		var d doc
		_, _ = Decode("f.yaml", data, &d)
		// The token limit is checked on an estimate that must never be
		// below the lexer's count, or a file could pass it and still cost
		// more than the limit allows.
		if len(data) < 4096 {
			if est, n := estimateTokens(data), len(lexer.Tokenize(string(data))); est < n {
				t.Errorf("estimateTokens = %d < %d tokens", est, n)
			}
		}
	})
}
