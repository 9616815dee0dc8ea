-- PEPPOL_INSTEAD_OF_EMAIL (23 characters) did not fit the 20 the delivery columns had: saving it
-- failed. Room for longer choices too.
ALTER TABLE einvoicing_settings ALTER COLUMN peppol_delivery SET DATA TYPE VARCHAR(40);
ALTER TABLE einvoicing_client ALTER COLUMN delivery SET DATA TYPE VARCHAR(40);

-- The sender's name and Reply-To an email chose for itself (the send-email action's fromName and
-- replyTo) over the tenant's mail settings; null keeps the tenant's.
ALTER TABLE email ADD COLUMN from_name VARCHAR(300);
ALTER TABLE email ADD COLUMN reply_to VARCHAR(320);
