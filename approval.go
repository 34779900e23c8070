package yusuan

import (
	"fmt"
	"strings"
	"time"
)

// The budget law (预算法 第十四条) and the Ministry of Finance's operating
// rules (地方预决算公开操作规程, 财预〔2016〕143号) require a department's
// budget and final accounts to be public within 20 days after the finance
// bureau approved them (批复). An Approval is that date, entered by the
// finance bureau; the compliance dashboard counts the days from it.

// Approval is the day an organization's budget or final accounts of a
// year were approved (批复日期).
type Approval struct {
	Organization Organization `json:"organization"`
	Year         int          `json:"year"`
	Kind         string       `json:"kind"` // DocBudget or DocFinal
	ApprovedOn   Date         `json:"approved_on"`
	// SetAt and SetBy say when and by whom the date was last entered.
	SetAt time.Time `json:"set_at"`
	SetBy string    `json:"set_by"`
}

// Date is a calendar day (no time, no zone), as a 批复 date is written.
type Date struct{ t time.Time }

// DateLayout is how a Date is written: 2026-03-05.
const DateLayout = "2006-01-02"

// ChinaTime is the zone in which days are counted: China Standard Time,
// UTC+8 all year (no daylight saving since 1991).
var ChinaTime = time.FixedZone("CST", 8*3600)

// NewDate returns the day y-m-d.
func NewDate(y int, m time.Month, d int) Date { return Date{time.Date(y, m, d, 0, 0, 0, 0, time.UTC)} }

// ParseDate reads YYYY-MM-DD (also YYYY/MM/DD and YYYY年M月D日, as
// spreadsheets and documents print dates), refusing days that do not exist.
func ParseDate(s string) (Date, error) {
	v := strings.TrimSpace(s)
	v = strings.NewReplacer("/", "-", "年", "-", "月", "-", "日", "").Replace(v)
	var y, m, d int
	var rest string
	if n, _ := fmt.Sscanf(v, "%d-%d-%d%s", &y, &m, &d, &rest); n != 3 || y < 1900 || y > 9999 {
		return Date{}, fmt.Errorf("日期 %q 无效：应为 YYYY-MM-DD，如 2026-03-05", s)
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if t.Year() != y || int(t.Month()) != m || t.Day() != d {
		return Date{}, fmt.Errorf("日期 %q 不存在", s)
	}
	return Date{t}, nil
}

// DateOf is the day of t in China Standard Time.
func DateOf(t time.Time) Date {
	c := t.In(ChinaTime)
	return NewDate(c.Year(), c.Month(), c.Day())
}

// IsZero reports an unset date.
func (d Date) IsZero() bool { return d.t.IsZero() }

// AddDays returns the day n calendar days later (earlier when n < 0).
func (d Date) AddDays(n int) Date { return Date{d.t.AddDate(0, 0, n)} }

// DaysUntil is the number of calendar days from d to e (negative when e
// is before d).
func (d Date) DaysUntil(e Date) int { return int(e.t.Sub(d.t).Hours() / 24) }

// Before reports whether d is an earlier day than e.
func (d Date) Before(e Date) bool { return d.t.Before(e.t) }

// Year is the date's year.
func (d Date) Year() int { return d.t.Year() }

// String is YYYY-MM-DD, or "" for the zero date.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return d.t.Format(DateLayout)
}

// MarshalText writes YYYY-MM-DD (JSON: a string; the zero date: "").
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText reads YYYY-MM-DD; "" is the zero date.
func (d *Date) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*d = Date{}
		return nil
	}
	v, err := ParseDate(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// KindTitle is the Chinese name of a document kind: 预算 or 决算.
func KindTitle(kind string) string {
	if kind == DocFinal {
		return "决算"
	}
	return "预算"
}
