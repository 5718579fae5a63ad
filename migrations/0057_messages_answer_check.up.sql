-- An answered message whose author consented is user-generated content: its question and
-- reply are shown on the station's public page (GET /stations/{id}/answers) only after
-- WeChat's text security (msg_sec_check) passed both. answer_check is WeChat's verdict:
-- '' not checked yet (or WeChat could not be asked: the periodic job asks again; a new
-- reply clears it), pass, review or risky. Only pass is shown.
ALTER TABLE messages
    ADD COLUMN answer_check VARCHAR(16) NOT NULL DEFAULT '';
