// Package persist is Ember's durability layer: compressed point-in-time
// snapshots (this file's format) and, later, the append-only file.
//
// # Snapshot format, byte by byte
//
// An Ember snapshot is RDB-style, not RDB-compatible: redis-server cannot
// read it and Ember cannot read dump.rdb files written by Redis.
//
//	header   "EMBER" (5 bytes)
//	         version  uint16 big-endian (currently 1)
//	         flags    1 byte: bit 0 = body compressed with zstd,
//	                          bit 1 = body checksummed (rdbchecksum yes)
//	body     (a zstd stream when compressed; otherwise plain bytes)
//	         a sequence of records, each starting with an opcode byte:
//	  0xFA AUX          string name, string value   (ember-ver, ctime, used-mem, ...)
//	  0xFE SELECTDB     uvarint db                  (following keys belong to db)
//	  0xFB RESIZEDB     uvarint keys, uvarint expires (a sizing hint for the db)
//	  0xFC EXPIRETIME   8 bytes little-endian int64: absolute unix ms expire
//	                    of the key record that follows
//	  0x00..0x04 KEY    type opcode, string key, value:
//	     0x00 string    string
//	     0x01 list      uvarint n, n strings, head to tail
//	     0x02 set       uvarint n, n strings
//	     0x03 zset      uvarint n, n × (string member, 8 bytes LE float64 score),
//	                    ascending by score then member
//	     0x04 hash      uvarint n, n × (string field, string value)
//	  0xFF EOF          then 8 bytes little-endian CRC-64/ECMA of every body
//	                    byte before it (0 when checksums are off)
//	string   uvarint length, then the bytes
//
// After EOF nothing may follow in the body.
//
// # Loading
//
// Load streams the file: it never holds it whole, and it never allocates a
// size the file announces before the bytes are there (strings are read in
// bounded chunks; aggregate size hints are capped). A wrong magic, an unknown
// version, a bad checksum, a truncated file or an impossible length fails
// with an error that names the file, the byte offset in the (uncompressed)
// body and what was expected, wrapping ErrCorrupt or ErrTruncated.
//
// # Imports
//
// persist imports store, resp (for sdssplitargs quoting) and the compression
// library only; it never executes
// commands. The server hands the AOF loader a callback instead.
package persist
