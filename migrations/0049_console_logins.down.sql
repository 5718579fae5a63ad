DROP TABLE IF EXISTS console_logins;
