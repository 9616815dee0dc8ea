-- Passerelle as an OAuth2 authorization server (authserver): Spring Authorization Server's own
-- tables, read and written by its JdbcOAuth2AuthorizationService and JdbcOAuth2AuthorizationConsentService
-- (column names as theirs), so grants survive a restart and every instance sees them.
-- Differences from Spring's reference schema, on purpose:
--  * token values hold "sha256:" + the hex SHA-256 of the token (authserver.HashedAuthorizations),
--    never the token, so they fit a VARCHAR and can be indexed (the lookups are by value);
--  * JSON (attributes, metadata) is TEXT, which H2 and PostgreSQL both have (no BLOB in PostgreSQL);
--  * instants are TIMESTAMP WITH TIME ZONE, as everywhere else here;
--  * created_at, for the hourly purge of what can no longer be used (authserver.GrantPurge).
-- principal_name is the id of the console user who consented: the tenant comes from that user.
CREATE TABLE oauth2_authorization (
    id                            VARCHAR(100) PRIMARY KEY,
    registered_client_id          VARCHAR(100) NOT NULL,
    principal_name                VARCHAR(200) NOT NULL,
    authorization_grant_type      VARCHAR(100) NOT NULL,
    authorized_scopes             VARCHAR(1000),
    attributes                    TEXT,
    state                         VARCHAR(500),
    authorization_code_value      VARCHAR(100),
    authorization_code_issued_at  TIMESTAMP WITH TIME ZONE,
    authorization_code_expires_at TIMESTAMP WITH TIME ZONE,
    authorization_code_metadata   TEXT,
    access_token_value            VARCHAR(100),
    access_token_issued_at        TIMESTAMP WITH TIME ZONE,
    access_token_expires_at       TIMESTAMP WITH TIME ZONE,
    access_token_metadata         TEXT,
    access_token_type             VARCHAR(100),
    access_token_scopes           VARCHAR(1000),
    oidc_id_token_value           VARCHAR(100),
    oidc_id_token_issued_at       TIMESTAMP WITH TIME ZONE,
    oidc_id_token_expires_at      TIMESTAMP WITH TIME ZONE,
    oidc_id_token_metadata        TEXT,
    refresh_token_value           VARCHAR(100),
    refresh_token_issued_at       TIMESTAMP WITH TIME ZONE,
    refresh_token_expires_at      TIMESTAMP WITH TIME ZONE,
    refresh_token_metadata        TEXT,
    user_code_value               VARCHAR(100),
    user_code_issued_at           TIMESTAMP WITH TIME ZONE,
    user_code_expires_at          TIMESTAMP WITH TIME ZONE,
    user_code_metadata            TEXT,
    device_code_value             VARCHAR(100),
    device_code_issued_at         TIMESTAMP WITH TIME ZONE,
    device_code_expires_at        TIMESTAMP WITH TIME ZONE,
    device_code_metadata          TEXT,
    -- Not Spring's: set by the database when Spring inserts the row, so that abandoned requests
    -- (never consented, code never exchanged), which carry no other date, can be purged.
    created_at                    TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL
);
-- Every API call looks its access token up; the token endpoint its code or refresh token; a
-- revocation (type unknown) tries every token column at once, so each one is indexed.
CREATE INDEX oauth2_authorization_state ON oauth2_authorization (state);
CREATE INDEX oauth2_authorization_code ON oauth2_authorization (authorization_code_value);
CREATE INDEX oauth2_authorization_access ON oauth2_authorization (access_token_value);
CREATE INDEX oauth2_authorization_refresh ON oauth2_authorization (refresh_token_value);
CREATE INDEX oauth2_authorization_id_token ON oauth2_authorization (oidc_id_token_value);
CREATE INDEX oauth2_authorization_user_code ON oauth2_authorization (user_code_value);
CREATE INDEX oauth2_authorization_device_code ON oauth2_authorization (device_code_value);
CREATE INDEX oauth2_authorization_created ON oauth2_authorization (created_at);
-- Unlinking finds a client's grants by the users who gave them.
CREATE INDEX oauth2_authorization_principal ON oauth2_authorization (registered_client_id, principal_name);

CREATE TABLE oauth2_authorization_consent (
    registered_client_id VARCHAR(100)  NOT NULL,
    principal_name       VARCHAR(200)  NOT NULL,
    authorities          VARCHAR(1000) NOT NULL,
    PRIMARY KEY (registered_client_id, principal_name)
);
