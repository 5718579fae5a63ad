DROP TABLE IF EXISTS station_deputies;
