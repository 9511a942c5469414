-- Workload: a snapshot per person of what the score reads (open cases and their weight,
-- deadlines due by the end of the week, union time logged this week), refreshed each minute
-- by every server so the dashboard reads a few thousand rows rather than a million cases;
-- each branch's thresholds; and private wellbeing records (check-ins, requests for
-- supervision or a debrief), seen only by the person and whom they choose.
CREATE TABLE workload_snapshots (
    user_id INTEGER PRIMARY KEY REFERENCES users(id),
    open_cases INTEGER NOT NULL,
    case_points_doubled INTEGER NOT NULL,
    deadlines_this_week INTEGER NOT NULL,
    minutes_this_week INTEGER NOT NULL,
    week_starts_on TEXT NOT NULL,
    computed_at TEXT NOT NULL,
    -- Where the person's account sits (NULL above that level), so a dashboard reads only its
    -- own part of the union; and the score and capacity worked out at refresh (and again for a
    -- branch when its thresholds change), so it can list the heaviest first a page at a time.
    region_id INTEGER,
    branch_id INTEGER,
    workplace_id INTEGER,
    score_tenths INTEGER NOT NULL,
    capacity TEXT NOT NULL CHECK (capacity IN ('under', 'near', 'over'))
);
CREATE INDEX workload_snapshots_score ON workload_snapshots (score_tenths DESC, user_id);
CREATE INDEX workload_snapshots_region ON workload_snapshots (region_id, score_tenths DESC, user_id);
CREATE INDEX workload_snapshots_branch ON workload_snapshots (branch_id, score_tenths DESC, user_id);
CREATE INDEX workload_snapshots_workplace ON workload_snapshots (workplace_id, score_tenths DESC, user_id);

CREATE TABLE branch_workload_thresholds (
    branch_id INTEGER PRIMARY KEY REFERENCES branches(id),
    near_tenths INTEGER NOT NULL CHECK (near_tenths > 0),
    over_tenths INTEGER NOT NULL CHECK (over_tenths > near_tenths),
    updated_at TEXT NOT NULL
);

CREATE TABLE wellbeing_records (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id),
    kind TEXT NOT NULL CHECK (kind IN ('check_in', 'supervision', 'debrief')),
    mood INTEGER CHECK (mood BETWEEN 1 AND 5),
    note TEXT,
    shared_with_user_id INTEGER REFERENCES users(id),
    created_at TEXT NOT NULL
);
CREATE INDEX wellbeing_records_user ON wellbeing_records (user_id, id);
CREATE INDEX wellbeing_records_shared ON wellbeing_records (shared_with_user_id, id);
