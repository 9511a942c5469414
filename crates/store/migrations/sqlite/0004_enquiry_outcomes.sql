-- Closing an enquiry records how it ended and when.
ALTER TABLE enquiries ADD COLUMN outcome TEXT;
ALTER TABLE enquiries ADD COLUMN closed_at TEXT;
CREATE INDEX enquiries_assigned ON enquiries (assigned_to, status);
