CREATE TABLE job_shards (
    job_id TEXT NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
    shard_index INTEGER NOT NULL,
    source_key TEXT NOT NULL,
    range_start BIGINT NOT NULL,
    range_end BIGINT NULL,
    status TEXT NOT NULL,
    worker TEXT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    user_count BIGINT NULL,
    token_count BIGINT NULL,
    output_bytes BIGINT NULL,
    started_at TIMESTAMPTZ NULL,
    completed_at TIMESTAMPTZ NULL,
    PRIMARY KEY (job_id, shard_index)
);
ALTER TABLE features ADD COLUMN shard_count INTEGER NULL;
