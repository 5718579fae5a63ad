DROP TABLE IF EXISTS deputy_import_rows;
DROP TABLE IF EXISTS deputy_imports;
