-- Roles with scope: admin (everything), staff (listed stations or an area subtree), deputy.
CREATE TABLE user_roles (
    id         BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
    user_id    BIGINT UNSIGNED NOT NULL,
    role       VARCHAR(16)  NOT NULL,
    area_code  VARCHAR(12)  NULL,
    deputy_id  BIGINT UNSIGNED NULL,
    granted_by BIGINT UNSIGNED NULL,
    created_at DATETIME(3)  NOT NULL,
    PRIMARY KEY (id),
    KEY idx_user_roles_user (user_id),
    CONSTRAINT fk_roles_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
    CONSTRAINT fk_roles_area FOREIGN KEY (area_code) REFERENCES areas (code),
    CONSTRAINT fk_roles_deputy FOREIGN KEY (deputy_id) REFERENCES deputies (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
