package transport

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"io"
	"mime"
	"net"
	"net/http"
	"net/url"
	"os"
	"strings"
	"syscall"
	"time"

	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/model/jsondoc"
	"github.com/trail-dev/trail/sources"
)

// CheckWait returns a sources.ErrWaitTooLong error when wait, a rate-limit reset a
// provider worked out from the server's headers, is past the ceiling; nil
// otherwise. Providers that refuse a request up front (Intercom, when its
// window is spent) call it before telling the caller to wait.
func (c *Client) CheckWait(wait time.Duration) error {
	if wait > c.opts.WaitCeiling {
		return c.waitTooLong(wait, 0, "the server's rate limit resets in")
	}
	return nil
}

// waitTooLong is the error for a server-told wait past the ceiling.
func (c *Client) waitTooLong(wait time.Duration, status int, asked string) error {
	return &sources.Error{Kind: sources.ErrWaitTooLong, Provider: c.opts.Provider, Status: status,
		Message: fmt.Sprintf("%s %s, more than max_wait %s", asked, WaitText(wait), WaitText(c.opts.WaitCeiling)),
		Hint:    "try later, or raise [net] max_wait"}
}

// cutOff is a response body that ended before it should have: the
// connection was reset or closed mid-way.
type cutOff struct {
	err  error
	read int
}

func (e *cutOff) Error() string {
	return fmt.Sprintf("the response was cut off after %d bytes (%v)", e.read, e.err)
}
func (e *cutOff) Unwrap() error { return e.err }

// tooLarge is a response over MaxBody.
type tooLarge struct {
	limit  int64
	status int
}

func (e *tooLarge) Error() string {
	return "the response is larger than " + byteSize(e.limit) + ", more than any page should be"
}

// byteSize writes a size for people: 64 MiB, 4 KiB, 100 bytes.
func byteSize(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

// isTransient reports whether sending the request again may work.
func isTransient(err error) bool {
	var tl *tooLarge
	if errors.As(err, &tl) {
		return false
	}
	var co *cutOff
	if errors.As(err, &co) {
		return true
	}
	var ne net.Error
	switch {
	case errors.Is(err, context.DeadlineExceeded), errors.Is(err, os.ErrDeadlineExceeded):
		return true
	case errors.Is(err, syscall.ECONNRESET), errors.Is(err, syscall.ECONNREFUSED), errors.Is(err, syscall.ECONNABORTED),
		errors.Is(err, syscall.EPIPE), errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		return true
	case errors.As(err, &ne) && ne.Timeout():
		return true
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		// The server closed the connection before answering (a restarting
		// proxy): net/http reports it as a plain EOF or "server closed".
		return strings.Contains(ue.Err.Error(), "server closed") || strings.Contains(ue.Err.Error(), "EOF")
	}
	return false
}

// describe says what went wrong without the URL, which url.Error would
// print with its query string (where a token may be).
func describe(err error) string {
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	var co *cutOff
	var tl *tooLarge
	var dns *net.DNSError
	var op *net.OpError
	switch {
	case errors.As(err, &co), errors.As(err, &tl):
		return err.Error()
	case errors.Is(err, context.DeadlineExceeded), errors.Is(err, os.ErrDeadlineExceeded):
		return "no answer in time"
	case errors.As(err, &dns):
		return "cannot resolve " + dns.Name
	case errors.Is(err, syscall.ECONNREFUSED):
		return "connection refused"
	case errors.Is(err, syscall.ECONNRESET):
		return "connection reset"
	case errors.As(err, &op):
		return op.Op + ": " + op.Err.Error()
	}
	return err.Error()
}

func shortReason(err error) string { return describe(err) }

// networkError is the error for a request that got no usable response.
func (c *Client) networkError(req *http.Request, err error, attempts int) error {
	what := describe(err)
	if attempts > 1 {
		what = fmt.Sprintf("%s (after %d attempts)", what, attempts)
	}
	e := &sources.Error{Kind: sources.ErrUnavailable, Provider: c.opts.Provider,
		Message: c.Redact("could not reach " + req.URL.Host + ": " + what),
		Hint:    "check the network and base_url"}
	var tl *tooLarge
	if errors.As(err, &tl) {
		e.Kind, e.Status, e.Message, e.Hint = sources.ErrTooLarge, tl.status, c.Redact(tl.Error()), "check base_url, or lower page_size"
	}
	var co *cutOff
	if errors.As(err, &co) {
		e.Message = c.Redact(req.URL.Host + ": " + what)
	}
	return e
}

// Title returns the <title> of an HTML error page (a proxy's 502, a login
// page) fit for a message, or "": the client's secrets taken out before it
// is cut to 80 bytes, so that no part of one is left. Providers name a page
// by its title rather than quoting the body.
func (c *Client) Title(body []byte) string { return c.Quote(PageTitle(body), 80) }

// PageTitle returns the <title> of an HTML page as it reads, entities
// unescaped and white space folded, or "". It is not yet fit for a message:
// Client.Title makes it so. Case is folded for ASCII only, byte
// for byte, so offsets found in the folded copy hold in the original
// whatever bytes the page contains.
func PageTitle(body []byte) string {
	head := body[:min(len(body), 8192)]
	lower := make([]byte, len(head))
	for i, c := range head {
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		lower[i] = c
	}
	i := bytes.Index(lower, []byte("<title"))
	if i < 0 {
		return ""
	}
	gt := bytes.IndexByte(lower[i:], '>')
	if gt < 0 {
		return ""
	}
	start := i + gt + 1
	end := bytes.Index(lower[start:], []byte("</title"))
	if end < 0 {
		return ""
	}
	return strings.Join(strings.Fields(html.UnescapeString(string(head[start:start+end]))), " ")
}

// ParseObject is the first reading of a response body that should be a JSON
// object: d parses it, spaces trimmed, checking it once as json.Unmarshal
// would, so that the provider only reads it after. problem, when not "",
// says what came instead (nothing, another type, invalid JSON), for the
// provider's error; contentType is the response's Content-Type.
func (c *Client) ParseObject(d *jsondoc.Doc, body []byte, contentType string) (problem string) {
	body = bytes.TrimSpace(body)
	switch {
	case len(body) == 0:
		return "the server sent an empty response"
	case body[0] != '{':
		return c.NonJSON(body, contentType)
	case !d.Parse(body):
		var probe struct{}
		if err := json.Unmarshal(body, &probe); err != nil { // for the error's words
			return "the response is not valid JSON: " + model.Clip(err.Error(), 120)
		}
		return "the response is not valid JSON"
	}
	return ""
}

// NonJSON names what came back instead of a JSON object, for an error
// message: an HTML page by at most its title, never the page; a JSON list as
// one; another media type by its name. body is not empty.
func (c *Client) NonJSON(body []byte, contentType string) string {
	mediaType, _, _ := mime.ParseMediaType(contentType)
	if body[0] == '<' || strings.Contains(mediaType, "html") {
		msg := "the server sent an HTML page instead of JSON"
		if t := c.Title(body); t != "" {
			msg += fmt.Sprintf(" (titled %q)", t)
		}
		return msg
	}
	if body[0] == '[' {
		return "the response is a JSON list, not an object"
	}
	if mediaType != "" && !strings.Contains(mediaType, "json") {
		return fmt.Sprintf("the server sent %s instead of JSON", c.Quote(mediaType, 60))
	}
	return "the response is not JSON"
}

// StatusNamesKind reports whether status, on a response whose body is not
// JSON, says what went wrong better than the body can: the sign-in (401,
// 403), a rate limit (429), a wrong address (404) or the server (5xx). With
// any other status, such a body makes the response malformed.
func StatusNamesKind(status int) bool {
	switch {
	case status == http.StatusUnauthorized, status == http.StatusForbidden, status == http.StatusTooManyRequests,
		status == http.StatusNotFound, status >= 500:
		return true
	}
	return false
}

// DefaultMessage stands in when a provider gave no message of its own. It
// is worded with the provider's names for itself ("the console", "Domo"),
// for the credential it checks ("the API token") and for its log ("the
// audit trail").
func DefaultMessage(kind error, status int, provider, credential, log string) string {
	switch kind {
	case sources.ErrUnauthorized:
		return provider + " refused " + credential
	case sources.ErrForbidden:
		return provider + " refused access to " + log
	case sources.ErrRateLimited:
		return provider + " asked for fewer requests"
	}
	if t := http.StatusText(status); t != "" && status != http.StatusOK {
		return provider + " answered " + strings.ToLower(t)
	}
	return provider + " reported an error without a message"
}

// Clean makes text fit for a message: control characters and other unsafe
// runes shown as escapes, at most n bytes. Text that may hold a secret goes
// through Client.Quote instead.
func Clean(text string, n int) string { return model.Clip(model.Sanitize(text), n) }

// Quote is Clean for text the server sent: the client's secrets are taken
// out first, so that cutting the text short cannot leave half of one.
func (c *Client) Quote(text string, n int) string { return Clean(c.Redact(text), n) }
