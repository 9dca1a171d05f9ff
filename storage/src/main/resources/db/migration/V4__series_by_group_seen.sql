-- A read of whole groups finds the members that can have rows in a range by their
-- first_seen/last_seen span (see GroupRows): with last_seen in the index, that is a range scan
-- over the members seen since the range began, not a scan of every member the group ever had.
-- A series not yet rolled up has no span and sorts as seen until 'infinity'.
CREATE INDEX series_by_group_seen ON series (group_id, (coalesce(last_seen, 'infinity')));
DROP INDEX series_by_group;
