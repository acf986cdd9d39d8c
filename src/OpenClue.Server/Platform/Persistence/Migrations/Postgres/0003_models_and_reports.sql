CREATE TABLE models (
    id TEXT NOT NULL PRIMARY KEY REFERENCES jobs(id) ON DELETE CASCADE,
    tenant_id TEXT NOT NULL,
    name TEXT NOT NULL,
    source_bucket TEXT NOT NULL,
    source_file_path TEXT NOT NULL,
    dimension INTEGER NULL,
    vocabulary_size INTEGER NULL,
    deprecated_at TIMESTAMPTZ NULL,
    CONSTRAINT ux_models_name UNIQUE (tenant_id, name)
);
ALTER TABLE tenants ADD COLUMN default_model TEXT NULL;
ALTER TABLE tasks ADD COLUMN report TEXT NULL;
