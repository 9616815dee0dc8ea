-- People who sign in to the web console: a tenant's owners and members, and operators (no tenant).
-- One account per e-mail address (stored lower-cased), so signing in needs no tenant name.
CREATE TABLE console_user (
    id            UUID PRIMARY KEY,
    tenant_id     UUID REFERENCES tenant (id),
    email         VARCHAR(320) NOT NULL,
    role          VARCHAR(16)  NOT NULL,
    -- DelegatingPasswordEncoder's form, {id}hash; null until an invitation is accepted.
    password_hash VARCHAR(200),
    status        VARCHAR(16)  NOT NULL,
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT console_user_email UNIQUE (email),
    CONSTRAINT console_user_role CHECK (role IN ('OWNER', 'MEMBER', 'OPERATOR')),
    CONSTRAINT console_user_tenant CHECK ((role = 'OPERATOR') = (tenant_id IS NULL))
);
CREATE INDEX console_user_tenant ON console_user (tenant_id);

-- A signed-in browser. Only the cookie's hash is kept; any instance reads it (no sticky sessions).
CREATE TABLE console_session (
    id           UUID PRIMARY KEY,
    user_id      UUID        NOT NULL REFERENCES console_user (id) ON DELETE CASCADE,
    token_hash   VARCHAR(64) NOT NULL,
    address      VARCHAR(64),
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    last_seen_at TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT console_session_token UNIQUE (token_hash)
);
CREATE INDEX console_session_user ON console_session (user_id);

-- Single-use, expiring links sent by e-mail: an invitation (set a first password) or a password
-- reset. Only the link's hash is kept.
CREATE TABLE console_user_link (
    id         UUID PRIMARY KEY,
    user_id    UUID        NOT NULL REFERENCES console_user (id) ON DELETE CASCADE,
    purpose    VARCHAR(16) NOT NULL,
    token_hash VARCHAR(64) NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at TIMESTAMP WITH TIME ZONE NOT NULL,
    used_at    TIMESTAMP WITH TIME ZONE,
    CONSTRAINT console_user_link_token UNIQUE (token_hash)
);
CREATE INDEX console_user_link_user ON console_user_link (user_id);

-- Failed sign-ins, counted per account and per address over a window: shared by every instance.
CREATE TABLE console_sign_in_failure (
    id        UUID PRIMARY KEY,
    account   VARCHAR(320) NOT NULL,
    address   VARCHAR(64)  NOT NULL,
    failed_at TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX console_sign_in_failure_account ON console_sign_in_failure (account, failed_at);
CREATE INDEX console_sign_in_failure_address ON console_sign_in_failure (address, failed_at);
CREATE INDEX console_sign_in_failure_time ON console_sign_in_failure (failed_at);
