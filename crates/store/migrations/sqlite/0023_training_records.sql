-- Training and accreditation: courses people completed, the competence each gives them and
-- when a refresher is due. Assignment suggestions read who holds a competence today.
CREATE TABLE training_records (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id),
    competence TEXT NOT NULL CHECK (competence IN ('accompanying', 'sickness_and_disability',
        'redundancy_and_consultation', 'pay_and_contracts', 'health_and_safety',
        'equality_and_discrimination', 'tribunal_and_legal', 'union_learning')),
    course TEXT NOT NULL,
    completed_on TEXT NOT NULL,
    expires_on TEXT,
    recorded_by INTEGER REFERENCES users(id),
    recorded_at TEXT NOT NULL
);
CREATE INDEX training_records_user ON training_records (user_id, completed_on);
CREATE INDEX training_records_competence ON training_records (competence, user_id);
