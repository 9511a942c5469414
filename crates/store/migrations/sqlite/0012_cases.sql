-- Cases: the shared file (members, team, procedure stage, ratings, eligibility), its
-- append-only timeline, and the union's case rules (one row).
CREATE TABLE cases (
    id INTEGER PRIMARY KEY,
    reference_year INTEGER NOT NULL,
    reference_number INTEGER NOT NULL,
    title TEXT NOT NULL,
    case_type TEXT NOT NULL,
    stage TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('open', 'closed')),
    lead_member_id INTEGER NOT NULL REFERENCES members(id),
    workplace_id INTEGER NOT NULL REFERENCES workplaces(id),
    parent_case_id INTEGER REFERENCES cases(id),
    enquiry_id INTEGER REFERENCES enquiries(id),
    complexity INTEGER NOT NULL CHECK (complexity BETWEEN 1 AND 5),
    emotional_load INTEGER NOT NULL CHECK (emotional_load BETWEEN 1 AND 5),
    escalation_level TEXT NOT NULL CHECK (escalation_level IN ('rep', 'caseworker', 'officer', 'legal')),
    problem_arose_on TEXT NOT NULL,
    eligibility TEXT NOT NULL CHECK (eligibility IN ('full', 'advice_only')),
    eligibility_reasons TEXT NOT NULL,
    eligibility_override TEXT,
    outcome TEXT,
    closed_at TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (reference_year, reference_number)
);
CREATE INDEX cases_scope ON cases (workplace_id, status, updated_at);
CREATE INDEX cases_recent ON cases (status, updated_at);
CREATE INDEX cases_parent ON cases (parent_case_id);

CREATE TABLE case_members (
    case_id INTEGER NOT NULL REFERENCES cases(id),
    member_id INTEGER NOT NULL REFERENCES members(id),
    PRIMARY KEY (case_id, member_id)
);
CREATE INDEX case_members_member ON case_members (member_id, case_id);

CREATE TABLE case_team (
    case_id INTEGER NOT NULL REFERENCES cases(id),
    user_id INTEGER NOT NULL REFERENCES users(id),
    role TEXT NOT NULL CHECK (role IN ('rep', 'caseworker', 'officer', 'lawyer')),
    added_at TEXT NOT NULL,
    PRIMARY KEY (case_id, user_id)
);
CREATE INDEX case_team_user ON case_team (user_id, case_id);

CREATE TABLE case_timeline (
    id INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL REFERENCES cases(id),
    kind TEXT NOT NULL,
    author_user_id INTEGER REFERENCES users(id),
    author_label TEXT NOT NULL,
    body TEXT NOT NULL,
    minutes INTEGER,
    corrects_entry_id INTEGER REFERENCES case_timeline(id),
    occurred_at TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX case_timeline_case ON case_timeline (case_id, id);

CREATE TABLE case_settings (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    qualifying_weeks INTEGER NOT NULL,
    represent_in_arrears INTEGER NOT NULL,
    updated_at TEXT NOT NULL
);

ALTER TABLE enquiries ADD COLUMN case_id INTEGER REFERENCES cases(id);
