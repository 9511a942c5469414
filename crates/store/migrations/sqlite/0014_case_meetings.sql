-- Meetings on cases (with the statutory postponement window worked out when a hearing is
-- set), and each person's private calendar feed address (kept as a hash, like sessions).
CREATE TABLE case_meetings (
    id INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL REFERENCES cases(id),
    meeting_type TEXT NOT NULL,
    starts_at TEXT NOT NULL,
    ends_at TEXT NOT NULL,
    place TEXT,
    video_link TEXT,
    member_id INTEGER REFERENCES members(id),
    companion_id INTEGER REFERENCES users(id),
    prep_notes TEXT,
    outcome TEXT,
    postponement_latest TEXT,
    postponement_explanation TEXT,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX case_meetings_case ON case_meetings (case_id, starts_at);
CREATE INDEX case_meetings_companion ON case_meetings (companion_id, starts_at);

CREATE TABLE calendar_feeds (
    user_id INTEGER PRIMARY KEY REFERENCES users(id),
    token_hash TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL
);
