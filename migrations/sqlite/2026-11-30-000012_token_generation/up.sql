-- Bumped by a password change, a reset, a role change and disabling: tokens issued
-- before carry the old generation and are refused (issue 13.7).
ALTER TABLE users ADD COLUMN token_generation BIGINT NOT NULL DEFAULT 0;
