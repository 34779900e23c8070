package pdf

import (
	"strings"
	"unicode"
)

// Chinese line breaking (the usual 禁则 of GB/T 15834 and of printed
// disclosures): no line starts with closing punctuation, none ends with
// opening punctuation, and a figure stays with its unit ("1590 万元",
// "11.82%", "20 辆") and with its own digits and separators.

// noStart are the characters that may not begin a line.
const noStart = "，。；：、）」』”’！？》〉】〕…—％%·,.;:!?)]}"

// noEnd are the characters that may not end a line.
const noEnd = "（「『“‘《〈【〔([{"

// unitAfter are the words that, after a figure, belong to it.
var unitAfter = []string{"万元", "亿元", "元", "万件", "万人", "万", "亿", "人次", "人", "辆", "台（套）", "台", "套", "项", "个", "名", "家", "次", "本", "册", "件", "场", "版", "批", "年", "月", "日", "页"}

func isWord(r rune) bool {
	return r < 0x80 && (unicode.IsLetter(r) || unicode.IsDigit(r))
}

func isDigit(r rune) bool { return r >= '0' && r <= '9' }

// breakable reports, for each i in 1..len(rs)-1, whether a line may break
// before rs[i].
func breakable(rs []rune) []bool {
	ok := make([]bool, len(rs)+1)
	// glued[i]: rs[i] is part of a unit word (or the space before it) that
	// follows a figure.
	glued := make([]bool, len(rs)+1)
	for i := 0; i < len(rs); i++ {
		if !isDigit(rs[i]) {
			continue
		}
		j := i + 1
		if j < len(rs) && rs[j] == ' ' {
			j++
		}
		rest := string(rs[j:min(len(rs), j+4)])
		for _, u := range unitAfter {
			if strings.HasPrefix(rest, u) {
				for k := i + 1; k < j+len([]rune(u)); k++ {
					glued[k] = true
				}
				break
			}
		}
	}
	for i := 1; i < len(rs); i++ {
		a, b := rs[i-1], rs[i]
		switch {
		case glued[i]:
		case strings.ContainsRune(noStart, b), strings.ContainsRune(noEnd, a):
		case isWord(a) && isWord(b):
		// 9,662 and 11.82: separators inside a figure.
		case (a == ',' || a == '.') && isDigit(b) && i >= 2 && isDigit(rs[i-2]):
		case a < 0x80 && b < 0x80 && a != ' ' && b != ' ' && !strings.ContainsRune("-/", a):
			// Inside a Latin word or token (A4, e-mail, http://…): break
			// only at spaces, hyphens and slashes.
		default:
			ok[i] = true
		}
	}
	return ok
}

// wrapLine breaks one paragraph into lines no wider than max, measured by
// width, breaking only where breakable allows; a piece wider than a whole
// line is broken between any runes, as nothing else fits.
func wrapLine(para string, max float64, width func(rune) float64) []string {
	rs := []rune(para)
	if len(rs) == 0 {
		return []string{""}
	}
	ok := breakable(rs)
	var lines []string
	start := 0
	for start < len(rs) {
		lw := 0.0
		lastBreak := -1 // the last allowed break inside the line
		i := start
		for ; i < len(rs); i++ {
			cw := width(rs[i])
			if lw+cw > max && i > start {
				break
			}
			lw += cw
			if i+1 < len(rs) && ok[i+1] {
				lastBreak = i + 1
			}
		}
		end := i
		if i < len(rs) {
			if ok[i] {
				end = i
			} else if lastBreak > start {
				end = lastBreak
			}
			// else: a piece longer than the line, broken where it is full,
			// but still not before closing or after opening punctuation.
			for end > start+1 && end == i && (strings.ContainsRune(noStart, rs[end]) || strings.ContainsRune(noEnd, rs[end-1])) {
				end--
				i = end
			}
		}
		line := string(rs[start:end])
		if len(lines) > 0 {
			line = strings.TrimLeft(line, " ")
		}
		lines = append(lines, strings.TrimRight(line, " "))
		start = end
	}
	return lines
}
