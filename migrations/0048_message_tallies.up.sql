-- Region-wide message statistics add up a few rows a county and day instead of reading
-- every message of the period (a province has about a million a year).
--
-- county_code is the message's station's area code cut to its first six digits (the
-- county, or the city or region a station directly under them sits in). It moves with
-- the station: a station moved to another county takes its messages' tallies along.
-- promise_lapsed marks a promise whose due date passed with no answer from the author;
-- a periodic scan sets it, so that "promises due" is a tally too and only the promises
-- lapsed since the last scan are counted one by one.
ALTER TABLE messages
    ADD COLUMN county_code VARCHAR(6) NOT NULL DEFAULT '',
    ADD COLUMN promise_lapsed BOOLEAN NOT NULL DEFAULT FALSE,
    ADD KEY idx_messages_promises_open (promise_lapsed, fulfilled, promise_due_at, created_at, county_code);

UPDATE messages m JOIN stations s ON s.id = m.station_id SET m.county_code = LEFT(s.area_code, 6);

UPDATE messages SET promise_lapsed = TRUE
    WHERE promise_due_at IS NOT NULL AND fulfilled IS NULL AND promise_due_at <= UTC_TIMESTAMP(3);

-- One row per county and day (the messages' day of arrival, Asia/Shanghai), and one per
-- county and month (month set, day its first), with the counts GET /admin/stats/messages
-- reports. They change in the transaction that changes a message, by the difference the
-- change makes. A year of a region is then its months, and the days of the months it
-- has only part of.
CREATE TABLE message_tallies (
    month               BOOLEAN     NOT NULL,
    day                 DATE        NOT NULL,
    county_code         VARCHAR(6)  NOT NULL,
    received            INT         NOT NULL DEFAULT 0,
    rejected            INT         NOT NULL DEFAULT 0,
    accepted            INT         NOT NULL DEFAULT 0,
    accepted_on_time    INT         NOT NULL DEFAULT 0,
    replied             INT         NOT NULL DEFAULT 0,
    replied_on_time     INT         NOT NULL DEFAULT 0,
    rated               INT         NOT NULL DEFAULT 0,
    satisfied           INT         NOT NULL DEFAULT 0,
    basically_satisfied INT         NOT NULL DEFAULT 0,
    unsatisfied         INT         NOT NULL DEFAULT 0,
    resolved            INT         NOT NULL DEFAULT 0,
    promises_settled    INT         NOT NULL DEFAULT 0,
    promises_fulfilled  INT         NOT NULL DEFAULT 0,
    PRIMARY KEY (month, day, county_code)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

INSERT INTO message_tallies (month, day, county_code, received, rejected, accepted, accepted_on_time, replied,
        replied_on_time, rated, satisfied, basically_satisfied, unsatisfied, resolved, promises_settled, promises_fulfilled)
    SELECT FALSE, DATE(created_at + INTERVAL 8 HOUR), county_code,
        COUNT(*),
        COALESCE(SUM(status = 'rejected'), 0),
        COALESCE(SUM(accepted_at IS NOT NULL), 0),
        COALESCE(SUM(accepted_at IS NOT NULL AND accepted_at <= accept_due), 0),
        COALESCE(SUM(replied_at IS NOT NULL), 0),
        COALESCE(SUM(replied_at IS NOT NULL AND replied_at <= reply_due), 0),
        COALESCE(SUM(rating IS NOT NULL), 0),
        COALESCE(SUM(rating = 'satisfied'), 0),
        COALESCE(SUM(rating = 'basically_satisfied'), 0),
        COALESCE(SUM(rating = 'unsatisfied'), 0),
        COALESCE(SUM(replied_at IS NOT NULL AND (rating IN ('satisfied', 'basically_satisfied') OR fulfilled = 1)), 0),
        COALESCE(SUM(promise_due_at IS NOT NULL AND (fulfilled IS NOT NULL OR promise_lapsed)), 0),
        COALESCE(SUM(fulfilled = 1), 0)
    FROM messages GROUP BY DATE(created_at + INTERVAL 8 HOUR), county_code;

INSERT INTO message_tallies (month, day, county_code, received, rejected, accepted, accepted_on_time, replied,
        replied_on_time, rated, satisfied, basically_satisfied, unsatisfied, resolved, promises_settled, promises_fulfilled)
    SELECT TRUE, DATE_FORMAT(day, '%Y-%m-01'), county_code, SUM(received), SUM(rejected), SUM(accepted),
        SUM(accepted_on_time), SUM(replied), SUM(replied_on_time), SUM(rated), SUM(satisfied), SUM(basically_satisfied),
        SUM(unsatisfied), SUM(resolved), SUM(promises_settled), SUM(promises_fulfilled)
    FROM message_tallies WHERE month = FALSE GROUP BY DATE_FORMAT(day, '%Y-%m-01'), county_code;
