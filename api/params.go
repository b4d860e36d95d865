package api

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/url"
	"sort"
	"strconv"
	"strings"
)

// paramsJSON returns the request parameters as a JSON object. JSON text is
// used byte for byte (so the hash covers exactly what the caller wrote);
// maps and structs are marshalled compactly.
func paramsJSON(p any) ([]byte, error) {
	var b []byte
	switch v := p.(type) {
	case nil:
		return []byte("{}"), nil
	case []byte:
		b = v
	case json.RawMessage:
		b = v
	case string:
		b = []byte(v)
	default:
		m, err := json.Marshal(v)
		if err != nil {
			return nil, fmt.Errorf("parameters cannot be encoded as JSON: %w", err)
		}
		b = m
	}
	t := bytes.TrimSpace(b)
	if len(t) == 0 {
		return []byte("{}"), nil
	}
	if t[0] != '{' {
		return nil, fmt.Errorf("parameters must be a JSON object like {\"Limit\": 1}, got %q", snippet(t, 40))
	}
	if !json.Valid(t) {
		return nil, fmt.Errorf("parameters are not valid JSON: %w", jsonSyntax(t))
	}
	return t, nil
}

func jsonSyntax(b []byte) error {
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	return nil
}

// ParamsMap decodes request parameters in any form Request.Params accepts
// (JSON text, []byte, json.RawMessage, a map or a struct) into a generic
// object, keeping numbers as written (json.Number) so that
// 12345678901234567890 survives. A map[string]any is returned as is, not
// copied; nil and empty text give an empty map.
func ParamsMap(p any) (map[string]any, error) {
	if m, ok := p.(map[string]any); ok {
		return m, nil
	}
	b, err := paramsJSON(p)
	if err != nil {
		return nil, err
	}
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	m := map[string]any{}
	if err := d.Decode(&m); err != nil {
		return nil, fmt.Errorf("parameters are not a JSON object: %w", err)
	}
	return m, nil
}

// Flatten turns nested parameters into the dotted form used by GET and v1
// requests: {"Filters":[{"Name":"zone"}]} → Filters.0.Name=zone. Nulls are
// dropped; booleans are true/false; numbers keep their written form.
func Flatten(params map[string]any) map[string]string {
	out := make(map[string]string, len(params))
	for k, v := range params {
		flattenInto(out, k, v)
	}
	return out
}

func flattenInto(out map[string]string, prefix string, v any) {
	switch x := v.(type) {
	case nil:
	case map[string]any:
		for k, vv := range x {
			flattenInto(out, prefix+"."+k, vv)
		}
	case []any:
		for i, vv := range x {
			flattenInto(out, prefix+"."+strconv.Itoa(i), vv)
		}
	case string:
		out[prefix] = x
	case bool:
		out[prefix] = strconv.FormatBool(x)
	case json.Number:
		out[prefix] = x.String()
	case float64:
		out[prefix] = strconv.FormatFloat(x, 'f', -1, 64)
	case int:
		out[prefix] = strconv.Itoa(x)
	case int64:
		out[prefix] = strconv.FormatInt(x, 10)
	default:
		// Typed slices and maps inside a map[string]any: go through JSON.
		b, err := json.Marshal(x)
		if err != nil {
			out[prefix] = fmt.Sprint(x)
			return
		}
		d := json.NewDecoder(bytes.NewReader(b))
		d.UseNumber()
		var g any
		if d.Decode(&g) != nil {
			out[prefix] = string(b)
			return
		}
		flattenInto(out, prefix, g)
	}
}

// EncodeQuery encodes flattened parameters sorted by name with form
// escaping. The one string is used both in the URL and in the canonical
// request, so they cannot disagree.
func EncodeQuery(flat map[string]string) string {
	keys := make([]string, 0, len(flat))
	for k := range flat {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	writeQuery(&b, keys, flat)
	return b.String()
}

// writeQuery writes keys (in the order given) and their values from m as
// k=v pairs joined by '&', form-escaped: the one encoding for TC3 GET
// queries and v1 queries and form bodies.
func writeQuery(b *strings.Builder, keys []string, m map[string]string) {
	for i, k := range keys {
		if i > 0 {
			b.WriteByte('&')
		}
		b.WriteString(url.QueryEscape(k))
		b.WriteByte('=')
		b.WriteString(url.QueryEscape(m[k]))
	}
}

// newUUID returns a random RFC 4122 version 4 UUID.
func newUUID() string {
	var u [16]byte
	_, _ = rand.Read(u[:]) // crypto/rand.Read never fails on supported platforms
	return UUIDv4(u)
}

// UUIDv4 formats 16 bytes as an RFC 4122 version 4 UUID
// (xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx), setting the version and variant
// bits. The sandbox uses it for deterministic RequestIds from seeded bytes.
func UUIDv4(u [16]byte) string {
	u[6] = u[6]&0x0f | 0x40
	u[8] = u[8]&0x3f | 0x80
	var s [36]byte
	hex.Encode(s[0:8], u[0:4])
	s[8] = '-'
	hex.Encode(s[9:13], u[4:6])
	s[13] = '-'
	hex.Encode(s[14:18], u[6:8])
	s[18] = '-'
	hex.Encode(s[19:23], u[8:10])
	s[23] = '-'
	hex.Encode(s[24:], u[10:])
	return string(s[:])
}

func snippet(b []byte, n int) string {
	if len(b) > n {
		b = b[:n]
	}
	return strings.ToValidUTF8(string(b), "?")
}
