-- Training jobs (Jobs/JobRunner.cs): an admin asks for a model to be trained for a machine type; one instance among
-- those sharing the database claims the job (a conditional UPDATE of a queued row), holds it with a lease it renews
-- while it trains, and writes progress, the result model and its evaluation here. A running job whose lease has
-- expired (its instance died) is marked failed by the next instance that looks; it is never run twice.
CREATE TABLE jobs (
    id TEXT PRIMARY KEY,
    -- train-classifier, retrain-autoencoder or first-autoencoder.
    kind TEXT NOT NULL,
    machine_type TEXT NOT NULL,
    -- queued, running, succeeded, failed, cancelled.
    state TEXT NOT NULL,
    requested_by TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    started_at BIGINT NULL,
    finished_at BIGINT NULL,
    -- The instance running it and until when its lease holds.
    holder TEXT NULL,
    lease_expires_at BIGINT NULL,
    -- 1 once someone asked to cancel; the holder sees it at its next heartbeat.
    cancel_requested INTEGER NOT NULL DEFAULT 0,
    progress_step TEXT NULL,
    progress_done INTEGER NOT NULL DEFAULT 0,
    progress_total INTEGER NOT NULL DEFAULT 0,
    error TEXT NULL,
    result_model_id TEXT NULL,
    -- JSON: the new model's and the active model's figures on the same labelled clips (Jobs/JobEvaluation.cs).
    evaluation TEXT NULL,
    -- promoted or discarded, by whom and when: nothing is promoted automatically.
    decision TEXT NULL,
    decided_by TEXT NULL,
    decided_at BIGINT NULL
);
-- At most one queued or running job per machine type.
CREATE UNIQUE INDEX ux_jobs_one_active ON jobs (machine_type) WHERE state IN ('queued', 'running');
CREATE INDEX ix_jobs_state ON jobs (state, created_at);
