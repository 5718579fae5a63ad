package messages

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/liaison-stations/liaison/server/clock"
)

func TestDecideIntake(t *testing.T) {
	rules := DefaultRules() // 3 working days to accept, 15 to reply; weekends only
	wednesday := time.Date(2024, 3, 13, 10, 0, 0, 0, clock.Shanghai)
	endOf := func(y int, m time.Month, d int) time.Time {
		return time.Date(y, m, d, 0, 0, 0, 0, clock.Shanghai).AddDate(0, 0, 1).UTC()
	}
	const staff, citizen = int64(7), int64(9)
	for _, c := range []struct {
		name   string
		caller int64
		walkIn bool
		phone  string
		want   intakeDecision
	}{
		{name: "a citizen's own message is theirs, with no note and no SMS", caller: citizen, phone: "13800138000",
			want: intakeDecision{Author: citizen}},
		{name: "a walk-in is entered by staff with the person's consent, and says so",
			caller: staff, walkIn: true,
			want: intakeDecision{EnteredBy: staff, Consent: true, Note: "工作人员代为录入（已征得本人同意）"}},
		{name: "a walk-in who left a phone number gets the code by SMS",
			caller: staff, walkIn: true, phone: "13800138000",
			want: intakeDecision{EnteredBy: staff, Consent: true, Note: "工作人员代为录入（已征得本人同意）", SendCode: true}},
	} {
		t.Run(c.name, func(t *testing.T) {
			c.want.AcceptDue = endOf(2024, 3, 18) // Wednesday + 3 working days: the end of Monday
			c.want.ReplyDue = endOf(2024, 4, 3)   // + 15 working days: the end of Wednesday three weeks on
			assert.Equal(t, c.want, decideIntake(rules, c.caller, c.walkIn, c.phone, wednesday))
		})
	}
}
