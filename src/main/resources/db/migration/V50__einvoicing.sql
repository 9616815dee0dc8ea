-- E-invoicing: per-tenant settings (Factur-X PDFs, Peppol delivery through an access point whose
-- API key lives in the secret store), per-client Peppol ids, and the Peppol outbox: one row per
-- document sent, claimed by workers with FOR UPDATE SKIP LOCKED and retried from the database.

CREATE TABLE einvoicing_settings (
    tenant_id          UUID PRIMARY KEY REFERENCES tenant (id),
    factur_x           BOOLEAN      NOT NULL,
    peppol_delivery    VARCHAR(20)  NOT NULL,
    access_point_url   VARCHAR(500),
    access_point_key   UUID,
    smp_url            VARCHAR(500),
    updated_at         TIMESTAMP WITH TIME ZONE NOT NULL
);

-- A client's Peppol id (set, or derived and confirmed by an SMP lookup) and how it gets documents.
CREATE TABLE einvoicing_client (
    tenant_id      UUID         NOT NULL REFERENCES tenant (id),
    client_id      UUID         NOT NULL,
    peppol_id      VARCHAR(200),
    delivery       VARCHAR(20)  NOT NULL,
    smp_checked_at TIMESTAMP WITH TIME ZONE,
    smp_found      BOOLEAN,
    updated_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (tenant_id, client_id)
);

-- One transmission per document: the unique key makes a second send (a crash, a retry, two
-- workers) find the first instead of sending twice.
CREATE TABLE peppol_transmission (
    id              UUID PRIMARY KEY,
    tenant_id       UUID          NOT NULL REFERENCES tenant (id),
    document_id     UUID          NOT NULL,
    receiver        VARCHAR(200)  NOT NULL,
    status          VARCHAR(20)   NOT NULL,
    attempts        INTEGER       NOT NULL,
    next_attempt_at TIMESTAMP WITH TIME ZONE,
    locked_until    TIMESTAMP WITH TIME ZONE,
    message_id      VARCHAR(200),
    reason          VARCHAR(2000),
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT peppol_transmission_once UNIQUE (tenant_id, document_id)
);
CREATE INDEX peppol_transmission_due ON peppol_transmission (status, next_attempt_at);
