package cli

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/user"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/yusuan/yusuan"
	"github.com/yusuan/yusuan/store"
)

func init() { register(newAudit) }

func newAudit() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "audit",
		Short: "Verify or export the audit trail (verify, export)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return inputError{errors.New("请给出子命令：yusuan audit verify 或 yusuan audit export")}
		},
	}
	var verifyDSN, file string
	verify := &cobra.Command{
		Use:   "verify [--db DSN | --file EXPORT.jsonl]",
		Short: "Check that no entry of the audit trail was altered or removed; exit 1 naming the first broken one",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			var n int64
			var b *store.AuditBreak
			where := file
			if file != "" {
				var err error
				if n, b, err = verifyExport(file); err != nil {
					return inputError{err}
				}
			} else {
				s, err := openStore(cmd.Context(), verifyDSN, store.Options{ReadOnly: true})
				if err != nil {
					return err
				}
				defer s.Close()
				where = s.Where
				if n, b, err = s.VerifyAudit(cmd.Context()); err != nil {
					return inputError{err}
				}
			}
			if b != nil {
				fmt.Fprintf(cmd.ErrOrStderr(), "yusuan: %s：%v\n", where, b)
				return exitError{ExitFindings}
			}
			fmt.Fprintf(cmd.OutOrStdout(), "%s：审计记录完整，共 %d 条\n", where, n)
			return nil
		},
	}
	dbFlag(verify, &verifyDSN)
	verify.Flags().StringVar(&file, "file", "", "verify an exported trail (yusuan audit export) instead of the database")
	var exportDSN, out string
	export := &cobra.Command{
		Use:   "export [--db DSN] [-o FILE.jsonl]",
		Short: "Write the audit trail as JSON Lines: a header with the head, then one entry a line",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			s, err := openStore(cmd.Context(), exportDSN, store.Options{ReadOnly: true})
			if err != nil {
				return err
			}
			defer s.Close()
			var buf bytes.Buffer
			if err := exportAudit(cmd.Context(), s, &buf); err != nil {
				return inputError{err}
			}
			if out == "" || out == "-" {
				_, err := cmd.OutOrStdout().Write(buf.Bytes())
				return err
			}
			return writeOne(cmd, out, buf.Bytes(), nil)
		},
	}
	dbFlag(export, &exportDSN)
	export.Flags().StringVarP(&out, "output", "o", "", "the file to write (default: standard output)")
	cmd.AddCommand(verify, export)
	return cmd
}

// auditHeader is the first line of an exported trail.
type auditHeader struct {
	Schema     string          `json:"schema"`
	ExportedAt time.Time       `json:"exported_at"`
	Head       store.AuditHead `json:"head"`
}

func exportAudit(ctx context.Context, s *store.DB, w io.Writer) error {
	h, err := s.AuditHead(ctx)
	if err != nil {
		return err
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(auditHeader{Schema: store.AuditSchema, ExportedAt: time.Now().UTC().Truncate(time.Second), Head: h}); err != nil {
		return err
	}
	return s.AuditEntries(ctx, func(e store.AuditEntry) error { return enc.Encode(e) })
}

// verifyExport checks an exported trail against the head it records.
func verifyExport(path string) (int64, *store.AuditBreak, error) {
	name, data, err := readInput(path)
	if err != nil {
		return 0, nil, err
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 64<<10), len(data)+1)
	v := store.NewAuditVerifier()
	var h *auditHeader
	line := 0
	for sc.Scan() {
		line++
		b := bytes.TrimSpace(sc.Bytes())
		if len(b) == 0 {
			continue
		}
		dec := json.NewDecoder(bytes.NewReader(b))
		dec.DisallowUnknownFields()
		if h == nil {
			h = &auditHeader{}
			if err := dec.Decode(h); err != nil || h.Schema != store.AuditSchema {
				return 0, nil, fmt.Errorf("%s:%d: 不是 yusuan audit export 导出的审计记录（第一行应为 schema %s 的记录头）", name, line, store.AuditSchema)
			}
			continue
		}
		var e store.AuditEntry
		if err := dec.Decode(&e); err != nil {
			return 0, nil, fmt.Errorf("%s:%d: 审计记录无法读取：%v", name, line, err)
		}
		v.Add(e)
	}
	if h == nil {
		return 0, nil, fmt.Errorf("%s: 文件为空", name)
	}
	n, b := v.End(h.Head)
	return n, b, nil
}

// auditPublish records a publication made by the command line.
func auditPublish(ctx context.Context, s *store.DB, file string, pub yusuan.Publication) error {
	after, err := json.Marshal(map[string]any{
		"organization": pub.Organization.Code, "name": pub.Organization.Name, "year": pub.Year, "kind": pub.Kind,
		"level": pub.Level, "version": pub.Version, "file": pub.FileName, "file_sha256": pub.FileSHA256,
	})
	if err != nil {
		return err
	}
	_, err = s.Audit(ctx, store.AuditEntry{Actor: systemUser(), Action: "publish", Object: fmt.Sprintf("publication:%d", pub.ID), Remote: "cli", After: string(after)})
	return err
}

// systemUser names who runs a command: the account of the process.
func systemUser() string {
	if u, err := user.Current(); err == nil && u.Username != "" {
		return "system:" + u.Username
	}
	if n := strings.TrimSpace(os.Getenv("USER")); n != "" {
		return "system:" + n
	}
	return "system"
}
