-- Switchboard tenant cache, schema v2: invitations sent to customer admins.
-- `status` holds what the user or a sign-in decided; "expired" is not stored but
-- derived from `expires_at`, so changing the clock never needs a rewrite.

CREATE TABLE customer_invitations (
    id               INTEGER PRIMARY KEY,
    tenant_id        INTEGER NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    admin_email      TEXT    NOT NULL,
    invitation_id    TEXT    NOT NULL UNIQUE,   -- random GUID quoted in the mail
    status           TEXT    NOT NULL DEFAULT 'pending'
                             CHECK (status IN ('pending', 'authenticated', 'revoked')),
    resend_count     INTEGER NOT NULL DEFAULT 0 CHECK (resend_count >= 0),
    created_at       TEXT    NOT NULL,
    sent_at          TEXT    NOT NULL,
    expires_at       TEXT    NOT NULL,
    decided_at       TEXT                       -- when it was authenticated or revoked
);
CREATE INDEX customer_invitations_tenant ON customer_invitations (tenant_id);
