// Package yamlfile decodes the hand-written YAML (or JSON) files of yusuan
// strictly, and reports every problem with the file, line and path of the
// value at fault, the way a reviewer reading the file would look for it.
package yamlfile

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"os"
	"reflect"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/lexer"
	"github.com/goccy/go-yaml/parser"
	"github.com/goccy/go-yaml/token"

	"github.com/yusuan/yusuan/internal/lazyre"
	"github.com/yusuan/yusuan/internal/limits"
)

// Error is a problem at a place in a file.
type Error struct {
	File string
	Line int    // 1-based; 0 when unknown
	Col  int    // 1-based; 0 when unknown
	Path string // e.g. expenditure[3].amount
	Msg  string
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		fmt.Fprintf(&b, ":%d", e.Line)
		if e.Col > 0 {
			fmt.Fprintf(&b, ":%d", e.Col)
		}
	}
	b.WriteString(": ")
	if e.Path != "" {
		b.WriteString(e.Path)
		b.WriteString(": ")
	}
	b.WriteString(e.Msg)
	return b.String()
}

// File is a parsed file, kept to locate paths for errors found after decoding.
type File struct {
	Name string
	ast  *ast.File
	// data is the file, parsed again when a path is to be located, when
	// it was decoded in parts (decodeSplit) and no whole tree was kept.
	data []byte
}

// Decode parses data strictly into v: unknown fields, wrong types and
// duplicate keys are errors. The returned File locates paths for later
// validation errors.
func Decode(name string, data []byte, v any) (_ *File, err error) {
	// The YAML library panics on some malformed input (found by fuzzing);
	// a bad file must give an error, never a crash.
	defer func() {
		if r := recover(); r != nil {
			err = &Error{File: name, Msg: fmt.Sprintf("文件不是有效的 YAML（解析失败：%v）", r)}
		}
	}()
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, &Error{File: name, Msg: "文件为空"}
	}
	if err := checkEncoding(name, data); err != nil {
		return nil, err
	}
	lim := limits.Current()
	if n := estimateTokens(data); n > lim.Tokens {
		return nil, limits.Count(name, "YAML 记号数（估计）", n, lim.Tokens, "--max-tokens")
	}
	// YUSUAN_YAML_WHOLE=1 decodes every file whole: only for measuring
	// the parts against the whole (internal/cli/memory_test.go).
	if lists := longLists(data); len(lists) > 0 && os.Getenv("YUSUAN_YAML_WHOLE") == "" {
		if f, err, ok := decodeSplit(name, data, v, lists, lim); ok {
			return f, err
		}
	}
	return decodeWhole(name, data, v, lim)
}

// decodeWhole parses the whole file at once and decodes it into v.
func decodeWhole(name string, data []byte, v any, lim limits.Limits) (*File, error) {
	tokens := lexer.Tokenize(string(data))
	if tk := tokens.InvalidToken(); tk == nil {
		if err := checkDepth(name, tokens, lim.Depth); err != nil {
			return nil, err
		}
	}
	f, err := parser.Parse(tokens, 0)
	if err != nil {
		return nil, convert(name, nil, err)
	}
	if err := checkTree(name, f, lim); err != nil {
		return nil, err
	}
	file := &File{Name: name, ast: f}
	if len(f.Docs) > 1 {
		return nil, &Error{File: name, Msg: "文件包含多个 YAML 文档，只能有一个"}
	}
	if len(f.Docs) == 0 || f.Docs[0].Body == nil {
		return nil, &Error{File: name, Msg: "文件中没有 YAML 内容"}
	}
	if err := checkIntegers(name, f, f.Docs[0].Body, reflect.TypeOf(v)); err != nil {
		return nil, err
	}
	// Decode from the tree already parsed: parsing is most of the cost.
	if err := yaml.NodeToValue(f.Docs[0].Body, v, yaml.Strict()); err != nil {
		return nil, convert(name, f, err)
	}
	return file, nil
}

func convert(name string, f *ast.File, err error) error {
	var ye yaml.Error
	if errors.As(err, &ye) {
		e := &Error{File: name, Msg: cleanMsg(ye.GetMessage())}
		var se *yaml.SyntaxError
		if errors.As(err, &se) {
			e.Msg = "YAML 语法错误：" + e.Msg
		}
		if tk := ye.GetToken(); tk != nil && tk.Position != nil {
			e.Line, e.Col = tk.Position.Line, tk.Position.Column
			if f != nil {
				e.Path = pathAt(f, tk)
			}
		}
		return e
	}
	e := &Error{File: name, Msg: cleanMsg(err.Error())}
	// A value rejected by a custom decoder carries its raw text; find it.
	var rv interface{ RawValue() string }
	if errors.As(err, &rv) && f != nil {
		if tk := findScalar(f, rv.RawValue()); tk != nil {
			e.Line, e.Col = tk.Position.Line, tk.Position.Column
			e.Path = pathAt(f, tk)
		}
	}
	return e
}

// findScalar returns the first token whose value (or whose node's text,
// for a list or mapping) is raw.
func findScalar(f *ast.File, raw string) *token.Token {
	var found *token.Token
	// A number the decoder formatted (+Inf for .inf, 1e+300 for a huge
	// float) is found by its value.
	num, numErr := strconv.ParseFloat(raw, 64)
	sameNumber := func(n ast.Node) bool {
		if numErr != nil && !strings.Contains(numErr.Error(), "range") {
			return false
		}
		var x float64
		switch n := n.(type) {
		case *ast.FloatNode:
			x = n.Value
		case *ast.InfinityNode:
			x = n.Value
		case *ast.NanNode:
			return math.IsNaN(num)
		case *ast.IntegerNode:
			return false
		default:
			return false
		}
		return x == num
	}
	for _, d := range f.Docs {
		ast.Walk(visitor(func(n ast.Node) bool {
			if found != nil {
				return false
			}
			tk := n.GetToken()
			if tk == nil || tk.Position == nil {
				return true
			}
			if _, ok := n.(ast.ScalarNode); ok && (tk.Value == raw || sameNumber(n)) {
				found = tk
				return false
			}
			// A list or mapping where a value was expected.
			if _, ok := n.(*ast.MappingValueNode); !ok && strings.TrimSpace(n.String()) == raw {
				found = tk
				return false
			}
			return true
		}), d)
	}
	return found
}

type visitor func(ast.Node) bool

func (v visitor) Visit(n ast.Node) ast.Visitor {
	if v(n) {
		return v
	}
	return nil
}

// cleanMsg turns the decoder's Go-flavoured messages into a reviewer's,
// in Chinese.
func cleanMsg(m string) string {
	m = strings.TrimSpace(m)
	for _, r := range libraryMessages {
		if r.re.MatchString(m) {
			return yamlWords.Replace(r.re.ReplaceAllString(m, r.out))
		}
	}
	if f, ok := strings.CutPrefix(m, "unknown field "); ok {
		return "未知字段 " + f + "（请检查拼写；允许的字段见 docs/budget-file.md）"
	}
	if strings.Contains(m, "duplicate") {
		return "键重复：" + m
	}
	if i := strings.Index(m, "cannot unmarshal "); i >= 0 {
		// "cannot unmarshal string into Go struct field T.X of type int"
		rest := m[i+len("cannot unmarshal "):]
		got, _, _ := strings.Cut(rest, " ")
		want := ""
		if j := strings.LastIndex(rest, " of type "); j >= 0 {
			want = rest[j+len(" of type "):]
		}
		if want != "" {
			return fmt.Sprintf("类型错误：应为%s，实为%s", friendlyType(want), friendlyFound(got))
		}
	}
	return m
}

// libraryMessages are the YAML library's messages a user meets, in
// Chinese; the rest keep their text after "YAML 语法错误：".
var libraryMessages = []struct {
	re  *lazyre.Regexp
	out string
}{
	{lazyre.New(`^mapping key "(.*)" already defined at \[(\d+):(\d+)\]$`), `键重复：键 "$1" 在第 $2 行已经出现过`},
	{lazyre.New(`^(string|sequence|mapping|integer|float|bool|null|anchor|alias|tag) was used where (sequence|mapping|string|integer|float|bool) is expected$`), `类型错误：应为$2，实为$1`},
	{lazyre.New(`^could not find alias "(.*)"$`), `别名 *$1 没有对应的锚点 &$1`},
	{lazyre.New(`^found character '\t' that cannot start any token$`), `此处有制表符：YAML 的缩进只能用空格`},
	{lazyre.New(`^found character '(.*)' that cannot start any token$`), `字符 '$1' 不能出现在此处`},
	{lazyre.New(`^'(.)' or '(.)' must be specified$`), `此处缺少 '$1' 或 '$2'（括号或引号没有闭合？）`},
	{lazyre.New(`^could not find (flow )?(mapping|sequence) end token$`), `括号没有闭合`},
	{lazyre.New(`^could not find end character of (double|single)-quoted text$`), `引号没有闭合`},
	{lazyre.New(`^unexpected directive value. document not started$`), `文件开头不是 YAML 内容（这是预算文件吗？）`},
	{lazyre.New(`(?i)^.*overflow.*$`), `数字过大，超出整数范围`},
}

// yamlWords names the library's node kinds in Chinese.
var yamlWords = strings.NewReplacer("为mapping", "为键值表", "为sequence", "为列表", "为string", "为文字", "为integer", "为整数", "为float", "为小数", "为bool", "为 true/false", "为null", "为空值", "为anchor", "为锚点", "为alias", "为别名", "为tag", "为标签")

func friendlyType(t string) string {
	switch {
	case strings.HasPrefix(t, "[]"):
		return "列表"
	case strings.HasPrefix(t, "map["):
		return "键值表"
	case t == "int" || t == "int64" || t == "int32":
		return "整数"
	case t == "string" || strings.HasSuffix(t, "Kind") || strings.HasSuffix(t, "Nature") || strings.HasSuffix(t, "Source") || strings.HasSuffix(t, "Type") || strings.HasSuffix(t, "Category"):
		return "文字"
	case t == "bool":
		return "true 或 false"
	case strings.HasSuffix(t, ".Amount"):
		return "以元为单位的金额"
	}
	if i := strings.LastIndex(t, "."); i >= 0 {
		return "键值表（" + t[i+1:] + "）"
	}
	return t
}

// friendlyFound names what the decoder found.
func friendlyFound(t string) string {
	switch t {
	case "string":
		return "文字"
	case "[]interface":
		return "列表"
	case "map[string]interface":
		return "键值表"
	case "uint64", "int64", "float64":
		return "数字"
	case "bool":
		return "true/false"
	}
	return t
}

// Locate finds the line and column of a path (expenditure[3].amount) in
// the file; it returns zeros when the path is not there.
func (f *File) Locate(path string) (line, col int) {
	if f != nil && f.ast == nil && f.data != nil {
		// Decoded in parts: parse the whole file once, for the errors.
		if a, err := parser.Parse(lexer.Tokenize(string(f.data)), 0); err == nil {
			f.ast = a
		}
		f.data = nil
	}
	if f == nil || f.ast == nil {
		return 0, 0
	}
	p, err := yaml.PathString("$." + path)
	if path == "" {
		p, err = yaml.PathString("$")
	}
	if err != nil {
		return 0, 0
	}
	n, err := p.FilterFile(f.ast)
	if err != nil || n == nil {
		// Fall back to the parent, so a missing field points at its owner.
		if i := strings.LastIndexAny(path, ".["); i > 0 {
			return f.Locate(path[:i])
		}
		return 0, 0
	}
	tk := n.GetToken()
	if tk == nil || tk.Position == nil {
		return 0, 0
	}
	return tk.Position.Line, tk.Position.Column
}

// Errorf makes an Error at path.
func (f *File) Errorf(path, format string, args ...any) *Error {
	e := &Error{Path: path, Msg: fmt.Sprintf(format, args...)}
	if f != nil {
		e.File = f.Name
		e.Line, e.Col = f.Locate(path)
	}
	return e
}

// pathAt returns the path of the value at the token's position.
func pathAt(f *ast.File, tk *token.Token) string {
	for _, d := range f.Docs {
		if p, ok := find(d.Body, tk.Position, ""); ok {
			return p
		}
	}
	return ""
}

func samePos(a, b *token.Position) bool {
	return a != nil && b != nil && a.Line == b.Line && a.Column == b.Column
}

func find(n ast.Node, pos *token.Position, path string) (string, bool) {
	if n == nil {
		return "", false
	}
	if tk := n.GetToken(); tk != nil && samePos(tk.Position, pos) {
		return path, true
	}
	switch n := n.(type) {
	case *ast.MappingNode:
		for _, kv := range n.Values {
			if p, ok := find(kv, pos, path); ok {
				return p, true
			}
		}
	case *ast.MappingValueNode:
		key := n.Key.String()
		child := key
		if path != "" {
			child = path + "." + key
		}
		if tk := n.Key.GetToken(); tk != nil && samePos(tk.Position, pos) {
			return child, true
		}
		return find(n.Value, pos, child)
	case *ast.SequenceNode:
		for i, v := range n.Values {
			if p, ok := find(v, pos, path+"["+strconv.Itoa(i)+"]"); ok {
				return p, true
			}
		}
	case *ast.TagNode:
		return find(n.Value, pos, path)
	case *ast.AnchorNode:
		return find(n.Value, pos, path)
	}
	return "", false
}

// checkEncoding refuses a file that is not UTF-8 text (binary data, UTF-16
// or GBK without conversion), at the line of the first bad byte: the
// library would read it as one odd string and say only that a mapping was
// expected.
func checkEncoding(name string, data []byte) error {
	if bytes.HasPrefix(data, []byte{0xEF, 0xBB, 0xBF}) {
		data = data[3:]
	}
	line := 1
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		switch {
		case r == utf8.RuneError && size <= 1:
			return &Error{File: name, Line: line, Msg: fmt.Sprintf("文件不是 UTF-8 文本：第 %d 行有无法识别的字节 0x%02X（预算文件须用 UTF-8 保存；若为 GBK 或 UTF-16，请先转换）", line, data[i])}
		case r == 0 || (r < 0x20 && r != '\n' && r != '\r' && r != '\t') || r == 0x7F:
			return &Error{File: name, Line: line, Msg: fmt.Sprintf("文件不是文本：第 %d 行有控制字符 0x%02X", line, r)}
		case r == '\n':
			line++
		}
		i += size
	}
	return nil
}
