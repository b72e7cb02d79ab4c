package cli

import "strings"

// SplitQuery tells the names in trail's arguments from the query: an
// argument that isName accepts (a source, a view, a demo) is a name; one
// that saved knows is that saved query's line; one that reads as a query
// (a term such as actor:alice, or several words) is query text; anything
// else is left as a name, for the caller to refuse as one it does not
// know. The config refuses a saved query named as a source or a view, so
// no argument is both. The query parts are joined, all to hold at once.
func SplitQuery(args []string, isName func(string) bool, saved func(string) (string, bool)) (names []string, query string) {
	var parts []string
	for _, a := range args {
		switch line, ok := saved(a); {
		case isName(a):
			names = append(names, a)
		case ok:
			parts = append(parts, line)
		case LooksLikeQuery(a):
			parts = append(parts, a)
		default:
			names = append(names, a)
		}
	}
	return names, strings.Join(parts, " ")
}

// LooksLikeQuery reports whether an argument is meant as a query rather
// than a name: it has a term's colon or tilde, a quote, a wildcard or
// white space, none of which a name may hold.
func LooksLikeQuery(arg string) bool {
	return strings.ContainsAny(arg, ":~\"* \t\n")
}
