package yamlfile

import (
	"bytes"
	"errors"
	"reflect"
	"strconv"
	"strings"

	"github.com/yusuan/yusuan/internal/lazyre"
	"github.com/yusuan/yusuan/internal/limits"
)

// splitBatch is how many items of a long list are parsed at a time.
const splitBatch = 500

// The YAML library keeps a token, its position and an AST node for every
// scalar until a file is decoded: about 500 bytes of memory a token at
// the peak. A budget file that is long is long because of one or two
// lists (procurement items, expenditure lines). decodeSplit parses such
// a list in batches of items, each batch a small document of its own with
// the item lines at their own line numbers, and the rest of the file as
// one document with the list's lines blank: the peak is the rest of the
// file and one batch, not the whole file. Everything that could make the
// parts mean something else than the whole — anchors and aliases, tags,
// several documents, a quoted or flow value running over several lines,
// a list written in another way — keeps the whole-file decoding.

// list is a top-level block list of a file: its key, the line of the key,
// and the first line of each item (0-based line indexes); end is the
// line after its last.
type list struct {
	key   string
	keyAt int
	items []int
	end   int
}

// longLists returns the top-level block lists of more than splitBatch
// items that can be parsed in parts, or nil.
func longLists(data []byte) []list {
	if bytes.ContainsAny(data, "&*!%") || bytes.HasPrefix(data, []byte{0xEF, 0xBB, 0xBF}) {
		return nil
	}
	lines := strings.Split(string(data), "\n")
	var out []list
	for i := 0; i < len(lines); i++ {
		key, ok := listKey(lines[i])
		if !ok {
			if strings.HasPrefix(lines[i], "---") || strings.HasPrefix(lines[i], "...") {
				return nil // several documents
			}
			continue
		}
		l, ok := blockList(lines, i, key)
		if !ok {
			continue
		}
		if len(l.items) > splitBatch {
			out = append(out, l)
		}
		i = l.end - 1
	}
	return out
}

// listKey reports a line "key:" at column 0 with nothing after the colon
// but an optional comment.
func listKey(line string) (string, bool) {
	line = strings.TrimRight(line, " \t\r")
	k, rest, ok := strings.Cut(line, ":")
	if !ok || k == "" || (rest != "" && !strings.HasPrefix(strings.TrimLeft(rest, " \t"), "#")) {
		return "", false
	}
	for i, c := range k {
		if !(c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || i > 0 && c >= '0' && c <= '9') {
			return "", false
		}
	}
	return k, true
}

// blockList reads the block list under the key at line at: items at one
// indent ("- "), every other line indented deeper, a comment or blank,
// and no quoted or flow value left open at the end of a line.
func blockList(lines []string, at int, key string) (list, bool) {
	l := list{key: key, keyAt: at}
	indent := -1
	i := at + 1
	for ; i < len(lines); i++ {
		line := strings.TrimRight(lines[i], "\r")
		t := strings.TrimLeft(line, " ")
		if t == "" || strings.HasPrefix(t, "#") {
			continue
		}
		if strings.HasPrefix(t, "\t") {
			return l, false
		}
		d := len(line) - len(t)
		if d == 0 && !strings.HasPrefix(t, "-") {
			break // the next top-level key
		}
		if tt := strings.TrimRight(t, " "); tt == "-" || strings.HasPrefix(strings.TrimLeft(strings.TrimPrefix(tt, "-"), " "), "#") && strings.HasPrefix(tt, "- ") {
			return l, false // an item whose value starts on the next line
		}
		isItem := strings.HasPrefix(t, "- ")
		switch {
		case indent < 0 && !isItem:
			return l, false // a mapping, not a list
		case indent < 0:
			indent = d
		case d < indent, d == indent && !isItem:
			return l, false
		}
		if d == indent && isItem {
			l.items = append(l.items, i)
		}
		if !closed(t) || blockScalar.MatchString(t) {
			return l, false
		}
	}
	// Trailing blank and comment lines stay with the rest of the file.
	for i > at+1 && (strings.TrimSpace(lines[i-1]) == "" || strings.HasPrefix(strings.TrimLeft(lines[i-1], " "), "#")) {
		i--
	}
	l.end = i
	return l, len(l.items) > 0
}

// blockScalar is a line that opens a literal or folded scalar (| or >):
// where it ends the library decides in ways a part cannot repeat.
var blockScalar = lazyre.New(`(?:^|[:-])\s*[|>][-+0-9]*\s*(?:#.*)?$`)

// closed reports whether a line leaves no quoted scalar or flow
// collection open.
func closed(t string) bool {
	depth := 0
	for i := 0; i < len(t); i++ {
		switch c := t[i]; c {
		case '#':
			if i == 0 || t[i-1] == ' ' {
				return depth == 0
			}
		case '"':
			j := i + 1
			for j < len(t) && t[j] != '"' {
				if t[j] == '\\' {
					j++
				}
				j++
			}
			if j >= len(t) {
				return false
			}
			i = j
		case '\'':
			if i > 0 && t[i-1] != ' ' && t[i-1] != '[' && t[i-1] != '{' && t[i-1] != ',' && t[i-1] != ':' && t[i-1] != '-' {
				continue // an apostrophe inside a plain scalar
			}
			j := i + 1
			for j < len(t) && (t[j] != '\'' || j+1 < len(t) && t[j+1] == '\'') {
				if t[j] == '\'' {
					j++
				}
				j++
			}
			if j >= len(t) {
				return false
			}
			i = j
		case '[', '{':
			depth++
		case ']', '}':
			depth--
		}
	}
	return depth == 0
}

// decodeSplit decodes the file with its long lists parsed in batches. ok
// is false when the parts cannot stand for the whole (a list under a key
// that is not a list field of v): the caller decodes the whole file.
func decodeSplit(name string, data []byte, v any, lists []list, lim limits.Limits) (*File, error, bool) {
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Pointer || rv.Elem().Kind() != reflect.Struct {
		return nil, nil, false
	}
	fields := make([]reflect.Value, len(lists))
	for i, l := range lists {
		f, ok := fieldByKey(rv.Elem(), l.key)
		if !ok || f.Kind() != reflect.Slice {
			return nil, nil, false
		}
		fields[i] = f
	}
	lines := strings.Split(string(data), "\n")
	for _, l := range lists {
		if len(l.items) > lim.Items {
			e := limits.Count(name, "一个列表或键值表的条目数", len(l.items), lim.Items, "--max-items")
			e.File = name + ":" + strconv.Itoa(l.keyAt+1)
			return nil, e, true
		}
	}
	// The rest of the file, the lists' lines blank.
	rest := make([]string, len(lines))
	copy(rest, lines)
	for _, l := range lists {
		for i := l.items[0]; i < l.end; i++ {
			rest[i] = ""
		}
	}
	if _, err := decodeWhole(name, []byte(strings.Join(rest, "\n")), v, lim); err != nil {
		return nil, err, true
	}
	rest = nil
	for li, l := range lists {
		var all reflect.Value
		for from := 0; from < len(l.items); from += splitBatch {
			to := min(from+splitBatch, len(l.items))
			first, end := l.items[from], l.end
			if to < len(l.items) {
				end = l.items[to]
			}
			var b strings.Builder
			b.WriteString(strings.Repeat("\n", first-1))
			b.WriteString(l.key + ":\n")
			b.WriteString(strings.Join(lines[first:end], "\n"))
			b.WriteByte('\n')
			part := reflect.New(rv.Elem().Type())
			if _, err := decodeWhole(name, []byte(b.String()), part.Interface(), lim); err != nil {
				return nil, shiftPath(err, l.key, from), true
			}
			got, _ := fieldByKey(part.Elem(), l.key)
			if !all.IsValid() {
				all = reflect.MakeSlice(got.Type(), 0, len(l.items))
			}
			all = reflect.AppendSlice(all, got)
		}
		fields[li].Set(all)
	}
	return &File{Name: name, data: data}, nil, true
}

// fieldByKey finds the field of a struct decoded from key (its yaml tag,
// else its lower-cased name).
func fieldByKey(s reflect.Value, key string) (reflect.Value, bool) {
	t := s.Type()
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		name, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
		if name == "" {
			name = strings.ToLower(f.Name)
		}
		if name == key {
			return s.Field(i), true
		}
	}
	return reflect.Value{}, false
}

// shiftPath makes the path of an error in a batch the path in the whole
// list: procurement[3] of the batch from item 500 is procurement[503].
func shiftPath(err error, key string, by int) error {
	var e *Error
	if by == 0 || !errors.As(err, &e) || !strings.HasPrefix(e.Path, key+"[") {
		return err
	}
	rest := e.Path[len(key)+1:]
	j := strings.IndexByte(rest, ']')
	if j < 0 {
		return err
	}
	n, convErr := strconv.Atoi(rest[:j])
	if convErr != nil {
		return err
	}
	e.Path = key + "[" + strconv.Itoa(n+by) + rest[j:]
	return err
}
