-- Photos uploaded for messages. The bytes live in the upload store (a
-- directory, or object storage) under storage_key; a photo belongs to its
-- uploader until a message takes it (message_id), then to whoever may see
-- that message.
CREATE TABLE uploads (
    id           BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
    user_id      BIGINT UNSIGNED NOT NULL,
    message_id   BIGINT UNSIGNED NULL,
    storage_key  VARCHAR(100)    NOT NULL,
    content_type VARCHAR(32)     NOT NULL,
    bytes        INT UNSIGNED    NOT NULL,
    created_at   DATETIME(3)     NOT NULL,
    PRIMARY KEY (id),
    UNIQUE KEY uq_uploads_key (storage_key),
    KEY idx_uploads_user (user_id, id),
    KEY idx_uploads_message (message_id, id),
    CONSTRAINT fk_uploads_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
    CONSTRAINT fk_uploads_message FOREIGN KEY (message_id) REFERENCES messages (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
