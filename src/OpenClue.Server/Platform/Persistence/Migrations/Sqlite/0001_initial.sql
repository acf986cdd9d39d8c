CREATE TABLE tenants (
    id TEXT NOT NULL PRIMARY KEY,
    created_at TEXT NOT NULL
);
CREATE TABLE access_keys (
    access_key TEXT NOT NULL PRIMARY KEY,
    tenant_id TEXT NOT NULL REFERENCES tenants(id),
    secret_cipher BLOB NOT NULL,
    created_at TEXT NOT NULL,
    revoked_at TEXT NULL
);
CREATE TABLE bucket_grants (
    tenant_id TEXT NOT NULL REFERENCES tenants(id),
    bucket TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (tenant_id, bucket)
);
CREATE TABLE jobs (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    tenant_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    status TEXT NOT NULL,
    created_at TEXT NOT NULL,
    started_at TEXT NULL,
    completed_at TEXT NULL,
    fail_message TEXT NULL,
    attempts INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX ix_jobs_status ON jobs(status, seq);
CREATE INDEX ix_jobs_tenant_kind ON jobs(tenant_id, kind, seq);
CREATE TABLE features (
    id TEXT NOT NULL PRIMARY KEY REFERENCES jobs(id) ON DELETE CASCADE,
    tenant_id TEXT NOT NULL,
    name TEXT NOT NULL,
    source_bucket TEXT NOT NULL,
    source_file_path TEXT NOT NULL,
    nclue_model_name TEXT NOT NULL,
    user_count INTEGER NULL,
    token_count INTEGER NULL,
    disk_usage INTEGER NULL,
    CONSTRAINT ux_features_name UNIQUE (tenant_id, name)
);
CREATE TABLE tasks (
    id TEXT NOT NULL PRIMARY KEY REFERENCES jobs(id) ON DELETE CASCADE,
    tenant_id TEXT NOT NULL,
    name TEXT NOT NULL,
    train_feature_id TEXT NOT NULL,
    train_feature_name TEXT NOT NULL,
    train_bucket TEXT NOT NULL,
    train_file_path TEXT NOT NULL,
    test_feature_id TEXT NULL,
    test_feature_name TEXT NULL,
    test_bucket TEXT NULL,
    test_file_path TEXT NULL,
    nclue_model_name TEXT NOT NULL,
    auroc REAL NULL,
    line_count INTEGER NULL,
    disk_usage INTEGER NULL,
    CONSTRAINT ux_tasks_name UNIQUE (tenant_id, name)
);
CREATE INDEX ix_tasks_train_feature ON tasks(train_feature_id);
CREATE INDEX ix_tasks_test_feature ON tasks(test_feature_id);
CREATE TABLE task_runs (
    id TEXT NOT NULL PRIMARY KEY REFERENCES jobs(id) ON DELETE CASCADE,
    tenant_id TEXT NOT NULL,
    name TEXT NOT NULL,
    task_id TEXT NOT NULL,
    task_name TEXT NOT NULL,
    feature_id TEXT NOT NULL,
    feature_name TEXT NOT NULL,
    result_bucket TEXT NOT NULL,
    result_file_path TEXT NOT NULL,
    result_key TEXT NULL,
    nclue_model_name TEXT NOT NULL,
    line_count INTEGER NULL,
    CONSTRAINT ux_task_runs_name UNIQUE (tenant_id, name)
);
CREATE INDEX ix_task_runs_task ON task_runs(task_id);
CREATE INDEX ix_task_runs_feature ON task_runs(feature_id);
