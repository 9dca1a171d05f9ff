-- Closed ten minutes of raw rows, compacted: one row per (series, ten minutes) holding that
-- series' snapshots of the ten minutes, in (time, receipt) order, as parallel arrays. A raw row
-- costs about 110 bytes of tuple header, key columns and index entry before its payload; a chunk
-- pays that once for all the snapshots of its ten minutes (60 at a 10 s cadence), and PostgreSQL
-- compresses its arrays when they pass the TOAST threshold.
--
-- The rollup job writes a chunk when it computes the series' ten-minute bucket, in that
-- transaction and under the exclusive locks of the ten minutes, and deletes the raw rows it
-- moved. A snapshot therefore lies in exactly one of profile and profile_chunk; readers take the
-- union of both (storage/.../chunk/RawRows). A row arriving late for a compacted ten minutes is
-- stored in profile, unless the chunk already holds its (time, receipt), and the next
-- computation of the bucket moves it into the chunk.
--
-- Citus: distributed by series_id like profile; the unique key carries it.
CREATE TABLE profile_chunk (
    series_id bigint        NOT NULL,
    bucket    timestamptz   NOT NULL,
    tenant_id integer       NOT NULL,
    times     timestamptz[] NOT NULL,
    receipts  bigint[]      NOT NULL,
    totals    bigint[]      NOT NULL,
    payloads  bytea[]       NOT NULL
) PARTITION BY RANGE (bucket);
CREATE UNIQUE INDEX profile_chunk_series_bucket ON profile_chunk (series_id, bucket);
-- Chunks of one ten minutes are written together, so the rollup job finds a tenant's chunks of a
-- bucket for the cost of a few pages.
CREATE INDEX profile_chunk_bucket_brin ON profile_chunk USING brin (bucket);

DO $$
DECLARE
    day date;
BEGIN
    FOR day IN SELECT to_date(substring(c.relname FROM '[0-9]{8}$'), 'YYYYMMDD')
               FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
               WHERE i.inhparent = 'profile'::regclass AND c.relname ~ '^profile_p[0-9]{8}$'
    LOOP
        EXECUTE format('CREATE TABLE IF NOT EXISTS %I PARTITION OF profile_chunk FOR VALUES FROM (%L) TO (%L)',
                       'profile_chunk_p' || to_char(day, 'YYYYMMDD'), day::text || ' 00:00:00+00', (day + 1)::text || ' 00:00:00+00');
    END LOOP;
END
$$;
