-- Switchboard tenant cache, schema v3: every tenant field editable.
-- The cloud becomes a column of its own: the login authority alone cannot tell GCC
-- High from DoD (both sign in at login.microsoftonline.us), so it is read once into
-- `cloud` and dropped. `admin_domain` is the tenant's initial *.onmicrosoft.* domain.

ALTER TABLE tenants ADD COLUMN cloud TEXT NOT NULL DEFAULT 'commercial'
    CHECK (cloud IN ('commercial', 'gcc', 'gccHigh', 'dod', 'china'));
ALTER TABLE tenants ADD COLUMN admin_domain TEXT;

UPDATE tenants SET cloud = 'gccHigh' WHERE authority LIKE '%login.microsoftonline.us%';
UPDATE tenants SET cloud = 'china' WHERE authority LIKE '%login.chinacloudapi.cn%';

ALTER TABLE tenants DROP COLUMN authority;
