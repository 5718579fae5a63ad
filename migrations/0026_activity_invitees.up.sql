-- The people invited to a published activity, with their answer (RSVP).
CREATE TABLE activity_invitees (
    activity_id BIGINT UNSIGNED NOT NULL,
    deputy_id   BIGINT UNSIGNED NOT NULL,
    rsvp        VARCHAR(8)      NOT NULL DEFAULT '',
    rsvp_reason VARCHAR(200)    NOT NULL DEFAULT '',
    rsvp_at     DATETIME(3)     NULL,
    created_at  DATETIME(3)     NOT NULL,
    PRIMARY KEY (activity_id, deputy_id),
    KEY idx_invitees_deputy (deputy_id, activity_id),
    CONSTRAINT fk_invitees_activity FOREIGN KEY (activity_id) REFERENCES activities (id) ON DELETE CASCADE,
    CONSTRAINT fk_invitees_deputy FOREIGN KEY (deputy_id) REFERENCES deputies (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
