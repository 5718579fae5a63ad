package devmode

import (
	"context"
	"errors"

	"github.com/liaison-stations/liaison/server/access"
	"github.com/liaison-stations/liaison/server/app"
	"github.com/liaison-stations/liaison/server/messages"
)

// seedMessages leaves three demo messages at the demo station, from a demo
// citizen (dev login "demo-citizen"), through the messages capability: one
// waiting to be accepted, one assigned to the convenor deputy, and one
// answered and rated, whose author agreed to show it on the station's page.
// Photos are left out: the dev mode keeps them on disk.
func seedMessages(ctx context.Context, a *app.App, d *Demo) error {
	if d.Station == nil || len(d.Deputies) == 0 || a.Messages == nil {
		return nil
	}
	citizen, err := a.Identity.SignInDev(ctx, "demo-citizen")
	if err != nil {
		return errors.Join(errors.New("a demo citizen needs dev_login"), err)
	}
	p := &access.Principal{UserID: citizen.User.ID}
	submit := func(category, content string, publish ...bool) (int64, error) {
		m, err := a.Messages.Submit(ctx, p, d.Station.ID, messages.Input{Category: category, Content: content,
			Name: "陈女士", Phone: "13800130088", Publish: len(publish) > 0 && publish[0]}, messages.Origin{IP: "127.0.0.1"})
		if err != nil {
			return 0, err
		}
		return m.ID, nil
	}
	steps := func(id int64, ts ...messages.Transition) error {
		for _, t := range ts {
			if _, err := a.Messages.Handle(ctx, seeder, id, t); err != nil {
				return err
			}
		}
		return nil
	}
	if _, err := submit("urban_rural", "民生街道3号楼的楼道灯坏了一个多月，老人晚上上下楼很不方便。"); err != nil {
		return err
	}
	assigned, err := submit("transport", "建议在学校门口增设一处人行横道和减速带，上下学时段车速太快。")
	if err != nil {
		return err
	}
	if err := steps(assigned, messages.Transition{Action: messages.ActionAccept},
		messages.Transition{Action: messages.ActionAssign, DeputyID: d.Deputies[0].ID, Note: "请召集人代表跟进"}); err != nil {
		return err
	}
	answered, err := submit("social_security", "社区养老服务中心能否延长周末开放时间？", true)
	if err != nil {
		return err
	}
	if err := steps(answered, messages.Transition{Action: messages.ActionAccept},
		messages.Transition{Action: messages.ActionReply, Reply: "已与街道协调，自下月起周末开放至18:00。"}); err != nil {
		return err
	}
	_, err = a.Messages.Rate(ctx, p, answered, messages.Rating{Rating: messages.RatingSatisfied, Comment: "谢谢！"})
	return err
}
