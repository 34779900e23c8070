package pdf

import (
	"bytes"
	"errors"
	"html"
	"io"
	"math"
	"math/rand"
	"os"
	"os/exec"
	"reflect"
	"strconv"
	"strings"
	"testing"
)

// parseReference is the word parser as it was before it read pdftotext's
// output as it came (a scan of the whole output from the start); the
// streaming parser must find exactly what it finds.
func parseReference(out []byte) ([]Page, error) {
	var pages []Page
	s := out
	for {
		i := bytes.Index(s, []byte("<page "))
		j := bytes.Index(s, []byte("<word "))
		if i < 0 && j < 0 {
			break
		}
		if i >= 0 && (j < 0 || i < j) {
			end := bytes.IndexByte(s[i:], '>')
			if end < 0 {
				break
			}
			tag := s[i : i+end]
			pages = append(pages, Page{Width: refAttr(tag, "width"), Height: refAttr(tag, "height")})
			s = s[i+end+1:]
			continue
		}
		end := bytes.IndexByte(s[j:], '>')
		if end < 0 {
			break
		}
		tag := s[j : j+end]
		rest := s[j+end+1:]
		k := bytes.Index(rest, []byte("</word>"))
		if k < 0 {
			break
		}
		text := string(rest[:k])
		if strings.IndexByte(text, '&') >= 0 {
			text = html.UnescapeString(text)
		}
		if len(pages) == 0 {
			return nil, errors.New("pdftotext 输出格式无法识别")
		}
		p := &pages[len(pages)-1]
		p.Words = append(p.Words, Word{X0: refAttr(tag, "xMin"), Y0: refAttr(tag, "yMin"), X1: refAttr(tag, "xMax"), Y1: refAttr(tag, "yMax"), Text: text})
		s = rest[k+7:]
	}
	return pages, nil
}

func refAttr(tag []byte, name string) float64 {
	key := []byte(name + `="`)
	i := bytes.Index(tag, key)
	if i < 0 {
		return 0
	}
	v := tag[i+len(key):]
	j := bytes.IndexByte(v, '"')
	if j < 0 {
		return 0
	}
	f, _ := strconv.ParseFloat(string(v[:j]), 64)
	return f
}

// chunks reads b in pieces of the given sizes, over and over.
type chunks struct {
	b     []byte
	sizes []int
	k     int
}

func (c *chunks) Read(p []byte) (int, error) {
	if len(c.b) == 0 {
		return 0, io.EOF
	}
	n := min(len(p), len(c.b), c.sizes[c.k%len(c.sizes)])
	c.k++
	copy(p, c.b[:n])
	c.b = c.b[n:]
	return n, nil
}

// samePages compares pages, NaN equal to NaN.
func samePages(a, b []Page) bool {
	if len(a) != len(b) {
		return false
	}
	eq := func(x, y float64) bool {
		return x == y && math.Signbit(x) == math.Signbit(y) || math.IsNaN(x) && math.IsNaN(y)
	}
	for i := range a {
		if !eq(a[i].Width, b[i].Width) || !eq(a[i].Height, b[i].Height) || len(a[i].Words) != len(b[i].Words) {
			return false
		}
		for j, w := range a[i].Words {
			v := b[i].Words[j]
			if w.Text != v.Text || !eq(w.X0, v.X0) || !eq(w.Y0, v.Y0) || !eq(w.X1, v.X1) || !eq(w.Y1, v.Y1) {
				return false
			}
		}
	}
	return true
}

func checkSame(t *testing.T, b []byte, sizes []int) {
	t.Helper()
	want, werr := parseReference(b)
	got, err := Parse(b)
	if (err == nil) != (werr == nil) || !samePages(got, want) {
		t.Fatalf("Parse differs from the reference on %q: %v / %v", b, err, werr)
	}
	got, out, err := parseStream(&chunks{b: b, sizes: sizes})
	if (err == nil) != (werr == nil) || !samePages(got, want) || err == nil && !bytes.Equal(out, b) {
		t.Fatalf("parseStream (reads of %v) differs from the reference on %q: %v / %v", sizes, b, err, werr)
	}
}

// TestParseStreamSamples: every sample's pdftotext output, read in pieces
// of many sizes, parses to the same pages as the reference parser.
func TestParseStreamSamples(t *testing.T) {
	needPDFInternal(t)
	files := []string{bench25, "../../testdata/disclosures/yantai-2026-zhengfu-bangongshi-department-budget.pdf"}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		out, err := Extract(t.Context(), data)
		if err != nil {
			t.Fatal(err)
		}
		for _, sizes := range [][]int{{1 << 20}, {1}, {7, 3, 5000}, {4096}, {65536, 13}} {
			checkSame(t, out, sizes)
		}
		// And through pdftotext itself, as Read does.
		l, err := Read("x.pdf", data)
		if err != nil {
			t.Fatal(err)
		}
		pages, _ := parseReference(out)
		want := Layout("x.pdf", pages)
		want.Own = keywords(out)
		if !reflect.DeepEqual(l, want) {
			t.Errorf("%s: Read lays out differently from the reference parse", f)
		}
	}
}

func TestParseFloat(t *testing.T) {
	for _, s := range []string{"0", "595.276000", "841.890000", "-0", "-0.5", ".5", "5.", "1e3", "NaN", "+1", "", "-", ".", "1.2.3",
		"123456789012345.6", "1234567890123456", "0.000000000000000000000001", "9007199254740993", "12a"} {
		want, _ := strconv.ParseFloat(s, 64)
		got := parseFloat([]byte(s))
		if got != want && !(math.IsNaN(got) && math.IsNaN(want)) || math.Signbit(got) != math.Signbit(want) {
			t.Errorf("parseFloat(%q) = %v, want %v", s, got, want)
		}
	}
	r := rand.New(rand.NewSource(1))
	for range 100000 {
		s := strconv.FormatFloat(r.Float64()*2000, 'f', r.Intn(9), 64)
		want, _ := strconv.ParseFloat(s, 64)
		if got := parseFloat([]byte(s)); got != want {
			t.Fatalf("parseFloat(%q) = %v, want %v", s, got, want)
		}
	}
}

// FuzzParseStream: on any bytes, read in any pieces, the streaming parser
// finds what the reference parser finds.
func FuzzParseStream(f *testing.F) {
	f.Add([]byte(`<page width="595" height="842"><word xMin="10" yMin="10" xMax="40" yMax="20">合计</word><word xMin="300.5" yMin="10" xMax="360" yMax="20">1,234.00</word></page>`), 3, 5)
	f.Add([]byte(`<word xMin="1">x</word><page width="1"><word>&amp;<page </word>`), 1, 2)
	f.Add([]byte(`<page <word ><page ></word`), 2, 1)
	f.Fuzz(func(t *testing.T, b []byte, a, c int) {
		sizes := []int{1 + int(uint(a)%97), 1 + int(uint(c)%4099)}
		checkSame(t, b, sizes)
	})
}

const bench25 = "../../testdata/disclosures/shanghai-putuo-2024-25-pages.pdf"

func needPDFInternal(tb testing.TB) {
	tb.Helper()
	if _, err := exec.LookPath("pdftotext"); err != nil {
		if os.Getenv("CI") == "true" {
			tb.Fatalf("pdftotext is required in CI (apt-get install poppler-utils): %v", err)
		}
		tb.Skip("pdftotext not installed (apt-get install poppler-utils)")
	}
}
