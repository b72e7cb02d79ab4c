package qualtrics

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"sync"

	"github.com/trail-dev/trail/model"
	"github.com/trail-dev/trail/sources"
)

// maxTypePages bounds the walk over /logs/activitytypes, which is one page in
// every answer seen; a longer one is cut short rather than followed forever.
const maxTypePages = 20

// ActivityTypes lists the activity types offered in the filter pane before
// the source has read /logs/activitytypes: the ones public clients use. Any
// other type Qualtrics lists or the user types is used as it is.
func ActivityTypes() []string {
	return []string{
		"logins", "session_creations", "session_terminations", "password_changes", "password_resets",
		"users", "brands", "role_membership_change", "role_permission_change", "user_permission_change",
		"contact_list", "contact", "directory", "directory_setting", "dashboard_usage",
	}
}

// userTypes are the types whose descriptors carry the user, and which are
// therefore assumed to take the userId filter when /logs/activitytypes does
// not say which filters a type takes.
func userTypes() []string {
	return []string{"logins", "session_creations", "session_terminations", "password_changes", "password_resets"}
}

// activityType is one element of /logs/activitytypes.
type activityType struct {
	name    string
	filters []string // additionalFilters, where listed
	listed  bool     // whether the element said which filters it takes
}

// typeCache keeps the last list of activity types read, so a query's type can
// be spelled as Qualtrics spells it and its filters known.
type typeCache struct {
	mu    sync.Mutex
	types []activityType
}

func (c *typeCache) names() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := make([]string, len(c.types))
	for i, t := range c.types {
		out[i] = t.name
	}
	return out
}

func (c *typeCache) lookup(name string) (activityType, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, t := range c.types {
		if strings.EqualFold(t.name, name) {
			return t, true
		}
	}
	return activityType{}, false
}

func (c *typeCache) store(types []activityType) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.types = types
}

// ListActions implements sources.ActionLister with /logs/activitytypes, and
// adds AllTypes, which reads every type listed, merged by time.
func (s *Source) ListActions(ctx context.Context) ([]string, error) {
	if s.base == nil {
		return nil, fmt.Errorf("qualtrics: base_url must be an absolute URL like https://iad1.qualtrics.com/API/v3 (%s)", sourceRef(s.name))
	}
	endpoint := s.base.JoinPath("logs", "activitytypes")
	target := endpoint.String()
	var types []activityType
	seen := map[string]bool{}
	for range maxTypePages {
		resp, err := s.get(ctx, target)
		if err != nil {
			return nil, err
		}
		l, _, err := s.readEnvelope(resp, false)
		if err != nil {
			return nil, s.redact(err)
		}
		var raws []json.RawMessage
		if !model.IsJSONNull(l.Elements) && json.Unmarshal(l.Elements, &raws) != nil {
			return nil, s.newError(sources.ErrMalformed, resp.Status, "the activity types' result.elements is not a list", malformedHint)
		}
		for _, raw := range raws {
			if t, ok := decodeType(raw); ok && !slices.ContainsFunc(types, func(o activityType) bool { return o.name == t.name }) {
				types = append(types, t)
			}
		}
		next, err := nextPage(l.NextPage)
		if err != nil || next == "" || seen[next] {
			break
		}
		seen[next] = true
		if target, err = s.typesPage(endpoint, next); err != nil {
			return nil, err
		}
	}
	s.types.store(types)
	names := make([]string, 0, len(types)+1)
	for _, t := range types {
		names = append(names, t.name)
	}
	// "all" is offered with them: the filter pane's way to read every type.
	return append(names, AllTypes), nil
}

// typesPage is the request for the next page of activity types.
func (s *Source) typesPage(endpoint *url.URL, next string) (string, error) {
	if lower := strings.ToLower(next); strings.HasPrefix(lower, "http://") || strings.HasPrefix(lower, "https://") || strings.HasPrefix(next, "/") {
		u, err := s.base.Parse(next)
		if err != nil {
			return "", s.newError(sources.ErrMalformed, 0, "the activity types' nextPage is not a usable URL", malformedHint)
		}
		if !s.sameOriginAsBase(u) {
			return "", s.awayError(strings.ToLower(u.Host))
		}
		return u.String(), nil
	}
	u := *endpoint
	u.RawQuery = url.Values{"skipToken": {next}}.Encode()
	return u.String(), nil
}

// decodeType reads an element: {name, additionalFilters} in one client's
// schema, {name, description, category} in another's, or a plain name.
func decodeType(raw json.RawMessage) (activityType, bool) {
	if name, err := jsonText(raw); err == nil {
		name = strings.TrimSpace(name)
		return activityType{name: name}, name != ""
	}
	var w struct {
		Name              json.RawMessage `json:"name"`
		AdditionalFilters json.RawMessage `json:"additionalFilters"`
	}
	if json.Unmarshal(raw, &w) != nil {
		return activityType{}, false
	}
	name, _ := jsonText(w.Name)
	t := activityType{name: strings.TrimSpace(name)}
	var filters []json.RawMessage
	if !model.IsJSONNull(w.AdditionalFilters) && json.Unmarshal(w.AdditionalFilters, &filters) == nil {
		t.listed = true
		for _, f := range filters {
			if s, err := jsonText(f); err == nil && s != "" {
				t.filters = append(t.filters, s)
			}
		}
	}
	return t, t.name != ""
}

// userFilter is the userId to send for an actor filter: the actor itself
// when it is a whole Qualtrics user id and the type takes userId, else "".
// The page is trimmed to the actor either way.
func (s *Source) userFilter(typ, actor string) string {
	if !isUserID(actor) {
		return ""
	}
	if t, ok := s.types.lookup(typ); ok && t.listed {
		if slices.Contains(t.filters, "userId") {
			return actor
		}
		return ""
	}
	if slices.Contains(userTypes(), strings.ToLower(typ)) {
		return actor
	}
	return ""
}

// isUserID reports whether s is a Qualtrics user id, like UR_cVcNH0elQesua8J.
func isUserID(s string) bool {
	rest, ok := strings.CutPrefix(s, "UR_")
	if !ok || len(rest) < 10 || len(rest) > 24 {
		return false
	}
	for _, r := range rest {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			return false
		}
	}
	return true
}
