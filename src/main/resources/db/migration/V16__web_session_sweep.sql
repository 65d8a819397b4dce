-- Issue 31 item 6: ended sessions are deleted periodically. Each kind of end is found by an index of its own,
-- so the sweep reads only the rows it deletes however many live sessions there are on 10 November.
CREATE INDEX web_session_idle ON web_session (last_seen_at) WHERE revoked_at IS NULL;
CREATE INDEX web_session_revoked ON web_session (revoked_at) WHERE revoked_at IS NOT NULL;
