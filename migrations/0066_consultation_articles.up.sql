-- The draft split into articles (第X条), in order, each with the chapter it stands in
-- ("第一章 总则"; "" before the first chapter). Position 0 is never an article: an
-- opinion on the whole draft has no article. Re-split (deleted and written again)
-- while the consultation is a draft; frozen once it is published.
CREATE TABLE consultation_articles (
    id              BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
    consultation_id BIGINT UNSIGNED NOT NULL,
    position        INT UNSIGNED NOT NULL,
    number          VARCHAR(32)  NOT NULL,
    chapter         VARCHAR(200) NOT NULL DEFAULT '',
    text            TEXT         NOT NULL,
    PRIMARY KEY (id),
    UNIQUE KEY uq_consultation_articles_position (consultation_id, position),
    CONSTRAINT fk_consultation_articles_consultation FOREIGN KEY (consultation_id) REFERENCES consultations (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
