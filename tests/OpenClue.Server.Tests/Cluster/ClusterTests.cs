using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Npgsql;
using OpenClue.Modeling.Features;
using OpenClue.Server.Platform.Artifacts;
using OpenClue.Server.Tests.Components;
using OpenClue.Server.Tests.Infrastructure;

namespace OpenClue.Server.Tests.Cluster;

/// <summary>
/// The scale-out deployment for real: one API process and two worker processes (concurrency 1 each) on one
/// PostgreSQL and one s3rver. Nothing is mocked.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class ClusterTests(PostgresFixture postgres, S3rverFixture s3)
{
    private const int Parts = 12;
    private const int UsersPerPart = 3000;

    [ComponentFact(Component.Postgres, Component.S3rver)]
    public async Task Two_workers_share_the_shards_of_a_feature_and_build_what_one_process_builds()
    {
        await using var cluster = new ClusterDeployment(postgres, s3);
        await cluster.InitializeAsync();
        var data = await UploadPartsAsync(cluster.DataBucket);
        var api = await cluster.StartAsync("api");
        await cluster.StartAsync("worker");
        await cluster.StartAsync("worker");
        using var client = ClusterDeployment.Client(api);

        var created = await client.PostJsonAsync("/api/v1/features", new { name = "clustered", source_bucket = cluster.DataBucket, source_file_path = "logs/" });
        Assert.Equal(HttpStatusCode.OK, created.Status);
        var featureId = created.Field("feature_id");
        var (progress, done) = await WaitWatchingProgressAsync(client, $"/api/v1/features/{featureId}");
        Assert.Equal("completed", done.Field("status"));
        Assert.Equal(Parts * UsersPerPart, done.Body.GetProperty("user_count").GetInt64());
        // The workers' progress, read by the API process from the shared database: parts done, never going back.
        Assert.Contains(progress, p => p.Percent is > 0 and < 100 && Regex.IsMatch(p.Detail ?? "", $@"^\d+ of {Parts} parts done$"));
        Assert.Equal(progress.Select(p => p.Percent ?? 0).Order(), progress.Select(p => p.Percent ?? 0));
        Assert.Equal(100, done.Body.GetProperty("progress").GetInt32());

        var workers = await ShardWorkersAsync(cluster.Database, featureId);
        Assert.Equal(Parts, workers.Count);
        Assert.True(workers.Distinct().Count() >= 2, $"every shard ran on one worker: {string.Join(", ", workers)}");

        await AssertSameVectorsAsOneProcessAsync(cluster, data, featureId);
        await AssertNoActiveJobsAsync(cluster.Database);
    }

    [ComponentFact(Component.Postgres, Component.S3rver)]
    public async Task A_worker_killed_while_it_holds_a_shard_does_not_stop_the_feature()
    {
        await using var cluster = new ClusterDeployment(postgres, s3);
        await cluster.InitializeAsync();
        var data = await UploadPartsAsync(cluster.DataBucket);
        var api = await cluster.StartAsync("api");
        var first = await cluster.StartAsync("worker");
        var second = await cluster.StartAsync("worker");
        using var client = ClusterDeployment.Client(api);

        var created = await client.PostJsonAsync("/api/v1/features", new { name = "survivor", source_bucket = cluster.DataBucket, source_file_path = "logs/" });
        var featureId = created.Field("feature_id");
        // Kill whichever worker is first seen running a shard, while it runs it.
        var victim = await WaitForShardStartAsync(first, second);
        victim.Kill();

        var (_, done) = await client.WaitForEndAsync($"/api/v1/features/{featureId}", TimeSpan.FromMinutes(3));
        Assert.Equal("completed", done.Field("status"));
        Assert.Equal(Parts * UsersPerPart, done.Body.GetProperty("user_count").GetInt64());
        await AssertSameVectorsAsOneProcessAsync(cluster, data, featureId);
        await AssertNoActiveJobsAsync(cluster.Database);
        var retried = await ScalarAsync(cluster.Database, $"select count(*) from job_shards where job_id = '{featureId}' and attempts > 1");
        Assert.True(retried >= 1, "the killed worker's shard should have been run again");
        // Every stored object is whole: each shard file reads to its footer (a partial upload would not).
        var reader = new S3ArtifactStore(s3.Client, $"s3://{cluster.ArtifactBucket}/openclue");
        for (var i = 0; i < Parts; i++)
        {
            using var shard = new FeatureSetReader(reader.OpenRead(ArtifactKeys.FeatureShard("default", featureId, i)));
            var vector = new float[shard.Dimension];
            while (shard.TryRead(out _, vector)) { }
        }
        Assert.DoesNotContain(s3.UnfinishedUploadKeys(cluster.ArtifactBucket), k => !k.Contains("/features/" + featureId + "/shard-"));
    }

    [ComponentFact(Component.Postgres, Component.S3rver)]
    public async Task Two_api_processes_creating_the_same_name_at_once_let_exactly_one_win()
    {
        await using var cluster = new ClusterDeployment(postgres, s3);
        await cluster.InitializeAsync();
        await s3.PutAsync(cluster.DataBucket, "seq.tsv", Encoding.UTF8.GetBytes("u1\ta->b\nu2\tc\n"));
        var one = await cluster.StartAsync("api");
        var two = await cluster.StartAsync("api");
        using var a = ClusterDeployment.Client(one);
        using var b = ClusterDeployment.Client(two);
        for (var round = 0; round < 10; round++)
        {
            var body = new { name = $"race-{round}", source_bucket = cluster.DataBucket, source_file_path = "seq.tsv" };
            var replies = await Task.WhenAll(a.PostJsonAsync("/api/v1/features", body), b.PostJsonAsync("/api/v1/features", body));
            Assert.Single(replies, r => r.Status == HttpStatusCode.OK);
            var loser = Assert.Single(replies, r => r.Status != HttpStatusCode.OK);
            Assert.Equal(HttpStatusCode.Conflict, loser.Status);
            Assert.Equal("10102", loser.ErrorCode);
        }
    }

    private async Task<BehaviorData> UploadPartsAsync(string bucket)
    {
        var data = BehaviorData.Generate(Parts * UsersPerPart, seed: 31);
        var lines = data.Users.Select(u => u.UserId + "\t" + string.Join("->", u.Behaviors)).ToList();
        for (var p = 0; p < Parts; p++)
            await s3.PutAsync(bucket, $"logs/part-{p:D5}", Encoding.UTF8.GetBytes(string.Join('\n', lines.Skip(p * UsersPerPart).Take(UsersPerPart)) + "\n"));
        await s3.PutAsync(bucket, "logs/_SUCCESS", []);
        return data;
    }

    /// <summary>The reference: the same data built by one embedded process from one local file.</summary>
    private async Task AssertSameVectorsAsOneProcessAsync(ClusterDeployment cluster, BehaviorData data, string featureId)
    {
        await using var single = OpenClueHost.Start();
        data.WriteSequences(Path.Combine(single.Bucket("local"), "all.tsv"));
        var reference = await single.Client.PostJsonAsync("/api/v1/features", new { name = "reference", source_bucket = "local", source_file_path = "all.tsv" });
        var (_, done) = await single.Client.WaitForEndAsync($"/api/v1/features/{reference.Field("feature_id")}");
        Assert.Equal("completed", done.Field("status"));
        var expected = new Dictionary<string, float[]>();
        foreach (var file in Directory.GetFiles(Path.Combine(single.DataDir, "artifacts", "default", "features", reference.Field("feature_id"))).Order())
            Collect(new FeatureSetReader(File.OpenRead(file)), expected);
        var actual = new Dictionary<string, float[]>();
        var store = new S3ArtifactStore(s3.Client, $"s3://{cluster.ArtifactBucket}/openclue");
        for (var i = 0; i < Parts; i++)
            Collect(new FeatureSetReader(store.OpenRead(ArtifactKeys.FeatureShard("default", featureId, i))), actual);
        Assert.Equal(expected.Count, actual.Count);
        foreach (var (user, vector) in expected)
        {
            var other = actual[user];
            for (var d = 0; d < vector.Length; d++) Assert.InRange(Math.Abs(vector[d] - other[d]), 0, 1e-6);
        }
    }

    private static void Collect(FeatureSetReader reader, Dictionary<string, float[]> into)
    {
        using (reader)
        {
            var vector = new float[reader.Dimension];
            while (reader.TryRead(out var user, vector)) into.Add(user, (float[])vector.Clone());
        }
    }

    private static async Task<ServerProcess> WaitForShardStartAsync(params ServerProcess[] workers)
    {
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (DateTime.UtcNow < deadline)
        {
            foreach (var worker in workers)
                if (worker.Output.Contains("Shard ", StringComparison.Ordinal) && worker.Output.Contains(" started on ", StringComparison.Ordinal)) return worker;
            await Task.Delay(20);
        }
        throw new TimeoutException("No worker started a shard.");
    }

    private static async Task<List<string>> ShardWorkersAsync(string database, string jobId)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select worker from job_shards where job_id = @id and status = 'completed' order by shard_index", connection);
        command.Parameters.AddWithValue("id", jobId);
        var workers = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) workers.Add(reader.GetString(0));
        return workers;
    }

    private static async Task AssertNoActiveJobsAsync(string database) =>
        Assert.Equal(0, await ScalarAsync(database, "select count(*) from jobs where status in ('registered','pending','in_progress')"));

    private static async Task<long> ScalarAsync(string database, string sql)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        return (long)(await new NpgsqlCommand(sql, connection).ExecuteScalarAsync())!;
    }

    /// <summary>Polls until the job ends, keeping each progress seen while it ran.</summary>
    private static async Task<(List<(int? Percent, string? Detail)> Progress, ApiCalls.Reply Last)> WaitWatchingProgressAsync(HttpClient client, string path)
    {
        var seen = new List<(int? Percent, string? Detail)>();
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(3);
        while (true)
        {
            var reply = await client.GetJsonAsync(path);
            var status = reply.Field("status");
            if (status is "completed" or "failed") return (seen, reply);
            var percent = reply.Body.GetProperty("progress");
            seen.Add((percent.ValueKind == JsonValueKind.Null ? null : percent.GetInt32(), reply.Body.GetProperty("progress_detail").GetString()));
            Assert.True(DateTime.UtcNow < deadline, $"{path} did not end: {reply}");
            await Task.Delay(50);
        }
    }
}
