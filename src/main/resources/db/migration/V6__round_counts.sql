-- Counts kept up to date in the transaction that changes them, so that on 10 November a school's summary
-- and an area's progress are row reads, not aggregates over the roll. The certification freeze and the
-- final check still count from the answers themselves.

-- Active students of a school by grade.
CREATE TABLE roll_count (
  school_code  text NOT NULL,
  grade        text NOT NULL,
  active       integer NOT NULL,
  PRIMARY KEY (school_code, grade)
);

-- Answers of active students by round, school and the student's current grade. last_answer_at only rises:
-- a student who leaves keeps the time of the grade's latest answer.
CREATE TABLE answer_count (
  academic_year   integer NOT NULL,
  term            integer NOT NULL,
  school_code     text NOT NULL,
  grade           text NOT NULL,
  present         integer NOT NULL,
  not_present     integer NOT NULL,
  last_answer_at  timestamptz,
  PRIMARY KEY (academic_year, term, school_code, grade)
);

INSERT INTO roll_count
SELECT school_code, grade, count(*) FROM student WHERE status = 'active' GROUP BY 1, 2;

INSERT INTO answer_count
SELECT a.academic_year, a.term, a.school_code, s.grade, count(*) FILTER (WHERE a.present),
       count(*) FILTER (WHERE NOT a.present), max(a.answered_at)
FROM existence_answer a
JOIN student s ON s.school_code = a.school_code AND s.citizen_id = a.citizen_id AND s.status = 'active'
GROUP BY 1, 2, 3, 4;

-- Every trigger takes this lock, in school order, before it reads what it counts: a roll change and an
-- answer of the same school then add their changes one after the other, each reading from a snapshot
-- taken after the other committed, so no change is counted twice or lost.
CREATE FUNCTION lock_school_counts(p_schools text[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('counts:' || sc))
  FROM (SELECT DISTINCT sc FROM unnest(p_schools) sc ORDER BY sc) ordered;
END;
$$;

-- The rounds a school has answers in: a roll change moves the answer counts of those rounds only, and
-- finds its students' answers through the primary key.
CREATE INDEX answer_count_school ON answer_count (school_code);

CREATE FUNCTION student_counts_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
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

CREATE FUNCTION student_counts_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
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

CREATE FUNCTION student_counts_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
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

CREATE TRIGGER student_counts_insert AFTER INSERT ON student REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION student_counts_insert();
CREATE TRIGGER student_counts_update AFTER UPDATE ON student REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION student_counts_update();
CREATE TRIGGER student_counts_delete AFTER DELETE ON student REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION student_counts_delete();

-- Answers move the counts of the answering student's current grade; answers of students not active count nowhere.
CREATE FUNCTION answer_counts_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM lock_school_counts(ARRAY(SELECT DISTINCT school_code FROM new_rows));
  INSERT INTO answer_count AS c (academic_year, term, school_code, grade, present, not_present, last_answer_at)
  SELECT n.academic_year, n.term, n.school_code, s.grade, count(*) FILTER (WHERE n.present),
         count(*) FILTER (WHERE NOT n.present), max(n.answered_at)
  FROM new_rows n JOIN student s ON s.school_code = n.school_code AND s.citizen_id = n.citizen_id AND s.status = 'active'
  GROUP BY 1, 2, 3, 4
  ON CONFLICT (academic_year, term, school_code, grade) DO UPDATE
    SET present = c.present + EXCLUDED.present, not_present = c.not_present + EXCLUDED.not_present,
        last_answer_at = greatest(c.last_answer_at, EXCLUDED.last_answer_at);
  RETURN NULL;
END;
$$;

CREATE FUNCTION answer_counts_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM lock_school_counts(ARRAY(SELECT DISTINCT school_code FROM new_rows));
  UPDATE answer_count c
  SET present = c.present + d.present, not_present = c.not_present + d.not_present,
      last_answer_at = greatest(c.last_answer_at, d.last_answer_at)
  FROM (SELECT n.academic_year, n.term, n.school_code, s.grade,
               sum(n.present::int - o.present::int) AS present,
               sum((NOT n.present)::int - (NOT o.present)::int) AS not_present, max(n.answered_at) AS last_answer_at
        FROM new_rows n
        JOIN old_rows o ON (o.academic_year, o.term, o.school_code, o.citizen_id)
                         = (n.academic_year, n.term, n.school_code, n.citizen_id)
        JOIN student s ON s.school_code = n.school_code AND s.citizen_id = n.citizen_id AND s.status = 'active'
        GROUP BY 1, 2, 3, 4) d
  WHERE (c.academic_year, c.term, c.school_code, c.grade) = (d.academic_year, d.term, d.school_code, d.grade);
  RETURN NULL;
END;
$$;

CREATE FUNCTION answer_counts_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM lock_school_counts(ARRAY(SELECT DISTINCT school_code FROM old_rows));
  UPDATE answer_count c SET present = c.present - d.present, not_present = c.not_present - d.not_present
  FROM (SELECT o.academic_year, o.term, o.school_code, s.grade, count(*) FILTER (WHERE o.present) AS present,
               count(*) FILTER (WHERE NOT o.present) AS not_present
        FROM old_rows o
        JOIN student s ON s.school_code = o.school_code AND s.citizen_id = o.citizen_id AND s.status = 'active'
        GROUP BY 1, 2, 3, 4) d
  WHERE (c.academic_year, c.term, c.school_code, c.grade) = (d.academic_year, d.term, d.school_code, d.grade);
  RETURN NULL;
END;
$$;

CREATE TRIGGER answer_counts_insert AFTER INSERT ON existence_answer REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION answer_counts_insert();
CREATE TRIGGER answer_counts_update AFTER UPDATE ON existence_answer REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION answer_counts_update();
CREATE TRIGGER answer_counts_delete AFTER DELETE ON existence_answer REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION answer_counts_delete();

-- A school's round summary by grade, from the counts: what an answer returns and the summary page reads.
CREATE FUNCTION existence_summary(p_year integer, p_term integer, p_school text)
RETURNS TABLE (grade text, active bigint, present bigint, not_present bigint, unanswered bigint,
               last_answer timestamptz, certified_at timestamptz, certified_by text)
LANGUAGE sql STABLE AS $$
  SELECT r.grade, r.active::bigint, coalesce(a.present, 0)::bigint, coalesce(a.not_present, 0)::bigint,
         (r.active - coalesce(a.present, 0) - coalesce(a.not_present, 0))::bigint, a.last_answer_at,
         c.certified_at, c.certified_by
  FROM (SELECT p_school AS school_code) me
  LEFT JOIN roll_count r ON r.school_code = me.school_code AND r.active > 0
  LEFT JOIN answer_count a ON a.academic_year = p_year AND a.term = p_term AND a.school_code = me.school_code
                          AND a.grade = r.grade
  LEFT JOIN certification c ON c.academic_year = p_year AND c.term = p_term AND c.school_code = me.school_code
  ORDER BY r.grade;
$$;

-- One existence request in one round trip: takes the locks, refuses a closed round, a certified school and
-- IDs not on the active roll (writing nothing), writes the answers (p_ids given) or marks everyone still
-- unanswered present (in p_grade and p_room when given), records the audit event, and answers the summary.
-- outcome: 'ok', 'closed', 'certified' or 'unknown' (with the unknown IDs).
CREATE FUNCTION existence_answer(p_year integer, p_term integer, p_school text, p_ids text[], p_present boolean[],
                                 p_reasons text[], p_grade text, p_room text, p_by text, p_role text,
                                 p_at timestamptz, p_detail jsonb)
RETURNS TABLE (outcome text, unknown text[], changed integer, grade text, active bigint, present bigint,
               not_present bigint, unanswered bigint, last_answer timestamptz, certified_at timestamptz,
               certified_by text)
LANGUAGE plpgsql AS $$
#variable_conflict use_column
DECLARE
  v_unknown text[];
  v_changed integer;
BEGIN
  PERFORM pg_advisory_xact_lock_shared(hashtext('round:' || p_year || ':' || p_term || ':' || p_school)),
          pg_advisory_xact_lock_shared(hashtext('round:' || p_year || ':' || p_term));
  IF EXISTS (SELECT 1 FROM round_closure r WHERE r.academic_year = p_year AND r.term = p_term) THEN
    RETURN QUERY SELECT 'closed'::text, NULL::text[], 0, NULL::text, 0::bigint, 0::bigint, 0::bigint, 0::bigint,
                        NULL::timestamptz, NULL::timestamptz, NULL::text;
    RETURN;
  END IF;
  IF EXISTS (SELECT 1 FROM certification c WHERE c.academic_year = p_year AND c.term = p_term
             AND c.school_code = p_school) THEN
    RETURN QUERY SELECT 'certified'::text, NULL::text[], 0, NULL::text, 0::bigint, 0::bigint, 0::bigint, 0::bigint,
                        NULL::timestamptz, NULL::timestamptz, NULL::text;
    RETURN;
  END IF;
  IF p_ids IS NOT NULL THEN
    SELECT array_agg(i) INTO v_unknown FROM unnest(p_ids) i
    WHERE NOT EXISTS (SELECT 1 FROM student s WHERE s.school_code = p_school AND s.citizen_id = i AND s.status = 'active');
    IF v_unknown IS NOT NULL THEN
      RETURN QUERY SELECT 'unknown'::text, v_unknown, 0, NULL::text, 0::bigint, 0::bigint, 0::bigint, 0::bigint,
                          NULL::timestamptz, NULL::timestamptz, NULL::text;
      RETURN;
    END IF;
    INSERT INTO existence_answer AS e (academic_year, term, school_code, citizen_id, present, reason, answered_by, answered_at)
    SELECT p_year, p_term, p_school, i.c, i.p, i.r, p_by, p_at FROM unnest(p_ids, p_present, p_reasons) AS i(c, p, r)
    ON CONFLICT (academic_year, term, school_code, citizen_id) DO UPDATE
      SET present = EXCLUDED.present, reason = EXCLUDED.reason, answered_by = EXCLUDED.answered_by,
          answered_at = EXCLUDED.answered_at
    WHERE (e.present, e.reason) IS DISTINCT FROM (EXCLUDED.present, EXCLUDED.reason);
  ELSE
    INSERT INTO existence_answer (academic_year, term, school_code, citizen_id, present, reason, answered_by, answered_at)
    SELECT p_year, p_term, p_school, s.citizen_id, true, NULL, p_by, p_at FROM student s
    WHERE s.school_code = p_school AND s.status = 'active'
      AND (p_grade IS NULL OR s.grade = p_grade) AND (p_room IS NULL OR s.room = p_room)
    ON CONFLICT (academic_year, term, school_code, citizen_id) DO NOTHING;
  END IF;
  GET DIAGNOSTICS v_changed = ROW_COUNT;
  INSERT INTO audit_event (at, actor, role, action, school_code, area_code, detail)
  VALUES (p_at, p_by, p_role, 'existence.answered', p_school,
          (SELECT area_code FROM school WHERE code = p_school), p_detail || jsonb_build_object('changed', v_changed));
  RETURN QUERY SELECT 'ok'::text, NULL::text[], v_changed, s.* FROM existence_summary(p_year, p_term, p_school) s;
END;
$$;
