-- Replies to members: reusable templates with merge fields, and outgoing mail that carries
-- its own Message-ID (so the member's answer threads back), says whether it is automatic
-- (only acknowledgements are marked Auto-Submitted) and takes its attachments from the
-- enquiry message it records.
CREATE TABLE reply_templates (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    body TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
ALTER TABLE outbox ADD COLUMN message_id TEXT;
ALTER TABLE outbox ADD COLUMN automatic INTEGER NOT NULL DEFAULT 1;
ALTER TABLE outbox ADD COLUMN enquiry_message_id INTEGER REFERENCES enquiry_messages(id);
