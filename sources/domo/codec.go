package domo

import (
	"github.com/trail-dev/trail/sources"
)

// Codec reads Domo entries from files: trail exports and arrays of entries.
// A saved /v1/audit response is itself a bare array of entries, so there is
// no page envelope to recognise (Page is nil).
//
// An entry read alone gets the hash of its canonical JSON as its id, as on
// a page; only the "~2" of an identical twin needs the page around it, so in
// a file both twins carry the first one's id.
func Codec() sources.Codec {
	return sources.Codec{
		Provider: "domo",
		Entry:    decodeEntryWithID,
		Detect: func(has func(string) bool) bool {
			return has("actionType") && has("time") && (has("userName") || has("objectType") || has("eventText"))
		},
		Keys: []string{"actionType", "time"},
		Made: made(),
	}
}

// made is what mapEntry and the id write that is not copied from the entry
// (see sources.Codec.Made): the problem note, the target's quotes and
// parentheses (PAGE "Intro to Domo" (663909457)), the "(via user 9)" of
// someone acting for the user, and the id, a hash.
func made() []string {
	return append(sources.ProblemWords("entry", []string{"actionType", "userName", "userId", "objectType", "objectName",
		"objectId", "additionalComment", "eventText", "actorName", "actorType", "actorId", "ipAddress", "browserDetails", "device"},
		[]string{"time:"}),
		`"`, ` "`, `" (`, "(", ")", " (via ", "(via ", "user ", sources.MadeHex)
}
