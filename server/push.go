package server

// maxAsyncBytes bounds a client's unsent pushes (MONITOR lines, pub/sub
// messages): past it the client is disconnected, as Redis does when
// client-output-buffer-limit is exceeded, so a slow consumer cannot make the
// server run out of memory.
const maxAsyncBytes = 32 << 20

// pushAsync queues an out-of-band reply for c, written by c's push writer.
// Executor goroutine.
func (s *Server) pushAsync(c *client, b []byte) {
	c.amu.Lock()
	over := len(c.async)+len(b) > maxAsyncBytes
	if !over {
		c.async = append(c.async, b...)
	}
	c.amu.Unlock()
	if over {
		s.log.Warningf("Client id=%d addr=%s scheduled to be closed ASAP for overcoming of output buffer limits.", c.ID, c.addr)
		c.flags |= flagCloseASAP
		c.closeConn()
		return
	}
	select {
	case c.asyncKick <- struct{}{}:
	default:
	}
}

// startPusher starts c's push writer once. Conn goroutine, after a batch's
// replies are written, so pushes never overtake the reply that enabled them.
func (c *client) startPusher(stop <-chan struct{}) {
	if !c.wantPusher.Load() || !c.pushing.CompareAndSwap(false, true) {
		return
	}
	go func() {
		var buf []byte
		for {
			select {
			case <-c.asyncKick:
			case <-stop:
				return
			}
			c.amu.Lock()
			buf, c.async = c.async, buf[:0]
			c.amu.Unlock()
			if len(buf) == 0 {
				continue
			}
			c.wmu.Lock()
			_, err := c.conn.Write(buf)
			c.wmu.Unlock()
			if err != nil {
				c.closeConn()
				return
			}
		}
	}()
}
