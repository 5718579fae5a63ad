ALTER TABLE stations DROP COLUMN legislative_contact_point;
