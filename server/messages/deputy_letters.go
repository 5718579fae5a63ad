package messages

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
	"unicode/utf8"

	"github.com/jmoiron/sqlx"

	"github.com/liaison-stations/liaison/server/notify"
	"github.com/liaison-stations/liaison/server/store"
)

// LettersDedupeKey is the key of a deputy's notice of new letters on a day
// (Asia/Shanghai): one such notice a deputy a day.
func LettersDedupeKey(deputyID int64, at time.Time) string {
	return fmt.Sprintf("deputy_letters:%d:%s", deputyID, sh(at).Format(time.DateOnly))
}

// lettersNotice tells the deputy a message was just written to that letters
// wait for them (deputy_letters: WeChat when granted, else SMS, held through
// the quiet hours): the first letter of the day (Asia/Shanghai) does, with
// the count of all the letters that wait for them then, this one included;
// the others of the day add nothing (the dedupe key is the deputy's and the
// day's). In the transaction that writes the message, so that the notice
// and the letter are one.
func (s *Service) lettersNotice(ctx context.Context, tx *sqlx.Tx, deputyID, stationID int64, stationName, code string, messageID int64, now time.Time) ([]notify.Due, error) {
	var waiting int
	q, args, err := store.In(`SELECT COUNT(*) FROM messages m WHERE m.addressee_deputy_id = ? AND m.handed_over_at IS NULL AND m.replied_at IS NULL
		AND m.status IN (?)`, deputyID, append([]string{StatusSubmitted}, openStatuses...))
	if err != nil {
		return nil, err
	}
	if err := tx.GetContext(ctx, &waiting, q, args...); err != nil {
		return nil, fmt.Errorf("messages: letters waiting: %w", err)
	}
	to, err := s.deputyRecipientIn(ctx, tx, deputyID)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return s.Notify.Create(ctx, tx, notify.Notice{Kind: "deputy_letters", To: to, Subject: subject(messageID), StationID: stationID,
		Params: map[string]string{"count": fmt.Sprint(waiting), "letters": lettersPhrase(waiting),
			"day": sh(now).Format(time.DateOnly), "station_name": stationName, "code": code},
		DedupeKey: LettersDedupeKey(deputyID, now)})
}

// lettersPhrase is how many letters wait as a subscribe message's phrase:
// five Chinese characters at most, no digits (来信三条, 来信十二条, 二十五条;
// 百条以上 from a hundred).
func lettersPhrase(n int) string {
	if n >= 100 {
		return "百条以上"
	}
	if s := "来信" + chineseNumber(n) + "条"; utf8.RuneCountInString(s) <= 5 {
		return s
	}
	return chineseNumber(n) + "条"
}

// chineseNumber writes 0–99 in Chinese numerals (十二, 二十, 二十五).
func chineseNumber(n int) string {
	digits := []string{"零", "一", "二", "三", "四", "五", "六", "七", "八", "九"}
	switch {
	case n < 10:
		return digits[n]
	case n < 20:
		if n == 10 {
			return "十"
		}
		return "十" + digits[n%10]
	}
	out := digits[n/10] + "十"
	if n%10 != 0 {
		out += digits[n%10]
	}
	return out
}
