package cli

import (
	"context"
	"errors"
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"github.com/yusuan/yusuan/store"
)

func init() { register(newDB) }

// dbFlag adds --db with YUSUAN_DB (else yusuan.db) as its default.
func dbFlag(cmd *cobra.Command, v *string) {
	def := os.Getenv(store.EnvDB)
	if def == "" {
		def = "yusuan.db"
	}
	cmd.Flags().StringVar(v, "db", def, "the database: an SQLite file (PATH or sqlite:PATH) or postgres://… (default $"+store.EnvDB+", else yusuan.db)")
}

// openStore opens the store; every failure to open is an unusable input
// (exit 2) with the database named.
func openStore(ctx context.Context, dsn string, o store.Options) (*store.DB, error) {
	s, err := store.Open(ctx, dsn, o)
	if err != nil {
		return nil, inputError{err}
	}
	return s, nil
}

func newDB() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "db",
		Short: "Manage the database schema (migrate, status)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return inputError{errors.New("请给出子命令：yusuan db migrate 或 yusuan db status")}
		},
	}
	var dsn string
	migrate := &cobra.Command{
		Use:   "migrate",
		Short: "Apply the pending schema migrations",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			s, err := store.OpenForMigration(cmd.Context(), dsn)
			if err != nil {
				return inputError{err}
			}
			defer s.Close()
			vs, err := s.Migrate(cmd.Context())
			if err != nil {
				return inputError{err}
			}
			if len(vs) == 0 {
				fmt.Fprintf(cmd.OutOrStdout(), "%s：数据库结构已是最新\n", s.Where)
				return nil
			}
			fmt.Fprintf(cmd.OutOrStdout(), "%s：已应用迁移 %v\n", s.Where, vs)
			return nil
		},
	}
	dbFlag(migrate, &dsn)
	var statusDSN string
	status := &cobra.Command{
		Use:   "status",
		Short: "List the schema migrations and whether each is applied",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			s, err := store.OpenForMigration(cmd.Context(), statusDSN)
			if err != nil {
				return inputError{err}
			}
			defer s.Close()
			st, err := s.Status(cmd.Context())
			if err != nil {
				return inputError{err}
			}
			w := cmd.OutOrStdout()
			pending := 0
			for _, m := range st {
				state := "已应用 " + m.AppliedAt.UTC().Format("2006-01-02 15:04:05Z")
				if !m.Applied {
					state = "待应用"
					pending++
				}
				fmt.Fprintf(w, "%05d  %-30s %s\n", m.Version, m.Name, state)
			}
			if pending > 0 {
				fmt.Fprintf(w, "%d 个迁移待应用：运行 yusuan db migrate --db %s\n", pending, s.Where)
			}
			return nil
		},
	}
	dbFlag(status, &statusDSN)
	cmd.AddCommand(migrate, status)
	return cmd
}
