package jsondoc

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
)

// TestFieldsAsUnmarshal: Fields finds a member as json.Unmarshal does for
// a struct of json.RawMessage fields with those names, whatever the case,
// escapes or folding, and nothing else. The name sets are those the
// providers read.
func TestFieldsAsUnmarshal(t *testing.T) {
	t.Parallel()
	for _, names := range [][]string{
		{"result", "meta"}, {"elements", "nextPage"}, {"id", "timestamp", "descriptor"},
		{"userId", "username", "sessionId", "isSuccessful", "failureReason", "isProxyLogin", "product", "ipAddress", "location",
			"authentication", "platform", "terminationTimestamp", "agentUserId", "reason"},
		{"City", "Region", "CountryCode"}, {"UserAgent", "UserAgentVersion", "OperatingSystem", "OperatingSystemVersion"}, {"Method", "SecondFactor"},
		{"id", "action_type", "user", "flock_id", "flock_name", "message", "user_ip", "user_browser_agent", "timestamp"},
		{"actionType", "actorId", "actorName", "actorType", "additionalComment", "browserDetails", "device", "eventText", "ipAddress",
			"objectId", "objectName", "objectType", "time", "userId", "userName"},
		{"type", "pages", "activity_logs", "errors"}, {"id", "performed_by", "metadata", "created_at", "activity_type", "activity_description"},
		{"id", "email", "name", "ip"}, {"k", "s", "ks"},
	} {
		fs := NewFields(names...)
		var fields []reflect.StructField
		for i, n := range names {
			fields = append(fields, reflect.StructField{
				Name: "F" + strings.Repeat("x", i), Type: reflect.TypeFor[json.RawMessage](), Tag: reflect.StructTag(`json:"` + n + `"`),
			})
		}
		typ := reflect.StructOf(fields)
		var keys []string
		for _, n := range names {
			keys = append(keys, n, strings.ToUpper(n), strings.ToLower(n), n+"x", n[1:], strings.ReplaceAll(n, "s", "ſ"),
				strings.ReplaceAll(strings.ToLower(n), "k", "\u212a"), `\u00`+hex2(n[0])+n[1:], `\u00`+hex2(n[0]|0x20)+strings.ToUpper(n[1:]),
				n[:1]+`\"`+n[1:], n+"\xff", n[:len(n)-1]+`\u017f`, n[:1]+"\xff"+n[min(2, len(n)):])
		}
		for _, key := range keys {
			raw := []byte(`{"` + key + `":1}`)
			if !json.Valid(raw) {
				continue
			}
			v := reflect.New(typ)
			if err := json.Unmarshal(raw, v.Interface()); err != nil {
				t.Fatal(err)
			}
			want := -1
			for i := range names {
				if len(v.Elem().Field(i).Bytes()) > 0 {
					want = i
				}
			}
			var d Doc
			d.Parse(raw)
			dst := make([]Value, len(names))
			d.Fields(d.Root(), fs, dst)
			got := -1
			for i := range dst {
				if len(d.Raw(dst[i])) > 0 {
					got = i
				}
			}
			if got != want {
				t.Errorf("%v: key %q fills %d, json.Unmarshal %d", names, key, got, want)
			}
		}
	}
}

// TestFieldsLastWins: of a repeated member, in any case, the last fills
// the field, as in json.Unmarshal.
func TestFieldsLastWins(t *testing.T) {
	t.Parallel()
	raw := []byte(`{"ID":"a","x":{"id":"nested"},"id":"b","iD":"c","name":[1]}`)
	var d Doc
	d.Parse(raw)
	dst := make([]Value, 2)
	d.Fields(d.Root(), NewFields("id", "name"), dst)
	if string(d.Raw(dst[0])) != `"c"` || string(d.Raw(dst[1])) != `[1]` {
		t.Errorf("id %s, name %s", d.Raw(dst[0]), d.Raw(dst[1]))
	}
}

// TestNewFieldsRefuses names Index could not match as json.Unmarshal does.
func TestNewFieldsRefuses(t *testing.T) {
	t.Parallel()
	for _, names := range [][]string{{"id", "ID"}, {"caf\u00e9"}, {`a"b`}, {strings.Repeat("x", 32)}, {"a\\b"}} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("NewFields(%q) did not panic", names)
				}
			}()
			NewFields(names...)
		}()
	}
}

func hex2(c byte) string {
	const digits = "0123456789abcdef"
	return string([]byte{digits[c>>4], digits[c&15]})
}
