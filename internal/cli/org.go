package cli

import (
	"encoding/json"
	"errors"
	"fmt"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/yusuan/yusuan"
	"github.com/yusuan/yusuan/store"
)

func init() { register(newOrg) }

// newOrg registers the organizations of the workflow: a draft belongs to
// its preparer's organization, and a finance reviewer sees the drafts of
// the organizations of its region, so an organization must be known with
// its region before its preparers upload.
func newOrg() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "org",
		Short: "Register the organizations of the workflow and their regions (add, list)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return inputError{errors.New("请给出子命令：yusuan org add 或 list")}
		},
	}
	var o yusuan.Organization
	var regionName, addDSN string
	add := &cobra.Command{
		Use:   "add CODE --name NAME --region CODE [--region-name NAME] [--parent CODE]",
		Short: "Register an organization (单位) and its region, or change its name, region or parent",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.Code = args[0]
			switch {
			case o.Name == "":
				return inputError{errors.New("请用 --name 给出单位名称")}
			case o.Region == "":
				return inputError{errors.New("请用 --region 给出单位所属地区的编码（财政审核人按地区审核）")}
			}
			s, err := openStore(cmd.Context(), addDSN, store.Options{Migrate: true})
			if err != nil {
				return err
			}
			defer s.Close()
			var r *yusuan.Region
			if regionName != "" {
				r = &yusuan.Region{Code: o.Region, Name: regionName}
			} else if r, err = resolveRegion(cmd.Context(), s, o.Region, ""); err != nil {
				return err
			}
			// A change of region moves the organization's drafts to
			// another region's finance reviewers: the audit trail keeps
			// what it was.
			var before string
			if was, err := s.Organization(cmd.Context(), o.Code); err == nil {
				b, _ := json.Marshal(was)
				before = string(b)
			} else if !errors.Is(err, yusuan.ErrNotFound) {
				return err
			}
			if err := s.SaveOrganization(cmd.Context(), o, r); err != nil {
				return inputError{fmt.Errorf("%s：%w", s.Where, err)}
			}
			after, _ := json.Marshal(o)
			if _, err := s.Audit(cmd.Context(), store.AuditEntry{Actor: systemUser(), Action: "org.add", Object: "organization:" + o.Code, Remote: "cli", Before: before, After: string(after)}); err != nil {
				return inputError{err}
			}
			fmt.Fprintf(cmd.OutOrStdout(), "已登记单位 %s %s（地区 %s）\n", o.Code, o.Name, r.Name)
			return nil
		},
	}
	add.Flags().StringVar(&o.Name, "name", "", "the organization's name (e.g. 郑州市人民政府办公厅)")
	add.Flags().StringVar(&o.Region, "region", "", "the code of its region (e.g. 410100)")
	add.Flags().StringVar(&regionName, "region-name", "", "the region's name, needed the first time a region is used (e.g. 郑州市)")
	add.Flags().StringVar(&o.Parent, "parent", "", "the code of the department a budget unit belongs to")
	dbFlag(add, &addDSN)

	var listDSN, listRegion string
	list := &cobra.Command{
		Use:   "list [--region CODE]",
		Short: "List the registered organizations",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			s, err := openStore(cmd.Context(), listDSN, store.Options{})
			if err != nil {
				return err
			}
			defer s.Close()
			orgs, err := s.Organizations(cmd.Context(), yusuan.OrganizationFilter{Region: listRegion})
			if err != nil {
				return inputError{err}
			}
			w := tabwriter.NewWriter(cmd.OutOrStdout(), 0, 4, 2, ' ', 0)
			fmt.Fprintln(w, "单位代码\t名称\t地区\t上级单位")
			for _, o := range orgs {
				fmt.Fprintf(w, "%s\t%s\t%s\t%s\n", o.Code, o.Name, o.Region, o.Parent)
			}
			return w.Flush()
		},
	}
	list.Flags().StringVar(&listRegion, "region", "", "only the organizations of this region")
	dbFlag(list, &listDSN)
	cmd.AddCommand(add, list)
	return cmd
}
