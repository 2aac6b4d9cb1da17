-- Scale-out (issue 16): the instance that scored each score (Auscult:InstanceId; by default the host name and process
-- id), so a load run shows each instance's share of the work and a score can be traced to its instance's logs.
-- NULL for scores stored before this version.
ALTER TABLE scores ADD COLUMN instance_id TEXT NULL;

-- Every model bundle's bytes, so an instance whose data folder lacks a bundle (another instance received the upload)
-- fetches it from here on first use (Models/DetectorCache.cs). BYTEA: PostgreSQL's binary type; SQLite stores the
-- bytes as a BLOB whatever the declared type.
CREATE TABLE model_files (
    model_id TEXT PRIMARY KEY REFERENCES models (id),
    content BYTEA NOT NULL
);
