package persist

import (
	"runtime"
	"syscall"
)

// writerNice is the nice value of a snapshot writer's thread: when the
// executor's thread and the writer's compete for a core, the kernel lets
// the executor run first, as it would favour Redis's main process over its
// saving child that keeps the CPU busy.
const writerNice = 10

// lowerThreadPriority binds the calling goroutine to its thread for good
// (the thread ends with the goroutine, so its lowered priority is never
// handed to another goroutine) and lowers that thread's priority. A failure
// is ignored: the writer then runs at the normal priority.
func lowerThreadPriority() {
	runtime.LockOSThread()
	_ = syscall.Setpriority(syscall.PRIO_PROCESS, syscall.Gettid(), writerNice)
}
