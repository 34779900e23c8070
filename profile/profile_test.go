package profile

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/yusuan/yusuan"
)

func TestEmbeddedProfilesLoad(t *testing.T) {
	ps, err := All()
	if err != nil {
		t.Fatal(err)
	}
	if len(ps) == 0 {
		t.Fatal("no embedded profiles")
	}
	for _, p := range ps {
		if len(p.Tables) == 0 || len(p.Narrative) == 0 {
			t.Errorf("%s: %d tables, %d sections", p.ID, len(p.Tables), len(p.Narrative))
		}
	}
}

func TestZhengzhouDeclaresTwelveTables(t *testing.T) {
	p, err := Load("zhengzhou-2021")
	if err != nil {
		t.Fatal(err)
	}
	nums := map[int]bool{}
	for _, tb := range p.Tables {
		nums[tb.Number] = true
	}
	if len(nums) != 12 {
		t.Errorf("got %d table numbers, want 12", len(nums))
	}
	if p.Tables[0].Kind != yusuan.KindSummary {
		t.Errorf("first table kind %s", p.Tables[0].Kind)
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct{ src, want string }{
		{"id: x\ntitle: t\ntables:\n  - kind: nope\n    rows: {by: list}\n    unit: 元\n", "tables[0].kind: unknown table kind"},
		{"id: x\ntitle: t\ntables:\n  - kind: summary\n    rows: {by: magic}\n    unit: 元\n", "unknown row generator"},
		{"id: x\ntitle: t\nnarrative:\n  - key: a\n    paragraphs: ['{{wan \"total\"']\n", "narrative[0].paragraphs[0]"},
		{"title: t\n", "needs an id"},
	}
	for _, tt := range tests {
		_, err := Parse("p.yaml", []byte(tt.src))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Parse(%q) = %v, want %q", tt.src, err, tt.want)
		}
	}
}

// FuzzParse: a profile file, however broken, is an error naming the file,
// never a panic; the embedded profiles seed the corpus.
func FuzzParse(f *testing.F) {
	for _, id := range IDs() {
		if b, err := data.ReadFile("data/" + id + ".yaml"); err == nil {
			f.Add(b)
		}
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		p, err := Parse("f.yaml", b)
		if err == nil && p == nil {
			t.Fatal("no profile and no error")
		}
	})
}

// TestSnapshotsCurrent: every compiled snapshot was made from the YAML as
// it is now and decodes to the same profile (else Load falls back to the
// slow YAML parse): run `go generate ./profile` after editing data/.
func TestSnapshotsCurrent(t *testing.T) {
	for _, id := range IDs() {
		b, err := data.ReadFile("data/" + id + ".yaml")
		if err != nil {
			t.Fatal(err)
		}
		snap := snapshot(id, b)
		if snap == nil {
			t.Errorf("%s: compiled/%s.json is missing or stale; run go generate ./profile", id, id)
			continue
		}
		p, err := Parse(id+".yaml", b)
		if err != nil {
			t.Fatal(err)
		}
		want, _ := json.Marshal(p)
		got, _ := json.Marshal(snap)
		if string(want) != string(got) {
			t.Errorf("%s: snapshot decodes to a different profile than the YAML", id)
		}
	}
	// The detection summaries: from compiled/index.json, one per profile
	// in the order of IDs, each what Summarize makes of the YAML.
	var index []Snapshot
	j, err := compiled.ReadFile("compiled/index.json")
	if err != nil || json.Unmarshal(j, &index) != nil || len(index) != len(IDs()) {
		t.Fatalf("compiled/index.json is missing or stale (%v); run go generate ./profile", err)
	}
	sums, err := Summaries()
	if err != nil {
		t.Fatal(err)
	}
	for i, id := range IDs() {
		b, _ := data.ReadFile("data/" + id + ".yaml")
		p, err := Parse(id+".yaml", b)
		if err != nil {
			t.Fatal(err)
		}
		want, _ := json.Marshal(Summarize(p))
		got, _ := json.Marshal(sums[i])
		fromIndex, _ := json.Marshal(index[i].Profile)
		if string(want) != string(got) || string(want) != string(fromIndex) {
			t.Errorf("%s: compiled/index.json holds a different summary than the YAML gives; run go generate ./profile", id)
		}
	}
	// The general reading profile.
	r := generalSnapshot()
	if r == nil {
		t.Fatal("compiled/general.json is missing or stale; run go generate ./profile")
	}
	g, err := ParseReading("general.yaml", generalYAML)
	if err != nil {
		t.Fatal(err)
	}
	want, _ := json.Marshal(g)
	got, _ := json.Marshal(r)
	if string(want) != string(got) {
		t.Error("compiled/general.json decodes to a different reading profile than general.yaml")
	}
}

// TestSummariesStale: a summary whose YAML no longer matches its hash is
// made from the YAML, never taken from the stale index.
func TestSummariesStale(t *testing.T) {
	j, err := compiled.ReadFile("compiled/index.json")
	if err != nil {
		t.Fatal(err)
	}
	var index []Snapshot
	if err := json.Unmarshal(j, &index); err != nil || len(index) == 0 {
		t.Fatal("no index", err)
	}
	index[0].SHA256 = strings.Repeat("0", 64)
	index[0].Profile.Tables = []yusuan.TableSpec{{Title: "not a title of the profile"}}
	stale, _ := json.Marshal(index)
	got, err := summaries(stale)
	if err != nil {
		t.Fatal(err)
	}
	want, err := Summaries()
	if err != nil {
		t.Fatal(err)
	}
	g, _ := json.Marshal(got)
	w, _ := json.Marshal(want)
	if string(g) != string(w) {
		t.Error("a stale summary was used")
	}
	if got, err := summaries(nil); err != nil || len(got) != len(IDs()) {
		t.Errorf("without an index: %d summaries, %v", len(got), err)
	}
}
