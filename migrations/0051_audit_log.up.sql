-- The audit log (操作日志): one row for every change staff make, written in the
-- transaction of the change, and for sign-ins, failed sign-ins and revocations.
-- Nothing in the application updates or deletes a row; the retention job deletes
-- rows older than audit_retention (at least 6 months, the Cybersecurity Law's
-- minimum for logs).
--
-- actor_user_id is NULL for a failed sign-in (no one is known). actor_name is the
-- actor as known when the row was written (the bound deputy's name, if any), so
-- that a later revocation does not change what the log says. subject names the
-- thing changed as kind:id (station:12, message:5, user:3). summary has phone
-- numbers masked. Each list filter has a key of its columns, then at, then id.
CREATE TABLE audit_log (
    id            BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
    at            DATETIME(3)     NOT NULL,
    actor_user_id BIGINT UNSIGNED NULL,
    actor_name    VARCHAR(64)     NOT NULL DEFAULT '',
    client_ip     VARCHAR(45)     NOT NULL DEFAULT '',
    action        VARCHAR(64)     NOT NULL,
    subject       VARCHAR(64)     NOT NULL DEFAULT '',
    summary       VARCHAR(500)    NOT NULL DEFAULT '',
    PRIMARY KEY (id),
    KEY idx_audit_at (at, id),
    KEY idx_audit_actor (actor_user_id, at, id),
    KEY idx_audit_action (action, at, id),
    KEY idx_audit_subject (subject, at, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
