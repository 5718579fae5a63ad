package messages

import (
	"context"
	"database/sql"
	"errors"
	"regexp"

	"github.com/liaison-stations/liaison/server/store"
)

// An answered message whose author consented is shown in public, so its
// question and reply, as shown (numbers masked), pass WeChat's text
// security first. The verdict is kept in messages.answer_check: '' until
// WeChat has judged both texts, then the worse of the two verdicts. Only
// "pass" reaches the station's page (PublishedAnswers).

// checkAnswerBatch bounds one run of CheckAnswers.
const checkAnswerBatch = 100

// CheckAnswers asks WeChat about the publishable answers not checked yet:
// those whose check failed (WeChat unreachable, quota) or never ran. It
// returns how many it decided. The periodic job messages_answers_check runs
// it; a message with no one to check it as (see checkAnswer) waits.
func (s *Service) CheckAnswers(ctx context.Context) (int, error) {
	q, args, err := store.In(`SELECT m.id FROM messages m
		LEFT JOIN users a ON a.id = m.user_id LEFT JOIN users e ON e.id = m.entered_by
		WHERE m.publish = 1 AND m.reply IS NOT NULL AND m.answer_check = '' AND m.status IN (?)
		AND COALESCE(a.openid, e.openid) IS NOT NULL
		ORDER BY m.id DESC LIMIT ?`, answered, checkAnswerBatch)
	if err != nil {
		return 0, err
	}
	var ids []int64
	if err := s.DB.SelectContext(ctx, &ids, q, args...); err != nil {
		return 0, err
	}
	n := 0
	for _, id := range ids {
		decided, err := s.checkAnswer(ctx, id)
		if err != nil {
			return n, err
		}
		if decided {
			n++
		}
	}
	if n > 0 {
		s.Log.InfoContext(ctx, "messages: answers checked for the public page", "decided", n, "pending", len(ids)-n)
	}
	return n, nil
}

// checkAnswer asks WeChat about message id's question and reply when it is
// publishable and not checked yet, and keeps the verdict; it reports whether
// a verdict was kept. msg_sec_check v2 judges a text as written by a user of
// the mini program who used it within two hours: the author, or for a
// walk-in the staff member who entered it. When WeChat cannot answer, the
// message stays unchecked (off the page) for CheckAnswers to try again.
func (s *Service) checkAnswer(ctx context.Context, id int64) (bool, error) {
	var m struct {
		Content string         `db:"content"`
		Reply   string         `db:"reply"`
		OpenID  sql.NullString `db:"openid"`
	}
	q, args, err := store.In(`SELECT m.content, m.reply, COALESCE(a.openid, e.openid) AS openid FROM messages m
		LEFT JOIN users a ON a.id = m.user_id LEFT JOIN users e ON e.id = m.entered_by
		WHERE m.id = ? AND m.publish = 1 AND m.reply IS NOT NULL AND m.answer_check = '' AND m.status IN (?)`, id, answered)
	if err != nil {
		return false, err
	}
	err = s.DB.GetContext(ctx, &m, q, args...)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && m.OpenID.String == "") {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	verdict := VerdictPass
	// Without WeChat there is no check to ask (development: production refuses
	// to start without WeChat's credentials, and the start-up warning says
	// that texts go unchecked): the answer is shown as it was before checks.
	for _, text := range []string{MaskNumbers(m.Content), MaskNumbers(m.Reply)} {
		if s.Content == nil {
			break
		}
		v, err := s.Content.CheckText(ctx, m.OpenID.String, text)
		if err != nil {
			s.Log.WarnContext(ctx, "messages: content security unavailable, answer kept off the public page until checked", "message_id", id, "error", err)
			return false, nil
		}
		verdict = worseVerdict(verdict, v)
	}
	// The reply it judged: a reply written meanwhile is checked anew.
	_, err = s.DB.ExecContext(ctx, `UPDATE messages SET answer_check = ? WHERE id = ? AND answer_check = '' AND reply = ?`, verdict, id, m.Reply)
	return err == nil, err
}

// worseVerdict is the verdict of two texts shown together.
func worseVerdict(a, b string) string {
	rank := map[string]int{VerdictPass: 0, VerdictReview: 1, VerdictRisky: 2}
	if rank[b] > rank[a] {
		return b
	}
	return a
}

// The warning staff see when their reply names someone or carries a number:
// a published answer shows the reply to everyone.
const replyWarning = "答复中含有电话号码或姓名：公开时电话号码会被遮盖，姓名不会。如果写进了群众的个人信息，请在电脑管理后台的这条留言页点“撤下公开”。"

// replyName is a person addressed by one or two characters and a title:
// 李先生, 王女士, 张同志.
var replyName = regexp.MustCompile(`\p{Han}{1,2}(先生|女士|同志)`)

// ReplyWarnings are the non-blocking warnings about a reply: a number of
// seven or more digits in it (what MaskNumbers masks) or a name.
func ReplyWarnings(reply string) []string {
	if MaskNumbers(reply) != reply || replyName.MatchString(reply) {
		return []string{replyWarning}
	}
	return nil
}
