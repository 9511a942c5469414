-- Union time logged by reps and caseworkers: against a case, an enquiry, a meeting or a
-- general duty, by category (which decides whether it is paid facility time), and at the
-- employer whose facility time it is. Each person's own profile says who employs them and the
-- facility time they have, which the workload score and the publication figures read.
CREATE TABLE time_entries (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id),
    employer_id INTEGER REFERENCES employers(id),
    category TEXT NOT NULL CHECK (category IN ('duties', 'activities', 'training', 'health_and_safety', 'union_learning')),
    employer_paid INTEGER NOT NULL,
    worked_on TEXT NOT NULL,
    minutes INTEGER NOT NULL CHECK (minutes > 0 AND minutes <= 1440),
    case_id INTEGER REFERENCES cases(id),
    enquiry_id INTEGER REFERENCES enquiries(id),
    meeting_id INTEGER REFERENCES case_meetings(id),
    note TEXT,
    created_at TEXT NOT NULL
);
CREATE INDEX time_entries_user ON time_entries (user_id, worked_on);
CREATE INDEX time_entries_employer ON time_entries (employer_id, worked_on);
CREATE INDEX time_entries_case ON time_entries (case_id);

CREATE TABLE rep_profiles (
    user_id INTEGER PRIMARY KEY REFERENCES users(id),
    employer_id INTEGER REFERENCES employers(id),
    contracted_minutes_per_week INTEGER,
    full_time_minutes_per_week INTEGER,
    facility_minutes_per_week INTEGER,
    hourly_cost_pence INTEGER,
    updated_at TEXT NOT NULL
);
