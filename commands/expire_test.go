package commands

import (
	"strconv"
	"testing"
)

func TestExpireErrors(t *testing.T) {
	nxErr := "-ERR NX and XX, GT or LT options at the same time are not compatible\r\n"
	gtltErr := "-ERR GT and LT options at the same time are not compatible\r\n"
	runKeyspaceCases(t, []cmdCase{
		{name: "arity expire", cmd: "EXPIRE k", want: "-ERR wrong number of arguments for 'expire' command\r\n"},
		{name: "arity pexpire", cmd: "PEXPIRE k", want: "-ERR wrong number of arguments for 'pexpire' command\r\n"},
		{name: "arity expireat", cmd: "EXPIREAT", want: "-ERR wrong number of arguments for 'expireat' command\r\n"},
		{name: "arity pexpireat", cmd: "PEXPIREAT k", want: "-ERR wrong number of arguments for 'pexpireat' command\r\n"},
		{name: "not int", cmd: "EXPIRE k abc", want: notInt},
		{name: "float", cmd: "PEXPIRE k 1.5", want: notInt},
		{name: "empty", cmd: `EXPIREAT k ""`, want: notInt},
		{name: "unsupported", cmd: "EXPIRE k 10 foo", want: "-ERR Unsupported option foo\r\n"},
		{name: "unsupported before number", cmd: "EXPIRE k abc foo", want: "-ERR Unsupported option foo\r\n"},
		{name: "unsupported after flag", cmd: "EXPIRE k 10 NX bar", want: "-ERR Unsupported option bar\r\n"},
		{name: "unsupported crlf", cmd: `EXPIRE k 10 "a\r\nb"`, want: "-ERR Unsupported option a  b\r\n"},
		{name: "combo before number", cmd: "EXPIRE k abc NX XX", want: nxErr},
		{name: "nx xx", cmd: "EXPIRE k 10 NX XX", want: nxErr},
		{name: "xx nx", cmd: "EXPIRE k 10 xx nx", want: nxErr},
		{name: "nx gt", cmd: "PEXPIRE k 10 NX GT", want: nxErr},
		{name: "nx lt", cmd: "EXPIREAT k 10 NX LT", want: nxErr},
		{name: "gt lt", cmd: "PEXPIREAT k 10 GT LT", want: gtltErr},
		{name: "xx gt lt", cmd: "EXPIRE k 10 XX GT LT", want: gtltErr},
		{name: "nx gt lt", cmd: "EXPIRE k 10 NX GT LT", want: nxErr},
		{name: "overflow seconds", cmd: "EXPIRE k 9223372036854775807", want: "-ERR invalid expire time in 'expire' command\r\n"},
		{name: "overflow seconds neg", cmd: "EXPIRE k -9223372036854776", want: "-ERR invalid expire time in 'expire' command\r\n"},
		{name: "overflow base", cmd: "EXPIRE k 9223372036854775", want: "-ERR invalid expire time in 'expire' command\r\n"},
		{name: "overflow ms base", cmd: "PEXPIRE k 9223372036854775807", want: "-ERR invalid expire time in 'pexpire' command\r\n"},
		{name: "overflow expireat", cmd: "EXPIREAT k 9223372036854776", want: "-ERR invalid expire time in 'expireat' command\r\n"},
		{name: "no overflow expireat", setup: []string{"SET k v"}, cmd: "EXPIREAT k 9223372036854775", want: ":1\r\n"},
		{name: "no overflow pexpireat", setup: []string{"SET k v"}, cmd: "PEXPIREAT k 9223372036854775807", want: ":1\r\n"},
		{name: "pexpireat too big", cmd: "PEXPIREAT k 9223372036854775808", want: notInt},
		{name: "missing key", cmd: "EXPIRE k 10", want: ":0\r\n"},
		{name: "missing key past", cmd: "EXPIRE k -10", want: ":0\r\n"},
	})
}

func TestExpireFlags(t *testing.T) {
	runKeyspaceCases(t, []cmdCase{
		{name: "set", setup: []string{"SET k v"}, cmd: "EXPIRE k 100", want: ":1\r\n"},
		{name: "ttl", setup: []string{"SET k v", "EXPIRE k 100"}, cmd: "TTL k", want: ":100\r\n"},
		{name: "nx no ttl", setup: []string{"SET k v"}, cmd: "EXPIRE k 100 NX", want: ":1\r\n"},
		{name: "nx ttl", setup: []string{"SET k v", "EXPIRE k 100"}, cmd: "EXPIRE k 200 NX", want: ":0\r\n"},
		{name: "nx kept", setup: []string{"SET k v", "EXPIRE k 100", "EXPIRE k 200 NX"}, cmd: "TTL k", want: ":100\r\n"},
		{name: "xx no ttl", setup: []string{"SET k v"}, cmd: "EXPIRE k 100 XX", want: ":0\r\n"},
		{name: "xx no ttl kept", setup: []string{"SET k v", "EXPIRE k 100 XX"}, cmd: "TTL k", want: ":-1\r\n"},
		{name: "xx ttl", setup: []string{"SET k v", "EXPIRE k 100"}, cmd: "EXPIRE k 200 XX", want: ":1\r\n"},
		{name: "gt no ttl", setup: []string{"SET k v"}, cmd: "EXPIRE k 100 GT", want: ":0\r\n"},
		{name: "gt greater", setup: []string{"SET k v", "EXPIRE k 100"}, cmd: "EXPIRE k 200 GT", want: ":1\r\n"},
		{name: "gt equal", setup: []string{"SET k v", "EXPIRE k 100"}, cmd: "EXPIRE k 100 GT", want: ":0\r\n"},
		{name: "gt less", setup: []string{"SET k v", "EXPIRE k 100"}, cmd: "EXPIRE k 50 GT", want: ":0\r\n"},
		{name: "lt no ttl", setup: []string{"SET k v"}, cmd: "EXPIRE k 100 LT", want: ":1\r\n"},
		{name: "lt less", setup: []string{"SET k v", "EXPIRE k 100"}, cmd: "EXPIRE k 50 LT", want: ":1\r\n"},
		{name: "lt equal", setup: []string{"SET k v", "EXPIRE k 100"}, cmd: "EXPIRE k 100 LT", want: ":0\r\n"},
		{name: "lt greater", setup: []string{"SET k v", "EXPIRE k 100"}, cmd: "EXPIRE k 200 LT", want: ":0\r\n"},
		{name: "xx gt", setup: []string{"SET k v", "EXPIRE k 100"}, cmd: "EXPIRE k 200 XX GT", want: ":1\r\n"},
		{name: "xx gt no ttl", setup: []string{"SET k v"}, cmd: "EXPIRE k 200 XX GT", want: ":0\r\n"},
		{name: "xx lt no ttl", setup: []string{"SET k v"}, cmd: "EXPIRE k 200 XX LT", want: ":0\r\n"},
		{name: "repeated", setup: []string{"SET k v", "EXPIRE k 100"}, cmd: "EXPIRE k 200 xx XX gt GT", want: ":1\r\n"},
		{name: "lt past deletes", setup: []string{"SET k v", "EXPIRE k 100", "EXPIRE k 0 LT"}, cmd: "EXISTS k", want: ":0\r\n"},
		{name: "gt past refused", setup: []string{"SET k v", "EXPIRE k 100", "EXPIRE k -1 GT"}, cmd: "TTL k", want: ":100\r\n"},
		{name: "nx past deletes", setup: []string{"SET k v", "EXPIRE k -1 NX"}, cmd: "EXISTS k", want: ":0\r\n"},
		{name: "pexpire", setup: []string{"SET k v", "PEXPIRE k 1500"}, cmd: "PTTL k", want: ":1500\r\n"},
		{name: "expireat", setup: []string{"SET k v", "EXPIREAT k 1700000100"}, cmd: "TTL k", want: ":100\r\n"},
		{name: "pexpireat", setup: []string{"SET k v", "PEXPIREAT k 1700000000250"}, cmd: "PTTL k", want: ":250\r\n"},
	})
}

func TestExpirePropagation(t *testing.T) {
	at := func(ms int64) string { return strconv.FormatInt(ms, 10) }
	cases := []struct {
		name string
		cmd  string
		want []string
	}{
		{"expire", "EXPIRE k 100", []string{"PEXPIREAT k " + at(harnessStart+100_000)}},
		{"expire flags kept", "expire k 100 nx", []string{"PEXPIREAT k " + at(harnessStart+100_000) + " nx"}},
		{"pexpire", "PEXPIRE k 1234", []string{"PEXPIREAT k " + at(harnessStart+1234)}},
		{"expireat", "EXPIREAT k 1800000000", []string{"PEXPIREAT k 1800000000000"}},
		{"pexpireat as sent", "pexpireat k 1800000000001 LT", []string{"pexpireat k 1800000000001 LT"}},
		{"past", "EXPIRE k -1", []string{"DEL k"}},
		{"past zero", "PEXPIRE k 0", []string{"DEL k"}},
		{"now", "PEXPIREAT k " + at(harnessStart), []string{"DEL k"}},
		{"refused", "EXPIRE k 100 XX", nil},
		{"missing", "EXPIRE nope 100", nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t)
			h.do("SET k v")
			h.propagated, h.hooks.events, h.hooks.modified = nil, nil, nil
			h.do(tc.cmd)
			checkStrings(t, "propagated", h.propagated, tc.want)
		})
	}
}

func TestExpireSignals(t *testing.T) {
	h := newHarness(t)
	h.do("SET k v")
	h.hooks.events, h.hooks.modified = nil, nil
	h.do("EXPIRE k 100")
	h.do("PERSIST k")
	h.do("PERSIST k")
	h.do("EXPIRE k 0")
	checkStrings(t, "events", h.hooks.events, []string{"expire:k", "persist:k", "del:k"})
	checkStrings(t, "modified", h.hooks.modified, []string{"k", "k", "k"})
	if h.srv.Stats.ExpiredKeys != 0 {
		t.Errorf("EXPIRE in the past counted as an expiry")
	}
}

func TestExpireWhileLoading(t *testing.T) {
	h := newHarness(t)
	h.do("SET k v")
	h.srv.Loading = true
	if got := h.do("PEXPIREAT k 1"); got != ":1\r\n" {
		t.Fatalf("PEXPIREAT while loading = %q", got)
	}
	if e := h.c.DB.Find([]byte("k")); e == nil || e.Expire != 1 {
		t.Fatalf("loading: key deleted or expire not set: %+v", e)
	}
	h.srv.Loading = false
	if got := h.do("GET k"); got != "$-1\r\n" {
		t.Errorf("after loading: GET = %q", got)
	}
}

func TestTTL(t *testing.T) {
	runKeyspaceCases(t, []cmdCase{
		{name: "ttl arity", cmd: "TTL", want: "-ERR wrong number of arguments for 'ttl' command\r\n"},
		{name: "pttl arity", cmd: "PTTL a b", want: "-ERR wrong number of arguments for 'pttl' command\r\n"},
		{name: "expiretime arity", cmd: "EXPIRETIME", want: "-ERR wrong number of arguments for 'expiretime' command\r\n"},
		{name: "pexpiretime arity", cmd: "PEXPIRETIME", want: "-ERR wrong number of arguments for 'pexpiretime' command\r\n"},
		{name: "persist arity", cmd: "PERSIST", want: "-ERR wrong number of arguments for 'persist' command\r\n"},
		{name: "ttl missing", cmd: "TTL k", want: ":-2\r\n"},
		{name: "pttl missing", cmd: "PTTL k", want: ":-2\r\n"},
		{name: "expiretime missing", cmd: "EXPIRETIME k", want: ":-2\r\n"},
		{name: "pexpiretime missing", cmd: "PEXPIRETIME k", want: ":-2\r\n"},
		{name: "ttl none", setup: []string{"SET k v"}, cmd: "TTL k", want: ":-1\r\n"},
		{name: "pttl none", setup: []string{"SET k v"}, cmd: "PTTL k", want: ":-1\r\n"},
		{name: "expiretime none", setup: []string{"SET k v"}, cmd: "EXPIRETIME k", want: ":-1\r\n"},
		{name: "pexpiretime none", setup: []string{"SET k v"}, cmd: "PEXPIRETIME k", want: ":-1\r\n"},
		{name: "ttl rounds down", setup: []string{"SET k v", "PEXPIRE k 1499"}, cmd: "TTL k", want: ":1\r\n"},
		{name: "ttl rounds up", setup: []string{"SET k v", "PEXPIRE k 1500"}, cmd: "TTL k", want: ":2\r\n"},
		{name: "ttl small", setup: []string{"SET k v", "PEXPIRE k 1"}, cmd: "TTL k", want: ":0\r\n"},
		{name: "expiretime", setup: []string{"SET k v", "PEXPIREAT k 99999999999499"}, cmd: "EXPIRETIME k", want: ":99999999999\r\n"},
		{name: "expiretime rounds", setup: []string{"SET k v", "PEXPIREAT k 99999999999500"}, cmd: "EXPIRETIME k", want: ":100000000000\r\n"},
		{name: "pexpiretime", setup: []string{"SET k v", "EXPIREAT k 99999999999"}, cmd: "PEXPIRETIME k", want: ":99999999999000\r\n"},
		{name: "expiretime max", setup: []string{"SET k v", "PEXPIREAT k 9223372036854775807"}, cmd: "EXPIRETIME k", want: ":9223372036854776\r\n"},
		{name: "persist none", setup: []string{"SET k v"}, cmd: "PERSIST k", want: ":0\r\n"},
		{name: "persist missing", cmd: "PERSIST k", want: ":0\r\n"},
		{name: "persist", setup: []string{"SET k v", "EXPIRE k 100"}, cmd: "PERSIST k", want: ":1\r\n"},
		{name: "persisted", setup: []string{"SET k v", "EXPIRE k 100", "PERSIST k"}, cmd: "TTL k", want: ":-1\r\n"},
		{name: "set clears ttl", setup: []string{"SET k v", "EXPIRE k 100", "SET k w"}, cmd: "TTL k", want: ":-1\r\n"},
	})
}

func TestTTLClock(t *testing.T) {
	h := newHarness(t)
	h.do("SET k v")
	h.do("EXPIRE k 10")
	h.now += 2_400
	if got := h.do("PTTL k"); got != ":7600\r\n" {
		t.Errorf("PTTL = %q", got)
	}
	if got := h.do("TTL k"); got != ":8\r\n" {
		t.Errorf("TTL = %q", got)
	}
	h.now += 7_599
	if got := h.do("PTTL k"); got != ":1\r\n" {
		t.Errorf("PTTL 1 ms before = %q", got)
	}
	h.now++
	if got := h.do("PTTL k"); got != ":-2\r\n" {
		t.Errorf("PTTL at the expire time = %q", got)
	}
	if h.c.DB.Len() != 0 || h.c.DB.ExpiresLen() != 0 {
		t.Errorf("expired key left: len %d expires %d", h.c.DB.Len(), h.c.DB.ExpiresLen())
	}
}

func TestExpireIndex(t *testing.T) {
	h := newHarness(t)
	h.do("SET a 1")
	h.do("SET b 1")
	h.do("EXPIRE a 100")
	h.do("EXPIRE a 200")
	if n := h.c.DB.ExpiresLen(); n != 1 {
		t.Fatalf("expires after two EXPIREs of one key: %d", n)
	}
	h.do("PEXPIRE b 100")
	h.do("PERSIST a")
	h.do("EXPIRE b 0")
	if n := h.c.DB.ExpiresLen(); n != 0 {
		t.Fatalf("expires left: %d", n)
	}
}
