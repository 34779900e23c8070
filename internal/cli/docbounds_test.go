package cli

import (
	"strings"
	"testing"

	"github.com/yusuan/yusuan/internal/limits"
)

// jsonBounds counts exactly: a document at a limit passes, one past it is
// refused with the limit's flag.
func TestJSONBoundsCountExactly(t *testing.T) {
	defer limits.Set(limits.Current())
	doc := `{"schema": "s", "tables": [{"kind": "k", "rows": [{"cells": {"a": 1, "b": -2.5e3}}, {"cells": {"t": "x,\"]"}}]}, {"rows": [{}]}]}`
	// Values: schema, "s", tables, [, {, kind, "k", rows, [, {, cells, {,
	// a, 1, b, -2.5e3, {, cells, {, t, "x,\"]", {, rows, [, {, plus the
	// outer object: 26. Rows: 3. Depth: 6. Largest container: 2 entries
	// (an object counts its pairs).
	tests := []struct {
		set  func(*limits.Limits)
		want string
	}{
		{func(l *limits.Limits) { l.Tokens = 26 }, ""},
		{func(l *limits.Limits) { l.Tokens = 25 }, "--max-tokens"},
		{func(l *limits.Limits) { l.Rows = 3 }, ""},
		{func(l *limits.Limits) { l.Rows = 2 }, "--max-rows"},
		{func(l *limits.Limits) { l.Depth = 6 }, ""},
		{func(l *limits.Limits) { l.Depth = 5 }, "--max-depth"},
		{func(l *limits.Limits) { l.Items = 2 }, ""},
		{func(l *limits.Limits) { l.Items = 1 }, "--max-items"},
	}
	for i, tt := range tests {
		l := limits.Default
		tt.set(&l)
		limits.Set(l)
		err := jsonBounds("d.json", []byte(doc))
		switch {
		case tt.want == "" && err != nil:
			t.Errorf("%d: %v", i, err)
		case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
			t.Errorf("%d: error %v, want %s", i, err, tt.want)
		}
	}
}
