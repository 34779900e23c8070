package catalog

import "strings"

var nameReplacer = strings.NewReplacer(
	"(", "（", ")", "）",
	",", "，", ";", "；", ":", "：",
	"\"", "", "“", "", "”", "",
	" ", "", "\u3000", "", "\t", "", "\u00a0", "",
)

// NormalizeName returns a subject name in a form for comparison: ASCII
// parentheses and punctuation become their full-width forms, quotation marks
// and all spaces are dropped. Documents print "维修(护)费" or "维修（护）费"
// and "政府性基 金预算" for the same name.
func NormalizeName(s string) string {
	return nameReplacer.Replace(strings.TrimSpace(s))
}

// SameName reports whether two subject names are equal after NormalizeName.
func SameName(a, b string) bool { return NormalizeName(a) == NormalizeName(b) }
