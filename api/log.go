package api

import (
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"
)

// Level is a log severity, ordered like Python's logging levels.
type Level int

// Log levels.
const (
	LevelDebug Level = 10
	LevelInfo  Level = 20
	LevelWarn  Level = 30
	LevelError Level = 40
)

// String is the Python level name (DEBUG, INFO, WARNING, ERROR).
func (l Level) String() string {
	switch l {
	case LevelDebug:
		return "DEBUG"
	case LevelInfo:
		return "INFO"
	case LevelWarn:
		return "WARNING"
	case LevelError:
		return "ERROR"
	}
	return fmt.Sprintf("Level%d", int(l))
}

// Logger writes lines in the Python SDK's default format,
// `%(asctime)s %(process)d %(filename)s L%(lineno)s %(levelname)s %(message)s`,
// e.g. `2026-11-29 02:24:13,123 4242 client.go L301 DEBUG SendRequest: …`.
// Request and response dumps (level DEBUG) are redacted: the Authorization
// signature and secret id, X-TC-Token, v1 Signature/Token/SecretId and
// secret-looking JSON fields never reach the output. A nil *Logger is silent.
type Logger struct {
	mu    sync.Mutex
	w     io.Writer
	level Level
	pid   int
	now   func() time.Time
	c     io.Closer
}

// NewStreamLogger logs at level and above to w (os.Stderr when nil).
func NewStreamLogger(w io.Writer, level Level) *Logger {
	if w == nil {
		w = os.Stderr
	}
	return &Logger{w: w, level: level, pid: os.Getpid(), now: time.Now}
}

// RotatingFile is a size-rotated log file like Python's RotatingFileHandler:
// when a write would pass MaxBytes, path.N-1 → path.N … path → path.1.
type RotatingFile struct {
	Path     string
	MaxBytes int64 // 512 MiB when zero
	Backups  int   // 10 when zero
	f        *os.File
	size     int64
}

// Default rotation, as in the Python SDK.
const (
	DefaultLogMaxBytes = 512 << 20
	DefaultLogBackups  = 10
)

// NewFileLogger logs at level and above to a rotating file. maxBytes and
// backups of 0 take the defaults (512 MiB, 10 files).
func NewFileLogger(path string, level Level, maxBytes int64, backups int) (*Logger, error) {
	rf := &RotatingFile{Path: path, MaxBytes: maxBytes, Backups: backups}
	if err := rf.open(); err != nil {
		return nil, err
	}
	l := NewStreamLogger(rf, level)
	l.c = rf
	return l, nil
}

func (r *RotatingFile) open() error {
	if r.MaxBytes <= 0 {
		r.MaxBytes = DefaultLogMaxBytes
	}
	if r.Backups <= 0 {
		r.Backups = DefaultLogBackups
	}
	f, err := os.OpenFile(r.Path, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		return fmt.Errorf("log file: %w", err)
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return fmt.Errorf("log file: %w", err)
	}
	r.f, r.size = f, st.Size()
	return nil
}

// Write appends p, rotating first when it would pass MaxBytes.
func (r *RotatingFile) Write(p []byte) (int, error) {
	if r.size > 0 && r.size+int64(len(p)) > r.MaxBytes {
		if err := r.rotate(); err != nil {
			return 0, err
		}
	}
	n, err := r.f.Write(p)
	r.size += int64(n)
	return n, err
}

func (r *RotatingFile) rotate() error {
	r.f.Close()
	for i := r.Backups - 1; i >= 1; i-- {
		_ = os.Rename(fmt.Sprintf("%s.%d", r.Path, i), fmt.Sprintf("%s.%d", r.Path, i+1)) // gaps are fine
	}
	if err := os.Rename(r.Path, r.Path+".1"); err != nil {
		return fmt.Errorf("log rotation: %w", err)
	}
	return r.open()
}

// Close closes the file.
func (r *RotatingFile) Close() error { return r.f.Close() }

// Close closes a file logger's file; it does nothing for stream loggers.
func (l *Logger) Close() error {
	if l == nil || l.c == nil {
		return nil
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.c.Close()
}

// Logf writes one line at level.
func (l *Logger) Logf(level Level, format string, a ...any) { l.logf(level, 1, format, a...) }

func (l *Logger) enabled(level Level) bool { return l != nil && level >= l.level }

func (l *Logger) logf(level Level, skip int, format string, a ...any) {
	if !l.enabled(level) {
		return
	}
	file, line := "?", 0
	if _, f, ln, ok := runtime.Caller(skip + 1); ok {
		file, line = filepath.Base(f), ln
	}
	ts := l.now().Format("2006-01-02 15:04:05.000")
	ts = ts[:19] + "," + ts[20:]
	msg := fmt.Sprintf(format, a...)
	l.mu.Lock()
	defer l.mu.Unlock()
	fmt.Fprintf(l.w, "%s %d %s L%d %s %s\n", ts, l.pid, file, line, level, msg)
}

func (l *Logger) dumpRequest(r *http.Request, _ *SignatureTrace) {
	if !l.enabled(LevelDebug) {
		return
	}
	var b strings.Builder
	fmt.Fprintf(&b, "SendRequest: %s %s://%s%s", r.Method, r.URL.Scheme, r.Host, r.URL.Path)
	if r.URL.RawQuery != "" {
		b.WriteString("?" + RedactQuery(r.URL.RawQuery))
	}
	writeHeaders(&b, r.Header)
	if r.GetBody != nil && r.ContentLength > 0 {
		if rc, err := r.GetBody(); err == nil {
			body, _ := io.ReadAll(io.LimitReader(rc, 64<<10))
			rc.Close()
			if strings.HasPrefix(r.Header.Get("Content-Type"), "application/x-www-form-urlencoded") {
				b.WriteString(" body=" + RedactQuery(string(body)))
			} else {
				b.WriteString(" body=" + RedactJSON(string(body)))
			}
		}
	}
	l.logf(LevelDebug, 2, "%s", b.String())
}

func (l *Logger) dumpResponse(r *http.Response, body []byte) {
	if !l.enabled(LevelDebug) {
		return
	}
	var b strings.Builder
	fmt.Fprintf(&b, "GetResponse: %s", r.Status)
	writeHeaders(&b, r.Header)
	ct := r.Header.Get("Content-Type")
	if !strings.HasPrefix(ct, "text/event-stream") && !strings.HasPrefix(ct, "application/octet-stream") {
		if len(body) > 64<<10 {
			body = body[:64<<10]
		}
		b.WriteString(" body=" + RedactJSON(string(body)))
	}
	l.logf(LevelDebug, 2, "%s", b.String())
}

func writeHeaders(b *strings.Builder, h http.Header) {
	names := make([]string, 0, len(h))
	for k := range h {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		fmt.Fprintf(b, " %s: %s;", k, RedactHeader(k, strings.Join(h[k], ", ")))
	}
}

const redacted = "<redacted>"

// RedactHeader hides secrets in one header value: the signature and the
// secret id in Authorization, the whole of X-TC-Token.
func RedactHeader(name, value string) string {
	switch strings.ToLower(name) {
	case "x-tc-token", "cookie", "set-cookie", "proxy-authorization":
		return redacted
	case "authorization":
		return RedactAuthorization(value)
	}
	return value
}

// RedactAuthorization masks the secret id and removes the signature from a
// TC3 Authorization value.
func RedactAuthorization(v string) string {
	if !strings.HasPrefix(v, TC3HMACSHA256+" ") {
		if v == "SKIP" {
			return v
		}
		return redacted
	}
	parts := strings.Split(strings.TrimPrefix(v, TC3HMACSHA256+" "), ", ")
	for i, p := range parts {
		switch {
		case strings.HasPrefix(p, "Credential="):
			cred := strings.TrimPrefix(p, "Credential=")
			id, scope, _ := strings.Cut(cred, "/")
			parts[i] = "Credential=" + MaskID(id) + "/" + scope
		case strings.HasPrefix(p, "Signature="):
			parts[i] = "Signature=" + redacted
		}
	}
	return TC3HMACSHA256 + " " + strings.Join(parts, ", ")
}

// RedactQuery hides v1 Signature and Token and masks SecretId in an encoded
// query string or form body, keeping everything else as it was.
func RedactQuery(q string) string {
	parts := strings.Split(q, "&")
	for i, p := range parts {
		k, v, _ := strings.Cut(p, "=")
		key, err := url.QueryUnescape(k)
		if err != nil {
			continue
		}
		switch key {
		case "Signature", "Token":
			parts[i] = k + "=" + redacted
		case "SecretId":
			id, err := url.QueryUnescape(v)
			if err != nil {
				id = v
			}
			parts[i] = k + "=" + url.QueryEscape(MaskID(id))
		}
	}
	return strings.Join(parts, "&")
}

// secretJSON matches string fields that hold secrets, such as the
// temporary keys STS returns or a SecretKey sent in a body.
var secretJSON = regexp.MustCompile(`"(TmpSecretKey|SecretKey|Token|SessionToken|Password)"(\s*:\s*)"(?:[^"\\]|\\.)*"`)

// RedactJSON hides the values of secret-holding fields in a JSON text.
func RedactJSON(s string) string {
	return secretJSON.ReplaceAllString(s, `"$1"$2"`+redacted+`"`)
}
