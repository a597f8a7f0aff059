//go:build !linux

package persist

// lowerThreadPriority does nothing where threads have no nice value of
// their own (see the Linux version).
func lowerThreadPriority() {}
