package profile

import (
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"encoding/json"
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

// GeneralSnapshot is the general reading profile as parsed, with the
// SHA-256 of the YAML it was parsed from (compiled/general.json).
type GeneralSnapshot struct {
	SHA256  string   `json:"sha256"`
	Reading *Reading `json:"reading"`
}

// General returns the embedded general reading profile, decoded once:
// from its JSON snapshot while that was made from general.yaml as it is,
// else parsed from the YAML.
func General() (*Reading, error) {
	generalOnce.Do(func() {
		if r := generalSnapshot(); r != nil {
			general = r
			return
		}
		general, generalErr = ParseReading("general.yaml", generalYAML)
	})
	return general, generalErr
}

func generalSnapshot() *Reading {
	j, err := compiled.ReadFile("compiled/general.json")
	if err != nil {
		return nil
	}
	var s GeneralSnapshot
	if json.Unmarshal(j, &s) != nil || s.Reading == nil {
		return nil
	}
	if sum := sha256.Sum256(generalYAML); s.SHA256 != hex.EncodeToString(sum[:]) {
		return nil
	}
	return s.Reading
}

// GeneralYAML is the embedded general.yaml.
func GeneralYAML() []byte { return generalYAML }

// ParseReading decodes and validates a general reading profile.
func ParseReading(name string, b []byte) (*Reading, error) {
	var r Reading
	if _, err := yamlfile.Decode(name, b, &r); err != nil {
		return nil, err
	}
	for _, k := range r.Kinds {
		if !yusuan.ValidKind(k.Kind) {
			return nil, &yamlfile.Error{File: name, Msg: "unknown table kind " + string(k.Kind)}
		}
	}
	return &r, nil
}
