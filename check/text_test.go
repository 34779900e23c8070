package check

import (
	"math/rand"
	"strings"
	"testing"
)

// compactSlow is compact as first written: strings.ContainsAny, then one
// rune at a time.
func compactSlow(s string) string {
	if !strings.ContainsAny(s, compactChars) {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		switch r {
		case ' ', '\t', '\n', '\r', '\u3000', '“', '”', '"', '‘', '’', '\'', '《', '》':
			continue
		case '(':
			r = '（'
		case ')':
			r = '）'
		case ':':
			r = '：'
		case ',':
			r = '，'
		}
		b.WriteRune(r)
	}
	return b.String()
}

// textDirectionSlow is textDirection as first written.
func textDirectionSlow(s string) string {
	best, bestAt := "", -1
	try := func(words []string, d string) {
		for _, w := range words {
			if i := strings.LastIndex(s, w); i >= 0 && i+len(w) > bestAt {
				best, bestAt = d, i+len(w)
			}
		}
	}
	try(upWords, "increase")
	try(downWords, "decrease")
	try(flatWords, "flat")
	return best
}

// The fast text helpers must give what the strings functions they replace
// give: on every paragraph and name of the example and on random strings
// of the characters that matter.
func TestTextHelpers(t *testing.T) {
	doc, _ := example(t)
	var texts []string
	for _, s := range doc.Narrative {
		texts = append(texts, s.Title)
		texts = append(texts, s.Paragraphs...)
	}
	for _, tb := range doc.Tables {
		texts = append(texts, tb.Title)
		for _, r := range tb.Rows {
			texts = append(texts, r.Name)
		}
	}
	alphabet := []string{"a", "1", " ", "\u3000", "“", "”", "‘", "’", "\"", "'", "《", "》", "(", ")", ":", ",", "，", "。", "；", ";", "！", "？", "!", "?", "：", "、", "支出", "\xe2\x80", "\xe3", "\xff", "\xe3\x80", "\xef\xbc", "\xf0", "\x80", "\xbc\x8c", "增加", "增长", "上升", "提高", "多", "减少", "下降", "压减", "减", "持平", "无变化", "不变", "增", "加", "变", "化"}
	rng := rand.New(rand.NewSource(1))
	for i := 0; i < 100000; i++ {
		var b strings.Builder
		for j := rng.Intn(12); j > 0; j-- {
			b.WriteString(alphabet[rng.Intn(len(alphabet))])
		}
		texts = append(texts, b.String())
	}
	for _, s := range texts {
		if got, want := textDirection(s), textDirectionSlow(s); got != want {
			t.Errorf("textDirection(%q) = %q, want %q", s, got, want)
		}
		if got, want := compact(s), compactSlow(s); got != want {
			t.Errorf("compact(%q) = %q, want %q", s, got, want)
		}
		for _, chars := range []string{"。；;！？!?", "。；;", "，,。；;：:、"} {
			set := newRuneSet(chars)
			if got, want := set.index(s), strings.IndexAny(s, chars); got != want {
				t.Errorf("index(%q, %q) = %d, want %d", s, chars, got, want)
			}
			if got, want := set.lastIndex(s), strings.LastIndexAny(s, chars); got != want {
				t.Errorf("lastIndex(%q, %q) = %d, want %d", s, chars, got, want)
			}
		}
	}
}
