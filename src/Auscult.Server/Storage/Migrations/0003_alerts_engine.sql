-- Alerts run through the alert engine (Alerts/AlertEngine): each history entry records what happened (opened,
-- escalated, acknowledged, confirmed, rejected, cleared, closed); rows written before this version have NULL and the
-- service derives it from their states.
ALTER TABLE alert_events ADD COLUMN type TEXT NULL;

-- The machine state and last clip time of each machine's engine state, beside its JSON, so that the offline tick finds
-- the silent machines with an index instead of reading every state.
ALTER TABLE machine_alert_states ADD COLUMN machine_state TEXT NULL;
ALTER TABLE machine_alert_states ADD COLUMN last_clip_at BIGINT NULL;
CREATE INDEX ix_machine_alert_states_last_clip ON machine_alert_states (last_clip_at);

-- Every attempt to deliver a webhook event (Alerts/Webhooks/WebhookNotifier), for operators to see what was sent, when,
-- and what the receiver answered. The receiver is its scheme, host and port only: chat tools put their secret in the path.
CREATE TABLE webhook_deliveries (
    id TEXT PRIMARY KEY,
    event_id TEXT NOT NULL,
    event_type TEXT NOT NULL,
    alert_id TEXT NOT NULL,
    machine_id TEXT NOT NULL,
    receiver TEXT NOT NULL,
    attempt INTEGER NOT NULL,
    max_attempts INTEGER NOT NULL,
    started_at BIGINT NOT NULL,
    duration_ms BIGINT NOT NULL,
    status_code INTEGER NULL,
    error TEXT NULL,
    -- delivered, retrying, failed.
    outcome TEXT NOT NULL,
    next_attempt_at BIGINT NULL
);
CREATE INDEX ix_webhook_deliveries_alert ON webhook_deliveries (alert_id, started_at);
CREATE INDEX ix_webhook_deliveries_event ON webhook_deliveries (event_id);
