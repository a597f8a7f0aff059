package server

import (
	"os"
	"runtime"
	"sync"
)

// secondP gives the process a second P while work runs beside the executor
// that Redis would run in a child process, on another core: a start-up
// load's decoder goroutine (persist.LoadOptions.Pipeline) and a background
// save's or rewrite's writer goroutine, which compresses. With the one P
// Ember otherwise runs on (io-threads 1), that goroutine and the executor
// would take turns in time slices, and the runtime, its P never idle,
// would poll the network only every 10 ms: a client's command would wait
// that long. It counts the holders (several servers run in one process in
// tests) and returns to the original GOMAXPROCS when the last lets go. A
// machine with one CPU, or GOMAXPROCS set in the environment, is left
// alone.
//
// GOMAXPROCS is changed by a goroutine of its own: runtime.GOMAXPROCS
// waits for a running garbage collection to end, which must not stall the
// executor.
var secondP struct {
	sync.Mutex
	n      int  // holders
	active bool // GOMAXPROCS is (or is about to be) raised; base is valid
	base   int  // GOMAXPROCS to return to

	apply   sync.Mutex     // serialises applySecondP
	pending sync.WaitGroup // applySecondP calls not finished
}

// holdSecondP takes a hold on the second P; releaseSecondP gives it back.
func holdSecondP() {
	secondP.Lock()
	defer secondP.Unlock()
	secondP.n++
	if secondP.n > 1 {
		return
	}
	if !secondP.active {
		secondP.base = runtime.GOMAXPROCS(0)
		if secondP.base >= 2 || runtime.NumCPU() < 2 || os.Getenv("GOMAXPROCS") != "" {
			return
		}
		secondP.active = true
	}
	// Also when still active: a return to base may be under way.
	secondP.pending.Add(1)
	go applySecondP()
}

// releaseSecondP gives back a hold taken by holdSecondP.
func releaseSecondP() {
	secondP.Lock()
	defer secondP.Unlock()
	secondP.n--
	if secondP.n == 0 && secondP.active {
		secondP.pending.Add(1)
		go applySecondP()
	}
}

// applySecondP sets GOMAXPROCS to what the holds ask for now: 2 while
// there are holders, base after.
func applySecondP() {
	defer secondP.pending.Done()
	secondP.apply.Lock()
	defer secondP.apply.Unlock()
	secondP.Lock()
	want := secondP.base
	if secondP.n > 0 {
		want = 2
	}
	secondP.Unlock()
	if runtime.GOMAXPROCS(0) != want {
		runtime.GOMAXPROCS(want)
	}
	secondP.Lock()
	if secondP.n == 0 && want == secondP.base {
		secondP.active = false
	}
	secondP.Unlock()
}

// waitSecondP waits until GOMAXPROCS reflects every hold and release made
// so far (tests).
func waitSecondP() { secondP.pending.Wait() }
