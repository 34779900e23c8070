package cli

import (
	"fmt"
	"strings"
	"testing"

	"github.com/yusuan/yusuan/internal/limits"
)

// jsonBoundsReference is jsonBounds as it was before it skipped the text
// of strings with searches: a plain scan of every byte. jsonBounds must
// give exactly its result.
func jsonBoundsReference(name string, b []byte) error {
	lim := limits.Current()
	type open struct {
		line, count int
		rows        bool // the value of a "rows" key: table rows
	}
	var stack []open
	line, rows, values := 1, 0, 0
	inString, escaped, inLiteral := false, false, false
	strStart, strEnd := 0, 0 // the last string, a key when ':' follows
	rowsKey := false         // the key whose value comes next is "rows"
	first := func() {        // a value starts in the innermost container
		values++
		if n := len(stack); n > 0 && stack[n-1].count == 0 {
			stack[n-1].count = 1
			if stack[n-1].rows {
				rows++
			}
		}
	}
	for i, c := range b {
		if c == '\n' {
			line++
		}
		if inString {
			switch {
			case escaped:
				escaped = false
			case c == '\\':
				escaped = true
			case c == '"':
				inString = false
				strEnd = i
			}
			continue
		}
		if inLiteral && !(c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == ',' || c == ']' || c == '}' || c == ':') {
			continue // the rest of a number, true, false or null
		}
		inLiteral = false
		switch c {
		case ' ', '\t', '\r', '\n':
			continue
		case ':':
			rowsKey = string(b[strStart:strEnd]) == "rows" // compared, not copied
			continue
		case '"':
			inString = true
			strStart = i + 1
			first()
		case '[', '{':
			first()
			stack = append(stack, open{line: line, rows: c == '[' && rowsKey})
			if len(stack) > lim.Depth {
				return limits.Count(fmt.Sprintf("%s:%d", name, line), "嵌套层数", 0, lim.Depth, "--max-depth")
			}
		case ']', '}':
			if len(stack) > 0 {
				stack = stack[:len(stack)-1]
			}
		case ',':
			if n := len(stack); n > 0 {
				stack[n-1].count++
				if stack[n-1].count > lim.Items {
					return limits.Count(fmt.Sprintf("%s:%d", name, stack[n-1].line), "一个列表或对象的条目数", 0, lim.Items, "--max-items")
				}
				if stack[n-1].rows {
					rows++
				}
			}
		default:
			first()
			inLiteral = true
		}
		if values > lim.Tokens {
			return limits.Count(fmt.Sprintf("%s:%d", name, line), "JSON 值的个数", 0, lim.Tokens, "--max-tokens")
		}
		if rows > lim.Rows {
			return limits.Count(fmt.Sprintf("%s:%d", name, line), "各表的行数合计", 0, lim.Rows, "--max-rows")
		}
		rowsKey = false
	}
	return nil
}

func sameBounds(t *testing.T, b []byte) {
	t.Helper()
	got, want := fmt.Sprint(jsonBounds("d.json", b)), fmt.Sprint(jsonBoundsReference("d.json", b))
	if got != want {
		t.Fatalf("jsonBounds(%q) = %s, the plain scan gives %s", b, got, want)
	}
}

func TestJSONBoundsAsPlainScan(t *testing.T) {
	old := limits.Current()
	defer limits.Set(old)
	lim := old
	lim.Depth, lim.Items, lim.Tokens, lim.Rows = 4, 3, 12, 2
	limits.Set(lim)
	for _, s := range []string{
		`{"a": "x\"y\\", "rows": [1, 2, 3]}`,
		`{"a": "line\nbreak", "b": [[[["deep"]]]]}`,
		"{\"a\": \"raw\nnewline\", \"rows\": [{}, {}, {}]}",
		`{"s": "\\\\\\\"", "t": "rows", "rows": [1,2]}`,
		`{"unterminated": "abc`, `"\`, `""`, `{"rows":[1,2,3,4]}`, `[1,2,3,4,5,6,7,8,9,10,11,12,13]`,
		strings.Repeat(`"\\`, 50) + `"`,
	} {
		sameBounds(t, []byte(s))
	}
}

func FuzzJSONBounds(f *testing.F) {
	f.Add([]byte(`{"a": "x\"y", "rows": [1, {"b": "\\"}, 3]}`), 3)
	f.Add([]byte("{\"a\":\n\"b\nc\"}"), 2)
	f.Fuzz(func(t *testing.T, b []byte, n int) {
		old := limits.Current()
		defer limits.Set(old)
		lim := old
		k := 1 + int(uint(n)%6)
		lim.Depth, lim.Items, lim.Tokens, lim.Rows = k, k, 3*k, k
		limits.Set(lim)
		sameBounds(t, b)
	})
}
