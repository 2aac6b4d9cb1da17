-- What the drift monitor keeps of each clip a model scored (Auscult.Drift.DriftObservation: the clip's time, score,
-- input fault, per-band mean level and training-quantile bin counts), base64 of its bytes (about 4 KB for 128 bands),
-- keyed by the model that observed it: a machine's drift is computed from its active model's rows over the window.
-- Rows older than the drift horizon are deleted as new ones arrive (a machine keeps about two days of them).
CREATE TABLE drift_observations (
    clip_id TEXT PRIMARY KEY,
    machine_id TEXT NOT NULL,
    model_id TEXT NOT NULL,
    clip_at BIGINT NOT NULL,
    observation TEXT NOT NULL
);
CREATE INDEX ix_drift_observations_machine ON drift_observations (machine_id, model_id, clip_at);
