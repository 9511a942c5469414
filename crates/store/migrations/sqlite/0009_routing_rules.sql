-- Routing rules: who a new enquiry goes to, tried in position order; a condition left NULL
-- always holds.
CREATE TABLE routing_rules (
    id INTEGER PRIMARY KEY,
    position INTEGER NOT NULL,
    branch_id INTEGER REFERENCES branches(id),
    keyword TEXT,
    employer_id INTEGER REFERENCES employers(id),
    workplace_id INTEGER REFERENCES workplaces(id),
    channel TEXT CHECK (channel IN ('email', 'web', 'phone', 'api')),
    assign_to INTEGER NOT NULL REFERENCES users(id),
    created_at TEXT NOT NULL
);
CREATE INDEX routing_rules_position ON routing_rules (position, id);
