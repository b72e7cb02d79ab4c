package transport_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/trail-dev/trail/sources/transport"
)

// TestResolve: each field comes from the first layer that sets it, a
// number at or below zero counting as unset, and the provider is named.
func TestResolve(t *testing.T) {
	own, cfgClient := &http.Client{}, &http.Client{}
	clock := func() time.Time { return time.Unix(7, 0) }
	o := transport.Resolve("p",
		transport.Options{Provider: "ignored", Timeout: 3 * time.Second, MaxBody: -1, MaxWait: 0, Client: own},
		transport.Options{Client: cfgClient, MaxBody: 10, Now: clock, Timeout: time.Hour},
		transport.Options{MaxBody: 20, MaxWait: time.Minute, Attempts: 2},
	)
	if o.Provider != "p" || o.Client != own || o.Timeout != 3*time.Second || o.MaxBody != 10 || o.MaxWait != time.Minute || o.Attempts != 2 {
		t.Errorf("Resolve = provider %q, own client %v, timeout %v, max body %d, max wait %v, attempts %d",
			o.Provider, o.Client == own, o.Timeout, o.MaxBody, o.MaxWait, o.Attempts)
	}
	if o.Now == nil || !o.Now().Equal(time.Unix(7, 0)) || o.Wait != nil || o.Pace != nil || o.Log != nil {
		t.Errorf("Resolve: now set %v, wait set %v, pace set %v, log %v", o.Now != nil, o.Wait != nil, o.Pace != nil, o.Log)
	}
	if z := transport.Resolve("q"); z.Provider != "q" || z.MaxBody != 0 || z.Client != nil {
		t.Errorf("Resolve with no layers = %+v", z)
	}
}

// TestNewDefaults: New fills what its options leave unset with the
// defaults Options documents, and keeps what they set.
func TestNewDefaults(t *testing.T) {
	o := transport.New(transport.Options{Provider: "p"}).Options()
	if o.Provider != "p" || o.Timeout != 60*time.Second || o.ConnectTimeout != 10*time.Second || o.MaxBody != 64<<20 ||
		o.Attempts != 3 || o.Backoff != 500*time.Millisecond || o.MaxWait != 90*time.Second ||
		o.WaitCeiling != transport.DefaultWaitCeiling || o.RateLimitWaits != 5 {
		t.Errorf("defaults: %+v", o)
	}
	if o.Wait == nil || o.Now == nil || o.Client == nil || o.Pace != nil || o.Log != nil {
		t.Errorf("defaults: wait %v, clock %v, client %v set, pace %v, log %v unset", o.Wait != nil, o.Now != nil, o.Client != nil, o.Pace != nil, o.Log != nil)
	}
	set := transport.New(transport.Options{Timeout: time.Second, Attempts: 7, MaxWait: -1}).Options()
	if set.Timeout != time.Second || set.Attempts != 7 || set.MaxWait != 90*time.Second {
		t.Errorf("set: timeout %v, attempts %d, max wait %v; want 1s, 7, the default for a negative wait", set.Timeout, set.Attempts, set.MaxWait)
	}
}
