using Microsoft.EntityFrameworkCore;

namespace OpenClue.Server.Persistence;

/// <summary>
/// Metadata database. The schema is owned by the versioned SQL in <c>Persistence/Migrations</c>
/// (applied by <see cref="SchemaMigrator"/>); this mapping must match it.
/// </summary>
public sealed class OpenClueDbContext(DbContextOptions<OpenClueDbContext> options) : DbContext(options)
{
    public DbSet<TenantRecord> Tenants => Set<TenantRecord>();
    public DbSet<AccessKeyRecord> AccessKeys => Set<AccessKeyRecord>();
    public DbSet<BucketGrantRecord> BucketGrants => Set<BucketGrantRecord>();
    public DbSet<JobRecord> Jobs => Set<JobRecord>();
    public DbSet<FeatureRecord> Features => Set<FeatureRecord>();
    public DbSet<TaskRecord> Tasks => Set<TaskRecord>();
    public DbSet<TaskRunRecord> TaskRuns => Set<TaskRunRecord>();
    public DbSet<ShardRecord> Shards => Set<ShardRecord>();
    public DbSet<ModelRecord> Models => Set<ModelRecord>();

    protected override void OnModelCreating(ModelBuilder b)
    {
        b.Entity<TenantRecord>(e =>
        {
            e.ToTable("tenants");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasColumnName("id");
            e.Property(x => x.CreatedAt).HasColumnName("created_at");
            e.Property(x => x.DefaultModel).HasColumnName("default_model");
        });
        b.Entity<ModelRecord>(e =>
        {
            e.ToTable("models");
            e.HasKey(x => x.Id);
            MapJob(e);
            e.Property(x => x.Id).HasColumnName("id");
            e.Property(x => x.TenantId).HasColumnName("tenant_id");
            e.Property(x => x.Name).HasColumnName("name");
            e.Property(x => x.SourceBucket).HasColumnName("source_bucket");
            e.Property(x => x.SourceFilePath).HasColumnName("source_file_path");
            e.Property(x => x.Dimension).HasColumnName("dimension");
            e.Property(x => x.VocabularySize).HasColumnName("vocabulary_size");
            e.Property(x => x.DeprecatedAt).HasColumnName("deprecated_at");
        });
        b.Entity<AccessKeyRecord>(e =>
        {
            e.ToTable("access_keys");
            e.HasKey(x => x.AccessKey);
            e.Property(x => x.AccessKey).HasColumnName("access_key");
            e.Property(x => x.TenantId).HasColumnName("tenant_id");
            e.Property(x => x.SecretCipher).HasColumnName("secret_cipher");
            e.Property(x => x.CreatedAt).HasColumnName("created_at");
            e.Property(x => x.RevokedAt).HasColumnName("revoked_at");
        });
        b.Entity<BucketGrantRecord>(e =>
        {
            e.ToTable("bucket_grants");
            e.HasKey(x => new { x.TenantId, x.Bucket });
            e.Property(x => x.TenantId).HasColumnName("tenant_id");
            e.Property(x => x.Bucket).HasColumnName("bucket");
            e.Property(x => x.CreatedAt).HasColumnName("created_at");
        });
        b.Entity<JobRecord>(e =>
        {
            e.ToTable("jobs");
            e.HasKey(x => x.Seq);
            e.Property(x => x.Seq).HasColumnName("seq").ValueGeneratedOnAdd();
            e.HasAlternateKey(x => x.Id);
            e.Property(x => x.Id).HasColumnName("id");
            e.Property(x => x.TenantId).HasColumnName("tenant_id");
            e.Property(x => x.Kind).HasColumnName("kind");
            e.Property(x => x.Status).HasColumnName("status");
            e.Property(x => x.CreatedAt).HasColumnName("created_at");
            e.Property(x => x.StartedAt).HasColumnName("started_at");
            e.Property(x => x.CompletedAt).HasColumnName("completed_at");
            e.Property(x => x.FailMessage).HasColumnName("fail_message");
            e.Property(x => x.Attempts).HasColumnName("attempts");
        });
        b.Entity<FeatureRecord>(e =>
        {
            e.ToTable("features");
            e.HasKey(x => x.Id);
            MapJob(e);
            e.Property(x => x.Id).HasColumnName("id");
            e.Property(x => x.TenantId).HasColumnName("tenant_id");
            e.Property(x => x.Name).HasColumnName("name");
            e.Property(x => x.SourceBucket).HasColumnName("source_bucket");
            e.Property(x => x.SourceFilePath).HasColumnName("source_file_path");
            e.Property(x => x.ModelName).HasColumnName("nclue_model_name");
            e.Property(x => x.UserCount).HasColumnName("user_count");
            e.Property(x => x.TokenCount).HasColumnName("token_count");
            e.Property(x => x.DiskUsage).HasColumnName("disk_usage");
            e.Property(x => x.ShardCount).HasColumnName("shard_count");
        });
        b.Entity<ShardRecord>(e =>
        {
            e.ToTable("job_shards");
            e.HasKey(x => new { x.JobId, x.ShardIndex });
            e.Property(x => x.JobId).HasColumnName("job_id");
            e.Property(x => x.ShardIndex).HasColumnName("shard_index");
            e.Property(x => x.SourceKey).HasColumnName("source_key");
            e.Property(x => x.RangeStart).HasColumnName("range_start");
            e.Property(x => x.RangeEnd).HasColumnName("range_end");
            e.Property(x => x.Status).HasColumnName("status");
            e.Property(x => x.Worker).HasColumnName("worker");
            e.Property(x => x.Attempts).HasColumnName("attempts");
            e.Property(x => x.UserCount).HasColumnName("user_count");
            e.Property(x => x.TokenCount).HasColumnName("token_count");
            e.Property(x => x.OutputBytes).HasColumnName("output_bytes");
            e.Property(x => x.StartedAt).HasColumnName("started_at");
            e.Property(x => x.CompletedAt).HasColumnName("completed_at");
        });
        b.Entity<TaskRecord>(e =>
        {
            e.ToTable("tasks");
            e.HasKey(x => x.Id);
            MapJob(e);
            e.Property(x => x.Id).HasColumnName("id");
            e.Property(x => x.TenantId).HasColumnName("tenant_id");
            e.Property(x => x.Name).HasColumnName("name");
            e.Property(x => x.TrainFeatureId).HasColumnName("train_feature_id");
            e.Property(x => x.TrainFeatureName).HasColumnName("train_feature_name");
            e.Property(x => x.TrainBucket).HasColumnName("train_bucket");
            e.Property(x => x.TrainFilePath).HasColumnName("train_file_path");
            e.Property(x => x.TestFeatureId).HasColumnName("test_feature_id");
            e.Property(x => x.TestFeatureName).HasColumnName("test_feature_name");
            e.Property(x => x.TestBucket).HasColumnName("test_bucket");
            e.Property(x => x.TestFilePath).HasColumnName("test_file_path");
            e.Property(x => x.ModelName).HasColumnName("nclue_model_name");
            e.Property(x => x.Auroc).HasColumnName("auroc");
            e.Property(x => x.LineCount).HasColumnName("line_count");
            e.Property(x => x.DiskUsage).HasColumnName("disk_usage");
            e.Property(x => x.Report).HasColumnName("report");
        });
        b.Entity<TaskRunRecord>(e =>
        {
            e.ToTable("task_runs");
            e.HasKey(x => x.Id);
            MapJob(e);
            e.Property(x => x.Id).HasColumnName("id");
            e.Property(x => x.TenantId).HasColumnName("tenant_id");
            e.Property(x => x.Name).HasColumnName("name");
            e.Property(x => x.TaskId).HasColumnName("task_id");
            e.Property(x => x.TaskName).HasColumnName("task_name");
            e.Property(x => x.FeatureId).HasColumnName("feature_id");
            e.Property(x => x.FeatureName).HasColumnName("feature_name");
            e.Property(x => x.ResultBucket).HasColumnName("result_bucket");
            e.Property(x => x.ResultFilePath).HasColumnName("result_file_path");
            e.Property(x => x.ResultKey).HasColumnName("result_key");
            e.Property(x => x.ModelName).HasColumnName("nclue_model_name");
            e.Property(x => x.LineCount).HasColumnName("line_count");
        });
    }

    private static void MapJob<T>(Microsoft.EntityFrameworkCore.Metadata.Builders.EntityTypeBuilder<T> e) where T : class
    {
        e.HasOne(typeof(JobRecord), "Job").WithOne()
            .HasForeignKey(typeof(T), "Id")
            .HasPrincipalKey(typeof(JobRecord), nameof(JobRecord.Id))
            .OnDelete(DeleteBehavior.Cascade);
    }
}
