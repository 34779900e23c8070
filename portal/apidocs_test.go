package portal_test

import (
	"encoding/json"
	"html"
	"strings"
	"testing"
)

// TestAPIDocs: the API documentation page is made from the OpenAPI
// document: every operation, every parameter and its description.
func TestAPIDocs(t *testing.T) {
	srv, _ := site(t)
	resp, body := page(t, srv.URL+"/api-docs")
	if resp.StatusCode != 200 {
		t.Fatalf("%d", resp.StatusCode)
	}
	_, raw := page(t, srv.URL+"/api/v1/openapi.json")
	var doc struct {
		Paths map[string]map[string]struct {
			Summary    string `json:"summary"`
			Parameters []struct {
				Name        string `json:"name"`
				Description string `json:"description"`
			} `json:"parameters"`
		} `json:"paths"`
	}
	if err := json.Unmarshal([]byte(raw), &doc); err != nil {
		t.Fatal(err)
	}
	text := html.UnescapeString(body)
	n := 0
	for path, ms := range doc.Paths {
		for m, op := range ms {
			n++
			if !strings.Contains(text, strings.ToUpper(m)+" "+path) || !strings.Contains(text, op.Summary) {
				t.Errorf("the page lacks %s %s (%s)", m, path, op.Summary)
			}
			for _, p := range op.Parameters {
				if !strings.Contains(text, "<code>"+p.Name+"</code>") || !strings.Contains(text, p.Description) {
					t.Errorf("%s %s: parameter %s is not documented", m, path, p.Name)
				}
			}
		}
	}
	if n < 10 {
		t.Errorf("only %d operations in the OpenAPI document", n)
	}
	if !strings.Contains(body, `href="/api-docs"`) {
		t.Error("the navigation does not link the API documentation")
	}
}
