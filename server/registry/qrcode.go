package registry

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strconv"

	"github.com/liaison-stations/liaison/server/access"
	"github.com/liaison-stations/liaison/server/apperr"
	"github.com/liaison-stations/liaison/server/store"
)

var pngSignature = []byte("\x89PNG\r\n\x1a\n")

// StationCode is the PNG of a station's mini program code (scene s=<id>,
// opening Deps.StationPage), for staff in scope. WeChat is asked once per
// station and page; the image is then served from station_codes. A WeChat
// failure is a 503 and nothing is kept.
func (s *Service) StationCode(ctx context.Context, p *access.Principal, stationID int64) ([]byte, error) {
	if err := p.RequireStaff(); err != nil {
		return nil, err
	}
	if _, err := stationInScope(ctx, s.DB, p.Scope(), stationID, false); err != nil {
		return nil, err
	}
	var png []byte
	err := s.DB.GetContext(ctx, &png, `SELECT png FROM station_codes WHERE station_id = ? AND page = ?`, stationID, s.StationPage)
	if err == nil {
		return png, nil
	}
	if !store.IsNoRows(err) {
		return nil, fmt.Errorf("registry: station code: %w", err)
	}
	if s.WeChat == nil {
		return nil, apperr.Unavailable("wechat_not_configured", "未配置微信小程序，无法生成联络站二维码", errors.New("registry: no WeChat client"))
	}
	// No transaction around the WeChat call: two concurrent first requests
	// may both ask WeChat, and the second insert is ignored.
	png, err = s.WeChat.UnlimitedQRCode(ctx, "s="+strconv.FormatInt(stationID, 10), s.StationPage)
	if err != nil {
		return nil, apperr.Unavailable("wechat_unavailable", "微信服务暂不可用，请稍后重试", err)
	}
	if !bytes.HasPrefix(png, pngSignature) {
		return nil, apperr.Unavailable("wechat_unavailable", "微信服务暂不可用，请稍后重试", errors.New("registry: WeChat answered a code that is not a PNG"))
	}
	_, err = s.DB.ExecContext(ctx, `INSERT INTO station_codes (station_id, page, png, created_at) VALUES (?, ?, ?, ?)
		ON DUPLICATE KEY UPDATE station_id = station_id`, stationID, s.StationPage, png, s.now())
	if err != nil {
		return nil, fmt.Errorf("registry: keep station code: %w", err)
	}
	return png, nil
}
