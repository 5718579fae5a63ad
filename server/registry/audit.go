package registry

import (
	"fmt"
	"strings"
)

// change is one field of a change, for the audit log's summary.
type change struct {
	label    string
	old, new any
}

// changes says which fields differ, as "名称：甲 → 乙；地址：…" (the audit
// log masks phone numbers in it); "无变化" when none does.
func changes(cs ...change) string {
	var parts []string
	for _, c := range cs {
		o, n := show(c.old), show(c.new)
		if o != n {
			parts = append(parts, c.label+"："+o+" → "+n)
		}
	}
	if len(parts) == 0 {
		return "无变化"
	}
	return strings.Join(parts, "；")
}

func show(v any) string {
	switch v := v.(type) {
	case *float64:
		if v == nil {
			return "空"
		}
		return fmt.Sprint(*v)
	case *int64:
		if v == nil {
			return "空"
		}
		return fmt.Sprint(*v)
	case bool:
		if v {
			return "是"
		}
		return "否"
	case []int64:
		s := make([]string, len(v))
		for i, id := range v {
			s[i] = fmt.Sprint(id)
		}
		return "[" + strings.Join(s, ",") + "]"
	case []string:
		return "[" + strings.Join(v, ",") + "]"
	case string:
		if v == "" {
			return "空"
		}
		return v
	}
	return fmt.Sprint(v)
}

// stationChanges are the fields of a station that differ between a and b.
func stationChanges(a, b *Station) string {
	return changes(
		change{"名称", a.Name, b.Name}, change{"类型", a.Kind, b.Kind}, change{"专业领域", a.Topic, b.Topic},
		change{"行政区划", a.AreaCode, b.AreaCode}, change{"地址", a.Address, b.Address},
		change{"纬度", a.Latitude, b.Latitude}, change{"经度", a.Longitude, b.Longitude},
		change{"签到半径", a.CheckinRadiusM, b.CheckinRadiusM}, change{"开放时间", a.OpenHours, b.OpenHours},
		change{"启用", a.Active, b.Active}, change{"基层立法联系点", a.LegislativeContactPoint, b.LegislativeContactPoint})
}

// deputyChanges are the fields of a deputy that differ between a and b.
func deputyChanges(a, b *deputyFields) string {
	return changes(
		change{"姓名", a.Name, b.Name}, change{"电话", a.Phone, b.Phone}, change{"层级", a.Levels, b.Levels},
		change{"基层代表", a.Grassroots, b.Grassroots}, change{"工作单位", a.Employer.Name, b.Employer.Name},
		change{"单位联系人", a.Employer.ContactName, b.Employer.ContactName},
		change{"单位联系电话", a.Employer.ContactPhone, b.Employer.ContactPhone},
		change{"联络站", a.StationIDs, b.StationIDs})
}
