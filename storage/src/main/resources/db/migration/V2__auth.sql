-- Tenants' limits and API tokens: small metadata, read through JPA (and a cache) off the hot path.

-- Per-tenant limits; NULL means the service-wide default applies.
ALTER TABLE tenant
    ADD COLUMN ingest_profiles_per_second double precision CHECK (ingest_profiles_per_second > 0),
    ADD COLUMN ingest_bytes_per_second    bigint           CHECK (ingest_bytes_per_second > 0),
    ADD COLUMN max_series                 bigint           CHECK (max_series > 0),
    ADD COLUMN query_concurrency          integer          CHECK (query_concurrency > 0);

-- A token's text is pyro_<public_id>_<secret>; only SHA-256 of the secret is kept.
CREATE TABLE api_tokens (
    public_id     text        PRIMARY KEY CHECK (public_id ~ '^[A-Za-z0-9]{12}$'),
    name          text        NOT NULL,
    secret_sha256 bytea       NOT NULL CHECK (length(secret_sha256) = 32),
    all_tenants   boolean     NOT NULL DEFAULT false,
    scopes        text        NOT NULL CHECK (scopes ~ '^(push|read|admin)(,(push|read|admin))*$'),
    created_at    timestamptz NOT NULL,
    expires_at    timestamptz,
    last_used_at  timestamptz,
    revoked_at    timestamptz
);

-- The tenants a token may use (none for all_tenants tokens).
CREATE TABLE api_token_tenants (
    public_id text NOT NULL REFERENCES api_tokens (public_id) ON DELETE CASCADE,
    tenant    text NOT NULL REFERENCES tenant (name),
    PRIMARY KEY (public_id, tenant)
);
CREATE INDEX api_token_tenants_by_tenant ON api_token_tenants (tenant);
