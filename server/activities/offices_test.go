package activities

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestTheIssuingOfficeIsTheNearestAreasUpTheTreeElseTheDeployments(t *testing.T) {
	r := DefaultRules()
	r.EmployerNotice.IssuingOffice, r.EmployerNotice.ContactPhone = "某市人大常委会", "0771-1111111"
	r.Offices = map[string]Office{
		"450000": {Name: "自治区人大常委会代表工作委员会", Phone: "0771-0000000"},
		"450102": {Name: "兴宁区人大常委会", Phone: "0771-0000001"},
	}
	cases := []struct{ name, area, want string }{
		{"a street takes its county's", "450102001", "兴宁区人大常委会"},
		{"the county itself", "450102", "兴宁区人大常委会"},
		{"another county of the province takes the province's", "450103", "自治区人大常委会代表工作委员会"},
		{"a city of the province takes the province's", "450100", "自治区人大常委会代表工作委员会"},
		{"another province takes the deployment's", "460105", "某市人大常委会"},
		{"no area takes the deployment's", "", "某市人大常委会"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) { assert.Equal(t, c.want, r.OfficeFor(c.area).Name) })
	}
	assert.Equal(t, "0771-1111111", r.OfficeFor("460105").Phone)
	assert.Equal(t, "0771-0000001", r.OfficeFor("450102001").Phone)

	r.Offices["450103"] = Office{Name: "青秀区人大常委会"}
	assert.ErrorContains(t, r.check(), "450103 needs a name and a phone")
}
