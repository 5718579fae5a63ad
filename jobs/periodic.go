package jobs

import (
	"context"
	"log/slog"
	"time"

	"github.com/liaison-stations/liaison/server/notify"
)

// Periodic is a job the worker runs on a clock, over MySQL. It runs in every
// worker, so it must be safe to run concurrently and repeatedly: what it
// causes are rows with dedupe keys, not sends.
type Periodic struct {
	Name string
	// Every is how often it runs; every job runs once when the worker starts.
	Every time.Duration
	// Run calls the capability function that does the work.
	Run func(ctx context.Context) error
}

// Periodic lists every periodic job of liaison: its name, how often it runs,
// and the capability function it calls. A capability that is not
// configured (nil) has no jobs here. Every job runs every ScanInterval
// (LIAISON_SCAN_INTERVAL), the sweep first: it gives lost tasks back to the
// queue before the scans create new notices.
func (cfg Config) Periodic() []Periodic {
	every := cfg.ScanInterval
	var list []Periodic
	if e := cfg.Notify; e != nil {
		list = append(list,
			// Notices stuck in sending or unknown, and due notices whose task was lost.
			Periodic{Name: "notify_sweep", Every: every, Run: func(ctx context.Context) error {
				res, err := e.Sweep(ctx)
				if res != (notify.SweepResult{}) {
					cfg.Logger.Info("notify sweep", "recovered", res.Recovered, "expired", res.Expired, "enqueued", res.Enqueued)
				}
				return err
			}},
		)
	}
	if m := cfg.Messages; m != nil {
		list = append(list,
			// Messages written to a deputy who neither answered nor handed them over by the
			// acceptance deadline go to the station's staff; the deputy is told.
			Periodic{Name: "messages_deputy_deadline", Every: every, Run: counted(m.HandOverLate)},
			// Staff (and the assigned deputy) hear of each message late to be accepted or answered.
			Periodic{Name: "messages_overdue", Every: every, Run: counted(m.RemindOverdue)},
			// Replied messages their authors did not rate in time close as unrated.
			Periodic{Name: "messages_unrated", Every: every, Run: counted(m.CloseUnrated)},
			// Promises past their due date with no answer from the author are tallied as due.
			Periodic{Name: "messages_promises_lapsed", Every: every, Run: counted(m.LapsePromises)},
			// Photos uploaded but never attached to a message are deleted.
			Periodic{Name: "messages_unused_photos", Every: every, Run: counted(m.PurgeUnusedPhotos)},
			// Messages closed longer than anonymize_after lose who wrote them (PIPL retention).
			Periodic{Name: "messages_retention", Every: every, Run: counted(m.AnonymizeOld)},
			// Published answers WeChat's content security could not judge yet are asked about again.
			Periodic{Name: "messages_answers_check", Every: every, Run: counted(m.CheckAnswers)},
		)
	}
	if a := cfg.Activities; a != nil {
		list = append(list,
			// Invited deputies are reminded before an activity starts.
			Periodic{Name: "activity_reminders", Every: every, Run: func(ctx context.Context) error {
				res, err := a.ScanReminders(ctx)
				if res.Created > 0 {
					cfg.Logger.Info("activity reminders", "activities", res.Activities, "created", res.Created)
				}
				return err
			}},
			// The notices of a large activity whose fan-out was left unfinished (a lost task, a stopped worker).
			Periodic{Name: "activity_fanouts", Every: every, Run: counted(a.ScanFanOuts)},
			// Station staff are reminded of a rule (meetings a quarter …) not yet met this period.
			Periodic{Name: "compliance_reminders", Every: every, Run: counted(a.ScanCompliance)},
		)
	}
	if au := cfg.Audit; au != nil {
		list = append(list,
			// Audit rows older than audit_retention (at least six months) are deleted; nothing else deletes them.
			Periodic{Name: "audit_retention", Every: every, Run: func(ctx context.Context) error {
				n, err := au.Purge(ctx)
				if n > 0 {
					cfg.Logger.Info("audit retention", "deleted", n)
				}
				return err
			}},
		)
	}
	if id := cfg.Identity; id != nil {
		list = append(list,
			// Console sign-in requests a day old are deleted: used, or never to be.
			Periodic{Name: "console_logins_purge", Every: every, Run: counted(id.PurgeConsoleLogins)},
		)
	}
	if r := cfg.Registry; r != nil {
		list = append(list,
			// The console's deputies' imports (the uploaded files, sealed, and their previews) after a week.
			Periodic{Name: "deputy_imports_purge", Every: every, Run: counted(r.PurgeImports)},
		)
	}
	return list
}

// counted drops the count a scan returns: it logs what it did itself.
func counted(f func(context.Context) (int, error)) func(context.Context) error {
	return func(ctx context.Context) error { _, err := f(ctx); return err }
}

// runDue runs the jobs due at the tick-th look (the first is 0): a job runs
// every Every/look looks, at least every look.
func runDue(ctx context.Context, log *slog.Logger, list []Periodic, look time.Duration, tick int) {
	for _, j := range list {
		if n := max(1, int(j.Every/look)); tick%n != 0 {
			continue
		}
		if err := j.Run(ctx); err != nil && ctx.Err() == nil {
			log.Warn("periodic job failed", "job", j.Name, "error", err)
		}
	}
}
