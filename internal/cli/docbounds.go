package cli

import (
	"bytes"
	"fmt"

	"github.com/yusuan/yusuan"
	"github.com/yusuan/yusuan/internal/limits"
)

// jsonBounds scans Document JSON once, before it is decoded, and refuses
// nesting deeper than the depth limit and any array or object with more
// entries than the item limit, naming the line. Decoding is linear, but a
// file within the size limit could still hold millions of rows.
func jsonBounds(name string, b []byte) error {
	lim := limits.Current()
	type open struct {
		line, count int
	}
	var stack []open
	line := 1
	inString, escaped := false, false
	for _, c := range b {
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
			}
			continue
		}
		switch c {
		case '"':
			inString = true
			if n := len(stack); n > 0 && stack[n-1].count == 0 {
				stack[n-1].count = 1
			}
		case '[', '{':
			if n := len(stack); n > 0 && stack[n-1].count == 0 {
				stack[n-1].count = 1
			}
			stack = append(stack, open{line: line})
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
			}
		case ' ', '\t', '\r', '\n', ':':
		default:
			if n := len(stack); n > 0 && stack[n-1].count == 0 {
				stack[n-1].count = 1
			}
		}
	}
	return nil
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
