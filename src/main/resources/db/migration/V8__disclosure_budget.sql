-- Issue 19 item 6: which children each account was told are on another school's roll, per Bangkok day. The
-- daily cap counts distinct children, so a dry run sent again the same day costs nothing new.
CREATE TABLE disclosure_day (
  username   text NOT NULL,
  day        date NOT NULL,
  citizen_id text NOT NULL,
  PRIMARY KEY (username, day, citizen_id)
);
