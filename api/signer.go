package api

import (
	"crypto/sha256"
	"encoding"
	"encoding/hex"
	"hash"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
)

// Signer signs TC3 requests faster than SignTC3 by caching the derived
// signing key per (secret key, date, service) — it changes once a day — and
// by hashing in one reusable buffer. It returns the same TC3Signature, every
// intermediate included. The zero value is not usable; call NewSigner.
// A Signer is safe for concurrent use.
type Signer struct {
	mu   sync.Mutex
	keys map[signKeyID]*signKey
	// last is the most recently used key, checked without locking: a client
	// signs for one key, date and service most of the time.
	last atomic.Pointer[signKey]
	bufs sync.Pool
}

// scratch is per-signature working memory, pooled.
type scratch struct {
	buf []byte
	h   hash.Hash // SHA-256, restored from the cached HMAC pad states
	sum []byte
}

type signKeyID struct {
	date    [10]byte
	service string
}

type signKey struct {
	id           signKeyID
	day          int64 // Unix day of id.date, to skip formatting the date
	secret       string
	k            [32]byte
	inner, outer []byte // SHA-256 states after the HMAC ipad / opad block
}

// maxCachedKeys bounds the key cache; a client rarely talks to more than a
// handful of services a day.
const maxCachedKeys = 64

// NewSigner returns a Signer with an empty key cache.
func NewSigner() *Signer {
	return &Signer{keys: make(map[signKeyID]*signKey), bufs: sync.Pool{New: func() any {
		return &scratch{buf: make([]byte, 0, 1024), h: sha256.New(), sum: make([]byte, 0, sha256.Size)}
	}}}
}

// SignTC3 is SignTC3 with a cached signing key.
func (s *Signer) SignTC3(secretID, secretKey string, in TC3Input) TC3Signature {
	return signTC3(s, secretID, secretKey, in)
}

// lastKey is the most recently used key entry (nil for a nil Signer).
func (s *Signer) lastKey() *signKey {
	if s == nil {
		return nil
	}
	return s.last.Load()
}

func (s *Signer) key(secret string, date [10]byte, service string, ts int64) *signKey {
	if e := s.last.Load(); e != nil && e.id.date == date && e.id.service == service && e.secret == secret {
		return e
	}
	id := signKeyID{date: date, service: service}
	s.mu.Lock()
	e, ok := s.keys[id]
	s.mu.Unlock()
	if !ok || e.secret != secret {
		e = &signKey{id: id, day: -1, secret: secret, k: deriveKey(secret, date[:], service)}
		e.inner, e.outer = padStates(e.k[:])
		s.mu.Lock()
		if len(s.keys) >= maxCachedKeys {
			clear(s.keys)
		}
		s.keys[id] = e
		s.mu.Unlock()
	}
	if e.day < 0 && ts >= 0 {
		if d := utcDate(ts); d == date {
			e.day = ts / 86400 // written before e is published through last
		}
	}
	s.last.Store(e)
	return e
}

// padStates returns the SHA-256 states after hashing the HMAC inner and
// outer pad blocks of key, so each signature hashes only its message.
func padStates(key []byte) (inner, outer []byte) {
	var pad [64]byte
	state := func(b byte) []byte {
		for i := range pad {
			pad[i] = b
		}
		for i, c := range key {
			pad[i] ^= c
		}
		h := sha256.New()
		h.Write(pad[:])
		st, err := h.(encoding.BinaryMarshaler).MarshalBinary()
		if err != nil {
			return nil // cannot happen for crypto/sha256; callers fall back
		}
		return st
	}
	return state(0x36), state(0x5c)
}

// deriveKey computes kSigning without heap allocations.
func deriveKey(secret string, date []byte, service string) [32]byte {
	var buf [160]byte
	key := append(buf[:0], "TC3"...)
	key = append(key, secret...)
	k := hmacSHA256(key, date)
	k = hmacSHA256(k[:], []byte(service))
	return hmacSHA256(k[:], []byte("tc3_request"))
}

// hmacSHA256 is HMAC-SHA256 for short messages, on the stack.
func hmacSHA256(key, msg []byte) [32]byte {
	if len(key) > 64 {
		h := sha256.Sum256(key)
		key = h[:]
	}
	var inner [64 + 128]byte
	var b []byte
	if len(msg) <= 128 {
		b = inner[:64+len(msg)]
	} else {
		b = make([]byte, 64+len(msg))
	}
	for i := range 64 {
		b[i] = 0x36
	}
	for i, c := range key {
		b[i] ^= c
	}
	copy(b[64:], msg)
	return hmacOuter(key, sha256.Sum256(b))
}

// hmacOuter finishes HMAC-SHA256: SHA-256 of (key ⊕ opad) ‖ inner, for a key
// of at most 64 bytes, on the stack.
func hmacOuter(key []byte, inner [32]byte) [32]byte {
	var outer [96]byte
	for i := range 64 {
		outer[i] = 0x5c
	}
	for i, c := range key {
		outer[i] ^= c
	}
	copy(outer[64:], inner[:])
	return sha256.Sum256(outer[:])
}

// mac is HMAC-SHA256(e.k, msg) from the cached pad states.
func (sc *scratch) mac(e *signKey, msg []byte) [32]byte {
	var out [32]byte
	u, ok := sc.h.(encoding.BinaryUnmarshaler)
	if !ok || e.inner == nil || u.UnmarshalBinary(e.inner) != nil {
		return hmacSHA256(e.k[:], msg)
	}
	sc.h.Write(msg)
	sc.sum = sc.h.Sum(sc.sum[:0])
	if u.UnmarshalBinary(e.outer) != nil {
		return hmacSHA256(e.k[:], msg)
	}
	sc.h.Write(sc.sum)
	sc.sum = sc.h.Sum(sc.sum[:0])
	copy(out[:], sc.sum)
	return out
}

// headersCanonical reports whether hs are already lower-case, trimmed and
// sorted, so the fast path can use them as they are.
func headersCanonical(hs []Header) bool {
	for i, h := range hs {
		if !lowerTrimmed(h.Name) || !lowerTrimmed(h.Value) {
			return false
		}
		if i > 0 && hs[i-1].Name >= h.Name {
			return false
		}
	}
	return true
}

func lowerTrimmed(s string) bool {
	if s == "" {
		return true
	}
	if isSpace(s[0]) || isSpace(s[len(s)-1]) {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; (c >= 'A' && c <= 'Z') || c >= 0x80 {
			return false // non-ASCII: let the slow path apply Unicode rules
		}
	}
	return true
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'
}

// signTC3 builds every intermediate into one buffer, hashes it there and
// converts it to a single string that the returned fields slice, so a
// signature costs a couple of allocations instead of dozens. s may be nil
// (no key cache).
func signTC3(s *Signer, secretID, secretKey string, in TC3Input) TC3Signature {
	var sc *scratch
	if s != nil {
		sc = s.bufs.Get().(*scratch)
	}
	buf, o := s.build(sc, secretID, secretKey, in)
	all := string(buf)
	s.release(sc, buf)
	return TC3Signature{
		Date:                   all[o.scopeStart : o.scopeStart+10],
		CredentialScope:        all[o.scopeStart:o.scopeEnd],
		CanonicalRequest:       all[:o.canonEnd],
		HashedCanonicalRequest: all[o.canonEnd:o.hcEnd],
		StringToSign:           all[o.stsStart:o.stsEnd],
		PayloadHash:            all[o.phStart:o.canonEnd],
		SignedHeaders:          all[o.shStart:o.shEnd],
		Signature:              all[o.sigStart:o.sigEnd],
		Authorization:          all[o.authStart:o.authEnd],
	}
}

// Authorization is the fast path: the same signature as SignTC3, returning
// only the Authorization header value (one small allocation, no trace).
func (s *Signer) Authorization(secretID, secretKey string, in TC3Input) string {
	sc := s.bufs.Get().(*scratch)
	buf, o := s.build(sc, secretID, secretKey, in)
	auth := string(buf[o.authStart:o.authEnd])
	s.release(sc, buf)
	return auth
}

func (s *Signer) release(sc *scratch, buf []byte) {
	if sc == nil {
		return
	}
	if cap(buf) <= 1<<20 { // do not keep huge buffers alive
		sc.buf = buf[:0]
	}
	s.bufs.Put(sc)
}

// offsets locate each intermediate inside the build buffer.
type offsets struct {
	shStart, shEnd, phStart, canonEnd, hcEnd int
	stsStart, scopeStart, scopeEnd, stsEnd   int
	sigStart, sigEnd, authStart, authEnd     int
}

// build writes every intermediate into one buffer and hashes it there.
// s and sc may be nil (no key cache, fresh buffer).
func (s *Signer) build(sc *scratch, secretID, secretKey string, in TC3Input) ([]byte, offsets) {
	var o offsets
	var date [10]byte
	if e := s.lastKey(); e != nil && e.day == in.Timestamp/86400 && in.Timestamp >= 0 {
		date = e.id.date // same UTC day as the previous signature
	} else {
		date = utcDate(in.Timestamp)
	}

	hdrs := in.Headers
	if !headersCanonical(hdrs) {
		hdrs = canonicalHeaders(hdrs)
	}
	var buf []byte
	if sc != nil {
		buf = sc.buf[:0]
	}
	// Layout: [canonical request][hashed canonical][64-byte HMAC pad][string to sign][signature][authorization]
	buf = append(buf, in.Method...)
	upperASCII(buf)
	buf = append(buf, "\n/\n"...)
	buf = append(buf, in.Query...)
	buf = append(buf, '\n')
	for _, h := range hdrs {
		buf = append(buf, h.Name...)
		buf = append(buf, ':')
		buf = append(buf, h.Value...)
		buf = append(buf, '\n')
	}
	buf = append(buf, '\n')
	shStart := len(buf)
	for i, h := range hdrs {
		if i > 0 {
			buf = append(buf, ';')
		}
		buf = append(buf, h.Name...)
	}
	shEnd := len(buf)
	buf = append(buf, '\n')
	phStart := len(buf)
	if in.PayloadHash != "" {
		buf = append(buf, in.PayloadHash...)
	} else {
		ph := sha256.Sum256(in.Payload)
		buf = hex.AppendEncode(buf, ph[:])
	}
	canonEnd := len(buf)
	sum := sha256.Sum256(buf[:canonEnd])
	buf = hex.AppendEncode(buf, sum[:])
	hcEnd := len(buf)

	padStart := len(buf)
	if sc == nil {
		buf = append(buf, make([]byte, 64)...) // room for the HMAC inner pad, filled below
	}
	stsStart := len(buf)
	buf = append(buf, TC3HMACSHA256...)
	buf = append(buf, '\n')
	buf = strconv.AppendInt(buf, in.Timestamp, 10)
	buf = append(buf, '\n')
	scopeStart := len(buf)
	buf = append(buf, date[:]...)
	buf = append(buf, '/')
	buf = append(buf, in.Service...)
	buf = append(buf, "/tc3_request"...)
	scopeEnd := len(buf)
	buf = append(buf, '\n')
	buf = append(buf, buf[canonEnd:hcEnd]...)
	stsEnd := len(buf)

	var mac [32]byte
	if sc != nil {
		mac = sc.mac(s.key(secretKey, date, in.Service, in.Timestamp), buf[stsStart:stsEnd])
	} else {
		// HMAC(k, sts) = H(opad‖H(ipad‖sts)); ipad‖sts is already contiguous.
		k := deriveKey(secretKey, date[:], in.Service)
		for i := range 64 {
			buf[padStart+i] = 0x36
		}
		for i, c := range k {
			buf[padStart+i] ^= c
		}
		mac = hmacOuter(k[:], sha256.Sum256(buf[padStart:stsEnd]))
	}
	sigStart := len(buf)
	buf = hex.AppendEncode(buf, mac[:])
	sigEnd := len(buf)

	authStart := len(buf)
	buf = append(buf, TC3HMACSHA256+" Credential="...)
	buf = append(buf, secretID...)
	buf = append(buf, '/')
	buf = append(buf, buf[scopeStart:scopeEnd]...)
	buf = append(buf, ", SignedHeaders="...)
	buf = append(buf, buf[shStart:shEnd]...)
	buf = append(buf, ", Signature="...)
	buf = append(buf, buf[sigStart:sigEnd]...)
	authEnd := len(buf)

	o = offsets{shStart: shStart, shEnd: shEnd, phStart: phStart, canonEnd: canonEnd, hcEnd: hcEnd,
		stsStart: stsStart, scopeStart: scopeStart, scopeEnd: scopeEnd, stsEnd: stsEnd,
		sigStart: sigStart, sigEnd: sigEnd, authStart: authStart, authEnd: authEnd}
	return buf, o
}

func upperASCII(b []byte) {
	for i, c := range b {
		if c >= 'a' && c <= 'z' {
			b[i] = c - 32
		}
	}
}

// utcDate formats the UTC calendar date of a Unix time as YYYY-MM-DD.
func utcDate(ts int64) [10]byte {
	var d [10]byte
	// Fast path for 1970–2099 (civil-from-days, H. Hinnant); time otherwise.
	if ts >= 0 && ts < 4102444800 {
		z := ts/86400 + 719468
		era := z / 146097
		doe := z - era*146097
		yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
		y := yoe + era*400
		doy := doe - (365*yoe + yoe/4 - yoe/100)
		mp := (5*doy + 2) / 153
		day := doy - (153*mp+2)/5 + 1
		m := mp + 3
		if m > 12 {
			m -= 12
		}
		if m <= 2 {
			y++
		}
		putDate(&d, int(y), int(m), int(day))
		return d
	}
	y, m, day := time.Unix(ts, 0).UTC().Date()
	putDate(&d, y, int(m), day)
	return d
}

func putDate(d *[10]byte, y, m, day int) {
	d[0] = byte('0' + y/1000%10)
	d[1] = byte('0' + y/100%10)
	d[2] = byte('0' + y/10%10)
	d[3] = byte('0' + y%10)
	d[4] = '-'
	d[5] = byte('0' + m/10)
	d[6] = byte('0' + m%10)
	d[7] = '-'
	d[8] = byte('0' + day/10)
	d[9] = byte('0' + day%10)
}
