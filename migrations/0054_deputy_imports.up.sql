-- A deputies' Excel import of the console, checked before anything changes: the uploaded
-- file (sealed: it holds phone numbers) until it is applied, who uploaded it, its state
-- (checking → checked → applying → applied, or failed), the counts of each kind of row and
-- the progress of the task that checks or applies a large file.
CREATE TABLE deputy_imports (
    id              BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
    user_id         BIGINT UNSIGNED NOT NULL,
    file_name       VARCHAR(200)    NOT NULL DEFAULT '',
    file_enc        LONGBLOB        NULL,
    scope_json      TEXT            NOT NULL,
    state           VARCHAR(16)     NOT NULL,
    rows_total      INT UNSIGNED    NOT NULL DEFAULT 0,
    rows_done       INT UNSIGNED    NOT NULL DEFAULT 0,
    new_rows        INT UNSIGNED    NOT NULL DEFAULT 0,
    changed_rows    INT UNSIGNED    NOT NULL DEFAULT 0,
    unchanged_rows  INT UNSIGNED    NOT NULL DEFAULT 0,
    error_rows      INT UNSIGNED    NOT NULL DEFAULT 0,
    failure         VARCHAR(300)    NOT NULL DEFAULT '',
    created_at      DATETIME(3)     NOT NULL,
    updated_at      DATETIME(3)     NOT NULL,
    applied_at      DATETIME(3)     NULL,
    -- The address the apply was asked from, for the audit row the apply writes.
    applied_from    VARCHAR(64)     NOT NULL DEFAULT '',
    PRIMARY KEY (id),
    KEY idx_deputy_imports_user (user_id, created_at),
    CONSTRAINT fk_deputy_imports_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- The preview of an import: one row per sheet row, errors first (seq is the class's rank,
-- then the sheet's row number). Phones only masked.
CREATE TABLE deputy_import_rows (
    import_id  BIGINT UNSIGNED NOT NULL,
    seq        BIGINT UNSIGNED NOT NULL,
    row_no     INT UNSIGNED    NOT NULL,
    class      VARCHAR(10)     NOT NULL,
    name       VARCHAR(50)     NOT NULL DEFAULT '',
    phone      VARCHAR(20)     NOT NULL DEFAULT '',
    changes    VARCHAR(100)    NOT NULL DEFAULT '',
    col        VARCHAR(20)     NOT NULL DEFAULT '',
    reason     VARCHAR(300)    NOT NULL DEFAULT '',
    PRIMARY KEY (import_id, seq),
    CONSTRAINT fk_deputy_import_rows_import FOREIGN KEY (import_id) REFERENCES deputy_imports (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
