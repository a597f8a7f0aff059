package store

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// image is a db number -> key -> value text model of a dataset.
type image map[int]map[string]string

func dump(ks *Keyspace) image {
	img := image{}
	for _, db := range ks.DBs {
		m := map[string]string{}
		db.ForEach(func(e *Entry) bool {
			m[e.Key] = fmt.Sprintf("%s|%d", e.Value.(*String).B, e.Expire)
			return true
		})
		img[db.ID] = m
	}
	return img
}

// TestSnapshotPointInTime runs random writes (sets in place, adds, deletes,
// expires, flushes, swaps) between snapshot steps and checks that the saved
// image equals the dataset at BeginSnapshot exactly, each entry saved once.
func TestSnapshotPointInTime(t *testing.T) {
	for seed := uint64(1); seed <= 30; seed++ {
		r := rand.New(rand.NewPCG(seed, seed))
		ks := NewKeyspace(3)
		for i := 0; i < 3000; i++ {
			db := ks.DBs[r.IntN(3)]
			k := []byte(fmt.Sprint("k", r.IntN(2000)))
			if db.Find(k) == nil {
				e := db.Add(k, NewString([]byte(fmt.Sprint("v", i))), 0)
				if r.IntN(3) == 0 {
					db.SetExpire(e, int64(1000+i))
				}
			}
		}
		want := dump(ks)
		got := image{0: {}, 1: {}, 2: {}}
		saves := 0
		ks.BeginSnapshot(func(dbid int, e *Entry) {
			saves++
			if _, dup := got[dbid][e.Key]; dup {
				t.Fatalf("seed %d: %q saved twice", seed, e.Key)
			}
			got[dbid][e.Key] = fmt.Sprintf("%s|%d", e.Value.(*String).B, e.Expire)
		})
		for step := 0; !ks.SnapshotStep(r.IntN(50)); step++ {
			for w := 0; w < 20; w++ {
				db := ks.DBs[r.IntN(3)]
				k := []byte(fmt.Sprint("k", r.IntN(2500)))
				switch op := r.IntN(100); {
				case op < 40: // modify in place, as a handler after LookupKeyWrite
					if e := db.Find(k); e != nil {
						db.PrepareWrite(e)
						e.Value.(*String).B = []byte("changed")
					} else {
						db.Add(k, NewString([]byte("new")), 0)
					}
				case op < 70:
					db.Delete(k)
				case op < 85:
					if e := db.Find(k); e != nil {
						db.SetExpire(e, 99)
					}
				case op < 95:
					if e := db.Find(k); e != nil {
						db.Persist(e)
					}
				case op < 98:
					ks.Swap(r.IntN(3), r.IntN(3))
				default:
					db.Flush()
				}
			}
		}
		ks.EndSnapshot()
		for id := 0; id < 3; id++ {
			if len(got[id]) != len(want[id]) {
				t.Fatalf("seed %d db %d: %d keys saved, want %d", seed, id, len(got[id]), len(want[id]))
			}
			for k, v := range want[id] {
				if got[id][k] != v {
					t.Fatalf("seed %d db %d key %s: saved %q, want %q", seed, id, k, got[id][k], v)
				}
			}
		}
	}
}
