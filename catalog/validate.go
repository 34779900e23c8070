package catalog

import (
	"errors"
	"fmt"
	"sort"
	"strings"

	yusuan "github.com/yusuan/yusuan"
)

// Error is a problem at one place of a catalog file: a line of a CSV file or
// a cell of an XLSX sheet.
type Error struct {
	File  string // file name as given
	Line  int    // 1-based line of a CSV file, 0 if unknown
	Sheet string // XLSX sheet
	Cell  string // XLSX cell reference, e.g. "B7"
	Msg   string
}

func (e *Error) Error() string {
	switch {
	case e.Sheet != "" && e.Cell != "":
		return fmt.Sprintf("%s: %s!%s: %s", e.File, e.Sheet, e.Cell, e.Msg)
	case e.Sheet != "":
		return fmt.Sprintf("%s: 工作表「%s」: %s", e.File, e.Sheet, e.Msg)
	case e.Line > 0:
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
	case e.File != "":
		return fmt.Sprintf("%s: %s", e.File, e.Msg)
	}
	return e.Msg
}

// codeLengths are the allowed code lengths per scheme.
var codeLengths = map[yusuan.Scheme][]int{
	yusuan.SchemeFunctional: {3, 5, 7},
	yusuan.SchemeEcon:       {3, 5},
	yusuan.SchemeGovEcon:    {3, 5},
}

// checkCode reports whether code is well formed for the scheme: ASCII digits
// only, with the length of a 类, 款 or (functional only) 项.
func checkCode(s yusuan.Scheme, code string) error {
	lens, ok := codeLengths[s]
	if !ok {
		return fmt.Errorf("未知的分类 %q（可用 functional、econ、gov_econ）", s)
	}
	if code == "" {
		return fmt.Errorf("%s编码为空", schemeName(s))
	}
	if !yusuan.IsDigits(code) {
		return fmt.Errorf("%s编码 %q 含有数字以外的字符", schemeName(s), code)
	}
	for _, l := range lens {
		if len(code) == l {
			return nil
		}
	}
	return fmt.Errorf("%s编码 %q 为 %d 位，应为 %s 位", schemeName(s), code, len(code), lengthsText(lens))
}

func lengthsText(lens []int) string {
	var parts []string
	for _, l := range lens {
		parts = append(parts, fmt.Sprint(l))
	}
	if len(parts) == 1 {
		return parts[0]
	}
	return strings.Join(parts[:len(parts)-1], "、") + " 或 " + parts[len(parts)-1]
}

// parentCode returns the code one level up ("" for a 类).
func parentCode(code string) string {
	switch len(code) {
	case 5:
		return code[:3]
	case 7:
		return code[:5]
	}
	return ""
}

func levelName(code string) string {
	switch len(code) {
	case 3:
		return "类"
	case 5:
		return "款"
	case 7:
		return "项"
	}
	return "级"
}

// schemeName is a scheme's Chinese name, for messages.
func schemeName(s yusuan.Scheme) string {
	switch s {
	case yusuan.SchemeFunctional:
		return "支出功能分类"
	case yusuan.SchemeEcon:
		return "部门预算支出经济分类"
	case yusuan.SchemeGovEcon:
		return "政府预算支出经济分类"
	}
	return string(s)
}

// parseKinds parses a "|"-separated list of unit kinds; empty means any kind.
func parseKinds(s string) ([]yusuan.UnitKind, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, nil
	}
	var out []yusuan.UnitKind
	seen := map[yusuan.UnitKind]bool{}
	for _, part := range strings.Split(s, "|") {
		k, ok := unitKind(strings.TrimSpace(part))
		if !ok {
			return nil, fmt.Errorf("未知的单位类型 %q（可用 administrative/行政、civil_service/参公、institution/事业，多个用 | 分隔）", strings.TrimSpace(part))
		}
		if !seen[k] {
			seen[k] = true
			out = append(out, k)
		}
	}
	return out, nil
}

func unitKind(s string) (yusuan.UnitKind, bool) {
	switch strings.ToLower(s) {
	case string(yusuan.UnitAdministrative), "行政", "行政单位":
		return yusuan.UnitAdministrative, true
	case string(yusuan.UnitCivilService), "参公", "参照公务员法管理的事业单位":
		return yusuan.UnitCivilService, true
	case string(yusuan.UnitInstitution), "事业", "事业单位":
		return yusuan.UnitInstitution, true
	}
	return "", false
}

// parseMapping checks the form of one mapping pair (both codes are 款).
func parseMapping(econ, gov, kinds string) (yusuan.Mapping, error) {
	if err := checkCode(yusuan.SchemeEcon, econ); err != nil {
		return yusuan.Mapping{}, err
	}
	if err := checkCode(yusuan.SchemeGovEcon, gov); err != nil {
		return yusuan.Mapping{}, err
	}
	if len(econ) != 5 || len(gov) != 5 {
		return yusuan.Mapping{}, fmt.Errorf("对照 %s → %s：两个编码都应为款（5 位）", econ, gov)
	}
	ks, err := parseKinds(kinds)
	if err != nil {
		return yusuan.Mapping{}, err
	}
	return yusuan.Mapping{Econ: econ, GovEcon: gov, Kinds: ks}, nil
}

// Validate checks a catalog: every scheme present; every code digits only
// with the right length for its scheme, and named; every 款 has its 类 and
// every 项 its 款; every mapping pair joins an existing department code to
// an existing government code, with known unit kinds. It returns all
// problems found, joined.
func Validate(c *yusuan.Catalog) error {
	return joinErrors(validate(c, nil))
}

// validate is Validate with a function that tells where a code or mapping
// came from (nil: no position), used by LoadFile to point into the file.
func validate(c *yusuan.Catalog, where func(s yusuan.Scheme, code string) *Error) []error {
	if c == nil {
		return []error{errors.New("科目表为空")}
	}
	var errs []error
	report := func(s yusuan.Scheme, code, msg string) {
		if where != nil {
			if e := where(s, code); e != nil {
				e2 := *e
				e2.Msg = msg
				errs = append(errs, &e2)
				return
			}
		}
		errs = append(errs, errors.New(msg))
	}
	for _, sf := range schemeFiles {
		cl := c.Scheme(sf.scheme)
		if cl == nil {
			errs = append(errs, fmt.Errorf("缺少%s", schemeName(sf.scheme)))
			continue
		}
		if cl.Scheme != sf.scheme {
			errs = append(errs, fmt.Errorf("%s被标为 %q", schemeName(sf.scheme), cl.Scheme))
		}
		for _, code := range cl.Codes() {
			if err := checkCode(sf.scheme, code); err != nil {
				report(sf.scheme, code, err.Error())
				continue
			}
			if name, _ := cl.Name(code); strings.TrimSpace(name) == "" {
				report(sf.scheme, code, fmt.Sprintf("%s编码 %s 没有名称", schemeName(sf.scheme), code))
			}
			if p := parentCode(code); p != "" && !cl.Has(p) {
				report(sf.scheme, code, fmt.Sprintf("%s的%s %s 没有所属的%s %s", schemeName(sf.scheme), levelName(code), code, levelName(p), p))
			}
		}
	}
	seen := map[[2]string]bool{}
	for _, m := range c.Mappings {
		key := [2]string{m.Econ, m.GovEcon}
		pos := "map:" + m.Econ + ">" + m.GovEcon
		if seen[key] {
			report("", pos, fmt.Sprintf("对照 %s → %s 列出了两次", m.Econ, m.GovEcon))
		}
		seen[key] = true
		if len(m.Econ) != 5 || len(m.GovEcon) != 5 {
			report("", pos, fmt.Sprintf("对照 %s → %s：两个编码都应为款（5 位）", m.Econ, m.GovEcon))
		}
		if c.Econ != nil && !c.Econ.Has(m.Econ) {
			report("", pos, fmt.Sprintf("对照 %s → %s：部门预算支出经济分类中没有 %s", m.Econ, m.GovEcon, m.Econ))
		}
		if c.GovEcon != nil && !c.GovEcon.Has(m.GovEcon) {
			report("", pos, fmt.Sprintf("对照 %s → %s：政府预算支出经济分类中没有 %s", m.Econ, m.GovEcon, m.GovEcon))
		}
		for _, k := range m.Kinds {
			if k != yusuan.UnitAdministrative && k != yusuan.UnitCivilService && k != yusuan.UnitInstitution {
				report("", pos, fmt.Sprintf("对照 %s → %s：未知的单位类型 %q", m.Econ, m.GovEcon, k))
			}
		}
	}
	return errs
}

// maxErrors bounds how many problems one error reports.
const maxErrors = 50

// joinErrors joins errs, sorted for file errors by position, keeping at most
// maxErrors and saying how many more there were.
func joinErrors(errs []error) error {
	if len(errs) == 0 {
		return nil
	}
	sort.SliceStable(errs, func(i, j int) bool {
		a, aok := errs[i].(*Error)
		b, bok := errs[j].(*Error)
		if !aok || !bok {
			return aok && !bok
		}
		if a.Sheet != b.Sheet {
			return a.Sheet < b.Sheet
		}
		return a.Line < b.Line
	})
	if len(errs) > maxErrors {
		more := len(errs) - maxErrors
		errs = append(errs[:maxErrors:maxErrors], fmt.Errorf("……另有 %d 个问题", more))
	}
	return errors.Join(errs...)
}
