-- How the shop accepts its REST keys: NULL or 'authorization_header' (HTTP basic), or
-- 'query_parameters' (consumer_key/consumer_secret in the query) for hosts that strip the
-- Authorization header before WordPress sees it. Kept so later calls use what worked.
ALTER TABLE woo_connection ADD COLUMN rest_auth VARCHAR(30);
