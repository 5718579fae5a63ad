package registry

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"

	"github.com/liaison-stations/liaison/server/access"
	"github.com/liaison-stations/liaison/server/apperr"
	"github.com/liaison-stations/liaison/server/store"
)

// CodeImage is a station's mini program code as WeChat made it, with its
// media type (image/jpeg, or image/png).
type CodeImage struct {
	Data []byte
	Type string
}

// imageType is the media type of a code image by its bytes, "" when it is
// neither a JPEG nor a PNG (an error page, a truncated answer).
func imageType(data []byte) string {
	switch t := http.DetectContentType(data); t {
	case "image/jpeg", "image/png":
		return t
	}
	return ""
}

// StationCode is the image of a station's mini program code (scene s=<id>,
// opening Deps.StationPage), for staff in scope. WeChat is asked once per
// station and page; the image is then served from station_codes (whose
// column png holds whatever type WeChat sent — a JPEG, as it answers). A
// WeChat failure is a 503 and nothing is kept.
func (s *Service) StationCode(ctx context.Context, p *access.Principal, stationID int64) (*CodeImage, error) {
	if err := p.RequireStaff(); err != nil {
		return nil, err
	}
	if _, err := stationInScope(ctx, s.DB, p.Scope(), stationID, false); err != nil {
		return nil, err
	}
	return s.keptCode(ctx, codeOf{table: "station_codes", column: "station_id", id: stationID,
		scene: "s=" + strconv.FormatInt(stationID, 10), page: s.StationPage})
}

// DeputyCode is the image of a deputy's mini program code (scene d=<id>,
// opening Deps.DeputyPage), for staff whose scope covers one of the
// deputy's stations; kept in deputy_codes as the stations' codes are.
func (s *Service) DeputyCode(ctx context.Context, p *access.Principal, deputyID int64) (*CodeImage, error) {
	if err := p.RequireStaff(); err != nil {
		return nil, err
	}
	if _, err := s.deputyInScope(ctx, s.DB, p.Scope(), deputyID, false); err != nil {
		return nil, err
	}
	return s.keptCode(ctx, codeOf{table: "deputy_codes", column: "deputy_id", id: deputyID,
		scene: "d=" + strconv.FormatInt(deputyID, 10), page: s.DeputyPage})
}

// codeOf names a code: the table that keeps it, its owner's column and id,
// and what WeChat is asked for (scene at most 32 characters, and the page).
type codeOf struct {
	table, column string
	id            int64
	scene, page   string
}

// keptCode answers the kept image of a code, asking WeChat for it the first
// time. A WeChat failure is a 503 and nothing is kept.
func (s *Service) keptCode(ctx context.Context, c codeOf) (*CodeImage, error) {
	var data []byte
	err := s.DB.GetContext(ctx, &data, `SELECT png FROM `+c.table+` WHERE `+c.column+` = ? AND page = ?`, c.id, c.page)
	if err == nil && imageType(data) != "" {
		return &CodeImage{Data: data, Type: imageType(data)}, nil
	}
	if err != nil && !store.IsNoRows(err) {
		return nil, fmt.Errorf("registry: %s: %w", c.table, err)
	}
	if s.WeChat == nil {
		return nil, apperr.Unavailable("wechat_not_configured", "未配置微信小程序，无法生成二维码", errors.New("registry: no WeChat client"))
	}
	// No transaction around the WeChat call: two concurrent first requests
	// may both ask WeChat, and the second insert is ignored.
	data, err = s.WeChat.UnlimitedQRCode(ctx, c.scene, c.page)
	if err != nil {
		return nil, apperr.Unavailable("wechat_unavailable", "微信服务暂不可用，请稍后重试", err)
	}
	kind := imageType(data)
	if kind == "" {
		return nil, apperr.Unavailable("wechat_unavailable", "微信服务暂不可用，请稍后重试",
			fmt.Errorf("registry: WeChat answered a code that is neither JPEG nor PNG (%s)", http.DetectContentType(data)))
	}
	// The table's name is one of two constants: the owners' test reads the writes by their verb.
	insert := `INSERT INTO station_codes (station_id, page, png, created_at) VALUES (?, ?, ?, ?)
		ON DUPLICATE KEY UPDATE png = VALUES(png), created_at = VALUES(created_at)`
	if c.table == "deputy_codes" {
		insert = `INSERT INTO deputy_codes (deputy_id, page, png, created_at) VALUES (?, ?, ?, ?)
		ON DUPLICATE KEY UPDATE png = VALUES(png), created_at = VALUES(created_at)`
	}
	if _, err = s.DB.ExecContext(ctx, insert, c.id, c.page, data, s.now()); err != nil {
		return nil, fmt.Errorf("registry: keep %s: %w", c.table, err)
	}
	return &CodeImage{Data: data, Type: kind}, nil
}
