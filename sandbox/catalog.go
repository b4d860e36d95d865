package sandbox

// catalog answers from the API schema. (Interim: no schema yet.)
type catalog struct{}

func newCatalog(Options) *catalog { return nil }

func (c *catalog) hasProduct(name string) bool { return builtinProduct(name) }

func (c *catalog) productOf(action, version string) string { return builtinProductOf(action) }

type actionInfo struct{}

func (c *catalog) action(q *request) (*actionInfo, *apiError) { return nil, nil }

func (c *catalog) params(q *request, a *actionInfo) *apiError {
	if q.flat != nil {
		m, e := unflatten(q.flat)
		if e != nil {
			return e
		}
		q.params = m
		return nil
	}
	m, e := decodeBody(q.body)
	q.params = m
	return e
}

func (c *catalog) answer(q *request, a *actionInfo, seed int64) (map[string]any, *apiError) {
	return map[string]any{}, nil
}
