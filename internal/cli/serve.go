package cli

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/yusuan/yusuan"
	"github.com/yusuan/yusuan/auth"
	"github.com/yusuan/yusuan/desk"
	"github.com/yusuan/yusuan/portal"
	"github.com/yusuan/yusuan/server"
	"github.com/yusuan/yusuan/store"
	"github.com/yusuan/yusuan/workflow"
)

func init() { register(newServe) }

// servedFormats are the downloads the API renders; csv and fdp are
// several files and come as one zip.
var servedFormats = []string{"html", "pdf", "xlsx", "md", "csv", "fdp"}

var contentTypes = map[string]string{
	"html": "text/html; charset=utf-8",
	"pdf":  "application/pdf",
	"xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
	"md":   "text/markdown; charset=utf-8",
	"csv":  "application/zip",
	"fdp":  "application/zip",
}

func newServe() *cobra.Command {
	var addr, dsn string
	var demoFlag, trustProxy bool
	var do demoOptions
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Serve the stored publications over a read-only public JSON API (/api/v1)",
		Long: `Serve the publications in the database over a read-only JSON API under
/api/v1 (documented at /api/v1/openapi.json), with /healthz and /readyz.
The server keeps no state outside the database: several instances can
serve one PostgreSQL database behind a load balancer. SIGTERM or SIGINT
stops it gracefully.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if demoFlag {
				return serveDemo(cmd, addr, do)
			}
			ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			s, err := openStore(ctx, dsn, store.Options{})
			if err != nil {
				return err
			}
			defer s.Close()
			log := slog.New(slog.NewJSONHandler(cmd.ErrOrStderr(), nil))
			ln, err := net.Listen("tcp", addr)
			if err != nil {
				return inputError{fmt.Errorf("无法监听 %s：%v", addr, err)}
			}
			return serve(ctx, ln, s, log, cmd.OutOrStdout(), serveOptions{TrustProxy: trustProxy})
		},
	}
	cmd.Flags().StringVar(&addr, "addr", "127.0.0.1:8080", "address to listen on")
	cmd.Flags().BoolVar(&trustProxy, "trust-proxy", false, "behind a reverse proxy: believe its X-Forwarded-Proto (https makes cookies Secure) and X-Forwarded-For (the remote address)")
	cmd.Flags().BoolVar(&demoFlag, "demo", false, "serve a fresh synthetic region (yusuan demo) from a temporary database")
	do.flags(cmd)
	dbFlag(cmd, &dsn)
	return cmd
}

// prerender makes the downloads of every latest publication ahead of
// time: at start, then whenever something new is published (the store's
// generation moves), until ctx is done.
func prerender(ctx context.Context, api *server.Server, s *store.DB, log *slog.Logger) {
	last := int64(-1)
	for {
		if gen, err := s.Generation(ctx); err == nil && gen != last {
			start := time.Now()
			n, err := api.Prerender(ctx)
			if err != nil && ctx.Err() == nil {
				log.Warn("prerender", "error", err.Error())
			} else if err == nil {
				last = gen
				log.Info("prerendered", "files", n, "duration_ms", time.Since(start).Milliseconds())
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(15 * time.Second):
		}
	}
}

// serveOptions are the server's settings beyond its store.
type serveOptions struct {
	// TrustProxy believes a reverse proxy's X-Forwarded-Proto and
	// X-Forwarded-For (auth.Options.TrustProxy).
	TrustProxy bool
}

// serve runs the API on ln until ctx is done, then shuts down gracefully.
func serve(ctx context.Context, ln net.Listener, s *store.DB, log *slog.Logger, out interface{ Write([]byte) (int, error) }, opts ...serveOptions) error {
	var so serveOptions
	if len(opts) > 0 {
		so = opts[0]
	}
	site, err := newSite(s, log, so)
	if err != nil {
		return err
	}
	go prerender(ctx, site.api, s, log)
	srv := &http.Server{
		Handler:           http.TimeoutHandler(site.root, 60*time.Second, `{"error":{"status":503,"message":"请求超时"}}`),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      90 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
	}
	fmt.Fprintf(out, "yusuan serve: http://%s/ （门户）  http://%s/api/v1/ （开放数据接口）  http://%s/desk/ （填报与审核）  数据库 %s\n", ln.Addr(), ln.Addr(), ln.Addr(), s.Where)
	log.Info("listening", "addr", ln.Addr().String(), "db", s.Where)
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down")
	sctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		return err
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// site is what serve serves: root, the handler of every path, and its
// parts.
type site struct {
	root http.Handler
	api  *server.Server
	desk *desk.Desk
}

// newSite is the whole site on the store: the API, the desk and the
// portal, with the auth middleware in front of the API and the desk.
func newSite(s *store.DB, log *slog.Logger, so serveOptions) (*site, error) {
	wf := &workflow.Service{DB: s, Load: LoadUpload}
	api := server.New(s, server.Options{Formats: servedFormats, Render: renderFormat, Logger: log, Workflow: wf})
	pages, err := portal.New(api, portal.WithGeneration(s.Generation))
	if err != nil {
		return nil, err
	}
	au := auth.New(s, auth.Options{TrustProxy: so.TrustProxy, Logger: log})
	work, err := desk.New(s, au, log)
	if err != nil {
		return nil, err
	}
	work.Workflow = wf
	// The API and health checks under their paths, the workflow's pages
	// under /desk/; everything else is the public portal, which reads the
	// API in-process. The API and the desk know who is asking (a session
	// cookie or a bearer token, auth.Middleware); the portal is public
	// and needs no lookup.
	withAuth := au.Middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, desk.Prefix) {
			work.ServeHTTP(w, r)
			return
		}
		api.ServeHTTP(w, r)
	}))
	root := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch p := r.URL.Path; {
		case strings.HasPrefix(p, "/api/"), strings.HasPrefix(p, desk.Prefix):
			withAuth.ServeHTTP(w, r)
		case p == "/healthz", p == "/readyz":
			api.ServeHTTP(w, r)
		case p == "/desk":
			http.Redirect(w, r, desk.Prefix, http.StatusMovedPermanently)
		default:
			pages.ServeHTTP(w, r)
		}
	})
	return &site{root: root, api: api, desk: work}, nil
}

// renderFormat renders a stored document with the same renderers as
// build and render; several files are zipped.
func renderFormat(doc *yusuan.Document, name string) (store.Rendered, error) {
	var f *format
	for i := range formats {
		if formats[i].name == name {
			f = &formats[i]
		}
	}
	if f == nil {
		return store.Rendered{}, fmt.Errorf("unknown format %q", name)
	}
	p, _ := newLoader("").profile(doc.Profile)
	base := fmt.Sprintf("%d-%s", doc.Year, safeName(doc.Department.Name))
	files, err := f.out(doc, p, base)
	if err != nil {
		return store.Rendered{}, err
	}
	ct := contentTypes[name]
	if len(files) == 1 && ct != "application/zip" {
		return store.Rendered{ContentType: ct, FileName: path.Base(files[0].Name), Data: files[0].Data}, nil
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, file := range files {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: file.Name, Method: zip.Deflate, Modified: time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)})
		if err != nil {
			return store.Rendered{}, err
		}
		if _, err := w.Write(file.Data); err != nil {
			return store.Rendered{}, err
		}
	}
	if err := zw.Close(); err != nil {
		return store.Rendered{}, err
	}
	return store.Rendered{ContentType: "application/zip", FileName: base + "-" + name + ".zip", Data: buf.Bytes()}, nil
}

// safeName keeps a department name usable as a file name.
func safeName(s string) string {
	out := []rune{}
	for _, r := range s {
		switch {
		case r < 0x20, r == '/', r == '\\', r == ':', r == '*', r == '?', r == '"', r == '<', r == '>', r == '|':
			out = append(out, '_')
		default:
			out = append(out, r)
		}
	}
	if len(out) == 0 {
		return "document"
	}
	return string(out)
}
