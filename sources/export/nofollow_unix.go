//go:build unix

package export

import "syscall"

// noFollow makes opening a path fail if its last component is a symbolic
// link. O_EXCL refuses one already; this says so twice, for safety.
const noFollow = syscall.O_NOFOLLOW
