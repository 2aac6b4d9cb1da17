-- The alert engine's memory of each machine (Alerts/MachineAlertState as JSON, see Alerts/AlertJson): its recent
-- verdicts, open alerts, calibration and own threshold. Read and written inside each clip's transaction with the
-- machine's row locked; version increments with every write.
CREATE TABLE machine_alert_states (
    machine_id TEXT PRIMARY KEY REFERENCES machines (id),
    version BIGINT NOT NULL,
    state TEXT NOT NULL,
    updated_at BIGINT NOT NULL
);
