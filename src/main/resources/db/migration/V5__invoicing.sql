-- Clients, products, documents. Money is NUMERIC(19,4) in storage and BigDecimal at the
-- currency's scale in code.

CREATE TABLE company_profile (
    tenant_id  UUID PRIMARY KEY REFERENCES tenant (id),
    profile    TEXT  NOT NULL,
    logo_png   BYTEA,
    updated_at TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE TABLE client (
    id               UUID PRIMARY KEY,
    tenant_id        UUID         NOT NULL REFERENCES tenant (id),
    name             VARCHAR(300) NOT NULL,
    company          VARCHAR(300),
    emails           VARCHAR(1000) NOT NULL,
    phone            VARCHAR(60),
    billing_address  TEXT,
    shipping_address TEXT,
    vat_number       VARCHAR(60),
    language         VARCHAR(5),
    created_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at       TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX client_tenant ON client (tenant_id, id);

-- One client per e-mail address per tenant: the constraint that keeps a returning buyer
-- from becoming a second client, even when two workers see the buyer at once.
CREATE TABLE client_email (
    tenant_id UUID         NOT NULL,
    email     VARCHAR(320) NOT NULL,
    client_id UUID         NOT NULL REFERENCES client (id) ON DELETE CASCADE,
    PRIMARY KEY (tenant_id, email)
);
CREATE INDEX client_email_client ON client_email (client_id);

CREATE TABLE client_ref (
    tenant_id     UUID         NOT NULL,
    source        VARCHAR(40)  NOT NULL,
    connection_id UUID         NOT NULL,
    external_id   VARCHAR(200) NOT NULL,
    client_id     UUID         NOT NULL REFERENCES client (id) ON DELETE CASCADE,
    PRIMARY KEY (tenant_id, source, connection_id, external_id)
);
CREATE INDEX client_ref_client ON client_ref (client_id);

CREATE TABLE product (
    id         UUID PRIMARY KEY,
    tenant_id  UUID          NOT NULL REFERENCES tenant (id),
    name       VARCHAR(300)  NOT NULL,
    sku        VARCHAR(100),
    unit_price NUMERIC(19, 4),
    currency   VARCHAR(3),
    tax_rate   NUMERIC(7, 4),
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT product_sku_unique UNIQUE (tenant_id, sku)
);

CREATE TABLE product_ref (
    tenant_id     UUID         NOT NULL,
    source        VARCHAR(40)  NOT NULL,
    connection_id UUID         NOT NULL,
    external_id   VARCHAR(200) NOT NULL,
    product_id    UUID         NOT NULL REFERENCES product (id) ON DELETE CASCADE,
    PRIMARY KEY (tenant_id, source, connection_id, external_id)
);

CREATE TABLE document (
    id                 UUID PRIMARY KEY,
    tenant_id          UUID         NOT NULL REFERENCES tenant (id),
    kind               VARCHAR(30)  NOT NULL,
    status             VARCHAR(20)  NOT NULL,
    number             VARCHAR(60),
    client_id          UUID         NOT NULL REFERENCES client (id),
    client_snapshot    TEXT         NOT NULL,
    currency           VARCHAR(3)   NOT NULL,
    prices_include_tax BOOLEAN      NOT NULL,
    total_net          NUMERIC(19, 4) NOT NULL,
    total_tax          NUMERIC(19, 4) NOT NULL,
    total              NUMERIC(19, 4) NOT NULL,
    amount_paid        NUMERIC(19, 4) NOT NULL,
    customer_note      TEXT,
    internal_note      TEXT,
    issue_date         DATE,
    due_date           DATE,
    language           VARCHAR(5)   NOT NULL,
    ext_source         VARCHAR(40),
    ext_connection     UUID,
    ext_id             VARCHAR(200),
    credit_note_for    UUID REFERENCES document (id),
    public_token       VARCHAR(64)  NOT NULL,
    viewed_at          TIMESTAMP WITH TIME ZONE,
    overdue_at         TIMESTAMP WITH TIME ZONE,
    created_at         TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at         TIMESTAMP WITH TIME ZONE NOT NULL,
    -- One document per (tenant, kind, source order): NULL parts are distinct, so only
    -- documents made from an external record are constrained.
    CONSTRAINT document_external_unique UNIQUE (tenant_id, kind, ext_source, ext_connection, ext_id),
    CONSTRAINT document_number_unique UNIQUE (tenant_id, kind, number),
    CONSTRAINT document_one_credit_note UNIQUE (credit_note_for),
    CONSTRAINT document_public_token_unique UNIQUE (public_token)
);
CREATE INDEX document_tenant ON document (tenant_id, id);
CREATE INDEX document_due ON document (status, due_date);

CREATE TABLE document_line (
    document_id UUID          NOT NULL REFERENCES document (id) ON DELETE CASCADE,
    position    INTEGER       NOT NULL,
    type        VARCHAR(20)   NOT NULL,
    description VARCHAR(1000) NOT NULL,
    sku         VARCHAR(100),
    product_id  UUID,
    quantity    NUMERIC(19, 4) NOT NULL,
    unit_price  NUMERIC(19, 4) NOT NULL,
    discount    NUMERIC(19, 4) NOT NULL,
    tax_rate    NUMERIC(7, 4)  NOT NULL,
    tax_label   VARCHAR(100),
    net         NUMERIC(19, 4) NOT NULL,
    tax         NUMERIC(19, 4) NOT NULL,
    gross       NUMERIC(19, 4) NOT NULL,
    PRIMARY KEY (document_id, position)
);

CREATE TABLE document_history (
    id          BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    document_id UUID         NOT NULL REFERENCES document (id) ON DELETE CASCADE,
    at          TIMESTAMP WITH TIME ZONE NOT NULL,
    action      VARCHAR(40)  NOT NULL,
    from_status VARCHAR(20),
    to_status   VARCHAR(20)  NOT NULL,
    actor       VARCHAR(100) NOT NULL,
    detail      VARCHAR(2000)
);
CREATE INDEX document_history_document ON document_history (document_id);

CREATE TABLE document_payment (
    id          UUID PRIMARY KEY,
    document_id UUID           NOT NULL REFERENCES document (id) ON DELETE CASCADE,
    amount      NUMERIC(19, 4) NOT NULL,
    paid_on     DATE           NOT NULL,
    method      VARCHAR(100),
    reference   VARCHAR(200),
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL
);

-- Numbering: the row lock on a sequence row is what makes numbers gapless under concurrency.
CREATE TABLE numbering_format (
    tenant_id    UUID         NOT NULL REFERENCES tenant (id),
    kind         VARCHAR(30)  NOT NULL,
    template     VARCHAR(100) NOT NULL,
    yearly_reset BOOLEAN      NOT NULL,
    PRIMARY KEY (tenant_id, kind)
);

CREATE TABLE document_sequence (
    tenant_id  UUID        NOT NULL REFERENCES tenant (id),
    kind       VARCHAR(30) NOT NULL,
    period     VARCHAR(10) NOT NULL,
    next_value BIGINT      NOT NULL,
    PRIMARY KEY (tenant_id, kind, period)
);
