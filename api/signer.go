package api

import (
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Signer signs TC3 requests faster than SignTC3 by caching the derived
// signing key per (secret key, date, service) — it changes once a day — and
// by hashing in one reusable buffer. It returns the same TC3Signature, every
// intermediate included. The zero value is not usable; call NewSigner.
// A Signer is safe for concurrent use.
type Signer struct {
	mu   sync.Mutex
	keys map[signKeyID]signKey
	bufs sync.Pool
}

type signKeyID struct {
	date    [10]byte
	service string
}

type signKey struct {
	secret string
	k      [32]byte
}

// maxCachedKeys bounds the key cache; a client rarely talks to more than a
// handful of services a day.
const maxCachedKeys = 64

// NewSigner returns a Signer with an empty key cache.
func NewSigner() *Signer {
	return &Signer{keys: make(map[signKeyID]signKey), bufs: sync.Pool{New: func() any { b := make([]byte, 0, 1024); return &b }}}
}

// SignTC3 is SignTC3 with a cached signing key.
func (s *Signer) SignTC3(secretID, secretKey string, in TC3Input) TC3Signature {
	return signTC3(s, secretID, secretKey, in)
}

func (s *Signer) key(secret string, date [10]byte, service string) [32]byte {
	id := signKeyID{date: date, service: service}
	s.mu.Lock()
	e, ok := s.keys[id]
	s.mu.Unlock()
	if ok && e.secret == secret {
		return e.k
	}
	k := deriveKey(secret, date[:], service)
	s.mu.Lock()
	if len(s.keys) >= maxCachedKeys {
		clear(s.keys)
	}
	s.keys[id] = signKey{secret: secret, k: k}
	s.mu.Unlock()
	return k
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
	ih := sha256.Sum256(b)
	var outer [96]byte
	for i := range 64 {
		outer[i] = 0x5c
	}
	for i, c := range key {
		outer[i] ^= c
	}
	copy(outer[64:], ih[:])
	return sha256.Sum256(outer[:])
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
	if s != strings.TrimSpace(s) {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 'A' && c <= 'Z' {
			return false
		}
	}
	return true
}

// signTC3 builds every intermediate into one buffer, hashes it there and
// converts it to a single string that the returned fields slice, so a
// signature costs a couple of allocations instead of dozens. s may be nil
// (no key cache).
func signTC3(s *Signer, secretID, secretKey string, in TC3Input) TC3Signature {
	var date [10]byte
	y, m, d := time.Unix(in.Timestamp, 0).UTC().Date()
	putDate(&date, y, int(m), d)

	hdrs := in.Headers
	if !headersCanonical(hdrs) {
		hdrs = canonicalHeaders(hdrs)
	}
	var bp *[]byte
	var buf []byte
	if s != nil {
		bp = s.bufs.Get().(*[]byte)
		buf = (*bp)[:0]
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
	buf = append(buf, make([]byte, 64)...) // room for the HMAC inner pad, filled below
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

	var k [32]byte
	if s != nil {
		k = s.key(secretKey, date, in.Service)
	} else {
		k = deriveKey(secretKey, date[:], in.Service)
	}
	// HMAC(k, sts) = H(opad‖H(ipad‖sts)); ipad‖sts is already contiguous.
	for i := range 64 {
		buf[padStart+i] = 0x36
	}
	for i, c := range k {
		buf[padStart+i] ^= c
	}
	ih := sha256.Sum256(buf[padStart:stsEnd])
	var outer [96]byte
	for i := range 64 {
		outer[i] = 0x5c
	}
	for i, c := range k {
		outer[i] ^= c
	}
	copy(outer[64:], ih[:])
	mac := sha256.Sum256(outer[:])
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

	all := string(buf)
	if bp != nil {
		*bp = buf[:0]
		s.bufs.Put(bp)
	}
	return TC3Signature{
		Date:                   all[scopeStart : scopeStart+10],
		CredentialScope:        all[scopeStart:scopeEnd],
		CanonicalRequest:       all[:canonEnd],
		HashedCanonicalRequest: all[canonEnd:hcEnd],
		StringToSign:           all[stsStart:stsEnd],
		PayloadHash:            all[phStart:canonEnd],
		SignedHeaders:          all[shStart:shEnd],
		Signature:              all[sigStart:sigEnd],
		Authorization:          all[authStart:authEnd],
	}
}

func upperASCII(b []byte) {
	for i, c := range b {
		if c >= 'a' && c <= 'z' {
			b[i] = c - 32
		}
	}
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
