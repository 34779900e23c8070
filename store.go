package yusuan

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"time"
)

// The store keeps every published disclosure of a region: its original
// file, its Document, its findings and the fact lines the cubes read. One
// interface, implemented for SQLite (embedded, the default) and PostgreSQL
// (servers) in package store; both pass one shared test suite.

// Region is a place with a budget (省, 市, 区/县).
type Region struct {
	Code  string `json:"code"`
	Name  string `json:"name"`
	Level string `json:"level,omitempty"` // province, city, county, or ""
}

// Organization is a department (部门) or one of its budget units (单位,
// with Parent the department's code).
type Organization struct {
	Code   string `json:"code"`
	Name   string `json:"name"`
	Region string `json:"region,omitempty"`
	Parent string `json:"parent,omitempty"`
}

// Publication is one stored version of one disclosure: an organization's
// budget or final accounts of a year. Versions are numbered from 1 for the
// same organization, year and kind; a stored version never changes.
type Publication struct {
	ID           int64        `json:"id"`
	Organization Organization `json:"organization"`
	Year         int          `json:"year"`
	Kind         string       `json:"kind"`  // DocBudget or DocFinal
	Level        string       `json:"level"` // LevelDepartment or LevelBudgetUnit
	Version      int          `json:"version"`
	Latest       bool         `json:"latest"`
	PublishedAt  time.Time    `json:"published_at"`
	Profile      string       `json:"profile"`
	FileName     string       `json:"file_name"`
	FileSHA256   string       `json:"file_sha256"`
	FileSize     int64        `json:"file_size"`
	Errors       int          `json:"errors"`
	Warnings     int          `json:"warnings"`
	// Reason is the public reason of a correction (更正原因): why this
	// version replaces an earlier one. Empty for a first version.
	Reason string `json:"reason,omitempty"`
}

// Fact is one amount of a published table at the grain the cubes read:
// the table kind, the classification scheme and code of its row (or the
// row's fixed key), the column, and the amount in 分.
type Fact struct {
	Table  TableKind
	Scheme string // FactFunctional, FactEcon, FactGovEcon, FactKey, FactTotal
	Code   string
	Column string
	Amount Amount
}

// Fact schemes.
const (
	FactFunctional = "functional" // a 类/款/项 row of a functional table
	FactEcon       = "econ"       // a department economic 类/款 row
	FactGovEcon    = "gov_econ"   // the government economic 款 of an economic row
	FactKey        = "key"        // a fixed row (三公 items, summary lines), Code is its key
	FactTotal      = "total"      // the table's grand total row
)

// NewPublication is what is handed to Store.Publish: the organization (and
// its region, created when new), the original file, the document read or
// compiled from it, its findings as Findings JSON, and its facts.
type NewPublication struct {
	Organization Organization
	Region       *Region // nil: keep the organization's region as is
	FileName     string
	File         []byte
	Document     *Document
	DocumentJSON []byte
	FindingsJSON []byte
	Errors       int
	Warnings     int
	Facts        []Fact
	// Reason is the public reason of a correction, stored with the version.
	Reason string
	// ReasonRequired refuses a new version without a Reason when an
	// earlier version exists (the workflow's corrections), checked in the
	// transaction that stores it.
	ReasonRequired bool
	// Now is the publication time (zero: the store's clock).
	Now time.Time
}

// PublishResult says what Publish did: stored a new version, or found the
// same file (same SHA-256) already stored as the latest version.
type PublishResult struct {
	Publication Publication
	Unchanged   bool
}

// PublicationFilter selects publications; After is the keyset cursor (the
// last ID of the previous page) and Limit the page size.
type PublicationFilter struct {
	Organization string
	Region       string // the organizations of a region
	Year         int
	Kind         string
	Level        string
	AllVersions  bool
	After        int64
	Limit        int
}

// OrganizationFilter selects organizations by region and by a name or code
// fragment.
type OrganizationFilter struct {
	Region string
	Query  string
}

// ErrNotFound is returned for an ID or code the store does not hold.
var ErrNotFound = errors.New("not found")

// Store keeps publications. Implementations are safe for concurrent use
// by several goroutines and several processes on one database.
type Store interface {
	// Publish stores a new version in one transaction, or nothing.
	Publish(ctx context.Context, p NewPublication) (PublishResult, error)
	Regions(ctx context.Context) ([]Region, error)
	Organizations(ctx context.Context, f OrganizationFilter) ([]Organization, error)
	Publications(ctx context.Context, f PublicationFilter) ([]Publication, error)
	Publication(ctx context.Context, id int64) (Publication, error)
	// Versions lists every version of the publication's organization,
	// year and kind, oldest first.
	Versions(ctx context.Context, id int64) ([]Publication, error)
	DocumentJSON(ctx context.Context, id int64) ([]byte, error)
	FindingsJSON(ctx context.Context, id int64) ([]byte, error)
	// File returns the original file as published.
	File(ctx context.Context, id int64) (name string, data []byte, err error)
	Close() error
}

// Facts returns the fact lines of a document: every amount of every row
// that has a classification code, a fixed key or is the grand total.
// Blank cells are not facts; text and count columns are not facts.
func Facts(d *Document) []Fact {
	var out []Fact
	for ti := range d.Tables {
		t := &d.Tables[ti]
		if t.Kind == KindOther || t.Kind == KindPerformanceProject || t.Kind == KindPerformanceDepartment || t.Kind == KindProcurement {
			continue
		}
		amountCols := make([]string, 0, len(t.Columns))
		for _, c := range t.Columns {
			if c.Type == "" || c.Type == ColAmount {
				amountCols = append(amountCols, c.Key)
			}
		}
		if t.Kind == KindThreePublic {
			out = appendThreePublic(out, t)
			continue
		}
		for ri := range t.Rows {
			r := &t.Rows[ri]
			scheme, code := factRow(t.Kind, r)
			if scheme == "" {
				continue
			}
			for _, col := range amountCols {
				v, ok := r.Cells[col]
				if !ok || v.IsText {
					continue
				}
				out = append(out, Fact{Table: t.Kind, Scheme: scheme, Code: code, Column: col, Amount: v.Num})
				if scheme == FactEcon && r.GovCode != "" {
					out = append(out, Fact{Table: t.Kind, Scheme: FactGovEcon, Code: r.GovCode, Column: col, Amount: v.Num})
				}
			}
		}
	}
	if f, ok := OperatingCostFact(d); ok {
		out = append(out, f)
	}
	return out
}

// OperatingCostKey is the fixed key of 机关运行经费.
const OperatingCostKey = "operating_cost"

// OperatingCostFact is the document's 机关运行经费 as one fact (三公 table,
// key operating_cost, column amount): the figure of the “三公”经费和机关运行
// 经费表 where the document prints one (a row keyed operating_cost, or a
// column of the total row, as Shanghai prints it), otherwise the amount
// its narrative states (机关运行经费安排 X 万元), exact to the decimals it
// prints. A document that states it nowhere has no such fact.
func OperatingCostFact(d *Document) (Fact, bool) {
	fact := func(a Amount) (Fact, bool) {
		return Fact{Table: KindThreePublic, Scheme: FactKey, Code: OperatingCostKey, Column: "amount", Amount: a}, true
	}
	for ti := range d.Tables {
		t := &d.Tables[ti]
		if t.Kind != KindThreePublic {
			continue
		}
		for ri := range t.Rows {
			r := &t.Rows[ri]
			if r.Key == OperatingCostKey {
				for _, col := range []string{"amount", "total"} {
					if v, ok := r.Cells[col]; ok && !v.IsText {
						return fact(v.Num)
					}
				}
			}
			if r.Level == LevelTotal || (r.Code == "" && r.Name == "合计") || r.Key == "three_public" {
				if v, ok := r.Cells[OperatingCostKey]; ok && !v.IsText {
					return fact(v.Num)
				}
			}
		}
	}
	for si := range d.Narrative {
		for _, f := range d.Narrative[si].Figures {
			if f.Ref != OperatingCostKey || f.Kind != FigureAmount || f.Quantity != "" || f.Unnamed {
				continue
			}
			if a, ok := printedFen(f.Printed, f.Unit); ok {
				return fact(a)
			}
		}
	}
	return Fact{}, false
}

// printedFen is an amount printed in 元 or 万元 ("867.50", "1,234") in 分;
// false when it is not exact in 分 or not a plain number.
func printedFen(printed, unit string) (Amount, bool) {
	s := strings.ReplaceAll(printed, ",", "")
	scale := 0 // decimal places of 元 the unit adds
	switch unit {
	case "元":
	case "万元":
		scale = 4
	default:
		return 0, false
	}
	intPart, frac, _ := strings.Cut(s, ".")
	if intPart == "" || len(intPart) > 12 || !IsDigits(intPart) || (frac != "" && !IsDigits(frac)) {
		return 0, false
	}
	frac = strings.TrimRight(frac, "0")
	if len(frac) > scale+2 {
		return 0, false
	}
	frac += strings.Repeat("0", scale+2-len(frac))
	n, err := strconv.ParseInt(intPart+frac, 10, 64)
	if err != nil {
		return 0, false
	}
	return Amount(n), true
}

// factRow tells which scheme a row's code belongs to.
func factRow(k TableKind, r *Row) (scheme, code string) {
	switch {
	case r.Level == LevelTotal || (r.Code == "" && r.Name == "合计"):
		return FactTotal, ""
	case r.Level == LevelUnit:
		return "", ""
	case r.Code != "" && IsDigits(r.Code):
		switch k {
		case KindGeneralPublicBasic, KindGeneralPublicEconomic:
			if len(r.Code) == 3 || len(r.Code) == 5 {
				return FactEcon, r.Code
			}
		default:
			if len(r.Code) == 3 || len(r.Code) == 5 || len(r.Code) == 7 {
				return FactFunctional, r.Code
			}
		}
		return "", ""
	case r.Key != "":
		return FactKey, r.Key
	}
	return "", ""
}

// ThreePublicItems are the 三公 items the three_public cube counts (the
// vehicle subtotal and the total are sums of them).
var ThreePublicItems = []string{"abroad", "reception", "vehicle_purchase", "vehicle_operation"}

// appendThreePublic adds the facts of a 三公 table, whichever way it is
// printed: items as rows (Zhengzhou: key abroad …, column amount) or as
// columns of the total row (Shanghai: columns abroad …). Both become
// (key ITEM, column "amount"); a final-accounts table's 预算数 columns
// ("budget.ITEM") become column "budget". Other rows and columns keep
// their own keys.
func appendThreePublic(out []Fact, t *Table) []Fact {
	isItem := map[string]bool{}
	for _, k := range ThreePublicItems {
		isItem[k] = true
	}
	for ri := range t.Rows {
		r := &t.Rows[ri]
		total := r.Level == LevelTotal || (r.Code == "" && r.Name == "合计") || r.Key == "three_public"
		for _, c := range t.Columns {
			if c.Type != "" && c.Type != ColAmount {
				continue
			}
			v, ok := r.Cells[c.Key]
			if !ok || v.IsText {
				continue
			}
			switch {
			case isItem[r.Key]:
				col := c.Key
				if col == "total" || col == "amount" {
					col = "amount"
				}
				out = append(out, Fact{Table: t.Kind, Scheme: FactKey, Code: r.Key, Column: col, Amount: v.Num})
			case total && isItem[c.Key]:
				out = append(out, Fact{Table: t.Kind, Scheme: FactKey, Code: c.Key, Column: "amount", Amount: v.Num})
			case total && strings.HasPrefix(c.Key, "budget.") && isItem[strings.TrimPrefix(c.Key, "budget.")]:
				out = append(out, Fact{Table: t.Kind, Scheme: FactKey, Code: strings.TrimPrefix(c.Key, "budget."), Column: "budget", Amount: v.Num})
			case total:
				out = append(out, Fact{Table: t.Kind, Scheme: FactTotal, Column: c.Key, Amount: v.Num})
			}
		}
	}
	return out
}
