-- Automations: tenant-built rules run by one fixed set of routes. A run is one (automation,
-- triggering event), due at its scheduled time, claimed by any instance, retried with backoff.
CREATE TABLE automation (
    id               UUID PRIMARY KEY,
    tenant_id        UUID          NOT NULL REFERENCES tenant (id),
    name             VARCHAR(200)  NOT NULL,
    trigger_type     VARCHAR(100)  NOT NULL,
    definition       TEXT          NOT NULL,
    once_per_contact BOOLEAN       NOT NULL,
    active           BOOLEAN       NOT NULL,
    deleted          BOOLEAN       NOT NULL,
    created_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at       TIMESTAMP WITH TIME ZONE NOT NULL
);
-- Matching an event: the tenant's active automations for its type.
CREATE INDEX automation_match ON automation (tenant_id, trigger_type, active);
CREATE INDEX automation_type ON automation (trigger_type, active);

CREATE TABLE automation_run (
    id              UUID PRIMARY KEY,
    tenant_id       UUID          NOT NULL REFERENCES tenant (id),
    automation_id   UUID          NOT NULL REFERENCES automation (id),
    event_id        UUID          NOT NULL,
    event_type      VARCHAR(100)  NOT NULL,
    subject_id      UUID,
    client_id       UUID,
    payload         TEXT          NOT NULL,
    occurred_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    status          VARCHAR(20)   NOT NULL,
    attempts        INTEGER       NOT NULL,
    due_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    next_attempt_at TIMESTAMP WITH TIME ZONE NOT NULL,
    locked_until    TIMESTAMP WITH TIME ZONE,
    claim_token     UUID,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    executed_at     TIMESTAMP WITH TIME ZONE,
    outcome         TEXT,
    last_error      VARCHAR(4000),
    -- One run per automation and triggering event, however often the event is delivered.
    CONSTRAINT automation_run_once UNIQUE (automation_id, event_id)
);
CREATE INDEX automation_run_due ON automation_run (status, next_attempt_at);
CREATE INDEX automation_run_history ON automation_run (automation_id, created_at);

-- "Only once per contact": the first run to claim (automation, client) is the only one that acts.
CREATE TABLE automation_contact (
    automation_id UUID NOT NULL REFERENCES automation (id),
    client_id     UUID NOT NULL,
    tenant_id     UUID NOT NULL,
    run_id        UUID NOT NULL,
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (automation_id, client_id)
);

-- What each action of each run did: a retried or replayed run skips what it has done.
CREATE TABLE automation_effect (
    run_id     UUID          NOT NULL REFERENCES automation_run (id),
    step       INTEGER       NOT NULL,
    tenant_id  UUID          NOT NULL,
    block      VARCHAR(100)  NOT NULL,
    result     TEXT          NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (run_id, step)
);
