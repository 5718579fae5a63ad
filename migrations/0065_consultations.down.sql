DROP TABLE IF EXISTS consultation_stations;
DROP TABLE IF EXISTS consultations;
