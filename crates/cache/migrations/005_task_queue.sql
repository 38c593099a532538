-- The durable queue of changes towards Microsoft 365 and SBCs, and the audit of what
-- it did. The first migration's tables were never written, so they are replaced.
DROP TABLE audit_field_changes;
DROP TABLE audit_entries;
DROP TABLE queued_tasks;

CREATE TABLE tasks (
    id               INTEGER PRIMARY KEY,
    -- Tasks of one lane ('tenant:7', 'sbc:3') run one at a time, in id order.
    lane             TEXT    NOT NULL,
    tenant_id        INTEGER REFERENCES tenants (id) ON DELETE CASCADE,
    sbc_device_id    INTEGER REFERENCES sbc_devices (id) ON DELETE CASCADE,
    -- The tenant's short name or the SBC's name when queued, for lists and the audit.
    target_name      TEXT    NOT NULL,
    kind             TEXT    NOT NULL,
    summary          TEXT    NOT NULL,
    payload          TEXT    NOT NULL,   -- JSON, shaped by kind
    dry_run          TEXT    NOT NULL,   -- what will be sent, shown before it runs
    state            TEXT    NOT NULL,
    -- Names the change itself (target, kind, values): see the index below.
    idempotency_key  TEXT    NOT NULL,
    depends_on       INTEGER REFERENCES tasks (id) ON DELETE SET NULL,
    -- The audit entry this task undoes.
    rollback_of      INTEGER,
    attempts         INTEGER NOT NULL DEFAULT 0,
    max_attempts     INTEGER NOT NULL,
    next_attempt_at  TEXT    NOT NULL,
    -- A claim names its owner and lasts until its lease ends, so that an owner that died
    -- is noticed without trusting the state alone.
    claim_owner      TEXT,
    lease_until      TEXT,
    output           TEXT,
    failure          TEXT,   -- transient, permanent, interrupted, dependency, cancelled
    error            TEXT,
    created_by       TEXT    NOT NULL,
    created_at       TEXT    NOT NULL,
    started_at       TEXT,
    finished_at      TEXT,
    updated_at       TEXT    NOT NULL
);
CREATE INDEX tasks_lane_state ON tasks (lane, state, id);
CREATE INDEX tasks_state_due ON tasks (state, next_attempt_at);
CREATE INDEX tasks_tenant_state ON tasks (tenant_id, state);
CREATE INDEX tasks_depends_on ON tasks (depends_on);
-- A change waiting or running is queued once; once finished, the same change may be
-- asked for again (a number given back and later reassigned).
CREATE UNIQUE INDEX tasks_pending_change ON tasks (idempotency_key)
    WHERE state IN ('draft', 'queued', 'executing', 'postponed');

-- No foreign keys to tenants, SBCs or tasks: the audit outlives all three.
CREATE TABLE audit_entries (
    id              INTEGER PRIMARY KEY,
    tenant_id       INTEGER,
    sbc_device_id   INTEGER,
    target_name     TEXT    NOT NULL,
    occurred_at     TEXT    NOT NULL,
    initiated_by    TEXT    NOT NULL,
    action          TEXT    NOT NULL,
    target          TEXT,
    summary         TEXT    NOT NULL,
    task_id         INTEGER,
    -- The payload of the task that undoes this change (JSON), when one exists.
    rollback        TEXT,
    rolled_back_by  INTEGER
);
CREATE INDEX audit_entries_tenant_time ON audit_entries (tenant_id, occurred_at);
CREATE INDEX audit_entries_sbc_time ON audit_entries (sbc_device_id, occurred_at);

CREATE TABLE audit_field_changes (
    id         INTEGER PRIMARY KEY,
    entry_id   INTEGER NOT NULL REFERENCES audit_entries (id) ON DELETE CASCADE,
    field      TEXT    NOT NULL,
    old_value  TEXT,
    new_value  TEXT
);
CREATE INDEX audit_field_changes_entry ON audit_field_changes (entry_id);
