-- Each search word carries its member's list-order key, so a one-word search pages straight
-- off the word index (term, sort_key, member_id) without reading every matching member row.
-- The key replaces (term, member_id) as the primary key: a member has one sort_key, so
-- uniqueness is unchanged. SQLite cannot change a primary key in place, hence the copy; the
-- copy is WITHOUT ROWID, so the rows live in the key's own b-tree rather than in a second one.
CREATE TABLE member_search_terms_sorted (
    term TEXT NOT NULL,
    sort_key TEXT NOT NULL,
    member_id INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    PRIMARY KEY (term, sort_key, member_id)
) WITHOUT ROWID;
INSERT INTO member_search_terms_sorted (term, sort_key, member_id)
    SELECT t.term, m.sort_key, t.member_id FROM member_search_terms t JOIN members m ON m.id = t.member_id;
DROP TABLE member_search_terms;
ALTER TABLE member_search_terms_sorted RENAME TO member_search_terms;
CREATE INDEX member_search_terms_member ON member_search_terms (member_id);
