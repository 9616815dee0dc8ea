-- Connected accounts (OAuth2). Tokens are not here: one secret per account in the secret store
-- (AES-256-GCM, bound to the tenant, the secret row and a purpose naming the account).
CREATE TABLE connected_account (
    id                UUID PRIMARY KEY,
    tenant_id         UUID          NOT NULL REFERENCES tenant (id),
    provider          VARCHAR(40)   NOT NULL,
    purpose           VARCHAR(20)   NOT NULL,
    subject           VARCHAR(255)  NOT NULL,
    email             VARCHAR(320),
    scopes            VARCHAR(2000) NOT NULL,
    status            VARCHAR(20)   NOT NULL,
    token_secret      UUID          NOT NULL,
    access_expires_at TIMESTAMP WITH TIME ZONE,
    refreshable       BOOLEAN       NOT NULL,
    -- A refresh in progress holds the row until then, so one instance refreshes it at a time.
    refresh_locked_until TIMESTAMP WITH TIME ZONE,
    last_error        VARCHAR(1000),
    needs_reconnect_since TIMESTAMP WITH TIME ZONE,
    -- The hash of the link in the reconnect email (the link itself is only in that email).
    reconnect_token_hash  VARCHAR(64),
    connected_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    refreshed_at      TIMESTAMP WITH TIME ZONE,
    updated_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT connected_account_identity UNIQUE (tenant_id, provider, purpose, subject)
);
CREATE INDEX connected_account_due ON connected_account (status, access_expires_at);

-- A connect begun and not yet come back: the state's hash (the state itself travels only in the
-- browser), the tenant it binds to, and the PKCE verifier in the secret store.
CREATE TABLE account_authorization (
    state_hash      VARCHAR(64)   PRIMARY KEY,
    tenant_id       UUID          NOT NULL REFERENCES tenant (id),
    provider        VARCHAR(40)   NOT NULL,
    purpose         VARCHAR(20)   NOT NULL,
    scopes          VARCHAR(2000) NOT NULL,
    verifier_secret UUID          NOT NULL,
    account_id      UUID,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at      TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX account_authorization_expiry ON account_authorization (expires_at);
CREATE UNIQUE INDEX connected_account_reconnect ON connected_account (reconnect_token_hash);
