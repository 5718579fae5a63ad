DROP TABLE IF EXISTS deputy_groups;
