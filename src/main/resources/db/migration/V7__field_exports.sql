-- The fields the DMC portal's exports carry beyond the roll's own columns (address, parents and guardian,
-- blood group, ethnicity, shortages, travel...), one typed JSON document per student: numbers as numbers,
-- text as text, keys as in templates/students.json. See docs/workbooks.md for why a document and not columns.
ALTER TABLE student ADD COLUMN details jsonb NOT NULL DEFAULT '{}'::jsonb;

-- OBEC's own 6-digit school code, optional: a file may name the school by it.
ALTER TABLE school ADD COLUMN obec_code text CHECK (obec_code ~ '^[0-9]{6}$');
CREATE UNIQUE INDEX school_obec_code ON school (obec_code) WHERE obec_code IS NOT NULL;

-- The count date of a round, from its calendar, kept with its close so a closed round's titles say it.
ALTER TABLE round_closure ADD COLUMN count_date date;

-- What the Ministry's Exchange file carries of each student besides the roll: frozen with the round.
ALTER TABLE round_snapshot ADD COLUMN nationality text, ADD COLUMN disability text;

-- The subsidy holds apart look-alike students (same name and birth date present in two schools): found by a
-- self-join of the snapshot, which without this index became a nested loop over a whole school's roll.
CREATE INDEX round_snapshot_person ON round_snapshot (academic_year, term, first_name, last_name, birth_date);
