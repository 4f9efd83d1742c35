-- Participants (one row per person, by identity number or SCB substitute code), their
-- enrolments in a municipality (never overlapping), and the municipalities' workshops.
CREATE TABLE workshops (
    id BIGSERIAL PRIMARY KEY,
    organisation_id BIGINT NOT NULL REFERENCES organisations (id),
    name TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    UNIQUE (organisation_id, name)
);

CREATE TABLE participants (
    id BIGSERIAL PRIMARY KEY,
    id_kind TEXT NOT NULL CHECK (id_kind IN ('personnummer', 'samordningsnummer', 'protected')),
    identity TEXT NOT NULL,
    birth_date DATE NOT NULL,
    sex TEXT NOT NULL CHECK (sex IN ('female', 'male')),
    created_at TIMESTAMP NOT NULL
);

CREATE TABLE enrolments (
    id BIGSERIAL PRIMARY KEY,
    participant_id BIGINT NOT NULL REFERENCES participants (id),
    organisation_id BIGINT NOT NULL REFERENCES organisations (id),
    workshop_id BIGINT REFERENCES workshops (id),
    start_date DATE NOT NULL,
    end_date DATE,
    status_at_start TEXT NOT NULL CHECK (status_at_start IN ('at_risk', 'dropped_out')),
    education_level TEXT NOT NULL CHECK (education_level IN ('isced_0_2', 'isced_3_4', 'isced_5_8')),
    labour_status TEXT NOT NULL CHECK (labour_status IN ('unemployed', 'long_term_unemployed', 'inactive', 'employed')),
    in_education_at_start BOOLEAN NOT NULL,
    outcome TEXT CHECK (outcome IN ('back_in_studies', 'in_work', 'other_activity', 'unknown')),
    qualification_gained BOOLEAN NOT NULL DEFAULT FALSE,
    created_by BIGINT NOT NULL REFERENCES users (id),
    version BIGINT NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    CHECK (end_date IS NULL OR end_date >= start_date),
    CHECK ((end_date IS NULL) = (outcome IS NULL))
);
-- A real number belongs to one person; SCB's substitute code (birth date + sex) may be
-- shared by several people with protected identities, so it is not unique.
CREATE UNIQUE INDEX participants_identity ON participants (identity) WHERE id_kind <> 'protected';
CREATE INDEX participants_identity_any ON participants (identity);
CREATE INDEX enrolments_participant ON enrolments (participant_id, start_date);
CREATE INDEX enrolments_org_dates ON enrolments (organisation_id, start_date);
