-- The existence workbook goes through the upload pipeline too.
ALTER TABLE upload DROP CONSTRAINT upload_kind_check;
ALTER TABLE upload ADD CONSTRAINT upload_kind_check CHECK (kind IN ('students', 'movements', 'buildings', 'existence'));
