-- The console's 工作台 shows a region's or a city's messages by category. message_tallies
-- have no category (a row per county and day); this table has a row per month, county
-- and category with the messages received, moved in the transaction that files a
-- message (intake) or moves it to another county (a station's move), as message_tallies
-- are. A year of a region is then about 111 counties × 12 months × 11 categories rows.
CREATE TABLE message_category_tallies (
    month       DATE        NOT NULL,
    county_code VARCHAR(6)  NOT NULL,
    category    VARCHAR(32) NOT NULL,
    received    INT         NOT NULL DEFAULT 0,
    PRIMARY KEY (month, county_code, category)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

INSERT INTO message_category_tallies (month, county_code, category, received)
    SELECT DATE_FORMAT(created_at + INTERVAL 8 HOUR, '%Y-%m-01'), county_code, category, COUNT(*)
    FROM messages GROUP BY 1, 2, 3;
