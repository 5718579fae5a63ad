DROP TABLE IF EXISTS message_category_tallies;
