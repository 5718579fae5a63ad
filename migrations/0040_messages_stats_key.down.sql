ALTER TABLE messages DROP KEY idx_messages_stats;
