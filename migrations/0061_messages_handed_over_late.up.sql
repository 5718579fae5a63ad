-- TRUE when the message was handed to the station's staff by the deadline, not by the
-- deputy it was written to (the deputy neither answered nor handed it over in time).
ALTER TABLE messages
    ADD COLUMN handed_over_late BOOLEAN NOT NULL DEFAULT FALSE;
