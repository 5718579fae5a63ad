CREATE TABLE deputy_group_members (
    group_id   BIGINT UNSIGNED NOT NULL,
    deputy_id  BIGINT UNSIGNED NOT NULL,
    created_at DATETIME(3)     NOT NULL,
    PRIMARY KEY (group_id, deputy_id),
    KEY idx_group_members_deputy (deputy_id),
    CONSTRAINT fk_gm_group FOREIGN KEY (group_id) REFERENCES deputy_groups (id) ON DELETE CASCADE,
    CONSTRAINT fk_gm_deputy FOREIGN KEY (deputy_id) REFERENCES deputies (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
