-- CLOVA NSML (issue 12): projects, runs and their nodes, run logs, the workers that execute nodes, SSH keys and
-- registry credentials. Times are Unix milliseconds (compared and ordered by the node agents on both providers).
CREATE TABLE nsml_projects (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    tenant_id TEXT NOT NULL,
    name TEXT NOT NULL,
    note TEXT NULL,
    nas_volume_size INTEGER NOT NULL,
    status TEXT NOT NULL,
    run_counter INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    UNIQUE (tenant_id, name)
);
CREATE INDEX ix_nsml_projects_tenant ON nsml_projects (tenant_id, seq);

CREATE TABLE nsml_runs (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    tenant_id TEXT NOT NULL,
    project_id TEXT NOT NULL REFERENCES nsml_projects (id) ON DELETE CASCADE,
    run_name INTEGER NOT NULL,
    run_type TEXT NOT NULL,
    status TEXT NOT NULL,
    status_message TEXT NULL,
    gpu_svr_code INTEGER NOT NULL,
    node_count INTEGER NOT NULL,
    slots_per_node INTEGER NOT NULL,
    image_type TEXT NOT NULL,
    image_path TEXT NOT NULL,
    command TEXT NULL,
    envs TEXT NOT NULL,
    note TEXT NULL,
    block_storage TEXT NOT NULL,
    creator TEXT NOT NULL,
    attempts INTEGER NOT NULL,
    stop_requested INTEGER NOT NULL DEFAULT 0,
    master_addr TEXT NULL,
    master_port INTEGER NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    started_at INTEGER NULL,
    ended_at INTEGER NULL,
    UNIQUE (project_id, run_name)
);
CREATE INDEX ix_nsml_runs_tenant ON nsml_runs (tenant_id, seq);
CREATE INDEX ix_nsml_runs_status ON nsml_runs (status, seq);

CREATE TABLE nsml_nodes (
    run_seq INTEGER NOT NULL REFERENCES nsml_runs (seq) ON DELETE CASCADE,
    rank INTEGER NOT NULL,
    attempt INTEGER NOT NULL,
    state TEXT NOT NULL,
    worker TEXT NULL,
    incarnation TEXT NULL,
    host TEXT NULL,
    pid INTEGER NULL,
    pid_start INTEGER NULL,
    container_id TEXT NULL,
    exit_code INTEGER NULL,
    message TEXT NULL,
    started_at INTEGER NULL,
    ended_at INTEGER NULL,
    PRIMARY KEY (run_seq, rank)
);
CREATE INDEX ix_nsml_nodes_state ON nsml_nodes (state);
CREATE INDEX ix_nsml_nodes_worker ON nsml_nodes (worker);

CREATE TABLE nsml_log_chunks (
    run_seq INTEGER NOT NULL REFERENCES nsml_runs (seq) ON DELETE CASCADE,
    start_offset INTEGER NOT NULL,
    end_offset INTEGER NOT NULL,
    rank INTEGER NOT NULL,
    data BLOB NOT NULL,
    PRIMARY KEY (run_seq, start_offset)
);

CREATE TABLE nsml_workers (
    name TEXT NOT NULL PRIMARY KEY,
    incarnation TEXT NOT NULL,
    host TEXT NOT NULL,
    slots INTEGER NOT NULL,
    heartbeat_at INTEGER NOT NULL,
    started_at INTEGER NOT NULL
);

CREATE TABLE nsml_auth_keys (
    tenant_id TEXT NOT NULL,
    name TEXT NOT NULL,
    title TEXT NOT NULL,
    public_key TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, name),
    UNIQUE (tenant_id, title)
);

CREATE TABLE nsml_registry_credentials (
    tenant_id TEXT NOT NULL,
    private_ep TEXT NOT NULL,
    access_key TEXT NOT NULL,
    secret_cipher BLOB NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, private_ep)
);
