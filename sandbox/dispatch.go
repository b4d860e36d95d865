package sandbox

import "context"

// resolveProduct decides which product q is for: the TC3 credential scope,
// else the Host's first label when it names a product, else the product
// that has the action (v1 and unsigned requests to a bare address).
func (s *Server) resolveProduct(q *request) *apiError {
	label := hostLabel(q.host)
	labelIsProduct := label != "" && s.catalog.hasProduct(label)
	if q.style == styleTC3 {
		if labelIsProduct && label != q.service {
			return errorf("AuthFailure.InvalidAuthorization", "The Service in Credential (%s) is not valid for the host %s: sign with the service %q.", safeText(q.service), safeText(q.host), label)
		}
		q.product = q.service
		return nil
	}
	if labelIsProduct {
		q.product = label
		return nil
	}
	q.product = s.catalog.productOf(q.action, q.version)
	if q.product == "" {
		return errorf("InvalidAction", "The action `%s` (version %s) is not known to any product: check its name, or call the product's host (e.g. cvm.tencentcloudapi.com).", safeText(q.action), safeText(q.version))
	}
	return nil
}

// dispatch answers a verified request: the fake STS, a stateful flow, or
// the schema.
func (s *Server) dispatch(_ context.Context, q *request, p principal) (map[string]any, *apiError) {
	act, e := s.catalog.action(q)
	if e != nil {
		return nil, e
	}
	if e := s.catalog.params(q, act); e != nil {
		return nil, e
	}
	if q.product == "sts" {
		if h := s.stsFor(q.action); h != nil {
			return h(q, p)
		}
	}
	if h := statefulFor(q.product, q.action); h != nil {
		return h(s.state, q)
	}
	return s.catalog.answer(q, act, s.seed)
}

// builtinProduct reports the products the sandbox serves without a schema.
func builtinProduct(name string) bool {
	switch name {
	case "cvm", "vpc", "sts":
		return true
	}
	return false
}

// builtinProductOf is the product of an action the sandbox serves itself.
func builtinProductOf(action string) string {
	switch action {
	case "AssumeRole", "AssumeRoleWithWebIdentity", "GetCallerIdentity":
		return "sts"
	case "RunInstances", "DescribeInstances", "TerminateInstances":
		return "cvm"
	case "CreateVpc", "DescribeVpcs", "DeleteVpc":
		return "vpc"
	}
	return ""
}
