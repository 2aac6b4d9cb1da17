-- MQTT messages the service acknowledged without storing them (a poison message is acknowledged once and recorded
-- here, never redelivered forever): a clip whose bytes do not match its sha256, that is not a WAV file, that lacks
-- its properties, a score of a model the service does not hold, ...
CREATE TABLE refused_messages (
    id TEXT PRIMARY KEY,
    received_at BIGINT NOT NULL,
    topic TEXT NOT NULL,
    -- The sender's clip id and device id when the message carried them.
    client_clip_id TEXT NULL,
    device_id TEXT NULL,
    size_bytes BIGINT NOT NULL,
    reason TEXT NOT NULL
);
CREATE INDEX ix_refused_messages_received ON refused_messages (received_at);
