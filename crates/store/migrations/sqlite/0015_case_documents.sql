-- Documents on cases: one row per upload describing it. The bytes are kept by the file store
-- under file_key (random, never the uploader's file name); sha256 is checked on download.
CREATE TABLE case_documents (
    id INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL REFERENCES cases(id),
    filename TEXT NOT NULL,
    doc_type TEXT NOT NULL,
    size_bytes INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    file_key TEXT NOT NULL UNIQUE,
    uploaded_by INTEGER REFERENCES users(id),
    uploaded_by_label TEXT NOT NULL,
    uploaded_at TEXT NOT NULL
);
CREATE INDEX case_documents_case ON case_documents (case_id, uploaded_at);
