package desk

import "testing"

// TestSafeNext: the page a sign-in goes to is a page of the desk, never
// another site and never, once http.Redirect has cleaned its path,
// outside /desk/.
func TestSafeNext(t *testing.T) {
	for in, want := range map[string]string{
		"/desk/drafts/3":             "/desk/drafts/3",
		"/desk/compliance?a=1&b=2":   "/desk/compliance?a=1&b=2",
		"/desk/":                     "/desk/",
		"":                           "/desk/",
		"//evil.example":             "/desk/",
		"https://evil.example/desk/": "/desk/",
		"/desk/\\evil.example":       "/desk/",
		"/\\evil.example":            "/desk/",
		"/desk/..//evil.example":     "/desk/",
		"/desk/../api/v1/drafts":     "/desk/",
		"/desk/./drafts/../..":       "/desk/",
		"/desk/\t/x":                 "/desk/",
		"/desk/a/../drafts":          "/desk/a/../drafts",
	} {
		if got := safeNext(in); got != want {
			t.Errorf("safeNext(%q) = %q, want %q", in, got, want)
		}
	}
}
