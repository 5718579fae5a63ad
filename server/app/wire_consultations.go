package app

import (
	"github.com/liaison-stations/liaison/server/consultations"
	"github.com/liaison-stations/liaison/server/pii"
	"github.com/liaison-stations/liaison/server/wechat"
)

// wireConsultations builds 立法征询. Opinions are checked by WeChat's
// content security as messages are (flagged "unchecked" without WeChat)
// and counted under the message intake's rate limits.
// Activities ask it whether a consultation meeting's station is reached.
func (a *App) wireConsultations(box *pii.Box, wx *wechat.Client) {
	d := consultations.Deps{DB: a.DB, Box: box, Clock: a.clock, Registry: a.Registry, Identity: a.Identity, Notify: a.Notify, Limits: a.Messages, Log: a.Log}
	if wx != nil {
		d.Content = wx
	}
	a.Consultations = consultations.New(d)
}
