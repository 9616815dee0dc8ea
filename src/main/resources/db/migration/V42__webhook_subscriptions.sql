-- Outbound webhooks (REST hooks): a tenant's subscriptions to event types; each event's body as
-- sent, written once however many subscriptions it goes to; one delivery per (subscription,
-- event) with its retry schedule; and every attempt, for the delivery log.
CREATE TABLE webhook_subscription (
    id             UUID PRIMARY KEY,
    tenant_id      UUID          NOT NULL REFERENCES tenant (id),
    event_type     VARCHAR(100)  NOT NULL,
    target_url     VARCHAR(2000) NOT NULL,
    secret_id      UUID          NOT NULL REFERENCES secret (id),
    -- The API key that subscribed: "Unlink Zapier" deletes the subscriptions its keys made.
    api_key_id     UUID,
    status         VARCHAR(20)   NOT NULL,
    -- The first failed attempt since the last success (null while healthy): five days of that disables it.
    failing_since  TIMESTAMP WITH TIME ZONE,
    disabled_at    TIMESTAMP WITH TIME ZONE,
    created_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at     TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX webhook_subscription_tenant ON webhook_subscription (tenant_id, event_type, status);
CREATE INDEX webhook_subscription_status ON webhook_subscription (status, event_type);

CREATE TABLE webhook_message (
    event_id    UUID PRIMARY KEY,
    tenant_id   UUID          NOT NULL,
    event_type  VARCHAR(100)  NOT NULL,
    body        TEXT          NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX webhook_message_created ON webhook_message (created_at);

CREATE TABLE webhook_delivery (
    id               UUID PRIMARY KEY,
    subscription_id  UUID         NOT NULL REFERENCES webhook_subscription (id) ON DELETE CASCADE,
    tenant_id        UUID         NOT NULL,
    event_id         UUID         NOT NULL REFERENCES webhook_message (event_id),
    status           VARCHAR(20)  NOT NULL,
    attempts         INTEGER      NOT NULL,
    next_attempt_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    claim_token      UUID,
    locked_until     TIMESTAMP WITH TIME ZONE,
    last_status_code INTEGER,
    last_error       VARCHAR(2000),
    created_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    finished_at      TIMESTAMP WITH TIME ZONE,
    CONSTRAINT webhook_delivery_once UNIQUE (subscription_id, event_id)
);
CREATE INDEX webhook_delivery_due ON webhook_delivery (status, next_attempt_at);
CREATE INDEX webhook_delivery_log ON webhook_delivery (subscription_id, id);
CREATE INDEX webhook_delivery_event ON webhook_delivery (event_id);

CREATE TABLE webhook_attempt (
    delivery_id   UUID          NOT NULL REFERENCES webhook_delivery (id) ON DELETE CASCADE,
    attempt       INTEGER       NOT NULL,
    attempted_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    status_code   INTEGER,
    latency_ms    INTEGER       NOT NULL,
    error         VARCHAR(2000),
    PRIMARY KEY (delivery_id, attempt)
);

-- A trigger's recent items and its polling read one tenant's events of one type, newest first.
CREATE INDEX domain_event_type_seq ON domain_event (tenant_id, type, seq);

-- The shop order as stored, for the shop.order_received trigger: what the last applied delivery
-- said, and when the order was first seen.
ALTER TABLE woo_order ADD COLUMN number VARCHAR(40);
ALTER TABLE woo_order ADD COLUMN currency VARCHAR(3);
ALTER TABLE woo_order ADD COLUMN total VARCHAR(40);
ALTER TABLE woo_order ADD COLUMN billing_email VARCHAR(320);
ALTER TABLE woo_order ADD COLUMN received_at TIMESTAMP WITH TIME ZONE;
