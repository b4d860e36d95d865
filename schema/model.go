// Package schema is tcx's model of the Tencent Cloud API: every product, API
// version, action, input/output object and member, generated from tccli's
// machine-readable definitions and embedded in the binary (see assets and
// docs/schema.md).
//
// A Registry holds the model. Embedded builds one from the embedded bundle:
// only a flat index (products, versions, action names and titles) is read at
// start; a product version's full definition is decoded on first use. The
// package also searches the model and derives from it what the rest of tcx
// needs: request skeletons (Skeleton), validation of parameter documents
// (Validate) and synthetic responses (Synthesize).
package schema

//go:generate go run ./gen -out ../assets/schema

import "errors"

// Errors returned by Registry.Action; test them with errors.Is.
var (
	ErrUnknownProduct = errors.New("unknown product")
	ErrUnknownVersion = errors.New("unknown API version")
	ErrUnknownAction  = errors.New("unknown action")
)

// Member types. Every Member.Type is one of these.
const (
	TypeString    = "string"
	TypeInteger   = "integer"
	TypeFloat     = "float"
	TypeBoolean   = "boolean"
	TypeBinary    = "binary"
	TypeTimestamp = "timestamp" // a string: date, date-time or ISO 8601 (see Member.Format)
	TypeObject    = "object"
)

// Product is one cloud product (a service, in SDK terms).
type Product struct {
	Name           string   // the service name used in requests and hosts: "cvm", "as"
	DisplayName    string   // the Chinese product name: "云服务器"
	Host           string   // the endpoint host: "cvm.tencentcloudapi.com"
	DefaultVersion string   // tccli's default version (not necessarily the newest)
	Versions       []string // every version, default first, then newest first
	Folder         string   // tccli's folder when it differs from Name ("autoscaling" for "as")
	Brief          string   // a one-paragraph description of the product, when the source has one
}

// ActionRef names an action without decoding its product version.
type ActionRef struct {
	Product, Version, Name, Title string
	Deprecated                    bool
}

// Action is one API action with its input and output types.
type Action struct {
	Product, Version, Name, Title, Doc string
	Status                             string // "online", "deprecated" or "offline"
	Input, Output                      *Object
	Examples                           []Example
	SkipSign                           bool // sent unsigned (Authorization: SKIP), e.g. sts AssumeRoleWithWebIdentity
}

// Deprecated reports whether the source marks the action deprecated or offline.
func (a *Action) Deprecated() bool { return a.Status != "" && a.Status != "online" }

// Example is one documented request/response pair.
type Example struct {
	Title  string // what the example shows
	Doc    string // longer description, often empty
	Input  string // the request body as JSON text ("{}" when the example sends nothing)
	Output string // the documented response, {"Response": {...}} JSON text
}

// Object is a structured type. Objects may reference themselves (directly or
// through others), so walk them with a depth limit or a visited set.
type Object struct {
	Name, Doc string
	Members   []*Member
}

// Member returns the member called name (exact match), or nil.
func (o *Object) Member(name string) *Member {
	if o == nil {
		return nil
	}
	for _, m := range o.Members {
		if m.Name == name {
			return m
		}
	}
	return nil
}

// Member is one field of an Object.
type Member struct {
	Name     string
	Type     string  // one of the Type* constants
	List     bool    // a JSON array of Type
	Object   *Object // the element type when Type is "object"
	Required bool    // required in a request (what Validate checks)
	Nullable bool    // the response may carry null
	// OutputRequired: always present in a response. An object can serve
	// as input and output (tccli's usage "both"), hence two flags.
	OutputRequired bool
	Example        string // the source's example value; "" when it had none or a placeholder
	Doc            string // terminal text (converted from the source's HTML/Markdown)
	Enum           []string
	Format         string // the source's own type: int64, uint64, datetime_iso, date …
}

// TypeString renders the member's type for people: "string", "list of Filter".
func (m *Member) TypeString() string {
	t := m.Type
	if m.Type == TypeObject && m.Object != nil {
		t = m.Object.Name
	}
	if m.List {
		return "list of " + t
	}
	return t
}

// HitKind says what a search hit points at.
type HitKind int

// Kinds of search hits.
const (
	HitProduct HitKind = iota
	HitAction
	HitMember
)

// String returns "product", "action" or "member".
func (k HitKind) String() string {
	switch k {
	case HitProduct:
		return "product"
	case HitAction:
		return "action"
	case HitMember:
		return "member"
	}
	return "unknown"
}

// Hit is one search result. Matched holds the rune positions that matched in
// the field named by Field ("name" = the product or action or member name,
// "title" = the display name or title), for highlighting.
type Hit struct {
	Kind       HitKind
	Product    string
	Version    string
	Action     string
	Title      string
	Score      int
	Matched    []int
	Field      string
	Deprecated bool
	Member     string // for member hits: the dotted path, e.g. "Filters.Values"

	entry int // index into the search data, to compute Matched late
}

// Stats counts what a registry (or the generator's source) holds.
type Stats struct {
	Products, Versions, Actions, Objects, Members int
	Deprecated                                    int // actions not online
	Examples                                      int
	SharedNames                                   int // action names that occur in more than one product
	Skipped                                       int // members the generator dropped (disabled in the source)
}
