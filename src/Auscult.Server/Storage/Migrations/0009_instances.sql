-- Scale-out (issue 16): the instance that scored each score (Auscult:InstanceId; by default the host name and process
-- id), so a load run shows each instance's share of the work and a score can be traced to its instance's logs.
-- NULL for scores stored before this version.
ALTER TABLE scores ADD COLUMN instance_id TEXT NULL;

-- The order in which a machine's clips were judged (1, 2, 3 ...), taken under the machine's row lock in the clip's
-- transaction: the order the alert rules saw them, whichever instances scored them and however their clocks differ.
-- Replaying the rules over a machine's scores in this order must give its stored alert state (bench/scale-faults.sh
-- checks it after killing instances, the broker and the database). NULL for scores stored before this version.
ALTER TABLE machines ADD COLUMN clip_seq BIGINT NOT NULL DEFAULT 0;
ALTER TABLE scores ADD COLUMN machine_seq BIGINT NULL;

-- Every model bundle's bytes, so an instance whose data folder lacks a bundle (another instance received the upload)
-- fetches it from here on first use (Models/DetectorCache.cs). BYTEA: PostgreSQL's binary type; SQLite stores the
-- bytes as a BLOB whatever the declared type.
CREATE TABLE model_files (
    model_id TEXT PRIMARY KEY REFERENCES models (id),
    content BYTEA NOT NULL
);
