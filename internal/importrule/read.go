package importrule

import (
	"fmt"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"golang.org/x/mod/modfile"
)

// ReadModule reads the module path from root's go.mod and the imports of
// every Go file of the module: tests and files behind build constraints
// included, directories the go command ignores (testdata, and names
// beginning with "." or "_") and nested modules left out.
func ReadModule(root string) (string, []File, error) {
	mod, err := os.ReadFile(filepath.Join(root, "go.mod"))
	if err != nil {
		return "", nil, err
	}
	module := modfile.ModulePath(mod)
	if module == "" {
		return "", nil, fmt.Errorf("%s: no module path", filepath.Join(root, "go.mod"))
	}
	var files []File
	fset := token.NewFileSet()
	err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			return skipDir(root, path, d.Name())
		}
		if !strings.HasSuffix(path, ".go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(root, path)
		if err != nil {
			return err
		}
		file := File{Path: filepath.ToSlash(rel)}
		for _, imp := range f.Imports {
			p, err := strconv.Unquote(imp.Path.Value)
			if err != nil {
				return fmt.Errorf("%s: import %s: %w", path, imp.Path.Value, err)
			}
			file.Imports = append(file.Imports, p)
		}
		files = append(files, file)
		return nil
	})
	return module, files, err
}

// skipDir returns fs.SkipDir for a directory outside the module's packages.
func skipDir(root, path, name string) error {
	if path == root {
		return nil
	}
	if name == "testdata" || strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") {
		return fs.SkipDir
	}
	if _, err := os.Stat(filepath.Join(path, "go.mod")); err == nil {
		return fs.SkipDir
	}
	return nil
}
