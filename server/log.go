package server

import (
	"fmt"
	"io"
	"os"
	"sync"
	"time"
)

// Log levels, as the loglevel directive names them.
const (
	LogDebug = iota
	LogVerbose
	LogNotice
	LogWarning
	LogNothing
)

// Logger writes log lines in Redis's format:
//
//	pid:M 21 Nov 2026 06:35:06.123 * message
//
// where the mark is '.', '-', '*' or '#' for debug, verbose, notice and
// warning. Safe for concurrent use.
type Logger struct {
	mu    sync.Mutex
	w     io.Writer
	level int
	pid   int
	now   func() time.Time
}

// NewLogger returns a Logger writing lines of at least level to w.
func NewLogger(w io.Writer, level int, now func() time.Time) *Logger {
	return &Logger{w: w, level: level, pid: os.Getpid(), now: now}
}

// SetLevel changes the least level written (CONFIG SET loglevel).
func (l *Logger) SetLevel(level int) {
	l.mu.Lock()
	l.level = level
	l.mu.Unlock()
}

// Logf writes one line at level.
func (l *Logger) Logf(level int, format string, args ...any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if level < l.level || l.w == nil {
		return
	}
	t := l.now()
	fmt.Fprintf(l.w, "%d:M %s.%03d %c %s\n", l.pid, t.Format("02 Jan 2006 15:04:05"),
		t.Nanosecond()/1e6, ".-*#"[level], fmt.Sprintf(format, args...))
}

// Noticef logs at notice level.
func (l *Logger) Noticef(format string, args ...any) { l.Logf(LogNotice, format, args...) }

// Warningf logs at warning level.
func (l *Logger) Warningf(format string, args ...any) { l.Logf(LogWarning, format, args...) }

// Verbosef logs at verbose level.
func (l *Logger) Verbosef(format string, args ...any) { l.Logf(LogVerbose, format, args...) }
