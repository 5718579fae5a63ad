ALTER TABLE stations DROP FOREIGN KEY fk_stations_convenor;
