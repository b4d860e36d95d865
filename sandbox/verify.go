package sandbox

import (
	"crypto/subtle"
	"net"
	"net/http"
	"time"

	"github.com/tcx-dev/tcx/api"
)

// maxSkew is how far X-TC-Timestamp may be from the server's clock.
const maxSkew = 5 * time.Minute

// verify checks the signature of q with the same signer the client uses,
// rebuilding its input from the wire. It returns who signed.
func (s *Server) verify(r *http.Request, q *request) (principal, *apiError) {
	switch q.style {
	case styleSkip:
		if q.product == "sts" && q.action == "AssumeRoleWithWebIdentity" {
			return principal{}, nil
		}
		return principal{}, errorf("AuthFailure.InvalidAuthorization", "Authorization: SKIP is accepted only by sts AssumeRoleWithWebIdentity; sign %s with TC3-HMAC-SHA256.", safeText(q.action))
	case styleV1:
		return s.verifyV1(r, q)
	}
	return s.verifyTC3(r, q)
}

func (s *Server) verifyTC3(r *http.Request, q *request) (principal, *apiError) {
	p, ok := s.keys.lookup(q.auth.secretID)
	if !ok {
		return p, errorf("AuthFailure.SecretIdNotFound", "The SecretId %s is not found: check the id (and for stray spaces); this sandbox accepts only the keys it printed at start.", api.MaskID(q.auth.secretID))
	}
	if e := s.checkSkew(q.timestamp); e != nil {
		return p, e
	}
	in := api.TC3Input{
		Method:    r.Method,
		Query:     r.URL.RawQuery,
		Headers:   tc3Headers(r, q.auth.signedHeaders),
		Payload:   q.body,
		Service:   q.auth.service,
		Timestamp: q.timestamp,
	}
	if r.Header.Get("X-TC-Content-SHA256") == api.UnsignedPayload {
		in.PayloadHash = api.PayloadHashOf([]byte(api.UnsignedPayload))
	}
	want := api.SignTC3(p.SecretID, p.SecretKey, in)
	match := subtle.ConstantTimeCompare([]byte(want.Signature), []byte(q.auth.signature)) == 1
	if hostname, _, err := net.SplitHostPort(r.Host); !match && err == nil {
		// The cloud is reached on the default port, so SDKs that sign the
		// URL's hostname (Node, Java) leave the port out while sending it
		// in Host. Accept that form too; the port is not part of the
		// caller's intent.
		for i := range in.Headers {
			if in.Headers[i].Name == "host" {
				in.Headers[i].Value = hostname
			}
		}
		alt := api.SignTC3(p.SecretID, p.SecretKey, in)
		match = subtle.ConstantTimeCompare([]byte(alt.Signature), []byte(q.auth.signature)) == 1
	}
	if !match {
		if q.auth.date != want.Date {
			return p, errorf("AuthFailure.SignatureFailure", "The provided credentials could not be validated: the credential scope date %s is not the UTC date of X-TC-Timestamp (%s).", safeText(q.auth.date), want.Date)
		}
		return p, errorf("AuthFailure.SignatureFailure", "The provided credentials could not be validated. Please check your signature is correct.")
	}
	return p, p.checkToken(q.token, s.clock())
}

func (s *Server) verifyV1(r *http.Request, q *request) (principal, *apiError) {
	id := q.v1.Get("SecretId")
	p, ok := s.keys.lookup(id)
	if !ok {
		return p, errorf("AuthFailure.SecretIdNotFound", "The SecretId %s is not found: check the id (and for stray spaces); this sandbox accepts only the keys it printed at start.", api.MaskID(id))
	}
	if e := s.checkSkew(q.timestamp); e != nil {
		return p, e
	}
	params := make(map[string]string, len(q.v1))
	for k, v := range q.v1 {
		if k != "Signature" && len(v) > 0 {
			params[k] = v[0]
		}
	}
	want := api.SignV1(p.SecretKey, api.V1Input{
		Method:          r.Method,
		Host:            r.Host,
		Path:            r.URL.Path,
		Params:          params,
		SignatureMethod: q.v1.Get("SignatureMethod"),
	})
	if subtle.ConstantTimeCompare([]byte(want.Signature), []byte(q.v1.Get("Signature"))) != 1 {
		return p, errorf("AuthFailure.SignatureFailure", "The provided credentials could not be validated. Please check your signature is correct.")
	}
	return p, p.checkToken(q.token, s.clock())
}

func (s *Server) checkSkew(ts int64) *apiError {
	now := s.clock()
	d := now.Sub(time.Unix(ts, 0))
	if d > maxSkew || d < -maxSkew {
		return errorf("AuthFailure.SignatureExpire", "Signature expired: the request timestamp %d is %s away from the server time %d; the limit is 5 minutes. Check the clock of the calling machine.", ts, d.Round(time.Second).Abs(), now.Unix())
	}
	return nil
}
