package recognize

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/yusuan/yusuan"
	"github.com/yusuan/yusuan/internal/lazyre"
	"github.com/yusuan/yusuan/layout"
)

// Detect picks the profile a document is written in: the one whose match
// phrases and table titles occur most often in its text.
func Detect(l *layout.Layout, ps []*yusuan.Profile) (*yusuan.Profile, error) {
	var b strings.Builder
	for _, p := range l.Pages {
		for i := range p.Lines {
			b.WriteString(Norm(p.Lines[i].Text()))
			b.WriteByte('\n')
		}
	}
	text := StripYear(b.String())
	var best *yusuan.Profile
	bestScore := 0
	for _, p := range ps {
		score := 0
		for _, ph := range p.Match.Phrases {
			if strings.Contains(text, StripYear(Norm(ph))) {
				score += 3
			}
		}
		for _, t := range p.Tables {
			if k := templateKey(t.Title); k != "" && strings.Contains(text, StripYear(k)) {
				score++
			}
		}
		if score > bestScore {
			best, bestScore = p, score
		}
	}
	if best == nil {
		return nil, fmt.Errorf("%s: 无法判断文件的格式：没有找到任何已知格式的表名；请用 --profile 指定（yusuan profiles 列出已知格式）", l.File)
	}
	return best, nil
}

var yearRe2 = lazyre.New(`((?:19|20)\d{2})\s*年`)

// Year is the budget year a document states first (in its title).
func Year(l *layout.Layout) int {
	n := 0
	for _, p := range l.Pages {
		for i := range p.Lines {
			if p.Lines[i].Empty() {
				continue
			}
			if m := yearRe2.FindStringSubmatch(p.Lines[i].Text()); m != nil {
				y, _ := strconv.Atoi(m[1])
				return y
			}
			n++
			if n > 20 {
				return 0
			}
		}
	}
	return 0
}

// DetectStrict picks the regional profile a document is written in, or
// nil when none fits well enough and the general profile should read it:
// the document's year must be one of the profile's years, at least one
// of its match phrases must occur, and the titles of at least half of
// its tables.
func DetectStrict(l *layout.Layout, ps []*yusuan.Profile) *yusuan.Profile {
	var b strings.Builder
	for _, p := range l.Pages {
		for i := range p.Lines {
			b.WriteString(Norm(p.Lines[i].Text()))
			b.WriteByte('\n')
		}
	}
	text := StripYear(b.String())
	year := Year(l)
	var best *yusuan.Profile
	bestScore := 0
	for _, p := range ps {
		if year != 0 && len(p.Years) > 0 && !containsInt(p.Years, year) {
			continue
		}
		phrases := 0
		for _, ph := range p.Match.Phrases {
			if strings.Contains(text, StripYear(Norm(ph))) {
				phrases++
			}
		}
		keys := map[string]bool{}
		found := 0
		for _, t := range p.Tables {
			k := StripYear(templateKey(t.Title))
			if k == "" || keys[k] {
				continue
			}
			keys[k] = true
			if strings.Contains(text, k) {
				found++
			}
		}
		if phrases == 0 || 2*found < len(keys) {
			continue
		}
		if score := 3*phrases + found; score > bestScore {
			best, bestScore = p, score
		}
	}
	return best
}

func containsInt(xs []int, x int) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}
