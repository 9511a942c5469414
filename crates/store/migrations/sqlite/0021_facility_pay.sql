-- Facility-time publication figures (SI 2017/328): an employer's total pay bill (gross pay,
-- employer's National Insurance and pension for all its employees, in pence) for each
-- April-to-March reporting period, keyed by the period's first day, and optionally how many
-- months of that period it had more than 49 employees throughout (whether it must report).
CREATE TABLE facility_pay_bills (
    employer_id INTEGER NOT NULL REFERENCES employers(id),
    period_start TEXT NOT NULL,
    pay_bill_pence INTEGER NOT NULL CHECK (pay_bill_pence >= 0),
    months_over_49_employees INTEGER CHECK (months_over_49_employees BETWEEN 0 AND 12),
    updated_at TEXT NOT NULL,
    PRIMARY KEY (employer_id, period_start)
);

-- The figures add up an employer-year of time entries per person: an index holding every
-- column that query reads lets both databases answer from the index alone (2,000,000 entries
-- in well under a second). It starts with the old index's columns, so it replaces it.
DROP INDEX time_entries_employer;
CREATE INDEX time_entries_employer_figures
    ON time_entries (employer_id, worked_on, user_id, category, employer_paid, minutes);
