package devmode

import (
	"context"
	"errors"
	"fmt"
	"net/url"

	qrcode "github.com/skip2/go-qrcode"

	"github.com/liaison-stations/liaison/server/app"
)

// localCodes makes stations' and deputies' codes in place of WeChat when dev
// mode has no WeChat credentials, so that the console's posters and deputy
// cards and the admin code endpoints show a code instead of a 503. Only
// WeChat can make a mini program code (小程序码); this is a plain QR code
// holding what WeChat DevTools' compile mode needs to open the page as the
// code would: the page and its scene, e.g.
// "pages/deputy/index?scene=d%3D1" (the scene URL-encoded, as WeChat hands
// it to the page in options.scene).
type localCodes struct{}

// UnlimitedQRCode implements registry.QRCoder with a PNG.
func (localCodes) UnlimitedQRCode(_ context.Context, scene, page string) ([]byte, error) {
	if scene == "" || len(scene) > 32 {
		return nil, fmt.Errorf("devmode: scene %q: 1 to 32 characters, as WeChat allows", scene)
	}
	return qrcode.Encode(LocalCodeText(scene, page), qrcode.Medium, 430)
}

// LocalCodeText is what a dev mode code holds: the page and its scene.
func LocalCodeText(scene, page string) string {
	return page + "?scene=" + url.QueryEscape(scene)
}

// useLocalCodes gives the registry the local stand-in when WeChat makes no
// codes (no credentials); it is set before anything is served.
func useLocalCodes(a *app.App) bool {
	if a.Registry.WeChat != nil {
		return false
	}
	a.Registry.WeChat = localCodes{}
	return true
}

// seedCodes makes and keeps the demo station's code and each demo deputy's
// code (代表码, scene d=<id>) through the registry, as staff opening them in
// the console would, so that the console's posters and deputy cards show
// them at once. Without a code maker (WeChat not configured and no local
// stand-in) there is nothing to keep.
func seedCodes(ctx context.Context, a *app.App, d *Demo) error {
	if a.Registry.WeChat == nil || d.Station == nil {
		return nil
	}
	if _, err := a.Registry.StationCode(ctx, seeder, d.Station.ID); err != nil {
		return fmt.Errorf("station %d: %w", d.Station.ID, err)
	}
	var errs []error
	for _, dep := range d.Deputies {
		if _, err := a.Registry.DeputyCode(ctx, seeder, dep.ID); err != nil {
			errs = append(errs, fmt.Errorf("deputy %d: %w", dep.ID, err))
		}
	}
	return errors.Join(errs...)
}
