-- Transactional outbox: domain events are written with the change that caused them, and one
-- delivery row per interested subscriber, so each subscriber consumes them durably.
CREATE TABLE domain_event (
    id          UUID PRIMARY KEY,
    tenant_id   UUID         NOT NULL REFERENCES tenant (id),
    type        VARCHAR(100) NOT NULL,
    subject_id  UUID,
    payload     TEXT         NOT NULL,
    occurred_at TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX domain_event_tenant ON domain_event (tenant_id, occurred_at);

CREATE TABLE event_delivery (
    event_id        UUID         NOT NULL REFERENCES domain_event (id) ON DELETE CASCADE,
    subscriber      VARCHAR(100) NOT NULL,
    status          VARCHAR(20)  NOT NULL,
    attempts        INTEGER      NOT NULL,
    next_attempt_at TIMESTAMP WITH TIME ZONE NOT NULL,
    locked_until    TIMESTAMP WITH TIME ZONE,
    claim_token     UUID,
    delivered_at    TIMESTAMP WITH TIME ZONE,
    last_error      VARCHAR(2000),
    PRIMARY KEY (event_id, subscriber)
);
CREATE INDEX event_delivery_due ON event_delivery (status, next_attempt_at);
