-- Administrative divisions (GB/T 2260): province -> city -> county -> township.
-- Staff scope is an area subtree; see registry.AreaPrefix for how a code names its subtree.
CREATE TABLE areas (
    code        VARCHAR(12)  NOT NULL,
    name        VARCHAR(64)  NOT NULL,
    parent_code VARCHAR(12)  NULL,
    level       VARCHAR(10)  NOT NULL,
    PRIMARY KEY (code),
    KEY idx_areas_parent (parent_code)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
