package yusuan

import (
	"sort"
	"strings"
)

// Scheme names a classification (政府收支分类科目的一种).
type Scheme string

const (
	SchemeFunctional Scheme = "functional" // 支出功能分类: 类3 / 款2 / 项2
	SchemeEcon       Scheme = "econ"       // 部门预算支出经济分类: 类3 / 款2
	SchemeGovEcon    Scheme = "gov_econ"   // 政府预算支出经济分类: 类3 / 款2
)

// Classification is one scheme of one edition: code → name, with where its
// content comes from and how complete it is.
type Classification struct {
	Scheme       Scheme
	Edition      int    // the budget year the edition applies to
	Source       string // where the content comes from
	Completeness string // how complete it is
	names        map[string]string
	// sources holds the source of a code where it is recorded per code
	// (codes taken from published documents rather than the official list).
	sources map[string]string
}

// SetCodeSource records where one code comes from.
func (c *Classification) SetCodeSource(code, source string) {
	if c.sources == nil {
		c.sources = map[string]string{}
	}
	c.sources[code] = source
}

// CodeSource returns where one code comes from, if recorded per code.
func (c *Classification) CodeSource(code string) (string, bool) {
	s, ok := c.sources[code]
	return s, ok
}

// NewClassification makes an empty classification.
func NewClassification(s Scheme, edition int) *Classification {
	return &Classification{Scheme: s, Edition: edition, names: map[string]string{}}
}

// Add records a code and its name, replacing an earlier name.
func (c *Classification) Add(code, name string) { c.names[code] = name }

// Name returns the name of the code.
func (c *Classification) Name(code string) (string, bool) {
	n, ok := c.names[code]
	return n, ok
}

// Has reports whether the code exists.
func (c *Classification) Has(code string) bool { _, ok := c.names[code]; return ok }

// Codes returns every code, sorted.
func (c *Classification) Codes() []string {
	cs := make([]string, 0, len(c.names))
	for k := range c.names {
		cs = append(cs, k)
	}
	sort.Strings(cs)
	return cs
}

// Len is the number of codes.
func (c *Classification) Len() int { return len(c.names) }

// Mapping is one allowed pair of the department → government economic
// classification mapping (财预〔2017〕98号), for the unit kinds it applies to.
type Mapping struct {
	Econ    string
	GovEcon string
	Kinds   []UnitKind // empty means any kind
}

// Catalog is the set of classifications of one budget year.
type Catalog struct {
	Year       int
	Functional *Classification
	Econ       *Classification
	GovEcon    *Classification
	Mappings   []Mapping
}

// Scheme returns the classification of the scheme.
func (c *Catalog) Scheme(s Scheme) *Classification {
	switch s {
	case SchemeFunctional:
		return c.Functional
	case SchemeEcon:
		return c.Econ
	case SchemeGovEcon:
		return c.GovEcon
	}
	return nil
}

// MappingAllowed reports whether a unit of the kind may book department
// economic code econ under government economic code gov.
func (c *Catalog) MappingAllowed(econ, gov string, kind UnitKind) bool {
	for _, m := range c.Mappings {
		if m.Econ != econ || m.GovEcon != gov {
			continue
		}
		if len(m.Kinds) == 0 {
			return true
		}
		for _, k := range m.Kinds {
			if k == kind {
				return true
			}
		}
	}
	return false
}

// GovTargets returns the government codes econ maps to for the kind.
func (c *Catalog) GovTargets(econ string, kind UnitKind) []string {
	var out []string
	for _, m := range c.Mappings {
		if m.Econ == econ && (len(m.Kinds) == 0 || containsKind(m.Kinds, kind)) {
			out = append(out, m.GovEcon)
		}
	}
	return out
}

func containsKind(ks []UnitKind, k UnitKind) bool {
	for _, x := range ks {
		if x == k {
			return true
		}
	}
	return false
}

// FunctionalParts splits a functional code into 类, 款 and 项 codes
// ("2010301" → "201", "20103", "2010301").
func FunctionalParts(code string) (class, segment, item string) {
	if len(code) >= 3 {
		class = code[:3]
	}
	if len(code) >= 5 {
		segment = code[:5]
	}
	if len(code) >= 7 {
		item = code[:7]
	}
	return
}

// IsDigits reports whether s is non-empty and all ASCII digits.
func IsDigits(s string) bool {
	if s == "" {
		return false
	}
	return strings.Trim(s, "0123456789") == ""
}
