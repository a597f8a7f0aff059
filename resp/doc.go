// Package resp reads client requests and encodes replies in Redis's wire
// protocol, RESP2 and RESP3.
//
// # Basics
//
// Reader parses a connection's input into argvs (argv[0] is the command
// name): RESP multibulk arrays, and inline commands split with Redis's
// quoting rules. It returns every complete command buffered at once, so a
// pipeline reaches the executor as one batch. Writer encodes replies into a
// byte buffer; the RESP3 types (map, set, double, boolean, null, verbatim,
// push) are used exactly where Redis 7.0 uses them, and degrade to their
// RESP2 forms for RESP2 clients.
//
// # Limits
//
// The Reader enforces Redis's bounds with Redis's error texts: bulk length
// <= proto-max-bulk-len, multibulk count <= INT_MAX, header and inline lines
// <= 64 KiB, small requests only before AUTH, and client-query-buffer-limit.
// It never allocates a size the input announced: buffers grow as bytes
// arrive, and argv capacity reserved from a count is capped.
//
// # Imports
//
// Standard library only. No I/O besides the io.Reader a Reader is given.
package resp
