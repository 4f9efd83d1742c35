-- The directory's generation (issue 17, item 3): one number that every change to the
-- organisation tree (a row added, removed, or any of its values other than the version
-- and time stamp changed) and every change to what a user may do (organisation, name,
-- roles, active, token generation) or a user's removal raises in its own transaction,
-- by trigger, so no write path can forget it. An update that changes none of those
-- values (an e-mail address, a password hash alone, the owner's row locked by setting
-- its version to itself) leaves it. Each server process keeps the actors it has
-- verified and trusts one only while the generation it last read is the one the actor
-- was loaded at (api::actors).
CREATE TABLE directory_generation (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    generation BIGINT NOT NULL
);
INSERT INTO directory_generation (id, generation) VALUES (1, 1);

CREATE TRIGGER organisations_inserted_directory AFTER INSERT ON organisations
BEGIN
    UPDATE directory_generation SET generation = generation + 1 WHERE id = 1;
END;
CREATE TRIGGER organisations_updated_directory AFTER UPDATE ON organisations
WHEN OLD.parent_id IS NOT NEW.parent_id OR OLD.kind IS NOT NEW.kind
    OR OLD.code IS NOT NEW.code OR OLD.name IS NOT NEW.name
    OR OLD.municipality_code IS NOT NEW.municipality_code
    OR OLD.organisation_number IS NOT NEW.organisation_number
    OR OLD.path IS NOT NEW.path OR OLD.employer_kind IS NOT NEW.employer_kind
BEGIN
    UPDATE directory_generation SET generation = generation + 1 WHERE id = 1;
END;
CREATE TRIGGER organisations_deleted_directory AFTER DELETE ON organisations
BEGIN
    UPDATE directory_generation SET generation = generation + 1 WHERE id = 1;
END;
CREATE TRIGGER users_updated_directory AFTER UPDATE ON users
WHEN OLD.organisation_id IS NOT NEW.organisation_id OR OLD.name IS NOT NEW.name
    OR OLD.roles IS NOT NEW.roles OR OLD.active IS NOT NEW.active
    OR OLD.token_generation IS NOT NEW.token_generation
BEGIN
    UPDATE directory_generation SET generation = generation + 1 WHERE id = 1;
END;
CREATE TRIGGER users_deleted_directory AFTER DELETE ON users
BEGIN
    UPDATE directory_generation SET generation = generation + 1 WHERE id = 1;
END;
