//go:build !(linux || darwin || freebsd || netbsd || openbsd || dragonfly)

package server

import "net"

// peerClosed cannot peek at the socket on this platform; hang-ups are found
// by the conn goroutine's read-ahead only.
func peerClosed(conn net.Conn) bool { return false }
