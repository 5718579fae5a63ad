DROP TABLE IF EXISTS activity_invitees;
