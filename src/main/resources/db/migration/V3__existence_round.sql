-- 10 November: each active student's existence answer, per round (academic year and term).
CREATE TABLE existence_answer (
  academic_year  integer NOT NULL,
  term           integer NOT NULL,
  school_code    text NOT NULL REFERENCES school (code),
  citizen_id     text NOT NULL,
  present        boolean NOT NULL,
  reason         text CHECK (reason IN ('left_without_notice', 'long_absence', 'moved_without_transfer', 'other')),
  answered_by    text NOT NULL,
  answered_at    timestamptz NOT NULL,
  PRIMARY KEY (academic_year, term, school_code, citizen_id),
  CONSTRAINT existence_absent_has_reason CHECK (present OR reason IS NOT NULL)
);

-- The director's certification, with the school's counts frozen at that moment.
CREATE TABLE certification (
  academic_year  integer NOT NULL,
  term           integer NOT NULL,
  school_code    text NOT NULL REFERENCES school (code),
  certified_by   text NOT NULL,
  certified_at   timestamptz NOT NULL,
  counts         jsonb NOT NULL,
  PRIMARY KEY (academic_year, term, school_code)
);

-- The area office's acknowledgement, naming the schools that were not certified.
CREATE TABLE acknowledgement (
  academic_year    integer NOT NULL,
  term             integer NOT NULL,
  area_code        text NOT NULL REFERENCES area (code),
  acknowledged_by  text NOT NULL,
  acknowledged_at  timestamptz NOT NULL,
  not_certified    jsonb NOT NULL,
  PRIMARY KEY (academic_year, term, area_code)
);

-- OBEC's close of the round, and the frozen roll that reports, the budget and the Exchange file read.
CREATE TABLE round_closure (
  academic_year  integer NOT NULL,
  term           integer NOT NULL,
  closed_by      text NOT NULL,
  closed_at      timestamptz NOT NULL,
  students       integer NOT NULL,
  PRIMARY KEY (academic_year, term)
);

CREATE TABLE round_snapshot (
  academic_year   integer NOT NULL,
  term            integer NOT NULL,
  school_code     text NOT NULL,
  citizen_id      text NOT NULL,
  prefix          text NOT NULL,
  first_name      text NOT NULL,
  last_name       text NOT NULL,
  sex             text NOT NULL,
  birth_date      date NOT NULL,
  grade           text NOT NULL,
  room            text NOT NULL,
  present         boolean,
  reason          text,
  PRIMARY KEY (academic_year, term, school_code, citizen_id)
);

-- Possible duplicates: one child under two IDs (a G-code here, a citizen ID there) shows as the same name and birth date.
CREATE INDEX student_person ON student (first_name, last_name, birth_date) WHERE status = 'active';

-- Every state change of the round and of uploads. Append-only: no route alters it, and the database refuses to.
CREATE TABLE audit_event (
  id           bigserial PRIMARY KEY,
  at           timestamptz NOT NULL,
  actor        text NOT NULL,
  role         text NOT NULL,
  action       text NOT NULL,
  school_code  text,
  area_code    text,
  detail       jsonb NOT NULL DEFAULT '{}'::jsonb
);
CREATE INDEX audit_school ON audit_event (school_code, id);
CREATE INDEX audit_area ON audit_event (area_code, id);

CREATE FUNCTION audit_event_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_event is append-only';
END;
$$;
CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_event
  FOR EACH STATEMENT EXECUTE FUNCTION audit_event_is_append_only();
