package browsertest

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserFillsAFormAndShowsTheAnswer: the harness drives a real
// Chromium through a page with a labelled input and a form post, and saves
// a screenshot.
func TestBrowserFillsAFormAndShowsTheAnswer(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		if r.Method == http.MethodPost {
			_ = r.ParseForm()
			_, _ = w.Write([]byte(`<!doctype html><title>done</title><p id="said">` + lettersOf(r.PostFormValue("name")) + `</p>`))
			return
		}
		_, _ = w.Write([]byte(`<!doctype html><title>form</title><form method="post"><label for="name">Name</label><input id="name" name="name"><button type="submit">Send</button></form>`))
	}))
	defer srv.Close()
	ctx := New(t)
	Do(t, ctx, "fill the form",
		chromedp.Navigate(srv.URL),
		chromedp.SendKeys(chromedp.ID("name"), "Rita"),
		chromedp.Click(chromedp.CSS("button")),
		chromedp.WaitVisible(chromedp.ID("said")),
	)
	said := Get(t, ctx, "read the answer", chromedp.Text(chromedp.ID("said")))
	if said != "Rita" {
		t.Errorf("the page said %q", said)
	}
	dir := t.TempDir()
	Screenshot(t, ctx, dir, "answer")
	png, err := os.ReadFile(filepath.Join(dir, "answer.png"))
	if err != nil || !bytes.HasPrefix(png, []byte("\x89PNG")) {
		t.Errorf("screenshot: %v, %d bytes", err, len(png))
	}
}

// lettersOf keeps s's ASCII letters: safe to write into the page.
func lettersOf(s string) string {
	var b bytes.Buffer
	for _, r := range s {
		if r >= 'A' && r <= 'z' {
			b.WriteRune(r)
		}
	}
	return b.String()
}
