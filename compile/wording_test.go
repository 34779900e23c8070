package compile_test

import (
	"math/rand"
	"regexp"
	"testing"

	"github.com/yusuan/yusuan"
	"github.com/yusuan/yusuan/catalog"
	"github.com/yusuan/yusuan/compile"
	"github.com/yusuan/yusuan/internal/budgetgen"
	"github.com/yusuan/yusuan/profile"
)

// "比 2020 年持平" is not Chinese a person writes: nothing is compared
// "than" when nothing changed. The narrative says "与 2020 年持平".
var flatAfterBi = regexp.MustCompile(`比[^，。；：比与]{0,20}持平`)

func checkFlatWording(t *testing.T, name string, doc *yusuan.Document) {
	t.Helper()
	for _, s := range doc.Narrative {
		for _, p := range s.Paragraphs {
			if m := flatAfterBi.FindString(p); m != "" {
				t.Errorf("%s: %q reads 比…持平 (want 与…持平) in %q", name, m, p)
			}
		}
	}
}

func TestFlatChangeReadsYuNotBi(t *testing.T) {
	checkFlatWording(t, "example", compileExample(t))
	checkFlatWording(t, "final example", compileFinal(t))
	cat, err := catalog.Load(2021)
	if err != nil {
		t.Fatal(err)
	}
	p, err := profile.Load("zhengzhou-2021")
	if err != nil {
		t.Fatal(err)
	}
	r := rand.New(rand.NewSource(7))
	for i := 0; i < 20; i++ {
		doc, err := compile.Compile(budgetgen.Generate(r, cat), p, cat)
		if err != nil {
			t.Fatal(err)
		}
		checkFlatWording(t, "generated", doc)
	}
}
