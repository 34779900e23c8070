package yamlfile

import (
	"fmt"
	"strings"

	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/token"

	"github.com/yusuan/yusuan/internal/limits"
)

// The YAML library's parser costs time and memory that grow faster than
// the input with nesting depth (quadratic: a 200 KB file nested 100,000
// deep took 15–20 GB), and its decoder expands aliases and merge keys
// without bound (24 levels of doubling merges took 26 s). So a file is
// bounded in three steps, each linear in its size, before the costly one:
// the tokens are estimated from the bytes before the lexer runs, the
// nesting depth is measured on the tokens before the parser runs, and the
// expanded size of aliases is computed on the tree before decoding.

// estimateTokens over-estimates the tokens the lexer will make of data:
// every ASCII byte other than a letter, a digit or a blank may be a token
// of its own (an indicator, a line break) and ends the run before it, and
// every run of letters, digits and non-ASCII text is at most one token. A
// quoted scalar that starts a token and closes is one token (it is the
// lexer's too), counted as one plus one per line it spans.
func estimateTokens(data []byte) int {
	n := 0
	inRun := false
	// afterIndicator: no text since the last indicator or line break, so
	// a quote here starts a quoted scalar (elsewhere it may be inside a
	// plain scalar of several words).
	afterIndicator := true
	for i := 0; i < len(data); i++ {
		c := data[i]
		switch {
		case c == ' ':
			inRun = false
		case (c == '"' || c == '\'') && afterIndicator:
			end, lines := closingQuote(data, i)
			n++
			inRun, afterIndicator = false, false
			if end >= 0 {
				// Where the lexer does not take the quote as starting a
				// quoted scalar (`,": 0: "`), it reads the text inside as
				// plain YAML: count it as such, plus the closing quote, so
				// the estimate stays an upper bound either way.
				n += lines + estimateTokens(data[i+1:end]) + 1
				i = end
			}
		case c >= 0x80 || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_':
			if !inRun {
				n++
				inRun = true
			}
			afterIndicator = false
		default:
			n++
			inRun = false
			afterIndicator = strings.IndexByte(":,[{-?\n\r", c) >= 0
		}
	}
	return n
}

// closingQuote returns the index of the quote that closes the one at
// start (a backslash escapes in double quotes, ” in single quotes) and
// the line breaks between, or -1 (also for a double-quoted scalar with
// an escape).
func closingQuote(data []byte, start int) (end, lines int) {
	q := data[start]
	for i := start + 1; i < len(data); i++ {
		switch c := data[i]; {
		case c == '\n':
			lines++
		case q == '"' && c == '\\':
			// An invalid escape ends the token in error and the lexer
			// goes on from the escaped byte: count this one byte by byte.
			return -1, 0
		case c == q:
			if q == '\'' && i+1 < len(data) && data[i+1] == '\'' {
				i++
				continue
			}
			return i, lines
		}
	}
	return -1, lines
}

// checkDepth measures the nesting of lists and mappings on the token
// stream and refuses a file deeper than the limit, at the token where it
// passes it. Flow collections count their brackets; block collections
// count the distinct indentation columns of their entries ('-', '?', and
// keys before ':'), which is at most the real depth plus one per level.
func checkDepth(name string, tokens token.Tokens, max int) error {
	flow := 0
	var block []int // columns of the open block collections
	for _, tk := range tokens {
		col := 0
		switch tk.Type {
		case token.SequenceStartType, token.MappingStartType:
			flow++
		case token.SequenceEndType, token.MappingEndType:
			if flow > 0 {
				flow--
			}
			continue
		case token.SequenceEntryType, token.MappingKeyType:
			if flow == 0 {
				col = tk.Position.Column
			}
		case token.MappingValueType:
			if flow == 0 {
				col = tk.Position.Column
				if tk.Prev != nil && tk.Prev.Position != nil && tk.Prev.Position.Line == tk.Position.Line {
					col = tk.Prev.Position.Column
				}
			}
		case token.DocumentHeaderType, token.DocumentEndType:
			block = block[:0]
			continue
		default:
			continue
		}
		if col > 0 {
			for len(block) > 0 && block[len(block)-1] > col {
				block = block[:len(block)-1]
			}
			if len(block) == 0 || block[len(block)-1] < col {
				block = append(block, col)
			}
		}
		if flow+len(block) > max {
			e := limits.Count(name, "嵌套层数", 0, max, "--max-depth")
			if tk.Position != nil {
				e.File = fmt.Sprintf("%s:%d:%d", name, tk.Position.Line, tk.Position.Column)
			}
			return e
		}
	}
	return nil
}

// checkTree refuses a tree whose aliases and merge keys expand into more
// than the limit's nodes beyond the file's own, and any list longer than
// the item limit. Sizes of anchored values are computed once, so the walk
// is linear in the tree even when the expansion is exponential.
func checkTree(name string, f *ast.File, lim limits.Limits) error {
	w := &treeWalk{name: name, anchors: map[string]ast.Node{}, size: map[ast.Node]int64{}, items: lim.Items}
	var plain, expanded int64
	for _, d := range f.Docs {
		if d.Body == nil {
			continue
		}
		s, err := w.walk(d.Body)
		if err != nil {
			return err
		}
		expanded = sat(expanded + s)
	}
	plain = w.nodes
	if expanded-plain > int64(lim.Expansion) {
		e := limits.Count(name, "别名（&锚点/*别名、<<: 合并键）展开后增加的节点数", 0, lim.Expansion, "--max-expansion")
		if expanded < 1<<50 {
			e.Got = fmt.Sprint(expanded - plain)
		} else {
			e.Got = "超过 10^15"
		}
		return e
	}
	return nil
}

type treeWalk struct {
	name    string
	anchors map[string]ast.Node
	size    map[ast.Node]int64 // expanded sizes of anchored values; -1 while being walked
	nodes   int64              // nodes as written
	items   int
}

const saturated = int64(1) << 60

func sat(n int64) int64 { return min(n, saturated) }

// walk returns the size of n with its aliases expanded.
func (w *treeWalk) walk(n ast.Node) (int64, error) {
	if n == nil {
		return 0, nil
	}
	w.nodes++
	s := int64(1)
	add := func(c ast.Node) error {
		cs, err := w.walk(c)
		s = sat(s + cs)
		return err
	}
	switch n := n.(type) {
	case *ast.AliasNode:
		v, ok := w.anchors[n.Value.GetToken().Value]
		if !ok {
			return 1, nil
		}
		if vs := w.size[v]; vs > 0 {
			return sat(1 + vs), nil
		}
		return 1, nil
	case *ast.AnchorNode:
		w.anchors[n.Name.GetToken().Value] = n.Value
		w.size[n.Value] = -1
		vs, err := w.walk(n.Value)
		w.size[n.Value] = vs
		return sat(s + vs), err
	case *ast.TagNode:
		return s, add(n.Value)
	case *ast.MappingNode:
		if len(n.Values) > w.items {
			return s, w.tooMany(n, len(n.Values))
		}
		for _, kv := range n.Values {
			if err := add(kv); err != nil {
				return s, err
			}
		}
	case *ast.MappingValueNode:
		if err := add(n.Key); err != nil {
			return s, err
		}
		return s, add(n.Value)
	case *ast.SequenceNode:
		if len(n.Values) > w.items {
			return s, w.tooMany(n, len(n.Values))
		}
		for _, v := range n.Values {
			if err := add(v); err != nil {
				return s, err
			}
		}
	}
	return s, nil
}

func (w *treeWalk) tooMany(n ast.Node, got int) error {
	e := limits.Count(w.name, "一个列表或键值表的条目数", got, w.items, "--max-items")
	if tk := n.GetToken(); tk != nil && tk.Position != nil {
		e.File = fmt.Sprintf("%s:%d", w.name, tk.Position.Line)
	}
	return e
}
