package check

import (
	"encoding/json"
	"fmt"
	"html"
	"io"
	"sort"
	"strings"

	"github.com/yusuan/yusuan"
)

// FindingsSchema identifies findings JSON, version 1 (docs/findings-json.md).
const FindingsSchema = "yusuan.findings/v1"

// Report is the result of checking one or more documents.
type Report struct {
	Schema    string           `json:"schema"`
	Documents []DocumentResult `json:"documents"`
	Summary   Summary          `json:"summary"`
}

// DocumentResult is the findings of one input. Error is set, and
// Findings empty, when the input could not be read.
type DocumentResult struct {
	Source     string    `json:"source"`
	Profile    string    `json:"profile"`
	Department string    `json:"department"`
	Year       int       `json:"year"`
	Findings   []Finding `json:"findings"`
	Error      string    `json:"error,omitempty"`
}

// Summary counts documents and findings.
type Summary struct {
	Documents  int `json:"documents"`
	Errors     int `json:"errors"`
	Warnings   int `json:"warnings"`
	Infos      int `json:"infos"`
	Unreadable int `json:"unreadable"`
}

// NewResult makes the result of checking doc read from source.
func NewResult(source string, doc *yusuan.Document, fs []Finding) DocumentResult {
	if fs == nil {
		fs = []Finding{}
	}
	return DocumentResult{Source: source, Profile: doc.Profile, Department: doc.Department.Name, Year: doc.Year, Findings: fs}
}

// NewReport sums up the results.
func NewReport(rs []DocumentResult) *Report {
	r := &Report{Schema: FindingsSchema, Documents: rs}
	if r.Documents == nil {
		r.Documents = []DocumentResult{}
	}
	for _, d := range rs {
		r.Summary.Documents++
		if d.Error != "" {
			r.Summary.Unreadable++
		}
		e, w := Count(d.Findings)
		r.Summary.Errors += e
		r.Summary.Warnings += w
		r.Summary.Infos += len(d.Findings) - e - w
	}
	return r
}

// WriteJSON writes the findings JSON.
func (r *Report) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}

// group is the findings about one table (or the narrative, or the whole
// document), in document order.
type group struct {
	title    string
	findings []Finding
}

func groups(fs []Finding) []group {
	var out []group
	at := map[string]int{}
	for _, f := range fs {
		key := f.Table + "#" + fmt.Sprint(f.TableNumber)
		title := ""
		switch {
		case f.Table != "":
			name := f.TableTitle
			if name == "" {
				name = kindName(yusuan.TableKind(f.Table))
			}
			if f.TableNumber > 0 {
				title = fmt.Sprintf("表%d %s", f.TableNumber, name)
			} else {
				title = name
			}
			if f.Table == string(yusuan.KindPerformanceProject) {
				key, title = f.Table, "项目绩效目标表"
			}
		case f.Source != nil && f.Source.Section != "":
			key, title = "narrative", "预算说明"
		default:
			key, title = "document", "文档整体"
		}
		i, ok := at[key]
		if !ok {
			i = len(out)
			at[key] = i
			out = append(out, group{title: title})
		}
		out[i].findings = append(out[i].findings, f)
	}
	return out
}

// WriteText writes the findings in Chinese for a terminal, grouped by
// table.
func (r *Report) WriteText(w io.Writer) error {
	bw := &errWriter{w: w}
	for _, d := range r.Documents {
		head := d.Source
		if d.Department != "" {
			head += fmt.Sprintf("（%s，%d 年，格式 %s）", d.Department, d.Year, d.Profile)
		}
		bw.printf("== %s\n", head)
		if d.Error != "" {
			bw.printf("  无法读取：%s\n\n", d.Error)
			continue
		}
		if len(d.Findings) == 0 {
			bw.printf("  未发现问题。\n\n")
			continue
		}
		for _, g := range groups(d.Findings) {
			bw.printf("  【%s】\n", g.title)
			for _, f := range g.findings {
				loc := ""
				if f.Row != "" {
					loc = "「" + f.Row + "」"
				}
				if f.Column != "" {
					loc += "〔" + f.Column + "〕"
				}
				bw.printf("    %s %s %s%s\n", f.Severity.Chinese(), f.Rule, f.Message, prefixed(" ", loc))
				if f.Expected != "" || f.Actual != "" {
					bw.printf("        应为：%s    实为：%s\n", dash(f.Expected), dash(f.Actual))
				}
				if f.Detail != "" {
					bw.printf("        计算：%s\n", f.Detail)
				}
				if f.Source != nil {
					if s := f.Source.String(); s != "" {
						bw.printf("        位置：%s\n", s)
					}
				}
				if len(f.Related) > 0 {
					bw.printf("        同一原因还导致 %d 处不符：\n", len(f.Related))
					for _, r := range f.Related {
						bw.printf("          · %s %s%s（应为 %s，实为 %s）\n", r.Rule, r.Message, prefixed(" ", relatedLoc(r)), dash(r.Expected), dash(r.Actual))
					}
				}
			}
		}
		e, wn := Count(d.Findings)
		bw.printf("  小计：%d 个错误，%d 个警告，%d 个提示\n\n", e, wn, len(d.Findings)-e-wn)
	}
	s := r.Summary
	bw.printf("共检查 %d 个文件：%d 个错误，%d 个警告", s.Documents, s.Errors, s.Warnings)
	if s.Unreadable > 0 {
		bw.printf("，%d 个文件无法读取", s.Unreadable)
	}
	bw.printf("。\n")
	return bw.err
}

// relatedLoc names where a related finding is: its table and cell, or
// its sentence.
func relatedLoc(f Finding) string {
	loc := ""
	if f.Table != "" {
		loc = kindName(yusuan.TableKind(f.Table))
		if f.TableNumber > 0 {
			loc = fmt.Sprintf("表%d", f.TableNumber)
		}
	}
	if f.Row != "" {
		loc += "「" + f.Row + "」"
	}
	if f.Column != "" {
		loc += "〔" + f.Column + "〕"
	}
	if loc == "" && f.Source != nil {
		loc = f.Source.String()
	}
	return loc
}

func prefixed(p, s string) string {
	if s == "" {
		return ""
	}
	return p + s
}

func dash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) printf(format string, args ...any) {
	if e.err == nil {
		_, e.err = fmt.Fprintf(e.w, format, args...)
	}
}

// WriteHTML writes a self-contained HTML report: no scripts, no external
// resources, every text escaped.
func (r *Report) WriteHTML(w io.Writer) error {
	bw := &errWriter{w: w}
	e := html.EscapeString
	bw.printf(`<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>预算公开检查报告</title>
<style>
body{font-family:system-ui,"Noto Sans CJK SC",sans-serif;margin:2em;color:#222}
h1{font-size:1.5em}h2{font-size:1.2em;margin-top:2em;border-bottom:1px solid #ccc}h3{font-size:1em;color:#444}
table{border-collapse:collapse;width:100%%;margin-bottom:1em}th,td{border:1px solid #ddd;padding:4px 6px;vertical-align:top;font-size:.9em}
th{background:#f4f4f4;text-align:left}.error{color:#b00020;font-weight:bold}.warning{color:#b26a00;font-weight:bold}.info{color:#555}
.detail{color:#555;font-size:.85em}
</style></head><body>
<h1>预算公开检查报告</h1>
`)
	s := r.Summary
	bw.printf("<p>共检查 %d 个文件：%d 个错误，%d 个警告，%d 个提示", s.Documents, s.Errors, s.Warnings, s.Infos)
	if s.Unreadable > 0 {
		bw.printf("，%d 个文件无法读取", s.Unreadable)
	}
	bw.printf("。</p>\n")
	for _, d := range r.Documents {
		bw.printf("<h2>%s</h2>\n", e(d.Source))
		if d.Department != "" {
			bw.printf("<p>%s，%d 年，格式 %s</p>\n", e(d.Department), d.Year, e(d.Profile))
		}
		if d.Error != "" {
			bw.printf("<p class=\"error\">无法读取：%s</p>\n", e(d.Error))
			continue
		}
		if len(d.Findings) == 0 {
			bw.printf("<p>未发现问题。</p>\n")
			continue
		}
		for _, g := range groups(d.Findings) {
			bw.printf("<h3>%s</h3>\n<table><tr><th>级别</th><th>规则</th><th>问题</th><th>行</th><th>列</th><th>应为</th><th>实为</th><th>位置</th></tr>\n", e(g.title))
			for _, f := range g.findings {
				src := ""
				if f.Source != nil {
					src = f.Source.String()
				}
				bw.printf("<tr><td class=\"%s\">%s</td><td>%s</td><td>%s", e(string(f.Severity)), e(f.Severity.Chinese()), e(f.Rule), e(f.Message))
				if f.Detail != "" {
					bw.printf("<div class=\"detail\">%s</div>", e(f.Detail))
				}
				if len(f.Related) > 0 {
					bw.printf("<div class=\"detail\">同一原因还导致 %d 处不符：<ul>", len(f.Related))
					for _, r := range f.Related {
						bw.printf("<li>%s %s%s（应为 %s，实为 %s）</li>", e(r.Rule), e(r.Message), e(prefixed(" ", relatedLoc(r))), e(dash(r.Expected)), e(dash(r.Actual)))
					}
					bw.printf("</ul></div>")
				}
				bw.printf("</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td></tr>\n", e(f.Row), e(f.Column), e(f.Expected), e(f.Actual), e(src))
			}
			bw.printf("</table>\n")
		}
	}
	bw.printf("</body></html>\n")
	return bw.err
}

// kindsNote says which document kinds a rule is limited to.
func kindsNote(r *Rule) string {
	if len(r.Kinds) == 0 {
		return ""
	}
	var ns []string
	for _, k := range r.Kinds {
		ns = append(ns, map[string]string{yusuan.DocBudget: "预算", yusuan.DocFinal: "决算"}[k])
	}
	return " · 仅用于" + strings.Join(ns, "、")
}

// WriteCatalog writes the rule catalog as Markdown (docs/rules.md).
func WriteCatalog(w io.Writer) error {
	bw := &errWriter{w: w}
	rs := Rules()
	bw.printf("# 检查规则目录 (rule catalog)\n\n")
	bw.printf("Generated from the rules in `check/` by `go test ./check -run TestRulesDoc -update`; do not edit by hand.\n")
	bw.printf("`yusuan rules` prints the same catalog. %d rules.\n\n", len(rs))
	bw.printf("Severity: **error** (错误) — the document contradicts itself, the catalog or the rules; **warning** (警告) — probably wrong or missing something the rules require; **info** (提示) — worth a look, not counted. A rule may report a finding at a lower severity than its own (a wording slip, a difference rounding explains); errors that one wrong figure causes are reported once, with the others under `related`. Rules marked 仅用于预算 do not run on final accounts (决算).\n\n")
	byCat := map[Category][]*Rule{}
	for _, r := range rs {
		byCat[r.Category] = append(byCat[r.Category], r)
	}
	for _, c := range Categories {
		list := byCat[c.Category]
		if len(list) == 0 {
			continue
		}
		sort.SliceStable(list, func(i, j int) bool { return ruleLess(list[i].ID, list[j].ID) })
		bw.printf("## %s (%s)\n\n| ID | 规则 | 级别 |\n| --- | --- | --- |\n", c.Name, c.Category)
		for _, r := range list {
			bw.printf("| [%s](#%s) | %s | %s |\n", r.ID, strings.ToLower(r.ID), r.Title, r.Severity)
		}
		bw.printf("\n")
		for _, r := range list {
			bw.printf("### %s\n\n**%s** · %s · %s%s\n\n%s\n\n", r.ID, r.Title, r.Severity, c.Name, kindsNote(r), r.Doc)
		}
	}
	return bw.err
}
