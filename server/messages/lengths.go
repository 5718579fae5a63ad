package messages

// Lengths of the texts of a message and of its handling, in characters.
// Validation refuses longer (or shorter) ones; GET /meta tells clients the
// same numbers, so that a form counts what the server will count.
const (
	minContent = 5
	maxContent = 2000
	maxName    = 50
	maxReply   = 2000
	maxReason  = 500
	maxPromise = 500
	maxNote    = 500
	maxComment = 500
)

// TextLimits are the lengths a client's forms must keep to.
type TextLimits struct {
	ContentMin int `json:"content_min"`
	ContentMax int `json:"content_max"`
	NameMax    int `json:"name_max"`
	ReplyMax   int `json:"reply_max"`
	ReasonMax  int `json:"reason_max"`
	PromiseMax int `json:"promise_max"`
	NoteMax    int `json:"note_max"`
	CommentMax int `json:"comment_max"`
}

// Lengths are the limits validation applies.
func Lengths() TextLimits {
	return TextLimits{ContentMin: minContent, ContentMax: maxContent, NameMax: maxName, ReplyMax: maxReply,
		ReasonMax: maxReason, PromiseMax: maxPromise, NoteMax: maxNote, CommentMax: maxComment}
}
