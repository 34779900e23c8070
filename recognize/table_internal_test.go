package recognize

import (
	"strings"
	"testing"

	"github.com/yusuan/yusuan/layout"
)

// line makes a PDF-like line of word groups, one per space-separated word.
func line(words string) *layout.Line {
	l := &layout.Line{}
	x := 0.0
	for _, w := range strings.Fields(words) {
		l.Cells = append(l.Cells, layout.Cell{Text: w, X0: x, X1: x + 10})
		x += 20
	}
	return l
}

func TestColumnNumbers(t *testing.T) {
	for _, tc := range []struct {
		words string
		want  bool
	}{
		{"栏次 1 栏次 2", true},                  // two-sided 收支总表
		{"栏次 1 2 3", true},                   // a grid table's 栏次 row
		{"栏次1 2 3 4 5 6 7", true},            // 栏次 run into the first number
		{"1 2 3 4 5 6 7 8 9 10 11 12", true}, // the 三公 table's unlabelled numbers
		{"1 2 3", false},                     // three small numbers may be data
		{"1 2 4 5 6", false},                 // not counting up
		{"76.43 30.00 40.63 40.63", false},
		{"合计 1 2 3 4", false},
		{"栏次 2 1", false},
	} {
		if got := isColumnNumbers(line(tc.words)); got != tc.want {
			t.Errorf("isColumnNumbers(%q) = %v, want %v", tc.words, got, tc.want)
		}
	}
}

func TestTableLabelIsMeta(t *testing.T) {
	for _, tc := range []struct {
		text string
		want bool
	}{
		{"公开 01 表", true},
		{"公开09表", true},
		{"附表3", true},
		{"表1", true},
		{"01", false}, // a lone number is not a form label
		{"公开", false},
		{"表1 收入支出决算总表", false},
	} {
		if got := isMetaLine(tc.text); got != tc.want {
			t.Errorf("isMetaLine(%q) = %v, want %v", tc.text, got, tc.want)
		}
	}
}

// TestPrintedCode: a code part printed without its leading zero is read
// completed and kept as printed; a code printed whole keeps no printed
// form.
func TestPrintedCode(t *testing.T) {
	for _, tt := range []struct{ words, code, printed string }{
		{"301 2", "30102", "301 2"},
		{"301 02", "30102", ""},
		{"201 03 01", "2010301", ""},
		{"201 3 1", "2010301", "201 3 1"},
		{"30102", "30102", ""},
	} {
		cells := line(tt.words).Cells
		if got := joinCode(cells); got != tt.code {
			t.Errorf("%q: code %q, want %q", tt.words, got, tt.code)
		}
		if got := printedCode(cells); got != tt.printed {
			t.Errorf("%q: printed %q, want %q", tt.words, got, tt.printed)
		}
	}
}
