package sandbox

import (
	"fmt"
	"math/rand/v2"
	"net/netip"
	"slices"
	"strings"
	"sync"
	"time"
)

// state keeps the resources of the stateful flows, per region, in memory.
type state struct {
	clock func() time.Time

	mu        sync.Mutex
	rng       *rand.Rand
	instances []*resource // creation order, all regions
	vpcs      []*resource
}

// resource is one stateful item (an instance, a VPC) in one region.
type resource struct {
	region string
	data   map[string]any // the InstanceSet / VpcSet item as answered
}

// collection is what a Describe* action needs to know about one kind of
// resource: where its ids and filters come from and how its set is named.
type collection struct {
	idsParam, idField, setName string // "InstanceIds", "InstanceId", "InstanceSet"
	field                      filterField
	filterNames                string
	// idsFilterConflict is the error code when ids and Filters come
	// together ("" when the action allows both).
	idsFilterConflict string
}

var (
	instanceCollection = collection{idsParam: "InstanceIds", idField: "InstanceId", setName: "InstanceSet",
		field: instanceField, filterNames: instanceFilterNames, idsFilterConflict: "InvalidParameter.InstanceIdsFilterConflict"}
	vpcCollection = collection{idsParam: "VpcIds", idField: "VpcId", setName: "VpcSet",
		field: vpcField, filterNames: vpcFilterNames}
)

// describe answers a Describe* call over items: ids or Filters, then
// Offset/Limit paging, in creation order.
func (st *state) describe(q *request, items *[]*resource, c collection) (map[string]any, *apiError) {
	if e := requireRegion(q); e != nil {
		return nil, e
	}
	p := q.params
	ids := paramStrings(p, c.idsParam)
	fs, e := paramFilters(p)
	if e != nil {
		return nil, e
	}
	if c.idsFilterConflict != "" && len(ids) > 0 && len(fs) > 0 {
		return nil, errorf(c.idsFilterConflict, "`%s` and `Filters` cannot be given together.", c.idsParam)
	}
	if e := checkFilterNames(fs, c.field, c.filterNames); e != nil {
		return nil, e
	}
	offset, limit, e := paging(p, 20, 100)
	if e != nil {
		return nil, e
	}
	st.mu.Lock()
	defer st.mu.Unlock()
	var hits []any
	for _, r := range *items {
		if r.region != q.region {
			continue
		}
		if len(ids) > 0 && !slices.Contains(ids, paramString(r.data, c.idField)) {
			continue
		}
		if !matchFilters(r.data, fs, c.field) {
			continue
		}
		hits = append(hits, r.data)
	}
	lo, hi := page(len(hits), offset, limit)
	return map[string]any{"TotalCount": len(hits), c.setName: append([]any{}, hits[lo:hi]...)}, nil
}

func newState(seed int64, clock func() time.Time) *state {
	return &state{clock: clock, rng: rand.New(rand.NewPCG(uint64(seed), 0x7374617465))}
}

const idAlphabet = "abcdefghijklmnopqrstuvwxyz0123456789"

// newID returns prefix-xxxxxxxx; callers hold mu.
func (st *state) newID(prefix string) string {
	b := make([]byte, 8)
	for i := range b {
		b[i] = idAlphabet[st.rng.IntN(len(idAlphabet))]
	}
	return prefix + "-" + string(b)
}

// statefulHandler answers one action of a stateful flow.
type statefulHandler func(st *state, q *request) (map[string]any, *apiError)

// statefulFor returns the handler of product/action, or nil.
func statefulFor(product, action string) statefulHandler {
	switch product + "/" + action {
	case "cvm/RunInstances":
		return (*state).runInstances
	case "cvm/DescribeInstances":
		return (*state).describeInstances
	case "cvm/TerminateInstances":
		return (*state).terminateInstances
	case "vpc/CreateVpc":
		return (*state).createVpc
	case "vpc/DescribeVpcs":
		return (*state).describeVpcs
	case "vpc/DeleteVpc":
		return (*state).deleteVpc
	}
	return nil
}

func requireRegion(q *request) *apiError {
	if q.region == "" {
		return errorf("MissingParameter", "The request is missing a required parameter `Region`.")
	}
	return nil
}

func (st *state) runInstances(q *request) (map[string]any, *apiError) {
	if e := requireRegion(q); e != nil {
		return nil, e
	}
	p := q.params
	placement := paramObject(p, "Placement")
	zone := paramString(placement, "Zone")
	if zone == "" {
		zone = q.region + "-3"
	} else if !strings.HasPrefix(zone, q.region+"-") {
		return nil, errorf("InvalidZone.MismatchRegion", "The zone `%s` is not in region `%s`.", safeText(zone), q.region)
	}
	count, ok, e := paramInt(p, "InstanceCount")
	if e != nil {
		return nil, e
	}
	if !ok {
		count = 1
	}
	if count < 1 || count > 100 {
		return nil, errorf("InvalidParameterValue", "The value of `InstanceCount` must be between 1 and 100.")
	}
	if dry := paramString(p, "DryRun"); dry == "true" || dry == "True" {
		return nil, errorf("DryRunOperation", "The request would have succeeded, but DryRun is set.")
	}
	itype := paramString(p, "InstanceType")
	if itype == "" {
		itype = "S5.MEDIUM2"
	}
	image := paramString(p, "ImageId")
	if image == "" {
		image = "img-487zeit5"
	}
	name := paramString(p, "InstanceName")
	if name == "" {
		name = "未命名"
	}
	charge := paramString(p, "InstanceChargeType")
	if charge == "" {
		charge = "POSTPAID_BY_HOUR"
	}
	vpcObj := paramObject(p, "VirtualPrivateCloud")
	vpcID, subnetID := paramString(vpcObj, "VpcId"), paramString(vpcObj, "SubnetId")

	st.mu.Lock()
	defer st.mu.Unlock()
	if vpcID == "" {
		vpcID, subnetID = "vpc-default", "subnet-default"
	} else if !slices.ContainsFunc(st.vpcs, func(v *resource) bool { return v.region == q.region && v.data["VpcId"] == vpcID }) {
		return nil, errorf("InvalidParameterValue.VpcIdNotExist", "The VPC `%s` does not exist in %s.", safeText(vpcID), q.region)
	}
	created := st.clock().UTC().Format("2006-01-02T15:04:05Z")
	ids := make([]any, 0, count)
	for i := int64(0); i < count; i++ {
		id := st.newID("ins")
		n := name
		if count > 1 {
			n = fmt.Sprintf("%s-%d", name, i+1)
		}
		ip := fmt.Sprintf("10.0.%d.%d", st.rng.IntN(250)+1, st.rng.IntN(250)+2)
		st.instances = append(st.instances, &resource{region: q.region, data: map[string]any{
			"InstanceId":         id,
			"InstanceName":       n,
			"InstanceType":       itype,
			"InstanceState":      "RUNNING",
			"InstanceChargeType": charge,
			"Placement":          map[string]any{"Zone": zone, "ProjectId": 0},
			"CPU":                2,
			"Memory":             4,
			"ImageId":            image,
			"OsName":             "TencentOS Server 3.1 (TK4)",
			"SystemDisk":         map[string]any{"DiskType": "CLOUD_BSSD", "DiskId": st.newID("disk"), "DiskSize": 50},
			"DataDisks":          []any{},
			"PrivateIpAddresses": []any{ip},
			"PublicIpAddresses":  []any{},
			"InternetAccessible": map[string]any{"InternetChargeType": "TRAFFIC_POSTPAID_BY_HOUR", "InternetMaxBandwidthOut": 0},
			"VirtualPrivateCloud": map[string]any{
				"VpcId": vpcID, "SubnetId": subnetID, "AsVpcGateway": false,
			},
			"SecurityGroupIds":        []any{},
			"LoginSettings":           map[string]any{"KeyIds": []any{}},
			"CreatedTime":             created,
			"ExpiredTime":             nil,
			"RestrictState":           "NORMAL",
			"Tags":                    []any{},
			"Uuid":                    fmt.Sprintf("%08x-%04x-4%03x-8%03x-%012x", st.rng.Uint32(), st.rng.IntN(1<<16), st.rng.IntN(1<<12), st.rng.IntN(1<<12), st.rng.Uint64()&(1<<48-1)),
			"LatestOperation":         "RunInstances",
			"LatestOperationState":    "SUCCESS",
			"RenewFlag":               nil,
			"StopChargingMode":        "NOT_APPLICABLE",
			"IPv6Addresses":           []any{},
			"CamRoleName":             "",
			"HpcClusterId":            "",
			"DisasterRecoverGroupIds": []any{},
			"IsolatedSource":          "NOTISOLATED",
			"DefaultLoginUser":        "root",
			"DefaultLoginPort":        22,
		}})
		ids = append(ids, id)
	}
	return map[string]any{"InstanceIdSet": ids}, nil
}

// filterField returns the values a filter tests in a resource, and whether
// the filter is known.
type filterField func(name string, d map[string]any) ([]string, bool)

// instanceField knows the DescribeInstances filters.
func instanceField(name string, d map[string]any) ([]string, bool) {
	one := func(v string) ([]string, bool) { return []string{v}, true }
	switch name {
	case "zone":
		return one(paramString(paramObject(d, "Placement"), "Zone"))
	case "project-id":
		return one(paramString(paramObject(d, "Placement"), "ProjectId"))
	case "instance-id":
		return one(paramString(d, "InstanceId"))
	case "instance-name":
		return one(paramString(d, "InstanceName"))
	case "instance-state":
		return one(paramString(d, "InstanceState"))
	case "instance-type":
		return one(paramString(d, "InstanceType"))
	case "instance-charge-type":
		return one(paramString(d, "InstanceChargeType"))
	case "image-id":
		return one(paramString(d, "ImageId"))
	case "vpc-id":
		return one(paramString(paramObject(d, "VirtualPrivateCloud"), "VpcId"))
	case "subnet-id":
		return one(paramString(paramObject(d, "VirtualPrivateCloud"), "SubnetId"))
	case "private-ip-address":
		return paramStrings(d, "PrivateIpAddresses"), true
	case "public-ip-address":
		return paramStrings(d, "PublicIpAddresses"), true
	}
	return nil, false
}

const instanceFilterNames = "zone, project-id, instance-id, instance-name, instance-state, instance-type, instance-charge-type, image-id, vpc-id, subnet-id, private-ip-address, public-ip-address"

// matchFilters applies Filters: values OR within a filter, filters AND.
func matchFilters(data map[string]any, fs []filter, field filterField) bool {
	for _, f := range fs {
		have, _ := field(f.Name, data)
		if !slices.ContainsFunc(f.Values, func(v string) bool { return slices.Contains(have, v) }) {
			return false
		}
	}
	return true
}

func checkFilterNames(fs []filter, field filterField, names string) *apiError {
	for _, f := range fs {
		if _, ok := field(f.Name, nil); !ok {
			return errorf("InvalidFilter", "The filter `%s` is not supported; use one of: %s.", safeText(f.Name), names)
		}
	}
	return nil
}

func (st *state) describeInstances(q *request) (map[string]any, *apiError) {
	return st.describe(q, &st.instances, instanceCollection)
}

func (st *state) terminateInstances(q *request) (map[string]any, *apiError) {
	if e := requireRegion(q); e != nil {
		return nil, e
	}
	ids := paramStrings(q.params, "InstanceIds")
	if len(ids) == 0 {
		return nil, errorf("MissingParameter", "The request is missing a required parameter `InstanceIds`.")
	}
	st.mu.Lock()
	defer st.mu.Unlock()
	for _, id := range ids {
		if !slices.ContainsFunc(st.instances, func(in *resource) bool { return in.region == q.region && in.data["InstanceId"] == id }) {
			return nil, errorf("InvalidInstanceId.NotFound", "The instance `%s` does not exist in %s.", safeText(id), q.region)
		}
	}
	st.instances = slices.DeleteFunc(st.instances, func(in *resource) bool {
		return in.region == q.region && slices.Contains(ids, paramString(in.data, "InstanceId"))
	})
	return map[string]any{}, nil
}

func (st *state) createVpc(q *request) (map[string]any, *apiError) {
	if e := requireRegion(q); e != nil {
		return nil, e
	}
	p := q.params
	name, cidr := paramString(p, "VpcName"), paramString(p, "CidrBlock")
	if name == "" {
		return nil, errorf("MissingParameter", "The request is missing a required parameter `VpcName`.")
	}
	if cidr == "" {
		return nil, errorf("MissingParameter", "The request is missing a required parameter `CidrBlock`.")
	}
	prefix, err := netip.ParsePrefix(cidr)
	if err != nil || !prefix.Addr().Is4() || prefix.Masked() != prefix {
		return nil, errorf("InvalidParameterValue.Malformed", "The CIDR block `%s` is malformed.", safeText(cidr))
	}
	private := false
	for _, r := range []string{"10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"} {
		pr := netip.MustParsePrefix(r)
		if pr.Contains(prefix.Addr()) && prefix.Bits() >= pr.Bits() {
			private = true
		}
	}
	if !private || prefix.Bits() > 28 {
		return nil, errorf("InvalidParameterValue.Range", "The CIDR block `%s` must lie in 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16 with a mask of /12–/28.", cidr)
	}
	st.mu.Lock()
	defer st.mu.Unlock()
	data := map[string]any{
		"VpcId":            st.newID("vpc"),
		"VpcName":          name,
		"CidrBlock":        cidr,
		"IsDefault":        false,
		"EnableMulticast":  paramString(p, "EnableMulticast") == "true",
		"CreatedTime":      st.clock().In(chinaTime()).Format("2006-01-02 15:04:05"),
		"DnsServerSet":     append([]any{}, anyStrings(paramStrings(p, "DnsServers"))...),
		"DomainName":       paramString(p, "DomainName"),
		"DhcpOptionsId":    "",
		"EnableDhcp":       true,
		"Ipv6CidrBlock":    "",
		"TagSet":           []any{},
		"AssistantCidrSet": []any{},
	}
	st.vpcs = append(st.vpcs, &resource{region: q.region, data: data})
	return map[string]any{"Vpc": data}, nil
}

// chinaTime is the zone the VPC API prints its times in.
func chinaTime() *time.Location { return time.FixedZone("CST", 8*3600) }

func anyStrings(s []string) []any {
	out := make([]any, len(s))
	for i, v := range s {
		out[i] = v
	}
	return out
}

// vpcField knows the DescribeVpcs filters.
func vpcField(name string, d map[string]any) ([]string, bool) {
	switch name {
	case "vpc-id":
		return []string{paramString(d, "VpcId")}, true
	case "vpc-name":
		return []string{paramString(d, "VpcName")}, true
	case "cidr-block":
		return []string{paramString(d, "CidrBlock")}, true
	case "is-default":
		return []string{paramString(d, "IsDefault")}, true
	}
	return nil, false
}

const vpcFilterNames = "vpc-id, vpc-name, cidr-block, is-default"

func (st *state) describeVpcs(q *request) (map[string]any, *apiError) {
	return st.describe(q, &st.vpcs, vpcCollection)
}

func (st *state) deleteVpc(q *request) (map[string]any, *apiError) {
	if e := requireRegion(q); e != nil {
		return nil, e
	}
	id := paramString(q.params, "VpcId")
	if id == "" {
		return nil, errorf("MissingParameter", "The request is missing a required parameter `VpcId`.")
	}
	st.mu.Lock()
	defer st.mu.Unlock()
	i := slices.IndexFunc(st.vpcs, func(v *resource) bool { return v.region == q.region && v.data["VpcId"] == id })
	if i < 0 {
		return nil, errorf("ResourceNotFound", "The VPC `%s` does not exist in %s.", safeText(id), q.region)
	}
	if slices.ContainsFunc(st.instances, func(in *resource) bool {
		return in.region == q.region && paramString(paramObject(in.data, "VirtualPrivateCloud"), "VpcId") == id
	}) {
		return nil, errorf("ResourceInUse", "The VPC `%s` still has instances: terminate them first.", id)
	}
	st.vpcs = slices.Delete(st.vpcs, i, i+1)
	return map[string]any{}, nil
}

// preload creates a few resources so that a fresh sandbox has something to
// list: a VPC with three instances in ap-guangzhou and a VPC in ap-shanghai.
func (st *state) preload() {
	vpcReq := func(region, name, cidr string) string {
		out, e := st.createVpc(&request{region: region, params: map[string]any{"VpcName": name, "CidrBlock": cidr}})
		if e != nil {
			return ""
		}
		return paramString(out["Vpc"].(map[string]any), "VpcId")
	}
	gz := vpcReq("ap-guangzhou", "demo-vpc", "10.0.0.0/16")
	vpcReq("ap-shanghai", "demo-vpc-sh", "172.16.0.0/16")
	for _, in := range []struct {
		name, zone string
		count      int
	}{{"web", "ap-guangzhou-3", 2}, {"db", "ap-guangzhou-4", 1}} {
		_, _ = st.runInstances(&request{region: "ap-guangzhou", params: map[string]any{
			"InstanceName": in.name, "InstanceCount": float64(in.count), "InstanceType": "S5.MEDIUM4",
			"Placement":           map[string]any{"Zone": in.zone},
			"VirtualPrivateCloud": map[string]any{"VpcId": gz, "SubnetId": "subnet-demo"},
		}})
	}
}
