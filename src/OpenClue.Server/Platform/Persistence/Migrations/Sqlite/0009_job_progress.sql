-- How far a running job is (the additive progress and progress_detail fields): a whole percent of its input read, null
-- when unknown; a fanned-out job's shards report their own percent, which the job's is the mean of.
ALTER TABLE jobs ADD COLUMN progress INTEGER NULL;
ALTER TABLE jobs ADD COLUMN progress_detail TEXT NULL;
ALTER TABLE job_shards ADD COLUMN progress INTEGER NULL;
