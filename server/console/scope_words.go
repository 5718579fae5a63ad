package console

import (
	"context"
	"strings"

	"github.com/liaison-stations/liaison/server/access"
)

// grantWords says a role and its scope in words: 管理员, 工作人员（南宁市兴宁区）,
// 工作人员（民生街道联络站、…）, 代表（李明）.
type grantWords struct {
	areas    map[string]string
	stations map[int64]string
	deputies map[int64]string
}

// wordsFor reads the names the grants of users name, in three queries.
func (c *Console) wordsFor(ctx context.Context, grants ...[]access.Grant) (*grantWords, error) {
	var areas []string
	var stations, deputies []int64
	for _, gs := range grants {
		for _, g := range gs {
			if g.AreaCode != "" {
				areas = append(areas, g.AreaCode)
			}
			stations = append(stations, g.StationIDs...)
			if g.DeputyID != 0 {
				deputies = append(deputies, g.DeputyID)
			}
		}
	}
	w := &grantWords{stations: map[int64]string{}, deputies: map[int64]string{}}
	var err error
	if w.areas, err = c.Registry.AreaNames(ctx, areas); err != nil {
		return nil, err
	}
	refs, err := c.Registry.StationRefs(ctx, stations)
	if err != nil {
		return nil, err
	}
	for id, r := range refs {
		w.stations[id] = r.Name
	}
	cards, err := c.Registry.PublicDeputies(ctx, deputies)
	if err != nil {
		return nil, err
	}
	for id, d := range cards {
		w.deputies[id] = d.Name
	}
	return w, nil
}

func (w *grantWords) say(g access.Grant) string {
	switch g.Role {
	case access.RoleAdmin:
		return "管理员（全区）"
	case access.RoleDeputy:
		return "代表（" + orDash(w.deputies[g.DeputyID]) + "）"
	}
	var parts []string
	if g.AreaCode != "" {
		parts = append(parts, orDash(w.areas[g.AreaCode]))
	}
	for _, id := range g.StationIDs {
		parts = append(parts, orDash(w.stations[id]))
	}
	return "工作人员（" + strings.Join(parts, "、") + "）"
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}
