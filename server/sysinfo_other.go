//go:build !linux

package server

import "runtime"

// unameString is INFO's os field; outside Linux only the OS name is known.
func unameString() string { return runtime.GOOS + " " + runtime.GOARCH }

// totalSystemMemory is unknown outside Linux.
func totalSystemMemory() uint64 { return 0 }

// residentMemory is unknown outside Linux.
func residentMemory() uint64 { return 0 }

// cpuTimes is unknown outside Linux.
func cpuTimes() (sysUs, userUs int64) { return 0, 0 }

// multiplexingAPI is INFO's multiplexing_api: what Go's netpoller uses.
const multiplexingAPI = "kqueue"
