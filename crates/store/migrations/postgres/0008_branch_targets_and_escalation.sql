-- Response targets and an escalation contact per branch (branches without a row use the
-- defaults), and when an enquiry that missed its target was escalated, so that it is
-- escalated once however many servers are checking.
CREATE TABLE branch_enquiry_settings (
    branch_id BIGINT PRIMARY KEY REFERENCES branches(id),
    first_response_minutes BIGINT NOT NULL,
    next_response_minutes BIGINT NOT NULL,
    escalate_to BIGINT REFERENCES users(id),
    updated_at TEXT NOT NULL
);
ALTER TABLE enquiries ADD COLUMN escalated_at TEXT;
CREATE INDEX enquiries_escalation ON enquiries (status, escalated_at);
