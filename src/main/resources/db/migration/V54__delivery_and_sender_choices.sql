-- PEPPOL_INSTEAD_OF_EMAIL (23 characters) did not fit the 20 the delivery columns had: saving it
-- failed. Room for longer choices too.
ALTER TABLE einvoicing_settings ALTER COLUMN peppol_delivery SET DATA TYPE VARCHAR(40);
ALTER TABLE einvoicing_client ALTER COLUMN delivery SET DATA TYPE VARCHAR(40);
