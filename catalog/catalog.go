// Package catalog provides the classification catalogs (政府收支分类科目) the
// project checks codes against: the editions embedded in the binary, and
// a loader for a user's fuller official catalog (CSV or XLSX) that is merged
// over an embedded one.
//
// Embedded data lives in data/<edition>/ as four CSV files:
//
//	functional.csv     支出功能分类          code,name   (类3 / 款5 / 项7 digits)
//	econ.csv           部门预算支出经济分类  code,name   (类3 / 款5)
//	gov_econ.csv       政府预算支出经济分类  code,name   (类3 / 款5)
//	econ_gov_map.csv   部门 → 政府 对照       econ,gov_econ,kinds
//
// Each file opens with "# source: …" and "# completeness: …" comment lines
// that say where its content comes from and how complete it is. An edition
// directory may hold only some of the files, and only the codes that changed:
// editions are applied oldest first, each one adding codes, renaming codes
// and replacing mapping pairs of the editions before it.
package catalog

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"

	yusuan "github.com/yusuan/yusuan"
)

//go:embed data
var dataFS embed.FS

const dataRoot = "data"

// Data file names inside an edition directory.
const (
	FileFunctional = "functional.csv"
	FileEcon       = "econ.csv"
	FileGovEcon    = "gov_econ.csv"
	FileMap        = "econ_gov_map.csv"
)

var schemeFiles = []struct {
	scheme yusuan.Scheme
	file   string
}{
	{yusuan.SchemeFunctional, FileFunctional},
	{yusuan.SchemeEcon, FileEcon},
	{yusuan.SchemeGovEcon, FileGovEcon},
}

// Editions lists the embedded editions (budget years), oldest first.
func Editions() []int {
	eds, err := editions(dataFS, dataRoot)
	if err != nil {
		return nil
	}
	return eds
}

// Load returns the embedded catalog for a budget year: the newest embedded
// edition that is not later than year. The catalog's Year is the requested
// year; each classification's Edition is the edition used. It fails, naming
// the year, when every embedded edition is later than year.
func Load(year int) (*yusuan.Catalog, error) {
	return loadFS(dataFS, dataRoot, year)
}

// editions lists the four-digit directories under root, sorted.
func editions(fsys fs.FS, root string) ([]int, error) {
	entries, err := fs.ReadDir(fsys, root)
	if err != nil {
		return nil, err
	}
	var eds []int
	for _, e := range entries {
		if !e.IsDir() || len(e.Name()) != 4 || !yusuan.IsDigits(e.Name()) {
			continue
		}
		y, _ := strconv.Atoi(e.Name())
		eds = append(eds, y)
	}
	sort.Ints(eds)
	return eds, nil
}

// loadFS builds the catalog of year from the editions under root in fsys.
func loadFS(fsys fs.FS, root string, year int) (*yusuan.Catalog, error) {
	eds, err := editions(fsys, root)
	if err != nil {
		return nil, fmt.Errorf("catalog: reading embedded editions: %w", err)
	}
	var use []int
	for _, e := range eds {
		if e <= year {
			use = append(use, e)
		}
	}
	if len(use) == 0 {
		if len(eds) == 0 {
			return nil, fmt.Errorf("catalog: no catalog edition for budget year %d: no edition is embedded", year)
		}
		return nil, fmt.Errorf("没有 %d 年可用的科目表：内置最早为 %d 年版（可用 --catalog FILE 载入 %d 年官方科目表）", year, eds[0], year)
	}
	edition := use[len(use)-1]
	c := &yusuan.Catalog{Year: year}
	for _, sf := range schemeFiles {
		cl := yusuan.NewClassification(sf.scheme, edition)
		setScheme(c, sf.scheme, cl)
	}
	var sources, completeness [4][]string
	mapIndex := map[[2]string]int{}
	for _, ed := range use {
		dir := path.Join(root, strconv.Itoa(ed))
		for i, sf := range schemeFiles {
			name := path.Join(dir, sf.file)
			data, err := fs.ReadFile(fsys, name)
			if errors.Is(err, fs.ErrNotExist) {
				continue
			}
			if err != nil {
				return nil, fmt.Errorf("catalog: %w", err)
			}
			df, err := parseDataFile(name, data, []string{"code", "name"}, []string{"code", "name", "source"})
			if err != nil {
				return nil, err
			}
			cl := c.Scheme(sf.scheme)
			for _, r := range df.rows {
				if len(r.fields) > 2 && r.fields[2] != "" {
					cl.SetCodeSource(r.fields[0], editionNote(ed, r.fields[2]))
				}
				if err := checkCode(sf.scheme, r.fields[0]); err != nil {
					return nil, &Error{File: name, Line: r.line, Msg: err.Error()}
				}
				if r.fields[1] == "" {
					return nil, &Error{File: name, Line: r.line, Msg: fmt.Sprintf("%s编码 %s 没有名称", schemeName(sf.scheme), r.fields[0])}
				}
				cl.Add(r.fields[0], r.fields[1])
			}
			sources[i] = append(sources[i], editionNote(ed, df.source))
			completeness[i] = append(completeness[i], editionNote(ed, df.completeness))
		}
		name := path.Join(dir, FileMap)
		data, err := fs.ReadFile(fsys, name)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("catalog: %w", err)
		}
		df, err := parseDataFile(name, data, []string{"econ", "gov_econ", "kinds"}, nil)
		if err != nil {
			return nil, err
		}
		for _, r := range df.rows {
			m, err := parseMapping(r.fields[0], r.fields[1], r.fields[2])
			if err != nil {
				return nil, &Error{File: name, Line: r.line, Msg: err.Error()}
			}
			addMapping(c, mapIndex, m)
		}
	}
	for i, sf := range schemeFiles {
		cl := c.Scheme(sf.scheme)
		cl.Source = strings.Join(sources[i], " | ")
		cl.Completeness = strings.Join(completeness[i], " | ")
	}
	if err := Validate(c); err != nil {
		return nil, fmt.Errorf("catalog: edition %d is invalid: %w", edition, err)
	}
	return c, nil
}

func editionNote(ed int, s string) string {
	if s == "" {
		s = "not stated"
	}
	return fmt.Sprintf("[%d] %s", ed, s)
}

func setScheme(c *yusuan.Catalog, s yusuan.Scheme, cl *yusuan.Classification) {
	switch s {
	case yusuan.SchemeFunctional:
		c.Functional = cl
	case yusuan.SchemeEcon:
		c.Econ = cl
	case yusuan.SchemeGovEcon:
		c.GovEcon = cl
	}
}

// addMapping adds m, replacing an earlier pair with the same codes.
func addMapping(c *yusuan.Catalog, index map[[2]string]int, m yusuan.Mapping) {
	key := [2]string{m.Econ, m.GovEcon}
	if i, ok := index[key]; ok {
		c.Mappings[i] = m
		return
	}
	index[key] = len(c.Mappings)
	c.Mappings = append(c.Mappings, m)
}
