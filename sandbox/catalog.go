package sandbox

import (
	"encoding/json"
	"errors"
	"hash/fnv"
	"maps"
	"net/url"
	"strings"
	"sync"

	"github.com/tcx-dev/tcx/schema"
)

// catalog answers from the API schema: which products and actions exist,
// what their parameters must look like, and what a success looks like. A
// nil *catalog (no schema) knows only the sandbox's own flows and answers
// any other action with an empty success.
type catalog struct {
	reg *schema.Registry

	// answers caches the example or synthesized answer per action; they
	// are deterministic for the server's seed, so computing once is enough.
	answers sync.Map // *schema.Action → map[string]any
}

func newCatalog(o Options) *catalog {
	if o.Registry == nil {
		return nil
	}
	return &catalog{reg: o.Registry}
}

func (c *catalog) hasProduct(name string) bool {
	if c == nil {
		return builtinProduct(name)
	}
	return c.reg.Product(name) != nil
}

// productOf finds the product that has action in version, preferring the
// sandbox's own products when several have it.
func (c *catalog) productOf(action, version string) string {
	if c == nil {
		return builtinProductOf(action)
	}
	refs := c.reg.ActionsByName(action, version)
	if len(refs) == 0 {
		return ""
	}
	for _, r := range refs {
		if builtinProduct(r.Product) && r.Name == action {
			return r.Product
		}
	}
	for _, r := range refs {
		if r.Name == action {
			return r.Product
		}
	}
	return refs[0].Product
}

// action looks up q's action; nil without a schema.
func (c *catalog) action(q *request) (*schema.Action, *apiError) {
	if c == nil {
		return nil, nil
	}
	a, err := c.reg.Action(q.product, q.version, q.action)
	switch {
	case errors.Is(err, schema.ErrUnknownProduct):
		return nil, errorf("NoSuchProduct", "The product `%s` does not exist (it comes from the credential scope or the host): check the service name you sign with.", safeText(q.product))
	case errors.Is(err, schema.ErrUnknownVersion):
		p := c.reg.Product(q.product)
		return nil, errorf("NoSuchVersion", "The API version `%s` does not exist for %s; versions: %v.", safeText(q.version), q.product, p.Versions)
	case errors.Is(err, schema.ErrUnknownAction):
		return nil, errorf("InvalidAction", "The action `%s` does not exist in %s %s.", safeText(q.action), q.product, q.version)
	case err != nil:
		return nil, errorf("InternalError", "The sandbox could not load the schema of %s %s: %v", q.product, q.version, err)
	}
	if a.Name != q.action {
		// The service matches names exactly; the schema is lenient.
		return nil, errorf("InvalidAction", "The action `%s` does not exist in %s %s; did you mean `%s`?", safeText(q.action), q.product, q.version, a.Name)
	}
	if a.Status == "offline" {
		return nil, errorf("ActionOffline", "The action `%s` has been taken offline.", a.Name)
	}
	return a, nil
}

// regionShaped reports whether id looks like a region id: lower-case
// words joined by hyphens, at least two (ap-guangzhou, ap-shanghai-fsi).
func regionShaped(id string) bool {
	parts := strings.Split(id, "-")
	if len(parts) < 2 || len(parts) > 4 {
		return false
	}
	for _, p := range parts {
		if p == "" || strings.Trim(p, "abcdefghijklmnopqrstuvwxyz") != "" {
			return false
		}
	}
	return true
}

// params decodes q's parameters (typed by the schema when it knows the
// action) and validates them.
func (c *catalog) params(q *request, a *schema.Action) *apiError {
	if q.hasRegion && q.region != "" && c != nil {
		if !regionShaped(q.region) {
			return errorf("InvalidParameterValue", "The region `%s` is not valid: regions look like ap-guangzhou.", safeText(q.region))
		}
		if !schema.KnownRegion(q.region) {
			return errorf("UnsupportedRegion", "The region `%s` is not supported: use one of the public regions (ap-guangzhou, ap-shanghai, …).", safeText(q.region))
		}
	}
	var e *apiError
	switch {
	case q.flat != nil && a != nil:
		vals := make(url.Values, len(q.flat))
		for k, v := range q.flat {
			vals[k] = []string{v}
		}
		q.params = schema.Unflatten(a.Input, vals)
	case q.flat != nil:
		q.params, e = unflatten(q.flat)
	case q.mediaType == "multipart/form-data" || q.mediaType == "application/octet-stream":
		// Parameters travel in parts or headers: checked by the signature,
		// not decoded.
		q.params = map[string]any{}
		return nil
	default:
		q.params, e = decodeBody(q.body)
	}
	if e != nil || a == nil {
		return e
	}
	// The schema keeps "required in a request" apart from "always in a
	// response", so nested required members (Filters[0].Name) are enforced
	// like the service does.
	for _, fe := range schema.Validate(a.Input, q.params) {
		return &apiError{Code: fe.Code, Message: fe.Message}
	}
	return nil
}

// answer is the success of a stateless action: the schema's example when
// it has a usable one, else a synthesized value (deterministic per seed).
func (c *catalog) answer(_ *request, a *schema.Action, seed int64) (map[string]any, *apiError) {
	if c == nil || a == nil {
		return map[string]any{}, nil
	}
	v, ok := c.answers.Load(a)
	if !ok {
		v, _ = c.answers.LoadOrStore(a, buildAnswer(a, seed))
	}
	// A shallow copy: the caller adds RequestId to the top level only.
	return maps.Clone(v.(map[string]any)), nil
}

func buildAnswer(a *schema.Action, seed int64) map[string]any {
	for _, ex := range a.Examples {
		var env struct{ Response map[string]any }
		if json.Unmarshal([]byte(ex.Output), &env) == nil && env.Response != nil && env.Response["Error"] == nil {
			delete(env.Response, "RequestId")
			return env.Response
		}
	}
	h := fnv.New64a()
	h.Write([]byte(a.Product + "/" + a.Version + "/" + a.Name))
	return schema.Synthesize(a.Output, seed^int64(h.Sum64()))
}
