-- Pyrometer storage layout. Units: times are timestamptz (microsecond precision), totals and
-- payload values are in the profile type's sample unit.
--
-- Citus: every large table carries a distribution column. Dictionaries (function, frame, stack)
-- are keyed by tenant_id; profile and rollup rows by series_id. No hot-path query joins across them:
-- the writer and reader resolve symbols through JVM caches and per-tenant lookups.

CREATE TABLE tenant (
    id         integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name       text        NOT NULL UNIQUE,
    created_at timestamptz NOT NULL DEFAULT now()
);

-- One series: (tenant, profile type, label set). series_key is the profile type id followed by the
-- label set in its canonical text form; it makes the natural key collision-free.
CREATE TABLE series (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id    integer     NOT NULL REFERENCES tenant (id),
    profile_type text        NOT NULL,
    service_name text        NOT NULL,
    labels       jsonb       NOT NULL,
    series_key   text        NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    UNIQUE (tenant_id, series_key)
);
CREATE INDEX series_by_service ON series (tenant_id, service_name, profile_type);

-- Symbol dictionaries, deduplicated by a 64-bit content hash per tenant.
CREATE TABLE symbol_function (
    tenant_id integer NOT NULL,
    id        bigint GENERATED ALWAYS AS IDENTITY,
    hash      bigint  NOT NULL,
    name      text    NOT NULL,
    file      text    NOT NULL,
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, hash)
);

-- A frame is one line executing in one function; an inlined call is a frame of its own.
CREATE TABLE symbol_frame (
    tenant_id   integer NOT NULL,
    id          bigint GENERATED ALWAYS AS IDENTITY,
    hash        bigint  NOT NULL,
    function_id bigint  NOT NULL,
    line        bigint  NOT NULL,
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, hash)
);

-- A stack lists frame ids, leaf first.
CREATE TABLE symbol_stack (
    tenant_id integer  NOT NULL,
    id        bigint GENERATED ALWAYS AS IDENTITY,
    hash      bigint   NOT NULL,
    frame_ids bigint[] NOT NULL,
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, hash)
);

-- Raw tier: one row per series snapshot. payload is the packed stack-id/value list (see
-- PayloadCodec); total is the sum of its values so timelines never decode payloads. receipt is a
-- 64-bit hash of the sender's idempotency id: the unique index makes a retried push store nothing.
-- Partitioned by day; retention drops whole partitions.
CREATE TABLE profile (
    series_id bigint      NOT NULL,
    time      timestamptz NOT NULL,
    receipt   bigint      NOT NULL,
    total     bigint      NOT NULL,
    tenant_id integer     NOT NULL,
    payload   bytea       NOT NULL
) PARTITION BY RANGE (time);
CREATE UNIQUE INDEX profile_series_time ON profile (series_id, time, receipt);
-- Rows arrive nearly in time order, so a BRIN index finds a minute's rows for the rollup job at
-- a cost of a few pages per partition.
CREATE INDEX profile_time_brin ON profile USING brin (time);

-- Rollup tiers: the merged payload of all raw snapshots of one series in one bucket, with the
-- number of snapshots merged so that instant types can be averaged.
CREATE TABLE rollup_minute (
    series_id bigint      NOT NULL,
    bucket    timestamptz NOT NULL,
    snapshots integer     NOT NULL,
    tenant_id integer     NOT NULL,
    total     bigint      NOT NULL,
    payload   bytea       NOT NULL
) PARTITION BY RANGE (bucket);
CREATE UNIQUE INDEX rollup_minute_series_bucket ON rollup_minute (series_id, bucket);
CREATE INDEX rollup_minute_bucket_brin ON rollup_minute USING brin (bucket);

CREATE TABLE rollup_hour (
    series_id bigint      NOT NULL,
    bucket    timestamptz NOT NULL,
    snapshots integer     NOT NULL,
    tenant_id integer     NOT NULL,
    total     bigint      NOT NULL,
    payload   bytea       NOT NULL,
    PRIMARY KEY (series_id, bucket)
);
CREATE INDEX rollup_hour_bucket ON rollup_hour (bucket);

CREATE TABLE rollup_day (
    series_id bigint      NOT NULL,
    bucket    timestamptz NOT NULL,
    snapshots integer     NOT NULL,
    tenant_id integer     NOT NULL,
    total     bigint      NOT NULL,
    payload   bytea       NOT NULL,
    PRIMARY KEY (series_id, bucket)
);

-- Buckets whose rollup is missing or stale. The writer marks the minute of every row it stores
-- (in the same transaction); the rollup job recomputes a marked bucket, clears the mark and marks
-- the enclosing bucket of the next tier. A query may use a rollup only for unmarked buckets.
-- tier: 1 = minute, 2 = hour, 3 = day.
CREATE TABLE rollup_pending (
    tenant_id integer     NOT NULL,
    tier      smallint    NOT NULL,
    bucket    timestamptz NOT NULL,
    marked_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tier, bucket, tenant_id)
);
