package pdf

import "github.com/yusuan/yusuan"

// WrapLine is wrapLine, for the tests of package pdf_test.
var WrapLine = wrapLine

// TableSizes are the type sizes of the grids drawn for the document.
func TableSizes(doc *yusuan.Document, p *yusuan.Profile) ([]float64, error) {
	w, err := lay(doc, p)
	if err != nil {
		return nil, err
	}
	return w.sizes, nil
}
