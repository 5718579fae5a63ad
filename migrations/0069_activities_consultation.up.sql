-- A consultation meeting (kind legislative_consultation, 征求意见座谈会) names its consultation.
ALTER TABLE activities ADD COLUMN consultation_id BIGINT UNSIGNED NULL;
