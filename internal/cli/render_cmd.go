package cli

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/spf13/cobra"

	"github.com/yusuan/yusuan"
	"github.com/yusuan/yusuan/internal/outdir"
	"github.com/yusuan/yusuan/profile"
)

func init() { register(newRender) }

func newRender() *cobra.Command {
	var formatFlag, outFlag, profileFlag string
	cmd := &cobra.Command{
		Use:   "render DOCUMENT.json",
		Short: "Render Document JSON (compiled or imported) into publishing formats",
		Long: `Render a document — Document JSON written by yusuan build or yusuan
import — into HTML, PDF, XLSX, Markdown, CSV and a Fiscal Data Package
(see docs/rendering.md). Tables are printed as the document's profile
declares them when the profile is known (embedded, or given with
--profile), and from the document's own columns otherwise. Nothing is
written unless every format succeeds.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			fs, err := parseFormats(formatFlag)
			if err != nil {
				return err
			}
			doc, err := ReadDocument(args[0])
			if err != nil {
				return inputError{err}
			}
			var p *yusuan.Profile
			switch {
			case profileFlag != "":
				if p, err = profile.LoadFile(profileFlag); err != nil {
					return inputError{err}
				}
			case doc.Profile != "":
				if p, err = profile.Load(doc.Profile); err != nil {
					fmt.Fprintf(cmd.ErrOrStderr(), "yusuan: 提示: profile %q is not embedded; tables are printed from the document's own columns\n", doc.Profile)
					p = nil
				}
			}
			base := strings.TrimSuffix(filepath.Base(args[0]), filepath.Ext(args[0]))
			return writeFormats(cmd.OutOrStdout(), fs, doc, p, base, outFlag)
		},
	}
	cmd.Flags().StringVar(&formatFlag, "format", "all", "output formats, comma-separated ("+strings.Join(formatNames(), ", ")+", or all)")
	cmd.Flags().StringVarP(&outFlag, "output", "o", "out", "output directory")
	cmd.Flags().StringVar(&profileFlag, "profile", "", "profile id or file (default: the document's own, if embedded)")
	return cmd
}

// writeFormats renders every format, then writes all files atomically and
// lists them.
func writeFormats(w io.Writer, fs []format, doc *yusuan.Document, p *yusuan.Profile, base, dir string) error {
	var files []outdir.File
	for _, f := range fs {
		out, err := f.out(doc, p, base)
		if err != nil {
			return fmt.Errorf("%s: %w", f.name, err)
		}
		files = append(files, out...)
	}
	if err := outdir.Write(dir, files); err != nil {
		return err
	}
	names := make([]string, len(files))
	for i, f := range files {
		names[i] = filepath.Join(dir, f.Name)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintln(w, n)
	}
	return nil
}

// ReadDocument reads Document JSON strictly: an unknown field, a wrong
// type, trailing data, another schema or an unknown table kind is an error.
func ReadDocument(path string) (*yusuan.Document, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return ParseDocument(path, b)
}

// ParseDocument is ReadDocument on bytes already read.
func ParseDocument(name string, b []byte) (*yusuan.Document, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	var doc yusuan.Document
	if err := dec.Decode(&doc); err != nil {
		var se *json.SyntaxError
		var te *json.UnmarshalTypeError
		switch {
		case errors.As(err, &se):
			line := 1 + bytes.Count(b[:min(int(se.Offset), len(b))], []byte("\n"))
			return nil, fmt.Errorf("%s:%d: not valid JSON: %v", name, line, err)
		case errors.As(err, &te):
			line := 1 + bytes.Count(b[:min(int(te.Offset), len(b))], []byte("\n"))
			return nil, fmt.Errorf("%s:%d: %s: %v", name, line, te.Field, err)
		case errors.Is(err, io.EOF):
			return nil, fmt.Errorf("%s: the file is empty", name)
		}
		return nil, fmt.Errorf("%s: %v", name, err)
	}
	if dec.More() {
		return nil, fmt.Errorf("%s: data after the document", name)
	}
	if doc.Schema != yusuan.DocumentSchema {
		return nil, fmt.Errorf("%s: schema %q, want %q (Document JSON, docs/document-json.md)", name, doc.Schema, yusuan.DocumentSchema)
	}
	for i, t := range doc.Tables {
		if !yusuan.ValidKind(t.Kind) {
			return nil, fmt.Errorf("%s: tables[%d]: unknown table kind %q", name, i, t.Kind)
		}
		if t.Unit != "" && t.Unit != "元" && t.Unit != "万元" {
			return nil, fmt.Errorf("%s: tables[%d]: unit must be 元 or 万元, found %q", name, i, t.Unit)
		}
	}
	return &doc, nil
}
