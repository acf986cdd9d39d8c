-- How many jobs (= resources) of each kind a tenant has: the `total` of every list (D4) without counting the list
-- on each request. Kept exact by a trigger in the inserting/deleting transaction, so every process sees the same
-- committed count. jobs.tenant_id and jobs.kind never change after insert.
CREATE TABLE job_counts (
    tenant_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    count BIGINT NOT NULL,
    PRIMARY KEY (tenant_id, kind)
);
INSERT INTO job_counts (tenant_id, kind, count) SELECT tenant_id, kind, COUNT(*) FROM jobs GROUP BY tenant_id, kind;
CREATE FUNCTION jobs_count_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO job_counts (tenant_id, kind, count) VALUES (NEW.tenant_id, NEW.kind, 1)
            ON CONFLICT (tenant_id, kind) DO UPDATE SET count = job_counts.count + 1;
    ELSE
        UPDATE job_counts SET count = count - 1 WHERE tenant_id = OLD.tenant_id AND kind = OLD.kind;
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER tr_jobs_count AFTER INSERT OR DELETE ON jobs FOR EACH ROW EXECUTE FUNCTION jobs_count_change();
