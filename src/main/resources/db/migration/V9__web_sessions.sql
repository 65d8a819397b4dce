-- Issue 22: the pages' sessions. The cookie holds a random ID; only its SHA-256 is stored, so a copy of this
-- table logs nobody in. Every node reads the same rows, so a logout or a revocation counts everywhere at once.
CREATE TABLE web_session (
  id_hash      text PRIMARY KEY,
  username     text NOT NULL REFERENCES app_user (username) ON DELETE CASCADE,
  csrf_token   text NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  revoked_at   timestamptz
);
CREATE INDEX web_session_user ON web_session (username) WHERE revoked_at IS NULL;
