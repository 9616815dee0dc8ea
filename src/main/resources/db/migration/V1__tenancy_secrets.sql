-- One schema for PostgreSQL and for H2 in PostgreSQL mode: keep to the types both know.

CREATE TABLE tenant (
    id           UUID PRIMARY KEY,
    name         VARCHAR(200) NOT NULL,
    status       VARCHAR(20)  NOT NULL,
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    suspended_at TIMESTAMP WITH TIME ZONE
);

CREATE TABLE api_key (
    id           UUID PRIMARY KEY,
    tenant_id    UUID         NOT NULL REFERENCES tenant (id),
    name         VARCHAR(200) NOT NULL,
    prefix       VARCHAR(16)  NOT NULL,
    key_hash     VARCHAR(64)  NOT NULL,
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    last_used_at TIMESTAMP WITH TIME ZONE,
    revoked_at   TIMESTAMP WITH TIME ZONE,
    CONSTRAINT api_key_hash_unique UNIQUE (key_hash)
);
CREATE INDEX api_key_tenant ON api_key (tenant_id);

-- Every secret of every feature lives here, AES-256-GCM encrypted. The associated data binds
-- a value to (tenant, row, purpose), so a ciphertext copied elsewhere does not decrypt.
CREATE TABLE secret (
    id         UUID PRIMARY KEY,
    tenant_id  UUID         NOT NULL REFERENCES tenant (id),
    purpose    VARCHAR(100) NOT NULL,
    key_id     VARCHAR(32)  NOT NULL,
    nonce      BYTEA        NOT NULL,
    ciphertext BYTEA        NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX secret_key_id ON secret (key_id);
CREATE INDEX secret_tenant ON secret (tenant_id);
