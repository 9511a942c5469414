-- The queue lists open enquiries soonest due first; with this index the first page comes
-- straight off it instead of sorting every open enquiry (100,000 in the benchmark).
CREATE INDEX enquiries_queue_order ON enquiries (status, COALESCE(next_response_due, first_response_due), id);
