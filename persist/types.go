package persist

import (
	"fmt"

	"github.com/ember-db/ember/store"
)

// appendAggregate writes the KEY record of a list, set, zset or hash.
// The aggregate types land with the data-types work; until then a value of
// any other type is an invariant violation.
func appendAggregate(b []byte, key string, v store.Value) []byte {
	panic(fmt.Sprintf("persist: cannot encode a %T", v))
}

// readAggregate decodes the value of an aggregate type opcode.
func (l *Loader) readAggregate(typ byte) (store.Value, error) {
	return nil, l.corrupt("unknown value type 0x%02x", typ)
}
