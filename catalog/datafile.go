package catalog

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
)

// dataFile is a parsed embedded data file.
type dataFile struct {
	source       string
	completeness string
	rows         []dataRow
}

type dataRow struct {
	line   int
	fields []string
}

// parseDataFile reads an embedded data file: "#" comment lines (of which
// "# source:" and "# completeness:" are kept), then the header row, then
// rows of exactly len(header) fields. A file may instead use the header alt
// (when not nil): code files of later editions add a per-code source column.
func parseDataFile(name string, data []byte, header, alt []string) (*dataFile, error) {
	df := &dataFile{}
	df.source, df.completeness = metaComments(data)
	r := csv.NewReader(bytes.NewReader(data))
	r.Comment = '#'
	r.FieldsPerRecord = -1
	r.ReuseRecord = false
	first := true
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		line, _ := r.FieldPos(0)
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return nil, &Error{File: name, Line: pe.Line, Msg: pe.Err.Error()}
			}
			return nil, &Error{File: name, Line: line, Msg: err.Error()}
		}
		for i := range rec {
			rec[i] = strings.TrimSpace(rec[i])
		}
		if first {
			first = false
			got := strings.Join(rec, ",")
			switch {
			case got == strings.Join(header, ","):
			case alt != nil && got == strings.Join(alt, ","):
				header = alt
			default:
				msg := fmt.Sprintf("header is %q, want %q", got, strings.Join(header, ","))
				if alt != nil {
					msg += fmt.Sprintf(" or %q", strings.Join(alt, ","))
				}
				return nil, &Error{File: name, Line: line, Msg: msg}
			}
			continue
		}
		if len(rec) != len(header) {
			return nil, &Error{File: name, Line: line, Msg: fmt.Sprintf("%d fields, want %d (%s)", len(rec), len(header), strings.Join(header, ","))}
		}
		df.rows = append(df.rows, dataRow{line: line, fields: rec})
	}
	if first {
		return nil, &Error{File: name, Msg: "no header row"}
	}
	return df, nil
}

// metaComments returns the text of the "# source:" and "# completeness:"
// comment lines of a file (several lines of one kind are joined).
func metaComments(data []byte) (source, completeness string) {
	var src, comp []string
	for _, line := range strings.Split(string(data), "\n") {
		line = strings.TrimSpace(strings.TrimPrefix(line, "\ufeff"))
		if !strings.HasPrefix(line, "#") {
			continue
		}
		body := strings.TrimSpace(strings.TrimPrefix(line, "#"))
		key, val, ok := strings.Cut(body, ":")
		if !ok {
			continue
		}
		val = strings.TrimSpace(val)
		switch strings.ToLower(strings.TrimSpace(key)) {
		case "source":
			src = append(src, val)
		case "completeness":
			comp = append(comp, val)
		}
	}
	return strings.Join(src, " "), strings.Join(comp, " ")
}
