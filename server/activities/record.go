package activities

import (
	"context"
	"fmt"
	"math"
	"time"

	"github.com/liaison-stations/liaison/server/access"
	"github.com/liaison-stations/liaison/server/apperr"
	"github.com/liaison-stations/liaison/server/clock"
	"github.com/liaison-stations/liaison/server/messages"
)

// KindCount is one deputy's activities of one kind in a year.
type KindCount struct {
	Kind     string `json:"kind" db:"kind"`
	KindName string `json:"kind_name" db:"-"`
	Invited  int    `json:"invited" db:"invited"`
	Attended int    `json:"attended" db:"attended"`
	OnLeave  int    `json:"on_leave" db:"on_leave"`
	Absent   int    `json:"absent" db:"absent"`
}

func (k *KindCount) add(o KindCount) {
	k.Invited += o.Invited
	k.Attended += o.Attended
	k.OnLeave += o.OnLeave
	k.Absent += o.Absent
}

// Record is a deputy's performance file (履职档案) for a year. Activities
// count when published and not cancelled, by their start in Asia/Shanghai:
// attended = checked in (by code or by staff), on leave = asked for leave and
// did not attend, absent = ended without either; upcoming ones are only invited.
type Record struct {
	DeputyID         int64       `json:"deputy_id" db:"deputy_id"`
	Name             string      `json:"name" db:"name"`
	Year             int         `json:"year" db:"-"`
	Kinds            []KindCount `json:"kinds" db:"-"`
	Total            KindCount   `json:"total" db:"-"`
	MessagesAssigned int         `json:"messages_assigned" db:"-"`
	MessagesReplied  int         `json:"messages_replied" db:"-"`
	// Letters citizens wrote to the deputy (代表码) in the year, those
	// answered, and the median hours from a letter to its first answer (nil
	// when none was answered).
	MessagesReceived         int            `json:"messages_received" db:"-"`
	MessagesAnswered         int            `json:"messages_answered" db:"-"`
	MessagesMedianReplyHours *float64       `json:"messages_median_reply_hours" db:"-"`
	MedianReply              *time.Duration `json:"-" db:"-"`
	// LegislativeOpinions counts the opinions on draft regulations (立法征询)
	// the deputy gave in the year, signed in as the deputy.
	LegislativeOpinions int `json:"legislative_opinions" db:"-"`
}

// yearBounds are the first instants of year and year+1 in Asia/Shanghai, in UTC.
func yearBounds(year int) (time.Time, time.Time) {
	return time.Date(year, 1, 1, 0, 0, 0, 0, clock.Shanghai).UTC(), time.Date(year+1, 1, 1, 0, 0, 0, 0, clock.Shanghai).UTC()
}

// ParseYear reads ?year= (empty: the current year in Asia/Shanghai).
func (s *Service) ParseYear(v string) (int, error) {
	if v == "" {
		return s.Clock.Now().In(clock.Shanghai).Year(), nil
	}
	var y int
	if _, err := fmt.Sscanf(v, "%d", &y); err != nil || y < 2000 || y > 2100 || fmt.Sprint(y) != v {
		return 0, apperr.Invalid(map[string]string{"year": "应为 2000 到 2100 之间的年份"})
	}
	return y, nil
}

const recordCounts = `SELECT i.deputy_id, a.kind, COUNT(*) AS invited,
		SUM(c.deputy_id IS NOT NULL) AS attended,
		SUM(c.deputy_id IS NULL AND i.rsvp = 'leave') AS on_leave,
		SUM(c.deputy_id IS NULL AND i.rsvp <> 'leave' AND a.end_at <= ?) AS absent
	FROM activity_invitees i JOIN activities a ON a.id = i.activity_id
	LEFT JOIN activity_checkins c ON c.activity_id = i.activity_id AND c.deputy_id = i.deputy_id
	WHERE a.status = 'published' AND a.start_at >= ? AND a.start_at < ? AND `

type recordRow struct {
	DeputyID int64 `db:"deputy_id"`
	KindCount
}

// records computes the files of the deputies matched by where (on i.deputy_id).
func (s *Service) records(ctx context.Context, year int, people []Record, where string, args ...any) ([]Record, error) {
	from, to := yearBounds(year)
	var rows []recordRow
	if err := s.DB.SelectContext(ctx, &rows, recordCounts+where+` GROUP BY i.deputy_id, a.kind`,
		append([]any{s.now(), from, to}, args...)...); err != nil {
		return nil, fmt.Errorf("activities: record: %w", err)
	}
	byDeputy := map[int64]map[string]KindCount{}
	for _, r := range rows {
		if byDeputy[r.DeputyID] == nil {
			byDeputy[r.DeputyID] = map[string]KindCount{}
		}
		byDeputy[r.DeputyID][r.Kind] = r.KindCount
	}
	for i := range people {
		r := &people[i]
		r.Year = year
		r.Kinds = make([]KindCount, 0, len(Kinds))
		for _, k := range Kinds {
			c := byDeputy[r.DeputyID][k.Code]
			c.Kind, c.KindName = k.Code, k.Name
			r.Kinds = append(r.Kinds, c)
			r.Total.add(c)
		}
		r.Total.Kind, r.Total.KindName = "total", "合计"
	}
	if err := s.messageCounts(ctx, people, from, to); err != nil {
		return nil, err
	}
	return people, s.opinionCounts(ctx, people, from, to)
}

// OpinionCounter is what the performance file needs of consultations
// (consultations.Service, the Deps' Consultations when it has it): per
// deputy, the opinions on draft regulations given in [from, to).
type OpinionCounter interface {
	DeputyOpinionCounts(ctx context.Context, deputyIDs []int64, from, to time.Time) (map[int64]int, error)
}

// opinionCounts fills LegislativeOpinions; without an OpinionCounter it stays 0.
func (s *Service) opinionCounts(ctx context.Context, people []Record, from, to time.Time) error {
	oc, ok := s.Consultations.(OpinionCounter)
	if !ok || len(people) == 0 {
		return nil
	}
	ids := make([]int64, len(people))
	for i, p := range people {
		ids[i] = p.DeputyID
	}
	counts, err := oc.DeputyOpinionCounts(ctx, ids, from, to)
	if err != nil {
		return fmt.Errorf("activities: record opinions: %w", err)
	}
	for i := range people {
		people[i].LegislativeOpinions = counts[people[i].DeputyID]
	}
	return nil
}

// MessageCounter is what the performance file needs of the messages
// capability (messages.Service): per deputy, the messages assigned to them
// that were received in [from, to), and how many of those were replied.
type MessageCounter interface {
	DeputyMessageCounts(ctx context.Context, deputyIDs []int64, from, to time.Time) (map[int64]messages.DeputyCount, error)
	// DeputyLetterCounts: the messages written to each deputy received in
	// [from, to), those answered, and the median time to a first answer.
	DeputyLetterCounts(ctx context.Context, deputyIDs []int64, from, to time.Time) (map[int64]messages.DeputyLetters, error)
}

// messageCounts fills the messages assigned to each deputy (received in the
// year) and those of them replied; without a MessageCounter they stay 0.
func (s *Service) messageCounts(ctx context.Context, people []Record, from, to time.Time) error {
	if s.Messages == nil || len(people) == 0 {
		return nil
	}
	ids := make([]int64, len(people))
	for i, p := range people {
		ids[i] = p.DeputyID
	}
	counts, err := s.Messages.DeputyMessageCounts(ctx, ids, from, to)
	if err != nil {
		return fmt.Errorf("activities: record messages: %w", err)
	}
	for i := range people {
		if c, ok := counts[people[i].DeputyID]; ok {
			people[i].MessagesAssigned, people[i].MessagesReplied = c.Assigned, c.Replied
		}
	}
	letters, err := s.Messages.DeputyLetterCounts(ctx, ids, from, to)
	if err != nil {
		return fmt.Errorf("activities: record letters: %w", err)
	}
	for i := range people {
		l, ok := letters[people[i].DeputyID]
		if !ok {
			continue
		}
		r := &people[i]
		r.MessagesReceived, r.MessagesAnswered, r.MedianReply = l.Received, l.Answered, l.MedianReply
		if l.MedianReply != nil {
			h := math.Round(l.MedianReply.Hours()*10) / 10
			r.MessagesMedianReplyHours = &h
		}
	}
	return nil
}

// MedianReplyWords is the median time to a first answer in words ("" for none).
func (r Record) MedianReplyWords() string { return ReplyTimeWords(r.MedianReply) }

// ReplyTimeWords is a duration in days and hours for people (3天4小时,
// 5小时, 不到1小时); empty for nil.
func ReplyTimeWords(d *time.Duration) string {
	if d == nil {
		return ""
	}
	h := int(d.Hours())
	switch {
	case h < 1:
		return "不到1小时"
	case h < 24:
		return fmt.Sprintf("%d小时", h)
	case h%24 == 0:
		return fmt.Sprintf("%d天", h/24)
	}
	return fmt.Sprintf("%d天%d小时", h/24, h%24)
}

// DeputyRecord is the performance file of a deputy the staff caller covers.
func (s *Service) DeputyRecord(ctx context.Context, p *access.Principal, deputyID int64, year int) (*Record, error) {
	d, err := s.Registry.Deputy(ctx, p, deputyID)
	if err != nil {
		return nil, err
	}
	out, err := s.records(ctx, year, []Record{{DeputyID: d.ID, Name: d.Name}}, `i.deputy_id = ?`, d.ID)
	if err != nil {
		return nil, err
	}
	return &out[0], nil
}

// MyRecord is the calling deputy's own performance file.
func (s *Service) MyRecord(ctx context.Context, p *access.Principal, year int) (*Record, error) {
	if err := requireDeputy(p); err != nil {
		return nil, err
	}
	name, err := s.Registry.DeputyName(ctx, s.DB, p.DeputyID)
	if err != nil {
		return nil, fmt.Errorf("activities: record: %w", err)
	}
	out, err := s.records(ctx, year, []Record{{DeputyID: p.DeputyID, Name: name}}, `i.deputy_id = ?`, p.DeputyID)
	if err != nil {
		return nil, err
	}
	return &out[0], nil
}

// StationRecords are the files of every deputy of a station (stationID > 0)
// or of every station under an area, one per deputy, for the annual review.
// A report: it reads the registry's station_deputies, stations and deputies
// (read only) to find the deputies in the caller's scope in one query.
func (s *Service) StationRecords(ctx context.Context, p *access.Principal, stationID int64, areaCode string, year int) ([]Record, error) {
	if err := p.RequireStaff(); err != nil {
		return nil, err
	}
	cond, args := p.Scope().StationSQL("s.id", "s.area_code")
	switch {
	case stationID > 0:
		cond += ` AND s.id = ?`
		args = append(args, stationID)
	case areaCode != "":
		cond += ` AND s.area_code LIKE ?`
		args = append(args, access.AreaPrefix(areaCode)+"%")
	default:
		return nil, apperr.Invalid(map[string]string{"station_id": "请指定联络站或行政区划"})
	}
	members := `SELECT DISTINCT sd.deputy_id FROM station_deputies sd JOIN stations s ON s.id = sd.station_id WHERE ` + cond
	var people []Record
	if err := s.DB.SelectContext(ctx, &people, `SELECT d.id AS deputy_id, d.name FROM deputies d WHERE d.id IN (`+members+`) ORDER BY d.id`, args...); err != nil {
		return nil, fmt.Errorf("activities: records: %w", err)
	}
	if len(people) == 0 {
		return []Record{}, nil
	}
	return s.records(ctx, year, people, `i.deputy_id IN (`+members+`)`, args...)
}
