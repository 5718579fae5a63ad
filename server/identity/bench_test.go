package identity_test

import (
	"bytes"
	"testing"

	"github.com/liaison-stations/liaison/server/access"
	"github.com/liaison-stations/liaison/server/identity"
	"github.com/liaison-stations/liaison/server/pii"
	"github.com/liaison-stations/liaison/server/registry"
	"github.com/liaison-stations/liaison/server/testkit"
)

// BenchmarkAuthenticate measures what every signed-in request pays: the
// session lookup by token hash and the caller's roles, on the real MariaDB.
func BenchmarkAuthenticate(b *testing.B) {
	db := testkit.NewDB(b)
	testkit.SeedAreas(b, db)
	box, _ := pii.NewBox(bytes.Repeat([]byte{1}, 32))
	reg := registry.New(registry.Deps{DB: db.DB, Box: box})
	id := identity.New(identity.Deps{DB: db.DB, Registry: reg, DevLogin: true})
	signed, err := id.SignInDev(b.Context(), "bench")
	if err != nil {
		b.Fatal(err)
	}
	inv, err := id.CreateInvite(b.Context(), nil, identity.InviteInput{Role: access.RoleStaff, AreaCode: testkit.AreaNanning})
	if err != nil {
		b.Fatal(err)
	}
	if _, err := id.Redeem(b.Context(), &access.Principal{UserID: signed.User.ID}, inv.InviteCode); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		p, err := id.Authenticate(b.Context(), signed.Token)
		if err != nil || !p.IsStaff() {
			b.Fatalf("authenticate: %v %+v", err, p)
		}
	}
}
