DROP TABLE IF EXISTS deputy_group_members;
