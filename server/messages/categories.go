// Package messages holds citizen messages: intake, lifecycle, deadlines,
// ratings, follow-ups and statistics.
package messages

// Category is a kind of message a citizen can choose.
type Category struct {
	Code string `json:"code"`
	Name string `json:"name"`
}

// Categories are the message categories, in display order (GET /api/v1/meta).
var Categories = []Category{
	{"urban_rural", "城乡建设"},
	{"social_security", "社会保障"},
	{"education", "教育"},
	{"health", "医疗卫生"},
	{"transport", "交通出行"},
	{"environment", "生态环保"},
	{"economy", "产业发展"},
	{"rural_revitalization", "乡村振兴"},
	{"governance", "基层治理"},
	{"legislation", "立法建议"},
	{"other", "其他"},
}
