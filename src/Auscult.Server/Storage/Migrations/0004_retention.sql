-- Audio retention (Retention/AudioRetention.cs): a clip's audio is either decided kept for good (audio_kept names why:
-- alert, label, sample, anomalous) or deleted (audio_path NULL, audio_deleted_at set); the clip and its scores stay.
ALTER TABLE clips ADD COLUMN audio_kept TEXT NULL;
ALTER TABLE clips ADD COLUMN audio_deleted_at BIGINT NULL;
-- The clips retention has still to decide on, oldest first: the index holds only those, so it stays small.
CREATE INDEX ix_clips_retention ON clips (received_at, id) WHERE audio_kept IS NULL AND audio_path IS NOT NULL;
-- The normal-clip sample: is a clip of this machine already kept for this hour?
CREATE INDEX ix_clips_kept ON clips (machine_id, audio_kept, received_at);

-- Leases (Storage/LeaseStore.cs): a named job that only one instance sharing the database should run at a time. The
-- holder renews its lease before expires_at; once it has passed, any instance may take the lease over.
CREATE TABLE leases (
    name TEXT PRIMARY KEY,
    holder TEXT NOT NULL,
    acquired_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
