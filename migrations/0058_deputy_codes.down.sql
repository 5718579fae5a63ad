DROP TABLE IF EXISTS deputy_codes;
