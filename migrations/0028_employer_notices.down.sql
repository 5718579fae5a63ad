DROP TABLE IF EXISTS employer_notices;
