-- A read of whole groups finds the members that can have rows in a range by their
-- first_seen/last_seen span (see GroupRows): with last_seen in the index, that is a range scan
-- over the members seen since the range began, not a scan of every member the group ever had.
-- A series not yet rolled up has no span and sorts as seen until 'infinity'.
CREATE INDEX series_by_group_seen ON series (group_id, (coalesce(last_seen, 'infinity')));
DROP INDEX series_by_group;

-- A group's span: the union of its members' first_seen/last_seen, widened by the rollup job in the
-- transaction that widens theirs. Where a range is settled, a read of whole groups skips the groups
-- whose span does not overlap it (a 7-day window over daily deploys touches every deploy's group,
-- but each bucket only one or two of them).
ALTER TABLE series_group ADD COLUMN first_seen timestamptz, ADD COLUMN last_seen timestamptz;
UPDATE series_group g SET first_seen = m.first_seen, last_seen = m.last_seen
FROM (SELECT group_id, min(first_seen) AS first_seen, max(last_seen) AS last_seen FROM series GROUP BY group_id) m
WHERE m.group_id = g.id;
