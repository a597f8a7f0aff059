package store

import (
	"flag"
	"fmt"
	"math/rand/v2"
	"strconv"
	"testing"
)

// checkInvariants verifies db's internal consistency against model, a map
// from every key to its expire (0 = none):
//   - slots 0..n-1 hold exactly the model's keys, the index maps each key to
//     its slot, and slots n.. of the last page are zero;
//   - an entry is in the volatile index iff it has an expire, and volatile
//     and vslot point at each other;
//   - pages cover n with at most one spare page.
func checkInvariants(t testing.TB, db *DB, model map[string]int64) {
	t.Helper()
	if db.Len() != len(model) || len(db.index) != len(model) {
		t.Fatalf("Len %d, index %d, model %d", db.Len(), len(db.index), len(model))
	}
	nexp := 0
	for _, exp := range model {
		if exp != 0 {
			nexp++
		}
	}
	if db.ExpiresLen() != nexp {
		t.Fatalf("ExpiresLen %d, model %d", db.ExpiresLen(), nexp)
	}
	if cap := len(db.pages) * pageSize; db.n > cap || (len(db.pages) > 1 && db.n <= (len(db.pages)-2)*pageSize) {
		t.Fatalf("%d pages for %d entries", len(db.pages), db.n)
	}
	for i := 0; i < db.n; i++ {
		e := db.slot(i)
		exp, ok := model[e.Key]
		if !ok {
			t.Fatalf("slot %d holds %q, not in the model", i, e.Key)
		}
		if e.Value == nil {
			t.Fatalf("slot %d (%q) has a nil value", i, e.Key)
		}
		if got := db.index[e.Key]; int(got) != i {
			t.Fatalf("index[%q] = %d, entry is in slot %d", e.Key, got, i)
		}
		if e.Expire != exp {
			t.Fatalf("%q: expire %d, model %d", e.Key, e.Expire, exp)
		}
		if (e.vslot >= 0) != (exp != 0) {
			t.Fatalf("%q: vslot %d with expire %d", e.Key, e.vslot, exp)
		}
		if e.vslot >= 0 && int(db.volatile[e.vslot]) != i {
			t.Fatalf("%q: volatile[%d] = %d, want slot %d", e.Key, e.vslot, db.volatile[e.vslot], i)
		}
	}
	for j, s := range db.volatile {
		if int(s) >= db.n || int(db.slot(int(s)).vslot) != j {
			t.Fatalf("volatile[%d] = slot %d, which does not point back", j, s)
		}
	}
	if db.n > 0 && db.n < len(db.pages)*pageSize {
		for i := db.n; i < len(db.pages)*pageSize; i++ {
			if e := db.slot(i); e.Key != "" || e.Value != nil {
				t.Fatalf("free slot %d not cleared: %q", i, e.Key)
			}
		}
	}
	for k := range model {
		if e := db.Find([]byte(k)); e == nil || e.Key != k {
			t.Fatalf("Find(%q) = %v", k, e)
		}
	}
}

// TestRandomOperations applies random adds, deletes, expires, persists and
// the occasional flush to a db and a map model, checking every invariant
// after each step. Key counts cross page boundaries both ways.
func TestRandomOperations(t *testing.T) {
	for seed := uint64(1); seed <= 4; seed++ {
		t.Run("seed"+strconv.FormatUint(seed, 10), func(t *testing.T) {
			r := rand.New(rand.NewPCG(seed, 99))
			db := NewDB(0)
			model := map[string]int64{}
			keySpace := 3 * pageSize
			val := NewString([]byte("v"))
			steps := 20000
			if testing.Short() {
				steps = 3000
			}
			for step := 0; step < steps; step++ {
				k := "k" + strconv.Itoa(r.IntN(keySpace))
				switch op := r.IntN(100); {
				case op < 45: // add, biased so the db grows past several pages
					if _, ok := model[k]; !ok {
						db.Add([]byte(k), val, int64(step))
						model[k] = 0
					}
				case op < 70:
					_, ok := model[k]
					if got := db.Delete([]byte(k)); got != ok {
						t.Fatalf("Delete(%q) = %v, model %v", k, got, ok)
					}
					delete(model, k)
				case op < 88:
					if e := db.Find([]byte(k)); e != nil {
						when := int64(1 + r.IntN(1000))
						db.SetExpire(e, when)
						model[k] = when
					}
				case op < 99:
					if e := db.Find([]byte(k)); e != nil {
						had := model[k] != 0
						if got := db.Persist(e); got != had {
							t.Fatalf("Persist(%q) = %v, had expire %v", k, got, had)
						}
						model[k] = 0
					}
				default:
					if r.IntN(20) == 0 {
						db.Flush()
						model = map[string]int64{}
					}
				}
				if step%97 == 0 || db.Len() < 3 {
					checkInvariants(t, db, model)
				}
			}
			checkInvariants(t, db, model)
			// Drain: delete everything; pages shrink back.
			i := 0
			for k := range model {
				db.Delete([]byte(k))
				delete(model, k)
				if i++; i%50 == 0 {
					checkInvariants(t, db, model)
				}
			}
			checkInvariants(t, db, model)
			if len(db.pages) > 1 {
				t.Errorf("%d pages left for an empty db", len(db.pages))
			}
		})
	}
}

func TestAddExistingPanics(t *testing.T) {
	db := NewDB(0)
	db.Add([]byte("k"), NewString(nil), 0)
	defer func() {
		if recover() == nil {
			t.Fatal("Add of an existing key did not panic")
		}
	}()
	db.Add([]byte("k"), NewString(nil), 0)
}

func TestAddCopiesKey(t *testing.T) {
	db := NewDB(0)
	key := []byte("abc")
	db.Add(key, NewString(nil), 7)
	key[0] = 'x'
	e := db.Find([]byte("abc"))
	if e == nil || e.Key != "abc" || e.Access != 7 || e.Expire != 0 {
		t.Fatalf("entry = %+v", e)
	}
}

// TestScanGuarantee runs full SCAN iterations with COUNT 10 while keys are
// randomly inserted and deleted between calls: every key present from the
// start to the end of an iteration must be returned at least once, the walk
// must terminate, and no call may visit more than COUNT slots.
func TestScanGuarantee(t *testing.T) {
	for seed := uint64(1); seed <= 20; seed++ {
		r := rand.New(rand.NewPCG(seed, 7))
		db := NewDB(0)
		val := NewString([]byte("v"))
		present := map[string]bool{}
		next := 0
		add := func() {
			k := "k" + strconv.Itoa(next)
			next++
			db.Add([]byte(k), val, 0)
			present[k] = true
		}
		initial := r.IntN(3 * pageSize)
		for range initial {
			add()
		}
		// stable: the keys present at the start and never deleted.
		stable := map[string]bool{}
		for k := range present {
			stable[k] = true
		}
		seen := map[string]bool{}
		var cursor uint64
		for calls := 0; ; calls++ {
			if calls > 10*(initial+next+10) {
				t.Fatalf("seed %d: SCAN does not terminate", seed)
			}
			visited := 0
			cursor = db.Scan(cursor, 10, func(e *Entry) {
				visited++
				seen[e.Key] = true
			})
			if visited > 10 {
				t.Fatalf("seed %d: one call visited %d slots", seed, visited)
			}
			if cursor == 0 {
				break
			}
			// Mutate between calls: inserts and deletes, sometimes in bursts
			// that shrink the db below the cursor.
			burst := 1
			if r.IntN(10) == 0 {
				burst = 1 + r.IntN(200)
			}
			for range burst {
				if r.IntN(2) == 0 || len(present) == 0 {
					add()
					continue
				}
				e := db.Random(r)
				delete(present, e.Key)
				delete(stable, e.Key)
				db.Delete([]byte(e.Key))
			}
		}
		for k := range stable {
			if !seen[k] {
				t.Fatalf("seed %d: key %q present for the whole iteration was never returned", seed, k)
			}
		}
	}
}

func TestScanEmptyAndCursorPastEnd(t *testing.T) {
	db := NewDB(0)
	if c := db.Scan(0, 10, func(*Entry) { t.Fatal("visited an entry of an empty db") }); c != 0 {
		t.Fatalf("empty db: cursor %d", c)
	}
	for i := range 25 {
		db.Add([]byte(strconv.Itoa(i)), NewString(nil), 0)
	}
	// A cursor beyond the db (keys were deleted) restarts at the last slot.
	n := 0
	c := db.Scan(1000, 10, func(*Entry) { n++ })
	if n != 10 || c != 15 {
		t.Fatalf("cursor past end: visited %d, next %d", n, c)
	}
	n = 0
	for c != 0 {
		c = db.Scan(c, 10, func(*Entry) { n++ })
	}
	if n != 15 {
		t.Fatalf("rest of the walk visited %d", n)
	}
}

func TestRandom(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	db := NewDB(0)
	if db.Random(r) != nil {
		t.Fatal("Random on an empty db")
	}
	const n = 50
	for i := range n {
		db.Add([]byte(strconv.Itoa(i)), NewString(nil), 0)
	}
	counts := map[string]int{}
	const draws = 50000
	for range draws {
		counts[db.Random(r).Key]++
	}
	if len(counts) != n {
		t.Fatalf("Random reached %d of %d keys", len(counts), n)
	}
	// Uniformity, loosely: every key within 30% of the mean (1000).
	for k, c := range counts {
		if c < draws/n*7/10 || c > draws/n*13/10 {
			t.Errorf("key %s drawn %d times of %d", k, c, draws)
		}
	}
}

func TestVolatile(t *testing.T) {
	db := NewDB(0)
	want := map[string]int64{}
	for i := range 100 {
		k := strconv.Itoa(i)
		e := db.Add([]byte(k), NewString(nil), 0)
		if i%3 == 0 {
			db.SetExpire(e, int64(1000+i))
			want[k] = int64(1000 + i)
		}
	}
	// Re-setting an expire does not add a second index entry.
	db.SetExpire(db.Find([]byte("0")), 5)
	want["0"] = 5
	db.Delete([]byte("3"))
	delete(want, "3")
	db.Persist(db.Find([]byte("6")))
	delete(want, "6")
	if db.ExpiresLen() != len(want) {
		t.Fatalf("ExpiresLen %d, want %d", db.ExpiresLen(), len(want))
	}
	got := map[string]int64{}
	for i := 0; i < db.ExpiresLen(); i++ {
		e := db.Volatile(i)
		if _, dup := got[e.Key]; dup {
			t.Fatalf("Volatile lists %q twice", e.Key)
		}
		got[e.Key] = e.Expire
	}
	for k, exp := range want {
		if got[k] != exp {
			t.Errorf("Volatile: %q expire %d, want %d", k, got[k], exp)
		}
	}
	if len(got) != len(want) {
		t.Errorf("Volatile lists %d keys, want %d", len(got), len(want))
	}
}

func TestForEachAndFlush(t *testing.T) {
	db := NewDB(0)
	for i := range 2500 {
		e := db.Add([]byte(strconv.Itoa(i)), NewString(nil), 0)
		db.SetExpire(e, 1)
	}
	n := 0
	db.ForEach(func(*Entry) bool { n++; return true })
	if n != 2500 {
		t.Fatalf("ForEach visited %d", n)
	}
	n = 0
	db.ForEach(func(*Entry) bool { n++; return n < 10 })
	if n != 10 {
		t.Fatalf("ForEach did not stop: %d", n)
	}
	db.AvgTTL, db.ExpireCursor = 5, 7
	db.Flush()
	checkInvariants(t, db, map[string]int64{})
	if db.AvgTTL != 0 || db.ExpireCursor != 0 {
		t.Errorf("Flush kept AvgTTL %d, ExpireCursor %d", db.AvgTTL, db.ExpireCursor)
	}
	db.Add([]byte("again"), NewString(nil), 0)
	checkInvariants(t, db, map[string]int64{"again": 0})
}

func TestSwap(t *testing.T) {
	ks := NewKeyspace(3)
	a, b := ks.DBs[0], ks.DBs[2]
	ea := a.Add([]byte("a"), NewString(nil), 0)
	a.SetExpire(ea, 10)
	a.AvgTTL = 11
	b.Add([]byte("b1"), NewString(nil), 0)
	b.Add([]byte("b2"), NewString(nil), 0)
	ks.Swap(0, 2)
	if ks.DBs[0] != a || a.ID != 0 || b.ID != 2 {
		t.Fatal("Swap moved the DB values or their IDs")
	}
	checkInvariants(t, a, map[string]int64{"b1": 0, "b2": 0})
	checkInvariants(t, b, map[string]int64{"a": 10})
	if b.AvgTTL != 11 || a.AvgTTL != 0 {
		t.Errorf("AvgTTL not swapped")
	}
}

func TestStringEncoding(t *testing.T) {
	cases := []struct {
		v    string
		raw  bool
		want string
	}{
		{"123", false, "int"},
		{"-9223372036854775808", false, "int"},
		{"9223372036854775808", false, "embstr"},
		{"0123", false, "embstr"},
		{"", false, "embstr"},
		{"abc", false, "embstr"},
		{"12345678901234567890123456789012345678901234", false, "embstr"},
		{"123456789012345678901234567890123456789012345", false, "raw"},
		{"123", true, "raw"},
	}
	for _, tc := range cases {
		s := &String{B: []byte(tc.v), Raw: tc.raw}
		if got := s.Encoding(); got != tc.want {
			t.Errorf("Encoding(%q, raw=%v) = %s, want %s", tc.v, tc.raw, got, tc.want)
		}
	}
	s := NewString([]byte("x"))
	c := s.Copy().(*String)
	c.B[0] = 'y'
	if s.B[0] != 'x' {
		t.Error("Copy shares bytes")
	}
}

var scanBig = flag.Bool("scan.big", false, "include a 10M-key db in BenchmarkScan (about 2 GB of memory)")

// BenchmarkScan measures one SCAN step (COUNT 10) at growing db sizes: the
// time per call must stay flat, showing O(COUNT) work per call whatever the
// db size. Run with -bench Scan (add -scan.big for 10M keys).
func BenchmarkScan(b *testing.B) {
	sizes := []int{1_000, 100_000, 1_000_000}
	if *scanBig {
		sizes = append(sizes, 10_000_000)
	}
	val := NewString([]byte("v"))
	for _, n := range sizes {
		b.Run(fmt.Sprintf("keys=%d", n), func(b *testing.B) {
			db := NewDB(0)
			key := make([]byte, 0, 16)
			for i := range n {
				key = strconv.AppendInt(key[:0], int64(i), 10)
				db.Add(key, val, 0)
			}
			b.ResetTimer()
			var cursor uint64
			visited := 0
			for range b.N {
				cursor = db.Scan(cursor, 10, func(*Entry) { visited++ })
			}
			b.ReportMetric(float64(visited)/float64(b.N), "entries/op")
		})
	}
}
