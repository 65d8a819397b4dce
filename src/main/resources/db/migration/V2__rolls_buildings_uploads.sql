-- The roll: one row per student per school. A student is active in at most one school at a time.
CREATE TABLE student (
  school_code     text NOT NULL REFERENCES school (code),
  citizen_id      text NOT NULL CHECK (citizen_id ~ '^([0-9]{13}|G[0-9]{12})$'),
  student_number  text NOT NULL,
  prefix          text NOT NULL,
  first_name      text NOT NULL,
  last_name       text NOT NULL,
  sex             text NOT NULL CHECK (sex IN ('M', 'F')),
  birth_date      date NOT NULL,
  grade           text NOT NULL,
  room            text NOT NULL,
  nationality     text,
  religion        text,
  disadvantage    text,
  disability      text,
  weight_kg       numeric(5, 1),
  height_cm       numeric(5, 1),
  status          text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'moved_out', 'removed')),
  updated_at      timestamptz NOT NULL,
  PRIMARY KEY (school_code, citizen_id)
);
CREATE UNIQUE INDEX student_active_once ON student (citizen_id) WHERE status = 'active';
CREATE INDEX student_school_grade ON student (school_code, grade, room);

-- Moves in and out, removals (จำหน่าย) and entries from other affiliations, as the schools reported them.
CREATE TABLE movement (
  id                 bigserial PRIMARY KEY,
  school_code        text NOT NULL REFERENCES school (code),
  citizen_id         text NOT NULL,
  movement           text NOT NULL CHECK (movement IN ('move_in', 'move_out', 'removal', 'entry_other_affiliation')),
  movement_date      date NOT NULL,
  reason             text,
  other_school_code  text,
  upload_id          uuid NOT NULL,
  recorded_at        timestamptz NOT NULL
);
CREATE INDEX movement_school ON movement (school_code, citizen_id);

-- B-OBEC: buildings and structures of each school.
CREATE TABLE building (
  school_code    text NOT NULL REFERENCES school (code),
  building_no    text NOT NULL,
  category       text NOT NULL,
  plan_code      text,
  floors         integer NOT NULL,
  rooms_by_plan  integer NOT NULL,
  rooms_in_use   integer NOT NULL,
  year_built     integer NOT NULL,
  budget_baht    numeric(14, 2),
  budget_source  text,
  condition      text NOT NULL,
  usage_status   text NOT NULL,
  updated_at     timestamptz NOT NULL,
  PRIMARY KEY (school_code, building_no)
);

-- A school's confirmation of its current building records; a later building upload clears it.
CREATE TABLE building_confirmation (
  school_code   text PRIMARY KEY REFERENCES school (code),
  confirmed_by  text NOT NULL,
  confirmed_at  timestamptz NOT NULL
);

-- Every upload, its outcome and its grouped errors. The same committed file is recognised by its hash.
CREATE TABLE upload (
  id             uuid PRIMARY KEY,
  school_code    text NOT NULL REFERENCES school (code),
  kind           text NOT NULL CHECK (kind IN ('students', 'movements', 'buildings')),
  academic_year  integer NOT NULL,
  term           integer NOT NULL,
  file_name      text,
  sha256         text NOT NULL,
  dry_run        boolean NOT NULL,
  status         text NOT NULL CHECK (status IN ('queued', 'running', 'validated', 'committed', 'rejected', 'failed')),
  result         jsonb,
  uploaded_by    text NOT NULL,
  created_at     timestamptz NOT NULL,
  finished_at    timestamptz
);
CREATE UNIQUE INDEX upload_same_file ON upload (school_code, kind, academic_year, term, sha256)
  WHERE NOT dry_run AND status = 'committed';

-- The rejected rows as uploaded, for the errors workbook.
CREATE TABLE upload_rejected_row (
  upload_id   uuid NOT NULL REFERENCES upload (id) ON DELETE CASCADE,
  row_number  integer NOT NULL,
  cells       jsonb NOT NULL,
  errors      jsonb NOT NULL,
  PRIMARY KEY (upload_id, row_number)
);
