-- Actions called over HTTP (POST /api/v1/actions/{block}) with an Idempotency-Key: one row per
-- (tenant, key) decides which of two identical requests acts; the others answer its response.
-- Kept 24 hours (an hourly purge; an older row counts as absent).
CREATE TABLE action_request (
    tenant_id       UUID          NOT NULL REFERENCES tenant (id),
    idempotency_key VARCHAR(200)  NOT NULL,
    block           VARCHAR(100)  NOT NULL,
    request_hash    VARCHAR(64)   NOT NULL,
    status          VARCHAR(20)   NOT NULL,
    response        TEXT,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (tenant_id, idempotency_key)
);
CREATE INDEX action_request_created ON action_request (created_at);
