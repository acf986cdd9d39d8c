using System.Text;
using OpenClue.Server.Tests.Infrastructure;

namespace OpenClue.Server.Tests;

/// <summary>
/// Fan-out on the embedded default: a directory of parts and a large file split into byte ranges are built as
/// shards, and give exactly what one unsplit file gives.
/// </summary>
public sealed class ShardingTests
{
    [Fact]
    public async Task Parts_and_byte_ranges_build_the_same_feature_as_one_file()
    {
        await using var host = OpenClueHost.Start(settings: new Dictionary<string, string?> { ["OpenClue:Jobs:ShardBytes"] = "8192" });
        var bucket = host.Bucket("shards");
        var data = BehaviorData.Generate(1200, seed: 21);
        data.WriteSequences(Path.Combine(bucket, "whole.tsv"));
        data.WriteLabels(Path.Combine(bucket, "train.tsv"), 0, 1200);
        var lines = File.ReadAllLines(Path.Combine(bucket, "whole.tsv"));
        Directory.CreateDirectory(Path.Combine(bucket, "parts"));
        for (var p = 0; p < 8; p++)
            File.WriteAllLines(Path.Combine(bucket, "parts", $"part-{p:D5}"), lines.Skip(p * 150).Take(150));
        File.WriteAllText(Path.Combine(bucket, "parts", "_SUCCESS"), "");

        var api = host.Client;
        var whole = await BuildAsync(api, "whole", "whole.tsv");         // ~200 KB: split into byte ranges of 8 KiB
        var parts = await BuildAsync(api, "parts", "parts/");
        Assert.Equal(1200, whole.Body.GetProperty("user_count").GetInt64());
        Assert.Equal(1200, parts.Body.GetProperty("user_count").GetInt64());
        Assert.Equal(whole.Body.GetProperty("token_count").GetInt64(), parts.Body.GetProperty("token_count").GetInt64());
        var shardFiles = Directory.GetFiles(Path.Combine(host.DataDir, "artifacts", "default", "features", whole.Field("feature_id")));
        Assert.True(shardFiles.Length > 8, $"expected the large file in many shards, got {shardFiles.Length}");
        Assert.All(shardFiles, f => Assert.EndsWith(".ocfs", f, StringComparison.Ordinal)); // the user-id hashes are deleted once checked

        var task = await api.PostJsonAsync("/api/v1/tasks", new { name = "t", train_feature_id = whole.Field("feature_id"), train_bucket = "shards", train_file_path = "train.tsv" });
        var (_, trained) = await api.WaitForEndAsync($"/api/v1/tasks/{task.Field("task_id")}");
        Assert.Equal("completed", trained.Field("status"));
        var fromWhole = await ScoreAsync(api, bucket, task.Field("task_id"), whole.Field("feature_id"), "r-whole");
        var fromParts = await ScoreAsync(api, bucket, task.Field("task_id"), parts.Field("feature_id"), "r-parts");
        Assert.Equal(lines.Select(l => l.Split('\t')[0]), fromWhole.Select(l => l.Split('\t')[0]));
        Assert.Equal(fromWhole, fromParts);
    }

    [Fact]
    public async Task A_user_id_repeated_in_two_parts_fails_with_DUPLICATE_USERID()
    {
        await using var host = OpenClueHost.Start();
        var dir = Directory.CreateDirectory(Path.Combine(host.Bucket("dups"), "parts")).FullName;
        File.WriteAllText(Path.Combine(dir, "part-0"), "a\tx->y\nb\tz\n");
        File.WriteAllText(Path.Combine(dir, "part-1"), "c\tx\na\ty\n");
        var feature = await BuildAsync(host.Client, "dups", "parts/", bucket: "dups");
        Assert.Equal("failed", feature.Field("status"));
        Assert.Equal("DUPLICATE_USERID", feature.Field("fail_message"));
    }

    private static async Task<ApiCalls.Reply> BuildAsync(HttpClient api, string name, string path, string bucket = "shards")
    {
        var created = await api.PostJsonAsync("/api/v1/features", new { name, source_bucket = bucket, source_file_path = path });
        var (_, done) = await api.WaitForEndAsync($"/api/v1/features/{created.Field("feature_id")}");
        return done;
    }

    private static async Task<string[]> ScoreAsync(HttpClient api, string bucket, string taskId, string featureId, string name)
    {
        var run = await api.PostJsonAsync("/api/v1/task-runs", new { name, task_id = taskId, feature_id = featureId, result_bucket = "shards", result_file_path = name + "/" });
        var (_, done) = await api.WaitForEndAsync($"/api/v1/task-runs/{run.Field("run_id")}");
        Assert.Equal("completed", done.Field("status"));
        Assert.Equal(1200, done.Body.GetProperty("line_count").GetInt64());
        return File.ReadAllLines(Path.Combine(bucket, done.Field("result_file_path")), Encoding.UTF8);
    }
}
