-- Cases at a national union's size (1M cases, 20M timeline entries; issue 5).
-- `due_sort` is `next_due_on`, or '9999-12-31' when nothing is due: never NULL, so the lists'
-- order (due soonest first, then most recently changed) is the same on both backends, which
-- sort NULLs differently, and an index can serve it with keyset paging.
ALTER TABLE cases ADD COLUMN due_sort TEXT NOT NULL DEFAULT '9999-12-31';
UPDATE cases SET due_sort = next_due_on WHERE next_due_on IS NOT NULL;
CREATE INDEX cases_list_order ON cases (status, due_sort, updated_at DESC, id DESC);
CREATE INDEX cases_scope_order ON cases (workplace_id, status, due_sort, updated_at DESC, id DESC);
DROP INDEX cases_due;
-- The case page shows the newest entries first, a page at a time; this index also serves
-- every lookup by case that `case_timeline_case (case_id, id)` did.
CREATE INDEX case_timeline_newest ON case_timeline (case_id, occurred_at, id);
DROP INDEX case_timeline_case;
