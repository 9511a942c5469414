-- Enquiries: conversations with members, their messages (received, sent and internal notes),
-- attachments, and mail waiting to be sent.

CREATE INDEX members_email ON members (email);

CREATE TABLE enquiries (
    id INTEGER PRIMARY KEY,
    reference_year INTEGER NOT NULL,
    reference_number INTEGER NOT NULL,
    subject TEXT NOT NULL,
    channel TEXT NOT NULL CHECK (channel IN ('email', 'web', 'phone', 'api')),
    status TEXT NOT NULL CHECK (status IN ('open', 'answered', 'closed')),
    member_id INTEGER REFERENCES members(id),
    workplace_id INTEGER REFERENCES workplaces(id),
    sender_address TEXT,
    sender_name TEXT,
    assigned_to INTEGER REFERENCES users(id),
    first_response_due TEXT NOT NULL,
    next_response_due TEXT,
    flagged TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (reference_year, reference_number)
);
CREATE INDEX enquiries_due ON enquiries (status, first_response_due);
CREATE INDEX enquiries_workplace ON enquiries (workplace_id, status);

CREATE TABLE enquiry_messages (
    id INTEGER PRIMARY KEY,
    enquiry_id INTEGER NOT NULL REFERENCES enquiries(id),
    direction TEXT NOT NULL CHECK (direction IN ('in', 'out', 'note')),
    message_id TEXT UNIQUE,
    author TEXT NOT NULL,
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    raw BLOB,
    created_at TEXT NOT NULL
);
CREATE INDEX enquiry_messages_enquiry ON enquiry_messages (enquiry_id, id);

CREATE TABLE enquiry_attachments (
    id INTEGER PRIMARY KEY,
    message_id INTEGER NOT NULL REFERENCES enquiry_messages(id),
    name TEXT NOT NULL,
    content_type TEXT NOT NULL,
    content BLOB NOT NULL
);
CREATE INDEX enquiry_attachments_message ON enquiry_attachments (message_id);

CREATE TABLE outbox (
    id INTEGER PRIMARY KEY,
    enquiry_id INTEGER REFERENCES enquiries(id),
    recipient TEXT NOT NULL,
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    in_reply_to TEXT,
    created_at TEXT NOT NULL,
    sent_at TEXT
);
CREATE INDEX outbox_unsent ON outbox (sent_at, id);
