package server

import (
	"os"
	"runtime"
	"testing"
)

// TestSecondP: holds raise GOMAXPROCS to 2 (where the machine and the
// environment allow), overlapping holds share it, and the last release
// returns to the value before, also when a hold comes while the return is
// still under way.
func TestSecondP(t *testing.T) {
	base := runtime.GOMAXPROCS(1)
	defer runtime.GOMAXPROCS(base)
	raised := 2
	if runtime.NumCPU() < 2 || os.Getenv("GOMAXPROCS") != "" {
		raised = 1
	}
	check := func(step string, want int) {
		t.Helper()
		waitSecondP()
		if got := runtime.GOMAXPROCS(0); got != want {
			t.Fatalf("%s: GOMAXPROCS %d, want %d", step, got, want)
		}
	}
	holdSecondP()
	check("one hold", raised)
	holdSecondP()
	releaseSecondP()
	check("one of two holds released", raised)
	releaseSecondP()
	check("all released", 1)
	for i := 0; i < 50; i++ { // release and hold again before the return lands
		holdSecondP()
		releaseSecondP()
		holdSecondP()
		check("held again", raised)
		releaseSecondP()
	}
	check("all released at the end", 1)
}
