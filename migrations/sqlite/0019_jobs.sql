-- Work that must not be lost (services::jobs, issue 17): queued in the transaction of
-- the change that asks for it, claimed by one node at a time (one worker per process, BEGIN IMMEDIATE),
-- retried with backoff, and kept as 'dead' for the staff when it keeps failing.
CREATE TABLE jobs (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    kind          TEXT NOT NULL,
    payload       TEXT NOT NULL,
    status        TEXT NOT NULL CHECK (status IN ('queued', 'running', 'done', 'dead')),
    attempts      INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    max_attempts  INTEGER NOT NULL CHECK (max_attempts > 0),
    -- When a queued job is due; for a running one, when its claim lapses.
    run_at        INTEGER NOT NULL,
    last_error    TEXT NOT NULL DEFAULT '',
    created_at    INTEGER NOT NULL,
    finished_at   INTEGER
);
CREATE INDEX jobs_due ON jobs (status, run_at);

-- Periodic work (purges, provider status sweeps): when each last ran, on any node.
CREATE TABLE periodic_runs (
    name     TEXT PRIMARY KEY NOT NULL,
    last_at  INTEGER NOT NULL
);
