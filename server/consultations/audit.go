package consultations

// The audit log's actions of consultations.
const (
	ActionCreate  = "consultation.create"
	ActionUpdate  = "consultation.update"
	ActionPublish = "consultation.publish"
	ActionClose   = "consultation.close"
	// ActionOpinion is an opinion entered by staff (a meeting's, a walk-in's).
	ActionOpinion = "consultation.opinion"
)

// The audit log's actions of the review.
const (
	ActionReview       = "consultation.review"
	ActionFinishReview = "consultation.finish_review"
)
