package api

import (
	"bytes"
	"compress/gzip"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzDecodeResponse feeds arbitrary status, headers and bodies through
// readBody and parseEnvelope, the path every answer takes. It must never
// panic; an accepted answer is a 200 JSON envelope (or an event stream); a
// refused one is an *Error with a code, a message and a short, valid UTF-8
// body snippet. Seeds: testdata/fuzz/FuzzDecodeResponse.
// Run: go test ./api -run '^$' -fuzz FuzzDecodeResponse -fuzztime 90s
func FuzzDecodeResponse(f *testing.F) {
	gz := func(s string) []byte {
		var b bytes.Buffer
		zw := gzip.NewWriter(&b)
		_, _ = zw.Write([]byte(s))
		_ = zw.Close()
		return b.Bytes()
	}
	ok := `{"Response":{"RequestId":"r1","TotalCount":0}}`
	seeds := []struct {
		status     int
		ctype, enc string
		body       []byte
	}{
		{200, "application/json", "", []byte(ok)},
		{200, "application/json", "", []byte(`{"Response":{"Error":{"Code":"InternalError","Message":"x"},"RequestId":"r2"}}`)},
		{200, "application/json", "", []byte(`{"Response":{"RequestId":"r3","ZoneSet":[{"Zone":"ap-gu`)},
		{200, "application/json", "", []byte(`{"data":1}`)},
		{200, "application/json", "", []byte(`[1,2,3]`)},
		{200, "application/json", "", []byte(`{"code":4100,"message":"auth","codeDesc":"AuthFailure"}`)},
		{200, "application/json", "", []byte(`{"Response":null}`)},
		{200, "application/json", "", []byte(`{"Response":{"Error":null}}`)},
		{502, "text/html", "", []byte("<html><body>502 Bad Gateway</body></html>")},
		{503, "", "", []byte("<!DOCTYPE html>")},
		{500, "application/json", "", []byte(ok)},
		{200, "application/json", "gzip", gz(ok)},
		{200, "application/json", "", gz(ok)},
		{200, "application/json", "gzip", gz(ok)[:12]},
		{200, "application/json", "deflate", []byte{0x78, 0x9c, 0x03, 0x00}},
		{200, "application/json", "br", []byte(ok)},
		{200, "text/event-stream", "", []byte("data: {}\n\n")},
		{200, "", "", nil},
		{200, "", "", []byte("\xff\xfe\x00{")},
	}
	for _, s := range seeds {
		f.Add(s.status, s.ctype, s.enc, s.body)
	}
	f.Fuzz(func(t *testing.T, status int, ctype, enc string, body []byte) {
		if status < 100 || status > 999 {
			status = 200
		}
		h := http.Header{}
		h.Set("Content-Type", ctype)
		h.Set("Content-Encoding", enc)
		hr := &http.Response{StatusCode: status, Header: h, Body: io.NopCloser(bytes.NewReader(body))}
		decoded, rerr := readBody(hr)
		if rerr != nil {
			return // reported as ClientError.IOError by the client
		}
		resp := &Response{Body: decoded, Status: status, Header: h}
		e := parseEnvelope(resp, "http://127.0.0.1/")
		if e == nil {
			if status != http.StatusOK {
				t.Fatalf("HTTP %d accepted as a success", status)
			}
			if !strings.HasPrefix(strings.ToLower(ctype), "text/event-stream") {
				var env struct{ Response json.RawMessage }
				if json.Unmarshal(bytes.TrimSpace(decoded), &env) != nil || len(env.Response) == 0 {
					t.Fatalf("accepted a body without a Response object: %q", decoded)
				}
			}
			_ = resp.Result()
			return
		}
		if e.Code == "" {
			t.Fatalf("an error without a code: %#v", e)
		}
		if e.Error() == "" {
			t.Fatal("an error with no text")
		}
		if len(e.Snippet) > 3*200 || !utf8.ValidString(e.Snippet) {
			t.Fatalf("snippet of %d bytes, valid UTF-8 %v", len(e.Snippet), utf8.ValidString(e.Snippet))
		}
		_ = e.Hint()
	})
}

// FuzzRedact builds a v1 query, a TC3 Authorization value and a JSON body
// that hold a signature, a token, a secret key and a secret id among
// arbitrary other fields, and checks the debug logger's redactors leave
// none of the secrets and only the masked id. Seeds:
// testdata/fuzz/FuzzRedact.
// Run: go test ./api -run '^$' -fuzz FuzzRedact -fuzztime 90s
func FuzzRedact(f *testing.F) {
	f.Add("Limit", "10", []byte("sig"), []byte("tok"), []byte("key"), []byte("AKIDexample"))
	f.Add("Signature", "x", []byte{0}, []byte{1}, []byte{2}, []byte("AKID"))
	f.Add("Token", "a&Token=b", []byte("s"), []byte("t"), []byte("k"), []byte("id"))
	f.Add("SecretKey", `"}`, []byte("\""), []byte("\\"), []byte("\n"), []byte("AKID\u00e9\u00e9\u00e9\u00e9x"))
	f.Add("a b", "%zz", []byte("%"), []byte("="), []byte("&"), []byte("+"))
	f.Fuzz(func(t *testing.T, extraKey, extraVal string, sigB, tokB, keyB, idB []byte) {
		// Distinctive secrets: a marker no other field contains, plus the
		// fuzzer's bytes (hex, as real signatures and ids are ASCII).
		// Dumps are capped at 64 KiB; bigger inputs only make the regexp slow.
		if len(extraKey)+len(extraVal)+len(sigB)+len(tokB)+len(keyB)+len(idB) > 8<<10 {
			return
		}
		const mark = "Zq9Xw"
		if strings.Contains(extraKey+extraVal, mark) || strings.Contains(extraKey+extraVal, "\\") {
			return
		}
		sig := mark + "sig" + hex.EncodeToString(sigB)
		tok := mark + "tok" + hex.EncodeToString(tokB)
		key := mark + "key" + hex.EncodeToString(keyB)
		id := "AKID" + mark + hex.EncodeToString(idB) + "tail"

		q := url.Values{}
		q.Set(extraKey, extraVal)
		q.Set("Signature", sig)
		q.Set("Token", tok)
		q.Set("SecretId", id)
		got := RedactQuery(q.Encode())
		for _, s := range []string{sig, tok, id} {
			if strings.Contains(got, s) {
				t.Fatalf("RedactQuery left %q in %q", s, got)
			}
		}
		if !strings.Contains(got, url.QueryEscape(MaskID(id))) {
			t.Fatalf("RedactQuery did not keep the masked id %q: %q", MaskID(id), got)
		}

		auth := TC3HMACSHA256 + " Credential=" + id + "/2026-11-29/cvm/tc3_request, SignedHeaders=content-type;host, Signature=" + sig
		got = RedactAuthorization(auth)
		if strings.Contains(got, sig) || strings.Contains(got, id) || !strings.Contains(got, MaskID(id)) {
			t.Fatalf("RedactAuthorization(%q) = %q", auth, got)
		}
		if got := RedactHeader("X-TC-Token", tok); strings.Contains(got, tok) {
			t.Fatalf("RedactHeader kept the token: %q", got)
		}

		body, err := json.Marshal(map[string]any{
			extraKey: extraVal, "SecretKey": key, "Token": tok, "TmpSecretKey": key,
			"Nested": map[string]any{"SessionToken": tok, "Password": key, "List": []any{map[string]any{"Token": tok}}},
		})
		if err != nil {
			return
		}
		for _, text := range []string{string(body), indent(body)} {
			got := RedactJSON(text)
			if strings.Contains(got, key) || strings.Contains(got, tok) {
				t.Fatalf("RedactJSON left a secret in %s", got)
			}
		}
	})
}

func indent(b []byte) string {
	var out bytes.Buffer
	_ = json.Indent(&out, b, "", "  ")
	return out.String()
}
