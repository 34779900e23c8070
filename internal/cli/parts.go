package cli

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/yusuan/yusuan"
	"github.com/yusuan/yusuan/internal/lazyre"
	"github.com/yusuan/yusuan/read"
)

// Some regions publish one disclosure as two files: Beijing prints the
// narrative (情况说明) in one PDF and the tables (预算01表…) in another.
// Checked one by one, the narrative alone has no table and is
// unreadable, and the tables alone escape every narrative rule. A folder
// of such files is paired by content, not by name: a narrative-only file
// belongs with the tables-only file whose totals it quotes.

// part is what checking one file learned about it for pairing.
type part struct {
	// narrativeOnly: the file was read but holds no table; amounts are the
	// sums of money its text names, as keys (see wanKey).
	narrativeOnly bool
	amounts       map[int64]bool
	// tablesOnly: a document read from a published file with tables but
	// no narrative; totals are its total rows' amounts, as keys.
	tablesOnly bool
	totals     map[int64]bool
	year       int
	department string
}

// minPairMatches is how many distinct totals of the tables a narrative
// must quote to be taken for theirs. One figure can coincide; two totals
// of one department's tables quoted to the 0.01 万元 rarely do.
const minPairMatches = 2

// wanKey rounds an amount in 分 to 0.01 万元 (10,000 分), the precision at
// which narratives quote their tables' totals.
func wanKey(a yusuan.Amount) int64 {
	v := int64(a)
	if v < 0 {
		v = -v
	}
	return (v + 5000) / 10000
}

// narrativeAmount is a sum of money in running text: "29569.52 万元",
// "1,234 元".
var narrativeAmount = lazyre.New(`(\d[\d,]*(?:\.\d+)?)\s*(万元|元)`)

// textAmounts collects the sums of money a text names, as wanKey keys.
// Amounts under 1 万元 are left out: they match too easily.
func textAmounts(text string) map[int64]bool {
	out := map[int64]bool{}
	for _, m := range narrativeAmount.FindAllStringSubmatch(text, -1) {
		num := strings.ReplaceAll(m[1], ",", "")
		intPart, frac, _ := strings.Cut(num, ".")
		if len(frac) > 6 || len(intPart) > 13 {
			continue
		}
		// Scale to 分 exactly: 万元 has 6 decimals of 分, 元 two.
		scale := 2
		if m[2] == "万元" {
			scale = 6
		}
		for len(frac) < scale {
			frac += "0"
		}
		if len(frac) > scale {
			continue // a third decimal of 元 is not money
		}
		a, err := yusuan.ParseAmount(intPart + frac[:len(frac)-2] + "." + frac[len(frac)-2:])
		if err != nil || a < 1_000_000 {
			continue
		}
		out[wanKey(a)] = true
	}
	return out
}

// documentTotals collects the amounts of a document's total rows (合计,
// 总计) as wanKey keys.
func documentTotals(doc *yusuan.Document) map[int64]bool {
	out := map[int64]bool{}
	for _, t := range doc.Tables {
		for _, r := range t.Rows {
			if r.Level != yusuan.LevelTotal && !strings.Contains(r.Name, "合计") && !strings.Contains(r.Name, "总计") {
				continue
			}
			for _, c := range t.Columns {
				if c.Type != yusuan.ColAmount {
					continue
				}
				if v, ok := r.Cells[c.Key]; ok && !v.IsText && v.Num >= 1_000_000 {
					out[wanKey(v.Num)] = true
				}
			}
		}
	}
	return out
}

// narrativePart reads a file that holds no table and says whether it is
// a narrative that names sums of money.
func narrativePart(path string) (part, bool) {
	name, data, err := readInput(path)
	if err != nil {
		return part{}, false
	}
	l, err := read.Bytes(name, data)
	if err != nil {
		return part{}, false
	}
	var b strings.Builder
	for _, pg := range l.Pages {
		for i := range pg.Lines {
			b.WriteString(pg.Lines[i].Text())
		}
	}
	text := b.String()
	amounts := textAmounts(text)
	if len(amounts) < minPairMatches {
		return part{}, false
	}
	return part{narrativeOnly: true, amounts: amounts, year: yearIn(text)}, true
}

var yearInText = lazyre.New(`(20\d\d)\s*年度?部门(?:预算|决算)`)

func yearIn(text string) int {
	if m := yearInText.FindStringSubmatch(text); m != nil {
		var y int
		fmt.Sscan(m[1], &y)
		return y
	}
	return 0
}

// tablesPart describes a document read from a published file.
func tablesPart(doc *yusuan.Document) part {
	if len(doc.Tables) == 0 || len(doc.Narrative) > 0 {
		return part{}
	}
	return part{tablesOnly: true, totals: documentTotals(doc), year: doc.Year, department: doc.Department.Name}
}

// pairing is one narrative file joined to one tables file.
type pairing struct {
	tables, narrative int // indexes into the checked files
	matches           int
}

// pairParts pairs each narrative-only file with the one tables-only file
// whose totals it quotes most (at least minPairMatches of them, and more
// than any other candidate, and neither year contradicting the other).
// A tables file goes to at most one narrative: the best-matching one.
func pairParts(parts []part) []pairing {
	score := func(n, t part) int {
		if n.year != 0 && t.year != 0 && n.year != t.year {
			return 0
		}
		k := 0
		for key := range t.totals {
			if n.amounts[key] {
				k++
			}
		}
		return k
	}
	var out []pairing
	taken := map[int]bool{}
	for ni, n := range parts {
		if !n.narrativeOnly {
			continue
		}
		best, second, bi := 0, 0, -1
		for ti, t := range parts {
			if !t.tablesOnly {
				continue
			}
			s := score(n, t)
			switch {
			case s > best:
				best, second, bi = s, best, ti
			case s > second:
				second = s
			}
		}
		if bi < 0 || best < minPairMatches || best == second {
			continue
		}
		// The tables must not fit another narrative better.
		rival := false
		for nj, m := range parts {
			if nj != ni && m.narrativeOnly && score(m, parts[bi]) >= best {
				rival = true
			}
		}
		if rival || taken[bi] {
			continue
		}
		taken[bi] = true
		out = append(out, pairing{tables: bi, narrative: ni, matches: best})
	}
	return out
}

// pairedSource names a document checked from two files.
func pairedSource(tables, narrative string) string {
	return tables + " + " + filepath.Base(narrative)
}
