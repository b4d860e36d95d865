package schema

// Region is a Tencent Cloud region.
type Region struct {
	ID          string // "ap-guangzhou"
	Name        string // "华南地区(广州)", as DescribeRegions names it
	EnglishName string // "South China (Guangzhou)"
}

// Regions returns the public Tencent Cloud regions that CVM's DescribeRegions
// lists (tccli's definitions carry only a sample of them, so the list is
// kept here, from the public region documentation). A new slice each call.
func Regions() []Region {
	return []Region{
		{"ap-bangkok", "亚太东南(曼谷)", "Southeast Asia (Bangkok)"},
		{"ap-beijing", "华北地区(北京)", "North China (Beijing)"},
		{"ap-beijing-fsi", "华北地区(北京金融)", "North China (Beijing Finance)"},
		{"ap-chengdu", "西南地区(成都)", "Southwest China (Chengdu)"},
		{"ap-chongqing", "西南地区(重庆)", "Southwest China (Chongqing)"},
		{"ap-guangzhou", "华南地区(广州)", "South China (Guangzhou)"},
		{"ap-hongkong", "港澳台地区(中国香港)", "Hong Kong, Macau and Taiwan (China) (Hong Kong, China)"},
		{"ap-jakarta", "亚太东南(雅加达)", "Southeast Asia (Jakarta)"},
		{"ap-nanjing", "华东地区(南京)", "East China (Nanjing)"},
		{"ap-seoul", "亚太东北(首尔)", "Northeast Asia (Seoul)"},
		{"ap-shanghai", "华东地区(上海)", "East China (Shanghai)"},
		{"ap-shanghai-fsi", "华东地区(上海金融)", "East China (Shanghai Finance)"},
		{"ap-shenzhen-fsi", "华南地区(深圳金融)", "South China (Shenzhen Finance)"},
		{"ap-singapore", "亚太东南(新加坡)", "Southeast Asia (Singapore)"},
		{"ap-tokyo", "亚太东北(东京)", "Northeast Asia (Tokyo)"},
		{"eu-frankfurt", "欧洲地区(法兰克福)", "Europe (Frankfurt)"},
		{"na-ashburn", "美国东部(弗吉尼亚)", "US East (Virginia)"},
		{"na-siliconvalley", "美国西部(硅谷)", "US West (Silicon Valley)"},
		{"sa-saopaulo", "南美地区(圣保罗)", "South America (São Paulo)"},
	}
}

// KnownRegion reports whether id is one of Regions().
func KnownRegion(id string) bool {
	for _, r := range Regions() {
		if r.ID == id {
			return true
		}
	}
	return false
}
