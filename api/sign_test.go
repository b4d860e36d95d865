package api

import (
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"
)

const (
	vecID   = "AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE"
	vecKey  = "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE"
	vecTS   = 1551113065
	vecHost = "cvm.tencentcloudapi.com"
)

func TestSignTC3PublishedVectors(t *testing.T) {
	bodyA := `{"Limit": 1, "Filters": [{"Values": ["\u672a\u547d\u540d"], "Name": "instance-name"}]}`
	bodyC := `{"Limit": 1, "Filters": [{"Values": ["unnamed"], "Name": "instance-name"}]}`
	cases := []struct {
		name          string
		in            TC3Input
		payloadHash   string
		canonicalHash string
		signature     string
	}{
		{
			name: "A: official example, content-type with charset",
			in: TC3Input{Method: "POST", Payload: []byte(bodyA), Service: "cvm", Timestamp: vecTS,
				Headers: []Header{{"Content-Type", "application/json; charset=utf-8"}, {"Host", vecHost}}},
			payloadHash:   "35e9c5b0e3ae67532d3c9f17ead6c90222632e5b1ff7f6e89887f1398934f064",
			canonicalHash: "5ffe6a04c0664d6b969fab9a13bdab201d63ee709638e2749d62a09ca18d7031",
			signature:     "72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168",
		},
		{
			name: "C: international edition body",
			in: TC3Input{Method: "POST", Payload: []byte(bodyC), Service: "cvm", Timestamp: vecTS,
				Headers: []Header{{"Content-Type", "application/json; charset=utf-8"}, {"Host", vecHost}}},
			payloadHash:   "99d58dfbc6745f6747f36bfca17dee5e6881dc0428a0a36f96199342bc5b4907",
			canonicalHash: "2815843035062fffda5fd6f2a44ea8a34818b0dc46f024b8b3786976a3adda7a",
			signature:     "63eae8f4b793c20564dafd5a5f62817d6e8de7ce5d4fb2d38f7babf1531c493c",
		},
		{
			name: "D: Python SDK POST, application/json",
			in: TC3Input{Method: "POST", Payload: []byte(bodyA), Service: "cvm", Timestamp: vecTS,
				Headers: []Header{{"Content-Type", "application/json"}, {"Host", vecHost}}},
			canonicalHash: "df142fa7176428137ac6a6b25b5efcb6b4c08a91fc30d75ecebe47877d3143d8",
			signature:     "683bd0b53659853c39699162253251192320a09b3937e27bf8e08a559b1465b8",
		},
		{
			name: "D: Python SDK GET",
			in: TC3Input{Method: "GET", Service: "cvm", Timestamp: vecTS,
				Query:   "Limit=1&Filters.0.Values.0=%E6%9C%AA%E5%91%BD%E5%90%8D&Filters.0.Name=instance-name",
				Headers: []Header{{"Content-Type", "application/x-www-form-urlencoded"}, {"Host", vecHost}}},
			payloadHash:   "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
			canonicalHash: "c8a73de0dba313f34231abb701e4cd8a95bebb0892b1eb43fefb5a75d48ec318",
			signature:     "e51447a2740cdd0620c58e8e78e535a472238d1a6bb3296238466f581a694a01",
		},
		{
			name: "D: unsigned payload",
			in: TC3Input{Method: "POST", Payload: []byte(bodyA), Service: "cvm", Timestamp: vecTS,
				PayloadHash: PayloadHashOf([]byte(UnsignedPayload)),
				Headers:     []Header{{"Content-Type", "application/json"}, {"Host", vecHost}}},
			payloadHash:   "438d4109ef0d676b8c2c7ed13cdfcb418e494d53b843d4634ce3b1085f07bb96",
			canonicalHash: "08ca61ccea5c4f36a3d4ba244ffe6984977e068524eacd007c466f121f299ad6",
			signature:     "6ca8818cc1b871a25d6f13dad67f0a6069a1979f11eddcd2087aee26addd80e6",
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := SignTC3(vecID, vecKey, c.in)
			if c.payloadHash != "" && s.PayloadHash != c.payloadHash {
				t.Errorf("payload hash = %s, want %s", s.PayloadHash, c.payloadHash)
			}
			if s.HashedCanonicalRequest != c.canonicalHash {
				t.Errorf("canonical hash = %s, want %s\ncanonical request:\n%s", s.HashedCanonicalRequest, c.canonicalHash, s.CanonicalRequest)
			}
			if s.Signature != c.signature {
				t.Errorf("signature = %s, want %s", s.Signature, c.signature)
			}
			if s.CredentialScope != "2019-02-25/cvm/tc3_request" {
				t.Errorf("scope = %s (the date must be UTC)", s.CredentialScope)
			}
			want := "TC3-HMAC-SHA256 Credential=" + vecID + "/2019-02-25/cvm/tc3_request, SignedHeaders=content-type;host, Signature=" + c.signature
			if s.Authorization != want {
				t.Errorf("authorization = %s\nwant            %s", s.Authorization, want)
			}
		})
	}
}

func TestSignTC3ExtraSignedHeaderMatchesDocCanonicalHash(t *testing.T) {
	// Vector (B): the current doc signs x-tc-action too; its key is masked, so
	// only the canonical request hash can be checked.
	body := `{"Limit": 1, "Filters": [{"Values": ["\u672a\u547d\u540d"], "Name": "instance-name"}]}`
	s := SignTC3(vecID, vecKey, TC3Input{Method: "POST", Payload: []byte(body), Service: "cvm", Timestamp: vecTS,
		Headers: []Header{{"Content-Type", "application/json; charset=utf-8"}, {"Host", vecHost}, {"X-TC-Action", "DescribeInstances"}}})
	if s.SignedHeaders != "content-type;host;x-tc-action" {
		t.Fatalf("signed headers = %s", s.SignedHeaders)
	}
	if s.HashedCanonicalRequest != "7019a55be8395899b900fb5564e4200d984910f34794a27cb3fb7d10ff6a1e84" {
		t.Errorf("canonical hash = %s\n%s", s.HashedCanonicalRequest, s.CanonicalRequest)
	}
}

func TestSignV1PublishedVector(t *testing.T) {
	params := map[string]string{
		"Action": "DescribeInstances", "InstanceIds.0": "ins-09dx96dg", "Limit": "20", "Nonce": "11886",
		"Offset": "0", "Region": "ap-guangzhou", "SecretId": vecID, "Timestamp": "1465185768", "Version": "2017-03-12",
	}
	wantSTS := "GETcvm.tencentcloudapi.com/?Action=DescribeInstances&InstanceIds.0=ins-09dx96dg&Limit=20&Nonce=11886&Offset=0&Region=ap-guangzhou&SecretId=AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE&Timestamp=1465185768&Version=2017-03-12"
	for _, c := range []struct{ method, sig, enc string }{
		{HmacSHA1, "EliP9YW3pW28FpsEdkXt/+WcGeI=", "Signature=EliP9YW3pW28FpsEdkXt%2F%2BWcGeI%3D"},
		{HmacSHA256, "bR/zQ3QqOmcEYeRv71IzG/NxfisUDgy9cqRMQC+UB5g=", "Signature=bR%2FzQ3QqOmcEYeRv71IzG%2FNxfisUDgy9cqRMQC%2BUB5g%3D"},
	} {
		s := SignV1(vecKey, V1Input{Method: "GET", Host: vecHost, Params: params, SignatureMethod: c.method})
		if s.StringToSign != wantSTS {
			t.Errorf("%s string to sign:\n%s\nwant\n%s", c.method, s.StringToSign, wantSTS)
		}
		if s.Signature != c.sig {
			t.Errorf("%s signature = %s, want %s", c.method, s.Signature, c.sig)
		}
		if got := s.Encoded[len(s.Encoded)-len(c.enc):]; got != c.enc {
			t.Errorf("%s encoded tail = %s, want %s", c.method, got, c.enc)
		}
	}
}

func TestSignV1GoObservedVector(t *testing.T) {
	// Vector (H): the Go SDK's POST HmacSHA256 request.
	params := map[string]string{"Action": "DescribeInstances", "Language": "zh-CN", "Nonce": "1176807675683451764",
		"Region": "ap-guangzhou", "RequestClient": "SDK_GO_1.3.211", "SecretId": "AKIDtest", "SignatureMethod": "HmacSHA256",
		"Timestamp": "1795900961", "Version": "2017-03-12"}
	s := SignV1("SKtest", V1Input{Method: "POST", Host: vecHost, Params: params, SignatureMethod: HmacSHA256})
	if s.Signature != "k3DN87L5UNgiTCu/UQ52DSHq9FkT9XvSrJUctEPWneo=" {
		t.Errorf("signature = %s", s.Signature)
	}
}

func TestMaskID(t *testing.T) {
	for in, want := range map[string]string{vecID: "AKID…MPLE", "": "(none)", "short": "*****", "AKID12341a2b": "AKID…1a2b"} {
		if got := MaskID(in); got != want {
			t.Errorf("MaskID(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestUTCDateMatchesTime(t *testing.T) {
	for _, ts := range []int64{0, 951782400, 951868800, 1551113065, 1709164800, 1709251199, 4102444799, 4102444800, -86400, 253402300799} {
		want := time.Unix(ts, 0).UTC().Format("2006-01-02")
		if d := utcDate(ts); string(d[:]) != want {
			t.Errorf("utcDate(%d) = %s, want %s", ts, d[:], want)
		}
	}
	for ts := int64(0); ts < 4102444800; ts += 86400*17 + 3607 {
		want := time.Unix(ts, 0).UTC().Format("2006-01-02")
		if d := utcDate(ts); string(d[:]) != want {
			t.Fatalf("utcDate(%d) = %s, want %s", ts, d[:], want)
		}
	}
}

func TestSignerMatchesSignTC3AcrossKeysDatesAndServices(t *testing.T) {
	s := NewSigner()
	for i, tc := range []struct {
		key, service string
		ts           int64
	}{
		{vecKey, "cvm", vecTS}, {vecKey, "cvm", vecTS + 10}, {vecKey, "vpc", vecTS}, {"other", "cvm", vecTS},
		{vecKey, "cvm", vecTS + 86400}, {vecKey, "cvm", vecTS}, {vecKey, "cvm", -5},
	} {
		in := TC3Input{Method: "post", Payload: []byte(`{"i":1}`), Service: tc.service, Timestamp: tc.ts,
			Headers: []Header{{"Host", vecHost}, {"Content-Type", " application/json "}}}
		want := SignTC3(vecID, tc.key, in)
		if got := s.SignTC3(vecID, tc.key, in); got != want {
			t.Errorf("case %d: Signer.SignTC3 = %+v, want %+v", i, got, want)
		}
		if got := s.Authorization(vecID, tc.key, in); got != want.Authorization {
			t.Errorf("case %d: Authorization = %s", i, got)
		}
	}
	// The derived key is what the published vector (B) lists as SecretSigning
	// for its masked key; ours must follow the same chain for the (A) key.
	if got := hex.EncodeToString(TC3SigningKey(vecKey, "2019-02-25", "cvm")); got != "ac658d5dde49e9bfdd14e04e062f66b05d9f637d44b8a8d845327d4a77f666b1" {
		t.Errorf("kSigning = %s", got)
	}
}

func TestCredentialNeverMarshalsItsSecrets(t *testing.T) {
	b, err := json.Marshal(Credential{SecretID: "AKIDmarshal", SecretKey: "KEYmarshal", Token: "TOKENmarshal", Source: "test"})
	if err != nil {
		t.Fatal(err)
	}
	if s := string(b); strings.Contains(s, "KEYmarshal") || strings.Contains(s, "TOKENmarshal") {
		t.Fatalf("secret in JSON: %s", s)
	}
	if s := fmt.Sprintf("%v %+v %#v", Credential{SecretKey: "KEYmarshal", Token: "TOKENmarshal"}, Credential{SecretKey: "KEYmarshal"}, Credential{SecretKey: "KEYmarshal"}); strings.Contains(s, "KEYmarshal") || strings.Contains(s, "TOKENmarshal") {
		t.Fatalf("secret in fmt output: %s", s)
	}
}
