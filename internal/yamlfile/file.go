package yamlfile

import (
	"bytes"
	"fmt"
	"io"
	"io/fs"
)

// MaxSize bounds one file. Real catalogue and mapping files are a few
// kilobytes; the bound keeps a wrong file from filling memory.
const MaxSize = 1 << 20

// ReadFile reads name from fsys, refusing a file larger than MaxSize. Its
// errors are fit to be a Problem's message.
func ReadFile(fsys fs.FS, name string) ([]byte, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return nil, fmt.Errorf("cannot read: %w", err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, MaxSize+1))
	if err != nil {
		return nil, fmt.Errorf("cannot read: %w", err)
	}
	if len(data) > MaxSize {
		return nil, fmt.Errorf("file is larger than %d bytes", MaxSize)
	}
	return data, nil
}

// lineCount is the number of lines in data, counting a last line without a
// line break.
func lineCount(data []byte) int {
	n := bytes.Count(data, []byte("\n"))
	if len(data) > 0 && data[len(data)-1] != '\n' {
		n++
	}
	return n
}
