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

-- Ten-second buckets per group, computed with their minute (its mark covers them). A window's
-- sub-minute edges then read ten-second buckets and at most ten seconds of raw rows per edge. They
-- are stored only for groups with many raw rows per ten seconds (see RollupJob); elsewhere a read
-- finds none and reads the members' raw rows, so data stored before this migration needs no
-- recomputation.
CREATE TABLE group_rollup_ten_seconds (
    group_id  bigint      NOT NULL,
    bucket    timestamptz NOT NULL,
    snapshots integer     NOT NULL,
    tenant_id integer     NOT NULL,
    total     bigint      NOT NULL,
    payload   bytea       NOT NULL
) PARTITION BY RANGE (bucket);
CREATE UNIQUE INDEX group_rollup_ten_seconds_group_bucket ON group_rollup_ten_seconds (group_id, bucket);

DO $$
DECLARE
    day date;
BEGIN
    FOR day IN SELECT to_date(substring(c.relname FROM '[0-9]{8}$'), 'YYYYMMDD')
               FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
               WHERE i.inhparent = 'profile'::regclass AND c.relname ~ '^profile_p[0-9]{8}$'
    LOOP
        EXECUTE format('CREATE TABLE IF NOT EXISTS %I PARTITION OF group_rollup_ten_seconds FOR VALUES FROM (%L) TO (%L)',
                       'group_rollup_ten_seconds_p' || to_char(day, 'YYYYMMDD'), day::text || ' 00:00:00+00', (day + 1)::text || ' 00:00:00+00');
    END LOOP;
END
$$;
