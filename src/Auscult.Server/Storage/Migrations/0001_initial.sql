-- Auscult schema, version 1. One text for SQLite and PostgreSQL: only types both read the same way.
-- Times are BIGINT milliseconds since the Unix epoch, UTC (both databases compare and index them alike; no time-zone
-- conversions between drivers). Ids are text: chosen by the caller (machines), content hashes (models) or UUIDv7
-- (everything else, so they sort by creation time). JSON is stored as TEXT.

CREATE TABLE machines (
    id TEXT PRIMARY KEY,
    machine_type TEXT NOT NULL,
    name TEXT NULL,
    site TEXT NULL,
    tags TEXT NOT NULL DEFAULT '[]',
    -- The machine's own threshold options (calibration, a hand-set threshold) as JSON; '{}' means the model's.
    options TEXT NOT NULL DEFAULT '{}',
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX ix_machines_type ON machines (machine_type);
CREATE INDEX ix_machines_site ON machines (site);

CREATE TABLE models (
    -- SHA-256 of the bundle file, lower-case hex.
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    machine_type TEXT NULL,
    metrics TEXT NOT NULL,
    manifest TEXT NOT NULL,
    -- Relative to the data folder.
    file_path TEXT NOT NULL,
    size_bytes BIGINT NOT NULL,
    uploaded_by TEXT NULL,
    uploaded_at BIGINT NOT NULL
);

-- Every activation is kept: the active model of a machine is its latest activation for the machine, else the latest
-- for its machine type.
CREATE TABLE model_activations (
    id TEXT PRIMARY KEY,
    model_id TEXT NOT NULL REFERENCES models (id),
    machine_id TEXT NULL,
    machine_type TEXT NULL,
    activated_by TEXT NULL,
    activated_at BIGINT NOT NULL,
    CHECK ((machine_id IS NULL AND machine_type IS NOT NULL) OR (machine_id IS NOT NULL AND machine_type IS NULL))
);
CREATE INDEX ix_model_activations_machine ON model_activations (machine_id, activated_at);
CREATE INDEX ix_model_activations_type ON model_activations (machine_type, activated_at);

CREATE TABLE clips (
    id TEXT PRIMARY KEY,
    machine_id TEXT NOT NULL REFERENCES machines (id),
    -- The sender's id for the clip (X-Clip-Id, the MQTT clipId); the server's id when the sender gave none.
    client_clip_id TEXT NOT NULL,
    device_id TEXT NULL,
    received_at BIGINT NOT NULL,
    recorded_at BIGINT NULL,
    format TEXT NOT NULL,
    sample_rate INTEGER NOT NULL,
    channels INTEGER NOT NULL,
    duration_ms BIGINT NOT NULL,
    size_bytes BIGINT NOT NULL,
    sha256 TEXT NOT NULL,
    health TEXT NOT NULL,
    -- Relative to the data folder; NULL once retention has deleted the audio (the clip and its scores stay).
    audio_path TEXT NULL,
    -- Idempotency lives here: a clip id is stored at most once per machine, whatever the number of instances.
    UNIQUE (machine_id, client_clip_id)
);
CREATE INDEX ix_clips_machine_received ON clips (machine_id, received_at);

CREATE TABLE scores (
    id TEXT PRIMARY KEY,
    clip_id TEXT NOT NULL REFERENCES clips (id),
    machine_id TEXT NOT NULL,
    -- NULL when no model was active (verdict no-model).
    model_id TEXT NULL REFERENCES models (id),
    -- The clip's time: recorded, else received; what score timelines and drift windows are keyed on.
    clip_at BIGINT NOT NULL,
    scored_at BIGINT NOT NULL,
    score DOUBLE PRECISION NULL,
    threshold DOUBLE PRECISION NULL,
    verdict TEXT NOT NULL,
    kind TEXT NULL,
    unfit_reason TEXT NULL,
    -- The alert this score opened or updated, if any.
    alert_id TEXT NULL,
    UNIQUE (clip_id, model_id)
);
CREATE INDEX ix_scores_machine_time ON scores (machine_id, clip_at);
CREATE INDEX ix_scores_clip ON scores (clip_id);

CREATE TABLE alerts (
    id TEXT PRIMARY KEY,
    machine_id TEXT NOT NULL REFERENCES machines (id),
    -- A fault kind (unbalance, clogging, ... or anomaly when unknown), input, or drift.
    kind TEXT NOT NULL,
    -- open, acknowledged, confirmed, rejected, closed.
    state TEXT NOT NULL,
    -- warning or alarm.
    severity TEXT NOT NULL,
    opened_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    closed_at BIGINT NULL,
    first_clip_id TEXT NULL,
    last_clip_id TEXT NULL,
    clip_count INTEGER NOT NULL DEFAULT 0,
    peak_score DOUBLE PRECISION NULL,
    -- The kind an operator confirmed, and the last note.
    confirmed_kind TEXT NULL,
    note TEXT NULL
);
-- One alert per machine and kind until it closes: updated rather than repeated.
CREATE UNIQUE INDEX ux_alerts_one_open ON alerts (machine_id, kind) WHERE closed_at IS NULL;
CREATE INDEX ix_alerts_state ON alerts (state, machine_id);

CREATE TABLE alert_clips (
    alert_id TEXT NOT NULL REFERENCES alerts (id),
    clip_id TEXT NOT NULL REFERENCES clips (id),
    PRIMARY KEY (alert_id, clip_id)
);

-- Every state change of an alert with who and when (opening included: from_state NULL).
CREATE TABLE alert_events (
    id TEXT PRIMARY KEY,
    alert_id TEXT NOT NULL REFERENCES alerts (id),
    at BIGINT NOT NULL,
    actor TEXT NOT NULL,
    from_state TEXT NULL,
    to_state TEXT NOT NULL,
    note TEXT NULL
);
CREATE INDEX ix_alert_events_alert ON alert_events (alert_id, at);

-- Labelled clips: the supervised model's training data. One label per clip; a later decision replaces it.
CREATE TABLE labels (
    id TEXT PRIMARY KEY,
    clip_id TEXT NOT NULL UNIQUE REFERENCES clips (id),
    machine_id TEXT NOT NULL,
    -- normal or anomalous.
    label TEXT NOT NULL,
    kind TEXT NULL,
    -- alert-confirmed, alert-rejected, manual.
    source TEXT NOT NULL,
    alert_id TEXT NULL,
    created_by TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX ix_labels_machine ON labels (machine_id, label);

CREATE TABLE api_keys (
    id TEXT PRIMARY KEY,
    name TEXT NULL,
    -- admin, operator, device.
    role TEXT NOT NULL,
    -- JSON array of machine ids a device key may post for; NULL for other roles.
    machines TEXT NULL,
    -- SHA-256 of the whole key, lower-case hex; the key itself is never stored.
    key_hash TEXT NOT NULL UNIQUE,
    -- The key's first characters, to recognise it in a list.
    key_prefix TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    revoked_at BIGINT NULL
);
