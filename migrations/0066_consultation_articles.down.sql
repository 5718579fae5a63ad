DROP TABLE IF EXISTS consultation_articles;
