-- Every transition of a message is an event: the timeline the citizen sees.
CREATE TABLE message_events (
    id         BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
    message_id BIGINT UNSIGNED NOT NULL,
    action     VARCHAR(16)     NOT NULL,
    actor_id   BIGINT UNSIGNED NULL,
    note       VARCHAR(2000)   NOT NULL DEFAULT '',
    at         DATETIME(3)     NOT NULL,
    PRIMARY KEY (id),
    KEY idx_message_events_message (message_id, id),
    CONSTRAINT fk_message_events_message FOREIGN KEY (message_id) REFERENCES messages (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
