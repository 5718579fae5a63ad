ALTER TABLE notifications DROP COLUMN claim_token;
