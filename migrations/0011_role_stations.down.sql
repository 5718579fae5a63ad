DROP TABLE IF EXISTS role_stations;
