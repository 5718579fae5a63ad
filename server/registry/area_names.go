package registry

import (
	"context"
	"fmt"

	"github.com/jmoiron/sqlx"
)

// AreaNames are the names of the area codes given, by code (an unknown code
// is left out), for pages that show a scope in words.
func (s *Service) AreaNames(ctx context.Context, codes []string) (map[string]string, error) {
	out := map[string]string{}
	if len(codes) == 0 {
		return out, nil
	}
	q, args, err := sqlx.In(`SELECT code, name FROM areas WHERE code IN (?)`, codes)
	if err != nil {
		return nil, err
	}
	var rows []struct {
		Code string `db:"code"`
		Name string `db:"name"`
	}
	if err := s.DB.SelectContext(ctx, &rows, q, args...); err != nil {
		return nil, fmt.Errorf("registry: area names: %w", err)
	}
	for _, r := range rows {
		out[r.Code] = r.Name
	}
	return out, nil
}
