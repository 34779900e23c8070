// Package profile holds the embedded regional profiles (a region's table
// set and narrative, as data) and reads a user's own profile file.
package profile

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"path"
	"sort"
	"strings"
	"text/template"

	"github.com/yusuan/yusuan"
	"github.com/yusuan/yusuan/internal/limits"
	"github.com/yusuan/yusuan/internal/yamlfile"
)

//go:generate go run gen.go

//go:embed data/*.yaml
var data embed.FS

// compiled holds a JSON snapshot of each embedded profile (gen.go):
// decoding it is some 50 times faster than parsing the YAML, which made
// up most of an import's time beside pdftotext.
//
//go:embed compiled
var compiled embed.FS

// Snapshot is a parsed profile with the SHA-256 of the YAML it was parsed
// from.
type Snapshot struct {
	SHA256  string          `json:"sha256"`
	Profile *yusuan.Profile `json:"profile"`
}

// IDs lists the embedded profiles.
func IDs() []string {
	es, _ := data.ReadDir("data")
	var ids []string
	for _, e := range es {
		ids = append(ids, strings.TrimSuffix(e.Name(), ".yaml"))
	}
	sort.Strings(ids)
	return ids
}

// Load returns the embedded profile with the id.
func Load(id string) (*yusuan.Profile, error) {
	b, err := data.ReadFile(path.Join("data", id+".yaml"))
	if err != nil {
		return nil, fmt.Errorf("unknown profile %q; known profiles: %s", id, strings.Join(IDs(), ", "))
	}
	if p := snapshot(id, b); p != nil {
		return p, nil
	}
	return Parse(id+".yaml", b)
}

// snapshot returns the compiled profile if it was made from exactly this
// YAML, else nil.
func snapshot(id string, yaml []byte) *yusuan.Profile {
	j, err := compiled.ReadFile(path.Join("compiled", id+".json"))
	if err != nil {
		return nil
	}
	var s Snapshot
	if json.Unmarshal(j, &s) != nil || s.Profile == nil {
		return nil
	}
	sum := sha256.Sum256(yaml)
	if s.SHA256 != hex.EncodeToString(sum[:]) {
		return nil
	}
	return s.Profile
}

// Summarize reduces a profile to what detection reads of it
// (recognize.DetectStrict): its id, years, match phrases and table titles.
func Summarize(p *yusuan.Profile) *yusuan.Profile {
	s := &yusuan.Profile{ID: p.ID, Years: p.Years, Match: p.Match}
	for _, t := range p.Tables {
		s.Tables = append(s.Tables, yusuan.TableSpec{Title: t.Title})
	}
	return s
}

// Summaries returns every embedded profile, in the order of IDs, reduced
// by Summarize, for picking the profile a document is written in without
// decoding every profile whole (compiled/index.json); Load gives the whole
// profile picked. A summary whose YAML changed since go generate is made
// from the YAML.
func Summaries() ([]*yusuan.Profile, error) {
	j, _ := compiled.ReadFile("compiled/index.json")
	return summaries(j)
}

func summaries(j []byte) ([]*yusuan.Profile, error) {
	var index []Snapshot
	if json.Unmarshal(j, &index) != nil {
		index = nil
	}
	ids := IDs()
	out := make([]*yusuan.Profile, 0, len(ids))
	for i, id := range ids {
		if i < len(index) && index[i].Profile != nil && index[i].Profile.ID == id {
			b, err := data.ReadFile(path.Join("data", id+".yaml"))
			if err != nil {
				return nil, err
			}
			if sum := sha256.Sum256(b); index[i].SHA256 == hex.EncodeToString(sum[:]) {
				out = append(out, index[i].Profile)
				continue
			}
		}
		p, err := Load(id)
		if err != nil {
			return nil, err
		}
		out = append(out, Summarize(p))
	}
	return out, nil
}

// All returns every embedded profile.
func All() ([]*yusuan.Profile, error) {
	var ps []*yusuan.Profile
	for _, id := range IDs() {
		p, err := Load(id)
		if err != nil {
			return nil, err
		}
		ps = append(ps, p)
	}
	return ps, nil
}

// LoadFile reads a profile from a file, or an embedded one by id.
func LoadFile(nameOrPath string) (*yusuan.Profile, error) {
	if !strings.ContainsAny(nameOrPath, "/\\") && !strings.HasSuffix(nameOrPath, ".yaml") {
		return Load(nameOrPath)
	}
	b, err := limits.ReadFile(nameOrPath)
	if err != nil {
		return nil, err
	}
	return Parse(nameOrPath, b)
}

var generators = map[string]bool{
	yusuan.RowsList: true, yusuan.RowsFunctional: true, yusuan.RowsEcon: true, yusuan.RowsEconGov: true,
	yusuan.RowsProcurement: true, yusuan.RowsPerformanceDepartment: true, yusuan.RowsPerformanceProject: true,
}

// Parse decodes and validates a profile.
func Parse(name string, b []byte) (*yusuan.Profile, error) {
	var p yusuan.Profile
	f, err := yamlfile.Decode(name, b, &p)
	if err != nil {
		return nil, err
	}
	if p.ID == "" {
		return nil, f.Errorf("id", "a profile needs an id")
	}
	switch p.Kind {
	case "", yusuan.DocBudget, yusuan.DocFinal:
	default:
		return nil, f.Errorf("kind", "kind must be budget or final, found %q", p.Kind)
	}
	switch p.Level {
	case "", yusuan.LevelDepartment, yusuan.LevelBudgetUnit:
	default:
		return nil, f.Errorf("level", "level must be department or unit, found %q", p.Level)
	}
	if _, err := template.New("title").Funcs(TemplateStubs).Parse(p.Title); err != nil {
		return nil, f.Errorf("title", "%v", err)
	}
	for i, t := range p.Tables {
		tp := fmt.Sprintf("tables[%d]", i)
		if !yusuan.ValidKind(t.Kind) {
			return nil, f.Errorf(tp+".kind", "unknown table kind %q", t.Kind)
		}
		if !generators[t.Rows.By] {
			return nil, f.Errorf(tp+".rows.by", "unknown row generator %q", t.Rows.By)
		}
		if t.Unit != "元" && t.Unit != "万元" {
			return nil, f.Errorf(tp+".unit", "unit must be 元 or 万元, found %q", t.Unit)
		}
		if _, err := template.New("t").Parse(t.Title); err != nil {
			return nil, f.Errorf(tp+".title", "%v", err)
		}
		keys := map[string]bool{}
		for j, c := range t.Columns {
			cp := fmt.Sprintf("%s.columns[%d]", tp, j)
			if keys[c.Key] {
				return nil, f.Errorf(cp+".key", "column key %q appears twice", c.Key)
			}
			keys[c.Key] = true
			switch c.Type {
			case "", yusuan.ColAmount, yusuan.ColNumber, yusuan.ColText:
			default:
				return nil, f.Errorf(cp+".type", "column type must be amount, number or text, found %q", c.Type)
			}
			switch c.Value {
			case "", yusuan.QuantityBudgetInitial, yusuan.QuantityBudgetFull, yusuan.QuantityCarryIn, yusuan.QuantityCarryOut:
			default:
				return nil, f.Errorf(cp+".value", "column value must be budget_initial, budget_full, carry_in or carry_out, found %q", c.Value)
			}
		}
		for g, items := range t.Rows.Items {
			for j, it := range items {
				ip := fmt.Sprintf("%s.rows.items[%d][%d]", tp, g, j)
				if it.Column != "" && !keys[it.Column] {
					return nil, f.Errorf(ip+".column", "no column %q in this table", it.Column)
				}
				if it.Of != "" && !yusuan.ValidQuantity(it.Of) {
					return nil, f.Errorf(ip+".of", "unknown quantity %q", it.Of)
				}
				for col, expr := range it.Sums {
					if !keys[col] {
						return nil, f.Errorf(ip+".sums", "no column %q in this table", col)
					}
					for _, q := range strings.Split(expr, "+") {
						if !yusuan.ValidQuantity(strings.TrimSpace(q)) {
							return nil, f.Errorf(ip+".sums."+col, "unknown quantity %q", q)
						}
					}
				}
			}
		}
	}
	for i, s := range p.Narrative {
		for j, para := range s.Paragraphs {
			if _, err := template.New(s.Key).Funcs(TemplateStubs).Parse(para); err != nil {
				return nil, f.Errorf(fmt.Sprintf("narrative[%d].paragraphs[%d]", i, j), "%v", err)
			}
		}
	}
	return &p, nil
}

// TemplateStubs names the narrative template functions so templates can be
// parsed (and their errors reported) before any budget is compiled. The
// compiler supplies the real functions.
var TemplateStubs = template.FuncMap{}

func init() {
	for _, n := range []string{"para", "cn", "inc", "join", "count", "wan", "wanx", "yuan", "share", "growth",
		"change", "trend", "trendrate", "reason", "growable", "functions", "projects", "procurements",
		"last", "empty", "emptytables", "date", "lastwan", "spend", "changeby",
		// final accounts (决算)
		"nonzero", "haslast", "changed", "bwan", "fbwan", "budgeted", "fullbudgeted", "rate", "fullrate",
		"differs", "fulldiffers", "versus", "fullversus", "freason", "execfunctions", "wand", "changebyd", "need"} {
		TemplateStubs[n] = func(...any) string { return "" }
	}
}
