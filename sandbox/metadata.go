package sandbox

import (
	"encoding/json"
	"net/http"
	"strings"
	"time"
)

// metadataTTL is how long credentials from the fake metadata service last.
const metadataTTL = 2 * time.Hour

// serveMetadata fakes the CVM metadata service
// (http://metadata.tencentyun.com/latest/meta-data/...), so the CVM-role
// credential provider can be pointed at the sandbox.
func (s *Server) serveMetadata(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	const base = "/latest/meta-data/"
	path, ok := strings.CutPrefix(r.URL.Path, base)
	if !ok {
		http.NotFound(w, r)
		return
	}
	text := func(s string) {
		w.Header().Set("Content-Type", "text/plain")
		_, _ = w.Write([]byte(s))
	}
	switch path {
	case "":
		text("cam/\ninstance-id\nplacement/\n")
	case "instance-id":
		text("ins-sandbox0")
	case "placement/region":
		text("ap-guangzhou")
	case "placement/zone":
		text("ap-guangzhou-3")
	case "cam/security-credentials", "cam/security-credentials/":
		text(s.role)
	default:
		role, ok := strings.CutPrefix(path, "cam/security-credentials/")
		if !ok || role != s.role {
			http.NotFound(w, r)
			return
		}
		p := s.metadataCredential()
		body, _ := json.Marshal(map[string]any{
			"TmpSecretId":  p.SecretID,
			"TmpSecretKey": p.SecretKey,
			"ExpiredTime":  p.Expires.Unix(),
			"Expiration":   p.Expires.UTC().Format(time.RFC3339),
			"Token":        p.Token,
			"Code":         "Success",
		})
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(body)
	}
}

// metadataCredential returns the role's current temporary credential,
// issuing a new one when fewer than 15 minutes remain (as the real service
// rotates them ahead of expiry).
func (s *Server) metadataCredential() principal {
	now := s.clock()
	s.metaMu.Lock()
	defer s.metaMu.Unlock()
	if s.metaCred.SecretID == "" || s.metaCred.Expires.Sub(now) < 15*time.Minute {
		s.metaCred = s.keys.issue(now, now.Add(metadataTTL),
			"qcs::sts:"+sandboxUin+":assumed-role/"+s.role+"/cvm-metadata", "cvm-metadata")
	}
	return s.metaCred
}
