ALTER TABLE employer_notices
    DROP KEY uq_employer_notices_code,
    DROP COLUMN code_enc,
    DROP COLUMN code_hash;
