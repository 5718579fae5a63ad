DROP TABLE IF EXISTS activity_checkins;
