-- Foundation: the project, the organisation tree, users, the audit log.
-- Money is BIGINT öre; rates are BIGINT millionths of one (38.46 % = 384600).

CREATE TABLE projects (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    esf_case_number TEXT NOT NULL,
    start_date DATE NOT NULL,
    end_date DATE NOT NULL,
    support_rate_ppm BIGINT NOT NULL,
    approved_esf_budget_ore BIGINT NOT NULL,
    total_budget_ore BIGINT NOT NULL,
    indirect_rate_ppm BIGINT NOT NULL,
    indirect_base TEXT NOT NULL CHECK (indirect_base IN ('staff', 'direct')),
    distribution_key TEXT NOT NULL CHECK (distribution_key IN ('total_eligible', 'direct_cash')),
    required_cofinancing_ppm BIGINT NOT NULL,
    version BIGINT NOT NULL DEFAULT 1,
    updated_at TIMESTAMP NOT NULL,
    CHECK (end_date >= start_date)
);

CREATE TABLE organisations (
    id INTEGER PRIMARY KEY,
    parent_id BIGINT REFERENCES organisations (id),
    kind TEXT NOT NULL CHECK (kind IN ('owner', 'region', 'municipality')),
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    municipality_code TEXT UNIQUE,
    organisation_number TEXT UNIQUE,
    -- Materialised ancestry '/1/2/7/': subtree = path LIKE '/1/2/%'.
    path TEXT NOT NULL UNIQUE,
    version BIGINT NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX organisations_single_owner ON organisations (kind) WHERE kind = 'owner';
CREATE INDEX organisations_parent ON organisations (parent_id);

CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    organisation_id BIGINT NOT NULL REFERENCES organisations (id),
    name TEXT NOT NULL,
    email TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    roles TEXT NOT NULL,
    active BOOLEAN NOT NULL DEFAULT TRUE,
    failed_logins INTEGER NOT NULL DEFAULT 0,
    locked_until TIMESTAMP,
    version BIGINT NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX users_organisation ON users (organisation_id);

CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    at TIMESTAMP NOT NULL,
    user_id BIGINT REFERENCES users (id),
    actor TEXT NOT NULL,
    organisation_id BIGINT REFERENCES organisations (id),
    action TEXT NOT NULL,
    entity TEXT NOT NULL,
    entity_id BIGINT NOT NULL,
    before_json TEXT,
    after_json TEXT
);
CREATE INDEX audit_log_organisation ON audit_log (organisation_id, at);
CREATE INDEX audit_log_entity ON audit_log (entity, entity_id);

-- SQLite only: a write transaction starts by touching this row so that it takes the
-- write lock up front (like BEGIN IMMEDIATE) and waits on busy_timeout instead of
-- failing with SQLITE_BUSY when a read-then-write transaction meets another writer.
CREATE TABLE write_lock (id INTEGER PRIMARY KEY, n BIGINT NOT NULL);
INSERT INTO write_lock (id, n) VALUES (1, 0);
