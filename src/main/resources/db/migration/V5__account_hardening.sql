-- Accounts that must change an initial or reset password, and a token version that a password change
-- or reset raises: a token carrying an older version is refused at once, as is any token of a disabled
-- account. security_changed_at lets every node pick up those changes within a second.
ALTER TABLE app_user ADD COLUMN must_change_password boolean NOT NULL DEFAULT false;
ALTER TABLE app_user ADD COLUMN token_version integer NOT NULL DEFAULT 0;
ALTER TABLE app_user ADD COLUMN security_changed_at timestamptz NOT NULL DEFAULT now();
CREATE INDEX app_user_security_changed ON app_user (security_changed_at);

-- Failed logins per account ('user:NAME') and per client address ('addr:IP'), shared by every node.
CREATE TABLE login_failure (
  key           text PRIMARY KEY,
  failures      integer NOT NULL,
  first_at      timestamptz NOT NULL,
  locked_until  timestamptz
);

-- Which process runs an upload: its pool's application_name. A queued or running upload whose process
-- has no session left in pg_stat_activity was interrupted (a crash, a kill) and is marked failed.
ALTER TABLE upload ADD COLUMN runner text;

-- Warnings beside errors: a flagged row of an upload may carry warnings (which do not block the commit).
ALTER TABLE upload_rejected_row ADD COLUMN warnings jsonb NOT NULL DEFAULT '{}'::jsonb;

-- B-OBEC as schools fill it: special rooms, and rooms by plan left blank for plans without a fixed number.
ALTER TABLE building ADD COLUMN special_rooms integer;
ALTER TABLE building ALTER COLUMN rooms_by_plan DROP NOT NULL;

-- New entrants may not have a student number yet; a row without one keeps the number on the roll.
ALTER TABLE student ALTER COLUMN student_number DROP NOT NULL;

-- The roll's disadvantage code is frozen with the round: the basic-needs allowance is paid on poor students.
ALTER TABLE round_snapshot ADD COLUMN disadvantage text;

-- Year-end promotion: once per academic year, every active student moves up a grade and each school's top
-- grade leaves the roll as graduates, recorded as movements of their own.
ALTER TABLE student DROP CONSTRAINT student_status_check;
ALTER TABLE student ADD CONSTRAINT student_status_check CHECK (status IN ('active', 'moved_out', 'removed', 'graduated'));
ALTER TABLE movement DROP CONSTRAINT movement_movement_check;
ALTER TABLE movement ADD CONSTRAINT movement_movement_check
  CHECK (movement IN ('move_in', 'move_out', 'removal', 'entry_other_affiliation', 'graduation'));
CREATE TABLE year_end_promotion (
  academic_year  integer PRIMARY KEY,
  id             uuid NOT NULL,
  promoted_by    text NOT NULL,
  promoted_at    timestamptz NOT NULL,
  promoted       integer,
  graduated      integer
);
