package httpapi

import (
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"slices"
	"time"

	"github.com/research-enclave/enclave/enclave"
)

// uploadDeadline bounds one upload (a data file or an opt-out list), read and
// stored: a national opt-out list or a million-row file loads in well under a
// minute (docs/benchmarks.md), so this allows for a slow link, not a slow
// server.
const uploadDeadline = time.Hour

// upload runs load on a streamed request body under the upload deadline
// instead of the server's read and write timeouts, and answers 201 with its
// report, or 200 when the upload changed nothing.
func (s *Server) upload(w http.ResponseWriter, r *http.Request, load func(ctx context.Context, body io.Reader) (report any, unchanged bool, err error)) {
	ctx, cancel := context.WithTimeout(r.Context(), uploadDeadline)
	defer cancel()
	rc := http.NewResponseController(w)
	_ = rc.SetReadDeadline(time.Now().Add(uploadDeadline))
	_ = rc.SetWriteDeadline(time.Now().Add(uploadDeadline))
	report, unchanged, err := load(ctx, uploadReader{r.Body})
	if err != nil {
		s.problem(w, r, err)
		return
	}
	code := http.StatusCreated
	if unchanged {
		code = http.StatusOK
	}
	writeJSON(w, code, report)
}

// uploadReader reports a body over the upload limit as CodeTooLarge, which
// the load passes on.
type uploadReader struct{ r io.Reader }

func (u uploadReader) Read(b []byte) (int, error) {
	n, err := u.r.Read(b)
	var tooLarge *http.MaxBytesError
	if errors.As(err, &tooLarge) {
		err = enclave.E(enclave.CodeTooLarge, fmt.Sprintf("the upload exceeds %d bytes (ENCLAVE_MAX_UPLOAD_BYTES); nothing was loaded", tooLarge.Limit))
	}
	return n, err
}

// uploadMediaTypes are the Content-Types a file (data or opt-out list) may be
// sent as. A gzip file is recognised by its content, whatever the type.
var uploadMediaTypes = []string{"text/plain", "text/csv", "application/octet-stream", "application/gzip", "application/x-gzip"}

func uploadMediaType(contentType string) error {
	mt, _, err := mime.ParseMediaType(contentType)
	if err != nil || !slices.Contains(uploadMediaTypes, mt) {
		return enclave.E(enclave.CodeUnsupportedMedia, "a file must be sent as text/plain, text/csv, application/octet-stream or application/gzip")
	}
	return nil
}
