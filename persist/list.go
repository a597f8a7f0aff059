package persist

import "github.com/ember-db/ember/store"

// readList decodes a list value. Lists land with the data-types work.
func (l *Loader) readList(typ byte) (store.Value, error) {
	return nil, l.corrupt("unknown value type 0x%02x", typ)
}
