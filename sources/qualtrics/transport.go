package qualtrics

import (
	"context"
	"fmt"
	"net/http"

	"github.com/trail-dev/trail/sources/transport"
)

// defaultMaxBody caps how much of one response is read: a page of 1000
// events is a few megabytes at most, so anything near this is not a page.
const defaultMaxBody = 64 << 20

// get sends one GET with the source's credentials through the transport,
// which retries what can be retried, sits out short rate limits and caps
// what it reads. With an OAuth client, a 401 means the access token was
// refused: it is dropped, a new one fetched, and the request tried once more.
func (s *Source) get(ctx context.Context, target string) (*transport.Response, error) {
	for attempt := 0; ; attempt++ {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, target, nil)
		if err != nil {
			return nil, fmt.Errorf("qualtrics: base_url cannot be used for a request (%s)", sourceRef(s.name))
		}
		used, err := s.authorize(ctx, req)
		if err != nil {
			return nil, err
		}
		resp, err := s.send(ctx, req)
		if err != nil {
			return nil, err
		}
		if resp.Status == http.StatusUnauthorized && s.oauth != nil && attempt == 0 {
			s.oauth.drop(used)
			continue
		}
		return resp, nil
	}
}

// authorize puts the credentials on req: the API token, or a bearer token
// from the OAuth client. It returns the bearer token used, if any.
func (s *Source) authorize(ctx context.Context, req *http.Request) (string, error) {
	if s.oauth == nil {
		req.Header.Set("X-API-TOKEN", s.token)
		return "", nil
	}
	tok, err := s.bearer(ctx)
	if err != nil {
		return "", err
	}
	req.Header.Set("Authorization", "Bearer "+tok)
	return tok, nil
}

// send does one request through the transport. Its errors are already
// *sources.Error without secrets, or the context's error wrapped.
func (s *Source) send(ctx context.Context, req *http.Request) (*transport.Response, error) {
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", "trail")
	return s.http.Do(ctx, req)
}
