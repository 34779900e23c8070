package yamlfile

import (
	"encoding"
	"fmt"
	"reflect"
	"strings"

	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/ast"
)

// Missing returns the indexes of the items of the list at path (a
// top-level key such as "expenditure") that have no key, or whose key is
// null: the decoder leaves such a value at zero without a word. Items
// that merge another mapping in (<<) are taken to have it.
func (f *File) Missing(list, key string) []int {
	if f == nil || f.ast == nil || len(f.ast.Docs) == 0 {
		return nil
	}
	seq, ok := unwrap(mappingValue(unwrap(f.ast.Docs[0].Body), list)).(*ast.SequenceNode)
	if !ok {
		return nil
	}
	var out []int
	for i, item := range seq.Values {
		item = unwrap(item)
		if _, ok := item.(*ast.AliasNode); ok {
			continue
		}
		if hasMerge(item) {
			continue
		}
		v := mappingValue(item, key)
		if v == nil {
			out = append(out, i)
			continue
		}
		if _, null := unwrap(v).(*ast.NullNode); null {
			out = append(out, i)
		}
	}
	return out
}

// unwrap looks through anchors and tags.
func unwrap(n ast.Node) ast.Node {
	for {
		switch x := n.(type) {
		case *ast.AnchorNode:
			n = x.Value
		case *ast.TagNode:
			n = x.Value
		default:
			return n
		}
	}
}

// pairs returns the key-value pairs of a mapping (a one-pair mapping is a
// bare MappingValueNode in the library's tree).
func pairs(n ast.Node) []*ast.MappingValueNode {
	switch m := n.(type) {
	case *ast.MappingNode:
		return m.Values
	case *ast.MappingValueNode:
		return []*ast.MappingValueNode{m}
	}
	return nil
}

func mappingValue(n ast.Node, key string) ast.Node {
	for _, kv := range pairs(n) {
		if keyText(kv.Key) == key {
			return kv.Value
		}
	}
	return nil
}

func hasMerge(n ast.Node) bool {
	for _, kv := range pairs(n) {
		if _, ok := kv.Key.(*ast.MergeKeyNode); ok {
			return true
		}
	}
	return false
}

func keyText(k ast.MapKeyNode) string {
	if s, ok := k.(*ast.StringNode); ok {
		return s.Value
	}
	if tk := k.GetToken(); tk != nil {
		return tk.Value
	}
	return ""
}

// checkIntegers walks the tree with the type it decodes into and refuses
// a fractional number where an integer is wanted: the decoder would cut
// authorized: 10.5 to 10 without a word.
func checkIntegers(name string, f *ast.File, n ast.Node, t reflect.Type) error {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	n = unwrap(n)
	if n == nil {
		return nil
	}
	if _, ok := n.(*ast.AliasNode); ok {
		return nil
	}
	if custom(t) {
		return nil
	}
	switch t.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		if fl, ok := n.(*ast.FloatNode); ok {
			tk := fl.GetToken()
			e := &Error{File: name, Msg: fmt.Sprintf("应为整数，实为 %s", tk.Value)}
			if tk.Position != nil {
				e.Line, e.Col = tk.Position.Line, tk.Position.Column
				e.Path = pathAt(f, tk)
			}
			return e
		}
	case reflect.Struct:
		fields := fieldTypes(t)
		for _, kv := range pairs(n) {
			ft, ok := fields[keyText(kv.Key)]
			if !ok {
				continue
			}
			if err := checkIntegers(name, f, kv.Value, ft); err != nil {
				return err
			}
		}
	case reflect.Map:
		for _, kv := range pairs(n) {
			if err := checkIntegers(name, f, kv.Value, t.Elem()); err != nil {
				return err
			}
		}
	case reflect.Slice, reflect.Array:
		if seq, ok := n.(*ast.SequenceNode); ok {
			for _, v := range seq.Values {
				if err := checkIntegers(name, f, v, t.Elem()); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

var (
	unmarshalerType     = reflect.TypeFor[yaml.InterfaceUnmarshaler]()
	bytesUnmarshaler    = reflect.TypeFor[yaml.BytesUnmarshaler]()
	textUnmarshalerType = reflect.TypeFor[encoding.TextUnmarshaler]()
)

// custom reports a type that decodes itself.
func custom(t reflect.Type) bool {
	p := reflect.PointerTo(t)
	return p.Implements(unmarshalerType) || p.Implements(bytesUnmarshaler) || p.Implements(textUnmarshalerType)
}

// fieldTypes maps the keys of a struct (yaml tag, else json tag, else the
// lower-cased field name, as the decoder does) to their field types.
func fieldTypes(t reflect.Type) map[string]reflect.Type {
	m := map[string]reflect.Type{}
	for i := 0; i < t.NumField(); i++ {
		sf := t.Field(i)
		if !sf.IsExported() {
			continue
		}
		tag := sf.Tag.Get("yaml")
		if tag == "" {
			tag = sf.Tag.Get("json")
		}
		name, opts, _ := strings.Cut(tag, ",")
		if name == "-" {
			continue
		}
		if sf.Anonymous && name == "" || strings.Contains(opts, "inline") {
			ft := sf.Type
			for ft.Kind() == reflect.Pointer {
				ft = ft.Elem()
			}
			if ft.Kind() == reflect.Struct {
				for k, v := range fieldTypes(ft) {
					m[k] = v
				}
				continue
			}
		}
		if name == "" {
			name = strings.ToLower(sf.Name)
		}
		m[name] = sf.Type
	}
	return m
}
