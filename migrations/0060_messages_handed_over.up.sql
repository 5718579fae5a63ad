-- When the deputy a message was written to handed it to the station's staff (转交联络站办理);
-- NULL while the deputy may still answer it. The note is in message_events.
ALTER TABLE messages
    ADD COLUMN handed_over_at DATETIME(3) NULL;
