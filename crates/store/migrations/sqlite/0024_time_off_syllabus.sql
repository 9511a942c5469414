-- The syllabus file attached to a training time-off request: at most one per request (the
-- primary key), replaced or removed while the request is a draft. As with case documents, the
-- bytes are kept by the file store under file_key (random, never the uploader's file name) and
-- sha256 is checked on every download.
CREATE TABLE time_off_syllabus_files (
    request_id INTEGER PRIMARY KEY REFERENCES time_off_requests(id),
    filename TEXT NOT NULL,
    doc_type TEXT NOT NULL,
    size_bytes INTEGER NOT NULL CHECK (size_bytes > 0),
    sha256 TEXT NOT NULL,
    file_key TEXT NOT NULL UNIQUE,
    uploaded_by INTEGER REFERENCES users(id),
    uploaded_by_label TEXT NOT NULL,
    uploaded_at TEXT NOT NULL
);
