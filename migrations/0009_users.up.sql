-- A user is one WeChat identity (openid) of this mini program.
CREATE TABLE users (
    id            BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
    openid        VARCHAR(64)  NOT NULL,
    unionid       VARCHAR(64)  NULL,
    deputy_id     BIGINT UNSIGNED NULL,
    created_at    DATETIME(3)  NOT NULL,
    last_login_at DATETIME(3)  NOT NULL,
    PRIMARY KEY (id),
    UNIQUE KEY uq_users_openid (openid),
    UNIQUE KEY uq_users_deputy (deputy_id),
    CONSTRAINT fk_users_deputy FOREIGN KEY (deputy_id) REFERENCES deputies (id) ON DELETE SET NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
