//go:build !linux

package server

import "net"

// rawIO is Linux-only (rawio_linux.go); elsewhere connections use net.Conn.
type rawIO struct{}

func newRawIO(net.Conn) *rawIO { return nil }

func (*rawIO) Read([]byte) (int, error)  { panic("unreachable") }
func (*rawIO) Write([]byte) (int, error) { panic("unreachable") }
