package check

import (
	"strings"

	"github.com/yusuan/yusuan"
)

// Which table a functional figure of a read narrative talks about.
//
// A disclosure prints the same 类/款/项 in several tables of different
// scope: 部门支出总表 (all funds), 财政拨款收支总表 (this year's
// appropriations with their carry-over), 一般公共预算支出表 (this year's
// general public budget only), and each fund's own table. A narrative
// section explains one of them, and the words in front of a figure rarely
// say which (“一般公共服务支出 15,291.3 万元，占 81.65%” explains the
// 财政拨款 table; “一般公共服务（类）支出 13,144.37 万元，占 79.78%” the
// general public one). What a paragraph talks about is read from its
// figures: the scope in which all of its functional amounts agree with the
// tables, else each amount's own.

// functionGroups are the scopes a functional figure may be read in, in
// order of preference.
var functionGroups = []string{"", "general_public", "fiscal", "gov_fund", "state_capital"}

// scopeWholes is the whole of each scope: what a share of a functional
// class is of when its paragraph names no whole.
var scopeWholes = map[string]string{"": "total", "general_public": "general_public", "fiscal": "fiscal",
	"gov_fund": "gov_fund", "state_capital": "state_capital"}

func withGroup(name, group string) string {
	if group == "" {
		return name
	}
	return name + "@" + group
}

func refGroup(ref string) string {
	_, g, _ := strings.Cut(ref, "@")
	return g
}

// groupsMatching returns the scopes whose table value of the functional
// figure's code lies within the printed figure's interval.
func (ix *index) groupsMatching(n *nfig) []string {
	name, _, _ := strings.Cut(n.ref, "@")
	var out []string
	for _, g := range functionGroups {
		res, ok := ix.resolve(withGroup(name, g), n)
		if ok && !res.none && !res.bound && !res.count && overlaps(figSpan(n), res.iv) {
			out = append(out, g)
		}
	}
	return out
}

// scopeFunctions gives the functional figures of each paragraph of a read
// document the scope their amounts are printed in (see above), and the
// shares of a list of functional classes the whole of that scope.
// Compiled documents carry their references and are left alone.
func (ix *index) scopeFunctions() {
	if !read(ix.doc) {
		return
	}
	type pkey struct {
		sec  *yusuan.Section
		para int
	}
	var order []pkey
	paras := map[pkey][]*nfig{}
	for _, n := range ix.figs {
		if !strings.HasPrefix(n.ref, "function:") {
			continue
		}
		k := pkey{n.sec, n.f.Paragraph}
		if _, ok := paras[k]; !ok {
			order = append(order, k)
		}
		paras[k] = append(paras[k], n)
	}
	for _, k := range order {
		ix.scopeParagraph(paras[k])
	}
}

// scopeParagraph scopes the functional figures of one paragraph, in
// document order.
func (ix *index) scopeParagraph(fs []*nfig) {
	var amounts []*nfig
	matches := map[*nfig][]string{}
	var common []string
	seen := false
	for _, n := range fs {
		if n.f.Kind != yusuan.FigureAmount || !n.ok {
			continue
		}
		m := ix.groupsMatching(n)
		amounts = append(amounts, n)
		matches[n] = m
		if len(m) == 0 {
			continue // a wrong figure: it says nothing about the scope
		}
		if !seen {
			common, seen = append([]string(nil), m...), true
			continue
		}
		common = intersect(common, m)
	}
	old := map[*nfig]string{}
	for _, n := range amounts {
		m := matches[n]
		if len(m) == 0 {
			continue
		}
		g := refGroup(n.ref)
		choice := g
		switch {
		case len(common) > 0 && !contains(common, g):
			choice = common[0]
		case len(common) == 0 && !contains(m, g):
			choice = m[0]
		}
		if choice != g {
			old[n] = n.ref
			name, _, _ := strings.Cut(n.ref, "@")
			n.ref = withGroup(name, choice)
		}
	}
	// Shares, changes and growth rates of a functional class follow the
	// amount of the class stated before them.
	for i, n := range fs {
		if n.f.Kind == yusuan.FigureAmount {
			continue
		}
		name, _, _ := strings.Cut(n.ref, "@")
		for j := i - 1; j >= 0; j-- {
			a := fs[j]
			if a.f.Kind != yusuan.FigureAmount || !strings.HasPrefix(a.ref, name+"@") && a.ref != name {
				continue
			}
			if o, ok := old[a]; ok && o == n.ref {
				n.ref = a.ref
			}
			break
		}
	}
	ix.scopeShareBases(fs)
}

// scopeShareBases: in a paragraph that lists functional classes with
// their shares and names no whole (the reader took the first class for
// it), a share of a class is of the whole of the scope its amount is
// printed in, not of a sibling class.
func (ix *index) scopeShareBases(fs []*nfig) {
	notWhole := func(n *nfig) bool {
		if n.base == "" {
			return true
		}
		if !strings.HasPrefix(n.base, "function:") {
			return false
		}
		part, _, _ := strings.Cut(strings.TrimPrefix(n.ref, "function:"), "@")
		whole, _, _ := strings.Cut(strings.TrimPrefix(n.base, "function:"), "@")
		return !(len(whole) < len(part) && strings.HasPrefix(part, whole))
	}
	sibling := false
	for _, n := range fs {
		if n.f.Kind == yusuan.FigureShare && strings.HasPrefix(n.base, "function:") && notWhole(n) {
			sibling = true
		}
	}
	if !sibling {
		return
	}
	for _, n := range fs {
		if n.f.Kind != yusuan.FigureShare || !notWhole(n) {
			continue
		}
		if w, ok := scopeWholes[refGroup(n.ref)]; ok {
			n.base = w
		}
	}
}

func intersect(a, b []string) []string {
	var out []string
	for _, x := range a {
		if contains(b, x) {
			out = append(out, x)
		}
	}
	return out
}
