package compliance

import (
	"sort"
	"strings"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"
)

// SortKeys are the columns a report can be sorted by, in the order a page
// shows them, with their Chinese headers.
var SortKeys = []struct{ Key, Title string }{
	{"code", "单位编码"},
	{"name", "单位名称"},
	{"approved", "批复日期"},
	{"deadline", "公开截止日期"},
	{"published", "首次公开日期"},
	{"status", "状态"},
	{"days", "逾期天数"},
	{"completeness", "完整度"},
	{"units", "所属单位公开"},
	{"errors", "错误"},
	{"warnings", "警告"},
}

// ValidSortKey reports whether key is one of SortKeys.
func ValidSortKey(key string) bool {
	for _, k := range SortKeys {
		if k.Key == key {
			return true
		}
	}
	return false
}

// Sort orders rows by key (SortKeys), descending when desc; ties keep the
// order by code. Rows without a value (no date, nothing published) come
// last either way.
func Sort(rows []Row, key string, desc bool) {
	rank := map[Status]int{}
	for i, s := range Statuses {
		rank[s] = i
	}
	// cmp returns <0, 0, >0; missing reports a row without the value.
	var cmp func(a, b *Row) int
	missing := func(r *Row) bool { return false }
	switch key {
	case "name":
		// Chinese names by pinyin, as a reader looks them up.
		col := collate.New(language.Chinese)
		cmp = func(a, b *Row) int { return col.CompareString(a.Organization.Name, b.Organization.Name) }
	case "approved":
		cmp = func(a, b *Row) int { return strings.Compare(a.ApprovedOn.String(), b.ApprovedOn.String()) }
		missing = func(r *Row) bool { return r.ApprovedOn.IsZero() }
	case "deadline":
		cmp = func(a, b *Row) int { return strings.Compare(a.Deadline.String(), b.Deadline.String()) }
		missing = func(r *Row) bool { return r.Deadline.IsZero() }
	case "published":
		cmp = func(a, b *Row) int { return strings.Compare(a.PublishedOn.String(), b.PublishedOn.String()) }
		missing = func(r *Row) bool { return r.PublishedOn.IsZero() }
	case "status":
		cmp = func(a, b *Row) int {
			if rank[a.Status] != rank[b.Status] {
				return rank[a.Status] - rank[b.Status]
			}
			return b.DaysLate - a.DaysLate // the most days late first
		}
	case "days":
		cmp = func(a, b *Row) int { return a.DaysLate - b.DaysLate }
	case "completeness":
		cmp = func(a, b *Row) int {
			switch x, y := a.Completeness.Percent, b.Completeness.Percent; {
			case x < y:
				return -1
			case x > y:
				return 1
			}
			return 0
		}
		missing = func(r *Row) bool { return r.Completeness == nil }
	case "units":
		cmp = func(a, b *Row) int {
			// The share published; a department without units counts as whole.
			x, y := share(a.Units), share(b.Units)
			switch {
			case x < y:
				return -1
			case x > y:
				return 1
			}
			return a.Units.Total - b.Units.Total
		}
	case "errors":
		cmp = func(a, b *Row) int { return latestCount(a, true) - latestCount(b, true) }
		missing = func(r *Row) bool { return r.Latest == nil }
	case "warnings":
		cmp = func(a, b *Row) int { return latestCount(a, false) - latestCount(b, false) }
		missing = func(r *Row) bool { return r.Latest == nil }
	default:
		cmp = func(a, b *Row) int { return strings.Compare(a.Organization.Code, b.Organization.Code) }
	}
	sort.SliceStable(rows, func(i, j int) bool {
		a, b := &rows[i], &rows[j]
		if ma, mb := missing(a), missing(b); ma != mb {
			return mb
		} else if ma {
			return a.Organization.Code < b.Organization.Code
		}
		c := cmp(a, b)
		if desc {
			c = -c
		}
		if c != 0 {
			return c < 0
		}
		return a.Organization.Code < b.Organization.Code
	})
}

func share(c Coverage) float64 {
	if c.Total == 0 {
		return 1
	}
	return float64(c.Published) / float64(c.Total)
}

func latestCount(r *Row, errors bool) int {
	if r.Latest == nil {
		return 0
	}
	if errors {
		return r.Latest.Errors
	}
	return r.Latest.Warnings
}
