DROP TABLE IF EXISTS consultation_opinions;
