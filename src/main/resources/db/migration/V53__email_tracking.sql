-- Email tracking: delivered (delivery status notifications, providers' events), opened (a
-- one-pixel image, per tenant and off by default), dropped (the suppression list) and the
-- sender told once per document and reason when an email does not arrive.

ALTER TABLE email ADD COLUMN delivered_at TIMESTAMP WITH TIME ZONE;
-- The server that reported the delivery (a DSN's Remote-MTA or Reporting-MTA, a provider's MX).
ALTER TABLE email ADD COLUMN delivered_by VARCHAR(300);
-- The pixel's URL token: 256 random bits, only for emails sent while open tracking was on.
ALTER TABLE email ADD COLUMN open_token VARCHAR(64);
ALTER TABLE email ADD COLUMN opened_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE email ADD COLUMN last_opened_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE email ADD COLUMN open_count INTEGER DEFAULT 0 NOT NULL;
-- What the message said it came from, as handed to the server.
ALTER TABLE email ADD COLUMN sent_from VARCHAR(400);
ALTER TABLE email ADD COLUMN sent_reply_to VARCHAR(400);
CREATE UNIQUE INDEX email_open_token ON email (open_token);

-- Per-tenant tracking settings (a table of its own: the sender settings are rewritten whole).
CREATE TABLE mail_tracking (
    tenant_id   UUID PRIMARY KEY REFERENCES tenant (id),
    track_opens BOOLEAN NOT NULL,
    updated_at  TIMESTAMP WITH TIME ZONE NOT NULL
);

-- Addresses a tenant's emails are no longer sent to: a hard bounce or a complaint put them here.
-- The first reason stays (the primary key decides); removing the row through the API lifts it.
CREATE TABLE mail_suppression (
    tenant_id  UUID         NOT NULL REFERENCES tenant (id),
    address    VARCHAR(320) NOT NULL,
    reason     VARCHAR(20)  NOT NULL,
    detail     VARCHAR(2000),
    email_id   UUID,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (tenant_id, address)
);
