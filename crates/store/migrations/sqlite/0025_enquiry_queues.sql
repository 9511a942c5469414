-- Named queues an enquiry can wait in (pay, health and safety, ...), so that a routing rule
-- sends new enquiries to a queue as well as to a person.
CREATE TABLE enquiry_queues (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE UNIQUE INDEX enquiry_queues_name ON enquiry_queues (lower(name));
ALTER TABLE enquiries ADD COLUMN queue_id INTEGER REFERENCES enquiry_queues(id);
CREATE INDEX enquiries_queue ON enquiries (queue_id, status);

-- A rule names a person or a queue, never both. SQLite cannot relax NOT NULL in place, so
-- the table is rebuilt with its rows.
CREATE TABLE routing_rules_new (
    id INTEGER PRIMARY KEY,
    position INTEGER NOT NULL,
    branch_id INTEGER REFERENCES branches(id),
    keyword TEXT,
    employer_id INTEGER REFERENCES employers(id),
    workplace_id INTEGER REFERENCES workplaces(id),
    channel TEXT CHECK (channel IN ('email', 'web', 'phone', 'api')),
    assign_to INTEGER REFERENCES users(id),
    queue_id INTEGER REFERENCES enquiry_queues(id),
    created_at TEXT NOT NULL,
    CHECK ((assign_to IS NULL) <> (queue_id IS NULL))
);
INSERT INTO routing_rules_new (id, position, branch_id, keyword, employer_id, workplace_id, channel, assign_to, created_at)
    SELECT id, position, branch_id, keyword, employer_id, workplace_id, channel, assign_to, created_at FROM routing_rules;
DROP TABLE routing_rules;
ALTER TABLE routing_rules_new RENAME TO routing_rules;
CREATE INDEX routing_rules_position ON routing_rules (position, id);
