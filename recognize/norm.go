package recognize

import (
	"strings"
	"unicode/utf8"

	"github.com/yusuan/yusuan/internal/lazyre"
)

// Norm folds the forms a title or header is printed in to one key:
// full-width ASCII to half-width, curly quotes to straight ones, and no
// whitespace at all ("政府性基 金预算" is "政府性基金预算").
func Norm(s string) string {
	if !needsNorm(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r >= 0xFF01 && r <= 0xFF5E:
			r -= 0xFEE0
		case r == '“' || r == '”' || r == '„' || r == '〝' || r == '〞':
			r = '"'
		case r == '‘' || r == '’':
			r = '\''
		case r == '【' || r == '〔':
			r = '['
		case r == '】' || r == '〕':
			r = ']'
		case r == '—' || r == '－' || r == '―':
			r = '-'
		}
		switch r {
		case ' ', '\t', '\n', '\r', '\u3000', '\u00a0', '\f':
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// needsNorm reports whether Norm would change s. It looks at bytes, not
// runes: each character Norm changes is ASCII white space or starts with
// one of the lead bytes 0xC2, 0xE2, 0xE3 or 0xEF, and most text has none
// of them (normRunes is the rune by rune definition, TestNeedsNorm).
func needsNorm(s string) bool {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case ' ', '\t', '\n', '\r', '\f':
			return true
		case 0xC2, 0xE2, 0xE3, 0xEF:
			if normRunes(s[i:min(len(s), i+3)]) {
				return true
			}
		}
	}
	return false
}

// normRunes reports whether s holds a rune Norm changes.
func normRunes(s string) bool {
	for _, r := range s {
		switch {
		case r >= 0xFF01 && r <= 0xFF5E, r == ' ', r == '\t', r == '\n', r == '\r', r == '\f', r == '\u3000', r == '\u00a0',
			r == '“', r == '”', r == '„', r == '〝', r == '〞', r == '‘', r == '’', r == '【', r == '〔', r == '】', r == '〕',
			r == '—', r == '－', r == '―':
			return true
		}
	}
	return false
}

var (
	yearRe      = lazyre.New(`[(]?\d{4}年度?[)]?`)
	numberingRe = lazyre.New(`^(其中[:：]?)?(([一二三四五六七八九十]+[、.])|(\d+[、.](\d+[、.])?)|([(][0-9一二三四五六七八九十]+[)]))+`)
	actionRe    = lazyre.New(`\{\{[^}]*\}\}(年度|年)?`)
)

// StripYear removes year marks (2025年, (2021年度)) from a normalized string.
func StripYear(s string) string {
	if !strings.Contains(s, "年") {
		return s
	}
	s = yearRe.ReplaceAllString(s, "")
	return strings.ReplaceAll(s, "()", "")
}

// StripNumbering removes leading list numbering ("一、", "1.", "（2）",
// "其中：") from a normalized string.
func StripNumbering(s string) string {
	r, _ := utf8.DecodeRuneInString(s)
	if !(r >= '0' && r <= '9') && r != '(' && !strings.ContainsRune("其一二三四五六七八九十", r) {
		return s
	}
	return numberingRe.ReplaceAllString(s, "")
}

// itemKey is the key a printed row label is compared by.
func itemKey(s string) string { return StripNumbering(Norm(s)) }

// templateKey turns a title template into the key a printed title ends
// with: the actions (department, year, unit) removed.
func templateKey(tmpl string) string {
	s := actionRe.ReplaceAllString(tmpl, "")
	s = Norm(s)
	return strings.ReplaceAll(s, "()", "")
}

func runeLen(s string) int { return utf8.RuneCountInString(s) }

// hasSentencePunct reports sentence punctuation, which titles do not have.
func hasSentencePunct(s string) bool {
	return strings.ContainsAny(s, "。，,；;！？!?") || strings.Contains(s, "……") || strings.Contains(s, "…")
}
