package portal_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/yusuan/yusuan"
)

// TestComparePerPerson: 部门对比 divides each department's expenditure by
// the 编制人数 its narrative prints, figures checked against the API.
func TestComparePerPerson(t *testing.T) {
	srv, _ := site(t)
	getJSON := func(path string, v any) {
		t.Helper()
		resp, err := http.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		dec := json.NewDecoder(resp.Body)
		dec.UseNumber()
		if err := dec.Decode(v); err != nil {
			t.Fatal(err)
		}
	}
	resp, body := page(t, srv.URL+"/compare?org=101&org=102&year=2026&per=person")
	if resp.StatusCode != 200 {
		t.Fatalf("%d", resp.StatusCode)
	}
	for _, org := range []string{"101", "102"} {
		var pubs struct {
			Publications []yusuan.Publication `json:"publications"`
		}
		getJSON("/api/v1/publications?year=2026&organization="+org, &pubs)
		if len(pubs.Publications) == 0 {
			t.Fatalf("no publication of %s", org)
		}
		var one struct {
			Document struct {
				Narrative []struct {
					Paragraphs []string `json:"paragraphs"`
				} `json:"narrative"`
			} `json:"document"`
		}
		getJSON(fmt.Sprintf("/api/v1/publications/%d", pubs.Publications[0].ID), &one)
		var text strings.Builder
		for _, s := range one.Document.Narrative {
			text.WriteString(strings.Join(s.Paragraphs, ""))
		}
		m := regexp.MustCompile(`共有编制\s*(\d+)\s*人`).FindStringSubmatch(text.String())
		if m == nil {
			t.Fatalf("%s: the narrative prints no 编制人数", org)
		}
		var staff int64
		fmt.Sscan(m[1], &staff)
		var agg struct {
			Summary map[string]any `json:"summary"`
		}
		getJSON("/api/v1/cubes/expenditure/aggregate?cut=year:2026|organization:"+org, &agg)
		total, err := yusuan.ParseAmount(fmt.Sprint(agg.Summary["amount"]))
		if err != nil {
			t.Fatal(err)
		}
		per := yusuan.RoundDiv(int64(total), 1_000_000*staff, 2)
		if !strings.Contains(body, ">"+m[1]+"</a>") || !strings.Contains(body, ">"+per+"</td>") {
			t.Errorf("%s: want 编制 %s 人 and 人均 %s 万元 on the page", org, m[1], per)
		}
	}
	if !strings.Contains(body, "人均支出（万元/人）") {
		t.Error("no per-person row")
	}
}
