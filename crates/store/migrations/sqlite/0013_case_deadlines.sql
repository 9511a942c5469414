-- Deadlines (from a calculator or by hand) and tasks on a case, with when each was done and
-- when its reminder went out; the case keeps its soonest open due date for the lists.
CREATE TABLE case_deadlines (
    id INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL REFERENCES cases(id),
    kind TEXT NOT NULL CHECK (kind IN ('deadline', 'task')),
    title TEXT NOT NULL,
    due_on TEXT NOT NULL,
    rule TEXT,
    inputs TEXT,
    explanation TEXT,
    owner_id INTEGER REFERENCES users(id),
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    done_at TEXT,
    reminded_at TEXT
);
CREATE INDEX case_deadlines_case ON case_deadlines (case_id, due_on);
CREATE INDEX case_deadlines_open ON case_deadlines (done_at, reminded_at, due_on);
ALTER TABLE cases ADD COLUMN next_due_on TEXT;
CREATE INDEX cases_due ON cases (status, next_due_on);
