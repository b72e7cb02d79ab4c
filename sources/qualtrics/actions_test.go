package qualtrics

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync/atomic"
	"testing"

	"github.com/trail-dev/trail/sources"
	"github.com/trail-dev/trail/sources/qualtrics/qualtricsemu"
)

// TestListActions reads /logs/activitytypes in both documented shapes.
func TestListActions(t *testing.T) {
	for _, described := range []bool{false, true} {
		em, src := startEmulator(t, qualtricsemu.Options{Events: 5, DescribedTypes: described}, 10)
		names, err := src.ListActions(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if len(names) != len(qualtricsemu.ActivityTypes())+1 || names[0] != "logins" || !slices.Contains(names, "response_exports") || names[len(names)-1] != AllTypes {
			t.Errorf("described=%v: %v", described, names)
		}
		r := em.Requests()[0]
		if r.Path != "/API/v3/logs/activitytypes" || r.Header.Get("X-API-TOKEN") != testToken {
			t.Errorf("request %s with token %q", r.Path, r.Header.Get("X-API-TOKEN"))
		}
		typ, ok := src.types.lookup("role_membership_change")
		if !ok || typ.listed == described || (!described && !slices.Equal(typ.filters, []string{"userId", "organizationId", "groupId"})) {
			t.Errorf("described=%v: role_membership_change read as %+v", described, typ)
		}
	}
}

// TestListActionsPaging: a list of activity types that pages (it is one page
// in every answer seen) is followed by token or URL, and a loop ends it.
func TestListActionsPaging(t *testing.T) {
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		switch r.URL.Query().Get("skipToken") {
		case "":
			fmt.Fprint(w, `{"result":{"elements":["logins",{"name":"users"}],"nextPage":"t2"},"meta":{}}`)
		case "t2":
			fmt.Fprintf(w, `{"result":{"elements":[{"name":"brands","additionalFilters":["organizationId"]},{"nope":1}],"nextPage":"http://%s/API/v3/logs/activitytypes?skipToken=t3"},"meta":{}}`, r.Host)
		default:
			fmt.Fprint(w, `{"result":{"elements":["logins",{"name":"contact"}],"nextPage":"t2"},"meta":{}}`)
		}
	}))
	t.Cleanup(srv.Close)
	names, err := client(srv, Config{}).ListActions(context.Background())
	if err != nil || !slices.Equal(names, []string{"logins", "users", "brands", "contact", AllTypes}) {
		t.Errorf("types %v, %v", names, err)
	}
	if calls.Load() != 3 {
		t.Errorf("%d requests; the repeated token should end the list", calls.Load())
	}

	away := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `{"result":{"elements":["logins"],"nextPage":"https://elsewhere.example/API/v3/logs/activitytypes?skipToken=x"},"meta":{}}`)
	}))
	t.Cleanup(away.Close)
	_, err = client(away, Config{}).ListActions(context.Background())
	checks.Error(t, err, sources.ErrBadQuery, 0, "elsewhere.example")
}

// TestListActionsErrors: a refusal is reported as for events.
func TestListActionsErrors(t *testing.T) {
	_, srv := serve(t, qualtricsemu.Options{Token: "other", Events: 5})
	_, err := client(srv, Config{}).ListActions(context.Background())
	checks.Error(t, err, sources.ErrUnauthorized, 401, "DCD_7")
	src, _ := startCanned(t, 200, "application/json", `{"result":{"elements":{"a":1}},"meta":{}}`, nil)
	_, err = src.ListActions(context.Background())
	checks.Error(t, err, sources.ErrMalformed, 200, "not a list")
}

func TestIsUserID(t *testing.T) {
	for in, want := range map[string]bool{
		"UR_cVcNH0elQesua8J": true, "UR_1234567890": true, "UR_123456789": false, "ur_cVcNH0elQesua8J": false,
		"UR_cVcNH0el-esua8J": false, "xUR_cVcNH0elQesua8J": false, "": false, "UR_" + "a2345678901234567890123456": false,
	} {
		if got := isUserID(in); got != want {
			t.Errorf("isUserID(%q) = %v", in, got)
		}
	}
}
