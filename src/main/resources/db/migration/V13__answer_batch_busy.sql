-- Issue 29: no school's lock holds a batch. existence_answer_batch as in V12, except that each school's
-- round and counts locks are tried rather than waited for: a school whose lock is held elsewhere (its roll
-- being applied, its director certifying, another node writing its answer) gets the outcome 'busy', nothing
-- of its request is written, and the gateway tries that request again on its own.

CREATE OR REPLACE FUNCTION existence_answer_batch(p_year integer, p_term integer, p_at timestamptz,
                                       p_school text[], p_kind text[], p_grade text[], p_room text[],
                                       p_by text[], p_role text[],
                                       p_answer_req integer[], p_answer_id text[], p_answer_present boolean[],
                                       p_answer_reason text[])
RETURNS TABLE (req integer, outcome text, unknown text, changed integer, grade text, active bigint, present bigint,
               not_present bigint, unanswered bigint, last_answer timestamptz, certified_at timestamptz,
               certified_by text)
LANGUAGE plpgsql AS $$
#variable_conflict use_column
DECLARE
  v_school text;
  v_closed boolean;
  v_outcome text[];
  v_unknown text[];
  v_changed integer[] := array_fill(0, ARRAY[cardinality(p_school)]);
  v_written text[] := '{}';
  v_reqs integer[];
  v_busy text[] := '{}';
  v_counts integer[];
BEGIN
  -- Each school's locks are tried, never waited for: a school whose roll is being applied or certified, or
  -- whose request another node's batch is writing, is answered 'busy' and its request is tried again by
  -- the coalescer, while the rest of the batch is written at once. One school can no longer hold a batch,
  -- and with it every other school's answers, behind its own lock. A try never waits, so the order no
  -- longer matters for the schools; the round's lock (held exclusively only by the short close) is waited for.
  FOR v_school IN SELECT DISTINCT s FROM unnest(p_school) s ORDER BY 1 LOOP
    IF NOT (pg_try_advisory_xact_lock_shared(hashtext('round:' || p_year || ':' || p_term || ':' || v_school))
            AND pg_try_advisory_xact_lock(hashtext('counts:' || v_school))) THEN
      v_busy := v_busy || v_school;
    END IF;
  END LOOP;
  PERFORM pg_advisory_xact_lock_shared(hashtext('round:' || p_year || ':' || p_term));

  v_closed := EXISTS (SELECT 1 FROM round_closure r WHERE r.academic_year = p_year AND r.term = p_term);
  SELECT array_agg(CASE WHEN v_closed THEN 'closed'
                        WHEN q.s = ANY (v_busy) THEN 'busy'
                        WHEN c.school_code IS NOT NULL THEN 'certified'
                        WHEN u.ids IS NOT NULL THEN 'unknown'
                        ELSE 'ok' END ORDER BY q.i),
         array_agg(u.ids ORDER BY q.i)
  INTO v_outcome, v_unknown
  FROM unnest(p_school) WITH ORDINALITY AS q(s, i)
  LEFT JOIN certification c ON c.academic_year = p_year AND c.term = p_term AND c.school_code = q.s
  LEFT JOIN (SELECT a.r, string_agg(a.id, ',' ORDER BY a.o) AS ids
             FROM unnest(p_answer_req, p_answer_id) WITH ORDINALITY AS a(r, id, o)
             WHERE NOT EXISTS (SELECT 1 FROM student st WHERE st.school_code = p_school[a.r] AND st.citizen_id = a.id
                               AND st.status = 'active')
             GROUP BY a.r) u ON u.r = q.i;

  -- Individual answers: one statement for the whole batch (its triggers fire once).
  IF EXISTS (SELECT 1 FROM unnest(p_answer_req) r WHERE v_outcome[r] = 'ok') THEN
    WITH written AS (
      INSERT INTO existence_answer AS e (academic_year, term, school_code, citizen_id, present, reason, answered_by,
                                         answered_at)
      SELECT p_year, p_term, p_school[a.r], a.id, a.p, a.rs, p_by[a.r], p_at
      FROM unnest(p_answer_req, p_answer_id, p_answer_present, p_answer_reason) AS a(r, id, p, rs)
      WHERE v_outcome[a.r] = 'ok'
      ON CONFLICT (academic_year, term, school_code, citizen_id) DO UPDATE
        SET present = EXCLUDED.present, reason = EXCLUDED.reason, answered_by = EXCLUDED.answered_by,
            answered_at = EXCLUDED.answered_at
      WHERE (e.present, e.reason) IS DISTINCT FROM (EXCLUDED.present, EXCLUDED.reason)
      RETURNING e.school_code)
    SELECT coalesce(array_agg(w.school_code), '{}') INTO v_written FROM written w;
  END IF;

  -- Rooms and whole schools: everyone still unanswered marked present, again one statement for the batch.
  IF EXISTS (SELECT 1 FROM generate_subscripts(p_school, 1) i WHERE p_kind[i] <> 'answers' AND v_outcome[i] = 'ok') THEN
    WITH written AS (
      INSERT INTO existence_answer (academic_year, term, school_code, citizen_id, present, reason, answered_by, answered_at)
      SELECT p_year, p_term, s.school_code, s.citizen_id, true, NULL, p_by[q.i], p_at
      FROM generate_subscripts(p_school, 1) AS q(i)
      JOIN student s ON s.school_code = p_school[q.i] AND s.status = 'active'
                    AND (p_grade[q.i] IS NULL OR s.grade = p_grade[q.i]) AND (p_room[q.i] IS NULL OR s.room = p_room[q.i])
      WHERE p_kind[q.i] <> 'answers' AND v_outcome[q.i] = 'ok'
      ON CONFLICT (academic_year, term, school_code, citizen_id) DO NOTHING
      RETURNING school_code)
    SELECT v_written || coalesce(array_agg(w.school_code), '{}') INTO v_written FROM written w;
  END IF;

  -- What each request changed: its school's rows written by either statement (one request a school).
  SELECT array_agg(array_position(p_school, w.s)), array_agg(w.n) INTO v_reqs, v_counts
  FROM (SELECT s, count(*)::int AS n FROM unnest(v_written) s GROUP BY s) w;
  FOR i IN 1 .. coalesce(cardinality(v_reqs), 0) LOOP
    v_changed[v_reqs[i]] := v_counts[i];
  END LOOP;

  -- One audit event per answered request, in one statement.
  INSERT INTO audit_event (at, actor, role, action, school_code, area_code, detail)
  SELECT p_at, p_by[q.i], p_role[q.i], 'existence.answered', p_school[q.i], sc.area_code,
         jsonb_build_object('mode', p_kind[q.i])
           || CASE p_kind[q.i]
                WHEN 'answers' THEN jsonb_build_object('answers', (SELECT count(*) FROM unnest(p_answer_req) r WHERE r = q.i))
                WHEN 'room' THEN jsonb_build_object('grade', p_grade[q.i], 'room', p_room[q.i])
                ELSE '{}'::jsonb END
           || jsonb_build_object('changed', v_changed[q.i])
  FROM generate_subscripts(p_school, 1) AS q(i)
  LEFT JOIN school sc ON sc.code = p_school[q.i]
  WHERE v_outcome[q.i] = 'ok';

  RETURN QUERY
    SELECT q.i::integer, v_outcome[q.i], v_unknown[q.i], v_changed[q.i], s.grade, s.active, s.present,
           s.not_present, s.unanswered, s.last_answer, s.certified_at, s.certified_by
    FROM generate_subscripts(p_school, 1) AS q(i)
    LEFT JOIN LATERAL (SELECT * FROM existence_summary(p_year, p_term, p_school[q.i]) WHERE v_outcome[q.i] = 'ok') s
      ON true
    ORDER BY q.i;
END;
$$;

