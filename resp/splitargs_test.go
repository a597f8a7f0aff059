package resp

import "testing"

// CloneArgv's copy shares nothing with the input, and appending to one
// argument cannot overwrite the next.
func TestCloneArgv(t *testing.T) {
	buf := []byte("SETkeyvalue")
	argv := [][]byte{buf[0:3], buf[3:6], buf[6:11]}
	c := CloneArgv(argv)
	copy(buf, "XXXXXXXXXXX")
	_ = append(c[0], '!')
	if string(c[0]) != "SET" || string(c[1]) != "key" || string(c[2]) != "value" {
		t.Fatalf("clone = %q", c)
	}
	if got := CloneArgv(nil); len(got) != 0 {
		t.Fatalf("CloneArgv(nil) = %q", got)
	}
}
