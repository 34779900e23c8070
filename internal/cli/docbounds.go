package cli

import (
	"bytes"
	"fmt"

	"github.com/yusuan/yusuan"
	"github.com/yusuan/yusuan/internal/limits"
)

// jsonBounds scans Document JSON once, before it is decoded, and refuses
// nesting deeper than the depth limit, more values than the token limit,
// any array or object with more entries than the item limit, and more
// table rows in all than the row limit, naming the line. Decoding is linear, but a file within the size
// limit could hold millions of rows (3 million took 1.4 GB).
func jsonBounds(name string, b []byte) error {
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
	// Where the next quote and backslash are, once looked for: the text
	// of a string up to either changes nothing but the line, and is
	// skipped with one search of each.
	quoteAt, slashAt := -1, -1
	for i := 0; i < len(b); i++ {
		c := b[i]
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
			default:
				from := i + 1
				if quoteAt < from {
					quoteAt = nextByte(b, from, '"')
				}
				if slashAt < from {
					slashAt = nextByte(b, from, '\\')
				}
				k := min(quoteAt, slashAt)
				line += bytes.Count(b[from:k], newline)
				i = k - 1
			}
			continue
		}
		if inLiteral && !(c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == ',' || c == ']' || c == '}' || c == ':') {
			continue // the rest of a number, true, false or null
		}
		inLiteral = false
		switch c {
		case ' ', '\t', '\r', '\n':
			// The indentation that follows changes nothing.
			for i+1 < len(b) && b[i+1] == ' ' {
				i++
			}
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

var newline = []byte{'\n'}

// nextByte is the index of the first c in b at or after from, else len(b).
func nextByte(b []byte, from int, c byte) int {
	if k := bytes.IndexByte(b[from:], c); k >= 0 {
		return from + k
	}
	return len(b)
}

// documentTotal refuses a document whose numeric cells together pass
// yusuan.MaxTotal, naming the cell where they do: the checks add cells up
// and take shares of them, which must not wrap.
func documentTotal(name string, doc *yusuan.Document) error {
	var t yusuan.Tally
	for i := range doc.Tables {
		tb := &doc.Tables[i]
		for j := range tb.Rows {
			r := &tb.Rows[j]
			for k, v := range r.Cells {
				if v.IsText || t.Add(v.Num) {
					continue
				}
				where := fmt.Sprintf("tables[%d].rows[%d].cells.%s", i, j, k)
				if src, ok := r.Sources[k]; ok && src.String() != "" {
					where += "（" + src.String() + "）"
				}
				return fmt.Errorf("%s: %s：表“%s”的数 %s 元使全部数字的绝对值合计超过 yusuan 能精确计算的上限 %s 元（5 万亿元）；请检查单位", name, where, tb.Title, v.Num.Format(2), yusuan.MaxTotal.Format(0))
			}
		}
	}
	return nil
}

// rawLine finds the line of the first occurrence of raw in b (a value a
// custom decoder rejected, which the JSON decoder reports without place).
func rawLine(b []byte, raw string) int {
	if raw == "" {
		return 0
	}
	i := bytes.Index(b, []byte(raw))
	if i < 0 {
		return 0
	}
	return 1 + bytes.Count(b[:i], []byte("\n"))
}
