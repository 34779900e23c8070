package cli

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"reflect"
	"strings"
	"unicode/utf8"

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
			return writeFormats(cmd, fs, doc, p, base, outFlag, []string{args[0], profileFlag})
		},
	}
	cmd.Flags().StringVar(&formatFlag, "format", "all", "output formats, comma-separated ("+strings.Join(formatNames(), ", ")+", or all)")
	cmd.Flags().StringVarP(&outFlag, "output", "o", "out", "output directory, or - for standard output when one file is written")
	cmd.Flags().StringVar(&profileFlag, "profile", "", "profile id or file (default: the document's own, if embedded)")
	return cmd
}

// writeFormats renders every format, then writes all files at once
// (internal/outdir: nothing unless every target may be written) and lists
// them. dir "-" writes the one file to standard output. inputs are the
// files the document was made from, never to be replaced.
func writeFormats(cmd *cobra.Command, fs []format, doc *yusuan.Document, p *yusuan.Profile, base, dir string, inputs []string) error {
	var files []outdir.File
	for _, f := range fs {
		out, err := f.out(doc, p, base)
		if err != nil {
			return fmt.Errorf("%s: %w", f.name, err)
		}
		files = append(files, out...)
	}
	if dir == "-" {
		if len(files) != 1 {
			return inputError{fmt.Errorf("“-o -”只能把一个文件写到标准输出，所选格式共有 %d 个文件；请只选一种单文件格式（md、json、html、pdf、xlsx），或用 -o 指定文件夹", len(files))}
		}
		_, err := cmd.OutOrStdout().Write(files[0].Data)
		return err
	}
	res, err := outdir.Write(dir, files, outdir.Options{Inputs: inputs, Document: base})
	if err != nil {
		return outputError(err)
	}
	for _, n := range res.Written {
		fmt.Fprintln(cmd.OutOrStdout(), n)
	}
	for _, n := range res.Removed {
		fmt.Fprintf(cmd.ErrOrStderr(), "yusuan: 已删除上次为本文档生成、这次不再生成的文件：%s\n", n)
	}
	for _, n := range res.Kept {
		fmt.Fprintf(cmd.ErrOrStderr(), "yusuan: 提示: %s 是上次为本文档生成、这次不再生成的文件，但此后被修改过，未删除\n", n)
	}
	return nil
}

// outputError makes a refused target a usage error (exit status 2).
func outputError(err error) error {
	var re *outdir.RefusedError
	if errors.As(err, &re) {
		return inputError{err}
	}
	return err
}

// ReadDocument reads Document JSON strictly: an unknown field, a wrong
// type, trailing data, another schema or an unknown table kind is an error.
func ReadDocument(path string) (*yusuan.Document, error) {
	name, b, err := readInput(path)
	if err != nil {
		return nil, err
	}
	return ParseDocument(name, b)
}

// ParseDocument is ReadDocument on bytes already read. Every error names
// the file and, where the decoder knows it, the line, in Chinese.
func ParseDocument(name string, b []byte) (*yusuan.Document, error) {
	if len(bytes.TrimSpace(b)) == 0 {
		return nil, fmt.Errorf("%s: 文件为空", name)
	}
	if err := jsonBounds(name, b); err != nil {
		return nil, err
	}
	if !utf8.Valid(b) {
		// The JSON decoder would turn bad bytes into U+FFFD without a word.
		bad := 0
		for bad < len(b) {
			r, size := utf8.DecodeRune(b[bad:])
			if r == utf8.RuneError && size <= 1 {
				break
			}
			bad += size
		}
		return nil, fmt.Errorf("%s:%d: 文件不是 UTF-8 文本：此行有无法识别的字节 0x%02X（Document JSON 须为 UTF-8）", name, 1+bytes.Count(b[:bad], []byte("\n")), b[bad])
	}
	if t := bytes.TrimSpace(b); t[0] != '{' {
		return nil, fmt.Errorf("%s:1: 不是 Document JSON：文档应为 JSON 对象 {…}（见 docs/document-json.md）", name)
	}
	if doc, ok := yusuan.DecodeDocumentFast(b); ok {
		return validDocument(name, doc)
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	var doc yusuan.Document
	if err := dec.Decode(&doc); err != nil {
		var se *json.SyntaxError
		var te *json.UnmarshalTypeError
		var rv interface{ RawValue() string }
		switch {
		case errors.As(err, &se):
			line := 1 + bytes.Count(b[:min(int(se.Offset), len(b))], []byte("\n"))
			return nil, fmt.Errorf("%s:%d: 不是有效的 JSON（%s）", name, line, jsonSyntax(se))
		case errors.As(err, &te):
			line := 1 + bytes.Count(b[:min(int(te.Offset), len(b))], []byte("\n"))
			return nil, fmt.Errorf("%s:%d: %s：类型错误，应为%s，实为 JSON %s", name, line, te.Field, goTypeName(te.Type), jsonTypeName(te.Value))
		case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
			return nil, fmt.Errorf("%s: 文件不完整：JSON 在结尾处中断", name)
		case errors.As(err, &rv):
			if line := rawLine(b, rv.RawValue()); line > 0 {
				return nil, fmt.Errorf("%s:%d: %v", name, line, err)
			}
		}
		if f, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
			return nil, fmt.Errorf("%s:%d: 未知字段 %s（Document JSON 的字段见 docs/document-json.md）", name, rawLine(b, f), f)
		}
		return nil, fmt.Errorf("%s: %v", name, err)
	}
	if dec.More() {
		return nil, fmt.Errorf("%s: 文档之后还有多余的内容", name)
	}
	return validDocument(name, &doc)
}

// validDocument checks what the JSON decoder cannot: the schema, table
// kinds and units, and that no sum of its numbers can wrap.
func validDocument(name string, doc *yusuan.Document) (*yusuan.Document, error) {
	if doc.Schema != yusuan.DocumentSchema {
		return nil, fmt.Errorf("%s: schema 为 %q，应为 %q（Document JSON，见 docs/document-json.md）", name, doc.Schema, yusuan.DocumentSchema)
	}
	for i, t := range doc.Tables {
		if !yusuan.ValidKind(t.Kind) {
			return nil, fmt.Errorf("%s: tables[%d]: 未知的表类型 %q", name, i, t.Kind)
		}
		if t.Unit != "" && t.Unit != "元" && t.Unit != "万元" {
			return nil, fmt.Errorf("%s: tables[%d]: 单位应为 元 或 万元，实为 %q", name, i, t.Unit)
		}
	}
	if err := documentTotal(name, doc); err != nil {
		return nil, err
	}
	return doc, nil
}

// jsonSyntax says what the JSON syntax error is.
func jsonSyntax(se *json.SyntaxError) string {
	m := se.Error()
	switch {
	case strings.Contains(m, "unexpected end"):
		return "在结尾处中断"
	case strings.Contains(m, "invalid character"):
		if _, c, ok := strings.Cut(m, "invalid character "); ok {
			c, _, _ = strings.Cut(c, " ")
			return "此处不应出现字符 " + c
		}
	}
	return "语法错误"
}

func goTypeName(t reflect.Type) string {
	switch t.Kind() {
	case reflect.String:
		return "文字"
	case reflect.Slice, reflect.Array:
		return "列表"
	case reflect.Map, reflect.Struct, reflect.Pointer:
		return "对象"
	case reflect.Bool:
		return "true 或 false"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return "整数"
	}
	return t.String()
}

func jsonTypeName(v string) string {
	switch {
	case v == "string":
		return "文字"
	case v == "number" || strings.HasPrefix(v, "number"):
		return "数字"
	case v == "object":
		return "对象"
	case v == "array":
		return "列表"
	case v == "bool":
		return "true/false"
	}
	return v
}
