-- Issue 22: the day's answering activity per school and 15-minute bucket (Asia/Bangkok wall clock buckets are
-- the same as UTC ones: +07:00 is a whole number of quarters), kept in the answering transaction so that the area
-- and national charts read kept counts, never the day's answers. Activity, not state: an answer changed later
-- counts again in its new bucket, and a reopened certification stays in the bucket it happened in.
CREATE TABLE answer_timeline (
  academic_year integer NOT NULL,
  term          integer NOT NULL,
  school_code   text NOT NULL,
  bucket        timestamptz NOT NULL,
  present       integer NOT NULL DEFAULT 0,
  not_present   integer NOT NULL DEFAULT 0,
  certified     integer NOT NULL DEFAULT 0,
  PRIMARY KEY (academic_year, term, school_code, bucket)
);

CREATE FUNCTION quarter_of(t timestamptz) RETURNS timestamptz LANGUAGE sql IMMUTABLE AS $$
  SELECT to_timestamp(floor(extract(epoch FROM t) / 900) * 900)
$$;

INSERT INTO answer_timeline (academic_year, term, school_code, bucket, present, not_present)
SELECT academic_year, term, school_code, quarter_of(answered_at), count(*) FILTER (WHERE present),
       count(*) FILTER (WHERE NOT present)
FROM existence_answer GROUP BY 1, 2, 3, 4;

INSERT INTO answer_timeline AS t (academic_year, term, school_code, bucket, certified)
SELECT academic_year, term, school_code, quarter_of(certified_at), count(*) FROM certification GROUP BY 1, 2, 3, 4
ON CONFLICT (academic_year, term, school_code, bucket) DO UPDATE SET certified = t.certified + EXCLUDED.certified;

-- One row per school and quarter: a school's answers take its own rows only (its counts lock is already held by
-- the answer's own triggers), so schools never wait on one another here.
CREATE FUNCTION answer_timeline_add() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO answer_timeline AS t (academic_year, term, school_code, bucket, present, not_present)
  SELECT academic_year, term, school_code, quarter_of(answered_at), count(*) FILTER (WHERE present),
         count(*) FILTER (WHERE NOT present)
  FROM new_rows GROUP BY 1, 2, 3, 4
  ON CONFLICT (academic_year, term, school_code, bucket) DO UPDATE
    SET present = t.present + EXCLUDED.present, not_present = t.not_present + EXCLUDED.not_present;
  RETURN NULL;
END;
$$;

CREATE TRIGGER answer_timeline_insert AFTER INSERT ON existence_answer REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION answer_timeline_add();
CREATE TRIGGER answer_timeline_update AFTER UPDATE ON existence_answer REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION answer_timeline_add();

CREATE FUNCTION certification_timeline_add() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO answer_timeline AS t (academic_year, term, school_code, bucket, certified)
  VALUES (NEW.academic_year, NEW.term, NEW.school_code, quarter_of(NEW.certified_at), 1)
  ON CONFLICT (academic_year, term, school_code, bucket) DO UPDATE SET certified = t.certified + 1;
  RETURN NULL;
END;
$$;

CREATE TRIGGER certification_timeline AFTER INSERT ON certification
  FOR EACH ROW EXECUTE FUNCTION certification_timeline_add();
