package api

import (
	"fmt"
	"net/http"
	"testing"
)

func TestAnAPIErrorCarriesTheSignatureTheServerChecked(t *testing.T) {
	srv := newAPIServer(t)
	srv.answer = func(n int, _ seen, w http.ResponseWriter) {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"Response":{"Error":{"Code":"AuthFailure.SignatureFailure","Message":"no"},"RequestId":"rid-%d"}}`, n)
	}
	c := newTestClient(t, srv.URL, nil)
	_, err := call(t, c, cvmReq(map[string]any{"Limit": 1}))
	e, ok := AsError(err)
	if !ok || e.Code != "AuthFailure.SignatureFailure" {
		t.Fatalf("want SignatureFailure, got %v", err)
	}
	if e.Signature == nil || e.Signature.TC3 == nil {
		t.Fatalf("the error has no signature trace: %#v", e)
	}
	if got, sent := e.Signature.TC3.Authorization, srv.last(t).Header.Get("Authorization"); got != sent {
		t.Errorf("trace Authorization %q is not what was sent %q", got, sent)
	}
}

func TestAnErrorBeforeSigningHasNoSignature(t *testing.T) {
	c := newTestClient(t, "http://127.0.0.1:9", nil)
	_, err := call(t, c, &Request{Service: "cvm", Version: "2017-03-12"})
	if e, ok := AsError(err); !ok || e.Signature != nil {
		t.Fatalf("want an error without a signature, got %#v", err)
	}
}
