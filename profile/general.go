package profile

import (
	_ "embed"
	"sync"

	"github.com/yusuan/yusuan"
	"github.com/yusuan/yusuan/internal/yamlfile"
)

// GeneralID is the id documents read with the general profile carry.
const GeneralID = "general"

// Reading is the general reading profile (general.yaml): the words by
// which a table of any region is recognized, and the keys its printed
// columns and fixed rows get. It is data, like a regional profile, but a
// vocabulary rather than a table set.
type Reading struct {
	Kinds    []KindRule         `json:"kinds"`
	TwoSided []yusuan.TableKind `json:"two_sided"`
	Columns  []KeyRule          `json:"columns"`
	// Groups are header words printed over several columns (基本支出 over
	// 人员经费 and 公用经费); only these extend over their neighbours.
	Groups []string  `json:"groups"`
	Rows   []KeyRule `json:"rows"`
}

// KindRule gives a table kind to a title that contains all of All and
// none of Not.
type KindRule struct {
	Kind yusuan.TableKind `json:"kind"`
	All  []string         `json:"all"`
	Not  []string         `json:"not,omitempty"`
	// Header words must all occur in the printed header (一般公共预算支出表
	// printed once by function and once by economic class).
	Header []string `json:"header,omitempty"`
}

// KeyRule gives a key to a header or row label that contains any of Any.
type KeyRule struct {
	Key string   `json:"key"`
	Any []string `json:"any"`
}

//go:embed general.yaml
var generalYAML []byte

var (
	generalOnce sync.Once
	general     *Reading
	generalErr  error
)

// General returns the embedded general reading profile, parsed once.
func General() (*Reading, error) {
	generalOnce.Do(func() {
		var r Reading
		if _, err := yamlfile.Decode("general.yaml", generalYAML, &r); err != nil {
			generalErr = err
			return
		}
		for _, k := range r.Kinds {
			if !yusuan.ValidKind(k.Kind) {
				generalErr = &yamlfile.Error{File: "general.yaml", Msg: "unknown table kind " + string(k.Kind)}
				return
			}
		}
		general = &r
	})
	return general, generalErr
}
