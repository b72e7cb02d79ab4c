package sources

// MadeHex, in Codec.Made, says Entry may write a run of hexadecimal digits
// it computed (Domo's ids, a hash of the entry).
const MadeHex = "\x00hex"

// MadeClock, in Codec.Made, says Entry may write a time it formatted as
// "2026-11-20 10:00:00 UTC" (Qualtrics' end of a session).
const MadeClock = "\x00clock"

// ProblemWords is the part of a Codec's Made that a decoder writes through
// model.Problems: the note "could not read all of this entry (user is an
// object, not text; timestamp: time "x" is in no known format): message",
// what being "entry" or "event". texts are the names it reads text fields
// under (jsondoc's and model.JSONText's errors), times those it reads times
// under, with their colon ("timestamp:"; model.ParseJSONTime's errors,
// which quote the time as Go does: an object or a list has its quotes
// escaped, \"), and others any whole problem it writes ("metadata is not
// an object"). Each problem comes with what stands on either side of it:
// the note's opening or "; " before, "; " or its end after.
func ProblemWords(what string, texts, times []string, others ...string) []string {
	words := []string{"^could not read all of this " + what + " (", "): ", `\"`, "…", MadeNumber}
	var problems []string
	for _, f := range texts {
		for _, err := range []string{"is an object, not text", "is a list, not text", "is not valid text"} {
			problems = append(problems, f+" "+err)
		}
	}
	for _, f := range times {
		problems = append(problems, f+" empty time")
	}
	problems = append(problems, others...)
	for _, before := range []string{"(", "; "} {
		for _, p := range problems {
			words = append(words, before+p+")", before+p+"; ")
		}
		// A time's text or number stands between these.
		for _, f := range times {
			words = append(words, before+f+` time "`, before+f+" time ")
		}
	}
	for _, after := range []string{")", "; "} {
		for _, end := range []string{`" is out of range`, `" is not a number`, `" is in no known format`, " is not a number", " is out of range"} {
			words = append(words, end+after)
		}
	}
	return words
}
