package check

import (
	"fmt"
	"strings"

	"github.com/yusuan/yusuan"
	"github.com/yusuan/yusuan/internal/lazyre"
)

// The table of contents (目录) against the tables the document prints.

var _ = register(
	&Rule{ID: "COMP-011", Title: "目录与所列表格的次序、页码相符", Severity: Warning, Category: CatCompleteness,
		Doc: "目录中按名称对应到正文表格的各条，次序应与表格在正文中的次序一致；目录给出页码的，页码与表格所在页的差应与其他各条相同（印刷页码与文件页码之差）。只比较名称与表名相同的条目（去掉序号、年度和部门名称后），不同的名称不比较。",
		Run: func(p *Pass) {
			if len(p.Doc.Contents) == 0 || len(p.Doc.Tables) == 0 {
				return
			}
			dept := compact(p.Doc.Department.Name)
			// The first table of each title, by position in the document.
			tableAt := map[string]int{}
			for i := range p.Doc.Tables {
				k := contentsKey(p.Doc.Tables[i].Title, dept)
				if _, ok := tableAt[k]; !ok && k != "" {
					tableAt[k] = i
				}
			}
			type match struct {
				e   *yusuan.ContentsEntry
				t   int
				bad []string
			}
			var ms []*match
			seen := map[int]bool{}
			for i := range p.Doc.Contents {
				e := &p.Doc.Contents[i]
				ti, ok := tableAt[contentsKey(e.Title, dept)]
				if !ok || seen[ti] {
					continue
				}
				seen[ti] = true
				ms = append(ms, &match{e: e, t: ti})
			}
			if len(ms) < 3 {
				return
			}
			// Order: the entries outside a longest run in the tables' order.
			idx := make([]int, len(ms))
			for i, m := range ms {
				idx[i] = m.t
			}
			inRun := longestIncreasing(idx)
			for i, m := range ms {
				if !inRun[i] {
					m.bad = append(m.bad, fmt.Sprintf("次序与正文不符（正文中为第 %d 张表）", tableOrdinal(p.Doc, m.t)))
				}
			}
			// Pages: the offset most entries share between the printed page
			// number and the table's page in the file.
			offsets := map[int]int{}
			n := 0
			for _, m := range ms {
				if src := p.Doc.Tables[m.t].Source; m.e.Page > 0 && src != nil && src.Page > 0 {
					offsets[src.Page-m.e.Page]++
					n++
				}
			}
			best, bestN := 0, 0
			for off, c := range offsets {
				if c > bestN || c == bestN && off < best {
					best, bestN = off, c
				}
			}
			if n >= 3 && bestN*2 > n {
				for _, m := range ms {
					if src := p.Doc.Tables[m.t].Source; m.e.Page > 0 && src != nil && src.Page > 0 && src.Page-m.e.Page != best {
						m.bad = append(m.bad, fmt.Sprintf("页码 %d 与正文不符（该表印在第 %d 页）", m.e.Page, src.Page-best))
					}
				}
			}
			var lines []string
			var first *match
			for _, m := range ms {
				if len(m.bad) > 0 {
					lines = append(lines, fmt.Sprintf("“%s”%s", m.e.Title, strings.Join(m.bad, "，")))
					if first == nil {
						first = m
					}
				}
			}
			if first == nil {
				return
			}
			detail := fmt.Sprintf("目录中 %d 条名称与正文表格相同", len(ms))
			if n >= 3 && bestN*2 > n {
				detail += fmt.Sprintf("；%d 条中 %d 条的页码比表格所在的文件页少 %d（印刷页码与文件页码之差）", n, bestN, best)
			}
			f := Finding{Message: fmt.Sprintf("目录所列表格与正文不符（%d 条）", len(lines)),
				Expected: "目录与正文的表格次序、页码一致", Actual: strings.Join(lines, "；"), Detail: detail}
			if first.e.Source != nil {
				pos := first.e.Source
				f.Source = &Source{File: pos.File, Page: pos.Page, Line: pos.Line}
			}
			p.Report(f)
		}},
)

// contentsNumbering is the numbering in front of a contents entry or a
// table title: 一、, 1、, （一）, 表1, 附表1, 预算01表, 公开01表.
var contentsNumbering = lazyre.New(`^(?:[一二三四五六七八九十]+[、.．]|\d+[、.．]|（[一二三四五六七八九十\d]+）|\([一二三四五六七八九十\d]+\)|附?表\s*\d+[、.．:：]?|预算\d+表|公开\d+表)`)

var contentsYear = lazyre.New(`\d{4}年度?`)

// contentsKey is what a contents entry and a table title are compared
// by: compacted, without numbering, year and the department's name.
func contentsKey(title, dept string) string {
	k := compact(title)
	k = contentsNumbering.ReplaceAllString(k, "")
	k = contentsYear.ReplaceAllString(k, "")
	if dept != "" {
		k = strings.Replace(k, dept, "", 1)
	}
	if !strings.HasSuffix(k, "表") {
		return "" // a part or a section, not a table
	}
	return k
}

// longestIncreasing marks the elements of a longest strictly increasing
// subsequence of xs.
func longestIncreasing(xs []int) []bool {
	n := len(xs)
	length, prev := make([]int, n), make([]int, n)
	best := -1
	for i := range xs {
		length[i], prev[i] = 1, -1
		for j := 0; j < i; j++ {
			if xs[j] < xs[i] && length[j]+1 > length[i] {
				length[i], prev[i] = length[j]+1, j
			}
		}
		if best < 0 || length[i] > length[best] {
			best = i
		}
	}
	in := make([]bool, n)
	for i := best; i >= 0; i = prev[i] {
		in[i] = true
	}
	return in
}

// tableOrdinal is the 1-based place of table i among the document's
// tables, a table printed as several forms counted once.
func tableOrdinal(d *yusuan.Document, i int) int {
	seen := map[string]bool{}
	n := 0
	for j := 0; j <= i; j++ {
		k := fmt.Sprint(d.Tables[j].Number, d.Tables[j].Title)
		if !seen[k] {
			seen[k] = true
			n++
		}
	}
	return n
}
