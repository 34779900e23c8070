package pdf_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/yusuan/yusuan/render/internal/testdoc"
	"github.com/yusuan/yusuan/render/pdf"
)

func testWidth(r rune) float64 {
	if r < 0x80 {
		return 0.55
	}
	return 1
}

// lineBreakViolations lists what a reader of printed Chinese would mark in
// lines: a line starting with closing punctuation, ending with opening
// punctuation, or a figure whose unit went to the next line.
func lineBreakViolations(lines []string) []string {
	var bad []string
	for i, l := range lines {
		t := strings.TrimSpace(l)
		if t == "" {
			continue
		}
		first, _ := utf8.DecodeRuneInString(t)
		last, _ := utf8.DecodeLastRuneInString(t)
		if strings.ContainsRune("，。；：、）」", first) {
			bad = append(bad, "starts with "+string(first)+": "+t)
		}
		if strings.ContainsRune("（「", last) {
			bad = append(bad, "ends with "+string(last)+": "+t)
		}
		if i+1 < len(lines) && last >= '0' && last <= '9' {
			next := strings.TrimSpace(lines[i+1])
			for _, u := range []string{"万元", "元", "%", "人", "辆"} {
				if strings.HasPrefix(next, u) {
					bad = append(bad, "figure split from its unit: "+t+" | "+next)
				}
			}
		}
	}
	return bad
}

func TestWrapFollowsChineseLineBreaking(t *testing.T) {
	doc, _ := testdoc.Example(t)
	var paras []string
	for _, s := range doc.Narrative {
		paras = append(paras, s.Paragraphs...)
	}
	paras = append(paras, "合计（元）1,414,700.00元，占比11.82%；LED 电视机“三公”经费（含外宾接待）。")
	for _, p := range paras {
		for max := 12.0; max <= 48; max++ {
			lines := pdf.WrapLine("　　"+p, max, testWidth)
			if got := strings.Join(lines, ""); strings.ReplaceAll(got, " ", "") != strings.ReplaceAll("　　"+p, " ", "") {
				t.Fatalf("width %v: text changed:\n%q\n%q", max, got, p)
			}
			for _, l := range lines {
				w := 0.0
				for _, r := range l {
					w += testWidth(r)
				}
				if w > max+1e-9 {
					t.Errorf("width %v: line %q is %v wide", max, l, w)
				}
			}
			if bad := lineBreakViolations(lines); len(bad) > 0 {
				t.Errorf("width %v: %s", max, strings.Join(bad, "\n"))
			}
		}
	}
}

func TestWrapBreaksAnOverlongWord(t *testing.T) {
	lines := pdf.WrapLine(strings.Repeat("9", 40), 10, testWidth)
	if len(lines) < 2 {
		t.Fatalf("a 40-digit run in a 10-wide line gave %d lines", len(lines))
	}
}

// TestPrintedLinesFollowChineseLineBreaking reads the example's PDF back as
// text: no printed line breaks the rules, in the narrative or in a table.
func TestPrintedLinesFollowChineseLineBreaking(t *testing.T) {
	doc, p := testdoc.Example(t)
	data, err := pdf.Render(doc, p)
	if err != nil {
		t.Fatal(err)
	}
	text := extract(t, data)
	for _, b := range lineBreakViolations(strings.Split(text, "\n")) {
		t.Error(b)
	}
}
