-- WooCommerce shop connections. The delivery URL's token is looked up by its hash; the token
-- itself, the webhook secret and the shop's REST API keys live in the secret store.
CREATE TABLE woo_connection (
    id                     UUID PRIMARY KEY,
    tenant_id              UUID          NOT NULL REFERENCES tenant (id),
    name                   VARCHAR(200)  NOT NULL,
    shop_url               VARCHAR(500)  NOT NULL,
    status                 VARCHAR(20)   NOT NULL,
    token_hash             VARCHAR(80)   NOT NULL,
    token_secret_id        UUID REFERENCES secret (id),
    secret_id              UUID REFERENCES secret (id),
    -- After a rotation the previous secret is still accepted for a while, so deliveries signed
    -- before the shop owner pasted the new one do not fail (and do not get the webhook disabled).
    previous_secret_id     UUID REFERENCES secret (id),
    previous_secret_until  TIMESTAMP WITH TIME ZONE,
    consumer_key_id        UUID REFERENCES secret (id),
    consumer_secret_id     UUID REFERENCES secret (id),
    settings               TEXT          NOT NULL,
    webhooks               TEXT,
    webhooks_checked_at    TIMESTAMP WITH TIME ZONE,
    recovery_cursor        TIMESTAMP WITH TIME ZONE,
    recovery_run_at        TIMESTAMP WITH TIME ZONE,
    recovery_error         VARCHAR(2000),
    last_ping_at           TIMESTAMP WITH TIME ZONE,
    last_delivery_at       TIMESTAMP WITH TIME ZONE,
    created_at             TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at             TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT woo_connection_token_unique UNIQUE (token_hash)
);
CREATE INDEX woo_connection_tenant ON woo_connection (tenant_id, id);

-- One row per (connection, shop order): the lock that serialises every worker handling the
-- same order, and the last order state applied, so an older delivery never undoes a newer one.
CREATE TABLE woo_order (
    connection_id   UUID         NOT NULL REFERENCES woo_connection (id),
    order_id        VARCHAR(40)  NOT NULL,
    tenant_id       UUID         NOT NULL,
    last_status     VARCHAR(40),
    last_modified   VARCHAR(40),
    document_id     UUID,
    updated_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (connection_id, order_id)
);
