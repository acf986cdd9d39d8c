using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using OpenClue.Server.Nclue.Features;
using OpenClue.Server.Nclue.Models;
using OpenClue.Server.Nclue.TaskRuns;
using OpenClue.Server.Nclue.Tasks;
using OpenClue.Server.Platform.Auth;
using OpenClue.Server.Platform.Hosting;
using OpenClue.Server.Platform.Jobs;
using OpenClue.Server.Platform.Persistence;

namespace OpenClue.Server.Tests.Components;

/// <summary>
/// The raw list/GET reads and the trigger-kept totals (migration 0004) on both databases: they must return exactly what
/// EF Core maps from the same rows, count rows however they were written (EF, plain SQL, before the migration), and keep
/// tenants apart.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class ResourceReadsTests(PostgresFixture postgres)
{
    [Fact]
    public async Task Sqlite_reads_match_ef_and_totals_follow_every_write()
    {
        var file = Path.Combine(Path.GetTempPath(), $"oc-reads-{Guid.NewGuid():N}.db");
        try
        {
            await CheckAsync(new MetadataDatabase($"Data Source={file}", false));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            File.Delete(file);
        }
    }

    [ComponentFact(Component.Postgres)]
    public async Task Postgres_reads_match_ef_and_totals_follow_every_write()
    {
        await CheckAsync(new MetadataDatabase(await postgres.CreateDatabaseAsync(), true));
        NpgsqlConnection.ClearAllPools();
    }

    private static async Task CheckAsync(MetadataDatabase database)
    {
        var options = new DbContextOptionsBuilder<OpenClueDbContext>();
        database.Configure(options);
        await using var db = new OpenClueDbContext(options.Options);
        await ApplyScriptsBeforeJobCountsAsync(db, database.IsPostgres);

        // Rows that exist before the migration that introduces the totals.
        var t0 = new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
        AddTenant(db, "a");
        AddTenant(db, "b");
        await db.SaveChangesAsync();
        for (var i = 0; i < 3; i++) await AddAsync(db, Feature("a", $"old-{i}", t0.AddSeconds(i), "oc-hash-1")); // one by one: seq order
        await AddAsync(db, Feature("b", "other", t0, "oc-hash-1"));
        await SchemaMigrator.MigrateAsync(db);

        // Written after it: through EF (one with a deprecated model and every nullable field set), and by plain SQL.
        db.Set<ModelRecord>().Add(new ModelRecord
        {
            Id = Guid.NewGuid().ToString("D"), TenantId = "a", Name = "old-model", SourceBucket = "s", SourceFilePath = "p",
            DeprecatedAt = t0, Job = Job("a", "model", t0),
        });
        var rich = Feature("a", "rich", t0.AddSeconds(10).AddTicks(1234567), "old-model");
        rich.UserCount = 7; rich.TokenCount = 8; rich.DiskUsage = 9; rich.ShardCount = 2;
        rich.Job.Status = JobStatus.Failed;
        rich.Job.StartedAt = new DateTimeOffset(2026, 3, 1, 12, 0, 11, TimeSpan.Zero).AddTicks(5);
        // SQLite keeps the offset in its text (the fast parser must too); Npgsql writes UTC only.
        rich.Job.CompletedAt = new DateTimeOffset(2026, 3, 1, 7, 1, 0, database.IsPostgres ? TimeSpan.Zero : TimeSpan.FromHours(-5));
        rich.Job.FailMessage = "FAILED: ünïcode";
        await AddAsync(db, rich);
        await InsertFeatureBySqlAsync(db, "a", "by-sql");

        using var connections = new ReadConnections(database);
        var reads = new ResourceReads(connections);
        var a = new Tenant("a", "KA");
        var (total, page) = await reads.PageAsync(FeatureTable.Reads, a, new Paging(0, 100), default);
        async Task<List<string>> NamesAsync(ListOrder order, int index, int limit) =>
            (await reads.PageAsync(FeatureTable.Reads, a, new Paging(index, limit), order, default)).Page.Select(p => p.Resource.Name).ToList();
        Assert.Equal(5, total);
        Assert.Equal(["by-sql", "rich", "old-2", "old-1", "old-0"], page.Select(p => p.Resource.Name));
        Assert.Equal(1, await reads.CountAsync("model", a, default));
        Assert.Equal(1, (await reads.PageAsync(FeatureTable.Reads, new Tenant("b", "KB"), new Paging(0, 20), default)).Total);

        // Every field as EF reads it, and the model status from the deprecated model.
        var efRows = await db.Set<FeatureRecord>().AsNoTracking().Include(f => f.Job).Where(f => f.TenantId == "a").ToDictionaryAsync(f => f.Id);
        foreach (var listed in page)
        {
            var ef = efRows[listed.Resource.Id];
            Assert.Equivalent(Strip(ef), Strip(listed.Resource), strict: true);
            Assert.Equal((ef.Job.Id, ef.Job.Status, ef.Job.CreatedAt, ef.Job.StartedAt, ef.Job.CompletedAt, ef.Job.FailMessage),
                (listed.Job.Id, listed.Job.Status, listed.Job.CreatedAt, listed.Job.StartedAt, listed.Job.CompletedAt, listed.Job.FailMessage));
            Assert.Equal(ef.Name == "rich" ? ModelCatalog.Deprecated : ModelCatalog.Active, ModelCatalog.StatusOf(listed));
        }

        // Pages are slices of that order; past the end is empty with the total kept.
        var (_, middle) = await reads.PageAsync(FeatureTable.Reads, a, new Paging(1, 2), default);
        Assert.Equal(["rich", "old-2"], middle.Select(p => p.Resource.Name));
        var (beyond, none) = await reads.PageAsync(FeatureTable.Reads, a, new Paging(5, 20), default);
        Assert.Equal(5, beyond);
        Assert.Empty(none);

        // The console's other orders (its sortable lists): the same rows, ties newest first, pages slices of them.
        Assert.Equal(["by-sql", "old-0", "old-1", "old-2", "rich"], await NamesAsync(new ListOrder(ListOrder.Name, false), 0, 100));
        Assert.Equal(["rich", "old-2"], await NamesAsync(new ListOrder(ListOrder.Name, true), 0, 2));
        Assert.Equal(["old-0", "old-1", "old-2", "rich", "by-sql"], await NamesAsync(new ListOrder(ListOrder.Created, false), 0, 100));
        Assert.Contains("auroc", TaskTable.Reads.Orders);
        Assert.DoesNotContain("auroc", FeatureTable.Reads.Orders);

        // Single reads: found for its tenant only.
        Assert.Equal("rich", (await reads.FindAsync(FeatureTable.Reads, a, rich.Id, default))?.Resource.Name);
        Assert.Null(await reads.FindAsync(FeatureTable.Reads, new Tenant("b", "KB"), rich.Id, default));

        // Tasks and task runs: every column their views use, with the nullable ones both set and unset.
        var task = new TaskRecord
        {
            Id = Guid.NewGuid().ToString("D"), TenantId = "a", Name = "task", TrainFeatureId = rich.Id, TrainFeatureName = "rich",
            TrainBucket = "tb", TrainFilePath = "train.tsv", TestFeatureId = rich.Id, TestFeatureName = "rich", TestBucket = "sb",
            TestFilePath = "test.tsv", ModelName = "old-model", Auroc = 0.8412345, LineCount = 11, DiskUsage = 12, Report = "{}",
        };
        task.Job = Job("a", "task", t0);
        task.Job.Id = task.Id;
        var run = new TaskRunRecord
        {
            Id = Guid.NewGuid().ToString("D"), TenantId = "a", Name = "run", TaskId = task.Id, TaskName = "task", FeatureId = rich.Id,
            FeatureName = "rich", ResultBucket = "rb", ResultFilePath = "out/", ModelName = "oc-hash-1",
        };
        run.Job = Job("a", "task_run", t0);
        run.Job.Id = run.Id;
        db.Set<TaskRecord>().Add(task);
        db.Set<TaskRunRecord>().Add(run);
        await db.SaveChangesAsync();
        var efTask = await db.Set<TaskRecord>().AsNoTracking().Include(t => t.Job).SingleAsync(t => t.Id == task.Id);
        var readTask = (await reads.PageAsync(TaskTable.Reads, a, new Paging(0, 20), default)).Page.Single();
        Assert.Equivalent(Strip(efTask), Strip(readTask.Resource), strict: true);
        Assert.Equal(efTask.Job.CreatedAt, readTask.Job.CreatedAt);
        Assert.Equal(ModelCatalog.Deprecated, ModelCatalog.StatusOf(readTask));
        var efRun = await db.Set<TaskRunRecord>().AsNoTracking().Include(r => r.Job).SingleAsync(r => r.Id == run.Id);
        var readRun = await reads.FindAsync(TaskRunTable.Reads, a, run.Id, default);
        Assert.NotNull(readRun);
        Assert.Equivalent(Strip(efRun), Strip(readRun.Resource), strict: true);
        Assert.Equal(ModelCatalog.Active, ModelCatalog.StatusOf(readRun!));
        Assert.Equal(1, (await reads.PageAsync(TaskRunTable.Reads, a, new Paging(0, 20), default)).Total);

        // Deleting (the job, as the API does) lowers the total at once.
        await db.Set<FeatureRecord>().Where(f => f.Id == rich.Id).ExecuteDeleteAsync();
        await db.Jobs.Where(j => j.Id == rich.Id).ExecuteDeleteAsync();
        Assert.Equal(4, await reads.CountAsync("feature", a, default));
        Assert.Equal(1, await reads.CountAsync("task", a, default));
        Assert.Equal(0, await reads.CountAsync("task", new Tenant("b", "KB"), default));
    }

    private static FeatureRecord Strip(FeatureRecord f) => new()
    {
        Id = f.Id, TenantId = f.TenantId, Name = f.Name, SourceBucket = f.SourceBucket, SourceFilePath = f.SourceFilePath,
        ModelName = f.ModelName, UserCount = f.UserCount, TokenCount = f.TokenCount, DiskUsage = f.DiskUsage, // ShardCount is not part of any view
    };

    private static TaskRecord Strip(TaskRecord t) => new()
    {
        Id = t.Id, TenantId = t.TenantId, Name = t.Name, TrainFeatureId = t.TrainFeatureId, TrainFeatureName = t.TrainFeatureName,
        TrainBucket = t.TrainBucket, TrainFilePath = t.TrainFilePath, TestFeatureId = t.TestFeatureId, TestFeatureName = t.TestFeatureName,
        TestBucket = t.TestBucket, TestFilePath = t.TestFilePath, ModelName = t.ModelName, Auroc = t.Auroc, LineCount = t.LineCount,
        DiskUsage = t.DiskUsage, // Report is served by GET .../report, not the views
    };

    private static TaskRunRecord Strip(TaskRunRecord r) => new()
    {
        Id = r.Id, TenantId = r.TenantId, Name = r.Name, TaskId = r.TaskId, TaskName = r.TaskName, FeatureId = r.FeatureId,
        FeatureName = r.FeatureName, ResultBucket = r.ResultBucket, ResultFilePath = r.ResultFilePath, ResultKey = r.ResultKey,
        ModelName = r.ModelName, LineCount = r.LineCount,
    };

    private static async Task ApplyScriptsBeforeJobCountsAsync(OpenClueDbContext db, bool isPostgres)
    {
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        try
        {
            await ExecuteAsync(connection, "CREATE TABLE schema_migrations (version INTEGER NOT NULL PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL);");
            foreach (var (version, name, sql) in SchemaMigrator.Scripts(isPostgres).Where(s => s.Version < 4))
            {
                await ExecuteAsync(connection, sql);
                await ExecuteAsync(connection, $"INSERT INTO schema_migrations VALUES ({version}, '{name}', 'test')");
            }
        }
        finally
        {
            await connection.CloseAsync();
        }
    }

    private static async Task InsertFeatureBySqlAsync(OpenClueDbContext db, string tenant, string name)
    {
        var id = Guid.NewGuid().ToString("D");
        var created = new DateTimeOffset(2026, 3, 1, 13, 0, 0, TimeSpan.Zero);
        await db.Database.ExecuteSqlAsync(
            $"INSERT INTO jobs (id, tenant_id, kind, status, created_at, attempts) VALUES ({id}, {tenant}, 'feature', 'registered', {created}, 0)");
        await db.Database.ExecuteSqlAsync(
            $"INSERT INTO features (id, tenant_id, name, source_bucket, source_file_path, nclue_model_name) VALUES ({id}, {tenant}, {name}, 'b', 'p', 'oc-hash-1')");
    }

    private static Task ExecuteAsync(DbConnection connection, string sql)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteNonQueryAsync();
    }

    private static async Task AddAsync(OpenClueDbContext db, FeatureRecord feature)
    {
        db.Set<FeatureRecord>().Add(feature);
        await db.SaveChangesAsync();
    }

    private static void AddTenant(OpenClueDbContext db, string id) => db.Tenants.Add(new TenantRecord { Id = id, CreatedAt = DateTimeOffset.UnixEpoch });

    private static JobRecord Job(string tenant, string kind, DateTimeOffset created) => new()
    {
        Id = Guid.NewGuid().ToString("D"), TenantId = tenant, Kind = kind, Status = JobStatus.Completed, CreatedAt = created,
    };

    private static FeatureRecord Feature(string tenant, string name, DateTimeOffset created, string model)
    {
        var job = Job(tenant, "feature", created);
        return new FeatureRecord { Id = job.Id, TenantId = tenant, Name = name, SourceBucket = "b", SourceFilePath = "p", ModelName = model, Job = job };
    }
}
