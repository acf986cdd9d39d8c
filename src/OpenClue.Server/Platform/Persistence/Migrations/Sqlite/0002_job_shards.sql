CREATE TABLE job_shards (
    job_id TEXT NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
    shard_index INTEGER NOT NULL,
    source_key TEXT NOT NULL,
    range_start INTEGER NOT NULL,
    range_end INTEGER NULL,
    status TEXT NOT NULL,
    worker TEXT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    user_count INTEGER NULL,
    token_count INTEGER NULL,
    output_bytes INTEGER NULL,
    started_at TEXT NULL,
    completed_at TEXT NULL,
    PRIMARY KEY (job_id, shard_index)
);
ALTER TABLE features ADD COLUMN shard_count INTEGER NULL;
