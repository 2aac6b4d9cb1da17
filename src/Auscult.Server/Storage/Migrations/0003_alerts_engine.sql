-- Alerts run through the alert engine (Alerts/AlertEngine): each history entry records what happened (opened,
-- escalated, acknowledged, confirmed, rejected, cleared, closed); rows written before this version have NULL and the
-- service derives it from their states.
ALTER TABLE alert_events ADD COLUMN type TEXT NULL;
