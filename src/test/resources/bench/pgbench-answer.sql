\set s random(0, 199)
\set k random(0, 299)
SELECT * FROM existence_answer(2999, 2, '109' || lpad(:s::text, 7, '0'), ARRAY['G' || lpad((:s * 10000 + :k)::text, 12, '0')], ARRAY[true], ARRAY[NULL::text], NULL, NULL, 'bench', 'school_staff', now(), '{"mode": "answers", "answers": 1}'::jsonb);
