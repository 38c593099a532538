-- Switchboard tenant cache: SBC safety and last known device counts.
-- `plain_http_confirmed_host`: the host for which the user confirmed sending the admin
-- password over plain HTTP; it covers only that exact host, so changing the host
-- leaves it behind (the application compares the two).
-- `sip_users`, `active_alarms`: the counts the device gave at `counts_read_at`; kept
-- when a later check fails, so the list shows them as the last known values.

ALTER TABLE sbc_devices ADD COLUMN plain_http_confirmed_host TEXT;
ALTER TABLE sbc_devices ADD COLUMN sip_users INTEGER CHECK (sip_users >= 0);
ALTER TABLE sbc_devices ADD COLUMN active_alarms INTEGER CHECK (active_alarms >= 0);
ALTER TABLE sbc_devices ADD COLUMN counts_read_at TEXT;
