// Package xlsx reads an XLSX workbook (one table per sheet) into a layout.
package xlsx

import (
	"errors"
	"fmt"

	"github.com/yusuan/yusuan/layout"
)

// Read reads a workbook.
func Read(name string, b []byte) (*layout.Layout, error) {
	return nil, fmt.Errorf("%s: %w", name, errors.New("xlsx: not implemented"))
}
