DROP TABLE compensation;
DROP TABLE attendance;
