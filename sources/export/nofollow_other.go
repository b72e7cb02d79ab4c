//go:build !unix

package export

// noFollow is not needed where O_NOFOLLOW does not exist: O_EXCL alone
// refuses a path that names a link.
const noFollow = 0
