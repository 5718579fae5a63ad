-- What wx.requestSubscribeMessage granted: a one-time template allows one send
-- per grant (remaining counts them); a long-term template is not used up.
CREATE TABLE subscription_grants (
    user_id      BIGINT UNSIGNED NOT NULL,
    template_key VARCHAR(40)  NOT NULL,
    remaining    INT UNSIGNED NOT NULL DEFAULT 0,
    long_term    TINYINT(1)   NOT NULL DEFAULT 0,
    updated_at   DATETIME(3)  NOT NULL,
    PRIMARY KEY (user_id, template_key),
    CONSTRAINT fk_grants_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
