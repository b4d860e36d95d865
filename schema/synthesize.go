package schema

import (
	"encoding/json"
	"fmt"
	"hash/fnv"
	"math/rand/v2"
	"strconv"
	"strings"
	"time"
)

// synthDepth bounds how deep Synthesize nests objects; an object already on
// the path is not expanded again (its member is left out).
const synthDepth = 8

// idPrefixes maps the noun before "Id" in a member name to the prefix real
// resource ids carry ("InstanceId" → "ins-8s2kd0fa").
var idPrefixes = map[string]string{
	"instance": "ins", "image": "img", "vpc": "vpc", "subnet": "subnet", "securitygroup": "sg",
	"disk": "disk", "snapshot": "snap", "key": "skey", "keypair": "skey", "address": "eip", "eip": "eip",
	"networkinterface": "eni", "routetable": "rtb", "loadbalancer": "lb", "listener": "lbl",
	"cluster": "cls", "node": "np", "nodepool": "np", "certificate": "cert", "cert": "cert",
	"launchtemplate": "lt", "autoscalinggroup": "asg", "launchconfiguration": "asc", "bucket": "bucket",
	"natgateway": "nat", "vpngateway": "vpngw", "vpnconnection": "vpnx", "ccn": "ccn", "directconnect": "dc",
	"dedicatedcluster": "cluster", "host": "host", "placementgroup": "ps", "disasterrecovergroup": "ps",
	"db": "cdb", "dbinstance": "cdb", "topic": "topic", "logset": "logset", "alarmpolicy": "policy",
	"policy": "policy", "role": "role", "user": "user", "group": "grp", "project": "proj",
	"task": "task", "job": "job", "zone": "zone", "domain": "domain", "template": "tpl",
}

// Synthesize returns a plausible value for an output object: every member
// filled deterministically from seed (the same seed gives the same value),
// with realistic shapes — resource ids like "ins-8s2kd0fa" for members named
// …InstanceId, ISO 8601 times for time-like members, real region names,
// the source's example where it has a usable one. RequestId is left out:
// the caller (the sandbox) adds its own. Lists get one or two elements;
// recursive types stop after one expansion.
func Synthesize(o *Object, seed int64) map[string]any {
	if o == nil {
		return map[string]any{}
	}
	s := &synth{seed: uint64(seed)}
	out := s.object(o, "", map[*Object]bool{o: true}, 0)
	delete(out, "RequestId")
	return out
}

type synth struct{ seed uint64 }

// rng derives a generator for one path, so a member's value does not depend
// on the members before it.
func (s *synth) rng(path string) *rand.Rand {
	h := fnv.New64a()
	h.Write([]byte(path))
	return rand.New(rand.NewPCG(s.seed, h.Sum64()))
}

func (s *synth) object(o *Object, path string, onPath map[*Object]bool, depth int) map[string]any {
	out := make(map[string]any, len(o.Members))
	for _, m := range o.Members {
		p := path + "." + m.Name
		if m.Type == TypeObject {
			if m.Object == nil || onPath[m.Object] || depth >= synthDepth {
				if m.List {
					out[m.Name] = []any{}
				}
				continue
			}
		}
		if !m.List {
			out[m.Name] = s.value(m, p, onPath, depth)
			continue
		}
		n := 1 + s.rng(p+"#n").IntN(2)
		if ex := s.exampleList(m); ex != nil {
			out[m.Name] = ex
			continue
		}
		list := make([]any, n)
		for i := range list {
			list[i] = s.value(m, p+"["+strconv.Itoa(i)+"]", onPath, depth)
		}
		out[m.Name] = list
	}
	return out
}

// exampleList uses a scalar list member's example when it is a JSON array of
// the right kind and it is not an id list (ids are generated).
func (s *synth) exampleList(m *Member) []any {
	if m.Type == TypeObject || m.Example == "" || strings.HasSuffix(m.Name, "Ids") {
		return nil
	}
	var l []any
	if json.Unmarshal([]byte(m.Example), &l) != nil || len(l) == 0 {
		return nil
	}
	for _, e := range l {
		switch e.(type) {
		case string:
			if m.Type != TypeString {
				return nil
			}
		case float64:
			if m.Type != TypeInteger && m.Type != TypeFloat {
				return nil
			}
		case bool:
			if m.Type != TypeBoolean {
				return nil
			}
		default:
			return nil
		}
	}
	return l
}

func (s *synth) value(m *Member, path string, onPath map[*Object]bool, depth int) any {
	r := s.rng(path)
	switch m.Type {
	case TypeObject:
		onPath[m.Object] = true
		v := s.object(m.Object, path, onPath, depth+1)
		delete(onPath, m.Object)
		return v
	case TypeInteger:
		if n, err := strconv.ParseInt(strings.TrimSpace(m.Example), 10, 64); err == nil {
			return n
		}
		if strings.HasSuffix(m.Name, "Count") || strings.HasSuffix(m.Name, "Total") {
			return int64(1 + r.IntN(20))
		}
		return int64(r.IntN(100))
	case TypeFloat:
		if f, err := strconv.ParseFloat(strings.TrimSpace(m.Example), 64); err == nil {
			return f
		}
		return float64(r.IntN(10000)) / 100
	case TypeBoolean:
		if b, err := strconv.ParseBool(strings.TrimSpace(m.Example)); err == nil {
			return b
		}
		return r.IntN(2) == 1
	case TypeTimestamp:
		return timeValue(m.Format, r)
	case TypeBinary:
		return "dGN4IHNhbmRib3g=" // base64("tcx sandbox")
	}
	return s.stringValue(m, r)
}

func timeValue(format string, r *rand.Rand) string {
	// A fixed base keeps values reproducible.
	t := time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(r.IntN(365*24*3600)) * time.Second)
	switch format {
	case "date":
		return t.Format("2006-01-02")
	case "datetime":
		return t.Format("2006-01-02 15:04:05")
	}
	return t.Format(time.RFC3339)
}

const idAlphabet = "0123456789abcdefghijklmnopqrstuvwxyz"

func randID(r *rand.Rand, n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = idAlphabet[r.IntN(len(idAlphabet))]
	}
	return string(b)
}

func (s *synth) stringValue(m *Member, r *rand.Rand) string {
	name := m.Name
	example := strings.TrimSpace(m.Example)
	if m.List {
		// Name and example describe the list: use its singular and first element.
		if strings.HasSuffix(name, "Ids") || strings.HasSuffix(name, "IDs") {
			name = name[:len(name)-1]
		}
		var l []any
		if json.Unmarshal([]byte(example), &l) == nil {
			example = ""
			if len(l) > 0 {
				if e, ok := l[0].(string); ok {
					example = e
				}
			}
		}
	}
	lower := strings.ToLower(name)
	if len(m.Enum) > 0 {
		return m.Enum[r.IntN(len(m.Enum))]
	}
	switch {
	case lower == "region" || strings.HasSuffix(lower, "region"):
		regs := Regions()
		return regs[r.IntN(len(regs))].ID
	case lower == "zone" || strings.HasSuffix(lower, "zone"):
		regs := Regions()
		return regs[r.IntN(len(regs))].ID + "-" + strconv.Itoa(1+r.IntN(7))
	case strings.HasSuffix(name, "Id") && len(name) > 2:
		noun := strings.ToLower(strings.TrimSuffix(name, "Id"))
		for k := len(noun); k >= 0; k-- { // longest known suffix of the noun
			if p, ok := idPrefixes[noun[len(noun)-k:]]; ok && k > 0 {
				return p + "-" + randID(r, 8)
			}
		}
		if noun == "request" || noun == "uuid" {
			return uuidLike(r)
		}
	case strings.HasSuffix(name, "Uuid") || strings.HasSuffix(name, "UUID"):
		return uuidLike(r)
	case strings.Contains(name, "Time") || strings.HasSuffix(name, "Date") || strings.HasSuffix(name, "At"):
		return timeValue(m.Format, r)
	case strings.HasSuffix(name, "Ip") || strings.HasSuffix(name, "IP") || strings.HasSuffix(name, "IpAddress"):
		return fmt.Sprintf("10.%d.%d.%d", r.IntN(256), r.IntN(256), 1+r.IntN(254))
	}
	if example != "" && len(example) < 200 && !strings.ContainsAny(example, "\n") {
		return strings.Trim(example, "\"")
	}
	switch {
	case strings.HasSuffix(name, "Name"):
		return "tcx-" + randID(r, 6)
	case strings.HasSuffix(name, "Status") || strings.HasSuffix(name, "State"):
		return "NORMAL"
	case strings.HasSuffix(name, "Url") || strings.HasSuffix(name, "URL"):
		return "https://example.com/" + randID(r, 6)
	}
	return "sandbox-" + randID(r, 6)
}

func uuidLike(r *rand.Rand) string {
	const hex = "0123456789abcdef"
	b := make([]byte, 36)
	for i := range b {
		switch i {
		case 8, 13, 18, 23:
			b[i] = '-'
		default:
			b[i] = hex[r.IntN(16)]
		}
	}
	return string(b)
}
