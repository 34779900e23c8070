package gopdf

import (
	"fmt"
	"io"
)

// CatalogObj : catalog dictionary
type CatalogObj struct { //impl IObj
	outlinesObjID int
	// yusuan: the document's natural language (/Lang), e.g. zh-CN.
	lang string
}

func (c *CatalogObj) init(funcGetRoot func() *GoPdf) {
	c.outlinesObjID = -1

}

func (c *CatalogObj) getType() string {
	return "Catalog"
}

func (c *CatalogObj) write(w io.Writer, objID int) error {
	io.WriteString(w, "<<\n")
	fmt.Fprintf(w, "  /Type /%s\n", c.getType())
	io.WriteString(w, "  /Pages 2 0 R\n")
	if c.outlinesObjID >= 0 {
		io.WriteString(w, "  /PageMode /UseOutlines\n")
		fmt.Fprintf(w, "  /Outlines %d 0 R\n", c.outlinesObjID)
	}
	if c.lang != "" {
		fmt.Fprintf(w, "  /Lang (%s)\n", c.lang)
	}
	io.WriteString(w, ">>\n")
	return nil
}

func (c *CatalogObj) SetIndexObjOutlines(index int) {
	c.outlinesObjID = index + 1
}

// SetLanguage (yusuan) declares the document's natural language, a BCP 47
// tag of ASCII letters, digits and hyphens (zh-CN), for screen readers.
func (gp *GoPdf) SetLanguage(lang string) {
	for _, r := range lang {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-') {
			return
		}
	}
	gp.pdfObjs[gp.indexOfCatalogObj].(*CatalogObj).lang = lang
}
