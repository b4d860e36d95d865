package schema

// skeletonNames are the placeholders tccli's --generate-cli-skeleton prints.
var skeletonNames = map[string]string{
	TypeString: "String", TypeInteger: "Integer", TypeFloat: "Float", TypeBoolean: "Boolean",
	TypeBinary: "Binary", TypeTimestamp: "Timestamp",
}

// Skeleton returns a JSON-ready skeleton of a parameter document for o, as
// tccli's --generate-cli-skeleton prints it: every member, scalars as their
// type name ("String", "Integer" …), lists with one element, nested objects
// expanded. An object that contains itself (directly or further down) is
// expanded once; the inner occurrence is a string that says so.
func Skeleton(o *Object) map[string]any {
	if o == nil {
		return map[string]any{}
	}
	return skeleton(o, map[*Object]bool{o: true})
}

func skeleton(o *Object, path map[*Object]bool) map[string]any {
	out := make(map[string]any, len(o.Members))
	for _, m := range o.Members {
		var v any
		if m.Type == TypeObject && m.Object != nil {
			if path[m.Object] {
				v = "<recursive: fill '" + m.Name + "' with a JSON object of type " + m.Object.Name + " (self-referenced)>"
			} else {
				path[m.Object] = true
				v = skeleton(m.Object, path)
				delete(path, m.Object)
			}
		} else {
			v = skeletonNames[m.Type]
			if v == "" {
				v = "String"
			}
		}
		if m.List {
			v = []any{v}
		}
		out[m.Name] = v
	}
	return out
}
