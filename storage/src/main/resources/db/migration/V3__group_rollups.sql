-- Service-level rollups and a 10-minute tier.
--
-- A series group is a series with its high-cardinality labels (pod, instance, node, …: the
-- configurable list of ingest-service's PYROMETER_ROLLUP_DROPPED_LABELS) merged away. Its rollups
-- hold the merged payload of all its member series, so a query whose selector selects whole
-- groups reads one row per bucket however many pods the service runs. Membership is fixed when a
-- series is created: a series belongs to exactly one group for its whole life, and a group's rows
-- are always the sum of its members' rows.
--
-- Citus: series_group is keyed by tenant like series; group rollups by group_id.
CREATE TABLE series_group (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id    integer NOT NULL REFERENCES tenant (id),
    profile_type text    NOT NULL,
    service_name text    NOT NULL,
    labels       jsonb   NOT NULL,
    UNIQUE (tenant_id, profile_type, labels)
);

-- Existing series are grouped by the default list of dropped labels.
INSERT INTO series_group (tenant_id, profile_type, service_name, labels)
SELECT DISTINCT tenant_id, profile_type, service_name,
       labels - ARRAY['pod', 'pod_name', 'instance', 'node', 'hostname', 'host', 'container_id', 'pid']
FROM series;

ALTER TABLE series ADD COLUMN group_id bigint REFERENCES series_group (id);
UPDATE series s SET group_id = g.id FROM series_group g
WHERE g.tenant_id = s.tenant_id AND g.profile_type = s.profile_type
  AND g.labels = s.labels - ARRAY['pod', 'pod_name', 'instance', 'node', 'hostname', 'host', 'container_id', 'pid'];
ALTER TABLE series ALTER COLUMN group_id SET NOT NULL;
CREATE INDEX series_by_group ON series (group_id);

-- When a series had data, at ten-minute resolution: the start of its first and the end of its last
-- ten-minute bucket, kept by the rollup job (NULL until its first bucket is rolled up). A read of
-- whole groups counts the members that had data in a window from these, without reading them.
ALTER TABLE series ADD COLUMN first_seen timestamptz, ADD COLUMN last_seen timestamptz;

-- The per-series minute tier copied the raw tier row for row at a 60 s cadence; per series the
-- finest rollup is now ten minutes. Minute buckets exist per group only.
DROP TABLE rollup_minute;

CREATE TABLE rollup_ten_minutes (
    series_id bigint      NOT NULL,
    bucket    timestamptz NOT NULL,
    snapshots integer     NOT NULL,
    tenant_id integer     NOT NULL,
    total     bigint      NOT NULL,
    payload   bytea       NOT NULL
) PARTITION BY RANGE (bucket);
CREATE UNIQUE INDEX rollup_ten_minutes_series_bucket ON rollup_ten_minutes (series_id, bucket);

-- Group tiers: the same columns keyed by group. snapshots counts the member snapshots merged.
CREATE TABLE group_rollup_minute (
    group_id  bigint      NOT NULL,
    bucket    timestamptz NOT NULL,
    snapshots integer     NOT NULL,
    tenant_id integer     NOT NULL,
    total     bigint      NOT NULL,
    payload   bytea       NOT NULL
) PARTITION BY RANGE (bucket);
CREATE UNIQUE INDEX group_rollup_minute_group_bucket ON group_rollup_minute (group_id, bucket);

CREATE TABLE group_rollup_ten_minutes (
    group_id  bigint      NOT NULL,
    bucket    timestamptz NOT NULL,
    snapshots integer     NOT NULL,
    tenant_id integer     NOT NULL,
    total     bigint      NOT NULL,
    payload   bytea       NOT NULL,
    PRIMARY KEY (group_id, bucket)
);
CREATE INDEX group_rollup_ten_minutes_bucket ON group_rollup_ten_minutes (bucket);

CREATE TABLE group_rollup_hour (
    group_id  bigint      NOT NULL,
    bucket    timestamptz NOT NULL,
    snapshots integer     NOT NULL,
    tenant_id integer     NOT NULL,
    total     bigint      NOT NULL,
    payload   bytea       NOT NULL,
    PRIMARY KEY (group_id, bucket)
);
CREATE INDEX group_rollup_hour_bucket ON group_rollup_hour (bucket);

CREATE TABLE group_rollup_day (
    group_id  bigint      NOT NULL,
    bucket    timestamptz NOT NULL,
    snapshots integer     NOT NULL,
    tenant_id integer     NOT NULL,
    total     bigint      NOT NULL,
    payload   bytea       NOT NULL,
    PRIMARY KEY (group_id, bucket)
);

-- The new day-partitioned tables get a partition for every day the raw tier already has (the
-- writer creates them for new days; see DailyPartitions).
DO $$
DECLARE
    day date;
BEGIN
    FOR day IN SELECT to_date(substring(c.relname FROM '[0-9]{8}$'), 'YYYYMMDD')
               FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
               WHERE i.inhparent = 'profile'::regclass AND c.relname ~ '^profile_p[0-9]{8}$'
    LOOP
        EXECUTE format('CREATE TABLE IF NOT EXISTS %I PARTITION OF rollup_ten_minutes FOR VALUES FROM (%L) TO (%L)',
                       'rollup_ten_minutes_p' || to_char(day, 'YYYYMMDD'), day::text || ' 00:00:00+00', (day + 1)::text || ' 00:00:00+00');
        EXECUTE format('CREATE TABLE IF NOT EXISTS %I PARTITION OF group_rollup_minute FOR VALUES FROM (%L) TO (%L)',
                       'group_rollup_minute_p' || to_char(day, 'YYYYMMDD'), day::text || ' 00:00:00+00', (day + 1)::text || ' 00:00:00+00');
    END LOOP;
END
$$;

-- rollup_pending.tier: 1 = minute, 4 = ten minutes, 2 = hour, 3 = day. A minute mark now means
-- "raw rows of this minute changed"; the chain is minute → ten minutes → hour → day. Every stored
-- minute is marked again so the new tiers are computed for data stored before this migration.
INSERT INTO rollup_pending (tenant_id, tier, bucket)
SELECT DISTINCT tenant_id, 1, date_trunc('minute', time, 'UTC') FROM profile
ON CONFLICT DO NOTHING;
