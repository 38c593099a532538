-- A tenant's Teams Direct Routing objects as last read through Teams PowerShell.
-- They replace the per-kind tables of 001, which nothing ever filled: one table keyed
-- by kind keeps every kind's rows, order and age the same way.
DROP TABLE voice_policies;
DROP TABLE pstn_usages;
DROP TABLE voice_routes;
DROP TABLE pstn_gateways;
DROP TABLE dial_plans;

CREATE TABLE voice_objects (
    tenant_id  INTEGER NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    kind       TEXT    NOT NULL,   -- gateway, usage, route, voiceRoutingPolicy, ...
    identity   TEXT    NOT NULL,   -- the object's name, lower-cased (Teams ignores case)
    position   INTEGER NOT NULL,   -- order as read: usages and rules keep Teams' order
    body       TEXT    NOT NULL,   -- the object as JSON
    synced_at  TEXT    NOT NULL,   -- when this object was last found changed
    PRIMARY KEY (tenant_id, kind, identity)
) WITHOUT ROWID;

-- The last read of each tenant's voice objects: when it last succeeded, and the
-- error of the last attempt if that one failed.
CREATE TABLE voice_reads (
    tenant_id  INTEGER PRIMARY KEY REFERENCES tenants (id) ON DELETE CASCADE,
    read_at    TEXT,
    error      TEXT
);
