DROP TABLE enrolments;
DROP TABLE participants;
DROP TABLE workshops;
