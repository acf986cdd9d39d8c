-- NCLUE profiles (§1.10, §1.11): custom attributes (a feature + keywords → a similarity TSV in the customer's bucket)
-- and shopping intents (a task's target group → a TSV kept in OpenClue's storage, D21). Job-backed like task runs.
CREATE TABLE custom_attribute_profiles (
    id TEXT NOT NULL PRIMARY KEY REFERENCES jobs(id) ON DELETE CASCADE,
    tenant_id TEXT NOT NULL,
    name TEXT NOT NULL,
    feature_id TEXT NOT NULL,
    feature_name TEXT NOT NULL,
    keyword_set TEXT NOT NULL,
    result_bucket TEXT NOT NULL,
    result_file_path TEXT NOT NULL,
    result_key TEXT NULL,
    nclue_model_name TEXT NOT NULL,
    line_count BIGINT NULL,
    CONSTRAINT ux_custom_attribute_profiles_name UNIQUE (tenant_id, name)
);
CREATE INDEX ix_custom_attribute_profiles_feature ON custom_attribute_profiles(feature_id);
CREATE TABLE shopping_intent_profiles (
    id TEXT NOT NULL PRIMARY KEY REFERENCES jobs(id) ON DELETE CASCADE,
    tenant_id TEXT NOT NULL,
    name TEXT NOT NULL,
    task_id TEXT NOT NULL,
    task_name TEXT NOT NULL,
    feature_id TEXT NOT NULL,
    nclue_model_name TEXT NOT NULL,
    line_count BIGINT NULL,
    disk_usage BIGINT NULL,
    CONSTRAINT ux_shopping_intent_profiles_name UNIQUE (tenant_id, name)
);
CREATE INDEX ix_shopping_intent_profiles_task ON shopping_intent_profiles(task_id);
