DROP TRIGGER users_changed_directory ON users;
DROP TRIGGER users_removed_directory ON users;
DROP TRIGGER organisations_changed_directory ON organisations;
DROP TRIGGER organisations_added_directory ON organisations;
DROP FUNCTION raise_directory_generation();
DROP TABLE directory_generation;
