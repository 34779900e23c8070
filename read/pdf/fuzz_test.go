package pdf

import (
	"testing"
)

// FuzzParseLayout feeds pdftotext -bbox output, well-formed or not, to the
// word parser and the layout builder: never a panic, whatever the bytes.
func FuzzParseLayout(f *testing.F) {
	f.Add([]byte(`<html><body><doc><page width="595" height="842"><word xMin="10" yMin="10" xMax="40" yMax="20">合计</word><word xMin="300" yMin="10" xMax="360" yMax="20">1,234.00</word></page></doc></body></html>`))
	f.Add([]byte(`<page width="595" height="842"><word xMin="NaN" yMin="-1" xMax="1e308" yMax="20">x</word></page>`))
	f.Add([]byte(`<page><word>`))
	f.Fuzz(func(t *testing.T, b []byte) {
		pages, err := Parse(b)
		if err != nil {
			return
		}
		_ = Layout("f.pdf", pages)
	})
}
