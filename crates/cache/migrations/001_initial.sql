-- Switchboard tenant cache, schema v1.
-- Times are RFC 3339 UTC text with millisecond precision (fixed width, so they sort).
-- Enum columns hold the camelCase names defined in switchboard-domain.
-- Secrets never live here: *_ref columns hold opaque references into the secrets store.

CREATE TABLE tenants (
    id                      INTEGER PRIMARY KEY,
    short_name              TEXT    NOT NULL COLLATE NOCASE UNIQUE,
    full_name               TEXT    NOT NULL COLLATE NOCASE,
    azure_tenant_id         TEXT,
    licence_type            TEXT    NOT NULL,
    licensed_users          INTEGER NOT NULL DEFAULT 0 CHECK (licensed_users >= 0),
    deployment_state        TEXT    NOT NULL DEFAULT 'readyForDeployment',
    auth_method             TEXT    NOT NULL DEFAULT 'none',
    auth_status             TEXT    NOT NULL DEFAULT 'neverConnected',
    auth_valid_until        TEXT,
    auth_verified_at        TEXT,
    client_id               TEXT,
    authority               TEXT,   -- login authority / national cloud
    m365_admin_upn          TEXT,
    client_secret_ref       TEXT,
    refresh_token_ref       TEXT,
    cs_online_users_filter  TEXT,   -- Get-CsOnlineUser -Filter expression
    last_replication_at     TEXT,
    last_replication_result TEXT,
    last_replication_error  TEXT,
    customer_version        TEXT,
    users_delta_link        TEXT,   -- Microsoft Graph delta links for incremental sync
    groups_delta_link       TEXT,
    created_at              TEXT    NOT NULL,
    updated_at              TEXT    NOT NULL
);
CREATE INDEX tenants_azure_tenant_id ON tenants (azure_tenant_id) WHERE azure_tenant_id IS NOT NULL;

-- Users screen: per-tenant name/UPN prefix search with keyset paging, number search by
-- prefix (phone_digits) or suffix (phone_digits_rev holds the digits reversed), and
-- filters on policy / usage location / enterprise voice.
CREATE TABLE users (
    id                    INTEGER PRIMARY KEY,
    tenant_id             INTEGER NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    object_id             TEXT    NOT NULL,
    upn                   TEXT    NOT NULL COLLATE NOCASE,
    sip_address           TEXT,
    display_name          TEXT    NOT NULL DEFAULT '' COLLATE NOCASE,
    given_name            TEXT    COLLATE NOCASE,
    surname               TEXT    COLLATE NOCASE,
    department            TEXT,
    city                  TEXT,
    usage_location        TEXT,
    user_type             TEXT,   -- interpreted user type, e.g. TeamsOnly
    feature_types         TEXT    NOT NULL DEFAULT '[]',  -- JSON array
    line_uri              TEXT,
    phone_digits          TEXT    NOT NULL DEFAULT '',
    phone_digits_rev      TEXT    NOT NULL DEFAULT '',
    enterprise_voice      INTEGER NOT NULL DEFAULT 0,
    voice_routing_policy  TEXT,
    tenant_dial_plan      TEXT,
    calling_policy        TEXT,
    online_pstn_gateway   TEXT,   -- derived from policy → usage → route
    site_location         TEXT,   -- derived from the gateway
    template_name         TEXT,
    policies              TEXT    NOT NULL DEFAULT '{}',  -- JSON: other policy type → name
    licences              TEXT    NOT NULL DEFAULT '[]',  -- JSON array of SKU part numbers
    account_enabled       INTEGER NOT NULL DEFAULT 1,
    source_modified_at    TEXT,
    synced_at             TEXT    NOT NULL,
    UNIQUE (tenant_id, object_id)
);
CREATE INDEX users_tenant_display_name ON users (tenant_id, display_name);
CREATE INDEX users_tenant_upn          ON users (tenant_id, upn);
CREATE INDEX users_tenant_surname      ON users (tenant_id, surname);
CREATE INDEX users_tenant_phone        ON users (tenant_id, phone_digits);
CREATE INDEX users_tenant_phone_rev    ON users (tenant_id, phone_digits_rev);
CREATE INDEX users_phone_digits        ON users (phone_digits);
CREATE INDEX users_phone_digits_rev    ON users (phone_digits_rev);
CREATE INDEX users_display_name        ON users (display_name);
CREATE INDEX users_upn                 ON users (upn);
CREATE INDEX users_surname             ON users (surname);
CREATE INDEX users_tenant_policy       ON users (tenant_id, voice_routing_policy);
CREATE INDEX users_tenant_usage        ON users (tenant_id, usage_location);

CREATE TABLE groups (
    id            INTEGER PRIMARY KEY,
    tenant_id     INTEGER NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    object_id     TEXT    NOT NULL,
    display_name  TEXT    NOT NULL DEFAULT '' COLLATE NOCASE,
    mail          TEXT,
    security_enabled INTEGER NOT NULL DEFAULT 0,
    synced_at     TEXT    NOT NULL,
    UNIQUE (tenant_id, object_id)
);

CREATE TABLE group_members (
    group_id        INTEGER NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
    member_object_id TEXT   NOT NULL,
    PRIMARY KEY (group_id, member_object_id)
) WITHOUT ROWID;
CREATE INDEX group_members_member ON group_members (member_object_id);

CREATE TABLE sbc_devices (
    id                 INTEGER PRIMARY KEY,
    name               TEXT    NOT NULL COLLATE NOCASE UNIQUE,
    host               TEXT    NOT NULL,   -- management IP or FQDN
    device_fqdn        TEXT,
    nat_ip             TEXT,
    https              INTEGER NOT NULL DEFAULT 1,
    port               INTEGER,
    admin_user         TEXT,
    password_ref       TEXT,
    pinned_cert_sha256 TEXT,
    connection_status  TEXT    NOT NULL DEFAULT 'unknown',
    last_checked_at    TEXT,
    save_needed        INTEGER NOT NULL DEFAULT 0,
    created_at         TEXT    NOT NULL,
    updated_at         TEXT    NOT NULL
);

CREATE TABLE site_locations (
    id                  INTEGER PRIMARY KEY,
    tenant_id           INTEGER NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    sbc_device_id       INTEGER REFERENCES sbc_devices (id) ON DELETE SET NULL,
    site_name           TEXT    NOT NULL,
    configuration_type  TEXT    NOT NULL,   -- sipTrunk | ipPbx | byoc
    pstn_gateway_fqdn   TEXT,
    sbc_state           TEXT,
    m365_state          TEXT,
    notes               TEXT,
    created_at          TEXT    NOT NULL,
    updated_at          TEXT    NOT NULL,
    UNIQUE (tenant_id, site_name)
);
CREATE INDEX site_locations_sbc ON site_locations (sbc_device_id);

-- SBC dial-plan rules; the rule name is the customer short name on the SBC.
CREATE TABLE sbc_prefixes (
    id              INTEGER PRIMARY KEY,
    sbc_device_id   INTEGER NOT NULL REFERENCES sbc_devices (id) ON DELETE CASCADE,
    tenant_id       INTEGER REFERENCES tenants (id) ON DELETE CASCADE,
    dial_plan       TEXT    NOT NULL,
    rule_index      INTEGER,
    rule_name       TEXT    NOT NULL,
    prefix          TEXT    NOT NULL,
    tag             TEXT,
    pending         TEXT,   -- NULL when in sync, else 'add' or 'remove' until pushed
    synced_at       TEXT,
    UNIQUE (sbc_device_id, dial_plan, rule_name, prefix, tag)
);
CREATE INDEX sbc_prefixes_tenant ON sbc_prefixes (tenant_id);

CREATE TABLE number_ranges (
    id           INTEGER PRIMARY KEY,
    tenant_id    INTEGER NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    identity     TEXT    NOT NULL COLLATE NOCASE,
    range_start  TEXT    NOT NULL,   -- digits, inclusive
    range_end    TEXT    NOT NULL,
    created_at   TEXT    NOT NULL,
    UNIQUE (tenant_id, identity)
);

CREATE TABLE number_bundles (
    id         INTEGER PRIMARY KEY,
    tenant_id  INTEGER NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    name       TEXT    NOT NULL COLLATE NOCASE,
    UNIQUE (tenant_id, name)
);

CREATE TABLE number_bundle_ranges (
    bundle_id  INTEGER NOT NULL REFERENCES number_bundles (id) ON DELETE CASCADE,
    range_id   INTEGER NOT NULL REFERENCES number_ranges (id) ON DELETE CASCADE,
    PRIMARY KEY (bundle_id, range_id)
) WITHOUT ROWID;

CREATE TABLE number_reservations (
    id          INTEGER PRIMARY KEY,
    tenant_id   INTEGER NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    phone_e164  TEXT    NOT NULL,
    extension   TEXT,
    reason      TEXT,
    comments    TEXT,
    added_at    TEXT    NOT NULL,
    expires_at  TEXT,
    UNIQUE (tenant_id, phone_e164, extension)
);

-- tenant_id NULL means a provider-wide template; otherwise a per-customer override.
CREATE TABLE script_templates (
    id             INTEGER PRIMARY KEY,
    tenant_id      INTEGER REFERENCES tenants (id) ON DELETE CASCADE,
    name           TEXT    NOT NULL COLLATE NOCASE,
    target         TEXT    NOT NULL,   -- sbc | m365
    script_type    TEXT    NOT NULL,   -- onboarding | cleanup | addPrefix | removePrefix | ...
    paired_template_id INTEGER REFERENCES script_templates (id) ON DELETE SET NULL,
    custom_variables TEXT  NOT NULL DEFAULT '[]',   -- JSON array of names
    is_default     INTEGER NOT NULL DEFAULT 0,
    last_executed_at TEXT,
    created_at     TEXT    NOT NULL,
    updated_at     TEXT    NOT NULL
);
CREATE UNIQUE INDEX script_templates_name ON script_templates (ifnull(tenant_id, 0), name);

CREATE TABLE script_template_versions (
    id           INTEGER PRIMARY KEY,
    template_id  INTEGER NOT NULL REFERENCES script_templates (id) ON DELETE CASCADE,
    version_no   INTEGER NOT NULL,
    body         TEXT    NOT NULL,
    author       TEXT,
    comment      TEXT,
    is_draft     INTEGER NOT NULL DEFAULT 0,
    created_at   TEXT    NOT NULL,
    UNIQUE (template_id, version_no)
);

CREATE TABLE queued_tasks (
    id                 INTEGER PRIMARY KEY,
    tenant_id          INTEGER REFERENCES tenants (id) ON DELETE CASCADE,
    sbc_device_id      INTEGER REFERENCES sbc_devices (id) ON DELETE CASCADE,
    kind               TEXT    NOT NULL,
    sub_kind           TEXT,   -- e.g. the Sync scope
    state              TEXT    NOT NULL DEFAULT 'queued',
    target             TEXT,   -- e.g. the user's SIP address
    command_text       TEXT,
    payload            TEXT    NOT NULL DEFAULT '{}',   -- JSON
    retries_left       INTEGER NOT NULL DEFAULT 10,
    next_execution_at  TEXT,
    executed_at        TEXT,
    result             TEXT,
    error              TEXT,
    created_at         TEXT    NOT NULL,
    updated_at         TEXT    NOT NULL
);
CREATE INDEX queued_tasks_tenant_state ON queued_tasks (tenant_id, state);
CREATE INDEX queued_tasks_due ON queued_tasks (state, next_execution_at);

CREATE TABLE audit_entries (
    id            INTEGER PRIMARY KEY,
    tenant_id     INTEGER REFERENCES tenants (id) ON DELETE CASCADE,
    occurred_at   TEXT    NOT NULL,
    initiated_by  TEXT    NOT NULL,
    action        TEXT    NOT NULL,
    target        TEXT,
    status        TEXT,
    completed_at  TEXT,
    task_id       INTEGER REFERENCES queued_tasks (id) ON DELETE SET NULL
);
CREATE INDEX audit_entries_tenant_time ON audit_entries (tenant_id, occurred_at);
CREATE INDEX audit_entries_target ON audit_entries (target);

CREATE TABLE audit_field_changes (
    id         INTEGER PRIMARY KEY,
    entry_id   INTEGER NOT NULL REFERENCES audit_entries (id) ON DELETE CASCADE,
    field      TEXT    NOT NULL,
    old_value  TEXT,
    new_value  TEXT
);
CREATE INDEX audit_field_changes_entry ON audit_field_changes (entry_id);

CREATE TABLE settings (
    key    TEXT PRIMARY KEY,
    value  TEXT NOT NULL
) WITHOUT ROWID;

-- Teams voice objects as last read from the tenant: identity plus the JSON body.
CREATE TABLE voice_policies (
    tenant_id  INTEGER NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    policy_type TEXT   NOT NULL,   -- e.g. OnlineVoiceRoutingPolicy, TeamsCallingPolicy
    identity   TEXT    NOT NULL,
    body       TEXT    NOT NULL DEFAULT '{}',
    synced_at  TEXT    NOT NULL,
    PRIMARY KEY (tenant_id, policy_type, identity)
) WITHOUT ROWID;

CREATE TABLE pstn_usages (
    tenant_id  INTEGER NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    identity   TEXT    NOT NULL,
    body       TEXT    NOT NULL DEFAULT '{}',
    synced_at  TEXT    NOT NULL,
    PRIMARY KEY (tenant_id, identity)
) WITHOUT ROWID;

CREATE TABLE voice_routes (
    tenant_id  INTEGER NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    identity   TEXT    NOT NULL,
    body       TEXT    NOT NULL DEFAULT '{}',
    synced_at  TEXT    NOT NULL,
    PRIMARY KEY (tenant_id, identity)
) WITHOUT ROWID;

CREATE TABLE pstn_gateways (
    tenant_id  INTEGER NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    identity   TEXT    NOT NULL,
    body       TEXT    NOT NULL DEFAULT '{}',
    synced_at  TEXT    NOT NULL,
    PRIMARY KEY (tenant_id, identity)
) WITHOUT ROWID;

CREATE TABLE dial_plans (
    tenant_id  INTEGER NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    identity   TEXT    NOT NULL,
    body       TEXT    NOT NULL DEFAULT '{}',
    synced_at  TEXT    NOT NULL,
    PRIMARY KEY (tenant_id, identity)
) WITHOUT ROWID;
