-- Issue 29: a roll upload inserts its new students while its file is read, in its own transaction, without
-- taking the school's counts lock: its statements run with dmc.counts_deferred on (set_config, local to the
-- transaction), so the student triggers below do not fire, and the upload recounts the school
-- once at the end (recount_school_counts), the only moment it holds that lock. The school's answers, which need
-- the lock, wait for that one short step, not for the whole file. V6's trigger functions are unchanged.

-- The kept-count triggers of V6, again, each fired only while the counts are not deferred.
DROP TRIGGER student_counts_insert ON student;
DROP TRIGGER student_counts_update ON student;
DROP TRIGGER student_counts_delete ON student;
CREATE TRIGGER student_counts_insert AFTER INSERT ON student REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT WHEN (current_setting('dmc.counts_deferred', true) IS DISTINCT FROM 'on')
  EXECUTE FUNCTION student_counts_insert();
CREATE TRIGGER student_counts_update AFTER UPDATE ON student REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT WHEN (current_setting('dmc.counts_deferred', true) IS DISTINCT FROM 'on')
  EXECUTE FUNCTION student_counts_update();
CREATE TRIGGER student_counts_delete AFTER DELETE ON student REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT WHEN (current_setting('dmc.counts_deferred', true) IS DISTINCT FROM 'on')
  EXECUTE FUNCTION student_counts_delete();

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
