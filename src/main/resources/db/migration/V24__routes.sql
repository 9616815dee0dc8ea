-- Routes and connectors. A route file serves every tenant; what differs per tenant is an
-- installation row. Each (installation, triggering event) is one run, worked like the inbox
-- (leased, retried with backoff, dead after N attempts, replayable).
CREATE TABLE route_installation (
    id          UUID PRIMARY KEY,
    tenant_id   UUID         NOT NULL REFERENCES tenant (id),
    route_id    VARCHAR(200) NOT NULL,
    name        VARCHAR(200),
    parameters  TEXT         NOT NULL,
    status      VARCHAR(20)  NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at  TIMESTAMP WITH TIME ZONE NOT NULL
);
-- Fan-out asks: the active installations of these routes for this tenant.
CREATE INDEX route_installation_route ON route_installation (route_id, tenant_id, status);
CREATE INDEX route_installation_tenant ON route_installation (tenant_id, id);

CREATE TABLE route_run (
    id              UUID PRIMARY KEY,
    tenant_id       UUID          NOT NULL REFERENCES tenant (id),
    installation_id UUID          NOT NULL REFERENCES route_installation (id),
    route_id        VARCHAR(200)  NOT NULL,
    trigger_type    VARCHAR(100)  NOT NULL,
    trigger_id      UUID          NOT NULL,
    triggered_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    payload         TEXT          NOT NULL,
    status          VARCHAR(20)   NOT NULL,
    attempts        INTEGER       NOT NULL,
    next_attempt_at TIMESTAMP WITH TIME ZONE NOT NULL,
    locked_until    TIMESTAMP WITH TIME ZONE,
    claim_token     UUID,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    finished_at     TIMESTAMP WITH TIME ZONE,
    duration_ms     BIGINT,
    last_error      VARCHAR(4000),
    -- One run per installation and triggering event, however often the trigger is delivered.
    CONSTRAINT route_run_once UNIQUE (installation_id, trigger_id)
);
CREATE INDEX route_run_due ON route_run (status, next_attempt_at);
CREATE INDEX route_run_installation ON route_run (installation_id, id);

-- What each step of each run did: the unique key makes every Passerelle action exactly once.
CREATE TABLE route_effect (
    installation_id UUID          NOT NULL REFERENCES route_installation (id),
    trigger_id      UUID          NOT NULL,
    step            VARCHAR(200)  NOT NULL,
    tenant_id       UUID          NOT NULL,
    result          TEXT          NOT NULL,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (installation_id, trigger_id, step)
);
