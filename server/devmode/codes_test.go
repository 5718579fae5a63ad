package devmode

import (
	"bytes"
	"fmt"
	"image/png"
	"strings"
	"testing"

	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/qrcode"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/liaison-stations/liaison/server/access"
	"github.com/liaison-stations/liaison/server/config"
)

// readQR reads a code image as a phone's scanner would.
func readQR(t *testing.T, data []byte) string {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(data))
	require.NoError(t, err, "a PNG")
	bmp, err := gozxing.NewBinaryBitmapFromImage(img)
	require.NoError(t, err)
	res, err := qrcode.NewQRCodeReader().Decode(bmp, nil)
	require.NoError(t, err, "the code can be read")
	return res.GetText()
}

// Without WeChat credentials dev mode makes the codes itself: the demo's
// deputies' codes (代表码) and the station's code are kept at once, each a
// QR code naming its page and scene, and the state file and the welcome
// text give each deputy's id (the scene) and the phone that signs in as them.
func TestDevModeSeedsTheDeputiesCodesMadeLocally(t *testing.T) {
	in := bootForTest(t, func(cfg *config.Config) { cfg.WeChat.AppID, cfg.WeChat.Secret = "", "" }, BootOptions{})
	ctx := t.Context()
	require.True(t, in.LocalCodes)

	var kept int
	require.NoError(t, in.App.DB.GetContext(ctx, &kept, "SELECT COUNT(*) FROM deputy_codes WHERE page = 'pages/deputy/index'"))
	assert.Equal(t, len(in.Demo.Deputies), kept, "every demo deputy's code is kept by the seed")
	require.NoError(t, in.App.DB.GetContext(ctx, &kept, "SELECT COUNT(*) FROM station_codes WHERE station_id = ?", in.Demo.Station.ID))
	assert.Equal(t, 1, kept, "the demo station's code is kept")

	staff := &access.Principal{Grants: []access.Grant{{Role: access.RoleStaff, StationIDs: []int64{in.Demo.Station.ID}}}}
	st := in.State()
	require.Len(t, st.Deputies, len(in.Demo.Deputies))
	var welcome strings.Builder
	in.Welcome(&welcome)
	for i, dep := range st.Deputies {
		img, err := in.App.Registry.DeputyCode(ctx, staff, dep.ID)
		require.NoError(t, err, "staff of the station get the code, no 503")
		assert.Equal(t, "image/png", img.Type)
		assert.Equal(t, fmt.Sprintf("pages/deputy/index?scene=d%%3D%d", dep.ID), readQR(t, img.Data))
		assert.Equal(t, in.Demo.Deputies[i].Name, dep.Name)
		assert.Equal(t, fmt.Sprintf("1380013800%d", i+1), dep.Phone)
		assert.Contains(t, welcome.String(), fmt.Sprintf("d=%-4d %s  %s", dep.ID, dep.Name, dep.Phone))
	}
	img, err := in.App.Registry.StationCode(ctx, staff, in.Demo.Station.ID)
	require.NoError(t, err)
	assert.Equal(t, fmt.Sprintf("pages/station/index?scene=s%%3D%d", in.Demo.Station.ID), readQR(t, img.Data))
	assert.Contains(t, welcome.String(), "plain QR codes made here")

	// The phone code a state file names makes its user that deputy.
	who, err := in.App.Identity.SignInDev(ctx, "dev-e2e-deputy")
	require.NoError(t, err)
	me, err := in.App.Identity.BindPhone(ctx, &access.Principal{UserID: who.User.ID}, "dev-"+st.Deputies[1].Phone)
	require.NoError(t, err)
	require.NotNil(t, me.Deputy)
	assert.Equal(t, st.Deputies[1].ID, me.Deputy.ID)
}
