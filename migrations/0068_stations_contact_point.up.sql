-- A station may also be a grassroots legislative contact point (基层立法联系点).
ALTER TABLE stations ADD COLUMN legislative_contact_point TINYINT(1) NOT NULL DEFAULT 0;
