-- Foundation: organisation, members, accounts, sessions, throttling and the audit log.
-- Timestamps are UTC text in one fixed format (sorts as time); dates are ISO text.

CREATE TABLE regions (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL
);

CREATE TABLE branches (
    id INTEGER PRIMARY KEY,
    region_id INTEGER NOT NULL REFERENCES regions(id),
    name TEXT NOT NULL,
    created_at TEXT NOT NULL,
    UNIQUE (region_id, name)
);

CREATE TABLE employers (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL
);

CREATE TABLE workplaces (
    id INTEGER PRIMARY KEY,
    branch_id INTEGER NOT NULL REFERENCES branches(id),
    employer_id INTEGER NOT NULL REFERENCES employers(id),
    name TEXT NOT NULL,
    nation TEXT NOT NULL CHECK (nation IN ('england-and-wales', 'scotland', 'northern-ireland')),
    created_at TEXT NOT NULL,
    UNIQUE (employer_id, name)
);
CREATE INDEX workplaces_branch ON workplaces (branch_id);

CREATE TABLE members (
    id INTEGER PRIMARY KEY,
    membership_number TEXT NOT NULL UNIQUE,
    first_name TEXT NOT NULL,
    last_name TEXT NOT NULL,
    email TEXT,
    phone TEXT,
    workplace_id INTEGER NOT NULL REFERENCES workplaces(id),
    job_title TEXT,
    joined_on TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('active', 'arrears', 'lapsed', 'resigned')),
    sort_key TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX members_sort ON members (sort_key, id);
CREATE INDEX members_workplace ON members (workplace_id, sort_key, id);
CREATE INDEX members_status ON members (status, sort_key, id);

-- One row per searchable word of a member (names, number, email), so that prefix search is
-- an index range scan on both databases.
CREATE TABLE member_search_terms (
    term TEXT NOT NULL,
    member_id INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    PRIMARY KEY (term, member_id)
);
CREATE INDEX member_search_terms_member ON member_search_terms (member_id);

CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    email TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('admin', 'officer', 'caseworker', 'staff', 'rep', 'lawyer')),
    scope TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    active INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL
);

CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    csrf_token TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE api_tokens (
    token_hash TEXT PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    created_at TEXT NOT NULL
);

CREATE TABLE login_failures (
    id INTEGER PRIMARY KEY,
    throttle_key TEXT NOT NULL,
    at TEXT NOT NULL
);
CREATE INDEX login_failures_key ON login_failures (throttle_key, at);

-- Append-only: the code never updates or deletes these rows.
CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    actor_user_id INTEGER,
    actor_label TEXT NOT NULL,
    action TEXT NOT NULL,
    entity TEXT NOT NULL,
    entity_id TEXT,
    detail TEXT NOT NULL,
    source TEXT
);
CREATE INDEX audit_log_entity ON audit_log (entity, entity_id, id);
CREATE INDEX audit_log_actor ON audit_log (actor_label, id);
