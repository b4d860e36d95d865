package sandbox

import (
	"strings"
	"time"
)

// STS limits on DurationSeconds.
const (
	defaultSTSDuration = 7200
	maxSTSDuration     = 43200
)

// stsFor returns the fake STS handler of action, or nil.
func (s *Server) stsFor(action string) func(q *request, p principal) (map[string]any, *apiError) {
	switch action {
	case "AssumeRole":
		return s.assumeRole
	case "AssumeRoleWithWebIdentity":
		return s.assumeRoleWithWebIdentity
	case "GetCallerIdentity":
		return s.getCallerIdentity
	}
	return nil
}

func requireParams(params map[string]any, names ...string) *apiError {
	for _, n := range names {
		if paramString(params, n) == "" {
			return errorf("MissingParameter", "The request is missing a required parameter `%s`.", n)
		}
	}
	return nil
}

func stsDuration(params map[string]any) (time.Duration, *apiError) {
	d, ok, e := paramInt(params, "DurationSeconds")
	if e != nil {
		return 0, e
	}
	if !ok {
		d = defaultSTSDuration
	}
	if d <= 0 || d > maxSTSDuration {
		return 0, errorf("InvalidParameterValue", "The value of `DurationSeconds` must be between 1 and %d.", maxSTSDuration)
	}
	return time.Duration(d) * time.Second, nil
}

// roleName extracts the role from qcs::cam::uin/<uin>:roleName/<name>.
func roleName(arn string) (string, *apiError) {
	_, name, ok := strings.Cut(arn, ":roleName/")
	if !strings.HasPrefix(arn, "qcs::cam::") || !ok || name == "" {
		return "", errorf("InvalidParameterValue", "The RoleArn `%s` is not valid: it looks like qcs::cam::uin/%s:roleName/my-role.", safeText(arn), sandboxUin)
	}
	return name, nil
}

func (s *Server) issueFor(q *request, role string) (map[string]any, *apiError) {
	d, e := stsDuration(q.params)
	if e != nil {
		return nil, e
	}
	session := paramString(q.params, "RoleSessionName")
	now := s.clock()
	exp := now.Add(d)
	t := s.keys.issue(now, exp, "qcs::sts:"+sandboxUin+":assumed-role/"+role+"/"+session, session)
	return map[string]any{
		"Credentials": map[string]any{
			"Token":        t.Token,
			"TmpSecretId":  t.SecretID,
			"TmpSecretKey": t.SecretKey,
		},
		"ExpiredTime": exp.Unix(),
		"Expiration":  exp.UTC().Format(time.RFC3339),
	}, nil
}

func (s *Server) assumeRole(q *request, _ principal) (map[string]any, *apiError) {
	if e := requireParams(q.params, "RoleArn", "RoleSessionName"); e != nil {
		return nil, e
	}
	role, e := roleName(paramString(q.params, "RoleArn"))
	if e != nil {
		return nil, e
	}
	return s.issueFor(q, role)
}

func (s *Server) assumeRoleWithWebIdentity(q *request, _ principal) (map[string]any, *apiError) {
	if e := requireParams(q.params, "ProviderId", "WebIdentityToken", "RoleArn", "RoleSessionName"); e != nil {
		return nil, e
	}
	role, e := roleName(paramString(q.params, "RoleArn"))
	if e != nil {
		return nil, e
	}
	return s.issueFor(q, role)
}

func (s *Server) getCallerIdentity(_ *request, p principal) (map[string]any, *apiError) {
	out := map[string]any{
		"Arn":         p.Arn,
		"AccountId":   sandboxUin,
		"UserId":      sandboxUin,
		"PrincipalId": sandboxUin,
		"Type":        "RootAccount",
	}
	if p.Token != "" {
		out["Type"] = "AssumedRole"
		out["UserId"] = sandboxUin + ":" + p.RoleSession
	}
	return out, nil
}
