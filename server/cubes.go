package server

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"

	"github.com/yusuan/yusuan"
	"github.com/yusuan/yusuan/catalog"
	rendercsv "github.com/yusuan/yusuan/render/csv"
	"github.com/yusuan/yusuan/store"
)

// Cubes are declared as data: which facts each one reads and which
// dimensions it offers. A dimension is a whitelisted SQL expression over
// the fact table f and the organization o; no query is ever built from
// request text, which only selects among these and binds values.

type dimension struct {
	Name  string `json:"name"`
	Label string `json:"label"`
	expr  string
	// names gives each member's name ("201" → 一般公共服务支出).
	names func(l *lookup, v string) string
	// nameExpr, when set, is the member's name in SQL (grouped with expr).
	nameExpr string
	// joinOrg: the expression reads the organization table.
	joinOrg bool
}

// cube is a store cube as the API serves it.
type cube = store.Cube

var dimensions = map[string]*dimension{
	"year": {Name: "year", Label: "年度", expr: "f.year"},
	"kind": {Name: "kind", Label: "预算/决算", expr: "f.kind", names: func(_ *lookup, v string) string { return map[string]string{"budget": "预算", "final": "决算"}[v] }},
	"level": {Name: "level", Label: "部门/单位", expr: "f.level", names: func(_ *lookup, v string) string {
		return map[string]string{"department": "部门", "unit": "单位"}[v]
	}},
	"region":           {Name: "region", Label: "地区", expr: "f.region_code", names: (*lookup).regionName},
	"organization":     {Name: "organization", Label: "单位", expr: "o.code", nameExpr: "o.name", joinOrg: true},
	"function.class":   {Name: "function.class", Label: "功能分类（类）", expr: "substr(f.code, 1, 3)", names: (*lookup).functionName},
	"function.section": {Name: "function.section", Label: "功能分类（款）", expr: "substr(f.code, 1, 5)", names: (*lookup).functionName},
	"function.item":    {Name: "function.item", Label: "功能分类（项）", expr: "f.code", names: (*lookup).functionName},
	"econ.class":       {Name: "econ.class", Label: "部门预算经济分类（类）", expr: "substr(f.code, 1, 3)", names: (*lookup).econName},
	"econ.item":        {Name: "econ.item", Label: "部门预算经济分类（款）", expr: "f.code", names: (*lookup).econName},
	"gov_econ.class":   {Name: "gov_econ.class", Label: "政府预算经济分类（类）", expr: "substr(f.code, 1, 3)", names: (*lookup).govEconName},
	"gov_econ.item":    {Name: "gov_econ.item", Label: "政府预算经济分类（款）", expr: "f.code", names: (*lookup).govEconName},
	"nature": {Name: "nature", Label: "基本支出/项目支出", expr: "f.col", names: func(_ *lookup, v string) string {
		return map[string]string{"basic": "基本支出", "project": "项目支出"}[v]
	}},
	"item": {Name: "item", Label: "“三公”经费项目", expr: "f.code", names: func(_ *lookup, v string) string { return threePublicNames[v] }},
}

var threePublicNames = map[string]string{
	"abroad": "因公出国（境）费", "reception": "公务接待费",
	"vehicle_purchase": "公务用车购置费", "vehicle_operation": "公务用车运行维护费",
}

func findCube(name string) (*cube, error) {
	for i := range store.Cubes {
		if store.Cubes[i].Name == name {
			return &store.Cubes[i], nil
		}
	}
	var names []string
	for _, c := range store.Cubes {
		names = append(names, c.Name)
	}
	return nil, &apiError{http.StatusNotFound, fmt.Sprintf("没有数据立方 %q；可用：%s", name, strings.Join(names, ", "))}
}

func cubeDimension(c *cube, name string) (*dimension, error) {
	for _, d := range c.Dimensions {
		if d == name {
			return dimensions[d], nil
		}
	}
	return nil, badRequest("数据立方 %s 没有维度 %q；可用：%s", c.Name, name, strings.Join(c.Dimensions, ", "))
}

func (s *Server) cubes(w http.ResponseWriter, r *http.Request) error {
	return writeJSON(w, r, map[string]any{"cubes": store.Cubes}, false)
}

func (s *Server) cubeModel(w http.ResponseWriter, r *http.Request) error {
	c, err := findCube(r.PathValue("cube"))
	if err != nil {
		return err
	}
	var dims []*dimension
	for _, d := range c.Dimensions {
		dims = append(dims, dimensions[d])
	}
	return writeJSON(w, r, map[string]any{
		"name": c.Name, "label": c.Label, "description": c.Description,
		"dimensions": dims,
		"measures":   []map[string]string{{"name": "amount", "label": "金额", "unit": "元"}},
		"aggregates": []map[string]string{{"name": "amount", "function": "sum", "measure": "amount"}},
	}, false)
}

// query is a parsed cube request.
type query struct {
	cube      *cube
	drilldown []*dimension
	cuts      []cut
	order     []orderBy
	page      int
	pageSize  int
	allVers   bool
	csv       bool
}

type cut struct {
	dim    *dimension
	values []string
}

type orderBy struct {
	expr string // a dimension name or "amount"
	desc bool
}

const (
	maxPageSize     = 10000
	defaultPageSize = 1000
	maxCutValues    = 100
)

func parseQuery(c *cube, r *http.Request, allowed ...string) (*query, error) {
	q, err := params(r, allowed...)
	if err != nil {
		return nil, err
	}
	out := &query{cube: c, page: 1, pageSize: defaultPageSize}
	if v := q.Get("drilldown"); v != "" {
		for _, name := range strings.Split(v, "|") {
			d, err := cubeDimension(c, name)
			if err != nil {
				return nil, err
			}
			for _, x := range out.drilldown {
				if x == d {
					return nil, badRequest("drilldown 中维度 %s 重复", name)
				}
			}
			out.drilldown = append(out.drilldown, d)
		}
	}
	if v := q.Get("cut"); v != "" {
		for _, part := range strings.Split(v, "|") {
			name, vals, ok := strings.Cut(part, ":")
			if !ok || vals == "" {
				return nil, badRequest("cut %q 应写作 维度:值（多个值用 ; 分隔）", part)
			}
			d, err := cubeDimension(c, name)
			if err != nil {
				return nil, err
			}
			values := strings.Split(vals, ";")
			if len(values) > maxCutValues {
				return nil, badRequest("cut %s 的值太多（最多 %d 个）", name, maxCutValues)
			}
			out.cuts = append(out.cuts, cut{dim: d, values: values})
		}
	}
	if v := q.Get("order"); v != "" {
		for _, part := range strings.Split(v, "|") {
			name, dir, _ := strings.Cut(part, ":")
			ob := orderBy{expr: name}
			switch dir {
			case "", "asc":
			case "desc":
				ob.desc = true
			default:
				return nil, badRequest("order %q 的方向只能是 asc 或 desc", part)
			}
			if name != "amount" {
				found := false
				for _, d := range out.drilldown {
					found = found || d.Name == name
				}
				if !found {
					return nil, badRequest("order 只能按 amount 或 drilldown 中的维度排序，%q 不在其中", name)
				}
			}
			out.order = append(out.order, ob)
		}
	}
	if v := q.Get("page"); v != "" {
		if out.page, err = intParam(v, "page", 1, 1_000_000); err != nil {
			return nil, err
		}
	}
	if v := q.Get("pagesize"); v != "" {
		if out.pageSize, err = intParam(v, "pagesize", 1, maxPageSize); err != nil {
			return nil, err
		}
	}
	switch q.Get("version") {
	case "", "latest":
	case "all":
		out.allVers = true
	default:
		return nil, badRequest("version 只能是 latest 或 all")
	}
	switch q.Get("format") {
	case "", "json":
	case "csv":
		out.csv = true
	default:
		return nil, badRequest("format 只能是 json 或 csv")
	}
	return out, nil
}

// sqlFrom is the FROM clause and predicate (with the cuts) of the query,
// and its bound values. A query that counts only latest versions and
// neither drills nor cuts by organization reads the summary table
// fact_rollup (the latest facts summed over organizations) instead of the
// fact lines; extra names dimensions the caller also needs.
func (q *query) sqlFrom(extra ...*dimension) (string, []any) {
	join := false
	for _, c := range q.cuts {
		join = join || c.dim.joinOrg
	}
	for _, d := range append(append([]*dimension{}, q.drilldown...), extra...) {
		join = join || d.joinOrg
	}
	where := []string{q.cube.Where}
	from := " FROM fact f"
	switch {
	case !q.allVers && !join:
		from = " FROM fact_rollup f"
		where = append(where, "f.lines <> 0")
	case !q.allVers:
		where = append(where, "f.latest = 1")
	}
	if join {
		from += " JOIN organization o ON o.id = f.organization_id"
	}
	var args []any
	for _, c := range q.cuts {
		ph := strings.TrimSuffix(strings.Repeat("?, ", len(c.values)), ", ")
		where = append(where, fmt.Sprintf("%s IN (%s)", c.dim.expr, ph))
		for _, v := range c.values {
			if c.dim.Name == "year" {
				n, err := strconv.Atoi(v)
				if err != nil {
					n = -1 // matches nothing
				}
				args = append(args, n)
				continue
			}
			args = append(args, v)
		}
	}
	return from + " WHERE " + strings.Join(where, " AND "), args
}

// factWhere is the predicate over the fact lines (the facts route always
// reads them, with publication and organization joined).
func (q *query) factWhere() (string, []any) {
	all := *q
	all.drilldown = []*dimension{dimensions["organization"]} // forces the fact table
	fw, args := all.sqlFrom()
	_, where, _ := strings.Cut(fw, " WHERE ")
	return where, args
}

// amountJSON prints 分 as a JSON number in 元 with at most 2 decimals.
func amountJSON(a int64) json.RawMessage {
	return json.RawMessage(yusuan.Amount(a).String())
}

func (s *Server) aggregate(w http.ResponseWriter, r *http.Request) error {
	c, err := findCube(r.PathValue("cube"))
	if err != nil {
		return err
	}
	q, err := parseQuery(c, r, "drilldown", "cut", "order", "page", "pagesize", "version", "format")
	if err != nil {
		return err
	}
	fromWhere, args := q.sqlFrom()
	ctx := r.Context()

	var exprs []string
	for _, d := range q.drilldown {
		exprs = append(exprs, d.expr)
		if d.nameExpr != "" {
			exprs = append(exprs, d.nameExpr)
		}
	}
	l := &lookup{s: s, ctx: ctx}
	cells := []map[string]any{}
	var total int64
	count := 0
	// summary runs the ungrouped sum: for no drilldown, and for a page
	// past the last cell, where the window sums below have no row.
	summary := func() error {
		return s.db.SQL().QueryRowContext(ctx, s.db.Rebind(`SELECT COALESCE(SUM(f.amount), 0)`+fromWhere), args...).Scan(&total)
	}
	if len(exprs) == 0 {
		if err := summary(); err != nil {
			return s.dbErr(err)
		}
		cells = append(cells, map[string]any{"amount": amountJSON(total)})
		count = 1
	} else {
		group := strings.Join(exprs, ", ")
		var order []string
		for _, ob := range q.order {
			e := "SUM(f.amount)"
			if ob.expr != "amount" {
				e = dimensions[ob.expr].expr
			}
			if ob.desc {
				e += " DESC"
			}
			order = append(order, e)
		}
		order = append(order, exprs...) // a stable order for paging
		// One statement: the page of cells, and over the whole grouped
		// result (window functions) the number of cells and the total.
		sqlq := `SELECT ` + group + `, SUM(f.amount), COUNT(*) OVER (), SUM(SUM(f.amount)) OVER ()` + fromWhere + ` GROUP BY ` + group +
			` ORDER BY ` + strings.Join(order, ", ") + fmt.Sprintf(` LIMIT %d OFFSET %d`, q.pageSize, (q.page-1)*q.pageSize)
		rows, err := s.db.SQL().QueryContext(ctx, s.db.Rebind(sqlq), args...)
		if err != nil {
			return s.dbErr(err)
		}
		defer rows.Close()
		seen := false
		for rows.Next() {
			vals := make([]any, len(exprs)+3)
			strs := make([]string, len(exprs))
			var amount, n, sum int64
			for i := range exprs {
				vals[i] = &strs[i]
			}
			vals[len(exprs)], vals[len(exprs)+1], vals[len(exprs)+2] = &amount, &n, &sum
			if err := rows.Scan(vals...); err != nil {
				return s.dbErr(err)
			}
			seen, count, total = true, int(n), sum
			cell := map[string]any{}
			i := 0
			for _, d := range q.drilldown {
				cell[d.Name] = memberValue(d, strs[i])
				switch {
				case d.nameExpr != "":
					i++
					cell[d.Name+".name"] = strs[i]
				case d.names != nil:
					cell[d.Name+".name"] = d.names(l, strs[i])
				}
				i++
			}
			cell["amount"] = amountJSON(amount)
			cells = append(cells, cell)
		}
		if err := rows.Err(); err != nil {
			return s.dbErr(err)
		}
		if !seen {
			// Past the last page (or nothing matches): count separately.
			if err := s.db.SQL().QueryRowContext(ctx, s.db.Rebind(`SELECT COUNT(*) FROM (SELECT 1`+fromWhere+` GROUP BY `+group+`) g`), args...).Scan(&count); err != nil {
				return s.dbErr(err)
			}
			if err := summary(); err != nil {
				return s.dbErr(err)
			}
		}
	}
	if q.csv {
		return writeCellsCSV(w, r, q, cells)
	}
	var dd []string
	for _, d := range q.drilldown {
		dd = append(dd, d.Name)
	}
	return writeJSON(w, r, map[string]any{
		"cube": c.Name, "drilldown": dd, "cut": r.URL.Query().Get("cut"),
		"page": q.page, "pagesize": q.pageSize, "total_cell_count": count,
		"cells": cells, "summary": map[string]any{"amount": amountJSON(total)},
	}, false)
}

// memberValue gives year as a number, everything else as text.
func memberValue(d *dimension, v string) any {
	if d.Name == "year" {
		if n, err := strconv.Atoi(v); err == nil {
			return n
		}
	}
	return v
}

func writeCellsCSV(w http.ResponseWriter, r *http.Request, q *query, cells []map[string]any) error {
	var b bytes.Buffer
	b.WriteString("\ufeff") // Excel reads UTF-8 with a BOM
	cw := csv.NewWriter(&b)
	var header []string
	for _, d := range q.drilldown {
		header = append(header, d.Name)
		if d.names != nil || d.nameExpr != "" {
			header = append(header, d.Name+".name")
		}
	}
	header = append(header, "amount")
	cw.Write(header)
	for _, c := range cells {
		rec := make([]string, len(header))
		for i, h := range header {
			switch v := c[h].(type) {
			case json.RawMessage:
				rec[i] = string(v)
			case nil:
			default:
				rec[i] = rendercsv.Safe(fmt.Sprint(v))
			}
		}
		cw.Write(rec)
	}
	cw.Flush()
	w.Header().Set("Content-Disposition", contentDisposition(q.cube.Name+".csv"))
	return writeBytes(w, r, "text/csv; charset=utf-8", b.Bytes(), false)
}

func (s *Server) facts(w http.ResponseWriter, r *http.Request) error {
	c, err := findCube(r.PathValue("cube"))
	if err != nil {
		return err
	}
	q, err := parseQuery(c, r, "cut", "page", "pagesize", "version")
	if err != nil {
		return err
	}
	where, args := q.factWhere()
	sqlq := `SELECT p.id, o.code, o.name, COALESCE(o.region_code, ''), f.year, f.kind, f.level, p.version, f.table_kind, f.scheme, f.code, f.col, f.amount
		FROM fact f JOIN organization o ON o.id = f.organization_id JOIN publication p ON p.id = f.publication_id
		WHERE ` + where + fmt.Sprintf(` ORDER BY p.id, f.code, f.col LIMIT %d OFFSET %d`, q.pageSize, (q.page-1)*q.pageSize)
	rows, err := s.db.SQL().QueryContext(r.Context(), s.db.Rebind(sqlq), args...)
	if err != nil {
		return s.dbErr(err)
	}
	defer rows.Close()
	facts := []map[string]any{}
	for rows.Next() {
		var id int64
		var org, name, region, kind, level, table, scheme, code, col string
		var year, version int
		var amount int64
		if err := rows.Scan(&id, &org, &name, &region, &year, &kind, &level, &version, &table, &scheme, &code, &col, &amount); err != nil {
			return s.dbErr(err)
		}
		facts = append(facts, map[string]any{"publication": id, "organization": org, "organization.name": name, "region": region,
			"year": year, "kind": kind, "level": level, "version": version, "table": table, "scheme": scheme, "code": code,
			"column": col, "amount": amountJSON(amount)})
	}
	if err := rows.Err(); err != nil {
		return s.dbErr(err)
	}
	return writeJSON(w, r, map[string]any{"cube": c.Name, "page": q.page, "pagesize": q.pageSize, "facts": facts}, false)
}

func (s *Server) members(w http.ResponseWriter, r *http.Request) error {
	c, err := findCube(r.PathValue("cube"))
	if err != nil {
		return err
	}
	d, err := cubeDimension(c, r.PathValue("dimension"))
	if err != nil {
		return err
	}
	q, err := parseQuery(c, r, "cut", "page", "pagesize", "version")
	if err != nil {
		return err
	}
	fromWhere, args := q.sqlFrom(d)
	cols := d.expr
	if d.nameExpr != "" {
		cols += ", " + d.nameExpr
	}
	l := &lookup{s: s, ctx: r.Context()}
	sqlq := `SELECT DISTINCT ` + cols + fromWhere + ` ORDER BY 1` +
		fmt.Sprintf(` LIMIT %d OFFSET %d`, q.pageSize, (q.page-1)*q.pageSize)
	rows, err := s.db.SQL().QueryContext(r.Context(), s.db.Rebind(sqlq), args...)
	if err != nil {
		return s.dbErr(err)
	}
	defer rows.Close()
	members := []map[string]any{}
	for rows.Next() {
		var v, name string
		dest := []any{&v}
		if d.nameExpr != "" {
			dest = append(dest, &name)
		}
		if err := rows.Scan(dest...); err != nil {
			return s.dbErr(err)
		}
		m := map[string]any{d.Name: memberValue(d, v)}
		switch {
		case d.nameExpr != "":
			m[d.Name+".name"] = name
		case d.names != nil:
			m[d.Name+".name"] = d.names(l, v)
		}
		members = append(members, m)
	}
	if err := rows.Err(); err != nil {
		return s.dbErr(err)
	}
	return writeJSON(w, r, map[string]any{"cube": c.Name, "dimension": d.Name, "members": members}, false)
}

// dbErr passes database errors on (classified as unavailable by the store
// where they mean "not now").
func (s *Server) dbErr(err error) error {
	if err == context.Canceled || err == context.DeadlineExceeded {
		return err
	}
	return fmt.Errorf("database: %w", err)
}

// Names of members, from the newest embedded catalog and the store.
var (
	catOnce sync.Once
	cat     *yusuan.Catalog
)

func newestCatalog() *yusuan.Catalog {
	catOnce.Do(func() {
		eds := catalog.Editions()
		if len(eds) > 0 {
			cat, _ = catalog.Load(eds[len(eds)-1])
		}
	})
	return cat
}

func schemeName(cl func(*yusuan.Catalog) *yusuan.Classification, code string) string {
	c := newestCatalog()
	if c == nil || cl(c) == nil {
		return ""
	}
	n, _ := cl(c).Name(code)
	return n
}

// lookup names members for one request; regions are read once.
type lookup struct {
	s       *Server
	ctx     context.Context
	regions map[string]string
}

func (l *lookup) functionName(code string) string {
	return schemeName(func(c *yusuan.Catalog) *yusuan.Classification { return c.Functional }, code)
}

func (l *lookup) econName(code string) string {
	return schemeName(func(c *yusuan.Catalog) *yusuan.Classification { return c.Econ }, code)
}

func (l *lookup) govEconName(code string) string {
	return schemeName(func(c *yusuan.Catalog) *yusuan.Classification { return c.GovEcon }, code)
}

func (l *lookup) regionName(code string) string {
	if l.regions == nil {
		l.regions = map[string]string{}
		if rs, err := l.s.db.Regions(l.ctx); err == nil {
			for _, r := range rs {
				l.regions[r.Code] = r.Name
			}
		}
	}
	return l.regions[code]
}
