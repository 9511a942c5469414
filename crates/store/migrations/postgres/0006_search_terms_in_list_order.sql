-- Each search word carries its member's list-order key, so a one-word search pages straight
-- off the word index (term, sort_key, member_id) without reading every matching member row.
-- The key replaces (term, member_id) as the primary key: a member has one sort_key, so
-- uniqueness is unchanged.
ALTER TABLE member_search_terms ADD COLUMN sort_key TEXT COLLATE "C" NOT NULL DEFAULT '';
UPDATE member_search_terms t SET sort_key = m.sort_key FROM members m WHERE m.id = t.member_id;
ALTER TABLE member_search_terms ALTER COLUMN sort_key DROP DEFAULT;
ALTER TABLE member_search_terms DROP CONSTRAINT member_search_terms_pkey;
ALTER TABLE member_search_terms ADD PRIMARY KEY (term, sort_key, member_id);
