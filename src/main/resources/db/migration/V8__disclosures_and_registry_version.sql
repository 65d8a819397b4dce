-- Issue 19 item 6: which children each account was told are on another school's roll, per Bangkok day. The
-- daily cap counts distinct children, so a dry run sent again the same day costs nothing new.
CREATE TABLE disclosure_day (
  username   text NOT NULL,
  day        date NOT NULL,
  citizen_id text NOT NULL,
  PRIMARY KEY (username, day, citizen_id)
);

-- Issue 19 item 14: every registry import bumps this version in its own transaction; each node polls it and
-- forgets its cached school-to-area answers when it moves, so a school moved between areas is seen everywhere.
CREATE TABLE registry_version (
  id      int PRIMARY KEY CHECK (id = 1),
  version bigint NOT NULL
);
INSERT INTO registry_version VALUES (1, 0);
