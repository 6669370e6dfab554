-- 0003_request_logs_api_key_index: "last used" of every API key on the dashboard's key list is the newest request log
-- of that key; without this index PostgreSQL read every log row of the organization to find it.
-- Never edit a released migration: add a new numbered file instead.

CREATE INDEX ix_request_logs_organization_id_api_key_id_timestamp ON request_logs (organization_id, api_key_id, timestamp);
