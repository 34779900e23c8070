package cli

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/yusuan/yusuan"
	"github.com/yusuan/yusuan/store"
)

func init() {
	register(newUser)
	register(newToken)
}

// cliActor is who runs a command, for the audit trail.
func cliActor() store.Actor { return store.Actor{Name: systemUser(), Remote: "cli"} }

func newUser() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "user",
		Short: "Manage the accounts of the workflow (add, list, disable, enable, passwd, unlock)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return inputError{errors.New("请给出子命令：yusuan user add、list、disable、enable、passwd 或 unlock")}
		},
	}
	var nu store.NewUser
	var role, addDSN string
	var pwStdin bool
	add := &cobra.Command{
		Use:   "add NAME --role preparer|approver|finance|admin [--organization CODE] [--region CODE] --password-stdin",
		Short: "Add an account; the password is read from the first line of standard input",
		Long: `Add an account. Roles: preparer (填报人) and approver (审核人) belong to
an organization (--organization), finance (财政审核人) to a region
(--region), admin (管理员) to neither. The password is read from the
first line of standard input (--password-stdin), never from the command
line, where other users of the machine could see it; it is stored as an
argon2id hash.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			nu.Name, nu.Role = args[0], yusuan.Role(role)
			if role == "" {
				return inputError{errors.New("请用 --role 给出角色：preparer（填报人）、approver（审核人）、finance（财政审核人）或 admin（管理员）")}
			}
			if !pwStdin {
				return inputError{errors.New("请用 --password-stdin 从标准输入给出密码（密码不能写在命令行上）")}
			}
			pw, err := readPassword(cmd.InOrStdin())
			if err != nil {
				return inputError{err}
			}
			nu.Password = pw
			// Checked before the database is opened: a wrong command line
			// creates nothing.
			if err := store.CheckNewUser(nu); err != nil {
				return inputError{err}
			}
			s, err := openStore(cmd.Context(), addDSN, store.Options{})
			if err != nil {
				return err
			}
			defer s.Close()
			warn, err := checkBelongs(cmd.Context(), s, nu)
			if err != nil {
				return inputError{fmt.Errorf("%s：%w", s.Where, err)}
			}
			u, err := s.CreateUser(cmd.Context(), nu, cliActor())
			if err != nil {
				return inputError{fmt.Errorf("%s：%w", s.Where, err)}
			}
			fmt.Fprintf(cmd.OutOrStdout(), "已添加用户 %s（%s%s）\n", u.Name, u.Role.Title(), belongs(u))
			if warn != "" {
				fmt.Fprintf(cmd.ErrOrStderr(), "yusuan: 注意：%s\n", warn)
			}
			return nil
		},
	}
	add.Flags().StringVar(&role, "role", "", "preparer (填报人), approver (审核人), finance (财政审核人) or admin (管理员)")
	add.Flags().StringVar(&nu.Organization, "organization", "", "the organization code of a preparer or approver")
	add.Flags().StringVar(&nu.Region, "region", "", "the region code of a finance reviewer (or of a preparer's or approver's organization)")
	add.Flags().BoolVar(&pwStdin, "password-stdin", false, "read the password from the first line of standard input")
	dbFlag(add, &addDSN)

	var listDSN string
	list := &cobra.Command{
		Use:   "list",
		Short: "List the accounts",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			s, err := openStore(cmd.Context(), listDSN, store.Options{ReadOnly: true})
			if err != nil {
				return err
			}
			defer s.Close()
			us, err := s.Users(cmd.Context())
			if err != nil {
				return inputError{err}
			}
			if len(us) == 0 {
				fmt.Fprintf(cmd.OutOrStdout(), "%s：还没有用户；用 yusuan user add 添加\n", s.Where)
				return nil
			}
			tw := tabwriter.NewWriter(cmd.OutOrStdout(), 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "用户名\t角色\t单位\t地区\t状态\t创建时间")
			now := time.Now()
			for _, u := range us {
				state := "正常"
				switch {
				case u.Disabled:
					state = "已停用"
				case u.Locked(now):
					state = "锁定至 " + u.LockedUntil.In(beijingTime).Format("2006-01-02 15:04")
				}
				fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", u.Name, u.Role.Title(), dash(u.Organization), dash(u.Region), state, u.CreatedAt.In(beijingTime).Format("2006-01-02 15:04"))
			}
			return tw.Flush()
		},
	}
	dbFlag(list, &listDSN)
	var pwDSN string
	var pwFromStdin bool
	passwd := &cobra.Command{
		Use:   "passwd NAME --password-stdin",
		Short: "Set a new password for an account (read from standard input); lifts a lockout and ends its sessions",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if !pwFromStdin {
				return inputError{errors.New("请用 --password-stdin 从标准输入给出新密码（密码不能写在命令行上）")}
			}
			pw, err := readPassword(cmd.InOrStdin())
			if err != nil {
				return inputError{err}
			}
			if err := store.CheckPasswordRules(pw); err != nil {
				return inputError{err}
			}
			s, err := openStore(cmd.Context(), pwDSN, store.Options{})
			if err != nil {
				return err
			}
			defer s.Close()
			if err := s.ResetPassword(cmd.Context(), args[0], pw, cliActor()); err != nil {
				return inputError{fmt.Errorf("%s：%w", s.Where, notFoundText(err))}
			}
			fmt.Fprintf(cmd.OutOrStdout(), "已为用户 %s 设置新密码：锁定已解除，其会话已结束\n", args[0])
			return nil
		},
	}
	passwd.Flags().BoolVar(&pwFromStdin, "password-stdin", false, "read the new password from the first line of standard input")
	dbFlag(passwd, &pwDSN)
	var unlockDSN string
	unlock := &cobra.Command{
		Use:   "unlock NAME",
		Short: "Lift the lockout an account got from too many wrong passwords",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			s, err := openStore(cmd.Context(), unlockDSN, store.Options{})
			if err != nil {
				return err
			}
			defer s.Close()
			if err := s.Unlock(cmd.Context(), args[0], cliActor()); err != nil {
				return inputError{fmt.Errorf("%s：%w", s.Where, notFoundText(err))}
			}
			fmt.Fprintf(cmd.OutOrStdout(), "已解除用户 %s 的锁定\n", args[0])
			return nil
		},
	}
	dbFlag(unlock, &unlockDSN)
	cmd.AddCommand(add, list, setDisabled(true), setDisabled(false), passwd, unlock)
	return cmd
}

var beijingTime = time.FixedZone("CST", 8*3600)

// checkBelongs compares a new account's organization and region with the
// registered ones: a region that contradicts the organization's is an
// error; an organization or region not registered yet is only a warning
// (accounts may be made before their organization is, with yusuan org
// add).
func checkBelongs(ctx context.Context, s *store.DB, nu store.NewUser) (warn string, err error) {
	if nu.Organization != "" {
		o, err := s.Organization(ctx, nu.Organization)
		switch {
		case errors.Is(err, yusuan.ErrNotFound):
			return fmt.Sprintf("单位 %s 尚未登记；请用 yusuan org add %s --name … --region … 登记，该用户才能上传和审核", nu.Organization, nu.Organization), nil
		case err != nil:
			return "", err
		case nu.Region != "" && o.Region != "" && o.Region != nu.Region:
			return "", fmt.Errorf("单位 %s（%s）属于地区 %s，与 --region %s 不符", o.Code, o.Name, o.Region, nu.Region)
		}
		return "", nil
	}
	if nu.Region != "" {
		rs, err := s.Regions(ctx)
		if err != nil {
			return "", err
		}
		for _, r := range rs {
			if r.Code == nu.Region {
				return "", nil
			}
		}
		return fmt.Sprintf("地区 %s 尚无登记的单位（yusuan org add … --region %s）", nu.Region, nu.Region), nil
	}
	return "", nil
}

func dash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

func belongs(u *yusuan.User) string {
	var b strings.Builder
	if u.Organization != "" {
		b.WriteString("，单位 " + u.Organization)
	}
	if u.Region != "" {
		b.WriteString("，地区 " + u.Region)
	}
	return b.String()
}

func setDisabled(disabled bool) *cobra.Command {
	var dsn string
	use, short, done := "enable NAME", "Enable a disabled account again", "已启用用户 %s\n"
	if disabled {
		use, short, done = "disable NAME", "Disable an account: it cannot sign in, its sessions end and its API tokens are refused", "已停用用户 %s：其会话已结束，接口令牌不再有效\n"
	}
	cmd := &cobra.Command{
		Use:   use,
		Short: short,
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			s, err := openStore(cmd.Context(), dsn, store.Options{})
			if err != nil {
				return err
			}
			defer s.Close()
			if err := s.SetDisabled(cmd.Context(), args[0], disabled, cliActor()); err != nil {
				return inputError{fmt.Errorf("%s：%w", s.Where, notFoundText(err))}
			}
			fmt.Fprintf(cmd.OutOrStdout(), done, args[0])
			return nil
		},
	}
	dbFlag(cmd, &dsn)
	return cmd
}

// notFoundText drops the English "not found" the store wraps its
// messages around.
func notFoundText(err error) error {
	if errors.Is(err, yusuan.ErrNotFound) {
		return errors.New(strings.TrimSuffix(err.Error(), "："+yusuan.ErrNotFound.Error()))
	}
	return err
}

// readPassword reads the first line of r: a password typed or piped in.
func readPassword(r io.Reader) (string, error) {
	br := bufio.NewReaderSize(io.LimitReader(r, store.MaxPasswordLen+3), store.MaxPasswordLen+3)
	line, err := br.ReadString('\n')
	if err != nil && err != io.EOF {
		return "", fmt.Errorf("读取标准输入失败：%v", err)
	}
	if len(line) > store.MaxPasswordLen+2 || err == io.EOF && len(line) > store.MaxPasswordLen {
		return "", fmt.Errorf("密码太长：最多 %d 个字节", store.MaxPasswordLen)
	}
	pw := strings.TrimRight(line, "\r\n")
	if pw == "" {
		return "", errors.New("标准输入中没有密码：请在第一行给出密码，例如 printf '%s\\n' \"$PASSWORD\" | yusuan user add …")
	}
	return pw, nil
}

func newToken() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "token",
		Short: "Manage API tokens for scripts (create, list, revoke)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return inputError{errors.New("请给出子命令：yusuan token create、list 或 revoke")}
		},
	}
	var label, createDSN string
	create := &cobra.Command{
		Use:   "create NAME [--label TEXT]",
		Short: "Create a bearer token acting as user NAME; it is printed once, on standard output",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			s, err := openStore(cmd.Context(), createDSN, store.Options{})
			if err != nil {
				return err
			}
			defer s.Close()
			tok, t, err := s.CreateToken(cmd.Context(), args[0], label, cliActor())
			if err != nil {
				return inputError{fmt.Errorf("%s：%w", s.Where, notFoundText(err))}
			}
			fmt.Fprintln(cmd.OutOrStdout(), tok)
			fmt.Fprintf(cmd.ErrOrStderr(), "已为用户 %s 创建接口令牌 %d：令牌只显示这一次，请妥善保存；撤销用 yusuan token revoke %d\n", t.User, t.ID, t.ID)
			return nil
		},
	}
	create.Flags().StringVar(&label, "label", "", "what the token is for (shown by token list)")
	dbFlag(create, &createDSN)

	var listDSN string
	list := &cobra.Command{
		Use:   "list [NAME]",
		Short: "List the API tokens (of user NAME, or of everyone); never the tokens themselves",
		Args:  cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			s, err := openStore(cmd.Context(), listDSN, store.Options{ReadOnly: true})
			if err != nil {
				return err
			}
			defer s.Close()
			name := ""
			if len(args) == 1 {
				name = args[0]
			}
			ts, err := s.Tokens(cmd.Context(), name)
			if err != nil {
				return inputError{err}
			}
			tw := tabwriter.NewWriter(cmd.OutOrStdout(), 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "编号\t用户\t名称\t创建时间\t最近使用\t状态")
			f := func(t time.Time) string {
				if t.IsZero() {
					return "—"
				}
				return t.In(beijingTime).Format("2006-01-02 15:04")
			}
			for _, t := range ts {
				state := "有效"
				if !t.RevokedAt.IsZero() {
					state = "已撤销 " + f(t.RevokedAt)
				}
				fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\n", t.ID, t.User, dash(t.Name), f(t.CreatedAt), f(t.LastUsed), state)
			}
			return tw.Flush()
		},
	}
	dbFlag(list, &listDSN)

	var revokeDSN string
	revoke := &cobra.Command{
		Use:   "revoke ID",
		Short: "Revoke an API token for good (its number, from token list)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			id, err := strconv.ParseInt(args[0], 10, 64)
			if err != nil || id <= 0 {
				return inputError{fmt.Errorf("令牌编号 %q 无效：应为 yusuan token list 列出的编号", args[0])}
			}
			s, err := openStore(cmd.Context(), revokeDSN, store.Options{})
			if err != nil {
				return err
			}
			defer s.Close()
			t, err := s.RevokeToken(cmd.Context(), id, cliActor())
			if err != nil {
				return inputError{fmt.Errorf("%s：%w", s.Where, notFoundText(err))}
			}
			fmt.Fprintf(cmd.OutOrStdout(), "已撤销用户 %s 的接口令牌 %d\n", t.User, t.ID)
			return nil
		},
	}
	dbFlag(revoke, &revokeDSN)
	cmd.AddCommand(create, list, revoke)
	return cmd
}
