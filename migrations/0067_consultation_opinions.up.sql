-- An opinion on a consultation's draft: on one article, or on the whole draft (article_id
-- NULL). author_kind: 'public' (a citizen in the mini program), 'deputy' (the author is a
-- bound deputy, deputy_id), 'meeting' (entered by staff, entered_by, from a meeting at a
-- station: activity_id). The phone is sealed (phone_enc) with a keyed hash, as for
-- messages. review is the content check's verdict. The review of the legislative office
-- (outcome adopted|partly_adopted|not_adopted|for_reference, reason, reviewed_at,
-- reviewed_by) and notified_at (the author told the outcome, once) are filled later.
-- The same Idempotency-Key from the same user answers the first opinion.
CREATE TABLE consultation_opinions (
    id              BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
    consultation_id BIGINT UNSIGNED NOT NULL,
    article_id      BIGINT UNSIGNED NULL,
    author_kind     VARCHAR(8)     NOT NULL,
    user_id         BIGINT UNSIGNED NULL,
    entered_by      BIGINT UNSIGNED NULL,
    consent         TINYINT(1)     NOT NULL DEFAULT 0,
    deputy_id       BIGINT UNSIGNED NULL,
    station_id      BIGINT UNSIGNED NULL,
    activity_id     BIGINT UNSIGNED NULL,
    content         TEXT           NOT NULL,
    name            VARCHAR(50)    NOT NULL DEFAULT '',
    phone_enc       VARBINARY(128) NULL,
    phone_hash      BINARY(32)     NULL,
    review          VARCHAR(16)    NOT NULL DEFAULT '',
    idempotency_key VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NULL,
    outcome         VARCHAR(16)    NULL,
    reason          VARCHAR(500)   NOT NULL DEFAULT '',
    reviewed_at     DATETIME(3)    NULL,
    reviewed_by     BIGINT UNSIGNED NULL,
    notified_at     DATETIME(3)    NULL,
    created_at      DATETIME(3)    NOT NULL,
    PRIMARY KEY (id),
    KEY idx_consultation_opinions_article (consultation_id, article_id, id),
    KEY idx_consultation_opinions_user (user_id, id),
    KEY idx_consultation_opinions_station (station_id, consultation_id),
    UNIQUE KEY uq_consultation_opinions_idempotency (user_id, idempotency_key),
    CONSTRAINT fk_consultation_opinions_consultation FOREIGN KEY (consultation_id) REFERENCES consultations (id),
    CONSTRAINT fk_consultation_opinions_article FOREIGN KEY (article_id) REFERENCES consultation_articles (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
