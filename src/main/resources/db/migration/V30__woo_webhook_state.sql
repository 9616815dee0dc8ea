-- The outcome of the last one-step webhook setup ({"status","error","at"} as JSON), kept until
-- the next one: a setup that failed must stay visible on the connection, not only in the answer.
ALTER TABLE woo_connection ADD COLUMN webhook_setup TEXT;
