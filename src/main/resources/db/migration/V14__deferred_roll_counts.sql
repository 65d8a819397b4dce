-- Issue 29: a roll upload inserts its new students while its file is read, in its own transaction, without
-- taking the school's counts lock: its statements run with dmc.counts_deferred on (set_config, local to the
-- transaction), so the student triggers below leave the kept counts alone, and the upload recounts the school
-- once at the end (recount_school_counts), the only moment it holds that lock. The school's answers, which need
-- the lock, wait for that one short step, not for the whole file. The functions are V6's with one line added.

CREATE OR REPLACE FUNCTION student_counts_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('dmc.counts_deferred', true) = 'on' THEN RETURN NULL; END IF;
  PERFORM lock_school_counts(ARRAY(SELECT DISTINCT school_code FROM new_rows));
  INSERT INTO roll_count AS c (school_code, grade, active)
  SELECT school_code, grade, count(*) FROM new_rows WHERE status = 'active' GROUP BY 1, 2
  ON CONFLICT (school_code, grade) DO UPDATE SET active = c.active + EXCLUDED.active;
  INSERT INTO answer_count AS c (academic_year, term, school_code, grade, present, not_present, last_answer_at)
  SELECT a.academic_year, a.term, n.school_code, n.grade, count(*) FILTER (WHERE a.present),
         count(*) FILTER (WHERE NOT a.present), max(a.answered_at)
  FROM new_rows n
  JOIN (SELECT DISTINCT academic_year, term, school_code FROM answer_count
        WHERE school_code IN (SELECT school_code FROM new_rows)) r ON r.school_code = n.school_code
  JOIN existence_answer a ON (a.academic_year, a.term, a.school_code, a.citizen_id)
                           = (r.academic_year, r.term, n.school_code, n.citizen_id)
  WHERE n.status = 'active'
  GROUP BY 1, 2, 3, 4
  ON CONFLICT (academic_year, term, school_code, grade) DO UPDATE
    SET present = c.present + EXCLUDED.present, not_present = c.not_present + EXCLUDED.not_present,
        last_answer_at = greatest(c.last_answer_at, EXCLUDED.last_answer_at);
  RETURN NULL;
END;
$$;

CREATE OR REPLACE FUNCTION student_counts_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('dmc.counts_deferred', true) = 'on' THEN RETURN NULL; END IF;
  PERFORM lock_school_counts(ARRAY(SELECT school_code FROM new_rows UNION SELECT school_code FROM old_rows));
  WITH delta AS (
    SELECT school_code, citizen_id, grade, 1 AS sign FROM new_rows WHERE status = 'active'
    UNION ALL
    SELECT school_code, citizen_id, grade, -1 FROM old_rows WHERE status = 'active'
  ), rolls AS (
    INSERT INTO roll_count AS c (school_code, grade, active)
    SELECT school_code, grade, sum(sign) FROM delta GROUP BY 1, 2 HAVING sum(sign) <> 0
    ON CONFLICT (school_code, grade) DO UPDATE SET active = c.active + EXCLUDED.active
  )
  INSERT INTO answer_count AS c (academic_year, term, school_code, grade, present, not_present, last_answer_at)
  SELECT a.academic_year, a.term, d.school_code, d.grade, coalesce(sum(d.sign) FILTER (WHERE a.present), 0),
         coalesce(sum(d.sign) FILTER (WHERE NOT a.present), 0), max(a.answered_at)
  FROM delta d
  JOIN (SELECT DISTINCT academic_year, term, school_code FROM answer_count
        WHERE school_code IN (SELECT school_code FROM delta)) r ON r.school_code = d.school_code
  JOIN existence_answer a ON (a.academic_year, a.term, a.school_code, a.citizen_id)
                           = (r.academic_year, r.term, d.school_code, d.citizen_id)
  GROUP BY 1, 2, 3, 4
  ON CONFLICT (academic_year, term, school_code, grade) DO UPDATE
    SET present = c.present + EXCLUDED.present, not_present = c.not_present + EXCLUDED.not_present,
        last_answer_at = greatest(c.last_answer_at, EXCLUDED.last_answer_at);
  RETURN NULL;
END;
$$;

CREATE OR REPLACE FUNCTION student_counts_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('dmc.counts_deferred', true) = 'on' THEN RETURN NULL; END IF;
  PERFORM lock_school_counts(ARRAY(SELECT DISTINCT school_code FROM old_rows));
  UPDATE roll_count c SET active = c.active - d.n
  FROM (SELECT school_code, grade, count(*) AS n FROM old_rows WHERE status = 'active' GROUP BY 1, 2) d
  WHERE c.school_code = d.school_code AND c.grade = d.grade;
  UPDATE answer_count c SET present = c.present - d.present, not_present = c.not_present - d.not_present
  FROM (SELECT a.academic_year, a.term, o.school_code, o.grade, count(*) FILTER (WHERE a.present) AS present,
               count(*) FILTER (WHERE NOT a.present) AS not_present
        FROM old_rows o
        JOIN (SELECT DISTINCT academic_year, term, school_code FROM answer_count
              WHERE school_code IN (SELECT school_code FROM old_rows)) r ON r.school_code = o.school_code
        JOIN existence_answer a ON (a.academic_year, a.term, a.school_code, a.citizen_id)
                                 = (r.academic_year, r.term, o.school_code, o.citizen_id)
        WHERE o.status = 'active' GROUP BY 1, 2, 3, 4) d
  WHERE (c.academic_year, c.term, c.school_code, c.grade) = (d.academic_year, d.term, d.school_code, d.grade);
  RETURN NULL;
END;
$$;

-- The school's kept counts made again from its roll and its answers, under its counts lock: what the triggers
-- would have added up for an upload that deferred them. answer_count rows stay (a grade no longer on the roll
-- keeps its row at zero, as the triggers leave it) and last_answer_at only rises.
CREATE FUNCTION recount_school_counts(p_school text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  PERFORM lock_school_counts(ARRAY[p_school]);
  DELETE FROM roll_count WHERE school_code = p_school;
  INSERT INTO roll_count (school_code, grade, active)
  SELECT school_code, grade, count(*) FROM student WHERE school_code = p_school AND status = 'active' GROUP BY 1, 2;
  UPDATE answer_count SET present = 0, not_present = 0 WHERE school_code = p_school;
  INSERT INTO answer_count AS c (academic_year, term, school_code, grade, present, not_present, last_answer_at)
  SELECT a.academic_year, a.term, a.school_code, s.grade, count(*) FILTER (WHERE a.present),
         count(*) FILTER (WHERE NOT a.present), max(a.answered_at)
  FROM existence_answer a
  JOIN student s ON s.school_code = a.school_code AND s.citizen_id = a.citizen_id AND s.status = 'active'
  WHERE a.school_code = p_school
  GROUP BY 1, 2, 3, 4
  ON CONFLICT (academic_year, term, school_code, grade) DO UPDATE
    SET present = EXCLUDED.present, not_present = EXCLUDED.not_present,
        last_answer_at = greatest(c.last_answer_at, EXCLUDED.last_answer_at);
END;
$$;
