//go:build linux

package server

import (
	"os"
	"strconv"
	"strings"
	"syscall"
)

// unameString is INFO's os field: "Linux 6.1.0 x86_64", as uname -srm.
func unameString() string {
	var u syscall.Utsname
	if err := syscall.Uname(&u); err != nil {
		return "Linux"
	}
	return cstr(u.Sysname[:]) + " " + cstr(u.Release[:]) + " " + cstr(u.Machine[:])
}

func cstr[T int8 | uint8](b []T) string {
	out := make([]byte, 0, len(b))
	for _, c := range b {
		if c == 0 {
			break
		}
		out = append(out, byte(c))
	}
	return string(out)
}

// totalSystemMemory is the machine's RAM in bytes, 0 if unknown.
func totalSystemMemory() uint64 {
	var si syscall.Sysinfo_t
	if err := syscall.Sysinfo(&si); err != nil {
		return 0
	}
	return uint64(si.Totalram) * uint64(si.Unit)
}

// residentMemory is the process's resident set size in bytes, 0 if unknown
// (Redis's zmalloc_get_rss reads the same /proc file).
func residentMemory() uint64 {
	b, err := os.ReadFile("/proc/self/statm")
	if err != nil {
		return 0
	}
	f := strings.Fields(string(b))
	if len(f) < 2 {
		return 0
	}
	pages, err := strconv.ParseUint(f[1], 10, 64)
	if err != nil {
		return 0
	}
	return pages * uint64(os.Getpagesize())
}

// cpuTimes returns the process's system and user CPU time in µs.
func cpuTimes() (sysUs, userUs int64) {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0, 0
	}
	return int64(ru.Stime.Sec)*1e6 + int64(ru.Stime.Usec), int64(ru.Utime.Sec)*1e6 + int64(ru.Utime.Usec)
}

// multiplexingAPI is INFO's multiplexing_api: what Go's netpoller uses.
const multiplexingAPI = "epoll"
