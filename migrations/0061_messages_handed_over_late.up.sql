-- TRUE when the message was handed to the station's staff by the deadline, not by the deputy
-- it was written to (the deputy neither answered nor handed it over in time). The key serves
-- the letters still with a deputy: the deadline scan (addressed, not handed over, not
-- answered, past accept_due) and the count of a deputy's waiting letters.
ALTER TABLE messages
    ADD COLUMN handed_over_late BOOLEAN NOT NULL DEFAULT FALSE,
    ADD KEY idx_messages_addressee_waiting (addressee_deputy_id, handed_over_at, replied_at, accept_due);
