-- Escalation: the team's view of a case's stakes (tribunal risk, value), the union's
-- guidance on which cases must go up (seeded with a starting set the admin can change),
-- legal referrals with their checklist and the officer's decision, and the end date of an
-- external lawyer's access to a file.
CREATE TABLE case_risk (
    case_id INTEGER PRIMARY KEY REFERENCES cases(id),
    tribunal_risk TEXT NOT NULL CHECK (tribunal_risk IN ('unlikely', 'possible', 'likely')),
    value_pounds INTEGER,
    assessed_by TEXT NOT NULL,
    assessed_at TEXT NOT NULL
);

CREATE TABLE case_escalation_rules (
    id INTEGER PRIMARY KEY,
    case_type TEXT,
    min_complexity INTEGER,
    min_tribunal_risk TEXT,
    min_value_pounds INTEGER,
    level TEXT NOT NULL CHECK (level IN ('caseworker', 'officer', 'legal')),
    reason TEXT NOT NULL,
    created_at TEXT NOT NULL
);
INSERT INTO case_escalation_rules (case_type, min_complexity, min_tribunal_risk, min_value_pounds, level, reason, created_at)
VALUES
    ('tribunal_referral', NULL, NULL, NULL, 'officer', 'Tribunal and legal referrals are run by a regional officer.', '2026-12-02T00:00:00Z'),
    (NULL, NULL, 'likely', NULL, 'officer', 'A likely tribunal claim needs a regional officer to weigh its merits and time limits.', '2026-12-02T00:00:00Z'),
    (NULL, 4, NULL, NULL, 'caseworker', 'Heavy cases are supported by a caseworker, not carried by a rep alone.', '2026-12-02T00:00:00Z'),
    (NULL, NULL, NULL, 10000, 'officer', 'Cases worth 10,000 pounds or more go to a regional officer.', '2026-12-02T00:00:00Z');

CREATE TABLE case_referrals (
    id INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL REFERENCES cases(id),
    status TEXT NOT NULL CHECK (status IN ('requested', 'approved', 'declined')),
    summary TEXT NOT NULL,
    checklist TEXT NOT NULL,
    requested_by INTEGER REFERENCES users(id),
    requested_by_label TEXT NOT NULL,
    requested_at TEXT NOT NULL,
    decided_by INTEGER REFERENCES users(id),
    decided_by_label TEXT,
    decided_at TEXT,
    decision_note TEXT
);
CREATE INDEX case_referrals_case ON case_referrals (case_id, id);
-- One referral waits for an officer at a time.
CREATE UNIQUE INDEX case_referrals_one_waiting ON case_referrals (case_id) WHERE status = 'requested';

CREATE TABLE case_access_limits (
    case_id INTEGER NOT NULL REFERENCES cases(id),
    user_id INTEGER NOT NULL REFERENCES users(id),
    expires_at TEXT NOT NULL,
    PRIMARY KEY (case_id, user_id)
);
CREATE INDEX case_access_limits_expiry ON case_access_limits (expires_at);
