-- Bank holidays proclaimed after the compiled-in list was made (e.g. a royal occasion),
-- entered by an administrator; the deadline calculators treat them like any other.
CREATE TABLE extra_bank_holidays (
    id INTEGER PRIMARY KEY,
    nation TEXT NOT NULL CHECK (nation IN ('england-and-wales', 'scotland', 'northern-ireland')),
    holiday_on TEXT NOT NULL,
    name TEXT NOT NULL,
    created_at TEXT NOT NULL,
    UNIQUE (nation, holiday_on)
);
