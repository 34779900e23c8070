package check

import (
	"strings"

	"github.com/yusuan/yusuan"
)

// Completeness is what the disclosure rules (财预〔2016〕143号) require a
// document to contain and whether it does: every table of its profile, a
// reason for every empty table (空表说明), and the required narrative
// sections. COMP-001, COMP-002 and COMP-003…009 report what is missing
// from these same lists, so a completeness figure and the findings of a
// document never disagree.
type Completeness struct {
	Tables   []RequiredTable   `json:"tables"`
	Empty    []EmptyTable      `json:"empty_tables"`
	Sections []RequiredSection `json:"sections"`
}

// RequiredTable is a table the profile declares (one per kind); a
// project target table is only required when the document has projects.
type RequiredTable struct {
	Number  int              `json:"number"`
	Name    string           `json:"name"`
	Kind    yusuan.TableKind `json:"kind"`
	Present bool             `json:"present"`
}

// EmptyTable is a table printed without figures (performance forms
// aside) and whether a note under it or the narrative gives the reason.
type EmptyTable struct {
	Number    int              `json:"number"`
	Title     string           `json:"title"`
	Kind      yusuan.TableKind `json:"kind"`
	Explained bool             `json:"explained"`
	t         *yusuan.Table
}

// RequiredSection is a narrative subject the rules or the profile
// require, with the rule that reports it missing.
type RequiredSection struct {
	Rule    string `json:"rule"`
	Title   string `json:"title"`
	Present bool   `json:"present"`
}

// Met counts what the document has of what it must have: required tables
// present, empty tables explained and required sections present, against
// how many are required.
func (c Completeness) Met() (have, want int) {
	for _, t := range c.Tables {
		want++
		if t.Present {
			have++
		}
	}
	for _, e := range c.Empty {
		want++
		if e.Explained {
			have++
		}
	}
	for _, s := range c.Sections {
		want++
		if s.Present {
			have++
		}
	}
	return have, want
}

// CompletenessOf tells what of the required contents doc has, judged as
// the COMP rules judge it. Without a profile the required tables and the
// profile's sections are unknown and left out.
func CompletenessOf(doc *yusuan.Document, ctx Context) Completeness {
	ix := newIndex(doc, ctx)
	defer ix.release()
	p := &Pass{Doc: doc, Ctx: ctx, ix: ix, out: new([]Finding)}
	c := Completeness{Tables: p.requiredTables(), Empty: p.emptyTables()}
	for _, t := range topics {
		c.Sections = append(c.Sections, RequiredSection{Rule: t.id, Title: t.name, Present: len(doc.Narrative) > 0 && p.hasTopic(t)})
	}
	c.Sections = append(c.Sections, p.profileSections()...)
	if c.Tables == nil {
		c.Tables = []RequiredTable{}
	}
	if c.Empty == nil {
		c.Empty = []EmptyTable{}
	}
	return c
}

// requiredTables lists the tables of the profile, one per kind, and
// whether the document has each (COMP-001).
func (p *Pass) requiredTables() []RequiredTable {
	pr := p.Ctx.Profile
	if pr == nil {
		return nil
	}
	var out []RequiredTable
	seen := map[yusuan.TableKind]bool{}
	for _, s := range pr.Tables {
		if seen[s.Kind] {
			continue
		}
		seen[s.Kind] = true
		present := p.Doc.Table(s.Kind) != nil
		if !present && s.Kind == yusuan.KindPerformanceProject && !p.ix.mentionsProjects() {
			continue // no projects: no project target table is due
		}
		out = append(out, RequiredTable{Number: s.Number, Name: s.Name, Kind: s.Kind, Present: present})
	}
	return out
}

// emptyTables lists the tables without figures and whether each has its
// reason (COMP-002): a note under it (“无……”, “本表为空表”, “没有使用政府性
// 基金预算拨款安排的支出”), or the narrative naming the table or saying
// the department has none of its fund.
func (p *Pass) emptyTables() []EmptyTable {
	var out []EmptyTable
	for i := range p.Doc.Tables {
		t := &p.Doc.Tables[i]
		if !isEmpty(t) || t.Kind == yusuan.KindPerformanceProject || t.Kind == yusuan.KindPerformanceDepartment {
			continue
		}
		n := compact(t.Note)
		explained := n != "" && (strings.Contains(n, "无") || strings.Contains(n, "空表") || strings.Contains(n, "没有")) ||
			p.narrativeMentions(p.tableNames(t)) || p.narrativeSaysNone(t.Kind)
		out = append(out, EmptyTable{Number: t.Number, Title: t.Title, Kind: t.Kind, Explained: explained, t: t})
	}
	return out
}

// profileSections lists the sections the profile marks required, other
// than the topics every document must cover, and whether the document
// has each, not empty (COMP-009).
func (p *Pass) profileSections() []RequiredSection {
	pr := p.Ctx.Profile
	if pr == nil {
		return nil
	}
	var out []RequiredSection
	for _, s := range pr.Narrative {
		if s.Required == "" || topicRequired(s.Required) {
			continue
		}
		found := false
		for _, d := range p.Doc.Narrative {
			if (d.Key == s.Key || compact(d.Title) == compact(s.Title)) && nonEmpty(d) {
				found = true
			}
		}
		if !found && s.Required == "empty_tables" && p.emptyTablesExplained() {
			found = true // each empty table is explained under it (Shanghai) or there is none
		}
		out = append(out, RequiredSection{Rule: "COMP-009", Title: s.Title, Present: found})
	}
	return out
}
