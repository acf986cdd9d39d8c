using Microsoft.EntityFrameworkCore;

namespace OpenClue.Server.Nsml.Persistence;

/// <summary>
/// NSML's tables in the metadata database (migration 0006), in a context of their own so the product stays a slice.
/// Columns are the snake_case of the property names.
/// </summary>
public sealed class NsmlDbContext(DbContextOptions<NsmlDbContext> options) : DbContext(options)
{
    public DbSet<ProjectRecord> Projects => Set<ProjectRecord>();
    public DbSet<RunRecord> Runs => Set<RunRecord>();
    public DbSet<NodeRecord> Nodes => Set<NodeRecord>();
    public DbSet<LogChunkRecord> LogChunks => Set<LogChunkRecord>();
    public DbSet<WorkerRecord> Workers => Set<WorkerRecord>();
    public DbSet<AuthKeyRecord> AuthKeys => Set<AuthKeyRecord>();
    public DbSet<RegistryCredentialRecord> RegistryCredentials => Set<RegistryCredentialRecord>();

    protected override void OnModelCreating(ModelBuilder b)
    {
        b.Entity<ProjectRecord>(e =>
        {
            e.ToTable("nsml_projects");
            e.HasKey(x => x.Seq);
            e.Property(x => x.Seq).ValueGeneratedOnAdd();
            e.HasAlternateKey(x => x.Id);
        });
        b.Entity<RunRecord>(e =>
        {
            e.ToTable("nsml_runs");
            e.HasKey(x => x.Seq);
            e.Property(x => x.Seq).ValueGeneratedOnAdd();
        });
        b.Entity<NodeRecord>(e =>
        {
            e.ToTable("nsml_nodes");
            e.HasKey(x => new { x.RunSeq, x.Rank });
        });
        b.Entity<LogChunkRecord>(e =>
        {
            e.ToTable("nsml_log_chunks");
            e.HasKey(x => new { x.RunSeq, x.StartOffset });
        });
        b.Entity<WorkerRecord>(e =>
        {
            e.ToTable("nsml_workers");
            e.HasKey(x => x.Name);
        });
        b.Entity<AuthKeyRecord>(e =>
        {
            e.ToTable("nsml_auth_keys");
            e.HasKey(x => new { x.TenantId, x.Name });
        });
        b.Entity<RegistryCredentialRecord>(e =>
        {
            e.ToTable("nsml_registry_credentials");
            e.HasKey(x => new { x.TenantId, x.PrivateEp });
        });
        foreach (var entity in b.Model.GetEntityTypes())
            foreach (var property in entity.GetProperties())
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
