package httpapi

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
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
