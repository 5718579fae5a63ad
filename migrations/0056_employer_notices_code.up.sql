-- The employer's SMS carries a constant link (https://<host>/n) and a notice code of 8
-- characters (issue #19 item 1): Tencent allows no link in a template's variable. The
-- code is looked up by its keyed hash and kept sealed for the change and cancel SMS, like
-- the link's token; it is valid until a week after the activity ends (decided on lookup,
-- so a moved activity moves it). Rows of before have none until their next SMS.
ALTER TABLE employer_notices
    ADD COLUMN code_hash BINARY(32) NULL,
    ADD COLUMN code_enc VARBINARY(128) NULL,
    ADD UNIQUE KEY uq_employer_notices_code (code_hash);
