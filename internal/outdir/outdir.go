// Package outdir writes a set of output files all or nothing: every file
// is first written in full beside its destination, and only when all of
// them are written are they renamed into place.
package outdir

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
)

// File is one output.
type File struct {
	Name string // relative to the directory
	Data []byte
}

// Write writes files into dir (created if needed). On error no
// destination file is created or changed, and temporary files are removed.
func Write(dir string, files []File) (err error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	sort.Slice(files, func(i, j int) bool { return files[i].Name < files[j].Name })
	var temps []string
	defer func() {
		if err != nil {
			for _, t := range temps {
				os.Remove(t)
			}
		}
	}()
	for _, f := range files {
		dst := filepath.Join(dir, f.Name)
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return err
		}
		tmp, err := os.CreateTemp(filepath.Dir(dst), ".yusuan-*")
		if err != nil {
			return err
		}
		temps = append(temps, tmp.Name())
		if _, err := tmp.Write(f.Data); err != nil {
			tmp.Close()
			return fmt.Errorf("writing %s: %w", dst, err)
		}
		if err := tmp.Close(); err != nil {
			return fmt.Errorf("writing %s: %w", dst, err)
		}
		if err := os.Chmod(tmp.Name(), 0o644); err != nil {
			return err
		}
	}
	for i, f := range files {
		if err := os.Rename(temps[i], filepath.Join(dir, f.Name)); err != nil {
			return err
		}
	}
	temps = nil
	return nil
}
