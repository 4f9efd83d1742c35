-- Issue 14: sessions of the web application, kept on the server so that logging out
-- (or an expiry, a disabled account, a new password) ends them. The cookie holds a random
-- secret; only its SHA-256 is stored. Each session has its own CSRF token.
CREATE TABLE web_sessions (
    id BIGSERIAL PRIMARY KEY,
    secret_sha256 TEXT NOT NULL UNIQUE,
    user_id BIGINT NOT NULL REFERENCES users (id),
    token_generation BIGINT NOT NULL,
    csrf_token TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    last_seen_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL
);
CREATE INDEX web_sessions_user ON web_sessions (user_id);
CREATE INDEX web_sessions_expiry ON web_sessions (expires_at);
