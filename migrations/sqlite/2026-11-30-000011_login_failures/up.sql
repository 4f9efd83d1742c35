-- Failed logins per e-mail address (known or not) and client address (issue 13.5): a
-- stranger's guesses lock only the stranger's address out, and an unknown address is
-- locked exactly like a real one, so a 429 reveals nothing. Replaces the per-account
-- count and lock on users.
CREATE TABLE login_failures (
    email TEXT NOT NULL,
    address TEXT NOT NULL,
    failures INTEGER NOT NULL DEFAULT 0,
    locked_until TIMESTAMP,
    PRIMARY KEY (email, address)
);
ALTER TABLE users DROP COLUMN failed_logins;
ALTER TABLE users DROP COLUMN locked_until;
