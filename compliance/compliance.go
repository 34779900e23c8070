// Package compliance is the finance bureau's view of disclosure
// compliance (合规看板): for each organization of a region and a year,
// whether its budget (or final accounts) was published within 20 days of
// its approval (批复), how complete the latest publication is, how many of
// its units (所属单位) published their own, and the region's totals. The
// computation is pure: Compute takes what the store holds and the day of
// reckoning, so every boundary is tested without a database; Load (load.go)
// gathers the inputs from a store.
package compliance

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/yusuan/yusuan"
	"github.com/yusuan/yusuan/check"
)

// Days is the time allowed to publish: 批复后二十日内 (预算法 第十四条,
// 地方预决算公开操作规程). The day of approval is not counted (民法典
// 第二百零一条: 开始的当日不计入), so a budget approved on 1 March is due
// by 21 March, and published on 21 March is on time.
const Days = 20

// Deadline is the last day on which a disclosure approved on approved is
// on time: Days calendar days later.
func Deadline(approved yusuan.Date) yusuan.Date { return approved.AddDays(Days) }

// Status is where an organization stands.
type Status string

const (
	NoApproval Status = "no_approval" // 批复日期未录入
	Pending    Status = "pending"     // 未公开, still within the 20 days
	OnTime     Status = "on_time"     // 按时公开
	Late       Status = "late"        // 逾期N天公开
	Overdue    Status = "overdue"     // 已逾期N天未公开
)

// Statuses lists the statuses from worst to best, the order a sort by
// status follows.
var Statuses = []Status{Overdue, Late, NoApproval, Pending, OnTime}

// Title is the status's Chinese name, without the number of days.
func (s Status) Title() string {
	switch s {
	case NoApproval:
		return "批复日期未录入"
	case Pending:
		return "未公开"
	case OnTime:
		return "按时公开"
	case Late:
		return "逾期公开"
	case Overdue:
		return "逾期未公开"
	}
	return string(s)
}

// Judge tells the status of a disclosure approved on approved (zero: not
// entered), first published on published (zero: not yet), as of today,
// and the days: late or overdue by (Late, Overdue), or left to the
// deadline (Pending; 0 on the last day).
func Judge(approved, published, today yusuan.Date) (Status, int) {
	if approved.IsZero() {
		return NoApproval, 0
	}
	due := Deadline(approved)
	switch {
	case !published.IsZero() && !due.Before(published):
		return OnTime, 0
	case !published.IsZero():
		return Late, due.DaysUntil(published)
	case due.Before(today):
		return Overdue, due.DaysUntil(today)
	}
	return Pending, today.DaysUntil(due)
}

// StatusText is how a page shows a status with its days: 逾期3天公开,
// 已逾期5天未公开, 未公开（剩2天）.
func StatusText(s Status, days int) string {
	switch s {
	case Late:
		return fmt.Sprintf("逾期%d天公开", days)
	case Overdue:
		return fmt.Sprintf("已逾期%d天未公开", days)
	case Pending:
		if days == 0 {
			return "未公开（今天截止）"
		}
		return fmt.Sprintf("未公开（剩%d天）", days)
	}
	return s.Title()
}

// Input is what Compute needs, as the store holds it.
type Input struct {
	Region string
	Year   int
	Kind   string // yusuan.DocBudget or yusuan.DocFinal
	// Today is the day statuses are reckoned on (China Standard Time).
	Today yusuan.Date
	// Organizations of the region: departments (no Parent) are the rows,
	// units (Parent a department's code) count in their department's
	// coverage.
	Organizations []yusuan.Organization
	Approvals     []yusuan.Approval
	// Publications of the year and kind, every version.
	Publications []yusuan.Publication
	// Completeness of latest publications, by publication ID; a
	// publication without one shows no completeness.
	Completeness map[int64]check.Completeness
}

// Row is one organization's standing.
type Row struct {
	Organization yusuan.Organization `json:"organization"`
	Year         int                 `json:"year"`
	Kind         string              `json:"kind"`
	ApprovedOn   yusuan.Date         `json:"approved_on"` // zero ("") when not entered
	Deadline     yusuan.Date         `json:"deadline"`
	// FirstPublished is when version 1 was published; PublishedOn its
	// day in China Standard Time.
	FirstPublished *time.Time  `json:"first_published_at,omitempty"`
	PublishedOn    yusuan.Date `json:"published_on"`
	Status         Status      `json:"status"`
	StatusText     string      `json:"status_text"`
	// DaysLate is the days after the deadline (Late, Overdue); DaysLeft
	// the days to it (Pending).
	DaysLate int `json:"days_late"`
	DaysLeft int `json:"days_left"`
	// Latest is the latest version, nil when nothing is published.
	Latest *yusuan.Publication `json:"latest,omitempty"`
	// Completeness of the latest version, nil when nothing is published.
	Completeness *Completeness `json:"completeness,omitempty"`
	Units        Coverage      `json:"units"`
}

// Completeness sums a publication's check.Completeness.
type Completeness struct {
	TablesRequired   int `json:"tables_required"`
	TablesPresent    int `json:"tables_present"`
	EmptyTables      int `json:"empty_tables"`
	EmptyExplained   int `json:"empty_explained"`
	SectionsRequired int `json:"sections_required"`
	SectionsPresent  int `json:"sections_present"`
	// Percent is what is there of what must be, 0–100, one decimal.
	Percent float64 `json:"percent"`
	// Missing names what is not there: tables, empty tables without a
	// reason, sections.
	Missing []string `json:"missing"`
}

// Coverage counts a department's units (所属单位) and those that
// published their own disclosure of the year and kind.
type Coverage struct {
	Total     int      `json:"total"`
	Published int      `json:"published"`
	Missing   []string `json:"missing"` // names of units that did not
}

// Totals are the region's.
type Totals struct {
	Organizations int `json:"organizations"`
	OnTime        int `json:"on_time"`
	Late          int `json:"late"`
	Overdue       int `json:"overdue"`
	Pending       int `json:"pending"`
	NoApproval    int `json:"no_approval"`
	Published     int `json:"published"`
	// AverageCompleteness is the mean Percent of the published, 0 when
	// none is.
	AverageCompleteness float64 `json:"average_completeness"`
	Units               int     `json:"units"`
	UnitsPublished      int     `json:"units_published"`
	Errors              int     `json:"errors"`
	Warnings            int     `json:"warnings"`
}

// Report is a region's standing in a year.
type Report struct {
	Region string      `json:"region"`
	Year   int         `json:"year"`
	Kind   string      `json:"kind"`
	Today  yusuan.Date `json:"today"`
	Days   int         `json:"days"`
	Rows   []Row       `json:"rows"`
	Totals Totals      `json:"totals"`
}

// Compute makes the report: one row per department of the region, by
// code.
func Compute(in Input) Report {
	kind := in.Kind
	if kind == "" {
		kind = yusuan.DocBudget
	}
	rep := Report{Region: in.Region, Year: in.Year, Kind: kind, Today: in.Today, Days: Days, Rows: []Row{}}
	approved := map[string]yusuan.Date{}
	for _, a := range in.Approvals {
		if a.Year == in.Year && a.Kind == kind {
			approved[a.Organization.Code] = a.ApprovedOn
		}
	}
	type pubs struct {
		first  time.Time
		latest *yusuan.Publication
	}
	byOrg := map[string]*pubs{}
	for i := range in.Publications {
		p := &in.Publications[i]
		if p.Year != in.Year || p.Kind != kind {
			continue
		}
		b := byOrg[p.Organization.Code]
		if b == nil {
			b = &pubs{first: p.PublishedAt}
			byOrg[p.Organization.Code] = b
		}
		if p.PublishedAt.Before(b.first) {
			b.first = p.PublishedAt
		}
		if b.latest == nil || p.Version > b.latest.Version {
			b.latest = p
		}
	}
	units := map[string][]yusuan.Organization{}
	for _, o := range in.Organizations {
		if o.Parent != "" {
			units[o.Parent] = append(units[o.Parent], o)
		}
	}
	var sumPct float64
	for _, o := range in.Organizations {
		if o.Parent != "" {
			continue
		}
		r := Row{Organization: o, Year: in.Year, Kind: kind, ApprovedOn: approved[o.Code], Units: Coverage{Missing: []string{}}}
		if !r.ApprovedOn.IsZero() {
			r.Deadline = Deadline(r.ApprovedOn)
		}
		if b := byOrg[o.Code]; b != nil {
			first := b.first
			r.FirstPublished = &first
			r.PublishedOn = yusuan.DateOf(first)
			latest := *b.latest
			r.Latest = &latest
			if c, ok := in.Completeness[latest.ID]; ok {
				r.Completeness = summarize(c)
			}
		}
		var days int
		r.Status, days = Judge(r.ApprovedOn, r.PublishedOn, in.Today)
		if r.Status == Pending {
			r.DaysLeft = days
		} else {
			r.DaysLate = days
		}
		r.StatusText = StatusText(r.Status, days)
		for _, u := range units[o.Code] {
			r.Units.Total++
			if byOrg[u.Code] != nil {
				r.Units.Published++
			} else {
				r.Units.Missing = append(r.Units.Missing, u.Name)
			}
		}
		t := &rep.Totals
		t.Organizations++
		switch r.Status {
		case OnTime:
			t.OnTime++
		case Late:
			t.Late++
		case Overdue:
			t.Overdue++
		case Pending:
			t.Pending++
		case NoApproval:
			t.NoApproval++
		}
		if r.Latest != nil {
			t.Published++
			t.Errors += r.Latest.Errors
			t.Warnings += r.Latest.Warnings
		}
		if r.Completeness != nil {
			sumPct += r.Completeness.Percent
		}
		t.Units += r.Units.Total
		t.UnitsPublished += r.Units.Published
		rep.Rows = append(rep.Rows, r)
	}
	n := 0
	for _, r := range rep.Rows {
		if r.Completeness != nil {
			n++
		}
	}
	if n > 0 {
		rep.Totals.AverageCompleteness = round1(sumPct / float64(n))
	}
	sort.SliceStable(rep.Rows, func(i, j int) bool { return rep.Rows[i].Organization.Code < rep.Rows[j].Organization.Code })
	return rep
}

func summarize(c check.Completeness) *Completeness {
	s := &Completeness{Missing: []string{}}
	for _, t := range c.Tables {
		s.TablesRequired++
		if t.Present {
			s.TablesPresent++
		} else {
			s.Missing = append(s.Missing, fmt.Sprintf("缺表%d《%s》", t.Number, t.Name))
		}
	}
	for _, e := range c.Empty {
		s.EmptyTables++
		if e.Explained {
			s.EmptyExplained++
		} else {
			s.Missing = append(s.Missing, fmt.Sprintf("表%d《%s》空表无说明", e.Number, e.Title))
		}
	}
	for _, x := range c.Sections {
		s.SectionsRequired++
		if x.Present {
			s.SectionsPresent++
		} else {
			s.Missing = append(s.Missing, "缺少说明「"+strings.Trim(x.Title, "「」")+"」")
		}
	}
	if have, want := c.Met(); want > 0 {
		s.Percent = round1(100 * float64(have) / float64(want))
	}
	return s
}

func round1(x float64) float64 {
	return float64(int64(x*10+0.5)) / 10
}
