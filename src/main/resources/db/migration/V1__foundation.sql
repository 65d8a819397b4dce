-- Areas (สพท.) and schools: the master data every round hangs on.
CREATE TABLE area (
  code        text PRIMARY KEY,
  name_th     text NOT NULL,
  kind        text NOT NULL CHECK (kind IN ('primary', 'secondary')),
  province    text NOT NULL,
  updated_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE school (
  code        text PRIMARY KEY CHECK (code ~ '^[0-9]{10}$'),
  name_th     text NOT NULL,
  area_code   text NOT NULL REFERENCES area (code),
  province    text NOT NULL,
  updated_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX school_area_idx ON school (area_code);

-- Accounts. Passwords are kept only as salted PBKDF2 hashes.
CREATE TABLE app_user (
  username       text PRIMARY KEY CHECK (username ~ '^[a-z0-9][a-z0-9._-]{2,63}$'),
  password_hash  text NOT NULL,
  role           text NOT NULL CHECK (role IN ('school_staff', 'school_director', 'area_staff', 'obec_admin')),
  school_code    text REFERENCES school (code),
  area_code      text REFERENCES area (code),
  disabled       boolean NOT NULL DEFAULT false,
  created_at     timestamptz NOT NULL DEFAULT now(),
  created_by     text,
  CONSTRAINT app_user_school_scope CHECK ((role IN ('school_staff', 'school_director')) = (school_code IS NOT NULL)),
  CONSTRAINT app_user_area_scope CHECK ((role = 'area_staff') = (area_code IS NOT NULL))
);
