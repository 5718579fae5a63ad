-- A browser asking to sign in to the console (管理后台). The browser holds the id and a
-- secret in an HttpOnly cookie; staff approve the id by scanning its mini program code
-- (scene l=<id>); only the browser that shows the secret receives the session, once.
CREATE TABLE console_logins (
    id            VARCHAR(32)     NOT NULL,
    secret_hash   BINARY(32)      NOT NULL,
    client_ip     VARCHAR(64)     NOT NULL DEFAULT '',
    user_agent    VARCHAR(300)    NOT NULL DEFAULT '',
    created_at    DATETIME(3)     NOT NULL,
    expires_at    DATETIME(3)     NOT NULL,
    approved_by   BIGINT UNSIGNED NULL,
    approved_at   DATETIME(3)     NULL,
    claimed_at    DATETIME(3)     NULL,
    PRIMARY KEY (id),
    KEY idx_console_logins_created (created_at),
    CONSTRAINT fk_console_logins_user FOREIGN KEY (approved_by) REFERENCES users (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
