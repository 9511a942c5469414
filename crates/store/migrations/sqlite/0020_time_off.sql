-- Requests to the employer for time off for union work, and each employer's notice rule
-- (the facility-time agreement's; absent means the defaults: 3 working days for duties and
-- activities, 4 weeks for training). A request keeps the notice check made when it was
-- submitted, and the employer's manager decides it through a link whose secret is kept only
-- as a hash, with an expiry; status changes are guarded updates on the status.
CREATE TABLE employer_time_off_rules (
    employer_id INTEGER PRIMARY KEY REFERENCES employers(id),
    duties_working_days INTEGER NOT NULL CHECK (duties_working_days >= 0 AND duties_working_days <= 60),
    training_weeks INTEGER NOT NULL CHECK (training_weeks >= 0 AND training_weeks <= 52),
    updated_at TEXT NOT NULL
);

CREATE TABLE time_off_requests (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id),
    employer_id INTEGER REFERENCES employers(id),
    workplace_id INTEGER REFERENCES workplaces(id),
    category TEXT NOT NULL CHECK (category IN ('duties', 'activities', 'training', 'health_and_safety', 'union_learning')),
    starts_on TEXT NOT NULL,
    ends_on TEXT NOT NULL,
    minutes INTEGER NOT NULL CHECK (minutes > 0),
    purpose TEXT NOT NULL,
    meeting_id INTEGER REFERENCES case_meetings(id),
    course_name TEXT,
    syllabus TEXT,
    status TEXT NOT NULL CHECK (status IN ('draft', 'submitted', 'approved', 'refused', 'withdrawn')),
    submitted_at TEXT,
    notice_give_by TEXT,
    notice_short INTEGER,
    notice_after_the_event INTEGER,
    notice_message TEXT,
    manager_name TEXT,
    manager_email TEXT,
    link_token_hash TEXT UNIQUE,
    link_expires_at TEXT,
    link_sent_at TEXT,
    decided_at TEXT,
    decided_by TEXT,
    decision_note TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX time_off_requests_user ON time_off_requests (user_id, starts_on);
CREATE INDEX time_off_requests_workplace ON time_off_requests (workplace_id, starts_on);
