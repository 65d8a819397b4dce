-- Issue 22: finding a student of a big school by name, citizen ID or student number without reading its roll.
-- Names are matched by prefix as a range in byte order (COLLATE "C"), which a btree serves with any parameter.
CREATE INDEX student_school_number ON student (school_code, student_number) WHERE status = 'active';
CREATE INDEX student_school_first_name ON student (school_code, (first_name COLLATE "C")) WHERE status = 'active';
CREATE INDEX student_school_last_name ON student (school_code, (last_name COLLATE "C")) WHERE status = 'active';
