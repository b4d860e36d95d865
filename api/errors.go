package api

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// Client-side error codes, named like the official SDKs' so that code which
// classifies by Code keeps working. Server codes are passed through verbatim.
const (
	CodeNetwork         = "ClientError.NetworkError"        // no HTTP response: DNS, connect, TLS, timeout, cancel
	CodeHTTPStatus      = "ClientError.HttpStatusCodeError" // an HTTP status other than 200 without an API envelope
	CodeParseJSON       = "ClientError.ParseJsonError"      // a body that is not the JSON envelope
	CodeIO              = "ClientError.IOError"             // the body could not be read or decompressed
	CodeCredential      = "ClientError.CredentialError"     // no usable credential
	CodeInvalidParam    = "ClientError.InvalidParameter"    // the request itself is malformed
	CodeSignatureExpire = "AuthFailure.SignatureExpire"
)

// Error is every error Client.Call returns. API errors carry the service's
// Code, Message and RequestID; client-side errors carry one of the
// ClientError.* codes and, for transport failures, the cause in Err.
type Error struct {
	Code      string
	Message   string
	RequestID string
	Status    int    // HTTP status; 0 when no response arrived
	Endpoint  string // the URL the request went to
	// ClockSkew is server time minus local time, measured from the response
	// Date header; set for AuthFailure.SignatureExpire.
	ClockSkew time.Duration
	// Snippet is the start of an unexpected body (HTML, truncated JSON…).
	Snippet string
	// Signature is what was signed for the failing attempt (nil when the
	// request failed before signing). It is exactly what the server checked,
	// so a SignatureFailure can be compared step by step; no secret.
	Signature *SignatureTrace
	Err       error
}

// Error reads "Code: Message (RequestId …, HTTP status, endpoint)", plus the
// start of an unexpected body.
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.Code)
	b.WriteString(": ")
	b.WriteString(e.Message)
	if e.Err != nil && !strings.Contains(e.Message, e.Err.Error()) {
		b.WriteString(": ")
		b.WriteString(e.Err.Error())
	}
	var extra []string
	if e.RequestID != "" {
		extra = append(extra, "RequestId "+e.RequestID)
	}
	if e.Status != 0 && e.Status != 200 {
		extra = append(extra, fmt.Sprintf("HTTP %d", e.Status))
	}
	if e.Endpoint != "" {
		extra = append(extra, e.Endpoint)
	}
	if len(extra) > 0 {
		b.WriteString(" (")
		b.WriteString(strings.Join(extra, ", "))
		b.WriteString(")")
	}
	if e.Snippet != "" {
		b.WriteString("; body starts: ")
		b.WriteString(fmt.Sprintf("%q", e.Snippet))
	}
	return b.String()
}

// Unwrap returns the underlying cause, so errors.Is(err, context.Canceled)
// and errors.As(err, *net.OpError) work.
func (e *Error) Unwrap() error { return e.Err }

// Hint says what to do about the error, in one sentence, or "".
func (e *Error) Hint() string {
	switch {
	case e.Code == CodeSignatureExpire && e.ClockSkew != 0:
		return fmt.Sprintf("your clock is %s off from the server's: synchronise it (e.g. enable NTP)", roundSkew(e.ClockSkew))
	case e.Code == CodeSignatureExpire:
		return "the request timestamp is more than 5 minutes away from server time: check your clock"
	case e.Code == "AuthFailure.SignatureFailure":
		return "the signature did not match: check the secret key, and run `tcx sign` with the same flags to compare every step"
	case e.Code == "AuthFailure.SecretIdNotFound":
		return "the secret id does not exist or is disabled: check for stray spaces and that the key is enabled in CAM"
	case e.Code == "AuthFailure.InvalidAuthorization":
		return "the Authorization header was rejected: the service in the credential scope must match the product of the endpoint"
	case e.Code == "AuthFailure.TokenFailure":
		return "the session token is wrong or expired: refresh temporary credentials"
	case strings.HasPrefix(e.Code, "RequestLimitExceeded"):
		return "rate limited: slow down or enable retries"
	case e.Code == "MissingParameter" && strings.Contains(e.Message, "Region"):
		return "this action needs a region: pass --region (e.g. ap-guangzhou)"
	case e.Code == CodeNetwork:
		return "no response arrived: check the endpoint, proxy settings and network"
	case e.Code == CodeCredential:
		return "set TENCENTCLOUD_SECRET_ID and TENCENTCLOUD_SECRET_KEY, or configure a profile"
	}
	return ""
}

func roundSkew(d time.Duration) string {
	if d < 0 {
		d = -d
	}
	if d >= time.Minute {
		return fmt.Sprintf("%d minutes", int(d.Round(time.Minute)/time.Minute))
	}
	return d.Round(time.Second).String()
}

// AsError returns err as *Error when it is one (or wraps one).
func AsError(err error) (*Error, bool) {
	var e *Error
	ok := errors.As(err, &e)
	return e, ok
}

// IsTransport reports whether err means no proper API answer arrived: a
// network failure, a non-200 status without an envelope, or an unreadable body.
func IsTransport(err error) bool {
	e, ok := AsError(err)
	if !ok {
		return false
	}
	switch e.Code {
	case CodeNetwork, CodeHTTPStatus, CodeParseJSON, CodeIO:
		return true
	}
	return false
}

// IsAPIError reports whether the service itself answered with an error code.
func IsAPIError(err error) bool {
	e, ok := AsError(err)
	return ok && !strings.HasPrefix(e.Code, "ClientError.")
}

// IsClientError reports whether the request never left because of bad input
// or missing credentials.
func IsClientError(err error) bool {
	e, ok := AsError(err)
	if !ok {
		return false
	}
	switch e.Code {
	case CodeCredential, CodeInvalidParam:
		return true
	}
	return false
}

// IsThrottled reports whether err is one of the RequestLimitExceeded codes.
func IsThrottled(err error) bool {
	e, ok := AsError(err)
	return ok && strings.HasPrefix(e.Code, "RequestLimitExceeded")
}

func clientErr(code, msg string, err error) *Error {
	return &Error{Code: code, Message: msg, Err: err}
}
