-- How many jobs (= resources) of each kind a tenant has: the `total` of every list (D4) without counting the list
-- on each request. Kept exact by triggers, so every writer (API, workers, admin, a script) keeps it right.
-- jobs.tenant_id and jobs.kind never change after insert.
CREATE TABLE job_counts (
    tenant_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    count INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, kind)
) WITHOUT ROWID;
INSERT INTO job_counts (tenant_id, kind, count) SELECT tenant_id, kind, COUNT(*) FROM jobs GROUP BY tenant_id, kind;
CREATE TRIGGER tr_jobs_count_insert AFTER INSERT ON jobs
BEGIN
    INSERT INTO job_counts (tenant_id, kind, count) VALUES (NEW.tenant_id, NEW.kind, 1)
        ON CONFLICT (tenant_id, kind) DO UPDATE SET count = count + 1;
END;
CREATE TRIGGER tr_jobs_count_delete AFTER DELETE ON jobs
BEGIN
    UPDATE job_counts SET count = count - 1 WHERE tenant_id = OLD.tenant_id AND kind = OLD.kind;
END;
