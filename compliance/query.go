package compliance

import (
	"fmt"
	"net/url"
	"strconv"
	"time"

	"github.com/yusuan/yusuan"
)

// Allowed reports whether u may see the compliance of region: a finance
// reviewer (财政审核人) of that region, or an administrator. Anybody else,
// and nobody signed in, may not: the dashboard shows what is not yet
// public (unpublished, overdue organizations).
func Allowed(u *yusuan.User, region string) bool {
	if u == nil || u.Disabled {
		return false
	}
	switch u.Role {
	case yusuan.RoleAdmin:
		return true
	case yusuan.RoleFinance:
		return u.Region != "" && u.Region == region
	}
	return false
}

// Query is what a request asks for: the region, year and kind, and the
// order of the rows.
type Query struct {
	Region string
	Year   int
	Kind   string
	Sort   string
	Desc   bool
}

// ParseQuery reads region, year, kind, sort and desc from a URL's query.
// The region defaults to the finance reviewer's own, the year to the
// current year in China, the kind to budget and the order to by code.
func ParseQuery(q url.Values, u *yusuan.User, now time.Time) (Query, error) {
	out := Query{Region: q.Get("region"), Year: now.In(yusuan.ChinaTime).Year(), Kind: yusuan.DocBudget, Sort: "code"}
	if out.Region == "" && u != nil {
		out.Region = u.Region
	}
	if v := q.Get("year"); v != "" {
		y, err := strconv.Atoi(v)
		if err != nil || y < 1900 || y > 9999 {
			return out, fmt.Errorf("年度 %q 无效：应为四位数字，如 2026", v)
		}
		out.Year = y
	}
	switch k := q.Get("kind"); k {
	case "", yusuan.DocBudget:
	case yusuan.DocFinal:
		out.Kind = k
	default:
		return out, fmt.Errorf("类型 %q 无效：应为 budget（预算）或 final（决算）", k)
	}
	if v := q.Get("sort"); v != "" {
		if !ValidSortKey(v) {
			return out, fmt.Errorf("排序列 %q 无效", v)
		}
		out.Sort = v
	}
	switch q.Get("desc") {
	case "", "0", "false":
	case "1", "true":
		out.Desc = true
	default:
		return out, fmt.Errorf("desc 应为 1 或 0")
	}
	return out, nil
}

// Values is the query that asks for q (for links), with format when not "".
func (q Query) Values(format string) url.Values {
	v := url.Values{}
	v.Set("region", q.Region)
	v.Set("year", strconv.Itoa(q.Year))
	v.Set("kind", q.Kind)
	if q.Sort != "code" {
		v.Set("sort", q.Sort)
	}
	if q.Desc {
		v.Set("desc", "1")
	}
	if format != "" {
		v.Set("format", format)
	}
	return v
}
