DROP TABLE IF EXISTS station_codes;
