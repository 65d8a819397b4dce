-- A roll kept one sheet per room is read whole: a rejected row is found by its sheet and its row in that
-- sheet. row_number stays the upload's own number for the row, unique across its sheets.
ALTER TABLE upload_rejected_row ADD COLUMN sheet text, ADD COLUMN sheet_row int;
