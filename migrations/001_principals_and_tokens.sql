-- Principals (staff who use the enclave) and their API tokens.
-- Tokens are stored only as SHA-256 hashes of the full token string.

CREATE TABLE principals (
    id           text PRIMARY KEY CHECK (id ~ '^[a-z0-9][a-z0-9._-]{0,62}$'),
    role         text NOT NULL CHECK (role IN ('researcher', 'governance', 'auditor', 'operator')),
    created_at   timestamptz NOT NULL,
    created_by   text REFERENCES principals (id)
);

CREATE TABLE api_tokens (
    id           text PRIMARY KEY CHECK (id ~ '^tok_[a-z0-9]{16}$'),
    principal_id text NOT NULL REFERENCES principals (id),
    secret_hash  bytea NOT NULL UNIQUE CHECK (length(secret_hash) = 32),
    description  text NOT NULL DEFAULT '' CHECK (length(description) <= 200),
    created_at   timestamptz NOT NULL,
    created_by   text REFERENCES principals (id),
    expires_at   timestamptz NOT NULL CHECK (expires_at > created_at),
    revoked_at   timestamptz,
    revoked_by   text REFERENCES principals (id)
);

CREATE INDEX api_tokens_principal_idx ON api_tokens (principal_id);

-- The service may create principals and tokens and revoke tokens; nothing else.
GRANT SELECT, INSERT ON principals TO {{.service_role}};
GRANT SELECT, INSERT ON api_tokens TO {{.service_role}};
GRANT UPDATE (revoked_at, revoked_by) ON api_tokens TO {{.service_role}};
