using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using OpenClue.Server.Tests.Cluster;
using OpenClue.Server.Tests.Components;
using OpenClue.Server.Tests.Infrastructure;

namespace OpenClue.Server.Tests.Admin;

/// <summary>
/// <c>admin migrate</c>: a populated embedded installation (tenants, keys, grants, completed, failed and deleted
/// resources, artifacts) moves into PostgreSQL and s3rver, the source stays byte for byte as it was, and a server on
/// PostgreSQL + S3 serves the same resources and can use the migrated artifacts for new work.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class MigrateTests(PostgresFixture postgres, S3rverFixture s3) : IDisposable
{
    private readonly string _source = Directory.CreateTempSubdirectory("openclue-migrate-").FullName;

    [ComponentFact(Component.Postgres, Component.S3rver)]
    public async Task An_embedded_installation_moves_to_PostgreSQL_and_S3_and_is_served_from_there()
    {
        var bucket = "mig-" + Guid.NewGuid().ToString("N")[..10];
        var data = BehaviorData.Generate(600, seed: 5);
        string accessKey, secret, featureId, taskId;
        Dictionary<string, string> before;
        await using (var host = OpenClueHost.Start(_source))
        {
            var acme = await host.CreateTenantKeyAsync("acme");
            (accessKey, secret) = (acme.AccessKey, acme.SecretKey);
            await host.WithKeysAsync(k => k.GrantAsync("acme", bucket));
            var folder = host.Bucket(bucket);
            data.WriteSequences(Path.Combine(folder, "seq.tsv"));
            data.WriteLabels(Path.Combine(folder, "train.tsv"), 0, 600);
            File.WriteAllText(Path.Combine(folder, "broken.tsv"), "a line without a tab\n");
            using var api = host.CreateClient(accessKey, secret);

            featureId = (await api.PostJsonAsync("/api/v1/features", new { name = "shoppers", source_bucket = bucket, source_file_path = "seq.tsv" })).Field("feature_id");
            Assert.Equal("completed", (await api.WaitForEndAsync($"/api/v1/features/{featureId}")).Last.Field("status"));
            var broken = (await api.PostJsonAsync("/api/v1/features", new { name = "broken", source_bucket = bucket, source_file_path = "broken.tsv" })).Field("feature_id");
            Assert.Equal("failed", (await api.WaitForEndAsync($"/api/v1/features/{broken}")).Last.Field("status"));
            var deleted = (await api.PostJsonAsync("/api/v1/features", new { name = "short-lived", source_bucket = bucket, source_file_path = "seq.tsv" })).Field("feature_id");
            await api.WaitForEndAsync($"/api/v1/features/{deleted}");
            Assert.Equal(HttpStatusCode.OK, (await api.DeleteJsonAsync($"/api/v1/features/{deleted}")).Status);
            taskId = (await api.PostJsonAsync("/api/v1/tasks", new { name = "buyers", train_feature_id = featureId, train_bucket = bucket, train_file_path = "train.tsv" })).Field("task_id");
            Assert.Equal("completed", (await api.WaitForEndAsync($"/api/v1/tasks/{taskId}")).Last.Field("status"));
            var created = await api.PostJsonAsync("/api/v1/task-runs", new { name = "scores", task_id = taskId, feature_id = featureId, result_bucket = bucket, result_file_path = "out/" });
            Assert.True(created.Status == HttpStatusCode.OK, created.ToString());
            var runId = created.Field("run_id");
            Assert.Equal("completed", (await api.WaitForEndAsync($"/api/v1/task-runs/{runId}")).Last.Field("status"));
            before = await ReadEverythingAsync(api, featureId, broken, taskId, runId);
        }
        SqliteConnection.ClearAllPools(); // the last connection closes: SQLite checkpoints its WAL, nothing is pending
        var snapshot = Snapshot(_source);

        var database = await postgres.CreateDatabaseAsync();
        var artifactBucket = await s3.CreateBucketAsync();
        var migrated = await AdminAsync("migrate", "--database", database, "--artifact-store", $"s3://{artifactBucket}/openclue");
        Assert.True(migrated.ExitCode == 0, migrated.Error);
        var lines = migrated.Lines.Select(l => JsonDocument.Parse(l).RootElement).ToList();
        long Rows(string table) => lines.Single(l => l.TryGetProperty("table", out var t) && t.GetString() == table).GetProperty("rows").GetInt64();
        Assert.Equal(2, Rows("tenants"));     // default (bootstrap key) and acme
        Assert.Equal(2, Rows("access_keys"));
        Assert.Equal(1, Rows("bucket_grants"));
        Assert.Equal(4, Rows("jobs"));        // shoppers, broken, buyers, scores (short-lived was deleted)
        Assert.Equal(2, Rows("features"));
        Assert.Equal(1, Rows("task_runs"));
        Assert.Equal(3, Rows("job_counts"));  // acme: feature, task, task_run
        var artifacts = lines.Single(l => l.TryGetProperty("artifacts", out _));
        Assert.True(artifacts.GetProperty("artifacts").GetInt64() >= 2, artifacts.ToString()); // the feature's shards and the task model
        Assert.True(lines[^1].GetProperty("migrated").GetBoolean());
        Assert.Equal(snapshot, Snapshot(_source));

        await s3.CreateBucketAsync(bucket); // the granted bucket, now in object storage
        await s3.PutAsync(bucket, "seq.tsv", File.ReadAllBytes(Path.Combine(_source, "buckets", bucket, "seq.tsv")));
        await using (var served = OpenClueHost.Start(settings: new Dictionary<string, string?>
        {
            ["OpenClue:Database"] = database,
            ["OpenClue:MasterKey"] = File.ReadAllText(Path.Combine(_source, "master.key")).Trim(),
            ["OpenClue:ObjectStorage:Endpoint"] = s3.Endpoint,
            ["OpenClue:ObjectStorage:Region"] = "us-east-1",
            ["OpenClue:ObjectStorage:AccessKey"] = S3rverFixture.AccessKey,
            ["OpenClue:ObjectStorage:SecretKey"] = S3rverFixture.SecretKey,
            ["OpenClue:ArtifactStore"] = $"s3://{artifactBucket}/openclue",
        }))
        {
            using var api = served.CreateClient(accessKey, secret); // the secret still decrypts: same master key
            var after = await ReadEverythingAsync(api, featureId, before["broken-id"], taskId, before["run-id"]);
            Assert.Equal(before, after);

            // New work on the migrated artifacts: the task model and the feature's shards are read from S3.
            var run = await api.PostJsonAsync("/api/v1/task-runs", new { name = "scores-after", task_id = taskId, feature_id = featureId, result_bucket = bucket, result_file_path = "out/" });
            Assert.Equal(HttpStatusCode.OK, run.Status);
            var done = (await api.WaitForEndAsync($"/api/v1/task-runs/{run.Field("run_id")}")).Last;
            Assert.Equal("completed", done.Field("status"));
            var result = await s3.GetAsync(bucket, done.Field("result_file_path"));
            Assert.NotNull(result);
            Assert.Equal(600, System.Text.Encoding.UTF8.GetString(result).Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        }

        var again = await AdminAsync("migrate", "--database", database);
        Assert.Equal(1, again.ExitCode);
        Assert.Contains("not empty", again.Error);
    }

    [Fact]
    public async Task Migrate_refuses_a_missing_installation_without_creating_anything()
    {
        var missing = await AdminAsync("migrate", "--database", "Host=127.0.0.1;Database=none");
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("No embedded installation", missing.Error);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_source)); // nothing created in the data folder

        var help = await AdminAsync("migrate", "--help");
        Assert.Equal(0, help.ExitCode);
        Assert.Contains("--artifact-store", string.Join('\n', help.Lines));
    }

    /// <summary>Every resource as the API shows it, list and single reads, plus the task report.</summary>
    private static async Task<Dictionary<string, string>> ReadEverythingAsync(HttpClient api, string featureId, string brokenId, string taskId, string runId)
    {
        var result = new Dictionary<string, string> { ["broken-id"] = brokenId, ["run-id"] = runId };
        foreach (var path in new[]
                 {
                     "/api/v1/features", "/api/v1/tasks", "/api/v1/task-runs", $"/api/v1/features/{featureId}", $"/api/v1/features/{brokenId}",
                     $"/api/v1/tasks/{taskId}", $"/api/v1/tasks/{taskId}/report", $"/api/v1/task-runs/{runId}",
                 })
        {
            var reply = await api.GetJsonAsync(path);
            Assert.True(reply.Status == HttpStatusCode.OK, $"GET {path}: {reply}");
            result[path] = reply.Body.GetRawText();
        }
        return result;
    }

    private static Dictionary<string, string> Snapshot(string folder) =>
        Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Where(f => !f.EndsWith("-shm", StringComparison.Ordinal)) // SQLite's shared-memory index, not data
            .ToDictionary(f => Path.GetRelativePath(folder, f), f => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f))));

    private async Task<(int ExitCode, string[] Lines, string Error)> AdminAsync(params string[] args)
    {
        var info = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "OpenClue.Server.dll"), "admin", .. args])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = AppContext.BaseDirectory,
        };
        info.Environment["OpenClue__DataDir"] = _source;
        info.Environment["OpenClue__ObjectStorage__Endpoint"] = s3.Unavailable is null ? s3.Endpoint : "";
        info.Environment["OpenClue__ObjectStorage__Region"] = "us-east-1";
        info.Environment["OpenClue__ObjectStorage__AccessKey"] = S3rverFixture.AccessKey;
        info.Environment["OpenClue__ObjectStorage__SecretKey"] = S3rverFixture.SecretKey;
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, (await stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries), await stderr);
    }

    public void Dispose() => OpenClueHost.TryDeleteDirectory(_source);
}
