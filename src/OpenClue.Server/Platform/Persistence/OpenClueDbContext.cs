using Microsoft.EntityFrameworkCore;

namespace OpenClue.Server.Platform.Persistence;

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
        // Columns are the snake_case of the property names unless mapped otherwise below (ModelName → nclue_model_name).
        b.Entity<TenantRecord>(e =>
        {
            e.ToTable("tenants");
            e.HasKey(x => x.Id);
        });
        b.Entity<ModelRecord>(e =>
        {
            e.ToTable("models");
            e.HasKey(x => x.Id);
            MapJob(e);
        });
        b.Entity<AccessKeyRecord>(e =>
        {
            e.ToTable("access_keys");
            e.HasKey(x => x.AccessKey);
        });
        b.Entity<BucketGrantRecord>(e =>
        {
            e.ToTable("bucket_grants");
            e.HasKey(x => new { x.TenantId, x.Bucket });
        });
        b.Entity<JobRecord>(e =>
        {
            e.ToTable("jobs");
            e.HasKey(x => x.Seq);
            e.Property(x => x.Seq).ValueGeneratedOnAdd();
            e.HasAlternateKey(x => x.Id);
        });
        b.Entity<FeatureRecord>(e =>
        {
            e.ToTable("features");
            e.HasKey(x => x.Id);
            MapJob(e);
            e.Property(x => x.ModelName).HasColumnName("nclue_model_name");
        });
        b.Entity<ShardRecord>(e =>
        {
            e.ToTable("job_shards");
            e.HasKey(x => new { x.JobId, x.ShardIndex });
        });
        b.Entity<TaskRecord>(e =>
        {
            e.ToTable("tasks");
            e.HasKey(x => x.Id);
            MapJob(e);
            e.Property(x => x.ModelName).HasColumnName("nclue_model_name");
        });
        b.Entity<TaskRunRecord>(e =>
        {
            e.ToTable("task_runs");
            e.HasKey(x => x.Id);
            MapJob(e);
            e.Property(x => x.ModelName).HasColumnName("nclue_model_name");
        });
        UseSnakeCaseColumns(b);
    }

    /// <summary>Applies the snake_case column names the SQL migrations use to every property not named explicitly.</summary>
    private static void UseSnakeCaseColumns(ModelBuilder b)
    {
        foreach (var entity in b.Model.GetEntityTypes())
            foreach (var property in entity.GetProperties())
                if (property.FindAnnotation(Microsoft.EntityFrameworkCore.Metadata.RelationalAnnotationNames.ColumnName) is null)
                    property.SetColumnName(SnakeCase(property.Name));
    }

    private static string SnakeCase(string name)
    {
        var text = new System.Text.StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            if (i > 0 && char.IsUpper(name[i])) text.Append('_');
            text.Append(char.ToLowerInvariant(name[i]));
        }
        return text.ToString();
    }

    private static void MapJob<T>(Microsoft.EntityFrameworkCore.Metadata.Builders.EntityTypeBuilder<T> e) where T : class
    {
        e.HasOne(typeof(JobRecord), "Job").WithOne()
            .HasForeignKey(typeof(T), "Id")
            .HasPrincipalKey(typeof(JobRecord), nameof(JobRecord.Id))
            .OnDelete(DeleteBehavior.Cascade);
    }
}
