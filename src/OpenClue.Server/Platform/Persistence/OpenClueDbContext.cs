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
    public DbSet<ShardRecord> Shards => Set<ShardRecord>();

    protected override void OnModelCreating(ModelBuilder b)
    {
        // Columns are the snake_case of the property names unless a mapping names them (ModelName → nclue_model_name).
        b.Entity<TenantRecord>(e =>
        {
            e.ToTable("tenants");
            e.HasKey(x => x.Id);
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
        b.Entity<ShardRecord>(e =>
        {
            e.ToTable("job_shards");
            e.HasKey(x => new { x.JobId, x.ShardIndex });
        });
        // Each API surface maps its own resources (IEntityTypeConfiguration next to the resource, e.g. FeatureTable).
        b.ApplyConfigurationsFromAssembly(typeof(OpenClueDbContext).Assembly);
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
}
