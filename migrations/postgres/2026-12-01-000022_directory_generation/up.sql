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

CREATE FUNCTION raise_directory_generation() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE directory_generation SET generation = generation + 1 WHERE id = 1;
    RETURN NULL;
END
$$;
CREATE TRIGGER organisations_added_directory AFTER INSERT OR DELETE ON organisations
    FOR EACH STATEMENT EXECUTE FUNCTION raise_directory_generation();
CREATE TRIGGER organisations_changed_directory AFTER UPDATE ON organisations
    FOR EACH ROW WHEN (
        OLD.parent_id IS DISTINCT FROM NEW.parent_id OR OLD.kind IS DISTINCT FROM NEW.kind
        OR OLD.code IS DISTINCT FROM NEW.code OR OLD.name IS DISTINCT FROM NEW.name
        OR OLD.municipality_code IS DISTINCT FROM NEW.municipality_code
        OR OLD.organisation_number IS DISTINCT FROM NEW.organisation_number
        OR OLD.path IS DISTINCT FROM NEW.path
        OR OLD.employer_kind IS DISTINCT FROM NEW.employer_kind
    ) EXECUTE FUNCTION raise_directory_generation();
CREATE TRIGGER users_removed_directory AFTER DELETE ON users
    FOR EACH STATEMENT EXECUTE FUNCTION raise_directory_generation();
CREATE TRIGGER users_changed_directory AFTER UPDATE ON users
    FOR EACH ROW WHEN (
        OLD.organisation_id IS DISTINCT FROM NEW.organisation_id
        OR OLD.name IS DISTINCT FROM NEW.name OR OLD.roles IS DISTINCT FROM NEW.roles
        OR OLD.active IS DISTINCT FROM NEW.active
        OR OLD.token_generation IS DISTINCT FROM NEW.token_generation
    ) EXECUTE FUNCTION raise_directory_generation();
